/**
 * The import preview: reads the whole file once (streaming) and reports what an import would do before
 * anything is written: the detected format, sheet, header row and mapping, the first rows after
 * normalisation, every problem by row, column and value, and the counts.
 */
import { performance } from 'node:perf_hooks';
import type { ImportProblem } from '../../../../shared/domain/member.ts';
import type { ImportPreview, ImportRow } from '../../../../shared/domain/members/import-types.ts';
import { openImport, type ImportReadOptions, type ImportSession } from './open-import.ts';

export interface PreviewOptions extends ImportReadOptions {
  /** How many normalised rows to return (default 50). */
  previewRows?: number;
  /** How many problems to list (default 10 000); counts.problems always has the full number. */
  maxProblems?: number;
  /** Sees every data row as it is read, e.g. to estimate what a commit would do. */
  onRow?: (row: ImportRow, session: ImportSession) => void;
  /** Yield to the event loop after this much work (the service host keeps answering meanwhile). */
  yieldEveryMs?: number;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function previewImport(filePath: string, options: PreviewOptions = {}): Promise<ImportPreview> {
  const previewRows = options.previewRows ?? 50;
  const maxProblems = options.maxProblems ?? 10_000;
  const session = await openImport(filePath, options, false);
  const rows: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  let turnStarted = performance.now();
  try {
    for await (const row of session.rows()) {
      if (rows.length < previewRows) rows.push(row);
      for (const problem of row.problems) {
        if (problems.length < maxProblems) problems.push(problem);
      }
      options.onRow?.(row, session);
      if (options.yieldEveryMs !== undefined && performance.now() - turnStarted >= options.yieldEveryMs) {
        await yieldToEventLoop();
        turnStarted = performance.now();
      }
    }
  } finally {
    await session.close();
  }
  return {
    source: session.source,
    headerRow: session.headerRow,
    headerDetected: session.headerDetected,
    headers: session.headers,
    mapping: session.mapping,
    mappingIssues: session.mappingIssues,
    dateOrders: session.dateOrders,
    leadingRows: session.leadingRows,
    rows,
    problems,
    problemsTruncated: session.counts.problems > problems.length,
    counts: { ...session.counts },
    settings: session.settings,
  };
}
