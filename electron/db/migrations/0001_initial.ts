import { sql, type Kysely } from 'kysely';

/** Frozen: groups, the change log that powers history and undo, and workspace metadata. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE app_meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
  ) STRICT`.execute(db);

  await sql`CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    platform TEXT NOT NULL CHECK (platform IN ('wechat','wecom','qq','dingtalk','discord','telegram','other')),
    theme TEXT NOT NULL DEFAULT '',
    target_members TEXT NOT NULL DEFAULT '',
    core_value TEXT NOT NULL DEFAULT '',
    rules TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    created_on TEXT,
    capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','archived')),
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
  // Names are unique among active groups only: an archived "读书会" must not block a new one.
  await sql`CREATE UNIQUE INDEX groups_active_name ON groups (name COLLATE NOCASE) WHERE status = 'active'`.execute(db);

  await sql`CREATE TABLE change_batches (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('change','undo')),
    action_key TEXT NOT NULL,
    params_json TEXT NOT NULL DEFAULT '{}',
    at TEXT NOT NULL,
    undone_at TEXT
  ) STRICT`.execute(db);

  await sql`CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES change_batches(id),
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create','update','delete')),
    before_json TEXT,
    after_json TEXT,
    at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX audit_log_batch ON audit_log (batch_id)`.execute(db);
  await sql`CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)`.execute(db);
}
