/** Messages between the WAL checkpointer (wal-checkpointer.ts) and its thread (checkpoint-worker.ts). */

export interface CheckpointJob {
  /** The workspace file; its writer stays in the service host's thread. */
  file: string;
  /** How often the thread checkpoints what has been committed since the last time. */
  everyMs: number;
}

/** To the thread: stop checkpointing, close the connection and end. */
export type CheckpointCommand = { type: 'stop' };

/** From the thread: its connection is open; or a checkpoint failed (the file is then left to the writer's own checkpoints). */
export type CheckpointMessage = { type: 'ready' } | { type: 'failed'; message: string };
