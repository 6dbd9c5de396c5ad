/**
 * The messages between an import and its reader thread (import-reader.ts ↔ import-reader-worker.ts).
 * The reader thread opens the file, normalises every row and works out its column values (pinyin
 * keys included); the importing thread only dedupes and writes. Rows go over in batches, and at
 * most READER_BATCHES_IN_FLIGHT batches are on their way at once, so a million-row file never
 * piles up in memory when the writer is the slower side.
 */
import type { AppError } from '../../../shared/contract/result.ts';
import type { ImportProblem, MemberDraft } from '../../../shared/domain/member.ts';
import type { ImportCounts, ImportProgress, ImportSettings } from '../../../shared/domain/members/import-types.ts';
import type { ImportSession } from '../members/import/index.ts';
import type { MemberValues } from '../members/member-values.ts';

export const READER_BATCH_ROWS = 500;
export const READER_BATCHES_IN_FLIGHT = 4;
/**
 * V8's young generation for the reader thread. Small, like the service host's (host/client.ts), to
 * bound memory; at 8 MB the reader spent ~20% of its busy time collecting garbage (profile of a
 * 100k-row xlsx).
 */
export const READER_YOUNG_GENERATION_MB = 16;

export interface ReaderJob {
  filePath: string;
  settings: ImportSettings;
}

/** A data row as the writer needs it: `values` are the draft's column values (null: the row names nobody). */
export interface PreparedRow {
  row: number;
  draft: MemberDraft | null;
  values: MemberValues | null;
  problems: ImportProblem[];
}

export type SessionInfo = Omit<ImportSession, 'rows' | 'close' | 'counts'>;

export type ToReader = { type: 'ack' } | { type: 'cancel' };

export type FromReader =
  | { type: 'opened'; info: SessionInfo }
  | { type: 'rows'; rows: PreparedRow[]; progress: ImportProgress | null }
  | { type: 'done'; counts: ImportCounts; progress: ImportProgress | null }
  | { type: 'failed'; error: AppError }
  | { type: 'crashed'; message: string };
