/**
 * The reader thread of an import (see import-reader-protocol.ts): opens the file, then sends its
 * rows, normalised and with their column values, in batches while the importing thread writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppFailure } from '../../../shared/contract/result.ts';
import type { ImportProgress } from '../../../shared/domain/members/import-types.ts';
import { openImport } from '../members/import/index.ts';
import { valuesFromDraft } from '../members/member-values.ts';
import { READER_BATCH_ROWS, READER_BATCHES_IN_FLIGHT, type FromReader, type PreparedRow, type ReaderJob, type ToReader } from './import-reader-protocol.ts';

const port = parentPort;
if (!port) throw new Error('import-reader-worker.ts runs as a worker thread');
const job = workerData as ReaderJob;
const controller = new AbortController();
let credits = READER_BATCHES_IN_FLIGHT;
let wake: (() => void) | null = null;

port.on('message', (message: ToReader) => {
  if (message.type === 'ack') credits += 1;
  else controller.abort();
  wake?.();
});

const post = (message: FromReader): void => port.postMessage(message);

/** Waits until the importing thread has taken a batch, when READER_BATCHES_IN_FLIGHT are on their way. */
async function credit(): Promise<void> {
  while (credits === 0 && !controller.signal.aborted) await new Promise<void>((resolve) => (wake = resolve));
  wake = null;
  credits -= 1;
}

async function read(): Promise<void> {
  let progress: ImportProgress | null = null;
  const session = await openImport(job.filePath, { ...job.settings, signal: controller.signal, onProgress: (next) => (progress = next) });
  try {
    const { rows: _rows, close: _close, counts: _counts, ...info } = session;
    post({ type: 'opened', info });
    let batch: PreparedRow[] = [];
    for await (const row of session.rows()) {
      batch.push({ row: row.row, draft: row.draft, values: row.draft === null ? null : valuesFromDraft(row.draft), problems: row.problems });
      if (batch.length >= READER_BATCH_ROWS) {
        await credit();
        if (controller.signal.aborted) return;
        post({ type: 'rows', rows: batch, progress });
        batch = [];
      }
    }
    if (batch.length > 0) {
      await credit();
      post({ type: 'rows', rows: batch, progress });
    }
    post({ type: 'done', counts: session.counts, progress });
  } finally {
    await session.close();
  }
}

// No top-level await: the app bundles this file as CommonJS.
read()
  .catch((error: unknown) => {
    if (error instanceof AppFailure) post({ type: 'failed', error: error.appError });
    else post({ type: 'crashed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  })
  .finally(() => port.close());
