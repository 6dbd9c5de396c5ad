import { sql, type Kysely } from 'kysely';

/**
 * Frozen: the directory's sort indexes (all but the joined-date one) re-created with `id, joined_on`
 * appended (same names, same partial WHERE), so that a joined-date filter is checked from the index
 * itself while the directory walks a sort order.
 *
 * Why: members are created in the order they join, so joined_on follows id, and every sort breaks its
 * ties by id. In an order with many ties (gender, stage, source, city...) or one that follows time
 * (last update, e-mails numbered as they were handed out) the members who joined in a given half-year
 * sit together far down the order: at 1,000,000 members the 100th member who joined in 2025-H1 is
 * entry 58,800 of the city order, 214,600 of the update order (newest first), 323,200 of the gender
 * order. Each entry the walk passed cost a table-row lookup (~1.5 µs) to read joined_on, so the walk
 * gave up after 20,000 entries and SQLite's top-N over all 165,000 matches took 100-150 ms. Read from
 * the index, an entry costs ~30 ns: the first page comes after ~2 ms (city) to ~10 ms (update order).
 *
 * `id` comes before joined_on so that the index keeps the order the directory asks for (the column,
 * then id); equality lookups (duplicate keys by phone, WeChat, e-mail) and ranges (name and phone
 * prefixes) use the leading column as before. Cost at 1,000,000 members: ~15 bytes per entry
 * (+180 MB, 947 -> 1,127 MB) and ~15 s to run this migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX members_name_pinyin`.execute(db);
  await sql`CREATE INDEX members_name_pinyin ON members (name_pinyin, display_name, id, joined_on)`.execute(db);
  await sql`DROP INDEX members_real_name`.execute(db);
  await sql`CREATE INDEX members_real_name ON members (real_name, id, joined_on) WHERE real_name IS NOT NULL`.execute(db);
  await sql`DROP INDEX members_nickname`.execute(db);
  await sql`CREATE INDEX members_nickname ON members (nickname, id, joined_on) WHERE nickname IS NOT NULL`.execute(db);
  await sql`DROP INDEX members_phone`.execute(db);
  await sql`CREATE INDEX members_phone ON members (phone, id, joined_on)`.execute(db);
  await sql`DROP INDEX members_wechat`.execute(db);
  await sql`CREATE INDEX members_wechat ON members (wechat_key, id, joined_on)`.execute(db);
  await sql`DROP INDEX members_email`.execute(db);
  await sql`CREATE INDEX members_email ON members (email_key, id, joined_on)`.execute(db);
  await sql`DROP INDEX members_gender`.execute(db);
  await sql`CREATE INDEX members_gender ON members (gender, id, joined_on)`.execute(db);
  await sql`DROP INDEX members_birth_year`.execute(db);
  await sql`CREATE INDEX members_birth_year ON members (birth_year, id, joined_on) WHERE birth_year IS NOT NULL`.execute(db);
  await sql`DROP INDEX members_age_band`.execute(db);
  await sql`CREATE INDEX members_age_band ON members (age_band, id, joined_on) WHERE age_band IS NOT NULL`.execute(db);
  await sql`DROP INDEX members_city`.execute(db);
  await sql`CREATE INDEX members_city ON members (city, id, joined_on)`.execute(db);
  await sql`DROP INDEX members_occupation`.execute(db);
  await sql`CREATE INDEX members_occupation ON members (occupation, id, joined_on) WHERE occupation IS NOT NULL`.execute(db);
  await sql`DROP INDEX members_source`.execute(db);
  await sql`CREATE INDEX members_source ON members (source, id, joined_on)`.execute(db);
  await sql`DROP INDEX members_stage`.execute(db);
  await sql`CREATE INDEX members_stage ON members (stage, id, joined_on)`.execute(db);
  await sql`DROP INDEX members_updated`.execute(db);
  await sql`CREATE INDEX members_updated ON members (updated_at, id, joined_on)`.execute(db);
}
