import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { toFieldIssues, validatePayload } from '../../../shared/contract/validate.ts';

describe('validatePayload', () => {
  it('passes a well-formed payload through, with defaults filled and text trimmed', () => {
    const result = validatePayload('groups.create', { fields: { name: '  读书会 ', platform: 'qq' } });
    expect(result).toEqual({
      ok: true,
      value: {
        channel: 'groups.create',
        input: { fields: { name: '读书会', platform: 'qq', theme: '', targetMembers: '', coreValue: '', rules: '', owner: '', createdOn: null, capacity: null } },
      },
    });
  });

  it('names each wrong field with an i18n key the form can show', () => {
    const result = validatePayload('groups.create', { fields: { name: '   ', platform: 'myspace', capacity: 0, rules: 'x'.repeat(20_001), createdOn: 'tomorrow' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'VALIDATION', messageKey: 'errors.validation' });
    expect(Object.fromEntries((result.error.issues ?? []).map((issue) => [issue.path, issue.messageKey]))).toEqual({
      'fields.name': 'validation.required',
      'fields.platform': 'validation.platform',
      'fields.capacity': 'validation.positiveInteger',
      'fields.rules': 'validation.tooLong',
      'fields.createdOn': 'validation.date',
    });
    expect(result.error.issues?.find((issue) => issue.path === 'fields.rules')?.params).toEqual({ limit: 20_000 });
  });

  it('reports missing fields as required and wrong types as wrong', () => {
    const missing = validatePayload('groups.setArchived', { id: 1 });
    expect(missing).toMatchObject({ ok: false, error: { issues: [{ path: 'archived', messageKey: 'validation.required' }] } });
    const wrong = validatePayload('groups.setArchived', { id: 1, archived: 'yes' });
    expect(wrong).toMatchObject({ ok: false, error: { issues: [{ path: 'archived', messageKey: 'validation.wrongType' }] } });
  });

  it('names unknown fields, but never echoes a huge or endless list of them', () => {
    const one = validatePayload('app.ping', { extra: 1 });
    expect(one).toMatchObject({ ok: false, error: { issues: [{ path: '', messageKey: 'validation.unknownField', params: { keys: 'extra' } }] } });
    const many = validatePayload('app.ping', Object.fromEntries(Array.from({ length: 1000 }, (_, index) => [`k${index}`, index])));
    const longKey = validatePayload('app.ping', { ['名'.repeat(100_000)]: 1 });
    for (const result of [many, longKey]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(JSON.stringify(result.error).length).toBeLessThan(1000);
    }
    expect(many).toMatchObject({ ok: false, error: { issues: [{ params: { keys: 'k0, k1, k2, k3, k4, …' } }] } });
  });

  it('refuses prototype-pollution keys at any depth, as JSON.parse creates them', () => {
    for (const json of ['{"__proto__":{"x":1}}', '{"fields":{"name":"a","platform":"qq","constructor":{"prototype":{"x":1}}}}', '{"fields":{"prototype":1}}']) {
      expect(validatePayload('groups.create', JSON.parse(json)), json).toMatchObject({ ok: false, error: { code: 'VALIDATION', messageKey: 'errors.forbiddenKey' } });
    }
    // The same words as values are just text.
    expect(validatePayload('groups.create', { fields: { name: '__proto__', platform: 'qq', theme: 'constructor' } }).ok).toBe(true);
  });

  it('refuses payloads nested deeper than any channel needs', () => {
    let deep: Record<string, unknown> = {};
    for (let level = 0; level < 40; level += 1) deep = { a: deep };
    expect(validatePayload('app.ping', { deep })).toMatchObject({ ok: false, error: { code: 'VALIDATION', params: { key: '(depth)' } } });
  });

  it('refuses objects that are not plain data, even where an empty object would do', () => {
    for (const payload of [new Date(0), new Map(), new Set(), new Uint8Array(0), /x/, new (class Empty {})()]) {
      expect(validatePayload('app.ping', payload)).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: '', messageKey: 'validation.wrongType' }] } });
    }
    expect(validatePayload('groups.update', { id: 1, fields: new Map() })).toMatchObject({ ok: false, error: { issues: [{ path: 'fields', messageKey: 'validation.wrongType' }] } });
    // Objects without a prototype are still plain data.
    expect(validatePayload('app.ping', Object.create(null)).ok).toBe(true);
  });

  it('answers UNKNOWN_CHANNEL for names outside the contract, quoting at most 80 characters', () => {
    for (const name of ['workspace.open', 'toString', '__proto__', 42, null]) {
      expect(validatePayload(name, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    const long = validatePayload('z'.repeat(10_000), {});
    expect(!long.ok && String(long.error.params?.channel).length).toBe(80);
  });
});

describe('toFieldIssues', () => {
  it('never echoes a huge key in an issue path (record keys are chosen by the caller)', () => {
    const schema = z.object({ orders: z.record(z.string().regex(/^\d{1,5}$/), z.enum(['ymd', 'mdy'])) }).strict();
    const parsed = schema.safeParse({ orders: { ['9'.repeat(1_000_000)]: 'ymd' } }, { reportInput: true });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const issues = toFieldIssues(parsed.error);
    expect(JSON.stringify(issues).length).toBeLessThan(500);
    expect(issues[0]?.path).toMatch(/^orders\.9{60}…$/);
  });
});
