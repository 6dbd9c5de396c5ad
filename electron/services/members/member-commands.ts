import type Sqlite from 'better-sqlite3';
import { appFailure, type FieldIssue } from '../../../shared/contract/result.ts';
import {
  LIFECYCLE_STAGES,
  MEMBER_GENDERS,
  MEMBERSHIP_ROLES,
  type Member,
  type MemberEdit,
  type MembershipInfo,
  type MembershipRole,
} from '../../../shared/domain/member.ts';
import { startChangeBatchSync, type SyncChangeBatch } from '../audit/change-log.ts';
import { findDuplicatesFor } from './duplicates.ts';
import { findMemberRow } from './member-queries.ts';
import { MEMBER_COLUMNS, toMember, type MemberRow } from './member-rows.ts';
import { stmt, writeTransaction, type MemberStore } from './member-store.ts';
import { clean, valuesFromEdit, type MemberValues } from './member-values.ts';
import { cleanTagName, ensureTagIds, loadTagIds } from './tag-store.ts';

type Row = Record<string, unknown>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface SaveMemberOptions {
  /** Save even though other members share the phone / WeChat ID / e-mail (the operator confirmed). */
  allowDuplicates?: boolean;
  now?: string;
}

/** Checks a manual edit; throws VALIDATION naming each wrong field. */
function validate(edit: MemberEdit, values: MemberValues | null, sqlite: Sqlite.Database, selfId: number | null): MemberValues {
  const issues: FieldIssue[] = [];
  if (values === null) issues.push({ path: 'displayName', messageKey: 'validation.required' });
  if (edit.gender !== null && !MEMBER_GENDERS.includes(edit.gender)) issues.push({ path: 'gender', messageKey: 'directory.errors.gender' });
  if (edit.stage !== null && !LIFECYCLE_STAGES.includes(edit.stage)) issues.push({ path: 'stage', messageKey: 'directory.errors.stage' });
  if (edit.birthYear !== null && (!Number.isInteger(edit.birthYear) || edit.birthYear < 1900 || edit.birthYear > 2100)) {
    issues.push({ path: 'birthYear', messageKey: 'directory.errors.birthYear' });
  }
  if (clean(edit.joinedOn) !== null && !ISO_DATE.test(clean(edit.joinedOn) ?? '')) issues.push({ path: 'joinedOn', messageKey: 'validation.date' });
  const email = clean(edit.email);
  if (email !== null && !/^[^\s@]+@[^\s@]+$/.test(email)) issues.push({ path: 'email', messageKey: 'directory.errors.email' });
  if (edit.inviterId !== null) {
    if (edit.inviterId === selfId) issues.push({ path: 'inviterId', messageKey: 'directory.errors.inviterIsSelf' });
    else if (stmt(sqlite, 'SELECT 1 FROM members WHERE id = ?').get(edit.inviterId) === undefined) issues.push({ path: 'inviterId', messageKey: 'directory.errors.inviterNotFound' });
    else if (selfId !== null && invitedBy(sqlite, edit.inviterId, selfId)) issues.push({ path: 'inviterId', messageKey: 'directory.errors.inviterCycle' });
  }
  if (issues.length > 0 || values === null) throw appFailure('VALIDATION', 'errors.validation', undefined, issues);
  return values;
}

/** Whether `member` is somewhere below `ancestor` in the referral tree. */
function invitedBy(sqlite: Sqlite.Database, member: number, ancestor: number): boolean {
  let current: number | null = member;
  for (let depth = 0; current !== null && depth < 1_000; depth += 1) {
    if (current === ancestor) return true;
    current = (stmt(sqlite, 'SELECT inviter_id FROM members WHERE id = ?').pluck().get(current) as number | null | undefined) ?? null;
  }
  return false;
}

function refuseDuplicates(sqlite: Sqlite.Database, edit: MemberEdit, selfId: number | null, options: SaveMemberOptions): void {
  if (options.allowDuplicates === true) return;
  const exact = findDuplicatesFor({ sqlite }, edit, selfId).filter((match) => match.reasons.some((reason) => reason === 'samePhone' || reason === 'sameWechat' || reason === 'sameEmail'));
  if (exact.length > 0) {
    throw appFailure('CONFLICT', 'directory.errors.duplicateMember', {
      names: exact.map((match) => match.member.displayName).join('、'),
      ids: exact.map((match) => match.member.id).join(','),
    });
  }
}

/** Sets a member's tags to exactly `names`, recording each link added or removed. */
function setTags(sqlite: Sqlite.Database, batch: SyncChangeBatch, memberId: number, names: readonly string[], now: string): void {
  const known = loadTagIds(sqlite);
  const before = new Set(known.values());
  const wanted = ensureTagIds(sqlite, known, names.filter((name) => cleanTagName(name) !== null), now);
  for (const tagId of wanted) {
    if (!before.has(tagId)) batch.record('tag', tagId, null, stmt(sqlite, 'SELECT * FROM tags WHERE id = ?').get(tagId) as Row);
  }
  const current = stmt(sqlite, 'SELECT * FROM member_tags WHERE member_id = ?').all(memberId) as Array<{ id: number; tag_id: number } & Row>;
  for (const link of current) {
    if (wanted.includes(link.tag_id)) continue;
    stmt(sqlite, 'DELETE FROM member_tags WHERE id = ?').run(link.id);
    batch.record('memberTag', link.id, link, null);
  }
  for (const tagId of wanted) {
    if (current.some((link) => link.tag_id === tagId)) continue;
    const row = stmt(sqlite, 'INSERT INTO member_tags (member_id, tag_id, created_at) VALUES (?, ?, ?) RETURNING *').get(memberId, tagId, now) as { id: number } & Row;
    batch.record('memberTag', row.id, null, row);
  }
}

const WRITABLE = MEMBER_COLUMNS.filter((column) => column !== 'id');

/**
 * Adds a member by hand (values already normalised like an import's). Refuses with CONFLICT
 * (directory.errors.duplicateMember, naming them) when someone has the same phone / WeChat ID /
 * e-mail, unless `allowDuplicates`: the form calls `findDuplicatesFor` first and asks.
 */
export async function createMember(store: MemberStore, edit: MemberEdit, options: SaveMemberOptions = {}): Promise<Member> {
  const now = options.now ?? new Date().toISOString();
  return writeTransaction(store, () => {
    const sqlite = store.sqlite;
    const values = validate(edit, valuesFromEdit(edit, null), sqlite, null);
    refuseDuplicates(sqlite, edit, null, options);
    const row = stmt(sqlite, `INSERT INTO members (${WRITABLE.join(', ')}) VALUES (${WRITABLE.map((column) => `@${column}`).join(', ')}) RETURNING *`).get({
      ...values,
      stage: values.stage ?? 'new',
      inviter_id: edit.inviterId,
      is_sample: 0,
      import_id: null,
      created_at: now,
      updated_at: now,
    }) as MemberRow;
    const batch = startChangeBatchSync(sqlite, 'directory.history.memberCreate', { name: row.display_name }, now);
    batch.record('member', row.id, null, row as unknown as Row);
    setTags(sqlite, batch, row.id, edit.tags, now);
    return toMember(row);
  });
}

/** Saves an edit of every field (null clears a field); aliases, sample mark and import link are kept. */
export async function updateMember(store: MemberStore, id: number, edit: MemberEdit, options: SaveMemberOptions = {}): Promise<Member> {
  const now = options.now ?? new Date().toISOString();
  return writeTransaction(store, () => {
    const sqlite = store.sqlite;
    const before = findMemberRow(sqlite, id);
    const values = validate(edit, valuesFromEdit(edit, before.aliases), sqlite, id);
    refuseDuplicates(sqlite, edit, id, options);
    const after = stmt(sqlite, `UPDATE members SET ${WRITABLE.filter((column) => !['is_sample', 'import_id', 'created_at'].includes(column)).map((column) => `${column} = @${column}`).join(', ')} WHERE id = @id RETURNING *`).get({
      ...values,
      inviter_id: edit.inviterId,
      updated_at: now,
      id,
    }) as MemberRow;
    const batch = startChangeBatchSync(sqlite, 'directory.history.memberUpdate', { name: after.display_name }, now);
    batch.record('member', id, before as unknown as Row, after as unknown as Row);
    setTags(sqlite, batch, id, edit.tags, now);
    return toMember(after);
  });
}

export interface MembershipFields {
  role: MembershipRole;
  groupNickname: string | null;
  joinedOn: string | null;
  leftOn: string | null;
}

/** Adds a member to a group or changes the membership (role, group nickname, joined / left dates). */
export async function saveMembership(store: MemberStore, memberId: number, groupId: number, fields: MembershipFields, now: string = new Date().toISOString()): Promise<MembershipInfo> {
  const issues: FieldIssue[] = [];
  if (!MEMBERSHIP_ROLES.includes(fields.role)) issues.push({ path: 'role', messageKey: 'directory.errors.role' });
  for (const [path, value] of [['joinedOn', fields.joinedOn], ['leftOn', fields.leftOn]] as const) {
    if (value !== null && !ISO_DATE.test(value)) issues.push({ path, messageKey: 'validation.date' });
  }
  if (issues.length > 0) throw appFailure('VALIDATION', 'errors.validation', undefined, issues);
  return writeTransaction(store, () => {
    const sqlite = store.sqlite;
    const member = findMemberRow(sqlite, memberId);
    const group = stmt(sqlite, 'SELECT id, name FROM groups WHERE id = ?').get(groupId) as { id: number; name: string } | undefined;
    if (group === undefined) throw appFailure('NOT_FOUND', 'errors.groupNotFound', { id: groupId });
    const before = stmt(sqlite, 'SELECT * FROM memberships WHERE member_id = ? AND group_id = ?').get(memberId, groupId) as ({ id: number } & Row) | undefined;
    const nickname = clean(fields.groupNickname);
    const after = (
      before === undefined
        ? stmt(
            sqlite,
            'INSERT INTO memberships (member_id, group_id, role, group_nickname, joined_on, left_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
          ).get(memberId, groupId, fields.role, nickname, fields.joinedOn, fields.leftOn, now, now)
        : stmt(sqlite, 'UPDATE memberships SET role = ?, group_nickname = ?, joined_on = ?, left_on = ?, updated_at = ? WHERE id = ? RETURNING *').get(
            fields.role,
            nickname,
            fields.joinedOn,
            fields.leftOn,
            now,
            before.id,
          )
    ) as { id: number } & Row;
    const batch = startChangeBatchSync(sqlite, 'directory.history.membershipSave', { name: member.display_name, group: group.name }, now);
    batch.record('membership', after.id, before ?? null, after);
    return {
      id: after.id,
      groupId,
      groupName: group.name,
      role: fields.role,
      groupNickname: nickname,
      joinedOn: fields.joinedOn,
      leftOn: fields.leftOn,
    };
  });
}

/** Deletes a membership record outright (a mistake); leaving a group is `leftOn` or the bulk action. */
export async function deleteMembership(store: MemberStore, membershipId: number, now: string = new Date().toISOString()): Promise<{ id: number }> {
  return writeTransaction(store, () => {
    const sqlite = store.sqlite;
    const before = stmt(sqlite, 'SELECT * FROM memberships WHERE id = ?').get(membershipId) as ({ id: number; member_id: number; group_id: number } & Row) | undefined;
    if (before === undefined) throw appFailure('NOT_FOUND', 'directory.errors.membershipNotFound', { id: membershipId });
    const names = stmt(sqlite, 'SELECT (SELECT display_name FROM members WHERE id = ?) AS name, (SELECT name FROM groups WHERE id = ?) AS grp').get(before.member_id, before.group_id) as {
      name: string;
      grp: string;
    };
    stmt(sqlite, 'DELETE FROM memberships WHERE id = ?').run(membershipId);
    const batch = startChangeBatchSync(sqlite, 'directory.history.membershipDelete', { name: names.name, group: names.grp }, now);
    batch.record('membership', membershipId, before, null);
    return { id: membershipId };
  });
}
