import type Sqlite from 'better-sqlite3';
import { appFailure } from '../../../shared/contract/result.ts';
import type {
  Member,
  MemberFilter,
  MemberImportHistoryEntry,
  MemberListRow,
  MemberProfile,
  MembershipInfo,
  MembershipRole,
  MemberSort,
} from '../../../shared/domain/member.ts';
import { getDirectoryWindow } from './directory-queries.ts';
import { fetchListRows } from './directory-rows.ts';
import { MEMBER_REF_COLUMNS, toMember, toMemberRef, type MemberRefRow, type MemberRow } from './member-rows.ts';
import { stmt, type MemberReader } from './member-store.ts';

export function findMemberRow(sqlite: Sqlite.Database, id: number): MemberRow {
  const row = stmt(sqlite, 'SELECT * FROM members WHERE id = ?').get(id) as MemberRow | undefined;
  if (row === undefined) throw appFailure('NOT_FOUND', 'directory.errors.memberNotFound', { id });
  return row;
}

export function getMember(reader: MemberReader, id: number): Member {
  return toMember(findMemberRow(reader.sqlite, id));
}

/** Ids of the records merged into a member (and into those, recursively). */
function mergedIds(sqlite: Sqlite.Database, id: number): number[] {
  return stmt(
    sqlite,
    `WITH RECURSIVE merged(id) AS (SELECT ? UNION SELECT mm.merged_id FROM member_merges AS mm JOIN merged ON mm.kept_id = merged.id) SELECT id FROM merged`,
  )
    .pluck()
    .all(id) as number[];
}

const INVITEE_LIMIT = 200;

/** Everything the profile shows: every field, memberships, tags, inviter and invitees, import history, merges. */
export function getMemberProfile(reader: MemberReader, id: number): MemberProfile {
  const sqlite = reader.sqlite;
  const row = findMemberRow(sqlite, id);
  const memberships = (
    stmt(
      sqlite,
      `SELECT s.id, s.group_id, g.name AS group_name, s.role, s.group_nickname, s.joined_on, s.left_on
       FROM memberships AS s JOIN groups AS g ON g.id = s.group_id WHERE s.member_id = ? ORDER BY s.left_on IS NOT NULL, s.joined_on, s.id`,
    ).all(id) as Array<{ id: number; group_id: number; group_name: string; role: string; group_nickname: string | null; joined_on: string | null; left_on: string | null }>
  ).map(
    (s): MembershipInfo => ({
      id: s.id,
      groupId: s.group_id,
      groupName: s.group_name,
      role: s.role as MembershipRole,
      groupNickname: s.group_nickname,
      joinedOn: s.joined_on,
      leftOn: s.left_on,
    }),
  );
  const tags = stmt(sqlite, 'SELECT t.id, t.name, t.color FROM member_tags AS mt JOIN tags AS t ON t.id = mt.tag_id WHERE mt.member_id = ? ORDER BY t.name').all(id) as Array<{
    id: number;
    name: string;
    color: string | null;
  }>;
  const inviterRow = row.inviter_id === null ? undefined : (stmt(sqlite, `SELECT ${MEMBER_REF_COLUMNS} FROM members WHERE id = ?`).get(row.inviter_id) as MemberRefRow | undefined);
  const invitees = (stmt(sqlite, `SELECT ${MEMBER_REF_COLUMNS} FROM members WHERE inviter_id = ? ORDER BY id LIMIT ?`).all(id, INVITEE_LIMIT) as MemberRefRow[]).map(toMemberRef);
  const inviteeCount = invitees.length < INVITEE_LIMIT ? invitees.length : (stmt(sqlite, 'SELECT count(*) AS n FROM members WHERE inviter_id = ?').get(id) as { n: number }).n;

  const ids = JSON.stringify(mergedIds(sqlite, id));
  const imports = (
    stmt(
      sqlite,
      `SELECT ib.id AS import_id, ib.file_name, ib.started_at AS at, 'created' AS effect, cb.undone_at
       FROM members AS m JOIN import_batches AS ib ON ib.id = m.import_id LEFT JOIN change_batches AS cb ON cb.id = ib.change_batch_id
       WHERE m.id IN (SELECT value FROM json_each(@ids))
       UNION ALL
       SELECT ib.id, ib.file_name, ib.started_at, 'created', cb.undone_at
       FROM member_merges AS mm JOIN import_batches AS ib ON ib.id = json_extract(mm.merged_json, '$.import_id') LEFT JOIN change_batches AS cb ON cb.id = ib.change_batch_id
       WHERE mm.merged_id IN (SELECT value FROM json_each(@ids))
       UNION ALL
       SELECT ib.id, ib.file_name, ib.started_at, 'updated', cb.undone_at
       FROM audit_log AS a JOIN import_batches AS ib ON ib.change_batch_id = a.batch_id JOIN change_batches AS cb ON cb.id = a.batch_id
       WHERE a.entity = 'member' AND a.entity_id IN (SELECT value FROM json_each(@ids))
       ORDER BY at, import_id`,
    ).all({ ids }) as Array<{ import_id: number; file_name: string; at: string; effect: 'created' | 'updated'; undone_at: string | null }>
  ).map((entry): MemberImportHistoryEntry => ({ importId: entry.import_id, fileName: entry.file_name, at: entry.at, effect: entry.effect, undone: entry.undone_at !== null }));
  const mergedFrom = (stmt(sqlite, 'SELECT merged_id, merged_name, at FROM member_merges WHERE kept_id = ? ORDER BY at, id').all(id) as Array<{
    merged_id: number;
    merged_name: string;
    at: string;
  }>).map((entry) => ({ id: entry.merged_id, displayName: entry.merged_name, at: entry.at }));
  return {
    member: toMember(row),
    memberships,
    tags,
    inviter: inviterRow === undefined ? null : toMemberRef(inviterRow),
    invitees,
    inviteeCount,
    imports,
    mergedFrom,
  };
}

/**
 * The members of a filter in sort order, a chunk at a time, for exports (the whole list never sits
 * in memory as rows; only the ordered ids do).
 */
export function* iterateDirectory(reader: MemberReader, input: { filter?: MemberFilter; sort?: MemberSort; chunkSize?: number }): Generator<MemberListRow[]> {
  const chunkSize = Math.max(1, Math.min(500, input.chunkSize ?? 500));
  const first = getDirectoryWindow(reader, { filter: input.filter ?? {}, sort: input.sort, start: 0, limit: chunkSize });
  if (first.rows.length === 0) return;
  yield first.rows;
  for (let start = chunkSize; start < first.total; start += chunkSize) {
    const window = getDirectoryWindow(reader, { filter: input.filter ?? {}, sort: input.sort, start, limit: chunkSize });
    if (window.rows.length === 0) return;
    yield window.rows;
  }
}

/** Directory rows for given ids (selection views, tests). */
export function getListRows(reader: MemberReader, ids: readonly number[]): MemberListRow[] {
  return fetchListRows(reader.sqlite, ids);
}
