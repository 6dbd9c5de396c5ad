import { sql, type Kysely, type Transaction } from 'kysely';
import type { ChangeSummary } from '../../../shared/domain/workspace.ts';
import { appFailure } from '../../../shared/contract/result.ts';
import type { Database } from '../../db/schema.ts';

/** Entities whose rows the change log can snapshot and restore, with the table each lives in. */
export const AUDITED_TABLES = {
  group: 'groups',
} as const satisfies Record<string, keyof Database>;
export type AuditedEntity = keyof typeof AUDITED_TABLES;

type Row = Record<string, unknown>;

export interface ChangeBatch {
  id: number;
  record(entity: AuditedEntity, entityId: number, before: Row | null, after: Row | null): Promise<void>;
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

/**
 * Reverts the most recent change batch that is not yet undone, row by row in reverse order, and
 * records the undo itself so the history stays complete.
 */
export async function undoLastChange(db: Kysely<Database>, now: string): Promise<ChangeSummary> {
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
    const entries = await trx.selectFrom('audit_log').selectAll().where('batch_id', '=', batch.id).orderBy('id', 'desc').execute();
    const undoBatch = await startChangeBatch(trx, 'history.action.undo', { actionKey: batch.action_key }, now, 'undo');
    for (const entry of entries) {
      const entity = entry.entity as AuditedEntity;
      const table = AUDITED_TABLES[entity];
      const before = entry.before_json === null ? null : (JSON.parse(entry.before_json) as Row);
      const after = entry.after_json === null ? null : (JSON.parse(entry.after_json) as Row);
      await restoreRow(trx, table, entry.entity_id, before, after);
      await undoBatch.record(entity, entry.entity_id, after, before);
    }
    await trx.updateTable('change_batches').set({ undone_at: now }).where('id', '=', batch.id).execute();
    return toSummary({ ...batch, undone_at: now });
  });
}
