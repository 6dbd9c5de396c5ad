import { sql, type Kysely } from 'kysely';

/**
 * Frozen: the three search index triggers re-created without their `WHEN NOT EXISTS (SELECT 1 FROM
 * member_search_defer)` clause, and that table dropped.
 *
 * Why: bulk writers stopped using the table. Even a trigger that its WHEN clause skips still starts
 * its program and opens the FTS5 table, ~60 µs per row, so they drop the triggers inside their own
 * transaction instead (search-index.ts, suspendSearchIndexUpkeep). The table stayed empty, and every
 * single-member write paid for a lookup in it. The trigger bodies are those of 0002_members.
 */
/** A member's row in the search index, as 0002_members wrote it. */
const INDEXED_TEXT = sql.raw(`new.id,
  concat_ws(char(10), char(2) || new.display_name, char(2) || new.real_name, char(2) || new.nickname, char(2) || replace(new.aliases, char(10), char(10) || char(2))),
  concat_ws(char(10), new.name_pinyin, new.name_initials, new.search_extra),
  concat_ws(char(10), new.phone, new.wechat_id, new.email)`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER members_fts_insert`.execute(db);
  await sql`DROP TRIGGER members_fts_delete`.execute(db);
  await sql`DROP TRIGGER members_fts_update`.execute(db);
  await sql`DROP TABLE member_search_defer`.execute(db);
  await sql`CREATE TRIGGER members_fts_insert AFTER INSERT ON members
  BEGIN
    INSERT INTO members_fts (rowid, names, spell, contact) VALUES (${INDEXED_TEXT});
  END`.execute(db);
  await sql`CREATE TRIGGER members_fts_delete AFTER DELETE ON members
  BEGIN
    DELETE FROM members_fts WHERE rowid = old.id;
  END`.execute(db);
  await sql`CREATE TRIGGER members_fts_update AFTER UPDATE OF
    display_name, real_name, nickname, aliases, name_pinyin, name_initials, search_extra, phone, wechat_id, email ON members
  WHEN old.display_name IS NOT new.display_name OR old.real_name IS NOT new.real_name OR old.nickname IS NOT new.nickname
    OR old.aliases IS NOT new.aliases OR old.name_pinyin IS NOT new.name_pinyin OR old.name_initials IS NOT new.name_initials
    OR old.search_extra IS NOT new.search_extra OR old.phone IS NOT new.phone OR old.wechat_id IS NOT new.wechat_id
    OR old.email IS NOT new.email
  BEGIN
    DELETE FROM members_fts WHERE rowid = old.id;
    INSERT INTO members_fts (rowid, names, spell, contact) VALUES (${INDEXED_TEXT});
  END`.execute(db);
}
