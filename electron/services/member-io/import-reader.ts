/**
 * Reads an import in its own thread (import-reader-worker.ts) while the calling thread stores the
 * rows: parsing and normalising no longer wait for the database, nor the database for them, and the
 * service host's thread stays free to answer the window. See import-reader-protocol.ts.
 */
import { Worker } from 'node:worker_threads';
import { AppFailure, appFailure } from '../../../shared/contract/result.ts';
import type { ImportCounts, ImportProgress, ImportSettings } from '../../../shared/domain/members/import-types.ts';
import { READER_YOUNG_GENERATION_MB, type FromReader, type PreparedRow, type ReaderJob, type SessionInfo, type ToReader } from './import-reader-protocol.ts';

/**
 * Run from source (Node's type stripping: tests, CLI, bench) the worker is the .ts file beside this
 * one; in the app this code is inlined into dist-electron/host-worker.cjs, beside import-reader.cjs.
 */
const READER_WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./import-reader-worker.ts', import.meta.url) : new URL('./import-reader.cjs', import.meta.url);

export interface ReaderSession extends SessionInfo {
  /** Final once rows() has run to its end. */
  readonly counts: ImportCounts;
  /** The data rows, once, in file order. */
  rows(): AsyncGenerator<PreparedRow>;
  /** Stops the reader thread (idempotent). */
  close(): Promise<void>;
}

export interface ReaderThreadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

type Incoming = Exclude<FromReader, { type: 'opened' }> | { type: 'exit'; code: number } | { type: 'error'; error: Error };

function failureOf(message: Incoming): Error | null {
  switch (message.type) {
    case 'failed':
      return new AppFailure(message.error);
    case 'crashed':
      return new Error(`the import reader failed: ${message.message}`);
    case 'error':
      return message.error;
    case 'exit':
      return new Error(`the import reader stopped (exit code ${message.code})`);
    default:
      return null;
  }
}

/** Opens `filePath` in a reader thread; rejects with the reader's AppFailure when the file cannot be read. */
export function openImportInReaderThread(filePath: string, settings: ImportSettings, options: ReaderThreadOptions = {}): Promise<ReaderSession> {
  const job: ReaderJob = { filePath, settings };
  const worker = new Worker(READER_WORKER_URL, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MB } });
  const queue: Incoming[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  const send = (message: ToReader): void => {
    if (!closed) worker.postMessage(message);
  };
  const onAbort = (): void => send({ type: 'cancel' });
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    options.signal?.removeEventListener('abort', onAbort);
    await worker.terminate();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  return new Promise<ReaderSession>((resolve, reject) => {
    let opened = false;
    const receive = (message: Incoming): void => {
      if (!opened) {
        // Before the file is open, any message but "opened" is a failure to open it.
        void close();
        reject(failureOf(message) ?? new Error(`the import reader sent ${message.type} before opening the file`));
        return;
      }
      queue.push(message);
      const waiting = wake;
      wake = null;
      waiting?.();
    };
    worker.on('message', (message: FromReader) => {
      if (message.type === 'opened') {
        opened = true;
        resolve(session(message.info));
      } else receive(message);
    });
    worker.on('error', (error) => receive({ type: 'error', error }));
    worker.on('exit', (code) => {
      if (!closed) receive({ type: 'exit', code });
    });
  });

  function session(info: SessionInfo): ReaderSession {
    const counts: ImportCounts = { dataRows: 0, importableRows: 0, problemRows: 0, rejectedRows: 0, blankSkipped: 0, summarySkipped: 0, problems: 0 };
    let started = false;
    async function* rows(): AsyncGenerator<PreparedRow> {
      if (started) throw new Error('rows() can be read once');
      started = true;
      try {
        for (;;) {
          while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
          const message = queue.shift() as Incoming;
          if (options.signal?.aborted) throw appFailure('CANCELLED', 'errors.cancelled');
          const failure = failureOf(message);
          if (failure) throw failure;
          if (message.type === 'rows') {
            send({ type: 'ack' });
            if (message.progress) options.onProgress?.(message.progress);
            yield* message.rows;
          } else if (message.type === 'done') {
            Object.assign(counts, message.counts);
            if (message.progress) options.onProgress?.(message.progress);
            return;
          }
        }
      } finally {
        await close();
      }
    }
    return { ...info, counts, rows, close };
  }
}
