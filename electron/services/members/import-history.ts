import { appFailure } from '../../../shared/contract/result.ts';
import type { ChangeSummary } from '../../../shared/domain/workspace.ts';
import type { ColumnTarget, DuplicatePolicy, ImportBatchInfo, ImportProblem, ImportTemplate, MemberImportCounts } from '../../../shared/domain/member.ts';
import { startChangeBatchSync, undoLastChange, type UndoOptions } from '../audit/change-log.ts';
import { invalidateDirectoryCache } from './directory-cache.ts';
import { stmt, writeTransaction, type MemberReader, type MemberStore } from './member-store.ts';

/** The import history (导入批次), undoing an import, and saved column mappings (templates). */

interface ImportRow {
  id: number;
  change_batch_id: number | null;
  file_name: string;
  sheet: string | null;
  policy: string;
  counts_json: string;
  problem_count: number;
  started_at: string;
  finished_at: string;
  undone_at: string | null;
}

const EMPTY_COUNTS: MemberImportCounts = { created: 0, updated: 0, unchanged: 0, skipped: 0, conflicts: 0, mergedInFile: 0, empty: 0 };

function toInfo(row: ImportRow): ImportBatchInfo {
  const counts = { ...EMPTY_COUNTS, ...(JSON.parse(row.counts_json) as Partial<MemberImportCounts>) };
  return {
    id: row.id,
    fileName: row.file_name,
    sheet: row.sheet,
    policy: row.policy as DuplicatePolicy,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    counts: {
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      skipped: counts.skipped,
      conflicts: counts.conflicts,
      mergedInFile: counts.mergedInFile,
      empty: counts.empty,
    },
    problemCount: row.problem_count,
    undone: row.undone_at !== null,
    changeBatchId: row.change_batch_id,
  };
}

const SELECT_IMPORTS = `SELECT ib.id, ib.change_batch_id, ib.file_name, ib.sheet, ib.policy, ib.counts_json, ib.problem_count, ib.started_at, ib.finished_at, cb.undone_at
  FROM import_batches AS ib LEFT JOIN change_batches AS cb ON cb.id = ib.change_batch_id`;

/** Imports, newest first. */
export function listImportBatches(reader: MemberReader, limit = 100): ImportBatchInfo[] {
  return (stmt(reader.sqlite, `${SELECT_IMPORTS} ORDER BY ib.id DESC LIMIT ?`).all(limit) as ImportRow[]).map(toInfo);
}

export function getImportBatch(reader: MemberReader, id: number): ImportBatchInfo & { mapping: unknown } {
  const row = stmt(reader.sqlite, `${SELECT_IMPORTS} WHERE ib.id = ?`).get(id) as ImportRow | undefined;
  if (row === undefined) throw appFailure('NOT_FOUND', 'directory.errors.importNotFound', { id });
  const mapping = JSON.parse((stmt(reader.sqlite, 'SELECT mapping_json FROM import_batches WHERE id = ?').get(id) as { mapping_json: string }).mapping_json) as unknown;
  return { ...toInfo(row), mapping };
}

/** Every problem of an import (reader's and store's), for the "export problems" file. */
export function getImportProblems(reader: MemberReader, id: number): ImportProblem[] {
  const row = stmt(reader.sqlite, 'SELECT problems_json FROM import_batches WHERE id = ?').get(id) as { problems_json: string } | undefined;
  if (row === undefined) throw appFailure('NOT_FOUND', 'directory.errors.importNotFound', { id });
  return JSON.parse(row.problems_json) as ImportProblem[];
}

/**
 * Undoes a whole import. Undo runs newest first, so an import can be undone while it is the latest
 * change not yet undone; otherwise CONFLICT (directory.errors.undoImportNotLast) says to undo the
 * later changes first, because they may build on the imported members.
 */
export async function undoImport(store: MemberStore, importId: number, options: UndoOptions & { now?: string } = {}): Promise<ChangeSummary> {
  const { now = new Date().toISOString(), ...undoOptions } = options;
  const info = getImportBatch(store, importId);
  if (info.changeBatchId === null || info.undone) throw appFailure('NOTHING_TO_UNDO', 'errors.nothingToUndo');
  const latest = stmt(store.sqlite, `SELECT id FROM change_batches WHERE kind = 'change' AND undone_at IS NULL ORDER BY id DESC LIMIT 1`).get() as { id: number } | undefined;
  if (latest?.id !== info.changeBatchId) throw appFailure('CONFLICT', 'directory.errors.undoImportNotLast', { file: info.fileName });
  try {
    return await undoLastChange(store.db, now, undoOptions);
  } finally {
    invalidateDirectoryCache(store.sqlite);
  }
}

interface TemplateRow {
  id: number;
  name: string;
  mapping_json: string;
  updated_at: string;
}

function toTemplate(row: TemplateRow): ImportTemplate {
  return { id: row.id, name: row.name, mapping: JSON.parse(row.mapping_json) as Record<string, ColumnTarget>, updatedAt: row.updated_at };
}

export function listImportTemplates(reader: MemberReader): ImportTemplate[] {
  return (stmt(reader.sqlite, 'SELECT id, name, mapping_json, updated_at FROM import_templates ORDER BY name COLLATE NOCASE').all() as TemplateRow[]).map(toTemplate);
}

/** Saves a column mapping under a name (same name: replaced), keyed by source column header. */
export async function saveImportTemplate(store: MemberStore, name: string, mapping: Record<string, ColumnTarget>, now: string = new Date().toISOString()): Promise<ImportTemplate> {
  const trimmed = name.trim();
  if (trimmed.length === 0 || [...trimmed].length > 100) {
    throw appFailure('VALIDATION', 'errors.validation', undefined, [{ path: 'name', messageKey: trimmed.length === 0 ? 'validation.required' : 'validation.tooLong', params: { limit: 100 } }]);
  }
  return writeTransaction(store, () => {
    const sqlite = store.sqlite;
    const before = stmt(sqlite, 'SELECT * FROM import_templates WHERE lower(name) = lower(?)').get(trimmed) as (TemplateRow & { created_at: string }) | undefined;
    const after = (
      before === undefined
        ? stmt(sqlite, 'INSERT INTO import_templates (name, mapping_json, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING *').get(trimmed, JSON.stringify(mapping), now, now)
        : stmt(sqlite, 'UPDATE import_templates SET name = ?, mapping_json = ?, updated_at = ? WHERE id = ? RETURNING *').get(trimmed, JSON.stringify(mapping), now, before.id)
    ) as TemplateRow & { created_at: string };
    startChangeBatchSync(sqlite, 'directory.history.templateSave', { name: trimmed }, now).record('importTemplate', after.id, before === undefined ? null : { ...before }, { ...after });
    return toTemplate(after);
  });
}

export async function deleteImportTemplate(store: MemberStore, id: number, now: string = new Date().toISOString()): Promise<{ id: number }> {
  return writeTransaction(store, () => {
    const before = stmt(store.sqlite, 'SELECT * FROM import_templates WHERE id = ?').get(id) as (TemplateRow & { created_at: string }) | undefined;
    if (before === undefined) throw appFailure('NOT_FOUND', 'directory.errors.templateNotFound', { id });
    stmt(store.sqlite, 'DELETE FROM import_templates WHERE id = ?').run(id);
    startChangeBatchSync(store.sqlite, 'directory.history.templateDelete', { name: before.name }, now).record('importTemplate', id, { ...before }, null);
    return { id };
  });
}
