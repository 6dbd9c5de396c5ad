/**
 * What every normaliser returns: a value (null when the input is empty) or the reason the input cannot
 * be used. Reasons are i18n keys under `members.importProblem`, so the import preview, the CLI and the
 * profile form all explain a bad value in the same words. A normaliser never guesses: when it is not
 * sure, it reports.
 */
export type ProblemParams = Record<string, string | number>;

export interface NormaliseIssue {
  /** Full i18n key, e.g. `members.importProblem.phoneTooShort`. */
  messageKey: string;
  params?: ProblemParams;
}

export type Normalised<T> = { ok: true; value: T } | { ok: false; issue: NormaliseIssue };

export const PROBLEM_PREFIX = 'members.importProblem.';

export function accept<T>(value: T): Normalised<T> {
  return { ok: true, value };
}

/** `key` is the last part of the i18n key, under `members.importProblem`. */
export function reject(key: string, params?: ProblemParams): Normalised<never> {
  const issue: NormaliseIssue = { messageKey: PROBLEM_PREFIX + key };
  if (params) issue.params = params;
  return { ok: false, issue };
}
