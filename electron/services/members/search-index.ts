import type Sqlite from 'better-sqlite3';
import { stmt, type MemberReader, type MemberStore } from './member-store.ts';

/**
 * The trigram search index (members_fts) is kept by triggers on members. A bulk writer (an import,
 * the sample generator) suspends that upkeep for the length of its transaction
 * (`suspendSearchIndexUpkeep`) and indexes its rows in a few set-based statements instead:
 * - The triggers are dropped. Merely having them on the table costs ~60 µs per inserted row even when
 *   a WHEN clause says "skip" (0002_members had one): SQLite still starts the trigger program, which
 *   opens the FTS5 table for writing. Dropping them is a schema change inside the writer's
 *   transaction: nobody else sees it, and a rollback or a crash brings them back with the rest.
 * - FTS5's automerge goes from 4 to 8 segments per level: each member's postings are merged about
 *   half as often. Indexing 100,000 members took ~25% less (1.38 s against 1.62 s into an empty
 *   index, 1.55 s against 2.07 s next to 300,000 others; medians of 4), and no slice of 1,000 took
 *   longer than with 4 (at most 24 and 43 ms). Turning automerge off saved as much but left the
 *   merging to FTS5's crisis merge, which does it all at once inside one slice (up to 94 ms): a
 *   directory read waits that long behind it.
 */

const SEARCH_TRIGGERS = ['members_fts_insert', 'members_fts_delete', 'members_fts_update'] as const;

/** FTS5's own default, written back when the workspace had never set automerge. */
const DEFAULT_AUTOMERGE = 4;
const BULK_AUTOMERGE = 8n;

/** The triggers' own SQL is kept and re-run as it is, so they come back exactly as the migration made them. */
export function suspendSearchIndexUpkeep(sqlite: Sqlite.Database): () => void {
  if (!sqlite.inTransaction) throw new Error('suspendSearchIndexUpkeep must run inside the writer’s transaction');
  const triggers = sqlite
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name IN (${SEARCH_TRIGGERS.map((name) => `'${name}'`).join(', ')})`)
    .all() as { name: string; sql: string }[];
  if (triggers.length !== SEARCH_TRIGGERS.length) throw new Error(`expected the ${SEARCH_TRIGGERS.length} search index triggers, found ${triggers.length}`);
  for (const { name } of triggers) sqlite.exec(`DROP TRIGGER "${name}"`);
  const automerge = (sqlite.prepare(`SELECT v FROM members_fts_config WHERE k = 'automerge'`).pluck().get() as number | undefined) ?? DEFAULT_AUTOMERGE;
  // A BigInt: FTS5 takes only an integer value, and better-sqlite3 binds a JS number as a real.
  const setAutomerge = sqlite.prepare(`INSERT INTO members_fts (members_fts, rank) VALUES ('automerge', ?)`);
  setAutomerge.run(BULK_AUTOMERGE);
  return () => {
    setAutomerge.run(BigInt(automerge));
    for (const { sql } of triggers) sqlite.exec(sql);
  };
}

/** The indexed text of a member row aliased m; the same expressions as the triggers in 0002_members. */
const FTS_VALUES = `m.id,
  concat_ws(char(10), char(2) || m.display_name, char(2) || m.real_name, char(2) || m.nickname, char(2) || replace(m.aliases, char(10), char(10) || char(2))),
  concat_ws(char(10), m.name_pinyin, m.name_initials, m.search_extra),
  concat_ws(char(10), m.phone, m.wechat_id, m.email)`;

/** Indexes members with id in (afterId, upToId]: rows a bulk writer created with the triggers suspended. */
export function indexMemberRange(sqlite: Sqlite.Database, afterId: number, upToId: number): void {
  if (upToId <= afterId) return;
  stmt(sqlite, `INSERT INTO members_fts (rowid, names, spell, contact) SELECT ${FTS_VALUES} FROM members AS m WHERE m.id > ? AND m.id <= ?`).run(afterId, upToId);
}

/** Re-indexes existing members (already in the index) whose names or contacts a bulk writer changed. */
export function reindexMembers(sqlite: Sqlite.Database, idsJson: string): void {
  stmt(sqlite, 'DELETE FROM members_fts WHERE rowid IN (SELECT value FROM json_each(?))').run(idsJson);
  stmt(sqlite, `INSERT INTO members_fts (rowid, names, spell, contact) SELECT ${FTS_VALUES} FROM members AS m WHERE m.id IN (SELECT value FROM json_each(?))`).run(idsJson);
}

/** Whether every member is in the search index once (a cheap check: counts). */
export function searchIndexLooksComplete(reader: MemberReader): boolean {
  const row = stmt(reader.sqlite, 'SELECT (SELECT count(*) FROM members) AS members, (SELECT count(*) FROM members_fts_docsize) AS indexed').get() as { members: number; indexed: number };
  return row.members === row.indexed;
}

/** Rebuilds the whole search index from the members table (maintenance; minutes at most). */
export async function rebuildSearchIndex(store: MemberStore): Promise<void> {
  await store.db.transaction().execute(async () => {
    stmt(store.sqlite, `INSERT INTO members_fts (members_fts) VALUES ('delete-all')`).run();
    stmt(store.sqlite, `INSERT INTO members_fts (rowid, names, spell, contact) SELECT ${FTS_VALUES} FROM members AS m`).run();
  });
}
