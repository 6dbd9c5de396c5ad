import { describe, expect, it } from 'vitest';
import { createGroup, deleteGroup, setGroupArchived, updateGroup } from '../../../electron/services/groups/group-commands.ts';
import { countGroups, getGroup, listGroups } from '../../../electron/services/groups/group-queries.ts';
import { AppFailure, type AppError } from '../../../shared/contract/result.ts';
import { groupFields } from '../../helpers/groups.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';
import { countRows, ticking, useWorkspaces } from '../../helpers/workspace.ts';

const tempDir = useTempDirs();
const newWorkspace = useWorkspaces(tempDir);

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppFailure) return error.appError;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const NAME_TAKEN = { code: 'CONFLICT', issues: [{ path: 'name', messageKey: 'validation.groupNameTaken' }] };

describe('groups service', () => {
  it('creates a group with every field, trimmed, active, and reads it back', async () => {
    const { db } = await newWorkspace();
    const now = '2026-02-03T04:05:06.000Z';
    const created = await createGroup(
      db,
      groupFields({
        name: '  周末读书会  ',
        platform: 'wecom',
        theme: ' 每周共读一本书 ',
        targetMembers: '上班族',
        coreValue: '坚持阅读',
        rules: '1. 不发广告\n2. 友善交流',
        owner: '王老师',
        createdOn: '2025-09-01',
        capacity: 500,
      }),
      now,
    );
    expect(created).toEqual({
      id: created.id,
      name: '周末读书会',
      platform: 'wecom',
      theme: '每周共读一本书',
      targetMembers: '上班族',
      coreValue: '坚持阅读',
      rules: '1. 不发广告\n2. 友善交流',
      owner: '王老师',
      createdOn: '2025-09-01',
      capacity: 500,
      status: 'active',
      archivedAt: null,
      updatedAt: now,
    });
    expect(await getGroup(db, created.id)).toEqual(created);
    expect(await countGroups(db)).toBe(1);
  });

  it('updates a group and answers NOT_FOUND for a group that does not exist', async () => {
    const { db } = await newWorkspace();
    const clock = ticking();
    const group = await createGroup(db, groupFields({ name: '跑步群', capacity: 200 }), clock());
    const updatedAt = clock();
    const updated = await updateGroup(db, group.id, groupFields({ name: '晨跑群', platform: 'qq', capacity: null }), updatedAt);
    expect(updated).toMatchObject({ id: group.id, name: '晨跑群', platform: 'qq', capacity: null, updatedAt, status: 'active' });
    expect(await getGroup(db, group.id)).toEqual(updated);

    for (const attempt of [getGroup(db, 999), updateGroup(db, 999, groupFields(), clock()), setGroupArchived(db, 999, true, clock()), deleteGroup(db, 999, clock())]) {
      expect(await failure(attempt)).toMatchObject({ code: 'NOT_FOUND', params: { id: 999 } });
    }
  });

  it('lists active groups by name, archived ones only when asked and after the active ones, and searches', async () => {
    const { db } = await newWorkspace();
    const clock = ticking();
    for (const name of ['b 摄影', 'a 读书', 'c 跑步']) await createGroup(db, groupFields({ name, owner: name === 'c 跑步' ? '100%达人' : '' }), clock());
    const archived = await createGroup(db, groupFields({ name: '0 旧群', theme: '读书' }), clock());
    await setGroupArchived(db, archived.id, true, clock());

    expect((await listGroups(db, {})).map((group) => group.name)).toEqual(['a 读书', 'b 摄影', 'c 跑步']);
    expect((await listGroups(db, { includeArchived: true })).map((group) => group.name)).toEqual(['a 读书', 'b 摄影', 'c 跑步', '0 旧群']);
    // Search covers name, theme and owner.
    expect((await listGroups(db, { search: '读书', includeArchived: true })).map((group) => group.name)).toEqual(['a 读书', '0 旧群']);
    expect((await listGroups(db, { search: '  摄影 ' })).map((group) => group.name)).toEqual(['b 摄影']);
    // LIKE wildcards typed by the operator are matched literally.
    expect((await listGroups(db, { search: '100%' })).map((group) => group.name)).toEqual(['c 跑步']);
    expect(await listGroups(db, { search: '%' })).toHaveLength(1);
    expect(await listGroups(db, { search: '_' })).toHaveLength(0);
  });

  it('keeps names unique among active groups, ignoring case, and says which field is wrong', async () => {
    const workspace = await newWorkspace();
    const { db } = workspace;
    const clock = ticking();
    const club = await createGroup(db, groupFields({ name: 'Book Club' }), clock());
    const other = await createGroup(db, groupFields({ name: 'Running' }), clock());
    const changes = countRows(workspace, 'change_batches');

    expect(await failure(createGroup(db, groupFields({ name: 'book club' }), clock()))).toMatchObject(NAME_TAKEN);
    expect(await failure(createGroup(db, groupFields({ name: '  BOOK CLUB ' }), clock()))).toMatchObject(NAME_TAKEN);
    expect(await failure(updateGroup(db, other.id, groupFields({ name: 'Book club' }), clock()))).toMatchObject(NAME_TAKEN);
    expect(countRows(workspace, 'change_batches')).toBe(changes);
    expect((await getGroup(db, other.id)).name).toBe('Running');

    // Changing the case of a group's own name is fine.
    expect((await updateGroup(db, club.id, groupFields({ name: 'BOOK CLUB' }), clock())).name).toBe('BOOK CLUB');
  });

  it.each([
    ['full-width letters', 'ＡＩ学习群'],
    ['accented letters', 'Café Lovers'],
    ['Cyrillic', 'Клуб'],
    ['Greek', 'ΣΥΛΛΟΓΟΣ'],
  ])('refuses a second active group with the same name in %s as a conflict, not an internal error', async (_label, name) => {
    const workspace = await newWorkspace();
    const clock = ticking();
    await createGroup(workspace.db, groupFields({ name }), clock());
    expect(await failure(createGroup(workspace.db, groupFields({ name }), clock()))).toMatchObject(NAME_TAKEN);
    const second = await createGroup(workspace.db, groupFields({ name: '另一个群' }), clock());
    expect(await failure(updateGroup(workspace.db, second.id, groupFields({ name }), clock()))).toMatchObject(NAME_TAKEN);
    expect(countRows(workspace, 'groups')).toBe(2);
  });

  it('lets an archived group give its name to a new one, and blocks unarchiving while the name is taken', async () => {
    const workspace = await newWorkspace();
    const { db } = workspace;
    const clock = ticking();
    const old = await createGroup(db, groupFields({ name: '读书会' }), clock());
    const archivedAt = clock();
    const archived = await setGroupArchived(db, old.id, true, archivedAt);
    expect(archived).toMatchObject({ status: 'archived', archivedAt, updatedAt: archivedAt });

    const fresh = await createGroup(db, groupFields({ name: '读书会' }), clock());
    expect(fresh.id).not.toBe(old.id);
    const changes = countRows(workspace, 'change_batches');
    expect(await failure(setGroupArchived(db, old.id, false, clock()))).toMatchObject(NAME_TAKEN);
    expect(await getGroup(db, old.id)).toEqual(archived);
    expect(countRows(workspace, 'change_batches')).toBe(changes);

    // An archived group may be renamed to a taken name; unarchiving is what checks.
    await updateGroup(db, old.id, groupFields({ name: '读书会' }), clock());
    await setGroupArchived(db, fresh.id, true, clock());
    const back = await setGroupArchived(db, old.id, false, clock());
    expect(back).toMatchObject({ status: 'active', archivedAt: null });
    // Archiving an archived group again keeps it archived.
    expect((await setGroupArchived(db, fresh.id, true, clock())).status).toBe('archived');
  });

  it('deletes a group', async () => {
    const workspace = await newWorkspace();
    const clock = ticking();
    const group = await createGroup(workspace.db, groupFields({ name: '临时群' }), clock());
    expect(await deleteGroup(workspace.db, group.id, clock())).toEqual({ id: group.id });
    expect(await failure(getGroup(workspace.db, group.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await listGroups(workspace.db, { includeArchived: true })).toEqual([]);
    // The name is free again.
    await createGroup(workspace.db, groupFields({ name: '临时群' }), clock());
  });
});
