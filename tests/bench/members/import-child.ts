/**
 * One import in a process of its own, so its peak memory is its own: prints one JSON line
 * {"ms":…, "rows":…, "peakRssMB":…}.
 *   node tests/bench/members/import-child.ts import   <file> <workspace>   the app's import (reader + store)
 *   node tests/bench/members/import-child.ts baseline <file> <database>    csv-parse streaming + raw upsert
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse';
import { openWorkspace } from '../../../electron/db/workspace.ts';
import { IMPORT_CHUNK_ROWS } from '../../../electron/host/member-handlers.ts';
import { commitImportFile, openImportFile } from '../../../electron/services/member-io/import-file.ts';
import { openRawMemberTable } from './member-files.ts';

export interface ChildResult {
  ms: number;
  rows: number;
  peakRssMB: number;
}

async function importWithApp(file: string, database: string): Promise<number> {
  const workspace = await openWorkspace(database, { create: true, dailyBackup: false });
  try {
    const opened = await openImportFile(file);
    return (await commitImportFile(workspace, opened, { policy: 'overwrite', chunkSize: IMPORT_CHUNK_ROWS })).result.created;
  } finally {
    await workspace.close();
  }
}

async function importRaw(file: string, database: string): Promise<number> {
  const { sqlite, upsert } = openRawMemberTable(database);
  try {
    let rows = 0;
    sqlite.exec('BEGIN');
    const parser = fs.createReadStream(file).pipe(parse({ bom: true, from_line: 2, relax_column_count: true }));
    for await (const record of parser as AsyncIterable<string[]>) {
      upsert(record.slice(0, 10).map((value) => (value === '' ? null : value)));
      rows += 1;
    }
    sqlite.exec('COMMIT');
    return rows;
  } finally {
    sqlite.close();
  }
}

if (import.meta.main) {
  const [mode, file, database] = process.argv.slice(2);
  if ((mode !== 'import' && mode !== 'baseline') || !file || !database) throw new Error('usage: import-child.ts import|baseline <file> <database>');
  const start = performance.now();
  const rows = mode === 'import' ? await importWithApp(file, database) : await importRaw(file, database);
  const result: ChildResult = { ms: performance.now() - start, rows, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
