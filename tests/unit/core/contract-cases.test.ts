import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { malformedPayloads, validSample } from '../../helpers/contract-cases.ts';

/**
 * The fuzz generator itself, on schemas of the shapes later channels use (lists, records, unions,
 * optional nested objects): every case it makes must really be refused by the schema or by the
 * payload checks, and its valid sample accepted.
 */
const memberTarget = z.union([
  z.object({ ids: z.array(z.number().int().positive()).max(1000) }).strict(),
  z.object({ filter: z.object({ search: z.string().max(100).optional(), stages: z.array(z.enum(['new', 'loyal'])).max(2).optional() }).strict() }).strict(),
]);
const rich = z
  .object({
    jobId: z.string().regex(/^[a-z0-9-]{1,64}$/),
    target: memberTarget,
    mapping: z.array(z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('field'), field: z.enum(['phone', 'name']) }), z.strictObject({ kind: z.literal('ignore') })])).max(50),
    dateOrders: z.record(z.string().regex(/^\d{1,5}$/), z.enum(['ymd', 'mdy'])).optional(),
    options: z.object({ onDuplicate: z.enum(['update', 'skip']).default('skip'), sheet: z.string().max(100).nullable().optional() }).strict().optional(),
  })
  .strict();

describe('contract fuzz case generator', () => {
  it('makes a valid sample and only cases the schema refuses, for lists, records, unions and optional objects', () => {
    expect(rich.safeParse(validSample(rich)).success).toBe(true);
    const cases = malformedPayloads(rich);
    expect(cases.length).toBeGreaterThan(150);
    const labels = cases.map((testCase) => testCase.label);
    for (const expected of ['"target" (option) with an unknown key', '"mapping" with 51 elements (max 50)', '"mapping.0" = {kind}', '"dateOrders" with own key "__proto__"', '"options.sheet" = 5 MB string', '"dateOrders.1" = "not-a-member"']) {
      expect(labels).toContain(expected);
    }
    for (const testCase of cases) {
      const parsedOk = rich.safeParse(testCase.payload).success;
      // Pollution keys, non-plain objects and deep nesting are refused by validatePayload before zod sees them.
      const caughtBeforeZod = /__proto__|constructor|prototype|nested 100,000|Date|Map|Uint8Array/.test(testCase.label);
      if (!caughtBeforeZod) expect(parsedOk, testCase.label).toBe(false);
    }
  });

  it('refuses to guess: loose objects, unbounded lists and unknown zod kinds make it throw', () => {
    expect(() => malformedPayloads(z.object({ a: z.string().max(5) }))).toThrow(/not a strict object/);
    expect(() => malformedPayloads(z.object({ ids: z.array(z.number()) }).strict())).toThrow(/without a maximum length/);
    expect(() => malformedPayloads(z.object({ when: z.date() }).strict())).toThrow(/does not know zod kind "date"/);
  });
});
