import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { openWorkspace } from '../../../electron/db/workspace.ts';
import { IMPORT_CHUNK_ROWS } from '../../../electron/host/member-handlers.ts';
import { bundleElectron } from '../../../build/bundle-electron.ts';
import { ServiceHostClient } from '../../../electron/host/client.ts';
import { commitImportFile, openImportFile } from '../../../electron/services/member-io/import-file.ts';
import { interleave, type BenchCase } from '../harness.ts';
import { openRawMemberTable, rawValue, writeMembersXlsx } from '../members/member-files.ts';
import { readStoredRows, writeStoredRows } from '../members/store-floor.ts';

/** Times one call. */
export async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/** ExcelJS's streaming reader over the file, each row upserted by phone with one prepared statement, one transaction. */
async function excelJsReadAndUpsert(file: string, database: string): Promise<number> {
  const { sqlite, upsert } = openRawMemberTable(database);
  try {
    let rows = 0;
    sqlite.exec('BEGIN');
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        if (row.number === 1) continue;
        const values = row.values as unknown[];
        upsert(Array.from({ length: 10 }, (_, index) => rawValue(values[index + 1])));
        rows += 1;
      }
    }
    sqlite.exec('COMMIT');
    return rows;
  } finally {
    sqlite.close();
  }
}

/**
 * Importing a 100,000-row, 10-column .xlsx (Chinese text, phones as numbers, dates as date cells) end to
 * end: the import reader (format, header and mapping detection, every value normalised) streaming into
 * the member store (dedupe by phone / WeChat / e-mail, tags, search index, import batch and undo record,
 * one transaction), as the app's import job runs it: in the bundled service host, the file read in the
 * bundled reader thread (the host is started before the clock starts: the app's is running already).
 * Baseline: ExcelJS's streaming reader over the same file plus a better-sqlite3 upsert by phone of the
 * same ten values in one transaction. Target ≤ 1.3×.
 * A third series writes the rows the import stored once more, SQL alone (store-floor.ts): what this
 * schema costs before any reading, normalising or matching.
 */
export const memberImportXlsx: BenchCase = {
  name: 'member-import-xlsx',
  title: 'Import of a 100,000-row .xlsx end to end (reader + store), vs ExcelJS streaming read + better-sqlite3 bulk upsert',
  async run({ quick, rounds, dir, log }) {
    const rows = quick ? 1_000 : 100_000;
    const file = path.join(dir, 'members.xlsx');
    await writeMembersXlsx(file, rows);
    log(`  ${rows} rows, ${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MB`);
    let counter = 0;
    const fresh = () => path.join(dir, `round-${(counter += 1)}.sqlite`);
    const stored = fresh();
    const storing = await openWorkspace(stored, { create: true, dailyBackup: false });
    try {
      await commitImportFile(storing, await openImportFile(file), { policy: 'overwrite', chunkSize: IMPORT_CHUNK_ROWS });
    } finally {
      await storing.close();
    }
    const storedRows = readStoredRows(stored);
    removeDatabase(stored);
    // Inside the repository, so that the bundles find better-sqlite3 in its node_modules as the app's do.
    const bundle = await bundleElectron({ outDir: path.resolve(import.meta.dirname, '..', '..', '..', 'test-output', 'bench-bundle') });
    const series = await interleave(
      [
        {
          label: 'ExcelJS stream read + raw upsert',
          measure: async () => {
            const database = fresh();
            let read = 0;
            const ms = await timeOnce(async () => {
              read = await excelJsReadAndUpsert(file, database);
            });
            removeDatabase(database);
            if (read !== rows) throw new Error(`baseline read ${read} rows, expected ${rows}`);
            return [ms];
          },
        },
        {
          label: 'import end to end',
          baseline: 'ExcelJS stream read + raw upsert',
          measure: async () => {
            const database = fresh();
            // As the app runs it: the import job in the bundled service host, its reader in the bundled reader thread.
            const host = await ServiceHostClient.start({ workspacePath: database, create: true, isDefault: false, dailyBackup: false, workerUrl: bundle.files['host-worker'] });
            let created = 0;
            try {
              const ms = await timeOnce(async () => {
                const result = await host.call('importer.runCommit', { jobId: 'bench', path: file, settings: {}, policy: 'overwrite' });
                if (!result.ok) throw new Error(JSON.stringify(result.error));
                created = result.value.created;
              });
              if (created !== rows) throw new Error(`imported ${created} members, expected ${rows}`);
              return [ms];
            } finally {
              await host.stop();
              removeDatabase(database);
            }
          },
        },
        {
          label: 'the stored rows again, SQL alone',
          baseline: 'ExcelJS stream read + raw upsert',
          measure: async () => {
            const database = fresh();
            try {
              return [await writeStoredRows(storedRows, database)];
            } finally {
              removeDatabase(database);
            }
          },
        },
      ],
      rounds,
    );
    return { params: { rows, columns: 10, fileMB: Number((fs.statSync(file).size / 2 ** 20).toFixed(1)), chunkRows: IMPORT_CHUNK_ROWS }, series };
  },
};
