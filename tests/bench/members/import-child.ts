/**
 * One import in a process of its own, so its peak memory is its own: prints one JSON line
 * {"ms":…, "rows":…, "peakRssMB":…}.
 *   node tests/bench/members/import-child.ts import   <file> <workspace>   the app's import job in the service host worker
 *   node tests/bench/members/import-child.ts cli      <file> <workspace>   the CLI's import (its own worker)
 *   node tests/bench/members/import-child.ts baseline <file> <database>    csv-parse streaming + raw upsert
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse';
import { runImportInWorker } from '../../../electron/cli/import-worker.ts';
import { openWorkspace } from '../../../electron/db/workspace.ts';
import { ServiceHostClient } from '../../../electron/host/client.ts';
import { openRawMemberTable } from './member-files.ts';

export interface ChildResult {
  ms: number;
  rows: number;
  peakRssMB: number;
}

/** As the app imports: the import job in the service host worker (main only relays). */
async function importWithApp(file: string, database: string): Promise<number> {
  const host = await ServiceHostClient.start({ workspacePath: database, create: true, isDefault: false, dailyBackup: false });
  try {
    const result = await host.call('importer.runCommit', { jobId: 'bench', path: file, settings: {}, policy: 'overwrite' });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value.created;
  } finally {
    await host.stop();
  }
}

async function importWithCli(file: string, database: string): Promise<number> {
  await (await openWorkspace(database, { create: true, dailyBackup: false })).close();
  return (await runImportInWorker({ file, workspace: database, policy: 'overwrite' })).result.created;
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
  if ((mode !== 'import' && mode !== 'cli' && mode !== 'baseline') || !file || !database) throw new Error('usage: import-child.ts import|cli|baseline <file> <database>');
  const start = performance.now();
  const rows = mode === 'import' ? await importWithApp(file, database) : mode === 'cli' ? await importWithCli(file, database) : await importRaw(file, database);
  const result: ChildResult = { ms: performance.now() - start, rows, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
