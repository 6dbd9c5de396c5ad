import path from 'node:path';
import type Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMigrationDatabase, type MigrationDatabase } from '../../helpers/migration-database.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();

/** A bare SQLite file with migrations 0001 to 0003 applied, exactly as the migration files say. */
let database: MigrationDatabase;
let sqlite: Sqlite.Database;

beforeEach(async () => {
  database = await openMigrationDatabase(path.join(tempDir(), 'm0003.sqlite'), ['0001_initial', '0002_members', '0003_member_sort_indexes']);
  sqlite = database.sqlite;
});

afterEach(async () => {
  await database.destroy();
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
