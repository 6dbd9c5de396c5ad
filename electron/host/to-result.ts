import { AppFailure, fail, ok, type Result } from '../../shared/contract/result.ts';

/** Runs a service call and turns whatever it throws into an AppError, never a stack trace. */
export async function toResult<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await run());
  } catch (error) {
    if (error instanceof AppFailure) return fail(error.appError);
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(`[service host] unexpected error: ${error instanceof Error ? (error.stack ?? detail) : detail}\n`);
    return fail({ code: 'INTERNAL', messageKey: 'errors.internal', params: { detail: detail.slice(0, 300) } });
  }
}
