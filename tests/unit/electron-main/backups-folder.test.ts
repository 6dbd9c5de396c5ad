import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupFolder } from '../../../electron/db/backup.ts';
import { backupsFolderOf } from '../../../electron/main/backups-folder.ts';

describe('backupsFolderOf (main, without SQLite)', () => {
  it('names the same folder as the backup service', () => {
    for (const file of ['/home/li/default.sqlite', '/data/社群 工作区.sqlite', 'relative/w.sqlite', '/x/no-extension', '/x/two.dots.sqlite']) {
      const absolute = path.resolve(file);
      expect(backupsFolderOf(absolute), file).toBe(backupFolder(absolute));
    }
  });
});
