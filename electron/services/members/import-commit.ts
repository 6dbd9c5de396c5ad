import type Sqlite from 'better-sqlite3';
import { appFailure } from '../../../shared/contract/result.ts';
import type {
  DuplicatePolicy,
  ImportProblem,
  MemberDraft,
  MemberImportCounts,
  MemberImportResult,
  MemberImportRow,
  MembershipRole,
} from '../../../shared/domain/member.ts';
import { startChangeBatchSync, type SyncChangeBatch } from '../audit/change-log.ts';
import { invalidateDirectoryCache } from './directory-cache.ts';
import { resolveInviters, type PendingInviter } from './inviter-resolution.ts';
import { MEMBER_COLUMNS, memberJsonObjectSql, type MemberRow } from './member-rows.ts';
import { inTransaction, maxId, stmt, type MemberStore } from './member-store.ts';
import { clean, draftKeys, hasKeys, mergeDraft, sameValues, valuesFromDraft, valuesOfRow, type MemberKeys, type MemberValues } from './member-values.ts';
import { KeyHashSet, keyHash, loadKeyHashes } from './key-hashes.ts';
import { mergedKeyOwners } from './duplicates.ts';
import { indexMemberRange, reindexMembers, suspendSearchTriggers } from './search-index.ts';
import { deferDirectoryIndexes, shouldDeferIndexes } from './bulk-indexes.ts';
import { ensureTagIds, loadTagIds } from './tag-store.ts';

export interface MemberImportInput {
  fileName: string;
  sheet?: string | null;
  /** The column mapping used (kept in the import history as JSON). */
  mapping?: unknown;
  policy: DuplicatePolicy;
  /** Normalised rows, in file order; may be a stream (async iterable) so a big file never sits in memory. */
  rows: Iterable<MemberImportRow> | AsyncIterable<MemberImportRow>;
  /** Problems the reader found; kept with the store's own in the import history. */
  readerProblems?: ImportProblem[];
  /** Extra counts from the reader (blank rows, summary rows...), kept in the import history. */
  readerCounts?: Record<string, number>;
  /** Marks the members made as sample data (removable in one step). */
  sample?: boolean;
  /** Rows the file holds, when known before reading them (an xlsx sheet's count): big imports into a small workspace build their indexes at the end. */
  expectedRows?: number;
}

export interface MemberImportOptions {
  now?: string;
  /** Rows between progress reports, cancel checks and yields to the event loop. */
  chunkSize?: number;
  onProgress?: (rowsDone: number) => void;
  /** Aborting rolls the whole import back and rejects with CANCELLED. */
  signal?: AbortSignal;
}

export const IMPORT_ACTION_KEY = 'directory.history.import';

const problemKeys = {
  conflict: 'directory.importProblem.conflict',
  empty: 'directory.importProblem.empty',
  unknownGroup: 'directory.importProblem.unknownGroup',
} as const;

type TouchState = 'unchanged' | 'updated' | 'skipped';

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Stores an import: every row in ONE transaction, deduplicated by phone, WeChat ID and e-mail
 * (case-insensitive) against the workspace and the rows before it, never by name alone.
 * The first row that reaches an existing member applies the policy; later rows of the same file
 * that reach the same person (or a person this import created) only fill empty fields.
 * Records an import batch and one change batch, so the whole import is undone in one step.
 * Cancel (signal) or a crash leaves the workspace exactly as before.
 */
export async function commitMemberImport(store: MemberStore, input: MemberImportInput, options: MemberImportOptions = {}): Promise<MemberImportResult> {
  const now = options.now ?? new Date().toISOString();
  const chunkSize = Math.max(1, options.chunkSize ?? 5_000);
  try {
    return await inTransaction(store, async () => {
      const run = new ImportRun(store.sqlite, input, now);
      let done = 0;
      for await (const row of input.rows) {
        run.applyRow(row);
        done += 1;
        if (done % chunkSize === 0) {
          options.onProgress?.(done);
          await yieldToEventLoop();
          if (options.signal?.aborted) throw appFailure('CANCELLED', 'errors.cancelled');
        }
      }
      if (options.signal?.aborted) throw appFailure('CANCELLED', 'errors.cancelled');
      run.flush();
      // Indexes left out while the rows went in, one statement at a time (each is one uninterruptible step).
      for (const statement of run.takeDeferredIndexes()) {
        store.sqlite.exec(statement);
        await yieldToEventLoop();
        if (options.signal?.aborted) throw appFailure('CANCELLED', 'errors.cancelled');
      }
      // The new members' search index, a slice at a time: one statement for a big import would hold
      // the host's thread (and every directory read waiting on it) for seconds.
      for (const [afterId, upToId] of run.newMemberSlices(SEARCH_INDEX_SLICE)) {
        indexMemberRange(store.sqlite, afterId, upToId);
        await yieldToEventLoop();
        if (options.signal?.aborted) throw appFailure('CANCELLED', 'errors.cancelled');
      }
      const result = run.finish(options.now ?? new Date().toISOString());
      options.onProgress?.(done);
      return result;
    });
  } finally {
    invalidateDirectoryCache(store.sqlite);
  }
}

class ImportRun {
  private readonly sqlite: Sqlite.Database;
  private readonly input: MemberImportInput;
  private readonly now: string;
  private readonly importId: number;
  private readonly batch: SyncChangeBatch;
  private readonly before: { members: number; memberships: number; tags: number; memberTags: number };
  private readonly groupIds: Map<string, number>;
  private readonly tagIds: Map<string, number>;
  /** Hashes of every key in the workspace, when it was small enough to load: skips most lookups. */
  private readonly knownKeys: KeyHashSet | null;
  /** Keys of records merged into other members → the member that absorbed them. */
  private readonly mergedKeys: Map<string, number>;
  /** Existing members this import reached, and what it did to them. */
  private readonly touched = new Map<number, TouchState>();
  /** Existing members and memberships whose before-image is in the change log. */
  private readonly snapshotted = new Set<number>();
  private readonly snapshottedMemberships = new Set<number>();
  private readonly pendingInviters: PendingInviter[] = [];
  private readonly problems: ImportProblem[] = [];
  private readonly counts: MemberImportCounts = { created: 0, updated: 0, unchanged: 0, skipped: 0, conflicts: 0, mergedInFile: 0, empty: 0 };
  /** New members not written yet: they go in as one multi-row INSERT per chunk. */
  private pending: PendingMember[] = [];
  /** Keys ("p:phone", "w:wechat", "e:email") and key-less names of pending members → index in `pending`. */
  private pendingByKey = new Map<string, number>();
  private readonly statements;
  private readonly restoreSearchTriggers: () => void;
  /**
   * CREATE statements of the indexes this import builds after its rows; decided when it first writes
   * new members (so a re-import that creates nobody never rebuilds anything), empty when it updates
   * them as it goes.
   */
  private deferredIndexes: string[] | null = null;
  private readonly expectedRows: number | null;

  constructor(sqlite: Sqlite.Database, input: MemberImportInput, now: string) {
    this.sqlite = sqlite;
    this.input = input;
    this.now = now;
    this.before = {
      members: maxId(sqlite, 'members'),
      memberships: maxId(sqlite, 'memberships'),
      tags: maxId(sqlite, 'tags'),
      memberTags: maxId(sqlite, 'member_tags'),
    };
    this.importId = Number(
      stmt(sqlite, `INSERT INTO import_batches (file_name, sheet, policy, mapping_json, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
        input.fileName,
        input.sheet ?? null,
        input.policy,
        JSON.stringify(input.mapping ?? {}),
        now,
        now,
      ).lastInsertRowid,
    );
    this.batch = startChangeBatchSync(sqlite, IMPORT_ACTION_KEY, { file: input.fileName }, now);
    this.groupIds = loadGroupIds(sqlite);
    this.tagIds = loadTagIds(sqlite);
    this.knownKeys = loadKeyHashes(sqlite);
    this.mergedKeys = mergedKeyOwners(sqlite);
    this.restoreSearchTriggers = suspendSearchTriggers(sqlite);
    this.expectedRows = input.expectedRows ?? (Array.isArray(input.rows) ? input.rows.length : null);
    const memberColumns = INSERTED_COLUMNS;
    this.statements = {
      findByKeys: sqlite.prepare(
        // OR, not UNION: SQLite answers it from the three indexes (MULTI-INDEX OR), no temporary b-tree.
        `SELECT * FROM members WHERE phone = ? OR wechat_key = ? OR email_key = ?`,
      ),
      findById: sqlite.prepare('SELECT * FROM members WHERE id = ?'),
      findKeyless: sqlite.prepare(
        `SELECT * FROM members WHERE name_pinyin = ? AND display_name = ? AND phone IS NULL AND wechat_key IS NULL AND email_key IS NULL AND import_id IS NOT NULL LIMIT 20`,
      ),
      insertMember: sqlite.prepare(`INSERT INTO members (${memberColumns.join(', ')}) VALUES (${memberColumns.map(() => '?').join(', ')})`),
      updateMember: sqlite.prepare(
        `UPDATE members SET ${memberColumns
          .filter((column) => !['inviter_id', 'is_sample', 'import_id', 'created_at'].includes(column))
          .map((column) => `${column} = @${column}`)
          .join(', ')} WHERE id = @id`,
      ),
      snapshotMember: sqlite.prepare(
        `INSERT INTO audit_log (batch_id, entity, entity_id, action, before_json, after_json, at) SELECT ?, 'member', m.id, 'update', ${memberJsonObjectSql('m')}, NULL, ? FROM members AS m WHERE m.id = ?`,
      ),
      findMembership: sqlite.prepare(`SELECT id, role, group_nickname, joined_on, left_on FROM memberships WHERE member_id = ? AND group_id = ?`),
      insertMembership: sqlite.prepare(
        `INSERT INTO memberships (member_id, group_id, role, group_nickname, joined_on, left_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)`,
      ),
      updateMembership: sqlite.prepare(`UPDATE memberships SET role = ?, group_nickname = ?, joined_on = ?, left_on = ?, updated_at = ? WHERE id = ?`),
      snapshotMembership: sqlite.prepare(
        `INSERT INTO audit_log (batch_id, entity, entity_id, action, before_json, after_json, at) SELECT ?, 'membership', s.id, 'update', ${MEMBERSHIP_JSON}, NULL, ? FROM memberships AS s WHERE s.id = ?`,
      ),
      insertMemberTag: sqlite.prepare(`INSERT OR IGNORE INTO member_tags (member_id, tag_id, created_at) VALUES (?, ?, ?)`),
    };
  }

  private isNew(memberId: number): boolean {
    return memberId > this.before.members;
  }

  applyRow(row: MemberImportRow): void {
    const { draft } = row;
    const incoming = valuesFromDraft(draft);
    const keys = draftKeys(draft);
    if (incoming === null) {
      this.counts.empty += 1;
      this.problems.push({ row: row.row, column: '', value: '', messageKey: problemKeys.empty });
      return;
    }
    let matches: MemberRow[];
    const pendingMatches = new Set<number>();
    if (hasKeys(keys)) {
      for (const key of keyStrings(keys)) {
        const index = this.pendingByKey.get(key);
        if (index !== undefined) pendingMatches.add(index);
      }
      matches = this.mayMatch(keys) ? (this.statements.findByKeys.all(keys.phone, keys.wechatKey, keys.emailKey) as MemberRow[]) : [];
      if (this.mergedKeys.size > 0) {
        for (const key of keyStrings(keys)) {
          const owner = this.mergedKeys.get(key);
          if (owner === undefined || matches.some((member) => member.id === owner)) continue;
          const row = this.statements.findById.get(owner) as MemberRow | undefined;
          if (row !== undefined) matches.push(row);
        }
      }
    } else {
      const index = this.pendingByKey.get(keylessKey(incoming.display_name));
      const pendingMatch = index === undefined ? undefined : this.pending[index];
      if (index !== undefined && pendingMatch !== undefined && sameKeylessPerson(pendingMatch.values, incoming)) pendingMatches.add(index);
      matches = (this.statements.findKeyless.all(incoming.name_pinyin, incoming.display_name) as MemberRow[]).filter((member) => sameKeylessPerson(member, incoming));
      if (matches.length + pendingMatches.size > 1) matches = pendingMatches.size > 0 ? [] : matches.slice(0, 1);
    }
    if (matches.length + pendingMatches.size > 1) {
      const names = [
        ...[...pendingMatches].map((index) => this.pending[index]?.values.display_name ?? ''),
        ...matches.map((member) => `${member.display_name} (#${member.id})`),
      ];
      this.counts.conflicts += 1;
      this.problems.push({
        row: row.row,
        column: '',
        value: [keys.phone, keys.wechatKey, keys.emailKey].filter((key) => key !== null).join(' / '),
        messageKey: problemKeys.conflict,
        params: { members: names.join(', ') },
      });
      return;
    }
    const [pendingIndex] = pendingMatches;
    if (pendingIndex !== undefined) {
      this.mergeIntoPending(pendingIndex, row, incoming);
      return;
    }
    const match = matches[0];
    if (match === undefined) this.addPending(row, incoming);
    else this.update(row, match, incoming);
  }

  private mayMatch(keys: MemberKeys): boolean {
    const known = this.knownKeys;
    if (known === null) return true;
    return (
      (keys.phone !== null && known.has(keyHash('p', keys.phone))) ||
      (keys.wechatKey !== null && known.has(keyHash('w', keys.wechatKey))) ||
      (keys.emailKey !== null && known.has(keyHash('e', keys.emailKey)))
    );
  }

  private remember(values: MemberValues): void {
    const known = this.knownKeys;
    if (known === null) return;
    if (values.phone !== null) known.add(keyHash('p', values.phone));
    if (values.wechat_key !== null) known.add(keyHash('w', values.wechat_key));
    if (values.email_key !== null) known.add(keyHash('e', values.email_key));
  }

  private indexPending(index: number, values: MemberValues): void {
    const keys: MemberKeys = { phone: values.phone, wechatKey: values.wechat_key, emailKey: values.email_key };
    if (hasKeys(keys)) for (const key of keyStrings(keys)) this.pendingByKey.set(key, index);
    else this.pendingByKey.set(keylessKey(values.display_name), index);
    this.remember(values);
  }

  private addPending(row: MemberImportRow, values: MemberValues): void {
    this.counts.created += 1;
    this.pending.push({ values, rows: [row] });
    this.indexPending(this.pending.length - 1, values);
    if (this.pending.length >= PENDING_CHUNK) this.flush();
  }

  /** A later row of the file about a person an earlier row brought in: fill what is still empty. */
  private mergeIntoPending(index: number, row: MemberImportRow, incoming: MemberValues): void {
    const entry = this.pending[index];
    if (entry === undefined) return;
    this.counts.mergedInFile += 1;
    entry.values = mergeDraft(entry.values, incoming, 'fill-empty');
    entry.rows.push(row);
    this.indexPending(index, entry.values);
  }

  /** Writes the pending new members, then their tags, memberships and inviters. */
  flush(): void {
    if (this.pending.length === 0) return;
    this.deferredIndexes ??= shouldDeferIndexes(this.before.members, this.expectedRows) ? deferDirectoryIndexes(this.sqlite) : [];
    const pending = this.pending;
    this.pending = [];
    this.pendingByKey = new Map();
    const sample = this.input.sample === true ? 1 : 0;
    const bookkeeping: Record<string, unknown> = { inviter_id: null, is_sample: sample, import_id: this.importId, created_at: this.now, updated_at: this.now };
    const insert = this.statements.insertMember;
    for (const entry of pending) {
      const memberId = Number(insert.run(INSERTED_COLUMNS.map((column) => (column in bookkeeping ? bookkeeping[column] : entry.values[column as keyof MemberValues]))).lastInsertRowid);
      entry.rows.forEach((row, rowIndex) => {
        this.applyRelations(row, memberId, rowIndex === 0, 'fill-empty');
        const inviter = clean(row.draft.inviter);
        if (inviter !== null) this.pendingInviters.push({ memberId, text: inviter, row: row.row, overwrite: false });
      });
    }
  }

  private update(row: MemberImportRow, member: MemberRow, incoming: MemberValues): void {
    const memberId = member.id;
    const isNew = this.isNew(memberId);
    const state = isNew ? undefined : this.touched.get(memberId);
    const firstTouch = !isNew && state === undefined;
    if (!firstTouch) this.counts.mergedInFile += 1;
    if (!isNew && this.input.policy === 'skip') {
      if (firstTouch) {
        this.counts.skipped += 1;
        this.touched.set(memberId, 'skipped');
      }
      return;
    }
    if (state === 'skipped') return;
    const mode = firstTouch && this.input.policy === 'overwrite' ? 'overwrite' : 'fill-empty';
    const current = valuesOfRow(member);
    const next = mergeDraft(current, incoming, mode);
    const rowChanged = !sameValues(current, next);
    const relationsChanged = this.applyRelations(row, memberId, false, mode);
    const inviter = clean(row.draft.inviter);
    if (inviter !== null && (member.inviter_id === null || mode === 'overwrite')) {
      this.pendingInviters.push({ memberId, text: inviter, row: row.row, overwrite: mode === 'overwrite' });
    }
    const changed = rowChanged || relationsChanged;
    if (changed) {
      if (!isNew) this.markChanged(memberId);
      this.statements.updateMember.run({ ...next, id: memberId, updated_at: this.now });
      this.remember(next);
    }
    if (firstTouch) {
      if (changed) this.counts.updated += 1;
      else {
        this.counts.unchanged += 1;
        this.touched.set(memberId, 'unchanged');
      }
    }
  }

  /**
   * Called before an existing member is first written: records its before-image once, and turns a
   * member counted as unchanged into an updated one.
   */
  private markChanged(memberId: number): void {
    if (!this.snapshotted.has(memberId)) {
      this.snapshotted.add(memberId);
      this.statements.snapshotMember.run(this.batch.id, this.now, memberId);
    }
    const state = this.touched.get(memberId);
    if (state === 'unchanged') {
      this.counts.unchanged -= 1;
      this.counts.updated += 1;
    }
    this.touched.set(memberId, 'updated');
  }

  /** Tags and the group membership of a row. Returns whether anything changed. */
  private applyRelations(row: MemberImportRow, memberId: number, justCreated: boolean, mode: 'fill-empty' | 'overwrite'): boolean {
    let changed = false;
    const { draft } = row;
    if (draft.tags.length > 0) {
      for (const tagId of ensureTagIds(this.sqlite, this.tagIds, draft.tags, this.now)) {
        if (this.statements.insertMemberTag.run(memberId, tagId, this.now).changes > 0) changed = true;
      }
    }
    const groupName = clean(draft.group);
    if (groupName !== null) {
      const groupId = this.groupIds.get(groupName.toLowerCase());
      if (groupId === undefined) {
        this.problems.push({ row: row.row, column: 'group', value: groupName, messageKey: problemKeys.unknownGroup, params: { group: groupName } });
      } else if (this.applyMembership(memberId, groupId, draft, justCreated, mode)) {
        changed = true;
      }
    }
    return changed;
  }

  private applyMembership(memberId: number, groupId: number, draft: MemberDraft, justCreated: boolean, mode: 'fill-empty' | 'overwrite'): boolean {
    const role: MembershipRole = draft.role ?? 'member';
    const nickname = clean(draft.nickname);
    const joinedOn = clean(draft.joinedOn);
    const existing = justCreated
      ? undefined
      : (this.statements.findMembership.get(memberId, groupId) as
          | { id: number; role: string; group_nickname: string | null; joined_on: string | null; left_on: string | null }
          | undefined);
    if (existing === undefined) {
      this.statements.insertMembership.run(memberId, groupId, role, nickname, joinedOn, this.now, this.now);
      return true;
    }
    const overwrite = mode === 'overwrite';
    const next = {
      role: draft.role !== null && (overwrite || existing.role === 'member') ? role : existing.role,
      group_nickname: nickname !== null && (overwrite || existing.group_nickname === null) ? nickname : existing.group_nickname,
      joined_on: joinedOn !== null && (overwrite || existing.joined_on === null) ? joinedOn : existing.joined_on,
      left_on: overwrite ? null : existing.left_on,
    };
    if (next.role === existing.role && next.group_nickname === existing.group_nickname && next.joined_on === existing.joined_on && next.left_on === existing.left_on) {
      return false;
    }
    if (existing.id <= this.before.memberships && !this.snapshottedMemberships.has(existing.id)) {
      this.snapshottedMemberships.add(existing.id);
      this.statements.snapshotMembership.run(this.batch.id, this.now, existing.id);
    }
    this.statements.updateMembership.run(next.role, next.group_nickname, next.joined_on, next.left_on, this.now, existing.id);
    return true;
  }

  /** The indexes left out while the rows went in, to be built now (once). */
  takeDeferredIndexes(): string[] {
    const statements = this.deferredIndexes ?? [];
    this.deferredIndexes = [];
    return statements;
  }

  /** Writes what is still pending and splits the new members' ids into slices of `size`. */
  newMemberSlices(size: number): [number, number][] {
    this.flush();
    const last = maxId(this.sqlite, 'members');
    const slices: [number, number][] = [];
    for (let from = this.before.members; from < last; from += size) slices.push([from, Math.min(last, from + size)]);
    return slices;
  }

  finish(finishedAt: string): MemberImportResult {
    this.flush();
    const inviterProblems = resolveInviters(this.sqlite, this.pendingInviters, {
      isNew: (memberId) => this.isNew(memberId),
      beforeExistingChange: (memberId) => {
        if (!this.touched.has(memberId)) this.counts.updated += 1;
        this.markChanged(memberId);
      },
      now: this.now,
    });
    this.problems.push(...inviterProblems);

    const after = {
      members: maxId(this.sqlite, 'members'),
      memberships: maxId(this.sqlite, 'memberships'),
      tags: maxId(this.sqlite, 'tags'),
      memberTags: maxId(this.sqlite, 'member_tags'),
    };
    const created = (entity: 'member' | 'membership' | 'tag' | 'memberTag', from: number, to: number) => {
      if (to > from) this.batch.recordCreated(entity, [[from + 1, to]], to - from);
    };
    created('member', this.before.members, after.members);
    // New members are in the search index already (newMemberSlices); existing ones it changed are re-indexed here.
    if (this.snapshotted.size > 0) reindexMembers(this.sqlite, JSON.stringify([...this.snapshotted]));
    this.restoreSearchTriggers();
    created('tag', this.before.tags, after.tags);
    created('membership', this.before.memberships, after.memberships);
    created('memberTag', this.before.memberTags, after.memberTags);
    // The after-images of the existing members and memberships this import changed.
    stmt(
      this.sqlite,
      `UPDATE audit_log SET after_json = (SELECT ${memberJsonObjectSql('m')} FROM members AS m WHERE m.id = audit_log.entity_id) WHERE batch_id = ? AND entity = 'member' AND after_json IS NULL`,
    ).run(this.batch.id);
    stmt(
      this.sqlite,
      `UPDATE audit_log SET after_json = (SELECT ${MEMBERSHIP_JSON} FROM memberships AS s WHERE s.id = audit_log.entity_id) WHERE batch_id = ? AND entity = 'membership' AND after_json IS NULL`,
    ).run(this.batch.id);

    const anyChange = (stmt(this.sqlite, 'SELECT EXISTS (SELECT 1 FROM audit_log WHERE batch_id = ?) AS e').get(this.batch.id) as { e: number }).e === 1;
    this.problems.sort((a, b) => a.row - b.row);
    const allProblems = [...(this.input.readerProblems ?? []), ...this.problems].sort((a, b) => a.row - b.row);
    const counts = this.counts;
    let changeBatchId: number | null = this.batch.id;
    if (anyChange) {
      stmt(this.sqlite, 'UPDATE change_batches SET params_json = ? WHERE id = ?').run(
        JSON.stringify({ file: this.input.fileName, created: counts.created, updated: counts.updated }),
        this.batch.id,
      );
    } else {
      // Nothing changed (a re-import): nothing to undo, so nothing goes on the undo stack.
      stmt(this.sqlite, 'DELETE FROM change_batches WHERE id = ?').run(this.batch.id);
      changeBatchId = null;
    }
    stmt(
      this.sqlite,
      `UPDATE import_batches SET change_batch_id = ?, created_count = ?, updated_count = ?, unchanged_count = ?, skipped_count = ?, conflict_count = ?,
        problem_count = ?, counts_json = ?, problems_json = ?, finished_at = ? WHERE id = ?`,
    ).run(
      changeBatchId,
      counts.created,
      counts.updated,
      counts.unchanged,
      counts.skipped,
      counts.conflicts,
      allProblems.length,
      JSON.stringify({ ...counts, ...(this.input.readerCounts ?? {}) }),
      JSON.stringify(allProblems),
      finishedAt,
      this.importId,
    );
    return { importId: this.importId, changeBatchId, ...counts, problems: this.problems.sort((a, b) => a.row - b.row) };
  }
}

const MEMBERSHIP_JSON = `json_object('id', s.id, 'member_id', s.member_id, 'group_id', s.group_id, 'role', s.role, 'group_nickname', s.group_nickname, 'joined_on', s.joined_on, 'left_on', s.left_on, 'created_at', s.created_at, 'updated_at', s.updated_at)`;

/**
 * New members written per multi-row INSERT (and the most the import holds in memory before writing).
 * 250, not 1,000: each write blocks the host's thread, and at 1,000 a directory read during a 100k
 * import waited ~50 ms per chunk (pauses over 40 ms fell from 96 to 5, at the same import speed).
 */
const PENDING_CHUNK = 250;

/**
 * New members indexed for search per statement. On the 2-core test machine, for 100k members: one
 * statement 1.3 s; slices of 5,000 take 1.5 s in all but up to 110 ms each, so ~20 directory reads
 * per import waited that long (read p99 during an import 119 ms); slices of 1,000, 1.5 s in all and
 * at most ~35 ms each.
 */
const SEARCH_INDEX_SLICE = 1_000;

interface PendingMember {
  values: MemberValues;
  /** The file rows about this person: the first made it, the others were merged in. */
  rows: MemberImportRow[];
}

/** The columns the multi-row INSERT writes, in table order (everything but id). */
const INSERTED_COLUMNS: readonly string[] = MEMBER_COLUMNS.filter((column) => column !== 'id');

function keyStrings(keys: MemberKeys): string[] {
  const out: string[] = [];
  if (keys.phone !== null) out.push(`p:${keys.phone}`);
  if (keys.wechatKey !== null) out.push(`w:${keys.wechatKey}`);
  if (keys.emailKey !== null) out.push(`e:${keys.emailKey}`);
  return out;
}

function keylessKey(displayName: string): string {
  return `n:${displayName}`;
}

/** A row without phone, WeChat ID or e-mail is the same person only if it is the same row again. */
function sameKeylessPerson(member: Pick<MemberValues, 'real_name' | 'nickname' | 'gender' | 'birth_year' | 'age_band' | 'city' | 'occupation' | 'joined_on' | 'source'>, incoming: MemberValues): boolean {
  const fields = ['real_name', 'nickname', 'gender', 'birth_year', 'age_band', 'city', 'occupation', 'joined_on', 'source'] as const;
  return fields.every((field) => incoming[field] === null || incoming[field] === member[field]);
}

function loadGroupIds(sqlite: Sqlite.Database): Map<string, number> {
  const rows = sqlite.prepare(`SELECT id, name, status FROM groups ORDER BY status = 'active' DESC, id`).all() as Array<{ id: number; name: string }>;
  const map = new Map<string, number>();
  for (const row of rows) {
    const key = row.name.trim().toLowerCase();
    if (!map.has(key)) map.set(key, row.id);
  }
  return map;
}
