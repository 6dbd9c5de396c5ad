import path from 'node:path';
import type Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMigrationDatabase, type MigrationDatabase } from '../../helpers/migration-database.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();

/** A bare SQLite file with migrations 0001 to 0003 applied, members in it, then 0004, exactly as the migration files say. */
let database: MigrationDatabase;
let sqlite: Sqlite.Database;

const CITIES = ['上海', '北京', null];
const STAGES = ['new', 'potential', 'loyal', 'churned'];

beforeEach(async () => {
  database = await openMigrationDatabase(path.join(tempDir(), 'm0004.sqlite'), ['0001_initial', '0002_members', '0003_member_sort_indexes']);
  sqlite = database.sqlite;
  // Members who joined in id order (one a day from 2024-01-01), as a workspace at schema version 3 holds them.
  const insert = sqlite.prepare(
    `INSERT INTO members (display_name, name_pinyin, name_initials, city, stage, gender, phone, real_name, joined_on, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, date('2024-01-01', ? || ' days'), '2026-03-01T08:00:00.000Z', '2026-03-01T08:00:00.000Z')`,
  );
  sqlite.transaction(() => {
    for (let n = 0; n < 600; n += 1) {
      insert.run(`m${n}`, `m${n}`, 'm', CITIES[n % 3], STAGES[n % 4], n % 2 === 0 ? 'female' : 'male', `138${String(n).padStart(8, '0')}`, n % 5 === 0 ? null : `r${n % 7}`, n);
    }
  })();
  await database.run('0004_sort_indexes_cover_joined');
});

afterEach(async () => {
  await database.destroy();
});

/** Each re-created index: its name, its leading column(s), the column it is sorted by, whether it is partial. */
const WIDENED = [
  ['members_name_pinyin', ['name_pinyin', 'display_name'], false],
  ['members_real_name', ['real_name'], true],
  ['members_nickname', ['nickname'], true],
  ['members_phone', ['phone'], false],
  ['members_wechat', ['wechat_key'], false],
  ['members_email', ['email_key'], false],
  ['members_gender', ['gender'], false],
  ['members_birth_year', ['birth_year'], true],
  ['members_age_band', ['age_band'], true],
  ['members_city', ['city'], false],
  ['members_occupation', ['occupation'], true],
  ['members_source', ['source'], false],
  ['members_stage', ['stage'], false],
  ['members_updated', ['updated_at'], false],
] as const;

function plan(query: string, ...params: unknown[]): string {
  return sqlite
    .prepare(`EXPLAIN QUERY PLAN ${query}`)
    .all(...params)
    .map((step) => (step as { detail: string }).detail)
    .join(' | ');
}

describe('migration 0004_sort_indexes_cover_joined', () => {
  it('re-creates every sort index but the joined-date one with id and joined_on appended, keeping names and partial clauses', () => {
    for (const [index, columns, partial] of WIDENED) {
      expect(sqlite.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(index), index).toEqual([...columns, 'id', 'joined_on']);
      expect(sqlite.prepare("SELECT partial FROM pragma_index_list('members') WHERE name = ?").pluck().get(index), index).toBe(partial ? 1 : 0);
    }
    expect(sqlite.prepare("SELECT name FROM pragma_index_info('members_joined')").pluck().all()).toEqual(['joined_on']);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('walks a sort order with a joined-date check without reading a table row, in the directory’s order (column, then id)', () => {
    for (const [index, columns] of WIDENED) {
      const order = [...columns, 'id'];
      for (const direction of ['ASC', 'DESC']) {
        const query = `SELECT id FROM members INDEXED BY ${index} WHERE +joined_on >= '2024-06-01' AND +joined_on <= '2024-12-31' AND ${columns[0]} IS NOT NULL
          ORDER BY ${order.map((column) => `${column} ${direction}`).join(', ')} LIMIT 100`;
        const steps = plan(query);
        expect(steps, `${index} ${direction}`).toContain(`COVERING INDEX ${index}`);
        expect(steps, `${index} ${direction}`).not.toContain('TEMP B-TREE');
      }
    }
  });

  it('keeps the rows: the walk finds the same members in the same order as a full sort', () => {
    const walked = sqlite
      .prepare("SELECT id FROM members INDEXED BY members_city WHERE +joined_on BETWEEN '2024-06-01' AND '2024-12-31' AND city IS NOT NULL ORDER BY city DESC, id DESC")
      .pluck()
      .all();
    const sorted = sqlite
      .prepare("SELECT id FROM members NOT INDEXED WHERE joined_on BETWEEN '2024-06-01' AND '2024-12-31' AND city IS NOT NULL ORDER BY city DESC, id DESC")
      .pluck()
      .all();
    expect(walked.length).toBeGreaterThan(100);
    expect(walked).toEqual(sorted);
  });

  it('still serves equality lookups (duplicate keys), prefix ranges and the empty part of a sort straight off the indexes', () => {
    expect(plan('SELECT id FROM members WHERE phone = ?', '13800000007')).toContain('USING COVERING INDEX members_phone (phone=?)');
    expect(plan('SELECT id FROM members WHERE email_key = ?', 'a@b.c')).toContain('members_email (email_key=?)');
    expect(plan('SELECT id FROM members WHERE wechat_key = ?', 'wx')).toContain('members_wechat (wechat_key=?)');
    expect(plan("SELECT id FROM members WHERE name_pinyin >= 'm1' AND name_pinyin < 'm2' ORDER BY name_pinyin, display_name, id LIMIT 10")).toContain(
      'members_name_pinyin (name_pinyin>? AND name_pinyin<?)',
    );
    const empty = plan('SELECT id FROM members WHERE city IS NULL ORDER BY id LIMIT 10');
    expect(empty).toContain('COVERING INDEX members_city (city=?)');
    expect(empty).not.toContain('TEMP B-TREE');
    expect(sqlite.prepare('SELECT count(*) FROM members WHERE city IS NULL').pluck().get()).toBe(200);
    expect(sqlite.prepare("SELECT count(*) FROM members WHERE stage = 'loyal'").pluck().get()).toBe(150);
  });
});
