import type Sqlite from 'better-sqlite3';
import { stmt, type MemberReader, type MemberStore } from './member-store.ts';

/**
 * The trigram search index (members_fts) is kept by triggers on members. Bulk writers switch the
 * triggers off for their transaction (`deferSearchIndex`) and index their rows in a few set-based
 * statements instead (see 0002_members for why). The switch is a row in member_search_defer written
 * inside the writer's transaction: nobody else ever sees it, and a crash or rollback removes it.
 */

/** The indexed text of a member row aliased m; the same expressions as the triggers in 0002_members. */
const FTS_VALUES = `m.id,
  concat_ws(char(10), char(2) || m.display_name, char(2) || m.real_name, char(2) || m.nickname, char(2) || replace(m.aliases, char(10), char(10) || char(2))),
  concat_ws(char(10), m.name_pinyin, m.name_initials, m.search_extra),
  concat_ws(char(10), m.phone, m.wechat_id, m.email)`;

export function deferSearchIndex(sqlite: Sqlite.Database): void {
  if (!sqlite.inTransaction) throw new Error('deferSearchIndex must run inside the writer’s transaction');
  stmt(sqlite, 'INSERT OR IGNORE INTO member_search_defer (id) VALUES (1)').run();
}

export function resumeSearchIndex(sqlite: Sqlite.Database): void {
  stmt(sqlite, 'DELETE FROM member_search_defer').run();
}

/** Indexes members with id in (afterId, upToId]: rows a bulk writer created while deferred. */
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
