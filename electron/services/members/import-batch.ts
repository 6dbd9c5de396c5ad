import type Sqlite from 'better-sqlite3';
import type { ImportProblem, MemberImportCounts, MemberImportResult } from '../../../shared/domain/member.ts';
import { startChangeBatchSync, type SyncChangeBatch } from '../audit/change-log.ts';
import type { MemberImportInput } from './import-commit.ts';
import { MEMBERSHIP_JSON } from './import-relations.ts';
import { memberJsonObjectSql } from './member-rows.ts';
import { maxId, stmt } from './member-store.ts';

/** The records an import keeps while it writes: its row in the import history and its change batch (one undo step). */

export const IMPORT_ACTION_KEY = 'directory.history.import';

/** The highest id of each table an import adds rows to. */
export interface ImportRowMarks {
  members: number;
  memberships: number;
  tags: number;
  memberTags: number;
}

export function importRowMarks(sqlite: Sqlite.Database): ImportRowMarks {
  return {
    members: maxId(sqlite, 'members'),
    memberships: maxId(sqlite, 'memberships'),
    tags: maxId(sqlite, 'tags'),
    memberTags: maxId(sqlite, 'member_tags'),
  };
}

export function openImportBatch(sqlite: Sqlite.Database, input: MemberImportInput, now: string): { importId: number; batch: SyncChangeBatch } {
  const importId = Number(
    stmt(sqlite, `INSERT INTO import_batches (file_name, sheet, policy, mapping_json, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
      input.fileName,
      input.sheet ?? null,
      input.policy,
      JSON.stringify(input.mapping ?? {}),
      now,
      now,
    ).lastInsertRowid,
  );
  const batch = startChangeBatchSync(sqlite, IMPORT_ACTION_KEY, { file: input.fileName }, now);
  return { importId, batch };
}

export interface ImportOutcome {
  importId: number;
  batch: SyncChangeBatch;
  counts: MemberImportCounts;
  /** The store's own problems; sorted by row here. */
  problems: ImportProblem[];
}

/**
 * Completes the change batch (the after-images of what the import changed, or no batch at all when it
 * changed nothing) and the import's row in the history.
 */
export function closeImportBatch(sqlite: Sqlite.Database, input: MemberImportInput, outcome: ImportOutcome, finishedAt: string): MemberImportResult {
  const { importId, batch, counts, problems } = outcome;
  // The after-images of the existing members and memberships this import changed.
  stmt(
    sqlite,
    `UPDATE audit_log SET after_json = (SELECT ${memberJsonObjectSql('m')} FROM members AS m WHERE m.id = audit_log.entity_id) WHERE batch_id = ? AND entity = 'member' AND after_json IS NULL`,
  ).run(batch.id);
  stmt(
    sqlite,
    `UPDATE audit_log SET after_json = (SELECT ${MEMBERSHIP_JSON} FROM memberships AS s WHERE s.id = audit_log.entity_id) WHERE batch_id = ? AND entity = 'membership' AND after_json IS NULL`,
  ).run(batch.id);

  const anyChange = (stmt(sqlite, 'SELECT EXISTS (SELECT 1 FROM audit_log WHERE batch_id = ?) AS e').get(batch.id) as { e: number }).e === 1;
  problems.sort((a, b) => a.row - b.row);
  const allProblems = [...(input.readerProblems ?? []), ...problems].sort((a, b) => a.row - b.row);
  let changeBatchId: number | null = batch.id;
  if (anyChange) {
    stmt(sqlite, 'UPDATE change_batches SET params_json = ? WHERE id = ?').run(
      JSON.stringify({ file: input.fileName, created: counts.created, updated: counts.updated }),
      batch.id,
    );
  } else {
    // Nothing changed (a re-import): nothing to undo, so nothing goes on the undo stack.
    stmt(sqlite, 'DELETE FROM change_batches WHERE id = ?').run(batch.id);
    changeBatchId = null;
  }
  stmt(
    sqlite,
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
    JSON.stringify({ ...counts, ...(input.readerCounts ?? {}) }),
    JSON.stringify(allProblems),
    finishedAt,
    importId,
  );
  return { importId, changeBatchId, ...counts, problems };
}
