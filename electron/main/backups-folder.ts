import path from 'node:path';

/**
 * The backups folder of a workspace, `<folder>/<name>.backups/`, as electron/db/backup.ts names it.
 * Repeated here so main does not import backup.ts, which loads better-sqlite3: the main process
 * never touches SQLite. tests/unit/electron-main/backups-folder.test.ts keeps the two in step.
 */
export function backupsFolderOf(workspacePath: string): string {
  const parsed = path.parse(workspacePath);
  return path.join(parsed.dir, `${parsed.name}.backups`);
}
