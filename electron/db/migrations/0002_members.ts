import { sql, type Kysely } from 'kysely';

/**
 * Frozen: members and everything around them (memberships, tags, import batches and templates,
 * segments, "not a duplicate" pairs, merges) and the trigram search index.
 *
 * Speed notes (1,000,000 members): every sortable column that the directory offers has a plain
 * (non-partial) index, so a page in any of those orders is an index range; NULLs are kept in the
 * indexes so "empty last" can be served as a second range. Quick search of 3+ characters goes through
 * the FTS5 trigram index (substring over names, nicknames, pinyin, initials, phone, WeChat, e-mail);
 * 1-2 character searches are prefix ranges over name_pinyin / name_initials.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    change_batch_id INTEGER REFERENCES change_batches(id),
    file_name TEXT NOT NULL,
    sheet TEXT,
    policy TEXT NOT NULL CHECK (policy IN ('fill-empty','overwrite','skip')),
    mapping_json TEXT NOT NULL DEFAULT '{}',
    created_count INTEGER NOT NULL DEFAULT 0,
    updated_count INTEGER NOT NULL DEFAULT 0,
    unchanged_count INTEGER NOT NULL DEFAULT 0,
    skipped_count INTEGER NOT NULL DEFAULT 0,
    conflict_count INTEGER NOT NULL DEFAULT 0,
    problem_count INTEGER NOT NULL DEFAULT 0,
    counts_json TEXT NOT NULL DEFAULT '{}',
    problems_json TEXT NOT NULL DEFAULT '[]',
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL
  ) STRICT`.execute(db);

  await sql`CREATE TABLE members (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    real_name TEXT,
    nickname TEXT,
    aliases TEXT,
    phone TEXT,
    phone_original TEXT,
    wechat_id TEXT,
    wechat_key TEXT,
    email TEXT,
    email_key TEXT,
    gender TEXT CHECK (gender IN ('male','female','unknown')),
    birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
    age_band TEXT,
    city TEXT,
    occupation TEXT,
    interests TEXT,
    source TEXT,
    joined_on TEXT,
    inviter_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    stage TEXT CHECK (stage IN ('new','potential','loyal','churned')),
    notes TEXT,
    custom_json TEXT,
    is_sample INTEGER NOT NULL DEFAULT 0 CHECK (is_sample IN (0,1)),
    import_id INTEGER REFERENCES import_batches(id),
    name_pinyin TEXT NOT NULL,
    name_initials TEXT NOT NULL,
    search_extra TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
  // Keys that identify a person (never the name alone); not unique: the duplicate finder shows them.
  await sql`CREATE INDEX members_phone ON members (phone)`.execute(db);
  await sql`CREATE INDEX members_wechat ON members (wechat_key)`.execute(db);
  await sql`CREATE INDEX members_email ON members (email_key)`.execute(db);
  await sql`CREATE INDEX members_inviter ON members (inviter_id) WHERE inviter_id IS NOT NULL`.execute(db);
  // Sort orders and filters of the directory.
  await sql`CREATE INDEX members_name_pinyin ON members (name_pinyin, display_name)`.execute(db);
  await sql`CREATE INDEX members_name_initials ON members (name_initials)`.execute(db);
  await sql`CREATE INDEX members_joined ON members (joined_on)`.execute(db);
  await sql`CREATE INDEX members_city ON members (city)`.execute(db);
  await sql`CREATE INDEX members_source ON members (source)`.execute(db);
  await sql`CREATE INDEX members_stage ON members (stage)`.execute(db);
  await sql`CREATE INDEX members_gender ON members (gender)`.execute(db);
  await sql`CREATE INDEX members_updated ON members (updated_at)`.execute(db);
  await sql`CREATE INDEX members_sample ON members (is_sample) WHERE is_sample = 1`.execute(db);

  // Substring search. Contentless (the text lives in members), kept in step by triggers so that
  // every write path, including undo restoring rows, keeps the index right. A bulk writer (an import,
  // the sample generator) puts a row in member_search_defer for the length of its transaction and
  // indexes its rows itself in a few set-based statements: per-row trigger inserts each open a
  // statement savepoint, and FTS5 flushes its pending terms at every savepoint, which makes row-by-row
  // indexing many times slower.
  // Every name in the names column starts with char(2), so a 2-character query can ask for names
  // that START with it ("\u0002小雨" is a trigram) while longer queries match anywhere.
  await sql`CREATE TABLE member_search_defer (id INTEGER PRIMARY KEY CHECK (id = 1)) STRICT`.execute(db);
  await sql`CREATE VIRTUAL TABLE members_fts USING fts5(
    names, spell, contact,
    tokenize = 'trigram', content = '', contentless_delete = 1
  )`.execute(db);
  await sql`CREATE TRIGGER members_fts_insert AFTER INSERT ON members
  WHEN NOT EXISTS (SELECT 1 FROM member_search_defer)
  BEGIN
    INSERT INTO members_fts (rowid, names, spell, contact) VALUES (
      new.id,
      concat_ws(char(10), char(2) || new.display_name, char(2) || new.real_name, char(2) || new.nickname, char(2) || replace(new.aliases, char(10), char(10) || char(2))),
      concat_ws(char(10), new.name_pinyin, new.name_initials, new.search_extra),
      concat_ws(char(10), new.phone, new.wechat_id, new.email)
    );
  END`.execute(db);
  await sql`CREATE TRIGGER members_fts_delete AFTER DELETE ON members
  WHEN NOT EXISTS (SELECT 1 FROM member_search_defer)
  BEGIN
    DELETE FROM members_fts WHERE rowid = old.id;
  END`.execute(db);
  await sql`CREATE TRIGGER members_fts_update AFTER UPDATE OF
    display_name, real_name, nickname, aliases, name_pinyin, name_initials, search_extra, phone, wechat_id, email ON members
  WHEN NOT EXISTS (SELECT 1 FROM member_search_defer) AND (
    old.display_name IS NOT new.display_name OR old.real_name IS NOT new.real_name OR old.nickname IS NOT new.nickname
    OR old.aliases IS NOT new.aliases OR old.name_pinyin IS NOT new.name_pinyin OR old.name_initials IS NOT new.name_initials
    OR old.search_extra IS NOT new.search_extra OR old.phone IS NOT new.phone OR old.wechat_id IS NOT new.wechat_id
    OR old.email IS NOT new.email)
  BEGIN
    DELETE FROM members_fts WHERE rowid = old.id;
    INSERT INTO members_fts (rowid, names, spell, contact) VALUES (
      new.id,
      concat_ws(char(10), char(2) || new.display_name, char(2) || new.real_name, char(2) || new.nickname, char(2) || replace(new.aliases, char(10), char(10) || char(2))),
      concat_ws(char(10), new.name_pinyin, new.name_initials, new.search_extra),
      concat_ws(char(10), new.phone, new.wechat_id, new.email)
    );
  END`.execute(db);

  // Deleting a group with members is refused (no cascade): its memberships are history.
  await sql`CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups(id),
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner','admin','moderator','volunteer','member')),
    group_nickname TEXT,
    joined_on TEXT,
    left_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (member_id, group_id)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX memberships_group ON memberships (group_id, left_on, member_id)`.execute(db);

  await sql`CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    color TEXT,
    created_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE UNIQUE INDEX tags_name ON tags (name COLLATE NOCASE)`.execute(db);

  await sql`CREATE TABLE member_tags (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    UNIQUE (member_id, tag_id)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX member_tags_tag ON member_tags (tag_id, member_id)`.execute(db);

  await sql`CREATE TABLE import_templates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    mapping_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE UNIQUE INDEX import_templates_name ON import_templates (name COLLATE NOCASE)`.execute(db);

  await sql`CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    filter_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE UNIQUE INDEX segments_name ON segments (name COLLATE NOCASE)`.execute(db);

  // "Not a duplicate": one row per pair, the smaller id first.
  await sql`CREATE TABLE duplicate_dismissals (
    id INTEGER PRIMARY KEY,
    member_a INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    member_b INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    CHECK (member_a < member_b),
    UNIQUE (member_a, member_b)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX duplicate_dismissals_b ON duplicate_dismissals (member_b)`.execute(db);

  // Which member absorbed which: the profile shows "merged from", and the history of the merged
  // record (its imports, its change log entries) stays reachable through merged_id.
  await sql`CREATE TABLE member_merges (
    id INTEGER PRIMARY KEY,
    kept_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    merged_id INTEGER NOT NULL,
    merged_name TEXT NOT NULL,
    merged_json TEXT NOT NULL,
    change_batch_id INTEGER REFERENCES change_batches(id),
    at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX member_merges_kept ON member_merges (kept_id)`.execute(db);
}
