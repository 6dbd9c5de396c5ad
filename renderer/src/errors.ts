import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { isAppError, type AppError, type FieldIssue } from '../../shared/contract/result.ts';
import { ApiError } from './api.ts';
import { tKey } from './i18n.ts';

/** The AppError behind a thrown value (or an AppError itself); anything unexpected becomes errors.internal with its message. */
export function toAppError(error: unknown): AppError {
  if (error instanceof ApiError) return error.appError;
  if (isAppError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', messageKey: 'errors.internal', params: { detail: detail.slice(0, 300) } };
}

export function issueText(t: TFunction, issue: FieldIssue): string {
  return tKey(t, issue.messageKey, issue.params);
}

/** One line for a message or an alert: the error's own text, then any field issues that no form shows. */
export function errorText(t: TFunction, error: unknown, fieldLabel?: (path: string) => string | null): string {
  const appError = toAppError(error);
  const main = tKey(t, appError.messageKey, appError.params);
  const issues = appError.issues ?? [];
  if (issues.length === 0) return main;
  const details = issues.map((issue) => {
    const label = fieldLabel?.(issue.path) ?? issue.path;
    return label ? `${label}: ${issueText(t, issue)}` : issueText(t, issue);
  });
  return `${main} ${details.join('; ')}`;
}

/**
 * Marks the fields of a form that an AppError names (paths may carry an input prefix such as "fields.").
 * Returns the issues no field of the form could show, so the caller can say them another way.
 */
export function applyFieldIssues<V>(form: FormInstance<V>, t: TFunction, issues: FieldIssue[], fieldNames: readonly string[], prefix = ''): FieldIssue[] {
  const unplaced: FieldIssue[] = [];
  const byField = new Map<string, string[]>();
  for (const issue of issues) {
    const path = prefix && issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path;
    if (!fieldNames.includes(path)) {
      unplaced.push(issue);
      continue;
    }
    byField.set(path, [...(byField.get(path) ?? []), issueText(t, issue)]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name: name as never, errors })));
  return unplaced;
}
