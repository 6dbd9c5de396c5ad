import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File, writeRandomFile } from '../../helpers/files.ts';
import { startTestHost } from '../../helpers/host.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();

/** Open file descriptors of this process (worker threads included) on a file or its -wal/-shm. */
function openHandles(file: string): number {
  const fdDir = '/proc/self/fd';
  let count = 0;
  for (const fd of fs.readdirSync(fdDir)) {
    try {
      if (fs.readlinkSync(path.join(fdDir, fd)).startsWith(file)) count += 1;
    } catch {
      // closed while listing
    }
  }
  return count;
}

describe('switching workspaces through the shell', () => {
  it('creates, opens and reopens workspaces, remembering them as recent', async () => {
    const dir = tempDir();
    const host = await startTestHost({ dir });
    try {
      await host.value('groups.create', { fields: { name: '默认工作区的群', platform: 'qq' } });
      const second = path.join(dir, 'second.sqlite');
      host.platform.newAnswers.push(second);
      const created = await host.value('workspace.chooseNew', {});
      expect(created).toMatchObject({ path: second, name: 'second', isDefault: false, counts: { groups: 0 } });
      await host.value('groups.create', { fields: { name: '第二个工作区的群', platform: 'wechat' } });

      // Cancelled dialogs change nothing.
      expect(await host.value('workspace.chooseOpen', {})).toBeNull();
      expect(await host.value('workspace.chooseNew', {})).toBeNull();
      expect((await host.value('workspace.current', {})).path).toBe(second);

      const back = await host.value('workspace.openDefault', {});
      expect(back).toMatchObject({ path: host.workspacePath, isDefault: true });
      expect((await host.value('groups.list', {})).map((group) => group.name)).toEqual(['默认工作区的群']);
      expect((await host.value('settings.get', {})).recentWorkspaces).toEqual([host.workspacePath, second]);

      await host.value('workspace.openRecent', { path: second });
      expect((await host.value('groups.list', {})).map((group) => group.name)).toEqual(['第二个工作区的群']);
      expect(await host.call('workspace.openRecent', { path: path.join(dir, 'never-opened.sqlite') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    } finally {
      await host.stop();
    }
  });

  it('a workspace that cannot be opened leaves the current one open and the recent list as it was', async () => {
    const dir = tempDir();
    const host = await startTestHost({ dir });
    try {
      await host.value('groups.create', { fields: { name: '读书会', platform: 'qq' } });
      const junk = path.join(dir, 'junk.sqlite');
      writeRandomFile(junk, 10_000);
      const hash = sha256File(junk);
      const settingsBefore = await host.value('settings.get', {});
      host.platform.openAnswers.push(junk);
      expect(await host.call('workspace.chooseOpen', {})).toMatchObject({ ok: false, error: { code: 'NOT_A_WORKSPACE' } });
      expect(sha256File(junk)).toBe(hash);
      expect(await host.value('workspace.current', {})).toMatchObject({ path: host.workspacePath });
      expect((await host.value('groups.list', {})).map((group) => group.name)).toEqual(['读书会']);
      expect(await host.value('settings.get', {})).toEqual(settingsBefore);
    } finally {
      await host.stop();
    }
  });

  it('reopening the workspace that is already open does not leave its old connection open', async () => {
    const dir = tempDir();
    const host = await startTestHost({ dir });
    try {
      await host.value('groups.create', { fields: { name: '读书会', platform: 'qq' } });
      const handlesBefore = openHandles(host.workspacePath);
      expect(handlesBefore).toBeGreaterThan(0);
      for (let index = 0; index < 5; index += 1) await host.value('workspace.openDefault', {});
      const afterFive = openHandles(host.workspacePath);
      for (let index = 0; index < 5; index += 1) await host.value('workspace.openDefault', {});
      // SQLite keeps the descriptors of a connection that closes while another connection of the process
      // still has the file open (POSIX locks), and reuses them: with the writer and the checkpointer's
      // connection the count steps up once (3 → 6 here), but never grows with each reopen.
      expect(afterFive).toBeLessThanOrEqual(handlesBefore * 2);
      expect(openHandles(host.workspacePath)).toBe(afterFive);
      // And the workspace still works on its one connection.
      await host.value('groups.create', { fields: { name: '跑步群', platform: 'qq' } });
      expect(await host.value('groups.list', {})).toHaveLength(2);
    } finally {
      await host.stop();
    }
  });
});
