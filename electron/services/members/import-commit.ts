import { performance } from 'node:perf_hooks';
import { appFailure } from '../../../shared/contract/result.ts';
import type { DuplicatePolicy, ImportProblem, MemberImportResult, MemberImportRow } from '../../../shared/domain/member.ts';
import { invalidateDirectoryCache } from './directory-cache.ts';
import { ImportRun } from './import-run.ts';
import { inTransaction, type MemberStore } from './member-store.ts';
import { indexMemberRange } from './search-index.ts';

export { IMPORT_ACTION_KEY } from './import-batch.ts';

export interface MemberImportInput {
  fileName: string;
  sheet?: string | null;
  /** The column mapping used (kept in the import history as JSON). */
  mapping?: unknown;
  policy: DuplicatePolicy;
  /**
   * Normalised rows, in file order; may be a stream (async iterable) so a big file never sits in memory,
   * and a stream may hand them over a batch at a time.
   */
  rows: Iterable<MemberImportRow> | AsyncIterable<MemberImportRow | readonly MemberImportRow[]>;
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
  /**
   * After the last row: the steps still to take before the commit (indexes built at the end, slices of
   * the new members' search index), done of total. A million-row import spends ~20 s there.
   */
  onFinishing?: (done: number, total: number) => void;
  /** Aborting rolls the whole import back and rejects with CANCELLED. */
  signal?: AbortSignal;
  /**
   * Yield to the event loop once this much time went into reading and storing rows since the last
   * turn (default: only every chunkSize rows). The service host sets it so that a big import never
   * holds its thread for long: the window's other calls are answered in between.
   */
  yieldEveryMs?: number;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function isBatch(item: MemberImportRow | readonly MemberImportRow[]): item is readonly MemberImportRow[] {
  return Array.isArray(item);
}

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
      let turnStarted = performance.now();
      for await (const item of input.rows) {
        for (const row of isBatch(item) ? item : [item]) {
          run.applyRow(row);
          done += 1;
          const chunkDone = done % chunkSize === 0;
          if (chunkDone || (options.yieldEveryMs !== undefined && performance.now() - turnStarted >= options.yieldEveryMs)) {
            if (chunkDone) options.onProgress?.(done);
            await yieldToEventLoop();
            turnStarted = performance.now();
            if (options.signal?.aborted) throw appFailure('CANCELLED', 'errors.cancelled');
          }
        }
      }
      if (options.signal?.aborted) throw appFailure('CANCELLED', 'errors.cancelled');
      run.flush();
      const deferredIndexes = run.takeDeferredIndexes();
      const slices = run.newMemberSlices(SEARCH_INDEX_SLICE);
      const steps = deferredIndexes.length + slices.length;
      let stepsDone = 0;
      const stepDone = async (): Promise<void> => {
        stepsDone += 1;
        options.onFinishing?.(stepsDone, steps);
        await yieldToEventLoop();
        if (options.signal?.aborted) throw appFailure('CANCELLED', 'errors.cancelled');
      };
      if (steps > 0) options.onFinishing?.(0, steps);
      // Indexes left out while the rows went in, one statement at a time (each is one uninterruptible step).
      for (const statement of deferredIndexes) {
        store.sqlite.exec(statement);
        await stepDone();
      }
      // The new members' search index, a slice at a time: one statement for a big import would hold
      // the host's thread (and every directory read waiting on it) for seconds.
      for (const [afterId, upToId] of slices) {
        indexMemberRange(store.sqlite, afterId, upToId);
        await stepDone();
      }
      const result = run.finish(options.now ?? new Date().toISOString());
      options.onProgress?.(done);
      return result;
    });
  } finally {
    invalidateDirectoryCache(store.sqlite);
  }
}

/**
 * New members indexed for search per statement. On the 2-core test machine, for 100k members: one
 * statement 1.3 s; slices of 5,000 take 1.5 s in all but up to 110 ms each, so ~20 directory reads
 * per import waited that long (read p99 during an import 119 ms); slices of 1,000, 1.5 s in all and
 * at most ~35 ms each.
 */
const SEARCH_INDEX_SLICE = 1_000;
