import { sql, type Kysely } from 'kysely';
import type { Group } from '../../../shared/domain/group.ts';
import { appFailure } from '../../../shared/contract/result.ts';
import type { Database } from '../../db/schema.ts';
import { toGroup, type GroupRow } from './group-rows.ts';

export interface ListGroupsInput {
  includeArchived?: boolean | undefined;
  search?: string | undefined;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Active groups first, then by name; the search matches name, theme and owner. */
export async function listGroups(db: Kysely<Database>, input: ListGroupsInput): Promise<Group[]> {
  let query = db.selectFrom('groups').selectAll();
  if (!input.includeArchived) query = query.where('status', '=', 'active');
  const search = input.search?.trim();
  if (search) {
    const pattern = `%${escapeLike(search)}%`;
    query = query.where((eb) =>
      eb.or((['name', 'theme', 'owner'] as const).map((column) => sql<boolean>`${eb.ref(column)} LIKE ${pattern} ESCAPE '\\'`)),
    );
  }
  const rows = await query.orderBy('status', 'asc').orderBy('name', 'asc').execute();
  return rows.map(toGroup);
}

export async function findGroupRow(db: Kysely<Database>, id: number): Promise<GroupRow> {
  const row = await db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw appFailure('NOT_FOUND', 'errors.groupNotFound', { id });
  return row;
}

export async function getGroup(db: Kysely<Database>, id: number): Promise<Group> {
  return toGroup(await findGroupRow(db, id));
}

export async function countGroups(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('groups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
