import type Sqlite from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ChangeSummary } from '../../../shared/domain/workspace.ts';
import { appFailure } from '../../../shared/contract/result.ts';
import type { Database } from '../../db/schema.ts';
import { JobSteps, type JobStepOptions } from '../jobs/job-steps.ts';

/** Entities whose rows the change log can snapshot and restore, with the table each lives in. */
export const AUDITED_TABLES = {
  group: 'groups',
  member: 'members',
  membership: 'memberships',
  tag: 'tags',
  memberTag: 'member_tags',
  segment: 'segments',
  importTemplate: 'import_templates',
  duplicateDismissal: 'duplicate_dismissals',
  memberMerge: 'member_merges',
} as const satisfies Record<string, keyof Database>;
export type AuditedEntity = keyof typeof AUDITED_TABLES;

type Row = Record<string, unknown>;

/**
 * Bulk entries: one audit_log row stands for many rows of one table, so an import of 100,000 members
 * or a bulk tag of a whole filter result stays cheap to record and is still undone exactly.
 * Their entity is `${entity}[]` and entity_id is the number of rows they stand for. Payloads (JSON):
 * - create: after_json `{"ranges":[[first,last],...]}`: ids created (undo deletes them);
 * - delete: before_json is a RowSet of the deleted rows (undo inserts them back, same ids);
 * - update: before_json / after_json are RowSets of the changed columns (undo writes `before` back).
 */
export const BULK_ENTITY_SUFFIX = '[]';

/** Rows of one table as `{"columns":["id",...],"rows":[[id,...],...]}`; the first column is always id. */
export interface RowSet {
  columns: string[];
  rows: unknown[][];
}

export type IdRange = [number, number];

/** How a long undo reports on itself (JobSteps): rows undone of the rows to undo. */
export type UndoOptions = JobStepOptions;

/**
 * Rows one statement deletes when an undo removes the rows a bulk write created. Deleting 100,000
 * imported members took ~2.5 s in one statement (indexes, search index, tags and memberships going
 * with them): 1,000 at a time is ~25 ms a statement, so the service host answers in between.
 */
const UNDO_DELETE_SLICE = 1_000;

function createdRanges(entry: AuditEntry): IdRange[] {
  return (JSON.parse(entry.after_json ?? '{"ranges":[]}') as { ranges: IdRange[] }).ranges;
}

/**
 * Rows one statement puts back or updates back when an undo restores a bulk entry. At 1,000,000
 * members, re-inserting the 2,000 members of one entry took ~0.55 s (each comes back into 18 indexes
 * and the search index), and restoring the inviter of 10,736 invitees of a delete ~3.5 s; 250 at a
 * time keeps each step near 100 ms.
 */
const UNDO_ROW_SLICE = 250;

/** The [from, to) positions of `rows` rows, UNDO_ROW_SLICE at a time. */
function* rowSlices(rows: number): Generator<[number, number]> {
  for (let from = 0; from < rows; from += UNDO_ROW_SLICE) yield [from, Math.min(rows, from + UNDO_ROW_SLICE)];
}

/** What an undo of these entries will count: each row of a bulk entry (its entity_id is the count), one for any other entry. */
function rowsToUndo(entries: ReadonlyArray<Pick<AuditEntry, 'entity' | 'entity_id'>>): number {
  let rows = 0;
  for (const entry of entries) rows += entry.entity.endsWith(BULK_ENTITY_SUFFIX) ? entry.entity_id : 1;
  return rows;
}

/** Sorted ids → closed ranges: [1,2,3,7] → [[1,3],[7,7]]. */
export function idRanges(sortedIds: readonly number[]): IdRange[] {
  const ranges: IdRange[] = [];
  let current: IdRange | null = null;
  for (const id of sortedIds) {
    if (current !== null && id === current[1] + 1) current[1] = id;
    else {
      current = [id, id];
      ranges.push(current);
    }
  }
  return ranges;
}

export interface ChangeBatch {
  id: number;
  record(entity: AuditedEntity, entityId: number, before: Row | null, after: Row | null): Promise<void>;
}

/**
 * The same batch for services that work on the raw better-sqlite3 handle (hot bulk paths) inside a
 * transaction already open on that connection. Every method is synchronous.
 */
export interface SyncChangeBatch {
  id: number;
  record(entity: AuditedEntity, entityId: number, before: Row | null, after: Row | null): void;
  /** Rows created with ids in these ranges (nothing else in the ranges belongs to anyone). */
  recordCreated(entity: AuditedEntity, ranges: readonly IdRange[], count: number): void;
  /** Rows about to be deleted, as a RowSet JSON text (see `rowSetJson`). */
  recordDeleted(entity: AuditedEntity, beforeJson: string, count: number): void;
  /** Rows updated: the changed columns before and after, as RowSet JSON texts. */
  recordUpdated(entity: AuditedEntity, beforeJson: string, afterJson: string, count: number): void;
}

export function startChangeBatchSync(
  sqlite: Sqlite.Database,
  actionKey: string,
  params: Record<string, string | number>,
  now: string,
  kind: 'change' | 'undo' = 'change',
): SyncChangeBatch {
  const batchId = Number(
    sqlite
      .prepare('INSERT INTO change_batches (kind, action_key, params_json, at, undone_at) VALUES (?, ?, ?, ?, NULL)')
      .run(kind, actionKey, JSON.stringify(params), now).lastInsertRowid,
  );
  const insert = sqlite.prepare(
    'INSERT INTO audit_log (batch_id, entity, entity_id, action, before_json, after_json, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const bulk = (entity: AuditedEntity) => `${entity}${BULK_ENTITY_SUFFIX}`;
  return {
    id: batchId,
    record(entity, entityId, before, after) {
      const action = before === null ? 'create' : after === null ? 'delete' : 'update';
      insert.run(batchId, entity, entityId, action, before === null ? null : JSON.stringify(before), after === null ? null : JSON.stringify(after), now);
    },
    recordCreated(entity, ranges, count) {
      if (ranges.length === 0) return;
      insert.run(batchId, bulk(entity), count, 'create', null, JSON.stringify({ ranges }), now);
    },
    recordDeleted(entity, beforeJson, count) {
      if (count === 0) return;
      insert.run(batchId, bulk(entity), count, 'delete', beforeJson, null, now);
    },
    recordUpdated(entity, beforeJson, afterJson, count) {
      if (count === 0) return;
      insert.run(batchId, bulk(entity), count, 'update', beforeJson, afterJson, now);
    },
  };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function assertIdentifiers(columns: readonly string[]): void {
  for (const column of columns) {
    if (!IDENTIFIER.test(column)) throw new Error(`Unexpected column name in the change log: ${column}`);
  }
}

/**
 * Builds the RowSet JSON of the rows of `table` chosen by `where` (SQL over the table, aliased t),
 * inside SQLite, without materialising row objects in JavaScript.
 */
export function rowSetJson(sqlite: Sqlite.Database, table: string, columns: readonly string[], where: string, params: readonly unknown[]): { json: string; count: number } {
  assertIdentifiers([table, ...columns]);
  const row = sqlite
    .prepare(
      `SELECT count(*) AS n, json_object('columns', json(?), 'rows', json_group_array(json_array(${columns.map((c) => `t.${c}`).join(', ')}))) AS j FROM ${table} AS t WHERE ${where}`,
    )
    .get(JSON.stringify(columns), ...params) as { n: number; j: string };
  return { json: row.j, count: row.n };
}

/** Every column of a table, id first (for RowSets of deleted rows). */
export function tableColumns(sqlite: Sqlite.Database, table: string): string[] {
  assertIdentifiers([table]);
  const names = (sqlite.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).filter((name) => name !== 'id');
  return ['id', ...names];
}

/** Opens a batch inside the caller's transaction: every row change recorded in it is undone together. */
export async function startChangeBatch(
  trx: Transaction<Database>,
  actionKey: string,
  params: Record<string, string | number>,
  now: string,
  kind: 'change' | 'undo' = 'change',
): Promise<ChangeBatch> {
  const inserted = await trx
    .insertInto('change_batches')
    .values({ kind, action_key: actionKey, params_json: JSON.stringify(params), at: now, undone_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const batchId = inserted.id;
  return {
    id: batchId,
    async record(entity, entityId, before, after) {
      const action = before === null ? 'create' : after === null ? 'delete' : 'update';
      await trx
        .insertInto('audit_log')
        .values({
          batch_id: batchId,
          entity,
          entity_id: entityId,
          action,
          before_json: before === null ? null : JSON.stringify(before),
          after_json: after === null ? null : JSON.stringify(after),
          at: now,
        })
        .execute();
    },
  };
}

function toSummary(row: { id: number; action_key: string; params_json: string; at: string; undone_at: string | null }): ChangeSummary {
  return { batchId: row.id, actionKey: row.action_key, params: JSON.parse(row.params_json) as Record<string, string | number>, at: row.at, undone: row.undone_at !== null };
}

export async function listChanges(db: Kysely<Database>, limit: number): Promise<ChangeSummary[]> {
  const rows = await db
    .selectFrom('change_batches')
    .select(['id', 'action_key', 'params_json', 'at', 'undone_at'])
    .where('kind', '=', 'change')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toSummary);
}

/**
 * Puts one row back to a snapshot, given the state the change left it in (`current`): deletes it when
 * the snapshot is null, updates it when the change left a row, inserts it when the change removed it.
 * A row that is not where the change left it (gone, or its id taken by another row) is a conflict:
 * never INSERT OR REPLACE or an update of whatever row now has the id, which would overwrite data.
 */
async function restoreRow(trx: Transaction<Database>, table: string, entityId: number, snapshot: Row | null, current: Row | null): Promise<void> {
  if (snapshot === null) {
    await sql`DELETE FROM ${sql.table(table)} WHERE id = ${entityId}`.execute(trx);
    return;
  }
  const columns = Object.keys(snapshot).filter((column) => column !== 'id');
  try {
    if (current !== null) {
      const assignments = columns.map((column) => sql`${sql.ref(column)} = ${snapshot[column]}`);
      const updated = await sql`UPDATE ${sql.table(table)} SET ${sql.join(assignments)} WHERE id = ${entityId}`.execute(trx);
      if (Number(updated.numAffectedRows ?? 0) === 0) throw appFailure('CONFLICT', 'errors.undoConflict');
    } else {
      const all = ['id', ...columns];
      await sql`INSERT INTO ${sql.table(table)} (${sql.join(all.map((column) => sql.ref(column)))}) VALUES (${sql.join(all.map((column) => (column === 'id' ? entityId : snapshot[column])))})`.execute(trx);
    }
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (code.startsWith('SQLITE_CONSTRAINT')) throw appFailure('CONFLICT', 'errors.undoConflict');
    throw error;
  }
}

function isConstraintError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return code.startsWith('SQLITE_CONSTRAINT');
}

interface AuditEntry {
  entity: string;
  entity_id: number;
  action: string;
  before_json: string | null;
  after_json: string | null;
}

/** Reverts one bulk entry with a few set-based statements (json_each), and records the reversal. */
async function undoBulkEntry(trx: Transaction<Database>, undoBatchId: number, entry: AuditEntry, now: string, progress: JobSteps): Promise<void> {
  const entity = entry.entity.slice(0, -BULK_ENTITY_SUFFIX.length) as AuditedEntity;
  const table = AUDITED_TABLES[entity];
  if (table === undefined) throw new Error(`Unknown audited entity: ${entry.entity}`);
  let undoAction: 'create' | 'update' | 'delete';
  let undoBefore: string | null;
  let undoAfter: string | null;
  try {
    if (entry.action === 'create') {
      for (const [first, last] of createdRanges(entry)) {
        for (let from = first; from <= last; from += UNDO_DELETE_SLICE) {
          const to = Math.min(last, from + UNDO_DELETE_SLICE - 1);
          await sql`DELETE FROM ${sql.table(table)} WHERE id BETWEEN ${from} AND ${to}`.execute(trx);
          await progress.advance(to - from + 1);
        }
      }
      undoAction = 'delete';
      undoBefore = entry.after_json;
      undoAfter = null;
    } else if (entry.action === 'delete') {
      const before = entry.before_json ?? '{"columns":["id"],"rows":[]}';
      const { columns, rows } = JSON.parse(before) as RowSet;
      assertIdentifiers(columns);
      const values = columns.map((_, index) => sql`value ->> ${sql.raw(String(index))}`);
      for (const [from, to] of rowSlices(rows.length)) {
        await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))}) SELECT ${sql.join(values)} FROM json_each(${before}, '$.rows') WHERE key >= ${from} AND key < ${to} ORDER BY key`.execute(trx);
        await progress.advance(to - from);
      }
      undoAction = 'create';
      undoBefore = null;
      undoAfter = before;
    } else {
      const before = entry.before_json ?? '{"columns":["id"],"rows":[]}';
      const { columns, rows } = JSON.parse(before) as RowSet;
      assertIdentifiers(columns);
      const changed = columns.slice(1);
      const picks = columns.map((_, index) => sql`value ->> ${sql.raw(String(index))} AS ${sql.ref(`v${index}`)}`);
      const sets = changed.map((column, index) => sql`${sql.ref(column)} = v.${sql.ref(`v${index + 1}`)}`);
      for (const [from, to] of rowSlices(rows.length)) {
        if (changed.length > 0) {
          await sql`UPDATE ${sql.table(table)} SET ${sql.join(sets)} FROM (SELECT ${sql.join(picks)} FROM json_each(${before}, '$.rows') WHERE key >= ${from} AND key < ${to}) AS v WHERE ${sql.table(table)}.id = v.v0`.execute(trx);
        }
        await progress.advance(to - from);
      }
      undoAction = 'update';
      undoBefore = entry.after_json;
      undoAfter = before;
    }
  } catch (error) {
    if (isConstraintError(error)) throw appFailure('CONFLICT', 'errors.undoConflict');
    throw error;
  }
  await trx
    .insertInto('audit_log')
    .values({ batch_id: undoBatchId, entity: entry.entity, entity_id: entry.entity_id, action: undoAction, before_json: undoBefore, after_json: undoAfter, at: now })
    .execute();
}

/**
 * Reverts the most recent change batch that is not yet undone, row by row in reverse order, and
 * records the undo itself so the history stays complete. One transaction: cancel (options.signal)
 * leaves everything as it was.
 */
export async function undoLastChange(db: Kysely<Database>, now: string, options: UndoOptions = {}): Promise<ChangeSummary> {
  return db.transaction().execute(async (trx) => {
    const batch = await trx
      .selectFrom('change_batches')
      .select(['id', 'action_key', 'params_json', 'at', 'undone_at'])
      .where('kind', '=', 'change')
      .where('undone_at', 'is', null)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!batch) throw appFailure('NOTHING_TO_UNDO', 'errors.nothingToUndo');
    // Only the heads first: the row images of a big delete run to hundreds of MB, read one entry at a time below.
    const heads = await trx.selectFrom('audit_log').select(['id', 'entity', 'entity_id']).where('batch_id', '=', batch.id).orderBy('id', 'desc').execute();
    const undoBatch = await startChangeBatch(trx, 'history.action.undo', { actionKey: batch.action_key }, now, 'undo');
    const progress = new JobSteps(rowsToUndo(heads), options);
    // Rows come back in reverse order of the change; a restored row may point at another restored
    // later in this same undo (an inviter, a merged member), so foreign keys are checked at commit.
    await sql`PRAGMA defer_foreign_keys = ON`.execute(trx);
    for (const head of heads) {
      const entry = await trx.selectFrom('audit_log').selectAll().where('id', '=', head.id).executeTakeFirstOrThrow();
      if (entry.entity.endsWith(BULK_ENTITY_SUFFIX)) {
        await undoBulkEntry(trx, undoBatch.id, entry, now, progress);
        continue;
      }
      const entity = entry.entity as AuditedEntity;
      const table = AUDITED_TABLES[entity];
      const before = entry.before_json === null ? null : (JSON.parse(entry.before_json) as Row);
      const after = entry.after_json === null ? null : (JSON.parse(entry.after_json) as Row);
      await restoreRow(trx, table, entry.entity_id, before, after);
      await undoBatch.record(entity, entry.entity_id, after, before);
      await progress.advance(1);
    }
    await trx.updateTable('change_batches').set({ undone_at: now }).where('id', '=', batch.id).execute();
    return toSummary({ ...batch, undone_at: now });
  });
}
