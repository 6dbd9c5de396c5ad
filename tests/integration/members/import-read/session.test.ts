/** The contract with the commit and the wizard: settings round trips, progress, cancel, limits. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImport, previewImport } from '../../../../electron/services/members/import/index.ts';
import { importSettingsSchema, type ImportProgress, type ImportRow } from '../../../../shared/domain/members/import-types.ts';
import { buildXlsx, importFailure, readAll, sharedFixtures, sheetXml, tempDir } from './helpers.ts';

const temp = tempDir('session');
afterAll(() => temp.cleanup());

let bigCsv = '';
let bigXlsx = '';
beforeAll(async () => {
  bigCsv = temp.file('20k.csv');
  const out = createWriteStream(bigCsv);
  out.write('姓名,手机,备注\n');
  for (let i = 0; i < 20_000; i++) if (!out.write(`成员${i},${13000000000 + i},第${i}行\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  const rows: Record<number, (string | number)[]> = { 1: ['姓名', '手机'] };
  for (let i = 0; i < 3_000; i++) rows[i + 2] = [`成员${i}`, 13000000000 + i];
  bigXlsx = temp.file('3k.xlsx', buildXlsx({ sheets: [{ name: 'S', xml: sheetXml(rows) }] }));
});

function summary(rows: ImportRow[]) {
  return rows.map((row) => ({ row: row.row, draft: row.draft, problems: row.problems }));
}

describe('settings', () => {
  it.each(['roster_wps.xlsx', 'members_en.csv', 'members_gb18030.csv', 'members_utf16.txt'])(
    'a preview’s settings, through JSON and the IPC schema, read %s exactly as previewed',
    async (name) => {
      const path = join(sharedFixtures, name);
      const preview = await previewImport(path, { previewRows: 1000 });
      const settings = importSettingsSchema.parse(JSON.parse(JSON.stringify(preview.settings)));
      const { rows, session } = await readAll(path, settings);
      expect(summary(rows)).toEqual(summary(preview.rows));
      expect(session.counts).toEqual(preview.counts);
      expect(session.mapping).toEqual(preview.mapping);
    },
  );

  it('rejects settings that are not plain valid JSON', () => {
    expect(importSettingsSchema.safeParse({ headerRow: 0 }).success).toBe(false);
    expect(importSettingsSchema.safeParse({ dateOrders: { x: 'dmy' } }).success).toBe(false);
    expect(importSettingsSchema.safeParse({ mapping: [{ column: 0, header: 'a', target: { kind: 'field', field: 'salary' } }] }).success).toBe(false);
    expect(importSettingsSchema.safeParse({ extra: 1 }).success).toBe(false);
  });
});

describe('progress and cancel', () => {
  it('reports progress with bytes and rows while streaming a CSV', async () => {
    const reports: ImportProgress[] = [];
    const { rows } = await readAll(bigCsv, { onProgress: (progress) => reports.push(progress) });
    expect(rows).toHaveLength(20_000);
    const last = reports.at(-1);
    expect(last?.bytesRead).toBe(last?.totalBytes);
    expect(last?.rowsRead).toBe(20_001);
    expect(reports.every((report, i) => i === 0 || report.bytesRead >= (reports[i - 1]?.bytesRead ?? 0))).toBe(true);
  });

  it('reports progress through an xlsx sheet', async () => {
    const reports: ImportProgress[] = [];
    await readAll(bigXlsx, { onProgress: (progress) => reports.push(progress) });
    expect(reports.map((report) => report.rowsRead)).toEqual([1000, 2000, 3000, 3001]);
    expect(reports.at(-1)?.bytesRead).toBe(reports.at(-1)?.totalBytes);
  });

  it.each([
    ['csv', () => bigCsv],
    ['xlsx', () => bigXlsx],
  ])('cancels a %s read mid-way with CANCELLED', async (_kind, file) => {
    const controller = new AbortController();
    const error = await importFailure(async () => {
      const session = await openImport(file(), { signal: controller.signal, lookaheadRows: 100 });
      let n = 0;
      for await (const _row of session.rows()) if (++n === 500) controller.abort();
    });
    expect(error).toEqual({ code: 'CANCELLED', messageKey: 'errors.cancelled' });
  });

  it('releases the file when the reader stops early', async () => {
    const session = await openImport(bigCsv, { lookaheadRows: 10 });
    for await (const row of session.rows()) if (row.row > 20) break;
    await session.close();
    expect(session.counts.dataRows).toBeGreaterThan(0);
  });

  it('gives rows once', async () => {
    const session = await openImport(join(sharedFixtures, 'members_en.csv'));
    for await (const _row of session.rows()) {
      // consume
    }
    await expect(async () => {
      for await (const _row of session.rows()) {
        // again
      }
    }).rejects.toThrow();
  });
});

describe('preview limits', () => {
  it('lists problems up to the limit and counts them all', async () => {
    const path = temp.file('bad-phones.csv', `姓名,手机\n${Array.from({ length: 300 }, (_, i) => `P${i},12345`).join('\n')}\n`);
    const preview = await previewImport(path, { maxProblems: 100, previewRows: 3 });
    expect(preview.problems).toHaveLength(100);
    expect(preview.problemsTruncated).toBe(true);
    expect(preview.counts).toMatchObject({ problems: 300, problemRows: 300, importableRows: 300 });
    expect(preview.rows).toHaveLength(3);
  });
});
