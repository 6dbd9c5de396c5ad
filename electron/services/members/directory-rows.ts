import type Sqlite from 'better-sqlite3';
import type { MemberListRow } from '../../../shared/domain/member.ts';
import { LIST_COLUMNS, toListRow, type ListRow } from './member-rows.ts';
import { stmt, type MemberReader } from './member-store.ts';

/** Directory rows for these ids, in the order given, with tags, current groups and inviter name. */
export function fetchListRows(sqlite: Sqlite.Database, ids: readonly number[]): MemberListRow[] {
  if (ids.length === 0) return [];
  const json = JSON.stringify(ids);
  const rows = stmt(
    sqlite,
    `SELECT ${LIST_COLUMNS}, i.display_name AS inviter_name FROM members AS m LEFT JOIN members AS i ON i.id = m.inviter_id WHERE m.id IN (SELECT value FROM json_each(?))`,
  ).all(json) as Array<ListRow & { inviter_name: string | null }>;
  const tags = new Map<number, string[]>();
  for (const row of stmt(
    sqlite,
    'SELECT mt.member_id AS id, t.name AS name FROM member_tags AS mt JOIN tags AS t ON t.id = mt.tag_id WHERE mt.member_id IN (SELECT value FROM json_each(?)) ORDER BY t.name',
  ).all(json) as Array<{ id: number; name: string }>) {
    const list = tags.get(row.id) ?? [];
    list.push(row.name);
    tags.set(row.id, list);
  }
  const groups = new Map<number, string[]>();
  for (const row of stmt(
    sqlite,
    'SELECT s.member_id AS id, g.name AS name FROM memberships AS s JOIN groups AS g ON g.id = s.group_id WHERE s.member_id IN (SELECT value FROM json_each(?)) AND s.left_on IS NULL ORDER BY g.name',
  ).all(json) as Array<{ id: number; name: string }>) {
    const list = groups.get(row.id) ?? [];
    list.push(row.name);
    groups.set(row.id, list);
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  const result: MemberListRow[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (row !== undefined) result.push(toListRow(row, row.inviter_name, tags.get(id) ?? [], groups.get(id) ?? []));
  }
  return result;
}

export interface FilterOption {
  value: string;
  count: number;
}

/** Values offered by the city and source filters, most common first. */
export function listFilterOptions(reader: MemberReader): { cities: FilterOption[]; sources: FilterOption[] } {
  const read = (column: 'city' | 'source') =>
    (stmt(reader.sqlite, `SELECT ${column} AS value, count(*) AS count FROM members WHERE ${column} IS NOT NULL GROUP BY ${column} ORDER BY count DESC, value LIMIT 500`).all() as FilterOption[]);
  return { cities: read('city'), sources: read('source') };
}
