import type Sqlite from 'better-sqlite3';
import { appFailure } from '../../../shared/contract/result.ts';
import { LIFECYCLE_STAGES, type BulkResult, type LifecycleStage, type MembershipRole, type MemberTarget } from '../../../shared/domain/member.ts';
import { rowSetJson, startChangeBatchSync, tableColumns, type SyncChangeBatch } from '../audit/change-log.ts';
import { JobSteps, type JobStepOptions } from '../jobs/job-steps.ts';
import { deleteTargetMembersInSteps } from './member-delete.ts';
import { keepBatchIfChanged, maxId, stmt, todayIso, writeTransaction, type MemberStore } from './member-store.ts';
import { fillTarget, TARGET_TABLE, targetChunks } from './member-target.ts';
import { ensureTagIds, loadTagIds } from './tag-store.ts';

/**
 * Bulk actions on a selection or on everything a filter finds. Each is one transaction and one
 * change batch (undo takes the whole action back); rows it creates are recorded as id ranges and
 * rows it changes or deletes as compact row sets, so acting on a million members stays affordable.
 * Members already in the wanted state are left alone and not counted.
 */

/**
 * Members one step of a bulk action handles. Setting the stage of 800,000 of a million members in
 * one statement held the service host's thread for 11 s; a slice of 1,000 takes tens of ms, and the
 * job yields, reports and can stop between slices.
 */
const SLICE = 1_000;
const IN_SLICE = '(SELECT value FROM json_each(?))';

export type BulkActionOptions = JobStepOptions & { now?: string };

function nowOr(now: string | undefined): string {
  return now ?? new Date().toISOString();
}

/** Runs `work` on the target a slice of ids at a time (a JSON array, for json_each), each slice one step of the job. */
async function forTargetSlices(sqlite: Sqlite.Database, count: number, options: JobStepOptions, work: (slice: string) => void): Promise<void> {
  const steps = new JobSteps(count, options);
  for (const chunk of targetChunks(sqlite, SLICE)) {
    work(JSON.stringify(chunk));
    await steps.advance(chunk.length);
  }
}

/** An update a bulk action makes: `where` picks the rows of one slice (its `?` is the slice). */
interface SliceUpdate {
  entity: 'member' | 'membership';
  table: 'members' | 'memberships';
  columns: string[];
  where: string;
  after: Record<string, unknown>;
}

/** Records the rows of one slice `change` is about to update, then updates them; returns how many. */
function recordUpdates(sqlite: Sqlite.Database, batch: SyncChangeBatch, change: SliceUpdate, slice: string): number {
  const { entity, table, columns, where, after } = change;
  const before = rowSetJson(sqlite, table, ['id', ...columns], where, [slice]);
  if (before.count === 0) return 0;
  const afterValues = columns.map((column) => after[column]);
  // The same two statements for every slice of the action: prepared once (stmt), not per slice.
  const afterJson = stmt(
    sqlite,
    `SELECT json_object('columns', json(?), 'rows', json_group_array(json_array(t.id, ${columns.map(() => '?').join(', ')}))) AS j FROM ${table} AS t WHERE ${where}`,
  ).get(JSON.stringify(['id', ...columns]), ...afterValues, slice) as { j: string };
  batch.recordUpdated(entity, before.json, afterJson.j, before.count);
  stmt(sqlite, `UPDATE ${table} AS t SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE ${where}`).run(...afterValues, slice);
  return before.count;
}

/** Adds tags (by name; missing tags are created) to every target member. */
export async function tagMembers(store: MemberStore, target: MemberTarget, tagNames: readonly string[], options: BulkActionOptions = {}): Promise<BulkResult> {
  const at = nowOr(options.now);
  return writeTransaction(store, async () => {
    const sqlite = store.sqlite;
    const count = fillTarget(sqlite, target);
    const batch = startChangeBatchSync(sqlite, 'directory.history.bulkTag', { tags: tagNames.join('、') }, at);
    const tagsBefore = maxId(sqlite, 'tags');
    const linksBefore = maxId(sqlite, 'member_tags');
    const tagIds = ensureTagIds(sqlite, loadTagIds(sqlite), tagNames, at);
    const insert = sqlite
      .prepare(
        `INSERT INTO member_tags (member_id, tag_id, created_at) SELECT t.value, ?, ? FROM json_each(?) AS t
         WHERE NOT EXISTS (SELECT 1 FROM member_tags AS x WHERE x.member_id = t.value AND x.tag_id = ?) ORDER BY t.value RETURNING member_id`,
      )
      .pluck();
    // Members tagged, counted slice by slice (slices hold different members).
    let affected = 0;
    await forTargetSlices(sqlite, count, options, (slice) => {
      const tagged = new Set<number>();
      for (const tagId of tagIds) for (const memberId of insert.all(tagId, at, slice, tagId) as number[]) tagged.add(memberId);
      affected += tagged.size;
    });
    const tagsAfter = maxId(sqlite, 'tags');
    const linksAfter = maxId(sqlite, 'member_tags');
    if (tagsAfter > tagsBefore) batch.recordCreated('tag', [[tagsBefore + 1, tagsAfter]], tagsAfter - tagsBefore);
    if (linksAfter > linksBefore) batch.recordCreated('memberTag', [[linksBefore + 1, linksAfter]], linksAfter - linksBefore);
    return { affected, changeBatchId: keepBatchIfChanged(sqlite, batch.id) };
  });
}

/** Removes tags from every target member. */
export async function untagMembers(store: MemberStore, target: MemberTarget, tagIds: readonly number[], options: BulkActionOptions = {}): Promise<BulkResult> {
  const at = nowOr(options.now);
  return writeTransaction(store, async () => {
    const sqlite = store.sqlite;
    const count = fillTarget(sqlite, target);
    const names = sqlite.prepare('SELECT name FROM tags WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(tagIds)) as string[];
    const batch = startChangeBatchSync(sqlite, 'directory.history.bulkUntag', { tags: names.join('、') }, at);
    const columns = tableColumns(sqlite, 'member_tags');
    const tagJson = JSON.stringify(tagIds);
    const where = `t.member_id IN ${IN_SLICE} AND t.tag_id IN ${IN_SLICE}`;
    const remove = sqlite.prepare(`DELETE FROM member_tags AS t WHERE ${where} RETURNING member_id`).pluck();
    const members = new Set<number>();
    await forTargetSlices(sqlite, count, options, (slice) => {
      const before = rowSetJson(sqlite, 'member_tags', columns, where, [slice, tagJson]);
      if (before.count === 0) return;
      batch.recordDeleted('memberTag', before.json, before.count);
      for (const id of remove.all(slice, tagJson) as number[]) members.add(id);
    });
    return { affected: members.size, changeBatchId: keepBatchIfChanged(sqlite, batch.id) };
  });
}

function groupName(sqlite: Sqlite.Database, groupId: number): string {
  const row = sqlite.prepare('SELECT name FROM groups WHERE id = ?').get(groupId) as { name: string } | undefined;
  if (row === undefined) throw appFailure('NOT_FOUND', 'errors.groupNotFound', { id: groupId });
  return row.name;
}

/** Adds every target member to a group (members who had left rejoin; current members are left alone). */
export async function addMembersToGroup(
  store: MemberStore,
  target: MemberTarget,
  groupId: number,
  options: BulkActionOptions & { role?: MembershipRole; joinedOn?: string | null } = {},
): Promise<BulkResult> {
  const at = nowOr(options.now);
  const joinedOn = options.joinedOn === undefined ? todayIso(at) : options.joinedOn;
  return writeTransaction(store, async () => {
    const sqlite = store.sqlite;
    const name = groupName(sqlite, groupId);
    const count = fillTarget(sqlite, target);
    const batch = startChangeBatchSync(sqlite, 'directory.history.bulkAddToGroup', { group: name }, at);
    const rejoin: SliceUpdate = {
      entity: 'membership',
      table: 'memberships',
      columns: ['left_on', 'updated_at'],
      where: `t.group_id = ${Number(groupId)} AND t.left_on IS NOT NULL AND t.member_id IN ${IN_SLICE}`,
      after: { left_on: null, updated_at: at },
    };
    const insert = sqlite.prepare(
      `INSERT INTO memberships (member_id, group_id, role, group_nickname, joined_on, left_on, created_at, updated_at)
       SELECT t.value, ?, ?, NULL, ?, NULL, ?, ? FROM json_each(?) AS t
       WHERE NOT EXISTS (SELECT 1 FROM memberships AS s WHERE s.member_id = t.value AND s.group_id = ?) ORDER BY t.value`,
    );
    const before = maxId(sqlite, 'memberships');
    let affected = 0;
    await forTargetSlices(sqlite, count, options, (slice) => {
      affected += recordUpdates(sqlite, batch, rejoin, slice);
      affected += insert.run(groupId, options.role ?? 'member', joinedOn, at, at, slice, groupId).changes;
    });
    const after = maxId(sqlite, 'memberships');
    if (after > before) batch.recordCreated('membership', [[before + 1, after]], after - before);
    return { affected, changeBatchId: keepBatchIfChanged(sqlite, batch.id) };
  });
}

/** Marks every target member as having left a group today (the membership stays, as history). */
export async function removeMembersFromGroup(
  store: MemberStore,
  target: MemberTarget,
  groupId: number,
  options: BulkActionOptions & { leftOn?: string } = {},
): Promise<BulkResult> {
  const at = nowOr(options.now);
  const leftOn = options.leftOn ?? todayIso(at);
  return writeTransaction(store, async () => {
    const sqlite = store.sqlite;
    const name = groupName(sqlite, groupId);
    const count = fillTarget(sqlite, target);
    const batch = startChangeBatchSync(sqlite, 'directory.history.bulkRemoveFromGroup', { group: name }, at);
    const leave: SliceUpdate = {
      entity: 'membership',
      table: 'memberships',
      columns: ['left_on', 'updated_at'],
      where: `t.group_id = ${Number(groupId)} AND t.left_on IS NULL AND t.member_id IN ${IN_SLICE}`,
      after: { left_on: leftOn, updated_at: at },
    };
    let affected = 0;
    await forTargetSlices(sqlite, count, options, (slice) => {
      affected += recordUpdates(sqlite, batch, leave, slice);
    });
    return { affected, changeBatchId: keepBatchIfChanged(sqlite, batch.id) };
  });
}

/** Sets the lifecycle stage of every target member. */
export async function setMembersStage(store: MemberStore, target: MemberTarget, stage: LifecycleStage, options: BulkActionOptions = {}): Promise<BulkResult> {
  if (!LIFECYCLE_STAGES.includes(stage)) throw appFailure('VALIDATION', 'errors.validation', undefined, [{ path: 'stage', messageKey: 'directory.errors.stage' }]);
  const at = nowOr(options.now);
  return writeTransaction(store, async () => {
    const sqlite = store.sqlite;
    const count = fillTarget(sqlite, target);
    const batch = startChangeBatchSync(sqlite, 'directory.history.bulkStage', { stage }, at);
    const change: SliceUpdate = {
      entity: 'member',
      table: 'members',
      columns: ['stage', 'updated_at'],
      where: `t.stage IS NOT '${stage}' AND t.id IN ${IN_SLICE}`,
      after: { stage, updated_at: at },
    };
    let affected = 0;
    await forTargetSlices(sqlite, count, options, (slice) => {
      affected += recordUpdates(sqlite, batch, change, slice);
    });
    return { affected, changeBatchId: keepBatchIfChanged(sqlite, batch.id) };
  });
}

/**
 * Deletes every target member (with memberships, tags...; all of it comes back on undo). A long job:
 * it reports rows done (members recorded and deleted, invitees unlinked), yields between chunks and
 * stops on cancel with nothing changed (options).
 */
export async function deleteMembers(store: MemberStore, target: MemberTarget, options: BulkActionOptions = {}): Promise<BulkResult> {
  const { now, ...stepOptions } = options;
  const at = nowOr(now);
  return writeTransaction(store, async () => {
    const sqlite = store.sqlite;
    const count = fillTarget(sqlite, target);
    const first = count === 1 ? (sqlite.prepare(`SELECT m.display_name FROM members AS m WHERE m.id IN (SELECT id FROM ${TARGET_TABLE})`).pluck().get() as string) : '';
    const batch = startChangeBatchSync(sqlite, 'directory.history.bulkDelete', { count, name: first }, at);
    const affected = await deleteTargetMembersInSteps(sqlite, batch, count, stepOptions);
    return { affected, changeBatchId: keepBatchIfChanged(sqlite, batch.id) };
  });
}
