import { appFailure } from '../../../shared/contract/result.ts';
import type { TagInfo } from '../../../shared/domain/member.ts';
import { rowSetJson, startChangeBatchSync, tableColumns } from '../audit/change-log.ts';
import { stmt, writeTransaction, type MemberReader, type MemberStore } from './member-store.ts';
import { cleanTagName, TAG_NAME_LIMIT } from './tag-store.ts';

/** Tags (标签): free labels on members, with how many members carry each. */

type TagRow = { id: number; name: string; color: string | null; created_at: string };

export function listTags(reader: MemberReader): TagInfo[] {
  const rows = stmt(
    reader.sqlite,
    `SELECT t.id, t.name, t.color, (SELECT count(*) FROM member_tags AS mt WHERE mt.tag_id = t.id) AS member_count FROM tags AS t ORDER BY t.name COLLATE NOCASE`,
  ).all() as Array<TagRow & { member_count: number }>;
  return rows.map((row) => ({ id: row.id, name: row.name, color: row.color, memberCount: row.member_count }));
}

function checkedName(name: string): string {
  const cleanName = cleanTagName(name);
  if (cleanName === null) throw appFailure('VALIDATION', 'errors.validation', undefined, [{ path: 'name', messageKey: 'validation.required' }]);
  if ([...name.trim()].length > TAG_NAME_LIMIT) {
    throw appFailure('VALIDATION', 'errors.validation', undefined, [{ path: 'name', messageKey: 'validation.tooLong', params: { limit: TAG_NAME_LIMIT } }]);
  }
  return cleanName;
}

function findTag(reader: MemberReader, id: number): TagRow {
  const row = stmt(reader.sqlite, 'SELECT * FROM tags WHERE id = ?').get(id) as TagRow | undefined;
  if (row === undefined) throw appFailure('NOT_FOUND', 'directory.errors.tagNotFound', { id });
  return row;
}

function assertNameFree(reader: MemberReader, name: string, exceptId: number | null): void {
  if (stmt(reader.sqlite, 'SELECT 1 FROM tags WHERE lower(name) = lower(?) AND id IS NOT ?').get(name, exceptId) !== undefined) {
    throw appFailure('CONFLICT', 'errors.validation', undefined, [{ path: 'name', messageKey: 'directory.errors.tagNameTaken', params: { name } }]);
  }
}

export async function createTag(store: MemberStore, name: string, color: string | null = null, now: string = new Date().toISOString()): Promise<TagInfo> {
  const cleanName = checkedName(name);
  return writeTransaction(store, () => {
    assertNameFree(store, cleanName, null);
    const row = stmt(store.sqlite, 'INSERT INTO tags (name, color, created_at) VALUES (?, ?, ?) RETURNING *').get(cleanName, color, now) as TagRow;
    startChangeBatchSync(store.sqlite, 'directory.history.tagCreate', { name: cleanName }, now).record('tag', row.id, null, { ...row });
    return { id: row.id, name: row.name, color: row.color, memberCount: 0 };
  });
}

/** Renames a tag or changes its colour (every member carrying it follows). */
export async function updateTag(store: MemberStore, id: number, changes: { name?: string; color?: string | null }, now: string = new Date().toISOString()): Promise<TagInfo> {
  const name = changes.name === undefined ? undefined : checkedName(changes.name);
  return writeTransaction(store, () => {
    const before = findTag(store, id);
    if (name !== undefined) assertNameFree(store, name, id);
    const after = stmt(store.sqlite, 'UPDATE tags SET name = ?, color = ? WHERE id = ? RETURNING *').get(name ?? before.name, changes.color === undefined ? before.color : changes.color, id) as TagRow;
    startChangeBatchSync(store.sqlite, 'directory.history.tagUpdate', { name: after.name }, now).record('tag', id, { ...before }, { ...after });
    const count = (stmt(store.sqlite, 'SELECT count(*) AS n FROM member_tags WHERE tag_id = ?').get(id) as { n: number }).n;
    return { id, name: after.name, color: after.color, memberCount: count };
  });
}

/** Deletes a tag and takes it off every member (undo puts it back on each). */
export async function deleteTag(store: MemberStore, id: number, now: string = new Date().toISOString()): Promise<{ id: number; members: number }> {
  return writeTransaction(store, () => {
    const sqlite = store.sqlite;
    const before = findTag(store, id);
    const batch = startChangeBatchSync(sqlite, 'directory.history.tagDelete', { name: before.name }, now);
    const links = rowSetJson(sqlite, 'member_tags', tableColumns(sqlite, 'member_tags'), 't.tag_id = ?', [id]);
    batch.recordDeleted('memberTag', links.json, links.count);
    stmt(sqlite, 'DELETE FROM member_tags WHERE tag_id = ?').run(id);
    stmt(sqlite, 'DELETE FROM tags WHERE id = ?').run(id);
    batch.record('tag', id, { ...before }, null);
    return { id, members: links.count };
  });
}
