/**
 * A file streamed into the store (import-file.ts): a file that turns out bad half-way still fails
 * with the reader's own message, naming the broken row, and leaves the workspace as it was; cancel
 * while rows stream changes nothing; an opened file can be closed unread.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { commitImportFile, openImportFile } from '../../../electron/services/member-io/import-file.ts';
import { AppFailure } from '../../../shared/contract/result.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';
import { newWorkspace, snapshotTables } from './member-fixtures.ts';
import { importFailure, sharedFixtures, tempDir } from './import-read/helpers.ts';
import path from 'node:path';

const wsDirs = useTempDirs();
const files = tempDir('reader-thread');
let ws: Workspace;

beforeEach(async () => {
  ws = await newWorkspace(wsDirs());
});
afterEach(async () => {
  await ws.close();
});

/** A CSV of `rows` members whose row `badRow` opens a quote that never closes. */
function csvWithBrokenRow(rows: number, badRow: number): string {
  const lines = ['姓名,手机'];
  for (let index = 0; index < rows; index += 1) {
    const phone = 13_800_000_000 + index;
    lines.push(index + 2 === badRow ? `"成员${index},${phone}` : `成员${index},${phone}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('importing a file', () => {
  it('imports a file and hands over the reader’s counts', async () => {
    const opened = await openImportFile(path.join(sharedFixtures, 'roster_wps.xlsx'));
    expect(opened.session.headers).toContain('联系电话');
    const outcome = await commitImportFile(ws, opened, { policy: 'fill-empty' });
    expect(outcome.result.created).toBe(100);
    expect(outcome.readerCounts.dataRows).toBeGreaterThanOrEqual(100);
  });

  // The CSV parser reads ahead of the rows taken from it: the row named must be the broken one.
  it('a file that breaks after 25,000 rows fails with the reader’s message, naming the broken row, and changes nothing', async () => {
    const file = files.file('broken.csv', csvWithBrokenRow(30_000, 25_002));
    const before = snapshotTables(ws.sqlite);
    const opened = await openImportFile(file);
    const error = await importFailure(() => commitImportFile(ws, opened, { policy: 'fill-empty', chunkSize: 1_000 }));
    expect(error).toMatchObject({ messageKey: 'importer.errors.malformedCsv', params: { file: 'broken.csv', row: 25_002 } });
    expect(snapshotTables(ws.sqlite)).toEqual(before);
  });

  it('cancel while rows stream stops the import with CANCELLED and changes nothing', async () => {
    // 60,000 rows: the reader's 20,000-row look-ahead is read while opening; the cancel comes later, mid-commit.
    const file = files.file('long.csv', csvWithBrokenRow(60_000, -1));
    const before = snapshotTables(ws.sqlite);
    const controller = new AbortController();
    const opened = await openImportFile(file, {}, controller.signal, (done, total) => {
      if (done > total * 0.6) controller.abort();
    });
    const run = commitImportFile(ws, opened, { policy: 'fill-empty', signal: controller.signal, chunkSize: 1_000 });
    await expect(run).rejects.toBeInstanceOf(AppFailure);
    await expect(run).rejects.toMatchObject({ appError: { code: 'CANCELLED' } });
    expect(snapshotTables(ws.sqlite)).toEqual(before);
  });

  it('a file that cannot be opened rejects the open; an opened file can be closed unread', async () => {
    expect(await importFailure(() => openImportFile(files.file('missing.csv')))).toMatchObject({ code: 'IO', params: { file: 'missing.csv' } });
    const opened = await openImportFile(path.join(sharedFixtures, 'members_en.csv'));
    await opened.session.close();
    await opened.session.close();
  });
});
