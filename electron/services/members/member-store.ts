import type Sqlite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { appFailure } from '../../../shared/contract/result.ts';
import type { Database } from '../../db/schema.ts';
import { invalidateDirectoryCache } from './directory-cache.ts';

/**
 * What the member services work on: the workspace's Kysely instance and its raw better-sqlite3
 * handle (the same connection). A `Workspace` from electron/db/workspace.ts is one.
 * Hot paths (import, bulk actions, directory windows) use prepared better-sqlite3 statements.
 */
export interface MemberStore {
  db: Kysely<Database>;
  sqlite: Sqlite.Database;
}

/** Reads only need the connection; a read-only second connection to the same file works too. */
export type MemberReader = Pick<MemberStore, 'sqlite'>;

const statementCaches = new WeakMap<Sqlite.Database, Map<string, Sqlite.Statement>>();

/** A prepared statement, prepared once per connection. */
export function stmt(sqlite: Sqlite.Database, text: string): Sqlite.Statement {
  let cache = statementCaches.get(sqlite);
  if (cache === undefined) {
    cache = new Map();
    statementCaches.set(sqlite, cache);
  }
  let statement = cache.get(text);
  if (statement === undefined) {
    statement = sqlite.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}

/**
 * Runs `work` as one transaction on the connection, holding Kysely's connection lock so no other
 * Kysely query interleaves with it. `work` may be async (chunked imports yield between chunks);
 * throwing rolls everything back.
 */
export async function inTransaction<T>(store: MemberStore, work: () => T | Promise<T>): Promise<T> {
  return store.db.transaction().execute(async () => {
    if (!store.sqlite.inTransaction) throw new Error('The member store needs the workspace connection (Kysely and sqlite must share it).');
    return work();
  });
}

/** A long write (an import) holds the connection; a second write must wait for it instead of joining it. */
export function assertNotBusy(store: MemberStore): void {
  if (store.sqlite.inTransaction) throw appFailure('CONFLICT', 'directory.errors.busy');
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function todayIso(now: string): string {
  return now.slice(0, 10);
}

/** Largest id of a table (0 when empty): rows created later in a transaction have larger ids. */
export function maxId(sqlite: Sqlite.Database, table: 'members' | 'memberships' | 'tags' | 'member_tags' | 'duplicate_dismissals' | 'member_merges'): number {
  const row = stmt(sqlite, `SELECT coalesce(max(id), 0) AS n FROM ${table}`).get() as { n: number };
  return row.n;
}

/** A change batch that recorded nothing is removed (nothing to undo); returns the id that stays, or null. */
export function keepBatchIfChanged(sqlite: Sqlite.Database, batchId: number): number | null {
  const used = (stmt(sqlite, 'SELECT EXISTS (SELECT 1 FROM audit_log WHERE batch_id = ?) AS e').get(batchId) as { e: number }).e === 1;
  if (used) return batchId;
  stmt(sqlite, 'DELETE FROM change_batches WHERE id = ?').run(batchId);
  return null;
}

/**
 * Runs a write as one transaction and drops the directory caches afterwards. `work` may be async (a
 * long job yielding between steps); a second write meanwhile is refused as busy.
 */
export async function writeTransaction<T>(store: MemberStore, work: () => T | Promise<T>): Promise<T> {
  assertNotBusy(store);
  try {
    return await inTransaction(store, work);
  } finally {
    invalidateDirectoryCache(store.sqlite);
  }
}
