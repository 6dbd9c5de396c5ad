/**
 * Undoing a big import: the members it created go a slice at a time inside the one undo transaction,
 * with progress, yields to the event loop (the service host answers the directory meanwhile) and
 * cancel (everything stays as it was).
 */
import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { integrityProblems } from '../../../electron/db/workspace.ts';
import { commitMemberImport } from '../../../electron/services/members/import-commit.ts';
import { listImportBatches, undoImport } from '../../../electron/services/members/import-history.ts';
import { searchIndexLooksComplete } from '../../../electron/services/members/search-index.ts';
import type { MemberImportRow } from '../../../shared/domain/member.ts';
import { countEventLoopTurns } from '../../helpers/event-loop.ts';
import { draft, NOW, snapshotTables, useMemberWorkspace } from './member-fixtures.ts';

let ws: Workspace;

useMemberWorkspace((opened) => (ws = opened));

const PEOPLE = 4_500;

function people(): MemberImportRow[] {
  return Array.from({ length: PEOPLE }, (_, index) => ({
    row: index + 2,
    draft: draft({ realName: `成员${index}`, phone: `137${String(index).padStart(8, '0')}`, tags: ['新人'] }),
  }));
}

async function importPeople(): Promise<number> {
  const { importId } = await commitMemberImport(ws, { fileName: 'big.xlsx', policy: 'fill-empty', rows: people() }, { now: NOW });
  return importId;
}

function memberCount(): number {
  return ws.sqlite.prepare('SELECT count(*) FROM members').pluck().get() as number;
}

describe('undoing a big import', () => {
  it('reports its progress slice by slice, only forward, up to every member it removes', async () => {
    const importId = await importPeople();
    const reports: Array<[number, number]> = [];
    await undoImport(ws, importId, { now: NOW, onProgress: (done, total) => reports.push([done, total]) });
    expect(memberCount()).toBe(0);
    // 4,500 created members in slices of 1,000, then the created tag and the rest one entry each.
    expect(reports.length).toBeGreaterThanOrEqual(5);
    const total = reports[0]?.[1] ?? 0;
    expect(total).toBeGreaterThanOrEqual(PEOPLE);
    expect(reports.every(([, reportTotal]) => reportTotal === total)).toBe(true);
    const done = reports.map(([value]) => value);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(total);
    expect(done).toContain(1_000);
  });

  it('turns to the event loop between slices while it runs', async () => {
    const importId = await importPeople();
    const turns = await countEventLoopTurns(() => undoImport(ws, importId, { now: NOW, yieldEveryMs: 0 }));
    // One turn per slice at least: a directory read asked for meanwhile waits one slice, not the whole undo.
    expect(turns).toBeGreaterThanOrEqual(4);
    expect(memberCount()).toBe(0);
  });

  it('cancelled midway, it leaves every member, tag and index as before, and can be undone later', async () => {
    const importId = await importPeople();
    const before = snapshotTables(ws.sqlite);
    const controller = new AbortController();
    const undo = undoImport(ws, importId, {
      now: NOW,
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 2_000) controller.abort();
      },
    });
    await expect(undo).rejects.toMatchObject({ appError: { code: 'CANCELLED' } });
    expect(snapshotTables(ws.sqlite)).toEqual(before);
    expect(memberCount()).toBe(PEOPLE);
    expect(searchIndexLooksComplete(ws)).toBe(true);
    expect(listImportBatches(ws)[0]).toMatchObject({ id: importId, undone: false });
    expect(integrityProblems(ws.sqlite, 'integrity_check')).toEqual([]);

    await undoImport(ws, importId, { now: NOW });
    expect(memberCount()).toBe(0);
    expect(listImportBatches(ws)[0]).toMatchObject({ id: importId, undone: true });
  });
});
