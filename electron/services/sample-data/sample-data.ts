import { appFailure } from '../../../shared/contract/result.ts';
import { startChangeBatchSync } from '../audit/change-log.ts';
import { invalidateDirectoryCache } from '../members/directory-cache.ts';
import { deleteTargetMembers } from '../members/member-delete.ts';
import { MEMBER_COLUMNS } from '../members/member-rows.ts';
import { inTransaction, maxId, stmt, type MemberStore } from '../members/member-store.ts';
import { fillTargetWhere } from '../members/member-target.ts';
import { indexMemberRange, suspendSearchIndexUpkeep } from '../members/search-index.ts';
import { nameKeys } from '../members/search-keys.ts';
import { deferDirectoryIndexes, shouldDeferIndexes } from '../members/bulk-indexes.ts';
import { SampleMemberFactory } from './sample-generator.ts';
import { GROUP_SPECS, TAG_NAMES } from './sample-lists.ts';

/** app_meta key recording what the last sample load created (its groups and tags). */
export const SAMPLE_META_KEY = 'sample_data';

export interface LoadSampleOptions {
  /** Members to make (a few thousand for the app; 1,000,000 for the benchmarks). */
  count: number;
  seed?: number;
  now?: string;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface SampleDataInfo {
  members: number;
  groupIds: number[];
  tagIds: number[];
  changeBatchId: number;
}

interface SampleMeta {
  groupIds: number[];
  tagIds: number[];
  seed: number;
  count: number;
  at: string;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Loads sample data: a few groups, tags and `count` members with realistic Chinese names, cities,
 * memberships and inviter chains, deterministic by seed. Every member is marked `is_sample`, so
 * `removeSampleData` takes it all away in one step. One transaction, one undoable change batch
 * (recorded as id ranges, so a million members stay cheap to record).
 */
export async function loadSampleData(store: MemberStore, options: LoadSampleOptions): Promise<SampleDataInfo> {
  const now = options.now ?? new Date().toISOString();
  const seed = options.seed ?? 20_240_301;
  const count = Math.max(0, Math.floor(options.count));
  const sqlite = store.sqlite;
  try {
    return await inTransaction(store, async () => {
      if ((stmt(sqlite, 'SELECT EXISTS (SELECT 1 FROM members WHERE is_sample = 1) AS e').get() as { e: number }).e === 1) {
        throw appFailure('CONFLICT', 'directory.errors.sampleAlreadyLoaded');
      }
      const batch = startChangeBatchSync(sqlite, 'directory.history.sampleLoad', { count }, now);
      const restoreSearchIndexUpkeep = suspendSearchIndexUpkeep(sqlite);
      const before = { groups: maxIdOfGroups(), members: maxId(sqlite, 'members'), memberships: maxId(sqlite, 'memberships'), tags: maxId(sqlite, 'tags'), memberTags: maxId(sqlite, 'member_tags') };
      const deferredIndexes = shouldDeferIndexes(before.members, count) ? deferDirectoryIndexes(sqlite) : [];

      const groupIds: number[] = [];
      const insertGroup = sqlite.prepare(
        `INSERT INTO groups (name, platform, theme, target_members, core_value, rules, owner, created_on, capacity, status, archived_at, created_at, updated_at)
         VALUES (?, ?, ?, '', '', '', '', ?, NULL, 'active', NULL, ?, ?)`,
      );
      const nameTaken = sqlite.prepare(`SELECT 1 FROM groups WHERE status = 'active' AND lower(name) = lower(?)`);
      for (const spec of GROUP_SPECS) {
        let name = spec.name;
        for (let n = 2; nameTaken.get(name) !== undefined; n += 1) name = `${spec.name} ${n}`;
        groupIds.push(Number(insertGroup.run(name, spec.platform, spec.theme, now.slice(0, 10), now, now).lastInsertRowid));
      }
      const tagIds: number[] = [];
      const findTag = sqlite.prepare('SELECT id FROM tags WHERE lower(name) = lower(?)').pluck();
      const insertTag = sqlite.prepare('INSERT INTO tags (name, color, created_at) VALUES (?, NULL, ?)');
      for (const name of TAG_NAMES) {
        const existing = findTag.get(name) as number | undefined;
        tagIds.push(existing ?? Number(insertTag.run(name, now).lastInsertRowid));
      }

      const columns = MEMBER_COLUMNS.filter((column) => column !== 'id');
      // Members go in 1,000 at a time through one multi-row INSERT (json_each): ids come out
      // consecutive, so member i is firstId + i and inviters (always earlier members) are known upfront.
      const insertMembers = sqlite.prepare(`INSERT INTO members (${columns.join(', ')}) SELECT ${columns.map((_, index) => `value ->> ${index}`).join(', ')} FROM json_each(?)`);
      const insertMembership = sqlite.prepare(
        'INSERT INTO memberships (member_id, group_id, role, group_nickname, joined_on, left_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const insertMemberTag = sqlite.prepare('INSERT INTO member_tags (member_id, tag_id, created_at) VALUES (?, ?, ?)');
      const factory = new SampleMemberFactory({ count, seed, groupCount: groupIds.length, today: now.slice(0, 10) });
      const firstId = before.members + 1;
      const chunk = 1_000;
      for (let start = 0; start < count; start += chunk) {
        const made = [];
        const values: unknown[][] = [];
        for (let index = start; index < Math.min(count, start + chunk); index += 1) {
          const m = factory.make(index);
          made.push(m);
          const keys = nameKeys(m.displayName, [m.realName, m.nickname]);
          const row: Record<string, unknown> = {
            display_name: m.displayName,
            real_name: m.realName,
            nickname: m.nickname,
            aliases: null,
            phone: m.phone,
            phone_original: m.phone,
            wechat_id: m.wechatId,
            wechat_key: m.wechatId?.toLowerCase() ?? null,
            email: m.email,
            email_key: m.email?.toLowerCase() ?? null,
            gender: m.gender,
            birth_year: m.birthYear,
            age_band: m.ageBand,
            city: m.city,
            occupation: m.occupation,
            interests: m.interests,
            source: m.source,
            joined_on: m.joinedOn,
            inviter_id: m.inviterIndex === null ? null : firstId + m.inviterIndex,
            stage: m.stage,
            notes: null,
            custom_json: null,
            is_sample: 1,
            import_id: null,
            name_pinyin: keys.namePinyin,
            name_initials: keys.nameInitials,
            search_extra: keys.searchExtra,
            created_at: now,
            updated_at: now,
          };
          values.push(columns.map((column) => row[column] ?? null));
        }
        insertMembers.run(JSON.stringify(values));
        made.forEach((m, offset) => {
          const memberId = firstId + start + offset;
          for (const membership of m.memberships) {
            insertMembership.run(memberId, groupIds[membership.group] ?? 0, membership.role, membership.nickname, membership.joinedOn, membership.leftOn, now, now);
          }
          for (const tag of m.tags) insertMemberTag.run(memberId, tagIds[tag] ?? 0, now);
        });
        if (maxId(sqlite, 'members') !== firstId + start + made.length - 1) throw new Error('Sample members did not get consecutive ids');
        const done = start + made.length;
        if (done % 10_000 === 0 || done === count) {
          options.onProgress?.(done, count);
          await yieldToEventLoop();
          if (options.signal?.aborted) throw appFailure('CANCELLED', 'errors.cancelled');
        }
      }
      const after = { groups: maxIdOfGroups(), members: maxId(sqlite, 'members'), memberships: maxId(sqlite, 'memberships'), tags: maxId(sqlite, 'tags'), memberTags: maxId(sqlite, 'member_tags') };
      const created = (entity: 'group' | 'member' | 'membership' | 'tag' | 'memberTag', from: number, to: number) => {
        if (to > from) batch.recordCreated(entity, [[from + 1, to]], to - from);
      };
      created('group', before.groups, after.groups);
      created('tag', before.tags, after.tags);
      created('member', before.members, after.members);
      for (const statement of deferredIndexes) {
        sqlite.exec(statement);
        await yieldToEventLoop();
        if (options.signal?.aborted) throw appFailure('CANCELLED', 'errors.cancelled');
      }
      indexMemberRange(sqlite, before.members, after.members);
      restoreSearchIndexUpkeep();
      created('membership', before.memberships, after.memberships);
      created('memberTag', before.memberTags, after.memberTags);
      const meta: SampleMeta = { groupIds, tagIds: tagIds.filter((id) => id > before.tags), seed, count, at: now };
      stmt(sqlite, 'INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SAMPLE_META_KEY, JSON.stringify(meta));
      options.onProgress?.(count, count);
      return { members: count, groupIds, tagIds, changeBatchId: batch.id };
    });
  } finally {
    invalidateDirectoryCache(sqlite);
  }

  function maxIdOfGroups(): number {
    return (stmt(sqlite, 'SELECT coalesce(max(id), 0) AS n FROM groups').get() as { n: number }).n;
  }
}

/** Whether the workspace holds sample members. */
export function hasSampleData(store: Pick<MemberStore, 'sqlite'>): boolean {
  return (stmt(store.sqlite, 'SELECT EXISTS (SELECT 1 FROM members WHERE is_sample = 1) AS e').get() as { e: number }).e === 1;
}

/**
 * Removes the sample in one step (undoable): every sample member with its memberships and tags, the
 * sample groups nobody else is in, and the sample tags nobody else carries.
 */
export async function removeSampleData(store: MemberStore, now: string = new Date().toISOString()): Promise<{ removedMembers: number; changeBatchId: number | null }> {
  const sqlite = store.sqlite;
  try {
    return await inTransaction(store, () => {
      const metaRow = stmt(sqlite, 'SELECT value FROM app_meta WHERE key = ?').get(SAMPLE_META_KEY) as { value: string } | undefined;
      const meta = metaRow === undefined ? null : (JSON.parse(metaRow.value) as SampleMeta);
      const targetCount = fillTargetWhere(sqlite, 'm.is_sample = 1', []);
      if (targetCount === 0 && meta === null) return { removedMembers: 0, changeBatchId: null };
      const batch = startChangeBatchSync(sqlite, 'directory.history.sampleRemove', { count: targetCount }, now);
      const removed = deleteTargetMembers(sqlite, batch);
      const groupColumns = (sqlite.prepare(`SELECT name FROM pragma_table_info('groups')`).pluck().all() as string[]);
      for (const groupId of meta?.groupIds ?? []) {
        const row = sqlite.prepare('SELECT * FROM groups WHERE id = ?').get(groupId) as Record<string, unknown> | undefined;
        if (row === undefined) continue;
        if (sqlite.prepare('SELECT 1 FROM memberships WHERE group_id = ? LIMIT 1').get(groupId) !== undefined) continue;
        sqlite.prepare('DELETE FROM groups WHERE id = ?').run(groupId);
        batch.record('group', groupId, Object.fromEntries(groupColumns.map((column) => [column, row[column]])), null);
      }
      for (const tagId of meta?.tagIds ?? []) {
        const row = sqlite.prepare('SELECT * FROM tags WHERE id = ?').get(tagId) as Record<string, unknown> | undefined;
        if (row === undefined) continue;
        if (sqlite.prepare('SELECT 1 FROM member_tags WHERE tag_id = ? LIMIT 1').get(tagId) !== undefined) continue;
        sqlite.prepare('DELETE FROM tags WHERE id = ?').run(tagId);
        batch.record('tag', tagId, row, null);
      }
      return { removedMembers: removed, changeBatchId: batch.id };
    });
  } finally {
    invalidateDirectoryCache(sqlite);
  }
}
