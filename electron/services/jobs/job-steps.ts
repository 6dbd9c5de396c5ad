import { performance } from 'node:perf_hooks';
import { appFailure } from '../../../shared/contract/result.ts';

/** How a long write (an undo, a bulk action) reports on itself and lets the thread breathe; a small one needs none of it. */
export interface JobStepOptions {
  signal?: AbortSignal;
  /** Units done so far, of the units to do. */
  onProgress?: (done: number, total: number) => void;
  /** At most this long working before the thread turns to other calls (a directory read waits one step, not the whole job). */
  yieldEveryMs?: number;
}

/**
 * Counts the steps of a long write inside its transaction: reports them, yields to the event loop
 * when the time slice is used up, and stops when cancelled (throwing CANCELLED, so the transaction
 * rolls back and nothing changes).
 */
export class JobSteps {
  private done = 0;
  private turnStarted = performance.now();
  private readonly total: number;
  private readonly options: JobStepOptions;
  constructor(total: number, options: JobStepOptions) {
    this.total = total;
    this.options = options;
  }

  async advance(units: number): Promise<void> {
    this.done += units;
    this.options.onProgress?.(this.done, this.total);
    const { yieldEveryMs, signal } = this.options;
    if (yieldEveryMs !== undefined && performance.now() - this.turnStarted >= yieldEveryMs) {
      await new Promise((resolve) => setImmediate(resolve));
      this.turnStarted = performance.now();
    }
    if (signal?.aborted) throw appFailure('CANCELLED', 'errors.cancelled');
  }
}
