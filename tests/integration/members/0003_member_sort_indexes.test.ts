import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../electron/db/migrations/index.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();

/** A bare SQLite file with migrations 0001 to 0003 applied, exactly as the migration files say. */
let sqlite: Sqlite.Database;
let db: Kysely<unknown>;

beforeEach(async () => {
  sqlite = new Sqlite(path.join(tempDir(), 'm0003.sqlite'));
  db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  for (const name of ['0001_initial', '0002_members', '0003_member_sort_indexes']) {
    const migration = MIGRATIONS[name];
    if (!migration) throw new Error(`migration ${name} is not listed`);
    await migration.up(db);
  }
});

afterEach(async () => {
  await db.destroy();
});

const SORTED = [
  ['members_real_name', 'real_name'],
  ['members_nickname', 'nickname'],
  ['members_birth_year', 'birth_year'],
  ['members_age_band', 'age_band'],
  ['members_occupation', 'occupation'],
] as const;

describe('migration 0003_member_sort_indexes', () => {
  it('indexes the values (not the empty cells) of the sort columns 0002 left without an index', () => {
    for (const [index, column] of SORTED) {
      expect(sqlite.prepare('SELECT name FROM pragma_index_info(?)').pluck().all(index), index).toEqual([column]);
      expect(sqlite.prepare("SELECT partial FROM pragma_index_list('members') WHERE name = ?").pluck().get(index), index).toBe(1);
    }
  });

  it('serves a page in each of these orders straight off its index, without sorting the table', () => {
    for (const [index, column] of SORTED) {
      const plan = sqlite
        .prepare(`EXPLAIN QUERY PLAN SELECT id FROM members WHERE ${column} IS NOT NULL ORDER BY ${column} DESC, id DESC LIMIT 100`)
        .all()
        .map((step) => (step as { detail: string }).detail)
        .join(' | ');
      expect(plan, column).toContain(index);
      expect(plan, column).not.toContain('TEMP B-TREE');
    }
  });
});
