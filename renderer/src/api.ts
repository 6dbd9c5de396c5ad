import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayloads } from '../../shared/contract/channels.ts';
import type { AppError } from '../../shared/contract/result.ts';

/** An AppError answered by main or the service host, thrown so that callers can use try/catch. */
export class ApiError extends Error {
  readonly appError: AppError;
  constructor(appError: AppError) {
    super(`${appError.code}: ${appError.messageKey}`);
    this.name = 'ApiError';
    this.appError = appError;
  }
}

/** Calls a channel of the contract and returns its value, or throws an ApiError. */
export async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await window.api.call(channel, input);
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
  return window.api.on(event, listener);
}

/** A job id that is unique enough within one window session and matches the contract's pattern. */
export function newJobId(prefix: string): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `${prefix}-${Date.now().toString(36)}-${random}`;
}
