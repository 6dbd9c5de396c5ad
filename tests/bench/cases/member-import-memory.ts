import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ChildResult } from '../members/import-child.ts';
import { interleave, type BenchCase } from '../harness.ts';
import { writeMembersCsv } from '../members/member-files.ts';
import { removeDatabase } from './member-import.ts';

const CHILD = path.join(import.meta.dirname, '..', 'members', 'import-child.ts');

function runChild(mode: 'import' | 'baseline', file: string, database: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CHILD, mode, file, database], { encoding: 'utf8', maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${mode} child failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ChildResult);
    });
  });
}

/**
 * Importing a 1,000,000-row CSV: the peak resident memory of the process doing it (target ≤ 400 MB),
 * measured in a child process that does nothing else but run the import job in the service host
 * worker as the app does, and its time against a baseline child
 * (csv-parse streaming + better-sqlite3 upsert by phone, one transaction). Peak RSS of both is in
 * params (the harness tables times). One round by default: a round is minutes long.
 */
export const memberImportMemory: BenchCase = {
  name: 'member-import-memory',
  title: 'Import of a 1,000,000-row CSV in a child process: peak RSS (params) and time, vs csv-parse + better-sqlite3 upsert',
  async run({ quick, dir, log }) {
    const rows = quick ? 2_000 : 1_000_000;
    const file = path.join(dir, 'members.csv');
    await writeMembersCsv(file, rows);
    log(`  ${rows} rows, ${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MB`);
    const peaks: Record<'import' | 'baseline', number[]> = { import: [], baseline: [] };
    let counter = 0;
    const measure = (mode: 'import' | 'baseline') => async (): Promise<number[]> => {
      const database = path.join(dir, `${mode}-${(counter += 1)}.sqlite`);
      try {
        const result = await runChild(mode, file, database);
        if (result.rows !== rows) throw new Error(`${mode} child stored ${result.rows} rows, expected ${rows}`);
        peaks[mode].push(result.peakRssMB);
        log(`  ${mode}: ${(result.ms / 1000).toFixed(1)} s, peak RSS ${result.peakRssMB} MB`);
        return [result.ms];
      } finally {
        removeDatabase(database);
      }
    };
    const series = await interleave(
      [
        { label: 'csv-parse + raw upsert (child)', measure: measure('baseline') },
        { label: 'import end to end (child)', baseline: 'csv-parse + raw upsert (child)', measure: measure('import') },
      ],
      1,
    );
    return {
      params: { rows, fileMB: Number((fs.statSync(file).size / 2 ** 20).toFixed(1)), importPeakRssMB: Math.max(...peaks.import), baselinePeakRssMB: Math.max(...peaks.baseline) },
      series,
    };
  },
};
