/**
 * The problems of an import as an .xlsx to fix and import again: the original rows (the file's own
 * header and cells, as written) plus a reason column. The rows are read again from the imported file;
 * when it has been moved or changed since, the export still lists every problem by row, column and
 * value, so nothing the operator must fix is lost.
 */
import fs from 'node:fs';
import type { ImportProblem } from '../../../shared/domain/member.ts';
import type { Language } from '../../../shared/domain/workspace.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import { getImportBatch, getImportProblems } from '../members/import-history.ts';
import { openImport } from '../members/import/index.ts';
import type { MemberReader } from '../members/member-store.ts';
import { isImportFileRecord, withFileColumns, type ImportFileRecord } from '../member-io/import-file.ts';
import { problemText } from '../member-io/problem-text.ts';
import { writeXlsxTable, type ExportCell, type ExportColumn } from './xlsx-table-writer.ts';

export { problemText };

function byRow(problems: readonly ImportProblem[]): Map<number, ImportProblem[]> {
  const rows = new Map<number, ImportProblem[]>();
  for (const problem of problems) rows.set(problem.row, [...(rows.get(problem.row) ?? []), problem]);
  return new Map([...rows.entries()].sort(([a], [b]) => a - b));
}

function unchangedFile(record: ImportFileRecord): boolean {
  try {
    const stat = fs.statSync(record.path);
    return stat.isFile() && stat.size === record.size && Math.abs(stat.mtimeMs - record.mtimeMs) < 1;
  } catch {
    return false;
  }
}

/** The cells of the given rows, read again from the imported file (null when it cannot be). */
async function originalRows(record: ImportFileRecord, wanted: ReadonlySet<number>): Promise<Map<number, string[]> | null> {
  if (!unchangedFile(record)) return null;
  try {
    const session = await openImport(record.path, record.settings, false);
    const found = new Map<number, string[]>();
    try {
      const last = Math.max(...wanted);
      for await (const row of session.rows()) {
        if (wanted.has(row.row)) found.set(row.row, row.cells);
        if (row.row >= last) break;
      }
    } finally {
      await session.close();
    }
    return found;
  } catch {
    return null;
  }
}

/** Writes the problems file of an import; returns the rows written (one per file row with problems). */
export async function exportImportProblems(reader: MemberReader, importId: number, outPath: string, language: Language): Promise<{ path: string; rows: number }> {
  const batch = getImportBatch(reader, importId);
  const record = isImportFileRecord(batch.mapping) ? batch.mapping : null;
  const stored = getImportProblems(reader, importId);
  const problems = byRow(record === null ? stored : withFileColumns(stored, record.headers, record.settings.mapping));
  const t = (key: string) => translate(language, key);
  const cells = record === null || problems.size === 0 ? null : await originalRows(record, new Set(problems.keys()));
  const reason = (list: readonly ImportProblem[]) => list.map((problem) => problemText(language, problem)).join('\n');

  let columns: ExportColumn[];
  let rows: ExportCell[][];
  if (record !== null && cells !== null) {
    const width = record.headers.length;
    columns = [...record.headers.map((header): ExportColumn => ({ header, kind: 'text' })), { header: t('exports.problems.reason'), kind: 'text', width: 60 }];
    rows = [...problems.entries()].map(([row, list]) => {
      const original = cells.get(row) ?? [];
      return [...Array.from({ length: width }, (_, index) => original[index] ?? null), reason(list)];
    });
  } else {
    columns = [
      { header: t('exports.problems.row'), kind: 'number', width: 8 },
      { header: t('exports.problems.column'), kind: 'text' },
      { header: t('exports.problems.value'), kind: 'text', width: 24 },
      { header: t('exports.problems.reason'), kind: 'text', width: 60 },
    ];
    rows = [...problems.values()].flat().map((problem) => [problem.row, problem.column, problem.value, problemText(language, { ...problem, column: '' })]);
  }
  const written = await writeXlsxTable(outPath, { sheetName: t('exports.problems.sheetName'), columns, rows });
  return { path: outPath, rows: written.rows };
}
