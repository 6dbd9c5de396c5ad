import { sql, type Kysely, type Transaction } from 'kysely';
import type { Group, GroupFields } from '../../../shared/domain/group.ts';
import { appFailure } from '../../../shared/contract/result.ts';
import type { Database } from '../../db/schema.ts';
import { startChangeBatch } from '../audit/change-log.ts';
import { findGroupRow } from './group-queries.ts';
import { fieldsToColumns, toGroup } from './group-rows.ts';

/**
 * Names are unique among active groups; says which field is wrong so the form can mark it. Compares
 * with the same NOCASE collation as the unique index: JavaScript's toLowerCase folds letters SQLite's
 * lower() keeps (full-width ＡＢＣ, Greek, Cyrillic), so an exact duplicate passed this check and then
 * hit the index as an internal error.
 */
async function assertNameFree(trx: Transaction<Database>, name: string, exceptId: number | null): Promise<void> {
  let query = trx.selectFrom('groups').select('id').where('status', '=', 'active').where(sql<boolean>`name = ${name} COLLATE NOCASE`);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  const clash = await query.executeTakeFirst();
  if (clash) {
    throw appFailure('CONFLICT', 'errors.validation', undefined, [{ path: 'name', messageKey: 'validation.groupNameTaken', params: { name } }]);
  }
}

export async function createGroup(db: Kysely<Database>, fields: GroupFields, now: string): Promise<Group> {
  return db.transaction().execute(async (trx) => {
    await assertNameFree(trx, fields.name, null);
    const row = await trx
      .insertInto('groups')
      .values({ ...fieldsToColumns(fields), status: 'active', archived_at: null, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const batch = await startChangeBatch(trx, 'history.action.groupCreate', { name: row.name }, now);
    await batch.record('group', row.id, null, row);
    return toGroup(row);
  });
}

export async function updateGroup(db: Kysely<Database>, id: number, fields: GroupFields, now: string): Promise<Group> {
  return db.transaction().execute(async (trx) => {
    const before = await findGroupRow(trx, id);
    if (before.status === 'active') await assertNameFree(trx, fields.name, id);
    const after = await trx
      .updateTable('groups')
      .set({ ...fieldsToColumns(fields), updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const batch = await startChangeBatch(trx, 'history.action.groupUpdate', { name: after.name }, now);
    await batch.record('group', id, before, after);
    return toGroup(after);
  });
}

export async function setGroupArchived(db: Kysely<Database>, id: number, archived: boolean, now: string): Promise<Group> {
  return db.transaction().execute(async (trx) => {
    const before = await findGroupRow(trx, id);
    if (!archived && before.status === 'archived') await assertNameFree(trx, before.name, id);
    const after = await trx
      .updateTable('groups')
      .set({ status: archived ? 'archived' : 'active', archived_at: archived ? now : null, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const batch = await startChangeBatch(trx, archived ? 'history.action.groupArchive' : 'history.action.groupUnarchive', { name: after.name }, now);
    await batch.record('group', id, before, after);
    return toGroup(after);
  });
}

export async function deleteGroup(db: Kysely<Database>, id: number, now: string): Promise<{ id: number }> {
  return db.transaction().execute(async (trx) => {
    const before = await findGroupRow(trx, id);
    await trx.deleteFrom('groups').where('id', '=', id).execute();
    const batch = await startChangeBatch(trx, 'history.action.groupDelete', { name: before.name }, now);
    await batch.record('group', id, before, null);
    return { id };
  });
}
