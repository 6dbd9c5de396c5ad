import type { z } from 'zod';
import { channels, isChannelName, type ChannelName, type ChannelParsedInput } from './channels.ts';
import { fail, ok, type FieldIssue, type Result } from './result.ts';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

/** Finds keys that could pollute prototypes once the payload is spread or merged anywhere. */
function findForbiddenKey(value: unknown, depth = 0): string | null {
  if (depth > MAX_DEPTH) return '(depth)';
  if (typeof value !== 'object' || value === null) return null;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return key;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return null;
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
    const path = issue.path.map(String).join('.');
    const fieldIssue: FieldIssue = { path, messageKey: issueKey(issue) };
    if (issue.code === 'too_big' || issue.code === 'too_small') {
      fieldIssue.params = { limit: Number(issue.code === 'too_big' ? issue.maximum : issue.minimum) };
    }
    if (issue.code === 'unrecognized_keys') fieldIssue.params = { keys: issue.keys.join(', ') };
    return fieldIssue;
  });
}

/** Checks a payload arriving from outside (a window, a loopback client) against its channel's schema. */
export function validatePayload(channel: unknown, payload: unknown): Result<{ channel: ChannelName; input: ChannelParsedInput<ChannelName> }> {
  if (!isChannelName(channel)) {
    return fail({ code: 'UNKNOWN_CHANNEL', messageKey: 'errors.unknownChannel', params: { channel: String(channel).slice(0, 80) } });
  }
  const forbidden = findForbiddenKey(payload);
  if (forbidden) {
    return fail({ code: 'VALIDATION', messageKey: 'errors.forbiddenKey', params: { key: forbidden } });
  }
  const parsed = channels[channel].input.safeParse(payload);
  if (!parsed.success) {
    return fail({ code: 'VALIDATION', messageKey: 'errors.validation', issues: toFieldIssues(parsed.error) });
  }
  return ok({ channel, input: parsed.data as ChannelParsedInput<ChannelName> });
}
