import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { AppFailure, appFailure } from '../../shared/contract/result.ts';
import type { Database } from './schema.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, MIGRATION_NAMES } from './migrations/index.ts';
import { listBackups, takeBackup } from './backup.ts';

/** Marks a SQLite file as a Community Desk workspace ("CDSK"), so any other database is refused. */
export const WORKSPACE_APPLICATION_ID = 0x4344534b;

export interface Workspace {
  path: string;
  sqlite: Sqlite.Database;
  db: Kysely<Database>;
  schemaVersion: number;
  close(): Promise<void>;
}

export interface OpenWorkspaceOptions {
  /** Create the file when it does not exist (the default workspace, `init`, "new workspace"). */
  create?: boolean;
  /** Take the first-open-of-the-day backup. Off for short-lived CLI reads and tests that count backups. */
  dailyBackup?: boolean;
  now?: () => Date;
}

function configure(sqlite: Sqlite.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // FULL: a committed import survives a power cut, not only a crash of the app.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  // 16 MB of page cache instead of SQLite's 2 MB: a big import touches pages of every member index
  // at random, and with 2 MB they were thrown out and read back all the time (a 100k-row import
  // stored ~35% faster). Small next to the 400 MB a million-row import may use.
  sqlite.pragma('cache_size = -16384');
}

function openFile(filePath: string, create: boolean): Sqlite.Database {
  const exists = fs.existsSync(filePath);
  if (!exists && !create) throw appFailure('WORKSPACE_NOT_FOUND', 'errors.workspaceNotFound', { path: filePath });
  if (exists && fs.statSync(filePath).isDirectory()) throw appFailure('NOT_A_WORKSPACE', 'errors.notAWorkspace', { path: filePath });
  if (!exists) fs.mkdirSync(path.dirname(filePath), { recursive: true });
  try {
    const sqlite = new Sqlite(filePath, { fileMustExist: !create });
    // Reading the schema forces SQLite to look at the header: a non-database file fails here.
    sqlite.pragma('schema_version', { simple: true });
    return sqlite;
  } catch (error) {
    throw classifyOpenError(error, filePath);
  }
}

function classifyOpenError(error: unknown, filePath: string): Error {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'SQLITE_NOTADB') return appFailure('NOT_A_WORKSPACE', 'errors.notAWorkspace', { path: filePath });
  if (code === 'SQLITE_CORRUPT') return appFailure('WORKSPACE_CORRUPT', 'errors.workspaceCorrupt', { path: filePath });
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return appFailure('WORKSPACE_LOCKED', 'errors.workspaceLocked', { path: filePath });
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return appFailure('IO', 'errors.cannotOpen', { path: filePath });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs SQLite's quick_check; anything but "ok" means the file is damaged. */
export function integrityProblems(sqlite: Sqlite.Database, mode: 'quick_check' | 'integrity_check' = 'quick_check'): string[] {
  const rows = sqlite.pragma(mode) as Array<Record<string, string>>;
  const messages = rows.map((row) => Object.values(row)[0] ?? '');
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

function userTableCount(sqlite: Sqlite.Database): number {
  const row = sqlite.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").get() as { n: number };
  return row.n;
}

function appliedMigrations(sqlite: Sqlite.Database): string[] {
  const table = sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'kysely_migration'").get();
  if (!table) return [];
  return (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as Array<{ name: string }>).map((row) => row.name);
}

/**
 * Opens (or creates) a workspace: identify it, check it, refuse a newer schema, back it up before
 * migrating, migrate in one transaction, and take the daily backup.
 */
export async function openWorkspace(filePath: string, options: OpenWorkspaceOptions = {}): Promise<Workspace> {
  const absolute = path.resolve(filePath);
  const now = options.now ?? (() => new Date());
  const sqlite = openFile(absolute, options.create === true);
  try {
    let fresh: boolean;
    let applied: string[];
    try {
      // Reading the schema is the first real read: a damaged schema page fails here, not in quick_check.
      fresh = userTableCount(sqlite) === 0;
      const applicationId = sqlite.pragma('application_id', { simple: true }) as number;
      if (!fresh && applicationId !== WORKSPACE_APPLICATION_ID) {
        throw appFailure('NOT_A_WORKSPACE', 'errors.notAWorkspace', { path: absolute });
      }
      const problems = integrityProblems(sqlite);
      if (problems.length > 0) throw appFailure('WORKSPACE_CORRUPT', 'errors.workspaceCorrupt', { path: absolute, detail: problems[0] ?? '' });
      applied = appliedMigrations(sqlite);
    } catch (error) {
      throw error instanceof AppFailure ? error : classifyOpenError(error, absolute);
    }
    const unknown = applied.filter((name) => !(name in MIGRATIONS));
    if (unknown.length > 0) {
      throw appFailure('WORKSPACE_NEWER', 'errors.workspaceNewer', { path: absolute, version: applied.length, supported: LATEST_SCHEMA_VERSION });
    }
    configure(sqlite);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    const pending = MIGRATION_NAMES.filter((name) => !applied.includes(name));
    if (pending.length > 0) {
      if (!fresh) await takeBackup(sqlite, absolute, { reason: 'before-migration', now: now() });
      await migrate(sqlite, db);
    }
    if (options.dailyBackup === true && !fresh) await takeDailyBackupIfDue(sqlite, absolute, now());
    return {
      path: absolute,
      sqlite,
      db,
      schemaVersion: LATEST_SCHEMA_VERSION,
      async close() {
        await db.destroy();
      },
    };
  } catch (error) {
    if (sqlite.open) sqlite.close();
    throw error;
  }
}

/**
 * Runs every pending migration and stamps the file as ours, all in one transaction: a failure or a
 * crash midway leaves the workspace exactly as it was. Kysely's migrator runs SQLite migrations
 * without a transaction of its own, so the transaction is opened here on the one connection.
 */
async function migrate(sqlite: Sqlite.Database, db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
      throw appFailure('INTERNAL', 'errors.migrationFailed', { migration: failed, detail: error instanceof Error ? error.message : String(error) });
    }
    sqlite.pragma(`application_id = ${WORKSPACE_APPLICATION_ID}`);
    sqlite.pragma(`user_version = ${LATEST_SCHEMA_VERSION}`);
    sqlite.exec('COMMIT');
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

/** The calendar day on the operator's own clock: a Beijing operator's day must not turn at 08:00. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

async function takeDailyBackupIfDue(sqlite: Sqlite.Database, workspacePath: string, now: Date): Promise<void> {
  const today = localDay(now);
  const already = listBackups(workspacePath).some((backup) => localDay(new Date(backup.createdAt)) === today);
  if (!already) await takeBackup(sqlite, workspacePath, { reason: 'daily', now });
}
