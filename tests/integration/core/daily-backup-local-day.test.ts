import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();
const REPO = path.resolve(import.meta.dirname, '../../..');

/**
 * Opens a workspace at two instants in a child process with TZ=Asia/Shanghai and counts daily backups.
 * 2026-04-01T23:30Z is 07:30 on 2 April in Beijing, and 2026-04-02T01:00Z is 09:00 the same Beijing day.
 */
function dailyBackupsAcross(instants: string[]): number {
  const script = `
    import { openWorkspace } from ${JSON.stringify(path.join(REPO, 'electron/db/workspace.ts'))};
    import { listBackups } from ${JSON.stringify(path.join(REPO, 'electron/db/backup.ts'))};
    const file = ${JSON.stringify(path.join(tempDir(), 'club.sqlite'))};
    (await openWorkspace(file, { create: true })).close();
    for (const instant of ${JSON.stringify(instants)}) {
      const workspace = await openWorkspace(file, { dailyBackup: true, now: () => new Date(instant) });
      await workspace.close();
    }
    console.log(listBackups(file).filter((backup) => backup.reason === 'daily').length);
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TZ: 'Asia/Shanghai' }, encoding: 'utf8' });
  return Number(out.trim());
}

describe('the daily backup follows the operator’s local day', () => {
  it('takes one backup for one Beijing day even when the UTC date changes within it', () => {
    expect(dailyBackupsAcross(['2026-04-01T23:30:00Z', '2026-04-02T01:00:00Z'])).toBe(1);
  });
  it('takes a new one when the Beijing day changes even though the UTC date has not', () => {
    expect(dailyBackupsAcross(['2026-04-01T15:00:00Z', '2026-04-01T17:00:00Z'])).toBe(2);
  });
});
