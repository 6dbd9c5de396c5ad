import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { listChanges, undoLastChange } from '../../../electron/services/audit/change-log.ts';
import { createGroup, deleteGroup, setGroupArchived, updateGroup } from '../../../electron/services/groups/group-commands.ts';
import { getGroup, listGroups } from '../../../electron/services/groups/group-queries.ts';
import { AppFailure, type AppError } from '../../../shared/contract/result.ts';
import { groupFields } from '../../helpers/groups.ts';
import { startTestHost } from '../../helpers/host.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';
import { countRows, ticking, useWorkspaces } from '../../helpers/workspace.ts';

const tempDir = useTempDirs();
const newWorkspace = useWorkspaces(tempDir);

interface AuditRow {
  batch_id: number;
  entity: string;
  entity_id: number;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: string;
}

function auditRows(workspace: Workspace): AuditRow[] {
  const rows = workspace.sqlite.prepare('SELECT batch_id, entity, entity_id, action, before_json, after_json, at FROM audit_log ORDER BY id').all() as Array<
    Omit<AuditRow, 'before' | 'after'> & { before_json: string | null; after_json: string | null }
  >;
  return rows.map(({ before_json, after_json, ...rest }) => ({
    ...rest,
    before: before_json === null ? null : (JSON.parse(before_json) as Record<string, unknown>),
    after: after_json === null ? null : (JSON.parse(after_json) as Record<string, unknown>),
  }));
}

function rawGroups(workspace: Workspace): unknown[] {
  return workspace.sqlite.prepare('SELECT * FROM groups ORDER BY id').all();
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppFailure) return error.appError;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('change log', () => {
  it('records every change with the row before and after, and lists the changes newest first', async () => {
    const workspace = await newWorkspace();
    const { db } = workspace;
    const clock = ticking();
    const group = await createGroup(db, groupFields({ name: '读书会', capacity: 100 }), clock());
    await updateGroup(db, group.id, groupFields({ name: '读书会', capacity: 300 }), clock());
    await setGroupArchived(db, group.id, true, clock());
    await setGroupArchived(db, group.id, false, clock());
    await deleteGroup(db, group.id, clock());

    const rows = auditRows(workspace);
    expect(rows.map((row) => [row.entity, row.entity_id, row.action])).toEqual([
      ['group', group.id, 'create'],
      ['group', group.id, 'update'],
      ['group', group.id, 'update'],
      ['group', group.id, 'update'],
      ['group', group.id, 'delete'],
    ]);
    const [create, update, archive, unarchive, remove] = rows;
    expect(create?.before).toBeNull();
    expect(create?.after).toMatchObject({ id: group.id, name: '读书会', capacity: 100, status: 'active' });
    expect([update?.before?.capacity, update?.after?.capacity]).toEqual([100, 300]);
    expect([archive?.before?.status, archive?.after?.status]).toEqual(['active', 'archived']);
    expect([unarchive?.before?.status, unarchive?.after?.status]).toEqual(['archived', 'active']);
    expect(remove?.before).toMatchObject({ id: group.id, capacity: 300, status: 'active' });
    expect(remove?.after).toBeNull();
    // Each change is its own batch, stamped with the time of the change.
    expect(new Set(rows.map((row) => row.batch_id)).size).toBe(5);
    expect(rows.map((row) => row.at)).toEqual([...rows.map((row) => row.at)].sort());

    const history = await listChanges(db, 50);
    expect(history.map((change) => change.actionKey)).toEqual([
      'history.action.groupDelete',
      'history.action.groupUnarchive',
      'history.action.groupArchive',
      'history.action.groupUpdate',
      'history.action.groupCreate',
    ]);
    expect(history.every((change) => change.params.name === '读书会' && !change.undone)).toBe(true);
    expect(await listChanges(db, 2)).toEqual(history.slice(0, 2));
  });

  it('undoes changes one at a time, newest first, back to an empty workspace', async () => {
    const workspace = await newWorkspace();
    const { db } = workspace;
    const clock = ticking();
    const created = await createGroup(db, groupFields({ name: '读书会', owner: '王老师' }), clock());
    const renamed = await updateGroup(db, created.id, groupFields({ name: '周末读书会', owner: '王老师' }), clock());
    const archived = await setGroupArchived(db, created.id, true, clock());
    const other = await createGroup(db, groupFields({ name: '跑步群' }), clock());

    const undone1 = await undoLastChange(db, clock());
    expect(undone1).toMatchObject({ actionKey: 'history.action.groupCreate', params: { name: '跑步群' }, undone: true });
    expect(await failure(getGroup(db, other.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await getGroup(db, created.id)).toEqual(archived);

    expect((await undoLastChange(db, clock())).actionKey).toBe('history.action.groupArchive');
    expect(await getGroup(db, created.id)).toEqual(renamed);

    expect((await undoLastChange(db, clock())).actionKey).toBe('history.action.groupUpdate');
    expect(await getGroup(db, created.id)).toEqual(created);

    expect((await undoLastChange(db, clock())).actionKey).toBe('history.action.groupCreate');
    expect(await listGroups(db, { includeArchived: true })).toEqual([]);

    const batches = countRows(workspace, 'change_batches');
    expect(await failure(undoLastChange(db, clock()))).toMatchObject({ code: 'NOTHING_TO_UNDO' });
    expect(countRows(workspace, 'change_batches')).toBe(batches);
    // History shows the four changes as undone; the undos themselves are recorded but are not changes to undo.
    expect((await listChanges(db, 50)).map((change) => change.undone)).toEqual([true, true, true, true]);
    expect(workspace.sqlite.prepare("SELECT count(*) AS n FROM change_batches WHERE kind = 'undo'").get()).toEqual({ n: 4 });
  });

  it('undo of a delete brings the group back with the same id and every field', async () => {
    const workspace = await newWorkspace();
    const { db } = workspace;
    const clock = ticking();
    await createGroup(db, groupFields({ name: '第一个' }), clock());
    const group = await createGroup(
      db,
      groupFields({ name: '摄影群', platform: 'dingtalk', theme: '街拍', targetMembers: '摄影爱好者', coreValue: '分享', rules: '只发原创', owner: '李', createdOn: '2024-02-29', capacity: 2000 }),
      clock(),
    );
    await setGroupArchived(db, group.id, true, clock());
    const rowsBefore = rawGroups(workspace);
    await deleteGroup(db, group.id, clock());
    expect(rawGroups(workspace)).toHaveLength(1);

    await undoLastChange(db, clock());
    expect(rawGroups(workspace)).toEqual(rowsBefore);
    expect((await getGroup(db, group.id)).status).toBe('archived');
  });

  function snapshot(workspace: Workspace) {
    return { groups: rawGroups(workspace), batches: workspace.sqlite.prepare('SELECT * FROM change_batches ORDER BY id').all(), audit: auditRows(workspace) };
  }

  /** Writes a group the way another tool (or an older version of the app) would: outside the change log. */
  function insertOutsideTheLog(workspace: Workspace, name: string): number {
    const at = '2026-01-01T00:00:00.000Z';
    return Number(workspace.sqlite.prepare("INSERT INTO groups (name, platform, created_at, updated_at) VALUES (?, 'qq', ?, ?)").run(name, at, at).lastInsertRowid);
  }

  it('an undo that would clash on a unique name answers CONFLICT and changes nothing', async () => {
    const workspace = await newWorkspace();
    const { db } = workspace;
    const clock = ticking();
    const group = await createGroup(db, groupFields({ name: '读书会' }), clock());
    await createGroup(db, groupFields({ name: '跑步群' }), clock());
    await deleteGroup(db, group.id, clock());
    expect(insertOutsideTheLog(workspace, '读书会')).not.toBe(group.id);
    const before = snapshot(workspace);

    expect(await failure(undoLastChange(db, clock()))).toMatchObject({ code: 'CONFLICT', messageKey: 'errors.undoConflict' });
    expect(snapshot(workspace)).toEqual(before);
    expect((await listChanges(db, 1))[0]).toMatchObject({ actionKey: 'history.action.groupDelete', undone: false });
  });

  it('undo of a delete never overwrites another group that has since taken the same id', async () => {
    const workspace = await newWorkspace();
    const { db } = workspace;
    const clock = ticking();
    const group = await createGroup(db, groupFields({ name: '读书会', owner: '王' }), clock());
    await deleteGroup(db, group.id, clock());
    // SQLite hands the freed id to the next row written.
    expect(insertOutsideTheLog(workspace, '摄影群')).toBe(group.id);
    const before = snapshot(workspace);

    expect(await failure(undoLastChange(db, clock()))).toMatchObject({ code: 'CONFLICT' });
    expect(snapshot(workspace)).toEqual(before);
    expect((await getGroup(db, group.id)).name).toBe('摄影群');
  });

  it('undo of an update to a group that has since disappeared answers CONFLICT instead of claiming success', async () => {
    const workspace = await newWorkspace();
    const { db } = workspace;
    const clock = ticking();
    const group = await createGroup(db, groupFields({ name: '读书会' }), clock());
    await updateGroup(db, group.id, groupFields({ name: '周末读书会' }), clock());
    workspace.sqlite.prepare('DELETE FROM groups WHERE id = ?').run(group.id);
    const before = snapshot(workspace);

    expect(await failure(undoLastChange(db, clock()))).toMatchObject({ code: 'CONFLICT' });
    expect(snapshot(workspace)).toEqual(before);
  });

  it('answers NOTHING_TO_UNDO on a new workspace', async () => {
    const workspace = await newWorkspace();
    expect(await failure(undoLastChange(workspace.db, '2026-01-01T00:00:00.000Z'))).toMatchObject({ code: 'NOTHING_TO_UNDO', messageKey: 'errors.nothingToUndo' });
    expect(countRows(workspace, 'change_batches')).toBe(0);
  });

  it('through the router and the service host: create, archive, undo, history, and nothing left to undo', async () => {
    const host = await startTestHost({ dir: tempDir() });
    try {
      expect(await host.call('history.undo', { jobId: 'undo-1' })).toMatchObject({ ok: false, error: { code: 'NOTHING_TO_UNDO' } });
      const group = await host.value('groups.create', { fields: { name: ' 读书会 ', platform: 'wechat', capacity: 50 } });
      expect(group).toMatchObject({ name: '读书会', theme: '', createdOn: null, capacity: 50, status: 'active' });
      expect(await host.call('groups.create', { fields: { name: '读书会', platform: 'qq' } })).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', issues: [{ path: 'name', messageKey: 'validation.groupNameTaken' }] },
      });
      await host.value('groups.setArchived', { id: group.id, archived: true });
      expect(await host.value('groups.list', {})).toEqual([]);
      expect((await host.value('history.undo', { jobId: 'undo-1' })).actionKey).toBe('history.action.groupArchive');
      expect(await host.value('groups.list', {})).toEqual([group]);
      expect((await host.value('history.list', { limit: 10 })).map((change) => [change.actionKey, change.undone])).toEqual([
        ['history.action.groupArchive', true],
        ['history.action.groupCreate', false],
      ]);
      expect((await host.value('workspace.current', {})).counts).toMatchObject({ groups: 1, changes: 3 });
      await host.value('groups.delete', { id: group.id });
      expect(await host.call('groups.get', { id: group.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      await host.value('history.undo', { jobId: 'undo-1' });
      expect(await host.value('groups.get', { id: group.id })).toEqual(group);
    } finally {
      await host.stop();
    }
  });
});
