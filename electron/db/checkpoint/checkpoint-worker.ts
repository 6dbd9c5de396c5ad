/**
 * The WAL checkpointer's thread: its own connection to the workspace, which every `everyMs` copies
 * the committed WAL frames into the database file (a PASSIVE checkpoint waits for no lock and holds
 * none that a reader or the writer needs). See wal-checkpointer.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import type { CheckpointCommand, CheckpointJob, CheckpointMessage } from './protocol.ts';

const port = parentPort;
if (port === null) throw new Error('checkpoint-worker.ts runs as a worker thread');
const job = workerData as CheckpointJob;
const sqlite = new Sqlite(job.file, { fileMustExist: true });
const ready: CheckpointMessage = { type: 'ready' };
port.postMessage(ready);

const timer = setInterval(() => {
  try {
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    clearInterval(timer);
    const failed: CheckpointMessage = { type: 'failed', message: error instanceof Error ? error.message : String(error) };
    port.postMessage(failed);
  }
}, job.everyMs);

// Ends by itself once stopped: no timer, no open port (terminate() is avoided, nodejs/node#56312).
port.on('message', (command: CheckpointCommand) => {
  if (command.type !== 'stop') return;
  clearInterval(timer);
  sqlite.close();
  port.close();
});
