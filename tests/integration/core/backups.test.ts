import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupFolder, KEEP_AUTOMATIC_BACKUPS, listBackups, takeBackup } from '../../../electron/db/backup.ts';
import { openWorkspace } from '../../../electron/db/workspace.ts';
import { createGroup } from '../../../electron/services/groups/group-commands.ts';
import { listGroups } from '../../../electron/services/groups/group-queries.ts';
import type { EventPayloads } from '../../../shared/contract/channels.ts';
import { damagePage, rootPageOf, snapshotFolder, withRawDb } from '../../helpers/files.ts';
import { groupFields } from '../../helpers/groups.ts';
import { startTestHost } from '../../helpers/host.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();

const day = (n: number, time = '09:30:00.000') => new Date(`2026-04-${String(n).padStart(2, '0')}T${time}Z`);

/** A closed workspace with some groups in it. `bulkyGroups` makes it span many pages, for progress and cancel. */
async function makeWorkspace(dir: string, options: { groups?: number; bulkyGroups?: number } = {}): Promise<string> {
  const file = path.join(dir, 'workspace.sqlite');
  const workspace = await openWorkspace(file, { create: true });
  for (let index = 0; index < (options.groups ?? 1); index += 1) {
    await createGroup(workspace.db, groupFields({ name: `社群 ${index}` }), '2026-01-01T00:00:00.000Z');
  }
  const bulky = options.bulkyGroups ?? 0;
  if (bulky > 0) {
    const insert = workspace.sqlite.prepare("INSERT INTO groups (name, platform, rules, created_at, updated_at) VALUES (?, 'qq', ?, 'x', 'x')");
    workspace.sqlite.transaction(() => {
      for (let index = 0; index < bulky; index += 1) insert.run(`大群 ${index}`, `群规 ${index} `.repeat(1500));
    })();
  }
  await workspace.close();
  return file;
}

async function reopen(file: string, now: Date): Promise<void> {
  const workspace = await openWorkspace(file, { dailyBackup: true, now: () => now });
  await workspace.close();
}

const reasons = (file: string) => listBackups(file).map((backup) => `${backup.createdAt.slice(0, 10)} ${backup.reason}`);

describe('automatic backups', () => {
  it('takes the daily backup on the first open of each day only', async () => {
    const file = await makeWorkspace(tempDir());
    expect(reasons(file)).toEqual([]);
    await reopen(file, day(1));
    expect(reasons(file)).toEqual(['2026-04-01 daily']);
    await reopen(file, day(1, '18:00:00.000'));
    await reopen(file, day(1, '23:59:59.999'));
    expect(reasons(file)).toEqual(['2026-04-01 daily']);
    await reopen(file, day(2, '00:00:00.000'));
    expect(reasons(file)).toEqual(['2026-04-02 daily', '2026-04-01 daily']);
    // Without the option (CLI reads, tests), no backup is taken.
    const workspace = await openWorkspace(file, { now: () => day(3) });
    await workspace.close();
    expect(reasons(file)).toHaveLength(2);
  });

  it('keeps the last 10 automatic backups and every backup the operator asked for', async () => {
    const file = await makeWorkspace(tempDir());
    const workspace = await openWorkspace(file);
    await takeBackup(workspace.sqlite, file, { reason: 'manual', now: day(1, '08:00:00.000') });
    await takeBackup(workspace.sqlite, file, { reason: 'manual', now: day(2, '08:00:00.000') });
    await workspace.close();
    for (let n = 1; n <= 14; n += 1) await reopen(file, day(n, '10:00:00.000'));

    const backups = listBackups(file);
    const automatic = backups.filter((backup) => backup.reason !== 'manual');
    expect(automatic).toHaveLength(KEEP_AUTOMATIC_BACKUPS);
    expect(KEEP_AUTOMATIC_BACKUPS).toBe(10);
    // The newest ten days are kept, the oldest ones went.
    expect(automatic.map((backup) => backup.createdAt.slice(0, 10))).toEqual(Array.from({ length: 10 }, (_, index) => `2026-04-${String(14 - index).padStart(2, '0')}`));
    expect(backups.filter((backup) => backup.reason === 'manual').map((backup) => backup.createdAt.slice(0, 10))).toEqual(['2026-04-02', '2026-04-01']);
    // What is listed is what is on disk.
    expect(fs.readdirSync(backupFolder(file)).sort()).toEqual(backups.map((backup) => backup.fileName).sort());
  });

  it('a backup is a complete, openable copy of the workspace', async () => {
    const file = await makeWorkspace(tempDir(), { groups: 3 });
    await reopen(file, day(5));
    const [backup] = listBackups(file);
    if (!backup) throw new Error('no backup taken');
    expect(backup.sizeBytes).toBe(fs.statSync(backup.path).size);
    // One self-contained file: not in WAL mode (header bytes 18-19 are 1), so nothing else is needed beside it.
    const header = fs.readFileSync(backup.path).subarray(0, 100);
    expect([header[18], header[19]]).toEqual([1, 1]);
    const elsewhere = path.join(tempDir(), 'copied-away.sqlite');
    fs.copyFileSync(backup.path, elsewhere);
    const copy = await openWorkspace(elsewhere);
    try {
      expect((await listGroups(copy.db, {})).map((group) => group.name)).toEqual(['社群 0', '社群 1', '社群 2']);
    } finally {
      await copy.close();
    }
  });
});

describe('cancelling a backup', () => {
  it('leaves no partial file when the progress callback cancels it', async () => {
    const file = await makeWorkspace(tempDir(), { bulkyGroups: 300 });
    const workspace = await openWorkspace(file);
    const calls: Array<[number, number]> = [];
    try {
      const attempt = takeBackup(workspace.sqlite, file, {
        reason: 'manual',
        now: day(9),
        onProgress: (done, total) => {
          calls.push([done, total]);
          if (calls.length === 2) throw new Error('operator pressed cancel');
        },
      });
      await expect(attempt).rejects.toThrow('operator pressed cancel');
    } finally {
      await workspace.close();
    }
    expect(calls).toHaveLength(2);
    expect(calls[0]?.[0]).toBeLessThan(calls[0]?.[1] ?? 0);
    expect(snapshotFolder(backupFolder(file))).toEqual({});
  });

  it('through the service host: jobs.cancel stops backups.run with CANCELLED and no file; a later run completes', async () => {
    const dir = tempDir();
    const workspacePath = await makeWorkspace(dir, { bulkyGroups: 2500 });
    const host = await startTestHost({ dir, workspacePath, create: false });
    try {
      const progress: Array<EventPayloads['job.progress']> = [];
      let cancelAnswer: Promise<unknown> | null = null;
      host.host.on('job.progress', (event) => {
        progress.push(event);
        if (event.jobId === 'backup-1' && cancelAnswer === null) cancelAnswer = host.call('jobs.cancel', { jobId: 'backup-1' });
      });
      const cancelled = await host.call('backups.run', { jobId: 'backup-1' });
      expect(cancelled).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
      expect(await cancelAnswer).toEqual({ ok: true, value: { cancelled: true } });
      expect(snapshotFolder(backupFolder(workspacePath))).toEqual({});
      expect(await host.value('backups.list', {})).toEqual([]);

      // Cancelling a job that is not running says so.
      expect(await host.value('jobs.cancel', { jobId: 'backup-1' })).toEqual({ cancelled: false });

      progress.length = 0;
      const entry = await host.value('backups.run', { jobId: 'backup-2' });
      expect(entry.reason).toBe('manual');
      expect(fs.existsSync(entry.path)).toBe(true);
      expect(progress.length).toBeGreaterThan(1);
      for (const event of progress) {
        expect(event).toMatchObject({ jobId: 'backup-2', phaseKey: 'jobs.phase.backup' });
        expect(event.done).toBeLessThanOrEqual(event.total);
      }
      expect(progress.map((event) => event.done)).toEqual([...progress.map((event) => event.done)].sort((a, b) => a - b));
      expect(await host.value('backups.list', {})).toEqual([entry]);
    } finally {
      await host.stop();
    }
  });
});

describe('restoring a backup through the service host', () => {
  it('returns the workspace to the backed-up state and keeps a backup of the state before the restore', async () => {
    const dir = tempDir();
    const host = await startTestHost({ dir });
    try {
      const kept = await host.value('groups.create', { fields: { name: '读书会', platform: 'wechat', rules: '每周五分享' } });
      const backup = await host.value('backups.run', { jobId: 'b1' });

      const added = await host.value('groups.create', { fields: { name: '跑步群', platform: 'qq' } });
      await host.value('groups.update', { id: kept.id, fields: { name: '读书会（改）', platform: 'wecom' } });
      const changesBefore = (await host.value('history.list', {})).length;
      expect(changesBefore).toBe(3);

      const info = await host.value('backups.restore', { fileName: backup.fileName });
      expect(info.counts).toMatchObject({ groups: 1 });
      expect(await host.value('groups.list', { includeArchived: true })).toEqual([kept]);
      expect((await host.value('history.list', {})).length).toBe(1);
      expect(await host.value('workspace.current', {})).toEqual(info);

      const backups = await host.value('backups.list', {});
      const beforeRestore = backups.find((entry) => entry.reason === 'before-restore');
      expect(beforeRestore).toBeDefined();
      expect(backups.map((entry) => entry.reason).sort()).toEqual(['before-restore', 'manual']);
      // Restoring left nothing else in the backup folder (no -wal/-shm beside the backup it read).
      expect(Object.keys(snapshotFolder(backupFolder(host.workspacePath))).sort()).toEqual(backups.map((entry) => entry.fileName).sort());

      // The workspace still works after the restore, and the restore itself can be taken back.
      await host.value('groups.create', { fields: { name: '新群', platform: 'other' } });
      await host.value('backups.restore', { fileName: beforeRestore?.fileName ?? '' });
      const names = (await host.value('groups.list', {})).map((group) => group.name);
      expect(names.sort()).toEqual(['跑步群', '读书会（改）'].sort());
      expect((await host.value('groups.get', { id: added.id })).name).toBe('跑步群');
    } finally {
      await host.stop();
    }
  });

  it('refuses a damaged backup and leaves the workspace and its backups unchanged', async () => {
    const dir = tempDir();
    const host = await startTestHost({ dir });
    try {
      for (let index = 0; index < 30; index += 1) {
        await host.value('groups.create', { fields: { name: `群 ${index}`, platform: 'qq', rules: '规则'.repeat(300) } });
      }
      const backup = await host.value('backups.run', { jobId: 'b1' });
      await host.value('groups.create', { fields: { name: '备份之后', platform: 'qq' } });
      damagePage(backup.path, rootPageOf(backup.path, 'groups'), { length: 64 });
      const groupsBefore = await host.value('groups.list', { includeArchived: true });
      const folderBefore = snapshotFolder(backupFolder(host.workspacePath));

      const result = await host.call('backups.restore', { fileName: backup.fileName });
      expect(result).toMatchObject({ ok: false, error: { code: 'WORKSPACE_CORRUPT', messageKey: 'errors.backupCorrupt' } });
      expect(await host.value('groups.list', { includeArchived: true })).toEqual(groupsBefore);
      expect(snapshotFolder(backupFolder(host.workspacePath))).toEqual(folderBefore);
    } finally {
      await host.stop();
    }
  });

  it("refuses a file in the backup folder that is not one of this workspace's backups", async () => {
    const dir = tempDir();
    const host = await startTestHost({ dir });
    try {
      await host.value('groups.create', { fields: { name: '读书会', platform: 'wechat' } });
      const folder = backupFolder(host.workspacePath);
      fs.mkdirSync(folder, { recursive: true });
      const impostor = 'workspace-20260101-000000-000-manual.sqlite';
      withRawDb(path.join(folder, impostor), (sqlite) => sqlite.exec('CREATE TABLE groups (name TEXT)'));
      const groupsBefore = await host.value('groups.list', {});

      expect(await host.call('backups.restore', { fileName: impostor })).toMatchObject({ ok: false, error: { code: 'NOT_A_WORKSPACE' } });
      // Only names of listed backups are accepted: no paths, no other files.
      for (const fileName of ['../workspace.sqlite', 'workspace.sqlite', `${impostor}.partial`, '/etc/passwd']) {
        expect(await host.call('backups.restore', { fileName })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      }
      expect(await host.value('groups.list', {})).toEqual(groupsBefore);
      expect(listBackups(host.workspacePath).map((entry) => entry.fileName)).toEqual([impostor]);
    } finally {
      await host.stop();
    }
  });
});
