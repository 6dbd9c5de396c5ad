import type Sqlite from 'better-sqlite3';
import type { ImportProblem, MemberImportCounts, MemberImportResult, MemberImportRow } from '../../../shared/domain/member.ts';
import type { SyncChangeBatch } from '../audit/change-log.ts';
import { closeImportBatch, importRowMarks, openImportBatch, type ImportRowMarks } from './import-batch.ts';
import type { MemberImportInput } from './import-commit.ts';
import { ImportRelations } from './import-relations.ts';
import { resolveInviters, type PendingInviter } from './inviter-resolution.ts';
import { MEMBER_COLUMNS, memberJsonObjectSql, type MemberRow } from './member-rows.ts';
import { maxId } from './member-store.ts';
import { clean, draftKeys, hasKeys, mergeDraft, sameValues, valuesFromDraft, valuesOfRow, type MemberKeys, type MemberValues } from './member-values.ts';
import { KeyFilter, keyHash, loadKeyFilter } from './key-hashes.ts';
import { mergedKeyOwners } from './duplicates.ts';
import { reindexMembers, suspendSearchIndexUpkeep } from './search-index.ts';
import { deferDirectoryIndexes, shouldDeferIndexes } from './bulk-indexes.ts';

const problemKeys = {
  conflict: 'directory.importProblem.conflict',
  empty: 'directory.importProblem.empty',
} as const;

type TouchState = 'unchanged' | 'updated' | 'skipped';

/**
 * The rows of one import (see commitMemberImport), each matched against the workspace and the rows
 * before it: new members wait in `pending` and go in a chunk at a time; an existing member's
 * before-image goes into the change log before the import first changes it.
 */
export class ImportRun {
  private readonly sqlite: Sqlite.Database;
  private readonly input: MemberImportInput;
  private readonly now: string;
  private readonly importId: number;
  private readonly batch: SyncChangeBatch;
  private readonly before: ImportRowMarks;
  /** Every key in the workspace, when it was small enough to load: skips most lookups. */
  private readonly knownKeys: KeyFilter | null;
  /** Keys of records merged into other members → the member that absorbed them. */
  private readonly mergedKeys: Map<string, number>;
  /** Existing members this import reached, and what it did to them. */
  private readonly touched = new Map<number, TouchState>();
  /** Existing members whose before-image is in the change log. */
  private readonly snapshotted = new Set<number>();
  private readonly pendingInviters: PendingInviter[] = [];
  private readonly problems: ImportProblem[] = [];
  private readonly counts: MemberImportCounts = { created: 0, updated: 0, unchanged: 0, skipped: 0, conflicts: 0, mergedInFile: 0, empty: 0 };
  /** New members not written yet: they go in as one multi-row INSERT per chunk. */
  private pending: PendingMember[] = [];
  /** Keys ("p:phone", "w:wechat", "e:email") and key-less names of pending members → index in `pending`. */
  private pendingByKey = new Map<string, number>();
  private readonly statements;
  private readonly relations: ImportRelations;
  private readonly restoreSearchIndexUpkeep: () => void;
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
    this.before = importRowMarks(sqlite);
    const { importId, batch } = openImportBatch(sqlite, input, now);
    this.importId = importId;
    this.batch = batch;
    this.knownKeys = loadKeyFilter(sqlite);
    this.mergedKeys = mergedKeyOwners(sqlite);
    this.restoreSearchIndexUpkeep = suspendSearchIndexUpkeep(sqlite);
    this.expectedRows = input.expectedRows ?? (Array.isArray(input.rows) ? input.rows.length : null);
    this.relations = new ImportRelations(sqlite, { now, batchId: this.batch.id, membershipsBefore: this.before.memberships, problems: this.problems });
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
      (keys.phone !== null && known.mayHave(keyHash('p', keys.phone))) ||
      (keys.wechatKey !== null && known.mayHave(keyHash('w', keys.wechatKey))) ||
      (keys.emailKey !== null && known.mayHave(keyHash('e', keys.emailKey)))
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
    // Each column's value comes from the member's values or from this import's bookkeeping: decided once per chunk, not per member.
    const fixed = INSERTED_COLUMNS.map((column) => (column in bookkeeping ? bookkeeping[column] : undefined));
    const params: unknown[] = [...fixed];
    const insert = this.statements.insertMember;
    for (const entry of pending) {
      for (let index = 0; index < INSERTED_COLUMNS.length; index += 1) {
        if (fixed[index] === undefined) params[index] = entry.values[INSERTED_COLUMNS[index] as keyof MemberValues];
      }
      const memberId = Number(insert.run(params).lastInsertRowid);
      entry.rows.forEach((row, rowIndex) => {
        this.relations.apply(row, memberId, rowIndex === 0, 'fill-empty');
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
    const relationsChanged = this.relations.apply(row, memberId, false, mode);
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

    const after = importRowMarks(this.sqlite);
    const created = (entity: 'member' | 'membership' | 'tag' | 'memberTag', from: number, to: number) => {
      if (to > from) this.batch.recordCreated(entity, [[from + 1, to]], to - from);
    };
    created('member', this.before.members, after.members);
    // New members are in the search index already (newMemberSlices); existing ones it changed are re-indexed here.
    if (this.snapshotted.size > 0) reindexMembers(this.sqlite, JSON.stringify([...this.snapshotted]));
    this.restoreSearchIndexUpkeep();
    created('tag', this.before.tags, after.tags);
    created('membership', this.before.memberships, after.memberships);
    created('memberTag', this.before.memberTags, after.memberTags);
    return closeImportBatch(this.sqlite, this.input, { importId: this.importId, batch: this.batch, counts: this.counts, problems: this.problems }, finishedAt);
  }
}

/**
 * New members written per multi-row INSERT (and the most the import holds in memory before writing).
 * 250, not 1,000: each write blocks the host's thread, and at 1,000 a directory read during a 100k
 * import waited ~50 ms per chunk (pauses over 40 ms fell from 96 to 5, at the same import speed).
 */
const PENDING_CHUNK = 250;

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
