/**
 * A member list file into the workspace: the import reader's rows streamed straight into the member
 * store's commit (one transaction), so the app's wizard and the CLI import exactly alike. The file is
 * opened first (format, sheet, header and mapping checked) and only then the store is touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DuplicatePolicy, ImportProblem, MemberImportResult, MemberImportRow } from '../../../shared/domain/member.ts';
import type { ImportCounts, ImportProgress, ImportRow, ImportSettings, ResolvedImportSettings } from '../../../shared/domain/members/import-types.ts';
import { columnName, type ColumnMapping } from '../../../shared/domain/members/mapping/column-mapping.ts';
import { openImport, type ImportSession } from '../members/import/index.ts';
import { sniffFile } from '../members/import/sniff.ts';
import { openImportInThread, type ImportStream } from './reader-thread/reader-client.ts';
import { commitMemberImport } from '../members/import-commit.ts';
import type { MemberStore } from '../members/member-store.ts';

/** What an import batch keeps as its "mapping": enough to read the same file again for the problems export. */
export interface ImportFileRecord {
  kind: 'import-file';
  path: string;
  size: number;
  mtimeMs: number;
  headers: string[];
  settings: ResolvedImportSettings;
}

export function isImportFileRecord(value: unknown): value is ImportFileRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<ImportFileRecord>;
  return record.kind === 'import-file' && typeof record.path === 'string' && Array.isArray(record.headers) && typeof record.settings === 'object';
}

export interface OpenedImportFile {
  path: string;
  /** The file's reader: in its own thread for an xlsx, in this one for a text file. */
  session: ImportStream;
  record: ImportFileRecord;
}

const TEXT_BATCH_ROWS = 250;

/** A text file's session, read in this thread, handing its rows over in batches like the reader thread's. */
function inBatches(session: ImportSession): ImportStream {
  async function* batches(): AsyncGenerator<readonly ImportRow[]> {
    let batch: ImportRow[] = [];
    for await (const row of session.rows()) {
      batch.push(row);
      if (batch.length === TEXT_BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  return { ...session, batches };
}

/**
 * Opens the file for committing; throws the reader's importer.errors.* AppFailure when it cannot be read.
 * An xlsx is read in a thread of its own while this one stores (unzipping and parsing its XML costs as
 * much as storing: 100,000 rows 6.5 s instead of 7.4 s, this thread's CPU 4.8 s instead of 7.0 s). A
 * text file is read here: csv-parse is cheap next to the store (a million rows 69.5 s either way), and
 * a second thread's heap took a million-row CSV import from 394 MB to 475 MB.
 */
export async function openImportFile(filePath: string, settings: ImportSettings = {}, signal?: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<OpenedImportFile> {
  const resolved = path.resolve(filePath);
  const progress = onProgress ? { onProgress: (read: ImportProgress) => onProgress(read.bytesRead, read.totalBytes) } : {};
  const session: ImportStream =
    (await sniffFile(resolved)).kind === 'xlsx'
      ? await openImportInThread(resolved, settings, { ...(signal ? { signal } : {}), ...progress })
      : inBatches(await openImport(resolved, { ...settings, ...(signal ? { signal } : {}), ...progress }));
  const stat = fs.statSync(resolved, { throwIfNoEntry: false }) ?? null;
  return {
    path: resolved,
    session,
    record: { kind: 'import-file', path: resolved, size: stat?.size ?? 0, mtimeMs: stat?.mtimeMs ?? 0, headers: session.headers, settings: session.settings },
  };
}

/**
 * The store names the column of its own problems by field ("group", "inviter"); the operator knows the
 * file's header ("所在群", "推荐人"). Problems whose column is a mapped field get the header instead.
 */
export function withFileColumns(problems: readonly ImportProblem[], headers: readonly string[], mapping: ColumnMapping): ImportProblem[] {
  const byField = new Map<string, string>();
  for (const entry of mapping) if (entry.target.kind === 'field' && !byField.has(entry.target.field)) byField.set(entry.target.field, columnName(headers, entry.column));
  return problems.map((problem) => {
    const header = byField.get(problem.column);
    return header === undefined ? problem : { ...problem, column: header };
  });
}

export interface ImportFileOutcome {
  result: MemberImportResult;
  /** Problems the reader found in cells (including rows it could not use), by file row. */
  readerProblems: ImportProblem[];
  readerCounts: ImportCounts;
  /** Data rows the reader could not turn into a member at all. */
  rejectedRows: number;
  /** Reader's and store's problems together, in row order. */
  problems: ImportProblem[];
}

export interface CommitImportFileOptions {
  policy: DuplicatePolicy;
  signal?: AbortSignal;
  /** Rows between the store's progress reports, cancel checks and yields to the event loop. */
  chunkSize?: number;
  /** See MemberImportOptions.yieldEveryMs. */
  yieldEveryMs?: number;
  /** See MemberImportOptions.onFinishing. */
  onFinishing?: (done: number, total: number) => void;
  now?: string;
}

/** How many rows the store will meet, when the file says so before it is read (an xlsx sheet's row count). */
function expectedRows(session: ImportStream): { expectedRows?: number } {
  const sheet = session.source.sheets.find((candidate) => candidate.name === session.source.sheet);
  return sheet === undefined ? {} : { expectedRows: sheet.rows };
}

/** Streams the opened file's rows into one import transaction; cancel (signal) rolls everything back. */
export async function commitImportFile(store: MemberStore, opened: OpenedImportFile, options: CommitImportFileOptions): Promise<ImportFileOutcome> {
  const { session } = opened;
  const readerProblems: ImportProblem[] = [];
  const readerCounts: Record<string, number> = {};
  let rejectedRows = 0;
  async function* rows(): AsyncGenerator<readonly MemberImportRow[]> {
    for await (const batch of session.batches()) {
      const stored: MemberImportRow[] = [];
      for (const row of batch) {
        for (const problem of row.problems) readerProblems.push(problem);
        if (row.draft === null) rejectedRows += 1;
        else stored.push({ row: row.row, draft: row.draft });
      }
      yield stored;
    }
    // Final once the rows have run out, which is before the store finishes the batch.
    Object.assign(readerCounts, session.counts);
  }
  try {
    const result = await commitMemberImport(
      store,
      {
        fileName: session.source.file,
        sheet: session.source.sheet,
        mapping: opened.record,
        policy: options.policy,
        rows: rows(),
        ...expectedRows(session),
        readerProblems,
        readerCounts,
      },
      {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
        ...(options.yieldEveryMs !== undefined ? { yieldEveryMs: options.yieldEveryMs } : {}),
        ...(options.onFinishing ? { onFinishing: options.onFinishing } : {}),
        ...(options.now !== undefined ? { now: options.now } : {}),
      },
    );
    const storeProblems = withFileColumns(result.problems, session.headers, session.mapping);
    const problems = [...readerProblems, ...storeProblems].sort((a, b) => a.row - b.row);
    return { result: { ...result, problems: storeProblems }, readerProblems, readerCounts: { ...session.counts }, rejectedRows, problems };
  } finally {
    await session.close();
  }
}
