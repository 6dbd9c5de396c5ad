/**
 * Every answer across the IPC boundary is a Result: either a value or an AppError.
 * Errors carry a stable code and an i18n key with parameters, never a stack trace,
 * so the renderer and the CLI can say what went wrong in the user's language.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'UNKNOWN_CHANNEL',
  'WORKSPACE_NOT_FOUND',
  'NOT_A_WORKSPACE',
  'WORKSPACE_NEWER',
  'WORKSPACE_CORRUPT',
  'WORKSPACE_LOCKED',
  'NOTHING_TO_UNDO',
  'CANCELLED',
  'IO',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorParams = Record<string, string | number>;

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. "name" or "capacity". */
  path: string;
  messageKey: string;
  params?: ErrorParams;
}

export interface AppError {
  code: ErrorCode;
  messageKey: string;
  params?: ErrorParams;
  /** Per-field problems for validation errors, so a form can mark each field. */
  issues?: FieldIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(error: AppError): Result<never> {
  return { ok: false, error };
}

/** Thrown inside services; turned into `{ ok: false, error }` at the boundary. */
export class AppFailure extends Error {
  readonly appError: AppError;
  constructor(appError: AppError) {
    super(`${appError.code}: ${appError.messageKey}`);
    this.name = 'AppFailure';
    this.appError = appError;
  }
}

export function appFailure(code: ErrorCode, messageKey: string, params?: ErrorParams, issues?: FieldIssue[]): AppFailure {
  const error: AppError = { code, messageKey };
  if (params) error.params = params;
  if (issues) error.issues = issues;
  return new AppFailure(error);
}

export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.code === 'string' && typeof record.messageKey === 'string';
}
