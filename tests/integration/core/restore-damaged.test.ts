import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupFolder, listBackups, takeBackup } from '../../../electron/db/backup.ts';
import { openWorkspace } from '../../../electron/db/workspace.ts';
import { ServiceHostClient } from '../../../electron/host/client.ts';
import { createGroup } from '../../../electron/services/groups/group-commands.ts';
import { damagePage, quickCheck, rootPageOf, sha256File } from '../../helpers/files.ts';
import { groupFields } from '../../helpers/groups.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();

/** A workspace with one backup holding 读书会, then 夜跑团 added after the backup, then the file damaged. */
async function damagedWorkspaceWithBackup(dir: string): Promise<string> {
  const file = path.join(dir, 'club.sqlite');
  const workspace = await openWorkspace(file, { create: true });
  await createGroup(workspace.db, groupFields({ name: '读书会' }), '2026-11-01T00:00:00.000Z');
  await takeBackup(workspace.sqlite, file, { reason: 'daily', now: new Date('2026-11-02T00:00:00Z') });
  await createGroup(workspace.db, groupFields({ name: '夜跑团' }), '2026-11-03T00:00:00.000Z');
  await workspace.close();
  damagePage(file, rootPageOf(file, 'groups'), { offset: 0, length: 64 });
  expect(quickCheck(file)).not.toEqual(['ok']);
  return file;
}

describe('restoring a damaged workspace that cannot be opened', () => {
  it('puts the newest good backup in place, keeps the damaged file aside, and opens', async () => {
    const file = await damagedWorkspaceWithBackup(tempDir());
    const damagedHash = sha256File(file);
    await expect(ServiceHostClient.start({ workspacePath: file, create: false, isDefault: false, dailyBackup: false })).rejects.toMatchObject({
      appError: { code: 'WORKSPACE_CORRUPT' },
    });

    const host = await ServiceHostClient.start({ workspacePath: file, create: false, isDefault: false, dailyBackup: false, restoreLatestBackup: true });
    try {
      const groups = await host.call('groups.list', {});
      expect(groups.ok && groups.value.map((group) => group.name)).toEqual(['读书会']);
    } finally {
      await host.stop();
    }
    const aside = fs.readdirSync(backupFolder(file)).filter((name) => name.includes('-damaged-'));
    expect(aside).toHaveLength(1);
    expect(sha256File(path.join(backupFolder(file), aside[0] ?? ''))).toBe(damagedHash);
    expect(listBackups(file).map((entry) => entry.reason)).toEqual(['daily']);
  });

  it('skips damaged backups, and says so when none is usable without moving anything', async () => {
    const file = await damagedWorkspaceWithBackup(tempDir());
    const [only] = listBackups(file);
    if (!only) throw new Error('expected a backup');
    damagePage(only.path, rootPageOf(only.path, 'groups'), { offset: 0, length: 64 });
    const before = sha256File(file);
    await expect(
      ServiceHostClient.start({ workspacePath: file, create: false, isDefault: false, dailyBackup: false, restoreLatestBackup: true }),
    ).rejects.toMatchObject({ appError: { code: 'NOT_FOUND', messageKey: 'errors.noUsableBackup' } });
    expect(sha256File(file)).toBe(before);
    expect(fs.readdirSync(backupFolder(file)).some((name) => name.includes('-damaged-'))).toBe(false);
  });
});
