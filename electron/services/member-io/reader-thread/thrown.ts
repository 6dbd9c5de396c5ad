/**
 * An error crossing a thread boundary: structured clone keeps an Error's message but not its class, so
 * an AppFailure (what the operator is shown) is sent as its AppError and made again on the other side.
 */
import { AppFailure, type AppError } from '../../../../shared/contract/result.ts';

export type ThrownAcross = { kind: 'app'; error: AppError } | { kind: 'other'; message: string; code?: string };

export function describeThrown(error: unknown): ThrownAcross {
  if (error instanceof AppFailure) return { kind: 'app', error: error.appError };
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  return { kind: 'other', message: error instanceof Error ? error.message : String(error), ...(code === undefined ? {} : { code }) };
}

export function reviveThrown(thrown: ThrownAcross): Error {
  if (thrown.kind === 'app') return new AppFailure(thrown.error);
  return Object.assign(new Error(thrown.message), thrown.code === undefined ? {} : { code: thrown.code });
}
