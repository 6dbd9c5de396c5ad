import type Sqlite from 'better-sqlite3';
import { rowSetJson, tableColumns, type SyncChangeBatch } from '../audit/change-log.ts';
import { JobSteps, type JobStepOptions } from '../jobs/job-steps.ts';
import { MEMBER_COLUMNS } from './member-rows.ts';
import { TARGET_TABLE, targetChunks } from './member-target.ts';

const IN_CHUNK = '(SELECT value FROM json_each(?))';
const CHUNK = 2_000;

/**
 * Records, a chunk of the target at a time, everything deleting the target members takes with them,
 * so undo puts it all back with the same ids: the members, their tags, memberships, "not a
 * duplicate" pairs and merge records, and the inviter link of members they invited (which SQLite
 * sets to NULL). Yields the number of members recorded after each chunk.
 */
function* recordTargetDeletion(sqlite: Sqlite.Database, batch: SyncChangeBatch): Generator<number> {
  const chunks = targetChunks(sqlite, CHUNK);
  const memberTagColumns = tableColumns(sqlite, 'member_tags');
  const membershipColumns = tableColumns(sqlite, 'memberships');
  const dismissalColumns = tableColumns(sqlite, 'duplicate_dismissals');
  const mergeColumns = tableColumns(sqlite, 'member_merges');
  for (const chunk of chunks) {
    const json = JSON.stringify(chunk);
    const tags = rowSetJson(sqlite, 'member_tags', memberTagColumns, `t.member_id IN ${IN_CHUNK}`, [json]);
    batch.recordDeleted('memberTag', tags.json, tags.count);
    const memberships = rowSetJson(sqlite, 'memberships', membershipColumns, `t.member_id IN ${IN_CHUNK}`, [json]);
    batch.recordDeleted('membership', memberships.json, memberships.count);
    const dismissals = rowSetJson(
      sqlite,
      'duplicate_dismissals',
      dismissalColumns,
      `t.member_a IN ${IN_CHUNK} OR (t.member_b IN ${IN_CHUNK} AND t.member_a NOT IN (SELECT id FROM ${TARGET_TABLE}))`,
      [json, json],
    );
    batch.recordDeleted('duplicateDismissal', dismissals.json, dismissals.count);
    const merges = rowSetJson(sqlite, 'member_merges', mergeColumns, `t.kept_id IN ${IN_CHUNK}`, [json]);
    batch.recordDeleted('memberMerge', merges.json, merges.count);
    const inviteesWhere = `t.inviter_id IN ${IN_CHUNK} AND t.id NOT IN (SELECT id FROM ${TARGET_TABLE})`;
    const invitees = rowSetJson(sqlite, 'members', ['id', 'inviter_id'], inviteesWhere, [json]);
    if (invitees.count > 0) {
      const after = sqlite
        .prepare(`SELECT json_object('columns', json('["id","inviter_id"]'), 'rows', json_group_array(json_array(t.id, NULL))) AS j FROM members AS t WHERE ${inviteesWhere}`)
        .get(json) as { j: string };
      batch.recordUpdated('member', invitees.json, after.j, invitees.count);
    }
    const members = rowSetJson(sqlite, 'members', MEMBER_COLUMNS, `t.id IN ${IN_CHUNK}`, [json]);
    batch.recordDeleted('member', members.json, members.count);
    yield members.count;
  }
}

/**
 * Deletes every member in the target table, all of it recorded first for undo (recordTargetDeletion):
 * every before-image is taken before anything is deleted. Returns how many members were deleted.
 */
export function deleteTargetMembers(sqlite: Sqlite.Database, batch: SyncChangeBatch): number {
  let total = 0;
  for (const recorded of recordTargetDeletion(sqlite, batch)) total += recorded;
  sqlite.prepare(`DELETE FROM members WHERE id IN (SELECT id FROM ${TARGET_TABLE})`).run();
  return total;
}

/**
 * Members one DELETE removes in a long delete. At 1,000,000 members, deleting the 96,518 of one city
 * in one statement held the service host's thread for 26.8 s: each member takes its search index
 * entry, 18 index entries, tags, memberships and invitees' links with it, ~0.3 ms (slices of 1,000
 * still held the thread ~400 ms each). 200 is ~60 ms a step.
 */
const DELETE_SLICE = 200;

/** Members outside the target whose inviter is in it: deleting the target unlinks them. */
const OUTSIDE_INVITEES = `SELECT t.id FROM members AS t WHERE t.inviter_id IN (SELECT id FROM ${TARGET_TABLE}) AND t.id NOT IN (SELECT id FROM ${TARGET_TABLE}) ORDER BY t.id`;

/**
 * Invitees one UPDATE unlinks before their inviters go. In the 1,000,000-member bench workspace the
 * first 200 members of a city had invited 11,526 others; the inviters' DELETE unlinked them all in
 * one step of 2.5 s (~0.2 ms an invitee with foreign keys on). Unlinked first, 250 at a time, the
 * DELETE finds none left to update.
 */
const UNLINK_SLICE = 250;

/**
 * deleteTargetMembers (the target holds `members` members) as a long job: it reports rows done
 * after every chunk recorded, every slice of invitees unlinked and every slice deleted (each member
 * counts twice, each outside invitee once), yields to other calls and stops on cancel (JobSteps).
 */
export async function deleteTargetMembersInSteps(sqlite: Sqlite.Database, batch: SyncChangeBatch, members: number, options: JobStepOptions): Promise<number> {
  const invitees = sqlite.prepare(OUTSIDE_INVITEES).pluck().all() as number[];
  const steps = new JobSteps(members * 2 + invitees.length, options);
  let total = 0;
  for (const recorded of recordTargetDeletion(sqlite, batch)) {
    total += recorded;
    await steps.advance(recorded);
  }
  const unlink = sqlite.prepare(`UPDATE members SET inviter_id = NULL WHERE id IN ${IN_CHUNK}`);
  for (let from = 0; from < invitees.length; from += UNLINK_SLICE) {
    const slice = invitees.slice(from, from + UNLINK_SLICE);
    unlink.run(JSON.stringify(slice));
    await steps.advance(slice.length);
  }
  const remove = sqlite.prepare(`DELETE FROM members WHERE id IN ${IN_CHUNK}`);
  for (const slice of targetChunks(sqlite, DELETE_SLICE)) {
    remove.run(JSON.stringify(slice));
    await steps.advance(slice.length);
  }
  return total;
}
