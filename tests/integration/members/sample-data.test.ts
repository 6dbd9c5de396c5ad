import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { undoLastChange } from '../../../electron/services/audit/change-log.ts';
import { findDuplicatePairs } from '../../../electron/services/members/duplicates.ts';
import { commitMemberImport } from '../../../electron/services/members/import-commit.ts';
import { searchIndexLooksComplete } from '../../../electron/services/members/search-index.ts';
import { hasSampleData, loadSampleData, removeSampleData } from '../../../electron/services/sample-data/sample-data.ts';
import { SampleMemberFactory } from '../../../electron/services/sample-data/sample-generator.ts';
import { addGroup, draft, NOW, rows, snapshotTables, useMemberWorkspace } from './member-fixtures.ts';

let ws: Workspace;

useMemberWorkspace((opened) => (ws = opened));

const one = (sql: string) => ws.sqlite.prepare(sql).pluck().get();

describe('sample data', () => {
  it('is the same for the same seed, and different for another', () => {
    const make = (seed: number) => {
      const factory = new SampleMemberFactory({ count: 300, seed, groupCount: 5, today: '2026-03-01' });
      return Array.from({ length: 300 }, (_, index) => factory.make(index));
    };
    expect(make(1)).toEqual(make(1));
    expect(make(2)).not.toEqual(make(1));
  });

  it('makes a living workspace: groups, tags, realistic names with namesakes, cities, memberships, inviter chains, a few duplicates', async () => {
    const progress: number[] = [];
    const schema = () => ws.sqlite.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all();
    const before = schema();
    const info = await loadSampleData(ws, { count: 2_000, seed: 42, now: NOW, onProgress: (done) => progress.push(done) });
    expect(info).toMatchObject({ members: 2_000, groupIds: expect.any(Array), tagIds: expect.any(Array) });
    expect(info.groupIds).toHaveLength(5);
    expect(progress.at(-1)).toBe(2_000);
    expect(one('SELECT count(*) FROM members WHERE is_sample = 1')).toBe(2_000);
    expect(one('SELECT count(DISTINCT display_name) FROM members')).toBeLessThan(2_000);
    expect(one('SELECT count(DISTINCT city) FROM members')).toBeGreaterThan(20);
    expect(one('SELECT count(*) FROM members WHERE inviter_id IS NOT NULL')).toBeGreaterThan(400);
    expect(one('SELECT count(*) FROM members AS m JOIN members AS i ON i.id = m.inviter_id WHERE i.inviter_id IS NOT NULL')).toBeGreaterThan(50);
    expect(one('SELECT count(*) FROM members WHERE inviter_id >= id')).toBe(0);
    expect(one("SELECT count(*) FROM memberships WHERE role = 'owner'")).toBe(5);
    expect(one('SELECT count(DISTINCT member_id) FROM memberships')).toBe(2_000);
    expect(one("SELECT count(*) FROM members WHERE phone NOT GLOB '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'")).toBe(0);
    expect(findDuplicatePairs(ws).total).toBeGreaterThan(0);
    expect(searchIndexLooksComplete(ws)).toBe(true);
    // The indexes it built once at the end are the migrations' own.
    expect(schema()).toEqual(before);
    expect(ws.sqlite.prepare("EXPLAIN QUERY PLAN SELECT id FROM members WHERE city = '上海'").all()).toEqual([expect.objectContaining({ detail: expect.stringContaining('members_city') })]);
    expect(hasSampleData(ws)).toBe(true);
    await expect(loadSampleData(ws, { count: 10, now: NOW })).rejects.toMatchObject({ appError: { code: 'CONFLICT', messageKey: 'directory.errors.sampleAlreadyLoaded' } });
  });

  it('is removed in one step (keeping the operator’s own members, groups and tags), and that can be undone', async () => {
    const mine = addGroup(ws.sqlite, '我的群');
    await commitMemberImport(ws, { fileName: 'mine.csv', policy: 'fill-empty', rows: rows(draft({ realName: '我的会员', phone: '13000000000', tags: ['KOL'], group: '我的群' })) }, { now: NOW });
    const before = snapshotTables(ws.sqlite);
    const info = await loadSampleData(ws, { count: 300, seed: 1, now: NOW });
    // A sample group the operator also put one of their own members in stays.
    ws.sqlite.prepare("INSERT INTO memberships (member_id, group_id, role, created_at, updated_at) VALUES ((SELECT id FROM members WHERE is_sample = 0), ?, 'member', ?, ?)").run(info.groupIds[0], NOW, NOW);
    const afterLoad = snapshotTables(ws.sqlite);
    const removed = await removeSampleData(ws, NOW);
    expect(removed.removedMembers).toBe(300);
    expect(one('SELECT count(*) FROM members')).toBe(1);
    expect(one('SELECT count(*) FROM groups')).toBe(2);
    expect(ws.sqlite.prepare('SELECT name FROM tags ORDER BY name').pluck().all()).toEqual(['KOL']);
    expect(hasSampleData(ws)).toBe(false);
    expect(searchIndexLooksComplete(ws)).toBe(true);
    await undoLastChange(ws.db, NOW);
    expect(snapshotTables(ws.sqlite)).toEqual(afterLoad);
    ws.sqlite.prepare('DELETE FROM memberships WHERE group_id = ?').run(info.groupIds[0]);
    await removeSampleData(ws, NOW);
    expect(one('SELECT count(*) FROM groups')).toBe(1);
    expect(snapshotTables(ws.sqlite, ['members', 'member_tags'])).toEqual({ members: before.members, member_tags: before.member_tags });
    expect(mine).toBeGreaterThan(0);
  });

  it('can be cancelled, leaving nothing', async () => {
    const before = snapshotTables(ws.sqlite);
    const schema = ws.sqlite.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all();
    const controller = new AbortController();
    const run = loadSampleData(ws, { count: 30_000, now: NOW, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ appError: { code: 'CANCELLED' } });
    expect(snapshotTables(ws.sqlite)).toEqual(before);
    expect(ws.sqlite.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(schema);
  });
});
