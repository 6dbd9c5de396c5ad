import path from 'node:path';
import type Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertMemberRow, openMigrationDatabase, searchIndexIds, type MigrationDatabase } from '../../helpers/migration-database.ts';
import { useTempDirs } from '../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();

/** A bare SQLite file with migrations 0001 to 0004 applied, two members in it, then 0005, exactly as the migration files say. */
let database: MigrationDatabase;
let sqlite: Sqlite.Database;

const insertMember = (values: Record<string, unknown>): number => insertMemberRow(sqlite, values);
const search = (text: string): number[] => searchIndexIds(sqlite, text);

let before: number;

beforeEach(async () => {
  database = await openMigrationDatabase(path.join(tempDir(), 'm0005.sqlite'), ['0001_initial', '0002_members', '0003_member_sort_indexes', '0004_sort_indexes_cover_joined'], { foreignKeys: true });
  sqlite = database.sqlite;
  before = insertMember({ phone: '13812345678' });
  await database.run('0005_search_triggers_unconditional');
});

afterEach(async () => {
  await database.destroy();
});

describe('migration 0005_search_triggers_unconditional', () => {
  it('drops member_search_defer and leaves no trigger that mentions it', () => {
    expect(sqlite.prepare("SELECT name FROM sqlite_schema WHERE name = 'member_search_defer'").all()).toEqual([]);
    const triggers = sqlite.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'members' ORDER BY name").all() as { name: string; sql: string }[];
    expect(triggers.map((trigger) => trigger.name)).toEqual(['members_fts_delete', 'members_fts_insert', 'members_fts_update']);
    for (const trigger of triggers) expect(trigger.sql, trigger.name).not.toContain('member_search_defer');
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('keeps members indexed before the migration findable, and indexes every write after it', () => {
    expect(search('5678')).toEqual([before]);
    const added = insertMember({ display_name: '李小雨', name_pinyin: 'lixiaoyu', name_initials: 'lxy', wechat_id: 'rain_li' });
    expect(search('李小雨')).toEqual([added]);
    expect(search('rain_')).toEqual([added]);

    sqlite.prepare('UPDATE members SET phone = ? WHERE id = ?').run('13900009999', before);
    expect(search('5678')).toEqual([]);
    expect(search('9999')).toEqual([before]);

    sqlite.prepare('DELETE FROM members WHERE id = ?').run(added);
    expect(search('李小雨')).toEqual([]);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('leaves the search index alone when an update writes the searched fields unchanged', () => {
    const segments = () => sqlite.prepare('SELECT count(*) FROM members_fts_data').pluck().get() as number;
    const segmentsBefore = segments();
    // An edit saves every field of the form, changed or not: only real changes may touch the index.
    sqlite.prepare('UPDATE members SET display_name = display_name, phone = phone, city = ? WHERE id = ?').run('上海', before);
    expect(segments()).toBe(segmentsBefore);
    expect(search('5678')).toEqual([before]);
  });
});
