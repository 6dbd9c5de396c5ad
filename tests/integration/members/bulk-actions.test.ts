import { beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { listChanges, undoLastChange } from '../../../electron/services/audit/change-log.ts';
import {
  addMembersToGroup,
  deleteMembers,
  removeMembersFromGroup,
  setMembersStage,
  tagMembers,
  untagMembers,
} from '../../../electron/services/members/bulk-actions.ts';
import { countMembers, getDirectoryWindow } from '../../../electron/services/members/directory-queries.ts';
import { dismissDuplicate } from '../../../electron/services/members/duplicates.ts';
import { commitMemberImport } from '../../../electron/services/members/import-commit.ts';
import { searchIndexLooksComplete } from '../../../electron/services/members/search-index.ts';
import { addGroup, draft, memberIdByPhone, NOW, rows, snapshotTables, useMemberWorkspace } from './member-fixtures.ts';

let ws: Workspace;
let reading: number;
let running: number;

/** 40 members: the even ones in 上海, every fourth tagged 老会员 and in 读书会; a few inviter links. */
useMemberWorkspace((opened) => (ws = opened));
beforeEach(async () => {
  reading = addGroup(ws.sqlite, '读书会');
  running = addGroup(ws.sqlite, '跑团');
  const list = Array.from({ length: 40 }, (_, index) =>
    draft({
      realName: `成员${index}`,
      phone: `1390000${String(index).padStart(4, '0')}`,
      city: index % 2 === 0 ? '上海' : '北京',
      tags: index % 4 === 0 ? ['老会员'] : [],
      group: index % 4 === 0 ? '读书会' : null,
      inviter: index > 0 && index % 5 === 0 ? `1390000${String(index - 5).padStart(4, '0')}` : null,
    }),
  );
  await commitMemberImport(ws, { fileName: 'seed.csv', policy: 'fill-empty', rows: rows(...list) }, { now: NOW });
});

const shanghai = { filter: { cities: ['上海'] } };
const tagId = (name: string) => ws.sqlite.prepare('SELECT id FROM tags WHERE name = ?').pluck().get(name) as number;

async function expectUndoRestores(before: ReturnType<typeof snapshotTables>): Promise<void> {
  await undoLastChange(ws.db, NOW);
  expect(snapshotTables(ws.sqlite)).toEqual(before);
  expect(searchIndexLooksComplete(ws)).toBe(true);
}

describe('bulk actions', () => {
  it('tags a whole filter result (creating the tag), skips members who have it, and undoes', async () => {
    const before = snapshotTables(ws.sqlite);
    const result = await tagMembers(ws, shanghai, ['活跃', '老会员'], { now: NOW });
    // 20 in 上海 get 活跃; the 10 of them without 老会员 get that too: 20 members changed.
    expect(result.affected).toBe(20);
    expect(countMembers(ws, { tagIds: [tagId('活跃')] })).toBe(20);
    expect(countMembers(ws, { tagIds: [tagId('老会员')] })).toBe(20);
    expect((await listChanges(ws.db, 1))[0]).toMatchObject({ actionKey: 'directory.history.bulkTag', params: { tags: '活跃、老会员' } });
    await expectUndoRestores(before);
    expect(await tagMembers(ws, { ids: [] }, ['老会员'], { now: NOW })).toEqual({ affected: 0, changeBatchId: null });
  });

  it('untags a selection and undoes', async () => {
    const before = snapshotTables(ws.sqlite);
    const ids = [0, 4, 8, 9].map((index) => memberIdByPhone(ws.sqlite, `1390000${String(index).padStart(4, '0')}`));
    const result = await untagMembers(ws, { ids }, [tagId('老会员')], { now: NOW });
    expect(result.affected).toBe(3);
    expect(countMembers(ws, { tagIds: [tagId('老会员')] })).toBe(7);
    await expectUndoRestores(before);
  });

  it('adds to a group (rejoining those who left) and removes from it as of a day, both undoable', async () => {
    const before = snapshotTables(ws.sqlite);
    const removed = await removeMembersFromGroup(ws, shanghai, reading, { leftOn: '2026-02-28', now: NOW });
    expect(removed.affected).toBe(10);
    expect(countMembers(ws, { groupIds: [reading] })).toBe(0);
    expect(ws.sqlite.prepare('SELECT DISTINCT left_on FROM memberships').pluck().all()).toEqual(['2026-02-28']);
    const afterRemove = snapshotTables(ws.sqlite);
    const added = await addMembersToGroup(ws, { filter: {} }, reading, { role: 'member', joinedOn: '2026-03-01', now: NOW });
    expect(added.affected).toBe(40);
    expect(countMembers(ws, { groupIds: [reading] })).toBe(40);
    await expectUndoRestores(afterRemove);
    await expectUndoRestores(before);
    const other = await addMembersToGroup(ws, { ids: [memberIdByPhone(ws.sqlite, '13900000001')] }, running, { now: NOW });
    expect(other.affected).toBe(1);
    await expect(addMembersToGroup(ws, shanghai, 999, { now: NOW })).rejects.toMatchObject({ appError: { code: 'NOT_FOUND' } });
  });

  it('sets the stage of everyone a search finds, counting only those who change', async () => {
    await setMembersStage(ws, { ids: [memberIdByPhone(ws.sqlite, '13900000002')] }, 'loyal', { now: NOW });
    const before = snapshotTables(ws.sqlite);
    const result = await setMembersStage(ws, { filter: { search: '成员1' } }, 'loyal', { now: NOW });
    expect(result.affected).toBe(11); // 成员1, 成员10..19
    expect(countMembers(ws, { stages: ['loyal'] })).toBe(12);
    await expectUndoRestores(before);
    await expect(setMembersStage(ws, shanghai, 'vip' as never, { now: NOW })).rejects.toMatchObject({ appError: { code: 'VALIDATION' } });
  });

  it('deletes members with everything hanging off them, and undo brings all of it back with the same ids', async () => {
    const a = memberIdByPhone(ws.sqlite, '13900000000');
    const b = memberIdByPhone(ws.sqlite, '13900000001');
    await dismissDuplicate(ws, a, b, NOW);
    const before = snapshotTables(ws.sqlite);
    // 上海 holds 0, 10, 20, 30: the inviters of 5, 15, 25, 35 (in 北京, who stay); 0 is in a "not a duplicate" pair.
    expect(ws.sqlite.prepare('SELECT count(*) AS n FROM members WHERE inviter_id IS NOT NULL').get()).toEqual({ n: 7 });
    const result = await deleteMembers(ws, shanghai, { now: NOW });
    expect(result.affected).toBe(20);
    expect(countMembers(ws, {})).toBe(20);
    expect(ws.sqlite.prepare('SELECT count(*) AS n FROM members WHERE inviter_id IS NOT NULL').get()).toEqual({ n: 0 });
    expect(ws.sqlite.prepare('SELECT count(*) AS n FROM duplicate_dismissals').get()).toEqual({ n: 0 });
    expect(getDirectoryWindow(ws, { filter: { search: '13900000000' }, start: 0, limit: 10 }).total).toBe(0);
    await expectUndoRestores(before);
    expect(getDirectoryWindow(ws, { filter: { search: '13900000000' }, start: 0, limit: 10 }).total).toBe(1);
  });

  it('deletes a whole chain of inviters and invitees in one go and restores every link', async () => {
    const before = snapshotTables(ws.sqlite);
    const chain = [0, 5, 10, 15, 20].map((index) => memberIdByPhone(ws.sqlite, `1390000${String(index).padStart(4, '0')}`));
    expect((await deleteMembers(ws, { ids: chain }, { now: NOW })).affected).toBe(5);
    await expectUndoRestores(before);
  });
});
