import { sql, type Kysely } from 'kysely';

/**
 * Frozen: indexes for the directory's remaining sort orders (real name, nickname, birth year, age band,
 * occupation). Without them the first page in one of these orders reads and sorts every member (~1.5 s
 * at 1,000,000). Partial (values only): the directory reads members without a value by id, after the
 * valued ones, so empty cells cost an import nothing here; each index costs ~1 µs per valued row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX members_real_name ON members (real_name) WHERE real_name IS NOT NULL`.execute(db);
  await sql`CREATE INDEX members_nickname ON members (nickname) WHERE nickname IS NOT NULL`.execute(db);
  await sql`CREATE INDEX members_birth_year ON members (birth_year) WHERE birth_year IS NOT NULL`.execute(db);
  await sql`CREATE INDEX members_age_band ON members (age_band) WHERE age_band IS NOT NULL`.execute(db);
  await sql`CREATE INDEX members_occupation ON members (occupation) WHERE occupation IS NOT NULL`.execute(db);
}
