/**
 * Bulk actions on many members are long jobs: each works a slice of members at a time inside its one
 * transaction (a delete first records everything for undo), reporting progress, yielding to the
 * event loop and stopping on cancel with nothing changed.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { integrityProblems } from '../../../electron/db/workspace.ts';
import { undoLastChange } from '../../../electron/services/audit/change-log.ts';
import {
  addMembersToGroup,
  deleteMembers,
  removeMembersFromGroup,
  setMembersStage,
  tagMembers,
  untagMembers,
  type BulkActionOptions,
} from '../../../electron/services/members/bulk-actions.ts';
import { commitMemberImport } from '../../../electron/services/members/import-commit.ts';
import { searchIndexLooksComplete } from '../../../electron/services/members/search-index.ts';
import type { BulkResult, MemberImportRow } from '../../../shared/domain/member.ts';
import { countEventLoopTurns } from '../../helpers/event-loop.ts';
import { addGroup, draft, NOW, snapshotTables, useMemberWorkspace } from './member-fixtures.ts';

let ws: Workspace;
let reading: number;
let running: number;
const PEOPLE = 5_000;

/** 5,000 members, half in 上海, each inviting the next; every one tagged and in 读书会. */
useMemberWorkspace((opened) => (ws = opened));
beforeEach(async () => {
  reading = addGroup(ws.sqlite, '读书会');
  running = addGroup(ws.sqlite, '跑团');
  const list: MemberImportRow[] = Array.from({ length: PEOPLE }, (_, index) => ({
    row: index + 2,
    draft: draft({
      realName: `成员${index}`,
      phone: `137${String(index).padStart(8, '0')}`,
      city: index % 2 === 0 ? '上海' : '杭州',
      tags: ['会员'],
      group: '读书会',
      inviter: index > 0 ? `137${String(index - 1).padStart(8, '0')}` : null,
    }),
  }));
  await commitMemberImport(ws, { fileName: 'seed.xlsx', policy: 'fill-empty', rows: list }, { now: NOW });
});

const SHANGHAI = { filter: { cities: ['上海'] } };

function count(sql: string): number {
  return ws.sqlite.prepare(sql).pluck().get() as number;
}

describe('deleting many members', () => {
  it('reports members recorded, invitees unlinked and members deleted, only forward, to the end; undo brings every one back', async () => {
    const before = snapshotTables(ws.sqlite);
    const reports: Array<[number, number]> = [];
    const result = await deleteMembers(ws, SHANGHAI, { now: NOW, onProgress: (done, total) => reports.push([done, total]) });
    expect(result.affected).toBe(PEOPLE / 2);
    expect(count("SELECT count(*) FROM members WHERE city = '上海'")).toBe(0);
    // Members recorded in chunks of 2,000, their 2,500 invitees in 杭州 unlinked 250 at a time, members
    // deleted in slices of 200: each member counts twice, each invitee once.
    const total = PEOPLE + PEOPLE / 2;
    expect(reports.every(([, of]) => of === total)).toBe(true);
    const done = reports.map(([value]) => value);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(total);
    expect(reports.length).toBe(2 + 10 + 13);
    // Invitees outside the deleted set lost their inviter link; undo restores it with the rest.
    expect(count('SELECT count(*) FROM members WHERE inviter_id IS NOT NULL')).toBe(0);
    await undoLastChange(ws.db, NOW);
    expect(snapshotTables(ws.sqlite)).toEqual(before);
    expect(searchIndexLooksComplete(ws)).toBe(true);
  });

  it('turns to the event loop between slices', async () => {
    const turns = await countEventLoopTurns(() => deleteMembers(ws, SHANGHAI, { now: NOW, yieldEveryMs: 0 }));
    expect(turns).toBeGreaterThanOrEqual(4);
  });

  it('cancelled while deleting, it leaves every member, tag, link and index as before', async () => {
    const before = snapshotTables(ws.sqlite);
    const controller = new AbortController();
    const deletion = deleteMembers(ws, SHANGHAI, {
      now: NOW,
      signal: controller.signal,
      // Past the recording, inside the deleting.
      onProgress: (done) => {
        if (done > PEOPLE / 2 + 1_000) controller.abort();
      },
    });
    await expect(deletion).rejects.toMatchObject({ appError: { code: 'CANCELLED' } });
    expect(snapshotTables(ws.sqlite)).toEqual(before);
    expect(count('SELECT count(*) FROM change_batches')).toBe(1);
    expect(searchIndexLooksComplete(ws)).toBe(true);
    expect(integrityProblems(ws.sqlite, 'integrity_check')).toEqual([]);
  });
});

describe('undoing a big delete', () => {
  it('puts members back a slice at a time, reporting rows, turning the event loop; cancelled, the delete stands', async () => {
    const before = snapshotTables(ws.sqlite);
    await deleteMembers(ws, SHANGHAI, { now: NOW });
    const deleted = snapshotTables(ws.sqlite);
    const controller = new AbortController();
    const cancelled = undoLastChange(ws.db, NOW, {
      signal: controller.signal,
      onProgress: (done, total) => (done > total / 2 ? controller.abort() : undefined),
    });
    await expect(cancelled).rejects.toMatchObject({ appError: { code: 'CANCELLED' } });
    expect(snapshotTables(ws.sqlite)).toEqual(deleted);

    const reports: Array<[number, number]> = [];
    const turns = await countEventLoopTurns(() => undoLastChange(ws.db, NOW, { yieldEveryMs: 0, onProgress: (done, total) => reports.push([done, total]) }));
    expect(snapshotTables(ws.sqlite)).toEqual(before);
    // 2,500 members come back 250 at a time, with their tags, memberships and the invitees' links.
    const done = reports.map(([value]) => value);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(reports.at(-1)?.[0]).toBe(reports.at(-1)?.[1]);
    expect(reports.filter(([value]) => value % 250 === 0).length).toBeGreaterThanOrEqual(10);
    expect(turns).toBeGreaterThanOrEqual(10);
    expect(searchIndexLooksComplete(ws)).toBe(true);
  });
});

type SlicedAction = (options: BulkActionOptions) => Promise<BulkResult>;
const SLICED_ACTIONS: Array<[string, SlicedAction]> = [
  ['tag', (options) => tagMembers(ws, SHANGHAI, ['活跃', '老会员'], options)],
  ['untag', (options) => untagMembers(ws, SHANGHAI, [ws.sqlite.prepare("SELECT id FROM tags WHERE name = '会员'").pluck().get() as number], options)],
  ['add to a group', (options) => addMembersToGroup(ws, SHANGHAI, running, options)],
  ['remove from a group', (options) => removeMembersFromGroup(ws, SHANGHAI, reading, options)],
  ['set the stage', (options) => setMembersStage(ws, SHANGHAI, 'loyal', options)],
];

describe.each(SLICED_ACTIONS)('%s on many members', (_, act) => {
  it('reports members done of the target, only forward, to the end; undo takes it all back', async () => {
    const before = snapshotTables(ws.sqlite);
    const reports: Array<[number, number]> = [];
    const result = await act({ now: NOW, onProgress: (done, total) => reports.push([done, total]) });
    expect(result.affected).toBe(PEOPLE / 2);
    // Slices of 1,000 of the 2,500 target members.
    expect(reports).toEqual([
      [1_000, 2_500],
      [2_000, 2_500],
      [2_500, 2_500],
    ]);
    await undoLastChange(ws.db, NOW);
    expect(snapshotTables(ws.sqlite)).toEqual(before);
    expect(searchIndexLooksComplete(ws)).toBe(true);
  });

  it('turns to the event loop between slices, and cancelled halfway it changes nothing', async () => {
    const turns = await countEventLoopTurns(async () => {
      const before = snapshotTables(ws.sqlite);
      const controller = new AbortController();
      const action = act({ now: NOW, signal: controller.signal, yieldEveryMs: 0, onProgress: (done) => (done >= 2_000 ? controller.abort() : undefined) });
      await expect(action).rejects.toMatchObject({ appError: { code: 'CANCELLED' } });
      expect(snapshotTables(ws.sqlite)).toEqual(before);
      expect(count('SELECT count(*) FROM change_batches')).toBe(1);
    });
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(integrityProblems(ws.sqlite, 'integrity_check')).toEqual([]);
  });
});
