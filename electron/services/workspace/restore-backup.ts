import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { appFailure } from '../../../shared/contract/result.ts';
import { integrityProblems, WORKSPACE_APPLICATION_ID } from '../../db/workspace.ts';
import { backupFolder, listBackups } from '../../db/backup.ts';
import type { BackupEntry } from '../../../shared/domain/workspace.ts';

/** Refuses a backup file that is damaged or not a workspace, before anything is replaced. */
export function assertRestorableBackup(backupPath: string): void {
  let sqlite: Sqlite.Database | null = null;
  try {
    sqlite = new Sqlite(backupPath, { readonly: true, fileMustExist: true });
    const applicationId = sqlite.pragma('application_id', { simple: true });
    if (applicationId !== WORKSPACE_APPLICATION_ID) throw appFailure('NOT_A_WORKSPACE', 'errors.notAWorkspace', { path: backupPath });
    if (integrityProblems(sqlite, 'integrity_check').length > 0) throw appFailure('WORKSPACE_CORRUPT', 'errors.backupCorrupt', { path: backupPath });
  } catch (error) {
    if (error instanceof Error && error.name === 'AppFailure') throw error;
    throw appFailure('WORKSPACE_CORRUPT', 'errors.backupCorrupt', { path: backupPath });
  } finally {
    sqlite?.close();
  }
}

/**
 * Replaces a closed workspace file with a backup: copy beside it, flush, then rename over it, so a
 * crash mid-way leaves either the old file or the restored one, never a mix. Stale WAL files of
 * the old workspace are removed, or SQLite would replay them onto the restored file.
 */
export function replaceWorkspaceFile(workspacePath: string, backupPath: string): void {
  const staging = `${workspacePath}.restoring`;
  fs.copyFileSync(backupPath, staging);
  const handle = fs.openSync(staging, 'r+');
  fs.fsyncSync(handle);
  fs.closeSync(handle);
  fs.rmSync(`${workspacePath}-wal`, { force: true });
  fs.rmSync(`${workspacePath}-shm`, { force: true });
  fs.renameSync(staging, workspacePath);
}

/**
 * The way out of a damaged workspace that cannot even be opened: move the damaged file (and its WAL)
 * aside into the backups folder, never deleting it, and put the newest backup that passes an
 * integrity check in its place. Throws NOT_FOUND when no backup is usable (nothing is moved then).
 */
export function restoreLatestBackupInPlace(workspacePath: string, now: Date): BackupEntry {
  const usable = listBackups(workspacePath).find((entry) => {
    try {
      assertRestorableBackup(entry.path);
      return true;
    } catch {
      return false;
    }
  });
  if (!usable) throw appFailure('NOT_FOUND', 'errors.noUsableBackup', { path: workspacePath });
  const stamp = now.toISOString().replace(/[-:.]/g, '').slice(0, 15);
  const aside = path.join(backupFolder(workspacePath), `${path.parse(workspacePath).name}-damaged-${stamp}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(`${workspacePath}${suffix}`)) fs.renameSync(`${workspacePath}${suffix}`, `${aside}${suffix}`);
  }
  replaceWorkspaceFile(workspacePath, usable.path);
  return usable;
}
