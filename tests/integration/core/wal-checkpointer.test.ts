/**
 * The open workspace's WAL is checkpointed by a thread of its own, so a big COMMIT in the service host
 * does not also copy the WAL into the file; if that thread cannot run, the writer checkpoints again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWalCheckpointer } from '../../../electron/db/checkpoint/wal-checkpointer.ts';
import { openWorkspace, type Workspace } from '../../../electron/db/workspace.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();
let ws: Workspace;

beforeEach(async () => {
  ws = await openWorkspace(path.join(tempDir(), 'checkpoints.sqlite'), { create: true, dailyBackup: false });
});
afterEach(async () => {
  await ws.close();
});

const fileSize = (): number => fs.statSync(ws.path).size;

/** About 4 MB in one transaction: far over SQLite's 1,000-page autocheckpoint. */
function writeFourMegabytes(): void {
  ws.sqlite.exec('CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, text TEXT)');
  const insert = ws.sqlite.prepare('INSERT INTO filler (text) VALUES (?)');
  ws.sqlite.transaction(() => {
    for (let index = 0; index < 4_000; index += 1) insert.run(`${index}`.padEnd(1_000, '·'));
  })();
}

describe('the WAL checkpointer', () => {
  it('leaves a commit in the WAL, then moves it into the file from its own thread; the last close leaves no WAL', async () => {
    const checkpointer = await startWalCheckpointer(ws.sqlite, ws.path, { everyMs: 50 });
    const before = fileSize();
    writeFourMegabytes();
    // The COMMIT did not checkpoint: the rows are only in the WAL.
    expect(fileSize() - before).toBeLessThan(1_000_000);
    await expect.poll(() => fileSize() - before, { timeout: 5_000, interval: 50 }).toBeGreaterThan(4_000_000);
    await checkpointer.stop();
    expect(ws.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await ws.close();
    expect(fs.existsSync(`${ws.path}-wal`)).toBe(false);
    ws = await openWorkspace(ws.path, { dailyBackup: false });
    expect(ws.sqlite.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(4_000);
  });

  it('hands checkpoints back to the writer when its thread cannot open the file', async () => {
    const checkpointer = await startWalCheckpointer(ws.sqlite, path.join(tempDir(), 'missing.sqlite'), { everyMs: 50 });
    expect(ws.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    await checkpointer.stop();
    const before = fileSize();
    writeFourMegabytes();
    expect(fileSize() - before).toBeGreaterThan(4_000_000);
  });
});
