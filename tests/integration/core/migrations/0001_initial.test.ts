import path from 'node:path';
import type Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMigrationDatabase, type MigrationDatabase } from '../../../helpers/migration-database.ts';
import { useTempDirs } from '../../../helpers/temp-dirs.ts';

const tempDir = useTempDirs();

/** A bare SQLite file with only migration 0001 applied, exactly as the migration file says. */
let database: MigrationDatabase;
let sqlite: Sqlite.Database;

beforeEach(async () => {
  database = await openMigrationDatabase(path.join(tempDir(), 'm0001.sqlite'), ['0001_initial'], { foreignKeys: true });
  sqlite = database.sqlite;
});

afterEach(async () => {
  await database.destroy();
});

const NOW = '2026-01-02T03:04:05.000Z';

function insertGroup(values: Record<string, unknown>): void {
  const row = { name: '读书会', platform: 'wechat', status: 'active', created_at: NOW, updated_at: NOW, ...values };
  const columns = Object.keys(row);
  sqlite.prepare(`INSERT INTO groups (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
}

function errorCode(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : String(error);
  }
}

describe('migration 0001_initial', () => {
  it('creates the four tables as STRICT tables with the expected columns', () => {
    const tables = sqlite.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
    expect(tables).toEqual([
      { name: 'app_meta', strict: 1 },
      { name: 'audit_log', strict: 1 },
      { name: 'change_batches', strict: 1 },
      { name: 'groups', strict: 1 },
    ]);
    const columns = (table: string) =>
      (sqlite.prepare(`SELECT name, type, "notnull" AS not_null, pk FROM pragma_table_info('${table}') ORDER BY cid`).all() as Array<{ name: string; type: string; not_null: number; pk: number }>).map(
        (column) => `${column.name} ${column.type}${column.not_null ? ' NOT NULL' : ''}${column.pk ? ' PK' : ''}`,
      );
    expect(columns('groups')).toEqual([
      'id INTEGER PK',
      'name TEXT NOT NULL',
      'platform TEXT NOT NULL',
      'theme TEXT NOT NULL',
      'target_members TEXT NOT NULL',
      'core_value TEXT NOT NULL',
      'rules TEXT NOT NULL',
      'owner TEXT NOT NULL',
      'created_on TEXT',
      'capacity INTEGER',
      'status TEXT NOT NULL',
      'archived_at TEXT',
      'created_at TEXT NOT NULL',
      'updated_at TEXT NOT NULL',
    ]);
    expect(columns('change_batches')).toEqual(['id INTEGER PK', 'kind TEXT NOT NULL', 'action_key TEXT NOT NULL', 'params_json TEXT NOT NULL', 'at TEXT NOT NULL', 'undone_at TEXT']);
    expect(columns('audit_log')).toEqual([
      'id INTEGER PK',
      'batch_id INTEGER NOT NULL',
      'entity TEXT NOT NULL',
      'entity_id INTEGER NOT NULL',
      'action TEXT NOT NULL',
      'before_json TEXT',
      'after_json TEXT',
      'at TEXT NOT NULL',
    ]);
    expect(columns('app_meta')).toEqual(['key TEXT NOT NULL PK', 'value TEXT NOT NULL']);
  });

  it('fills the optional text columns with empty strings and the status with active', () => {
    sqlite.prepare("INSERT INTO groups (name, platform, created_at, updated_at) VALUES ('读书会', 'qq', ?, ?)").run(NOW, NOW);
    expect(sqlite.prepare('SELECT theme, target_members, core_value, rules, owner, created_on, capacity, status, archived_at FROM groups').get()).toEqual({
      theme: '',
      target_members: '',
      core_value: '',
      rules: '',
      owner: '',
      created_on: null,
      capacity: null,
      status: 'active',
      archived_at: null,
    });
  });

  it('refuses group rows that break the CHECK constraints', () => {
    expect(errorCode(() => insertGroup({ name: '' }))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(errorCode(() => insertGroup({ name: 'x'.repeat(101) }))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(errorCode(() => insertGroup({ platform: 'weibo' }))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(errorCode(() => insertGroup({ capacity: 0 }))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(errorCode(() => insertGroup({ capacity: -5 }))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(errorCode(() => insertGroup({ status: 'deleted' }))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(sqlite.prepare('SELECT count(*) AS n FROM groups').get()).toEqual({ n: 0 });
    // The limits themselves are allowed.
    insertGroup({ name: 'x'.repeat(100), capacity: 1, platform: 'telegram', status: 'archived' });
    expect(sqlite.prepare('SELECT count(*) AS n FROM groups').get()).toEqual({ n: 1 });
  });

  it('is STRICT: a value of the wrong type is refused instead of stored', () => {
    expect(errorCode(() => insertGroup({ capacity: 'two hundred' }))).toBe('SQLITE_CONSTRAINT_DATATYPE');
    expect(errorCode(() => insertGroup({ capacity: 1.5 }))).toBe('SQLITE_CONSTRAINT_DATATYPE');
    expect(errorCode(() => insertGroup({ created_at: Buffer.from('blob') }))).toBe('SQLITE_CONSTRAINT_DATATYPE');
    expect(errorCode(() => sqlite.prepare("INSERT INTO app_meta (key, value) VALUES ('k', ?)").run(Buffer.from([1])))).toBe('SQLITE_CONSTRAINT_DATATYPE');
  });

  it('keeps names unique among active groups only, ignoring case', () => {
    insertGroup({ name: 'Book Club' });
    expect(errorCode(() => insertGroup({ name: 'book club' }))).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(errorCode(() => insertGroup({ name: 'BOOK CLUB' }))).toBe('SQLITE_CONSTRAINT_UNIQUE');
    // Archived groups do not take the name, and any number of them may share it.
    insertGroup({ name: 'Book Club', status: 'archived' });
    insertGroup({ name: 'book club', status: 'archived' });
    sqlite.prepare("UPDATE groups SET status = 'archived' WHERE status = 'active'").run();
    insertGroup({ name: 'BOOK club' });
    const index = sqlite.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'groups_active_name'").get() as { sql: string };
    expect(index.sql).toMatch(/UNIQUE INDEX groups_active_name ON groups \(name COLLATE NOCASE\) WHERE status = 'active'/);
    // Unarchiving into a taken name is refused by the index too.
    expect(errorCode(() => sqlite.prepare("UPDATE groups SET status = 'active' WHERE name = 'Book Club'").run())).toBe('SQLITE_CONSTRAINT_UNIQUE');
  });

  it('constrains the change log: kinds, actions and the batch reference', () => {
    const batch = (kind: string) => sqlite.prepare("INSERT INTO change_batches (kind, action_key, at) VALUES (?, 'k', ?)").run(kind, NOW);
    expect(errorCode(() => batch('redo'))).toBe('SQLITE_CONSTRAINT_CHECK');
    const batchId = Number(batch('change').lastInsertRowid);
    batch('undo');
    expect(sqlite.prepare('SELECT params_json, undone_at FROM change_batches WHERE id = ?').get(batchId)).toEqual({ params_json: '{}', undone_at: null });

    const audit = (batchRef: number, action: string) =>
      sqlite.prepare("INSERT INTO audit_log (batch_id, entity, entity_id, action, before_json, after_json, at) VALUES (?, 'group', 1, ?, NULL, '{}', ?)").run(batchRef, action, NOW);
    expect(errorCode(() => audit(batchId, 'merge'))).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(errorCode(() => audit(9999, 'create'))).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    audit(batchId, 'create');
    audit(batchId, 'update');
    audit(batchId, 'delete');
    expect(errorCode(() => sqlite.prepare('DELETE FROM change_batches WHERE id = ?').run(batchId))).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });

  it('indexes the audit log by batch and by entity', () => {
    const indexes = sqlite.prepare("SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all();
    expect(indexes).toEqual([
      { name: 'audit_log_batch', tbl_name: 'audit_log' },
      { name: 'audit_log_entity', tbl_name: 'audit_log' },
      { name: 'groups_active_name', tbl_name: 'groups' },
    ]);
    const plan = sqlite.prepare("EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE entity = 'group' AND entity_id = 3").all() as Array<{ detail: string }>;
    expect(plan.map((step) => step.detail).join(' ')).toContain('audit_log_entity');
  });
});
