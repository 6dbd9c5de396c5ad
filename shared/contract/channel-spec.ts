import type { z } from 'zod';

/** Carries an output type without a runtime value. */
declare const outputBrand: unique symbol;
export interface Returns<T> {
  readonly [outputBrand]?: T;
}
export function returns<T>(): Returns<T> {
  return {};
}

/** "host": answered by the service host worker; "shell": by the main process (dialogs, settings, OS). */
export type ChannelSide = 'host' | 'shell';

export interface ChannelSpec {
  side: ChannelSide;
  input: z.ZodType;
  output: Returns<unknown>;
  /** Long jobs report `job.progress` events for the `jobId` in their input and can be cancelled. */
  job?: true;
}
