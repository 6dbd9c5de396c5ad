import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Tables counted in `stats` and the workspace overview, keyed by their domain name. */
const COUNTED_ENTITIES = {
  groups: 'groups',
  members: 'members',
  memberships: 'memberships',
  tags: 'tags',
  segments: 'segments',
  imports: 'import_batches',
  changes: 'change_batches',
} as const satisfies Record<string, keyof Database>;

export async function countEntities(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [entity, table] of Object.entries(COUNTED_ENTITIES)) {
    const result = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
    counts[entity] = Number(result.rows[0]?.n ?? 0);
  }
  return counts;
}
