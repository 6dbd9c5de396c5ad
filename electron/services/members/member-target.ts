import type Sqlite from 'better-sqlite3';
import type { MemberTarget } from '../../../shared/domain/member.ts';
import { filteredIdsSql } from './directory-queries.ts';

/**
 * The members a bulk action works on are first put into a temporary table (one column, the id), so
 * a selection and "everything this filter finds" are the same to every action, and a million-member
 * target never has to travel through JavaScript. Lives in the connection's temp schema, inside the
 * action's transaction.
 */
export const TARGET_TABLE = 'temp.member_target';

function resetTarget(sqlite: Sqlite.Database): void {
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS member_target (id INTEGER PRIMARY KEY)');
  sqlite.exec(`DELETE FROM ${TARGET_TABLE}`);
}

/** Fills the target with the existing members of a selection or a filter; returns how many. */
export function fillTarget(sqlite: Sqlite.Database, target: MemberTarget): number {
  resetTarget(sqlite);
  if ('ids' in target) {
    return sqlite
      .prepare(`INSERT INTO ${TARGET_TABLE} (id) SELECT m.id FROM members AS m WHERE m.id IN (SELECT value FROM json_each(?))`)
      .run(JSON.stringify(target.ids)).changes;
  }
  const query = filteredIdsSql(target.filter);
  return sqlite.prepare(`INSERT INTO ${TARGET_TABLE} (id) ${query.sql}`).run(...query.params).changes;
}

/** Fills the target with the members matching a WHERE over `members AS m`. */
export function fillTargetWhere(sqlite: Sqlite.Database, where: string, params: readonly unknown[]): number {
  resetTarget(sqlite);
  return sqlite.prepare(`INSERT INTO ${TARGET_TABLE} (id) SELECT m.id FROM members AS m WHERE ${where}`).run(...params).changes;
}

/**
 * The target's ids in ascending order, in chunks (for snapshots that must stay a sensible size), each
 * read when it is wanted: reading a million ids at once held the thread ~0.2 s.
 */
export function* targetChunks(sqlite: Sqlite.Database, size: number): Generator<number[]> {
  const next = sqlite.prepare(`SELECT id FROM ${TARGET_TABLE} WHERE id > ? ORDER BY id LIMIT ?`).pluck();
  let after = 0;
  for (;;) {
    const chunk = next.all(after, size) as number[];
    if (chunk.length === 0) return;
    yield chunk;
    after = chunk[chunk.length - 1] ?? after;
    if (chunk.length < size) return;
  }
}
