import type { Emit } from './handlers.ts';

const EVERY_MS = 100;

/** A phase's part of a job's one progress bar, as fractions of the bar: it fills [from, to]. */
export interface BarShare {
  from: number;
  to: number;
}

/**
 * An import's one bar: reading the file fills the first three quarters, the store's finishing steps
 * (indexes, the new members' search index) the rest; they took ~25% of a 100k-row xlsx and of a
 * 1M-row CSV import. The app and the CLI show the same bar.
 */
export const IMPORT_READING = { phaseKey: 'jobs.phase.import', share: { from: 0, to: 0.75 } } as const;
export const IMPORT_FINISHING = { phaseKey: 'jobs.phase.importFinishing', share: { from: 0.75, to: 1 } } as const;

/** The units of a bar shared by several phases: thousandths, finer than any bar is drawn. */
const SHARED_BAR_UNITS = 1000;

/**
 * A job's progress reporter: `job.progress` events for the job, at most one every 100 ms (a million-row
 * import must not flood the window), the first and the last of each phase always sent.
 * With a share, the phase's done/total fills only its part of the bar, so that a job of several
 * phases moves one bar forward from 0 to 100% instead of starting it again at each phase.
 */
export function progressReporter(
  emit: Emit,
  jobId: string,
  phaseKey: string,
  options: { share?: BarShare; now?: () => number } = {},
): (done: number, total: number) => void {
  const { share, now = Date.now } = options;
  let last = Number.NEGATIVE_INFINITY;
  return (done, total) => {
    const at = now();
    if (done < total && at - last < EVERY_MS) return;
    last = at;
    if (share === undefined) {
      emit('job.progress', { jobId, done, total, phaseKey });
      return;
    }
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const barDone = Math.round((share.from + (share.to - share.from) * fraction) * SHARED_BAR_UNITS);
    emit('job.progress', { jobId, done: barDone, total: SHARED_BAR_UNITS, phaseKey });
  };
}
