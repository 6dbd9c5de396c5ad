import type { z } from 'zod';
import { channels, isChannelName, type ChannelName, type ChannelParsedInput } from './channels.ts';
import { fail, ok, type FieldIssue, type Result } from './result.ts';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

type PayloadProblem = { kind: 'forbiddenKey'; key: string } | { kind: 'notPlainData'; path: string };

/**
 * Walks the payload for what a schema cannot see: keys that could pollute prototypes once the payload
 * is spread or merged anywhere, and values that are objects but not plain data (a Date, Map, Set or
 * typed array survives Electron's structured clone, and zod takes a key-less one for an empty object).
 */
function findProblem(value: unknown, path: string[] = []): PayloadProblem | null {
  if (path.length > MAX_DEPTH) return { kind: 'forbiddenKey', key: '(depth)' };
  if (typeof value !== 'object' || value === null) return null;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return { kind: 'notPlainData', path: path.join('.') };
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return { kind: 'forbiddenKey', key };
    const child = (value as Record<string, unknown>)[key];
    if (typeof child !== 'object' || child === null) continue;
    const found = findProblem(child, [...path, key]);
    if (found) return found;
  }
  return null;
}

function shorten(key: string): string {
  return key.length > 60 ? `${key.slice(0, 60)}…` : key;
}

/** Unknown keys are named back to the caller, but a huge or numerous one is not echoed in full. */
function describeKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map(shorten);
  return keys.length > shown.length ? `${shown.join(', ')}, …` : shown.join(', ');
}

function issueKey(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('validation.')) return issue.message;
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string' ? 'validation.tooLong' : 'validation.tooLarge';
    case 'too_small':
      return issue.origin === 'string' ? 'validation.required' : 'validation.tooSmall';
    case 'unrecognized_keys':
      return 'validation.unknownField';
    case 'invalid_type':
      return issue.input === undefined ? 'validation.required' : 'validation.wrongType';
    default:
      return 'validation.invalid';
  }
}

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    // A path segment can be a key the caller chose (a record key): never echo a huge one back.
    const path = issue.path.map((segment) => shorten(String(segment))).join('.');
    const fieldIssue: FieldIssue = { path, messageKey: issueKey(issue) };
    if (issue.code === 'too_big' || issue.code === 'too_small') {
      fieldIssue.params = { limit: Number(issue.code === 'too_big' ? issue.maximum : issue.minimum) };
    }
    if (issue.code === 'unrecognized_keys') fieldIssue.params = { keys: describeKeys(issue.keys) };
    return fieldIssue;
  });
}

/** Checks a payload arriving from outside (a window, a loopback client) against its channel's schema. */
export function validatePayload(channel: unknown, payload: unknown): Result<{ channel: ChannelName; input: ChannelParsedInput<ChannelName> }> {
  if (!isChannelName(channel)) {
    return fail({ code: 'UNKNOWN_CHANNEL', messageKey: 'errors.unknownChannel', params: { channel: String(channel).slice(0, 80) } });
  }
  const problem = findProblem(payload);
  if (problem?.kind === 'forbiddenKey') {
    return fail({ code: 'VALIDATION', messageKey: 'errors.forbiddenKey', params: { key: problem.key } });
  }
  if (problem?.kind === 'notPlainData') {
    return fail({ code: 'VALIDATION', messageKey: 'errors.validation', issues: [{ path: problem.path, messageKey: 'validation.wrongType' }] });
  }
  // reportInput: zod 4 leaves issue.input out by default, and without it every wrong type read as "required".
  const parsed = channels[channel].input.safeParse(payload, { reportInput: true });
  if (!parsed.success) {
    return fail({ code: 'VALIDATION', messageKey: 'errors.validation', issues: toFieldIssues(parsed.error) });
  }
  return ok({ channel, input: parsed.data as ChannelParsedInput<ChannelName> });
}
