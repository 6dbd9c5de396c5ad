/**
 * The file reader thread of an import: opens the file (survey, header, mapping) and sends its
 * normalised rows in batches while the service host stores the ones before, so reading and storing
 * use two cores. At most BATCHES_AHEAD batches wait unstored (backpressure: a million-row file never
 * piles up in memory). "stop" cancels the read; the thread then closes the file and ends by itself
 * (never terminated from outside: Node can crash terminating a worker while another starts,
 * nodejs/node#56312).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openImport } from '../../members/import/index.ts';
import type { ReaderCommand, ReaderJob, ReaderMessage, StreamedRow } from './protocol.ts';
import { describeThrown } from './thrown.ts';

const BATCH_ROWS = 1_000;
const BATCHES_AHEAD = 4;

async function read(port: MessagePort, job: ReaderJob): Promise<void> {
  const send = (message: ReaderMessage): void => port.postMessage(message);
  const stop = new AbortController();
  let credit = BATCHES_AHEAD;
  let reading = false;
  let wake: (() => void) | null = null;
  port.on('message', (command: ReaderCommand) => {
    if (command.type === 'ack') credit += 1;
    else if (command.type === 'read') reading = true;
    else stop.abort();
    wake?.();
  });
  /** Waits for the other side (true), or for a stop (false). */
  const until = async (ready: () => boolean): Promise<boolean> => {
    while (!ready() && !stop.signal.aborted) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    return !stop.signal.aborted;
  };
  try {
    const { rows, close, ...info } = await openImport(job.filePath, { ...job.settings, signal: stop.signal, onProgress: (progress) => send({ type: 'progress', progress }) });
    try {
      send({ type: 'opened', info });
      if (!(await until(() => reading))) return;
      let batch: StreamedRow[] = [];
      const flush = async (): Promise<boolean> => {
        if (!(await until(() => credit > 0))) return false;
        credit -= 1;
        send({ type: 'rows', rows: batch, counts: info.counts });
        batch = [];
        return true;
      };
      for await (const row of rows()) {
        batch.push({ row: row.row, draft: row.draft, problems: row.problems });
        if (batch.length === BATCH_ROWS && !(await flush())) return;
      }
      if (batch.length > 0 && !(await flush())) return;
      send({ type: 'end', counts: info.counts });
    } finally {
      await close();
    }
  } catch (error) {
    send({ type: 'failed', thrown: describeThrown(error) });
  } finally {
    port.close();
  }
}

// Not awaited at the top level: the app's bundle of this file is CommonJS (read() reports its own errors).
if (parentPort !== null) void read(parentPort, workerData as ReaderJob);
