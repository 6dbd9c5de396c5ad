import type { Emit } from './handlers.ts';

const EVERY_MS = 100;

/**
 * A job's progress reporter: `job.progress` events for the job, at most one every 100 ms (a million-row
 * import must not flood the window), the first and the last always sent.
 */
export function progressReporter(emit: Emit, jobId: string, phaseKey: string, now: () => number = Date.now): (done: number, total: number) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (done, total) => {
    const at = now();
    if (done < total && at - last < EVERY_MS) return;
    last = at;
    emit('job.progress', { jobId, done, total, phaseKey });
  };
}
