import type { Selectable } from 'kysely';
import type { MembershipsTable } from '../../db/schema.ts';
import { appFailure } from '../../../shared/contract/result.ts';
import { MEMBERSHIP_ROLES, type Member } from '../../../shared/domain/member.ts';
import { rowSetJson, startChangeBatchSync } from '../audit/change-log.ts';
import { findMemberRow } from './member-queries.ts';
import { customJson, MEMBER_COLUMNS, parseCustom, toMember, type MemberRow } from './member-rows.ts';
import { stmt, writeTransaction, type MemberStore } from './member-store.ts';
import { mergeDraft, valuesOfRow, withSearchKeys } from './member-values.ts';

type Row = Record<string, unknown>;

/** A memberships row as SELECT * returns it. */
type MembershipRow = Selectable<MembershipsTable>;

function roleRank(role: string): number {
  const index = MEMBERSHIP_ROLES.indexOf(role as (typeof MEMBERSHIP_ROLES)[number]);
  return index === -1 ? MEMBERSHIP_ROLES.length : index;
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return null;
  return a > b ? a : b;
}

/** Contact values of the merged record that differ from the kept one's, kept as custom fields. */
const MERGED_CONTACTS = [
  ['phone', 'merged.phone'],
  ['wechat_id', 'merged.wechatId'],
  ['email', 'merged.email'],
] as const;

/**
 * Merges member `mergeId` into member `keepId`: the kept member keeps its values and gains every
 * empty field, name (as aliases), note, custom field, membership, tag, invitee and inviter of the
 * other; a different phone / WeChat ID / e-mail is kept as a custom field (merged.phone...).
 * The merged record is deleted; a member_merges row keeps its id, name and full row, so its history
 * stays reachable from the profile. One change batch: undo restores both members exactly.
 */
export async function mergeMembers(store: MemberStore, keepId: number, mergeId: number, now: string = new Date().toISOString()): Promise<Member> {
  if (keepId === mergeId) throw appFailure('VALIDATION', 'errors.validation', undefined, [{ path: 'members', messageKey: 'directory.errors.sameMember' }]);
  return writeTransaction(store, () => {
    const sqlite = store.sqlite;
    const kept = findMemberRow(sqlite, keepId);
    const merged = findMemberRow(sqlite, mergeId);
    const batch = startChangeBatchSync(sqlite, 'directory.history.merge', { kept: kept.display_name, merged: merged.display_name }, now);

    // Memberships: move them over; where both were in the same group, combine into the kept one.
    const keptMemberships = new Map((stmt(sqlite, 'SELECT * FROM memberships WHERE member_id = ?').all(keepId) as MembershipRow[]).map((row) => [row.group_id, row]));
    for (const membership of stmt(sqlite, 'SELECT * FROM memberships WHERE member_id = ?').all(mergeId) as MembershipRow[]) {
      const mine = keptMemberships.get(membership.group_id);
      if (mine === undefined) {
        const after = { ...membership, member_id: keepId };
        stmt(sqlite, 'UPDATE memberships SET member_id = ? WHERE id = ?').run(keepId, membership.id);
        batch.record('membership', membership.id, membership as unknown as Row, after);
        continue;
      }
      const combined: MembershipRow = {
        ...mine,
        role: roleRank(membership.role) < roleRank(mine.role) ? membership.role : mine.role,
        group_nickname: mine.group_nickname ?? membership.group_nickname,
        joined_on: earliest(mine.joined_on, membership.joined_on),
        left_on: latest(mine.left_on, membership.left_on),
        updated_at: now,
      };
      stmt(sqlite, 'DELETE FROM memberships WHERE id = ?').run(membership.id);
      batch.record('membership', membership.id, membership as unknown as Row, null);
      stmt(sqlite, 'UPDATE memberships SET role = ?, group_nickname = ?, joined_on = ?, left_on = ?, updated_at = ? WHERE id = ?').run(
        combined.role,
        combined.group_nickname,
        combined.joined_on,
        combined.left_on,
        combined.updated_at,
        mine.id,
      );
      batch.record('membership', mine.id, mine as unknown as Row, combined as unknown as Row);
    }

    // Tags: move the ones the kept member does not have; drop the doubles.
    for (const link of stmt(sqlite, 'SELECT * FROM member_tags WHERE member_id = ?').all(mergeId) as Array<{ id: number; tag_id: number } & Row>) {
      const has = stmt(sqlite, 'SELECT 1 FROM member_tags WHERE member_id = ? AND tag_id = ?').get(keepId, link.tag_id) !== undefined;
      if (has) {
        stmt(sqlite, 'DELETE FROM member_tags WHERE id = ?').run(link.id);
        batch.record('memberTag', link.id, link, null);
      } else {
        stmt(sqlite, 'UPDATE member_tags SET member_id = ? WHERE id = ?').run(keepId, link.id);
        batch.record('memberTag', link.id, link, { ...link, member_id: keepId });
      }
    }

    // Invitees of the merged record now point at the kept member (never at themselves).
    const inviteeWhere = 't.inviter_id = ? AND t.id <> ?';
    const invitees = rowSetJson(sqlite, 'members', ['id', 'inviter_id'], inviteeWhere, [mergeId, keepId]);
    if (invitees.count > 0) {
      const after = sqlite
        .prepare(`SELECT json_object('columns', json('["id","inviter_id"]'), 'rows', json_group_array(json_array(t.id, ?))) AS j FROM members AS t WHERE ${inviteeWhere}`)
        .get(keepId, mergeId, keepId) as { j: string };
      batch.recordUpdated('member', invitees.json, after.j, invitees.count);
      sqlite.prepare(`UPDATE members AS t SET inviter_id = ? WHERE ${inviteeWhere}`).run(keepId, mergeId, keepId);
    }

    // Earlier merges into the merged record now hang off the kept member.
    for (const earlier of stmt(sqlite, 'SELECT * FROM member_merges WHERE kept_id = ?').all(mergeId) as Array<{ id: number } & Row>) {
      stmt(sqlite, 'UPDATE member_merges SET kept_id = ? WHERE id = ?').run(keepId, earlier.id);
      batch.record('memberMerge', earlier.id, earlier, { ...earlier, kept_id: keepId });
    }

    // "Not a duplicate" marks of the merged record go with it (they are about a record that no longer exists).
    for (const dismissal of stmt(sqlite, 'SELECT * FROM duplicate_dismissals WHERE member_a = @id OR member_b = @id').all({ id: mergeId }) as Array<{ id: number } & Row>) {
      stmt(sqlite, 'DELETE FROM duplicate_dismissals WHERE id = ?').run(dismissal.id);
      batch.record('duplicateDismissal', dismissal.id, dismissal, null);
    }

    const mergeRow = stmt(
      sqlite,
      'INSERT INTO member_merges (kept_id, merged_id, merged_name, merged_json, change_batch_id, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
    ).get(keepId, mergeId, merged.display_name, JSON.stringify(merged), batch.id, now) as { id: number } & Row;
    batch.record('memberMerge', mergeRow.id, null, mergeRow);

    // The kept member's own fields: fill what is empty, keep the rest, lose nothing.
    const mergedInviter = merged.inviter_id === keepId ? null : merged.inviter_id;
    stmt(sqlite, 'DELETE FROM members WHERE id = ?').run(mergeId);
    batch.record('member', mergeId, merged as unknown as Row, null);
    const next = combineMembers(kept, merged);
    const afterRow: MemberRow = {
      ...kept,
      ...next,
      inviter_id: kept.inviter_id === mergeId ? mergedInviter : (kept.inviter_id ?? mergedInviter),
      joined_on: earliest(kept.joined_on, merged.joined_on),
      updated_at: now,
    };
    const columns = MEMBER_COLUMNS.filter((column) => column !== 'id');
    stmt(sqlite, `UPDATE members SET ${columns.map((column) => `${column} = @${column}`).join(', ')} WHERE id = @id`).run(afterRow);
    batch.record('member', keepId, kept as unknown as Row, afterRow as unknown as Row);
    return toMember(afterRow);
  });
}

function combineMembers(kept: MemberRow, merged: MemberRow): ReturnType<typeof valuesOfRow> {
  const keptValues = valuesOfRow(kept);
  const mergedValues = valuesOfRow(merged);
  const next = mergeDraft(keptValues, mergedValues, 'fill-empty');
  // A contact value of the merged record that differs from the kept one is kept as a custom field.
  const custom = parseCustom(next.custom_json);
  for (const [column, field] of MERGED_CONTACTS) {
    const theirs = merged[column];
    if (theirs === null || theirs === next[column]) continue;
    const existing = custom[field];
    const values = existing === undefined ? [] : existing.split(', ');
    if (!values.includes(theirs)) values.push(theirs);
    custom[field] = values.join(', ');
  }
  // Aliases of the merged record (its other names) join the kept member's.
  const aliases = new Set((next.aliases ?? '').split('\n').filter((line) => line.length > 0));
  for (const alias of (merged.aliases ?? '').split('\n')) {
    if (alias.length > 0 && alias !== next.display_name && alias !== next.real_name && alias !== next.nickname) aliases.add(alias);
  }
  for (const name of [merged.display_name, merged.real_name, merged.nickname]) {
    if (name !== null && name !== next.display_name && name !== next.real_name && name !== next.nickname && name !== merged.phone && name !== merged.wechat_id && name !== merged.email) {
      aliases.add(name);
    }
  }
  // Notes: both, when they differ.
  const notes = kept.notes !== null && merged.notes !== null && kept.notes !== merged.notes ? `${kept.notes}\n\n${merged.notes}` : (kept.notes ?? merged.notes);
  return withSearchKeys({ ...next, aliases: aliases.size === 0 ? null : [...aliases].join('\n'), notes, custom_json: customJson(custom) });
}
