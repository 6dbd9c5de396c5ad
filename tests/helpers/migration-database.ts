/**
 * For the migration tests: a bare SQLite file with migrations applied one by one, exactly as their
 * files say (no app code in between), so that each test sees the schema its migration found.
 */
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { MIGRATIONS } from '../../electron/db/migrations/index.ts';

export interface MigrationDatabase {
  sqlite: Sqlite.Database;
  db: Kysely<unknown>;
  /** Applies one more migration. */
  run(name: string): Promise<void>;
  destroy(): Promise<void>;
}

export async function openMigrationDatabase(file: string, names: readonly string[], options: { foreignKeys?: boolean } = {}): Promise<MigrationDatabase> {
  const sqlite = new Sqlite(file);
  if (options.foreignKeys === true) sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  const run = async (name: string): Promise<void> => {
    const migration = MIGRATIONS[name];
    if (!migration) throw new Error(`migration ${name} is not listed`);
    await migration.up(db);
  };
  for (const name of names) await run(name);
  return { sqlite, db, run, destroy: () => db.destroy() };
}

const NOW = '2026-01-02T03:04:05.000Z';

/** Inserts a member row with the columns every schema version requires (张伟 unless `values` says otherwise); returns its id. */
export function insertMemberRow(sqlite: Sqlite.Database, values: Record<string, unknown>): number {
  const row = { display_name: '张伟', name_pinyin: 'zhangwei', name_initials: 'zw', created_at: NOW, updated_at: NOW, ...values };
  const columns = Object.keys(row);
  return Number(sqlite.prepare(`INSERT INTO members (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`).run(row).lastInsertRowid);
}

/** The ids the trigram search index finds for `text`, in id order. */
export function searchIndexIds(sqlite: Sqlite.Database, text: string): number[] {
  return sqlite.prepare('SELECT rowid FROM members_fts WHERE members_fts MATCH ? ORDER BY rowid').pluck().all(`"${text}"`) as number[];
}
