import type Sqlite from 'better-sqlite3';
import { appFailure } from '../../../shared/contract/result.ts';
import { LIFECYCLE_STAGES, type BulkResult, type LifecycleStage, type MembershipRole, type MemberTarget } from '../../../shared/domain/member.ts';
import { rowSetJson, startChangeBatchSync, tableColumns, type SyncChangeBatch } from '../audit/change-log.ts';
import { JobSteps, type JobStepOptions } from '../jobs/job-steps.ts';
import { deleteTargetMembersInSteps } from './member-delete.ts';
import { keepBatchIfChanged, maxId, todayIso, writeTransaction, type MemberStore } from './member-store.ts';
import { fillTarget, TARGET_TABLE, targetChunks } from './member-target.ts';
import { ensureTagIds, loadTagIds } from './tag-store.ts';

/**
 * Bulk actions on a selection or on everything a filter finds. Each is one transaction and one
 * change batch (undo takes the whole action back); rows it creates are recorded as id ranges and
 * rows it changes or deletes as compact row sets, so acting on a million members stays affordable.
 * Members already in the wanted state are left alone and not counted.
 */

const CHUNK = 10_000;
const IN_CHUNK = '(SELECT value FROM json_each(?))';

function nowOr(now: string | undefined): string {
  return now ?? new Date().toISOString();
}

/** Records the rows the target is about to change, chunk by chunk, then runs `change` on them. */
function recordUpdates(
  sqlite: Sqlite.Database,
  batch: SyncChangeBatch,
  entity: 'member' | 'membership',
  table: 'members' | 'memberships',
  columns: string[],
  where: (chunkCondition: string) => string,
  after: Record<string, unknown>,
): number {
  let total = 0;
  for (const chunk of targetChunks(sqlite, CHUNK)) {
    const json = JSON.stringify(chunk);
    const condition = where(`IN ${IN_CHUNK}`);
    const before = rowSetJson(sqlite, table, ['id', ...columns], condition, [json]);
    if (before.count === 0) continue;
    const afterValues = columns.map((column) => after[column]);
    const afterJson = sqlite
      .prepare(`SELECT json_object('columns', json(?), 'rows', json_group_array(json_array(t.id, ${columns.map(() => '?').join(', ')}))) AS j FROM ${table} AS t WHERE ${condition}`)
      .get(JSON.stringify(['id', ...columns]), ...afterValues, json) as { j: string };
    batch.recordUpdated(entity, before.json, afterJson.j, before.count);
    sqlite.prepare(`UPDATE ${table} AS t SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE ${condition}`).run(...afterValues, json);
    total += before.count;
  }
  return total;
}

/** Adds tags (by name; missing tags are created) to every target member. */
export async function tagMembers(store: MemberStore, target: MemberTarget, tagNames: readonly string[], now?: string): Promise<BulkResult> {
  const at = nowOr(now);
  return writeTransaction(store, () => {
    const sqlite = store.sqlite;
    fillTarget(sqlite, target);
    const batch = startChangeBatchSync(sqlite, 'directory.history.bulkTag', { tags: tagNames.join('、') }, at);
    const tagsBefore = maxId(sqlite, 'tags');
    const linksBefore = maxId(sqlite, 'member_tags');
    const tagIds = ensureTagIds(sqlite, loadTagIds(sqlite), tagNames, at);
    const insert = sqlite.prepare(
      `INSERT INTO member_tags (member_id, tag_id, created_at) SELECT t.id, ?, ? FROM ${TARGET_TABLE} AS t
       WHERE NOT EXISTS (SELECT 1 FROM member_tags AS x WHERE x.member_id = t.id AND x.tag_id = ?) ORDER BY t.id`,
    );
    for (const tagId of tagIds) insert.run(tagId, at, tagId);
    const tagsAfter = maxId(sqlite, 'tags');
    const linksAfter = maxId(sqlite, 'member_tags');
    if (tagsAfter > tagsBefore) batch.recordCreated('tag', [[tagsBefore + 1, tagsAfter]], tagsAfter - tagsBefore);
    if (linksAfter > linksBefore) batch.recordCreated('memberTag', [[linksBefore + 1, linksAfter]], linksAfter - linksBefore);
    const affected = (sqlite.prepare('SELECT count(DISTINCT member_id) AS n FROM member_tags WHERE id > ?').get(linksBefore) as { n: number }).n;
    return { affected, changeBatchId: keepBatchIfChanged(sqlite, batch.id) };
  });
}

/** Removes tags from every target member. */
export async function untagMembers(store: MemberStore, target: MemberTarget, tagIds: readonly number[], now?: string): Promise<BulkResult> {
  const at = nowOr(now);
  return writeTransaction(store, () => {
    const sqlite = store.sqlite;
    fillTarget(sqlite, target);
    const names = sqlite.prepare('SELECT name FROM tags WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(tagIds)) as string[];
    const batch = startChangeBatchSync(sqlite, 'directory.history.bulkUntag', { tags: names.join('、') }, at);
    const columns = tableColumns(sqlite, 'member_tags');
    const tagJson = JSON.stringify(tagIds);
    const members = new Set<number>();
    for (const chunk of targetChunks(sqlite, CHUNK)) {
      const json = JSON.stringify(chunk);
      const where = `t.member_id IN ${IN_CHUNK} AND t.tag_id IN ${IN_CHUNK}`;
      const before = rowSetJson(sqlite, 'member_tags', columns, where, [json, tagJson]);
      if (before.count === 0) continue;
      batch.recordDeleted('memberTag', before.json, before.count);
      const removed = sqlite.prepare(`DELETE FROM member_tags AS t WHERE ${where} RETURNING member_id`).pluck().all(json, tagJson) as number[];
      for (const id of removed) members.add(id);
    }
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
  options: { role?: MembershipRole; joinedOn?: string | null; now?: string } = {},
): Promise<BulkResult> {
  const at = nowOr(options.now);
  const joinedOn = options.joinedOn === undefined ? todayIso(at) : options.joinedOn;
  return writeTransaction(store, () => {
    const sqlite = store.sqlite;
    const name = groupName(sqlite, groupId);
    fillTarget(sqlite, target);
    const batch = startChangeBatchSync(sqlite, 'directory.history.bulkAddToGroup', { group: name }, at);
    const rejoined = recordUpdates(
      sqlite,
      batch,
      'membership',
      'memberships',
      ['left_on', 'updated_at'],
      (chunk) => `t.group_id = ${Number(groupId)} AND t.left_on IS NOT NULL AND t.member_id ${chunk}`,
      { left_on: null, updated_at: at },
    );
    const before = maxId(sqlite, 'memberships');
    const created = sqlite
      .prepare(
        `INSERT INTO memberships (member_id, group_id, role, group_nickname, joined_on, left_on, created_at, updated_at)
         SELECT t.id, ?, ?, NULL, ?, NULL, ?, ? FROM ${TARGET_TABLE} AS t
         WHERE NOT EXISTS (SELECT 1 FROM memberships AS s WHERE s.member_id = t.id AND s.group_id = ?) ORDER BY t.id`,
      )
      .run(groupId, options.role ?? 'member', joinedOn, at, at, groupId).changes;
    const after = maxId(sqlite, 'memberships');
    if (after > before) batch.recordCreated('membership', [[before + 1, after]], after - before);
    return { affected: rejoined + created, changeBatchId: keepBatchIfChanged(sqlite, batch.id) };
  });
}

/** Marks every target member as having left a group today (the membership stays, as history). */
export async function removeMembersFromGroup(store: MemberStore, target: MemberTarget, groupId: number, options: { leftOn?: string; now?: string } = {}): Promise<BulkResult> {
  const at = nowOr(options.now);
  const leftOn = options.leftOn ?? todayIso(at);
  return writeTransaction(store, () => {
    const sqlite = store.sqlite;
    const name = groupName(sqlite, groupId);
    fillTarget(sqlite, target);
    const batch = startChangeBatchSync(sqlite, 'directory.history.bulkRemoveFromGroup', { group: name }, at);
    const affected = recordUpdates(
      sqlite,
      batch,
      'membership',
      'memberships',
      ['left_on', 'updated_at'],
      (chunk) => `t.group_id = ${Number(groupId)} AND t.left_on IS NULL AND t.member_id ${chunk}`,
      { left_on: leftOn, updated_at: at },
    );
    return { affected, changeBatchId: keepBatchIfChanged(sqlite, batch.id) };
  });
}

/** Sets the lifecycle stage of every target member. */
export async function setMembersStage(store: MemberStore, target: MemberTarget, stage: LifecycleStage, now?: string): Promise<BulkResult> {
  if (!LIFECYCLE_STAGES.includes(stage)) throw appFailure('VALIDATION', 'errors.validation', undefined, [{ path: 'stage', messageKey: 'directory.errors.stage' }]);
  const at = nowOr(now);
  return writeTransaction(store, () => {
    const sqlite = store.sqlite;
    fillTarget(sqlite, target);
    const batch = startChangeBatchSync(sqlite, 'directory.history.bulkStage', { stage }, at);
    const affected = recordUpdates(sqlite, batch, 'member', 'members', ['stage', 'updated_at'], (chunk) => `t.stage IS NOT '${stage}' AND t.id ${chunk}`, {
      stage,
      updated_at: at,
    });
    return { affected, changeBatchId: keepBatchIfChanged(sqlite, batch.id) };
  });
}

/**
 * Deletes every target member (with memberships, tags...; all of it comes back on undo). A long job:
 * it reports members recorded and deleted (each counts twice), yields between chunks and stops on
 * cancel with nothing changed (options).
 */
export async function deleteMembers(store: MemberStore, target: MemberTarget, options: JobStepOptions & { now?: string } = {}): Promise<BulkResult> {
  const { now, ...stepOptions } = options;
  const at = nowOr(now);
  return writeTransaction(store, async () => {
    const sqlite = store.sqlite;
    const count = fillTarget(sqlite, target);
    const first = count === 1 ? (sqlite.prepare(`SELECT m.display_name FROM members AS m WHERE m.id IN (SELECT id FROM ${TARGET_TABLE})`).pluck().get() as string) : '';
    const batch = startChangeBatchSync(sqlite, 'directory.history.bulkDelete', { count, name: first }, at);
    const steps = new JobSteps(count * 2, stepOptions);
    const affected = await deleteTargetMembersInSteps(sqlite, batch, (members) => steps.advance(members));
    return { affected, changeBatchId: keepBatchIfChanged(sqlite, batch.id) };
  });
}
