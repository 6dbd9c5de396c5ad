import type Sqlite from 'better-sqlite3';

/**
 * Per-connection memo of directory queries: for a (filter, sort) the total and, once someone jumps
 * deep into it, the whole ordered id list (4-8 MB at a million members), so any window after that is
 * a slice plus a 100-row fetch by id. Entries are dropped when the data changes: every member service
 * calls `invalidateDirectoryCache`, and a stamp (changes made on this connection + data_version for
 * other connections) catches writers that do not.
 */
export interface DirectoryCacheEntry {
  stamp: string;
  total?: number;
  /** Rows with a value in the sort column (nullable sorts put empty values last). */
  nonNullTotal?: number;
  ids?: number[];
  /** The filter's own indexes deliver the rows in sort order (no temporary sort). */
  driveOrdered?: boolean;
  /** A walk along the sort index checks the filter on the index entries alone (no table rows). */
  walksIndexOnly?: boolean;
}

const MAX_ENTRIES = 8;
const caches = new WeakMap<Sqlite.Database, Map<string, DirectoryCacheEntry>>();
const stampStatements = new WeakMap<Sqlite.Database, Sqlite.Statement>();

export function dataStamp(sqlite: Sqlite.Database): string {
  let statement = stampStatements.get(sqlite);
  if (statement === undefined) {
    statement = sqlite.prepare('SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) AS v');
    stampStatements.set(sqlite, statement);
  }
  const row = statement.get() as { c: number; v: number };
  return `${row.c}:${row.v}`;
}

/** The entry for a query key, fresh for the current data (a stale one is replaced by an empty one). */
export function cacheEntry(sqlite: Sqlite.Database, key: string): DirectoryCacheEntry {
  let cache = caches.get(sqlite);
  if (cache === undefined) {
    cache = new Map();
    caches.set(sqlite, cache);
  }
  const stamp = dataStamp(sqlite);
  const found = cache.get(key);
  if (found !== undefined && found.stamp === stamp) {
    cache.delete(key);
    cache.set(key, found);
    return found;
  }
  if (found !== undefined) cache.clear();
  const entry: DirectoryCacheEntry = { stamp };
  cache.set(key, entry);
  while (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return entry;
}

export function invalidateDirectoryCache(sqlite: Sqlite.Database): void {
  caches.get(sqlite)?.clear();
}
