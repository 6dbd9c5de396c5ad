import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import type { BackupEntry } from '../../shared/domain/workspace.ts';
import { appFailure } from '../../shared/contract/result.ts';

export const BACKUP_REASONS = ['manual', 'daily', 'before-migration', 'before-restore'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** Automatic backups are pruned to this many; backups the operator asked for are never deleted. */
export const KEEP_AUTOMATIC_BACKUPS = 10;

const NAME_PATTERN = /^(.+)-(\d{8})-(\d{6})-(\d{3})-(manual|daily|before-migration|before-restore)\.sqlite$/;

/** Backups live in a folder beside the workspace: `<folder>/<name>.backups/`. */
export function backupFolder(workspacePath: string): string {
  const parsed = path.parse(workspacePath);
  return path.join(parsed.dir, `${parsed.name}.backups`);
}

function stamp(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${iso.slice(20, 23)}`;
}

function parseName(fileName: string): { reason: BackupReason; createdAt: string } | null {
  const match = NAME_PATTERN.exec(fileName);
  if (!match) return null;
  const [, , ymd = '', hms = '', ms = '', reason = ''] = match;
  const createdAt = `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}T${hms.slice(0, 2)}:${hms.slice(2, 4)}:${hms.slice(4, 6)}.${ms}Z`;
  return { reason: reason as BackupReason, createdAt };
}

export function listBackups(workspacePath: string): BackupEntry[] {
  const folder = backupFolder(workspacePath);
  if (!fs.existsSync(folder)) return [];
  const entries: BackupEntry[] = [];
  for (const fileName of fs.readdirSync(folder)) {
    const parsed = parseName(fileName);
    if (!parsed) continue;
    const full = path.join(folder, fileName);
    entries.push({ path: full, fileName, reason: parsed.reason, createdAt: parsed.createdAt, sizeBytes: fs.statSync(full).size });
  }
  return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.fileName.localeCompare(a.fileName));
}

export interface BackupOptions {
  reason: BackupReason;
  now: Date;
  /** Called as pages are copied; throwing from it cancels the backup. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Copies the open workspace with SQLite's online backup API (consistent even while it is in use),
 * then prunes old automatic backups. A cancelled or failed backup leaves no partial file.
 */
export async function takeBackup(sqlite: Sqlite.Database, workspacePath: string, options: BackupOptions): Promise<BackupEntry> {
  const folder = backupFolder(workspacePath);
  fs.mkdirSync(folder, { recursive: true });
  const fileName = `${path.parse(workspacePath).name}-${stamp(options.now)}-${options.reason}.sqlite`;
  const target = path.join(folder, fileName);
  const partial = `${target}.partial`;
  try {
    await sqlite.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        options.onProgress?.(totalPages - remainingPages, totalPages);
        return 64;
      },
    });
    makeSelfContained(partial);
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  pruneAutomaticBackups(workspacePath);
  return { path: target, fileName, reason: options.reason, createdAt: options.now.toISOString(), sizeBytes: fs.statSync(target).size };
}

/**
 * The online backup copies the header of a WAL workspace, so the copy would be a WAL database too:
 * merely inspecting it read-only (as restore does) leaves -wal and -shm files beside it. A backup is
 * one self-contained file, so it is switched to the rollback journal.
 */
function makeSelfContained(copyPath: string): void {
  const copy = new Sqlite(copyPath, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

function pruneAutomaticBackups(workspacePath: string): void {
  const automatic = listBackups(workspacePath).filter((entry) => entry.reason !== 'manual');
  for (const old of automatic.slice(KEEP_AUTOMATIC_BACKUPS)) fs.rmSync(old.path, { force: true });
}

function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

/** Writes a standalone copy of the workspace to a path the operator chose ("save a copy", CLI `backup --out`). */
export async function copyWorkspaceTo(sqlite: Sqlite.Database, target: string): Promise<void> {
  const absolute = path.resolve(target);
  if (!fs.existsSync(path.dirname(absolute))) throw appFailure('IO', 'errors.folderMissing', { path: path.dirname(absolute) });
  // Renaming a copy over the live file would swap the database out from under its own connection.
  if (sameFile(absolute, sqlite.name)) throw appFailure('CONFLICT', 'errors.copyOntoItself', { path: absolute });
  const partial = `${absolute}.partial`;
  try {
    await sqlite.backup(partial);
    makeSelfContained(partial);
    fs.renameSync(partial, absolute);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** Finds a backup of this workspace by its file name only, so no caller can point restore at any other file. */
export function findBackup(workspacePath: string, fileName: string): BackupEntry {
  const entry = listBackups(workspacePath).find((candidate) => candidate.fileName === fileName);
  if (!entry) throw appFailure('NOT_FOUND', 'errors.backupNotFound', { fileName });
  return entry;
}
