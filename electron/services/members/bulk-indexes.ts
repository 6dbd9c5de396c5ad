import type Sqlite from 'better-sqlite3';

/**
 * A bulk writer adding many members to a small workspace (the operator's first import of their list,
 * sample data) builds the directory's sort and filter indexes once, after its rows are in, instead of
 * updating each of them row by row. For 100,000 new members on the 2-core test machine: ~0.55 s of
 * inserts plus ~0.65 s of CREATE INDEX, against ~2.0 s of inserts with every index kept.
 *
 * Like suspendSearchIndexUpkeep this is a schema change inside the writer's transaction: readers on their
 * own connection keep seeing the indexes, and a rollback or a crash brings them back with the rest.
 * The indexes the writer reads while it works stay: duplicate keys, the name lookup of key-less rows,
 * and the unique ones (constraints).
 */
const READ_DURING_IMPORT = new Set(['members_phone', 'members_wechat', 'members_email', 'members_name_pinyin']);

/** Workspaces this small get their indexes rebuilt whatever the import's size (a rebuild takes milliseconds). */
const SMALL_WORKSPACE = 10_000;

/**
 * Whether rebuilding the indexes beats updating them. Updating costs ~14 µs per new member, a rebuild
 * ~6.5 µs per member in the end (old and new), so it pays once the new members are about as many as
 * those already there; the file's rows are not all new, so it takes twice as many.
 */
export function shouldDeferIndexes(existingMembers: number, expectedRows: number | null): boolean {
  return existingMembers < SMALL_WORKSPACE || (expectedRows !== null && expectedRows >= 2 * existingMembers);
}

/**
 * Drops the deferrable indexes of members and member_tags and returns their CREATE statements, as the
 * migrations wrote them, to be run once the rows are in (one at a time, so the caller can yield between).
 */
export function deferDirectoryIndexes(sqlite: Sqlite.Database): string[] {
  if (!sqlite.inTransaction) throw new Error('deferDirectoryIndexes must run inside the writer’s transaction');
  const indexes = sqlite
    .prepare(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('members', 'member_tags') AND sql IS NOT NULL
       AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY tbl_name = 'members' DESC, name`,
    )
    .all() as { name: string; sql: string }[];
  const deferred = indexes.filter(({ name }) => !READ_DURING_IMPORT.has(name));
  for (const { name } of deferred) sqlite.exec(`DROP INDEX "${name}"`);
  return deferred.map(({ sql }) => sql);
}
