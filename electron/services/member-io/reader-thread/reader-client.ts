/**
 * Opens a member list in its own reader thread (reader-worker.ts) and hands its rows to the store as
 * they come: the service host's thread only stores, and stays free to answer the directory between
 * chunks. Errors come back as the same AppFailure the reader threw; abort and close stop the thread
 * and wait for it to end.
 */
import { Worker } from 'node:worker_threads';
import type { ImportCounts, ImportProgress, ImportSettings } from '../../../../shared/domain/members/import-types.ts';
import { cancelled } from '../../members/import/errors.ts';
import type { OpenedFileInfo, ReaderCommand, ReaderJob, ReaderMessage, StreamedRow } from './protocol.ts';
import { reviveThrown } from './thrown.ts';

/** The reader's TypeScript source under Node 24; in the app, its bundle beside the service host's (build/bundle-electron.ts). */
const READER_WORKER_URL = import.meta.url.endsWith('.cjs') ? new URL('./import-reader.cjs', import.meta.url) : new URL('./reader-worker.ts', import.meta.url);

/** As the service host's own thread (HOST_YOUNG_GENERATION_MB): reading allocates many short-lived strings. */
const READER_YOUNG_GENERATION_MB = 8;

export interface ImportStream extends OpenedFileInfo {
  /** Live counts, final once the rows have run to their end. */
  readonly counts: ImportCounts;
  /**
   * The data rows, once, a batch at a time as they arrive: one await per batch instead of one per row
   * (for 100,000 rows through two async generators, one per row cost the storing thread ~0.3 s).
   */
  batches(): AsyncGenerator<readonly StreamedRow[]>;
  /** Stops the reader (whether or not the rows ran to their end). */
  close(): Promise<void>;
}

export interface ReaderThreadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

export async function openImportInThread(filePath: string, settings: ImportSettings, options: ReaderThreadOptions = {}): Promise<ImportStream> {
  if (options.signal?.aborted) throw cancelled();
  const job: ReaderJob = { filePath, settings };
  const worker = new Worker(READER_WORKER_URL, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MB } });
  const queue: ReaderMessage[] = [];
  let stopped: Error | null = null;
  let wake: (() => void) | null = null;
  const stop = (reason: Error): void => {
    stopped ??= reason;
    wake?.();
  };
  worker.on('message', (message: ReaderMessage) => {
    if (message.type === 'progress') options.onProgress?.(message.progress);
    else {
      queue.push(message);
      wake?.();
    }
  });
  const exited = new Promise<void>((resolve) => {
    worker.on('exit', (code) => {
      stop(new Error(`the file reader stopped (exit code ${code})`));
      resolve();
    });
  });
  worker.on('error', stop);
  let ended = false;
  void exited.then(() => (ended = true));
  const command = (message: ReaderCommand): void => {
    if (!ended) worker.postMessage(message);
  };
  const onAbort = (): void => {
    stop(cancelled());
    command({ type: 'stop' });
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const close = async (): Promise<void> => {
    options.signal?.removeEventListener('abort', onAbort);
    command({ type: 'stop' });
    await exited;
  };
  // Messages already sent are taken before a stop is reported: the reader's last rows are not lost to its exit.
  const next = async (): Promise<ReaderMessage> => {
    for (;;) {
      const message = queue.shift();
      if (message !== undefined) return message;
      if (stopped !== null) throw stopped;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  };

  let opened: ReaderMessage;
  try {
    opened = await next();
  } catch (error) {
    await close();
    throw error;
  }
  if (opened.type !== 'opened') {
    await close();
    throw opened.type === 'failed' ? reviveThrown(opened.thrown) : new Error(`the file reader answered ${opened.type} before opening the file`);
  }
  const counts: ImportCounts = { ...opened.info.counts };
  let started = false;
  async function* batches(): AsyncGenerator<readonly StreamedRow[]> {
    if (started) throw new Error('the rows can be read once');
    started = true;
    command({ type: 'read' });
    for (;;) {
      const message = await next();
      if (message.type === 'rows') {
        command({ type: 'ack' });
        Object.assign(counts, message.counts);
        yield message.rows;
      } else if (message.type === 'end') {
        Object.assign(counts, message.counts);
        return;
      } else if (message.type === 'failed') {
        throw reviveThrown(message.thrown);
      }
    }
  }
  return { ...opened.info, counts, batches, close };
}
