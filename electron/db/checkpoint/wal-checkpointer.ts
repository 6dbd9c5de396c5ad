/**
 * Moves WAL checkpoints off the writer's thread. With SQLite's default (wal_autocheckpoint, 1,000
 * pages) the connection that commits also copies the WAL into the database file and syncs it, inside
 * its COMMIT: for a 73 MB transaction that was ~280 of ~410 ms (measured), and after a bulk delete at
 * 1,000,000 members the service host answered nothing for ~3 s. Here the writer never checkpoints; a
 * thread with its own connection checkpoints every second. Durability does not change: a commit is
 * durable once its WAL frames are synced (synchronous = FULL); a checkpoint only moves them.
 */
import { Worker } from 'node:worker_threads';
import type Sqlite from 'better-sqlite3';
import type { CheckpointCommand, CheckpointJob, CheckpointMessage } from './protocol.ts';

/** The thread's TypeScript source under Node 24; in the app, its bundle beside the service host's (build/bundle-electron.ts). */
const CHECKPOINT_WORKER_URL = import.meta.url.endsWith('.cjs') ? new URL('./wal-checkpointer.cjs', import.meta.url) : new URL('./checkpoint-worker.ts', import.meta.url);

/** SQLite's own default, given back to the writer when the thread cannot go on. */
const WRITER_AUTOCHECKPOINT_PAGES = 1_000;

export interface WalCheckpointer {
  /** Stops the thread and waits for it to end; its connection is closed before the writer's. */
  stop(): Promise<void>;
}

/** Starts the thread and resolves once its connection is open (or once it has failed, the writer then checkpointing itself). */
export async function startWalCheckpointer(writer: Sqlite.Database, file: string, options: { everyMs?: number } = {}): Promise<WalCheckpointer> {
  const job: CheckpointJob = { file, everyMs: options.everyMs ?? 1_000 };
  writer.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(CHECKPOINT_WORKER_URL, { workerData: job });
  // Whatever stops the thread but `stop()` hands checkpoints back to the writer, so the WAL never grows unchecked.
  let stopping = false;
  const fallBack = (): void => {
    if (!stopping && writer.open) writer.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`);
  };
  let started: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (started = resolve));
  worker.on('message', (message: CheckpointMessage) => {
    if (message.type === 'ready') started();
    else fallBack();
  });
  worker.on('error', fallBack);
  const exited = new Promise<void>((resolve) => {
    worker.on('exit', () => {
      fallBack();
      started();
      resolve();
    });
  });
  await ready;
  // The host may quit while the thread idles between checkpoints.
  worker.unref();
  return {
    async stop() {
      stopping = true;
      // Waiting for the thread to end must keep this thread's event loop alive.
      worker.ref();
      const stop: CheckpointCommand = { type: 'stop' };
      worker.postMessage(stop);
      await exited;
    },
  };
}
