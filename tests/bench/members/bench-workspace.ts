import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspace } from '../../../electron/db/workspace.ts';
import { LATEST_SCHEMA_VERSION } from '../../../electron/db/migrations/index.ts';
import { loadSampleData } from '../../../electron/services/sample-data/sample-data.ts';

/** Bump when the sample generator changes what it makes, so cached workspaces are rebuilt. */
const GENERATOR_VERSION = 2;
const SEED = 20_240_301;

/**
 * A workspace holding `count` sample members, made with the sample generator. Big ones (1,000,000 take
 * minutes to make) are kept between runs in the system temp folder, keyed by size, schema version and
 * generator version; small ones are made in `dir`. The benchmarks only read them.
 */
export async function sampleWorkspace(dir: string, count: number, log: (line: string) => void): Promise<string> {
  const cacheable = count >= 100_000;
  const folder = cacheable ? path.join(os.tmpdir(), 'community-desk-bench-cache') : dir;
  const file = path.join(folder, `members-${count}-s${LATEST_SCHEMA_VERSION}-g${GENERATOR_VERSION}.sqlite`);
  const done = `${file}.complete`;
  if (cacheable && fs.existsSync(done) && fs.existsSync(file)) {
    log(`  using the cached ${count.toLocaleString('en')}-member workspace ${file}`);
    return file;
  }
  fs.mkdirSync(folder, { recursive: true });
  for (const suffix of ['', '-wal', '-shm', '.complete']) fs.rmSync(`${file}${suffix}`, { force: true });
  log(`  generating ${count.toLocaleString('en')} sample members into ${file} (kept for later runs)`);
  const started = Date.now();
  const workspace = await openWorkspace(file, { create: true });
  try {
    let lastLog = Date.now();
    await loadSampleData(workspace, {
      count,
      seed: SEED,
      now: '2026-03-01T08:00:00.000Z',
      onProgress: (doneRows, total) => {
        if (Date.now() - lastLog > 15_000) {
          lastLog = Date.now();
          log(`    ${doneRows.toLocaleString('en')} / ${total.toLocaleString('en')}`);
        }
      },
    });
    workspace.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await workspace.close();
  }
  if (cacheable) fs.writeFileSync(done, `${new Date().toISOString()} ${Date.now() - started} ms\n`);
  log(`  generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return file;
}
