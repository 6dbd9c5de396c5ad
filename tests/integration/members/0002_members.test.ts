import path from 'node:path';
import type Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertMemberRow, openMigrationDatabase, searchIndexIds, type MigrationDatabase } from '../../helpers/migration-database.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();

/** A bare SQLite file with migrations 0001 and 0002 applied, exactly as the migration files say. */
let database: MigrationDatabase;
let sqlite: Sqlite.Database;

beforeEach(async () => {
  database = await openMigrationDatabase(path.join(tempDir(), 'm0002.sqlite'), ['0001_initial', '0002_members'], { foreignKeys: true });
  sqlite = database.sqlite;
});

afterEach(async () => {
  await database.destroy();
});

const NOW = '2026-01-02T03:04:05.000Z';

const insertMember = (values: Record<string, unknown>): number => insertMemberRow(sqlite, values);
const search = (text: string): number[] => searchIndexIds(sqlite, text);

function errorCode(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : String(error);
  }
}

describe('migration 0002_members', () => {
  it('creates the member tables as STRICT tables', () => {
    const tables = sqlite.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'members_fts%' ORDER BY name").all();
    expect(tables).toEqual(
      [
        'app_meta',
        'audit_log',
        'change_batches',
        'duplicate_dismissals',
        'groups',
        'import_batches',
        'import_templates',
        'member_merges',
        'member_search_defer',
        'member_tags',
        'members',
        'memberships',
        'segments',
        'tags',
      ].map((name) => ({ name, strict: 1 })),
    );
    const columns = (sqlite.prepare("SELECT name FROM pragma_table_info('members') ORDER BY cid").pluck().all() as string[]);
    expect(columns).toEqual([
      'id', 'display_name', 'real_name', 'nickname', 'aliases', 'phone', 'phone_original', 'wechat_id', 'wechat_key', 'email', 'email_key',
      'gender', 'birth_year', 'age_band', 'city', 'occupation', 'interests', 'source', 'joined_on', 'inviter_id', 'stage', 'notes',
      'custom_json', 'is_sample', 'import_id', 'name_pinyin', 'name_initials', 'search_extra', 'created_at', 'updated_at',
    ]);
  });

  it('indexes every key, sort order and filter the directory uses', () => {
    const indexes = sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'members' AND sql IS NOT NULL ORDER BY name").pluck().all();
    expect(indexes).toEqual([
      'members_city', 'members_email', 'members_gender', 'members_inviter', 'members_joined', 'members_name_initials', 'members_name_pinyin',
      'members_phone', 'members_sample', 'members_source', 'members_stage', 'members_updated', 'members_wechat',
    ]);
    const plan = (query: string) => (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as Array<{ detail: string }>).map((step) => step.detail).join(' | ');
    expect(plan("SELECT id FROM members WHERE phone = '13800000000'")).toContain('members_phone');
    expect(plan('SELECT id FROM members ORDER BY name_pinyin, display_name, id LIMIT 100')).not.toContain('TEMP B-TREE');
    expect(plan("SELECT member_id FROM memberships WHERE group_id = 1 AND left_on IS NULL")).toContain('COVERING INDEX memberships_group');
  });

  it('keeps the trigram index in step with members through insert, update and delete', () => {
    const id = insertMember({ phone: '13812345678', wechat_id: 'Wx_Zhang', email: 'Zhang@Example.com', nickname: '伟哥' });
    expect(search('zhangwei')).toEqual([id]);
    expect(search('5678')).toEqual([id]);
    expect(search('wx_zhang')).toEqual([id]);
    expect(search('zhang@example')).toEqual([id]);
    expect(search('张伟')).toEqual([]); // two characters: the directory searches those by prefix, not here
    sqlite.prepare("UPDATE members SET display_name = '张伟华', phone = '13900009999' WHERE id = ?").run(id);
    expect(search('张伟华')).toEqual([id]);
    expect(search('5678')).toEqual([]);
    expect(search('9999')).toEqual([id]);
    sqlite.prepare("UPDATE members SET stage = 'loyal' WHERE id = ?").run(id);
    expect(search('9999')).toEqual([id]);
    sqlite.prepare('DELETE FROM members WHERE id = ?').run(id);
    expect(search('9999')).toEqual([]);
    expect(sqlite.prepare('SELECT count(*) AS n FROM members_fts_docsize').get()).toEqual({ n: 0 });
  });

  it('lets a bulk writer switch the index triggers off inside its transaction', () => {
    sqlite.exec('BEGIN');
    sqlite.exec('INSERT INTO member_search_defer (id) VALUES (1)');
    const id = insertMember({ phone: '13812345678' });
    expect(search('5678')).toEqual([]);
    sqlite.exec('DELETE FROM member_search_defer');
    sqlite.exec('COMMIT');
    sqlite.prepare("UPDATE members SET phone = '13800001111' WHERE id = ?").run(id);
    expect(search('1111')).toEqual([id]);
    expect(errorCode(() => sqlite.exec('INSERT INTO member_search_defer (id) VALUES (2)'))).toBe('SQLITE_CONSTRAINT_CHECK');
  });

  it('checks the closed vocabularies and the basic shape of values', () => {
    expect(errorCode(() => insertMember({ gender: 'other' }))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(errorCode(() => insertMember({ stage: 'vip' }))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(errorCode(() => insertMember({ birth_year: 1800 }))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(errorCode(() => insertMember({ display_name: '' }))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(errorCode(() => insertMember({ birth_year: '1990' }))).toBeNull();
    expect(errorCode(() => insertMember({ birth_year: 'abc' }))).toBe('SQLITE_CONSTRAINT_DATATYPE');
    const member = insertMember({});
    const group = Number(sqlite.prepare(`INSERT INTO groups (name, platform, created_at, updated_at) VALUES ('读书会', 'wechat', ?, ?)`).run(NOW, NOW).lastInsertRowid);
    const membership = (role: string) =>
      sqlite.prepare('INSERT INTO memberships (member_id, group_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(member, group, role, NOW, NOW);
    expect(errorCode(() => membership('boss'))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(errorCode(() => membership('admin'))).toBeNull();
    expect(errorCode(() => membership('member'))).toBe('SQLITE_CONSTRAINT_UNIQUE');
    const other = insertMember({});
    expect(errorCode(() => sqlite.prepare('INSERT INTO duplicate_dismissals (member_a, member_b, created_at) VALUES (?, ?, ?)').run(other, member, NOW))).toBe('SQLITE_CONSTRAINT_CHECK');
    sqlite.prepare(`INSERT INTO tags (name, created_at) VALUES ('KOL', ?)`).run(NOW);
    expect(errorCode(() => sqlite.prepare(`INSERT INTO tags (name, created_at) VALUES ('kol', ?)`).run(NOW))).toBe('SQLITE_CONSTRAINT_UNIQUE');
  });

  it('keeps memberships as history: a group with members cannot be deleted; a deleted member takes its rows along', () => {
    const inviter = insertMember({});
    const member = insertMember({ inviter_id: inviter });
    const group = Number(sqlite.prepare(`INSERT INTO groups (name, platform, created_at, updated_at) VALUES ('读书会', 'wechat', ?, ?)`).run(NOW, NOW).lastInsertRowid);
    sqlite.prepare('INSERT INTO memberships (member_id, group_id, created_at, updated_at) VALUES (?, ?, ?, ?)').run(member, group, NOW, NOW);
    const tag = Number(sqlite.prepare(`INSERT INTO tags (name, created_at) VALUES ('KOL', ?)`).run(NOW).lastInsertRowid);
    sqlite.prepare('INSERT INTO member_tags (member_id, tag_id, created_at) VALUES (?, ?, ?)').run(member, tag, NOW);
    expect(errorCode(() => sqlite.prepare('DELETE FROM groups WHERE id = ?').run(group))).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    sqlite.prepare('DELETE FROM members WHERE id = ?').run(inviter);
    expect(sqlite.prepare('SELECT inviter_id FROM members WHERE id = ?').pluck().get(member)).toBeNull();
    sqlite.prepare('DELETE FROM members WHERE id = ?').run(member);
    expect(sqlite.prepare('SELECT (SELECT count(*) FROM memberships) + (SELECT count(*) FROM member_tags) AS n').get()).toEqual({ n: 0 });
    expect(errorCode(() => sqlite.prepare('DELETE FROM groups WHERE id = ?').run(group))).toBeNull();
  });

  it('never reuses a member id, so history and referrals never point at the wrong person', () => {
    const first = insertMember({});
    sqlite.prepare('DELETE FROM members WHERE id = ?').run(first);
    expect(insertMember({})).toBe(first + 1);
  });
});
