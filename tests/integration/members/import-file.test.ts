/**
 * A file streamed into the store (import-file.ts), an xlsx from its own reader thread and a text file
 * from this one: every row arrives once, in file order, however many batches it takes; a file that
 * turns out bad half-way still fails with the reader's own message, naming the broken row, and leaves
 * the workspace as it was; cancel while rows stream changes nothing; an opened file can be closed unread.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { commitImportFile, openImportFile } from '../../../electron/services/member-io/import-file.ts';
import { AppFailure } from '../../../shared/contract/result.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';
import { newWorkspace, snapshotTables } from './member-fixtures.ts';
import { importFailure, sharedFixtures, tempDir } from './import-read/helpers.ts';
import path from 'node:path';
import ExcelJS from 'exceljs';

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

/** An xlsx of `rows` members (name, phone as a number) and a summary row, as Excel writes it (shared strings). */
async function xlsxOfMembers(name: string, rows: number): Promise<string> {
  const file = files.file(name, '');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('成员');
  sheet.addRow(['姓名', '手机']).commit();
  for (let index = 0; index < rows; index += 1) sheet.addRow([`成员${index}`, 13_800_000_000 + index]).commit();
  sheet.addRow(['合计', `${rows}人`]).commit();
  sheet.commit();
  await workbook.commit();
  return file;
}

function namesInIdOrder(): string[] {
  return ws.sqlite.prepare('SELECT display_name FROM members ORDER BY id').pluck().all() as string[];
}

describe('importing an xlsx (read in its own thread)', () => {
  it('brings every row once, in file order, with the reader’s final counts and progress', async () => {
    // 45,000 rows: the look-ahead read while opening, then dozens of batches from the reader thread.
    const file = await xlsxOfMembers('long.xlsx', 45_000);
    const progress: number[] = [];
    const opened = await openImportFile(file, {}, undefined, (done) => progress.push(done));
    const outcome = await commitImportFile(ws, opened, { policy: 'fill-empty', chunkSize: 1_000 });
    expect(outcome.result.created).toBe(45_000);
    expect(outcome.readerCounts).toMatchObject({ dataRows: 45_000, summarySkipped: 1 });
    expect(namesInIdOrder()).toEqual(Array.from({ length: 45_000 }, (_, index) => `成员${index}`));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('cancel while rows stream stops the import with CANCELLED and changes nothing; the file is released', async () => {
    const file = await xlsxOfMembers('cancelled.xlsx', 45_000);
    const before = snapshotTables(ws.sqlite);
    const controller = new AbortController();
    const opened = await openImportFile(file, {}, controller.signal);
    const run = commitImportFile(ws, opened, { policy: 'fill-empty', signal: controller.signal, chunkSize: 1_000 });
    // Storing 45,000 rows takes seconds: 50 ms in, rows are still coming from the reader.
    setTimeout(() => controller.abort(), 50);
    await expect(run).rejects.toMatchObject({ appError: { code: 'CANCELLED' } });
    expect(snapshotTables(ws.sqlite)).toEqual(before);
    // The same file imports in full afterwards.
    const again = await commitImportFile(ws, await openImportFile(file), { policy: 'fill-empty' });
    expect(again.result.created).toBe(45_000);
  });

  it('a sheet that is not there is refused with the sheets there are; an opened file can be closed unread', async () => {
    const file = await xlsxOfMembers('small.xlsx', 10);
    expect(await importFailure(() => openImportFile(file, { sheet: '二月' }))).toMatchObject({ code: 'VALIDATION', messageKey: 'importer.errors.sheetNotFound', params: { sheet: '二月', sheets: '成员' } });
    const opened = await openImportFile(file);
    expect(opened.session.headers).toEqual(['姓名', '手机']);
    await opened.session.close();
    await opened.session.close();
  });
});

describe('importing a file', () => {
  it('imports a file and hands over the reader’s counts', async () => {
    const opened = await openImportFile(path.join(sharedFixtures, 'roster_wps.xlsx'));
    expect(opened.session.headers).toContain('联系电话');
    const outcome = await commitImportFile(ws, opened, { policy: 'fill-empty' });
    expect(outcome.result.created).toBe(100);
    expect(outcome.readerCounts.dataRows).toBeGreaterThanOrEqual(100);
  });

  it('brings every row of a long file once, in file order, with the reader’s final counts', async () => {
    // 45,000 rows: the look-ahead read while opening, then dozens of batches from the reader thread.
    const file = files.file('long-in-order.csv', `${csvWithBrokenRow(45_000, -1)}合计,45000人\n\n`);
    const progress: number[] = [];
    const opened = await openImportFile(file, {}, undefined, (done) => progress.push(done));
    const outcome = await commitImportFile(ws, opened, { policy: 'fill-empty', chunkSize: 1_000 });
    expect(outcome.result.created).toBe(45_000);
    expect(outcome.readerCounts).toMatchObject({ dataRows: 45_000, summarySkipped: 1 });
    const members = ws.sqlite.prepare('SELECT display_name AS name, phone FROM members ORDER BY id').all() as { name: string; phone: string }[];
    expect(members.map((member) => member.name)).toEqual(Array.from({ length: 45_000 }, (_, index) => `成员${index}`));
    expect(members.at(-1)?.phone).toBe(String(13_800_000_000 + 44_999));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
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
