/**
 * Deleting many members is a long job: it records everything for undo, then deletes a slice at a
 * time inside its one transaction, reporting progress, yielding to the event loop and stopping on
 * cancel with nothing changed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { integrityProblems } from '../../../electron/db/workspace.ts';
import { undoLastChange } from '../../../electron/services/audit/change-log.ts';
import { deleteMembers } from '../../../electron/services/members/bulk-actions.ts';
import { commitMemberImport } from '../../../electron/services/members/import-commit.ts';
import { searchIndexLooksComplete } from '../../../electron/services/members/search-index.ts';
import type { MemberImportRow } from '../../../shared/domain/member.ts';
import { countEventLoopTurns } from '../../helpers/event-loop.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';
import { draft, newWorkspace, NOW, snapshotTables } from './member-fixtures.ts';

const tempDir = useTempDirs();
let ws: Workspace;
const PEOPLE = 5_000;

/** 5,000 members, half in 上海, each inviting the next; every one tagged. */
beforeEach(async () => {
  ws = await newWorkspace(tempDir());
  const list: MemberImportRow[] = Array.from({ length: PEOPLE }, (_, index) => ({
    row: index + 2,
    draft: draft({
      realName: `成员${index}`,
      phone: `137${String(index).padStart(8, '0')}`,
      city: index % 2 === 0 ? '上海' : '杭州',
      tags: ['会员'],
      inviter: index > 0 ? `137${String(index - 1).padStart(8, '0')}` : null,
    }),
  }));
  await commitMemberImport(ws, { fileName: 'seed.xlsx', policy: 'fill-empty', rows: list }, { now: NOW });
});
afterEach(async () => {
  await ws.close();
});

const SHANGHAI = { filter: { cities: ['上海'] } };

function count(sql: string): number {
  return ws.sqlite.prepare(sql).pluck().get() as number;
}

describe('deleting many members', () => {
  it('reports members recorded then deleted, only forward, to the end; undo brings every one back', async () => {
    const before = snapshotTables(ws.sqlite);
    const reports: Array<[number, number]> = [];
    const result = await deleteMembers(ws, SHANGHAI, { now: NOW, onProgress: (done, total) => reports.push([done, total]) });
    expect(result.affected).toBe(PEOPLE / 2);
    expect(count("SELECT count(*) FROM members WHERE city = '上海'")).toBe(0);
    // Recorded in chunks of 2,000, deleted in slices of 1,000: each member counts twice.
    expect(reports.every(([, total]) => total === PEOPLE)).toBe(true);
    const done = reports.map(([value]) => value);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(PEOPLE);
    expect(reports.length).toBeGreaterThanOrEqual(5);
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
