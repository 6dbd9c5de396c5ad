import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupFolder } from '../../../electron/db/backup.ts';
import { ServiceHostClient } from '../../../electron/host/client.ts';
import { snapshotFolder, withRawDb } from '../../helpers/files.ts';
import { startTestHost } from '../../helpers/host.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();

/** Enough data that a backup takes many steps, so a test can stop the host while one runs. */
function fillForSlowBackup(workspacePath: string): void {
  withRawDb(workspacePath, (sqlite) => {
    const insert = sqlite.prepare("INSERT INTO groups (name, platform, rules, created_at, updated_at) VALUES (?, 'qq', ?, 'x', 'x')");
    sqlite.transaction(() => {
      for (let index = 0; index < 800; index += 1) insert.run(`大群 ${index}`, '群规'.repeat(3000));
    })();
  });
}

describe('service host client', () => {
  it('answers concurrent calls each with its own result, in any order', async () => {
    const host = await startTestHost({ dir: tempDir() });
    try {
      const created = await Promise.all(Array.from({ length: 20 }, (_, index) => host.value('groups.create', { fields: { name: `群 ${index}`, platform: 'qq' } })));
      expect(created.map((group) => group.name)).toEqual(Array.from({ length: 20 }, (_, index) => `群 ${index}`));
      const fetched = await Promise.all(created.map((group) => host.value('groups.get', { id: group.id })));
      expect(fetched).toEqual(created);
      // One writer: concurrent duplicates are refused, never both written.
      const racing = await Promise.all([host.call('groups.create', { fields: { name: '同名', platform: 'qq' } }), host.call('groups.create', { fields: { name: '同名', platform: 'qq' } })]);
      expect(racing.map((result) => (result.ok ? 'ok' : result.error.code)).sort()).toEqual(['CONFLICT', 'ok']);
    } finally {
      await host.stop();
    }
  });

  it('stops by cancelling a running job, closing the workspace cleanly, and answering every later call with hostStopped', async () => {
    const dir = tempDir();
    const host = await startTestHost({ dir });
    fillForSlowBackup(host.workspacePath);
    await host.value('groups.create', { fields: { name: '退出前建的群', platform: 'qq' } });
    const waiting = host.call('backups.run', { jobId: 'b' });
    await new Promise<void>((resolve) => host.host.on('job.progress', () => resolve()));
    await host.stop();
    expect(await waiting).toEqual({ ok: false, error: { code: 'CANCELLED', messageKey: 'errors.cancelled' } });
    expect(await host.call('app.ping', {})).toEqual({ ok: false, error: { code: 'INTERNAL', messageKey: 'errors.hostStopped' } });
    // No finished backup appeared from the interrupted job.
    expect(Object.keys(snapshotFolder(backupFolder(host.workspacePath))).filter((name) => name.endsWith('.sqlite'))).toEqual([]);
    // Closed, not cut off: the WAL was checkpointed into the file and removed, the last change is in the file itself.
    expect(fs.existsSync(`${host.workspacePath}-wal`)).toBe(false);
    withRawDb(host.workspacePath, (sqlite) => expect(sqlite.prepare("SELECT count(*) AS n FROM groups WHERE name = '退出前建的群'").get()).toEqual({ n: 1 }));
  });

  it('does not wait longer than asked: a host not ended in time is terminated, with nothing half-done left behind', async () => {
    const dir = tempDir();
    const host = await startTestHost({ dir });
    fillForSlowBackup(host.workspacePath);
    const waiting = host.call('backups.run', { jobId: 'b' });
    await new Promise<void>((resolve) => host.host.on('job.progress', () => resolve()));
    await host.host.stop(0);
    // Cut off (hostStopped) or, when the host was quicker than the terminate, cancelled: never finished.
    const answer = await waiting;
    expect(answer.ok ? null : answer.error).toBeOneOf([
      { code: 'INTERNAL', messageKey: 'errors.hostStopped' },
      { code: 'CANCELLED', messageKey: 'errors.cancelled' },
    ]);
    expect(await host.call('app.ping', {})).toEqual({ ok: false, error: { code: 'INTERNAL', messageKey: 'errors.hostStopped' } });
    expect(Object.keys(snapshotFolder(backupFolder(host.workspacePath))).filter((name) => name.endsWith('.sqlite'))).toEqual([]);
  });

  it('reports the workspace it opened, and refuses to start on a missing file when not asked to create it', async () => {
    const dir = tempDir();
    const missing = path.join(dir, 'missing.sqlite');
    await expect(ServiceHostClient.start({ workspacePath: missing, create: false, isDefault: false, dailyBackup: false })).rejects.toMatchObject({
      appError: { code: 'WORKSPACE_NOT_FOUND' },
    });
    const host = await ServiceHostClient.start({ workspacePath: path.join(dir, 'new.sqlite'), create: true, isDefault: true, dailyBackup: true });
    try {
      expect(host.initial).toMatchObject({ path: path.join(dir, 'new.sqlite'), name: 'new', isDefault: true, counts: { groups: 0, changes: 0 } });
    } finally {
      await host.stop();
    }
  });
});
