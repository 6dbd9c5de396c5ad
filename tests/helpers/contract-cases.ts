/**
 * Malformed payloads derived from a channel's zod input schema, so every channel (and every channel
 * added later) is covered without a hand-written list. The generator knows the zod kinds the contract
 * uses today; a schema with another kind makes it throw, naming the kind, so it is taught rather than
 * silently skipped.
 */
import type { z } from 'zod';

export type Path = ReadonlyArray<string>;

export interface MalformedCase {
  /** Short description for the test name and failure messages. */
  label: string;
  payload: unknown;
  /** Dotted path of the field the case breaks, when it breaks one field (the error should name it). */
  field?: string;
}

type Schema = z.core.$ZodType;

interface Field {
  schema: Schema;
  /** The schema with optional/default/nullable wrappers and input pipes removed. */
  core: Schema;
  optional: boolean;
  nullable: boolean;
}

export const HUGE_STRING_BYTES = 5 * 1024 * 1024;
let hugeString: string | null = null;
/** One shared 5 MB string (ASCII, so 5 MB as UTF-8 too). */
export function huge(): string {
  hugeString ??= 'x'.repeat(HUGE_STRING_BYTES);
  return hugeString;
}

const DEEP_LEVELS = 100_000;
/** An object nested 100,000 levels deep, built without recursion. */
export function deepObject(): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let level = 0; level < DEEP_LEVELS; level += 1) value = { a: value };
  return value;
}

export function deepArray(): unknown[] {
  let value: unknown[] = [];
  for (let level = 0; level < DEEP_LEVELS; level += 1) value = [value];
  return value;
}

function defOf(schema: Schema): z.core.$ZodTypeDef {
  return schema._zod.def;
}

/** Peels the wrappers that make a field optional or nullable, and input→output pipes. */
function unwrap(schema: Schema): Field {
  let core = schema;
  let optional = false;
  let nullable = false;
  for (;;) {
    const def = defOf(core);
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') {
      optional = true;
      core = (def as z.core.$ZodOptionalDef).innerType;
    } else if (def.type === 'nullable') {
      nullable = true;
      core = (def as z.core.$ZodNullableDef).innerType;
    } else if (def.type === 'pipe') {
      core = (def as z.core.$ZodPipeDef).in;
    } else {
      return { schema, core, optional, nullable };
    }
  }
}

function kindOf(schema: Schema): string {
  const type = defOf(schema).type;
  if (['object', 'string', 'number', 'int', 'boolean', 'enum', 'literal', 'array'].includes(type)) return type;
  throw new Error(`contract-cases does not know zod kind "${type}": teach tests/helpers/contract-cases.ts how to make valid and invalid values for it`);
}

function accepts(schema: Schema, value: unknown): boolean {
  return (schema as z.ZodType).safeParse(value).success;
}

function objectShape(schema: Schema): Record<string, Schema> {
  return (defOf(schema) as z.core.$ZodObjectDef).shape;
}

function isStrictObject(schema: Schema): boolean {
  const catchall = (defOf(schema) as z.core.$ZodObjectDef).catchall;
  return catchall !== undefined && defOf(catchall).type === 'never';
}

const SAMPLE_CANDIDATES: Record<string, unknown[]> = {
  string: ['a', 'job-1', '读书会', '2025-01-01', 'https://example.com/', 'x.sqlite'],
  number: [1, 2, 100, 0.5],
  int: [1, 2, 100],
  boolean: [false, true],
};

/** A minimal valid value: required fields only. Throws when none of the candidates fits a leaf. */
export function validSample(schema: Schema, path: Path = []): unknown {
  const field = unwrap(schema);
  const kind = kindOf(field.core);
  if (kind === 'object') {
    const sample: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(objectShape(field.core))) {
      if (!unwrap(child).optional) sample[key] = validSample(child, [...path, key]);
    }
    return sample;
  }
  if (kind === 'array') {
    if (accepts(schema, [])) return [];
    return [validSample((defOf(field.core) as z.core.$ZodArrayDef).element, [...path, '0'])];
  }
  const candidates =
    kind === 'enum' ? Object.values((defOf(field.core) as z.core.$ZodEnumDef).entries) : kind === 'literal' ? [...(defOf(field.core) as z.core.$ZodLiteralDef<z.core.util.Literal>).values] : (SAMPLE_CANDIDATES[kind] ?? []);
  const found = candidates.find((candidate) => accepts(schema, candidate));
  if (found === undefined) throw new Error(`contract-cases cannot make a valid ${kind} for "${path.join('.')}": add a candidate to SAMPLE_CANDIDATES`);
  return found;
}

/** Values of the wrong type for a kind (JSON-like, plus what Electron's structured clone can carry). */
function wrongTypes(kind: string, core: Schema): unknown[] {
  switch (kind) {
    case 'string':
      return [0, 42, true, [], ['a'], {}, { toString: 'a' }, 1n, new Date(0)];
    case 'number':
    case 'int':
      return ['1', '', true, [], [1], {}, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1n, new Date(0)];
    case 'boolean':
      return ['true', 'false', 1, 0, [], {}];
    case 'enum':
    case 'literal': {
      const values = kind === 'enum' ? Object.values((defOf(core) as z.core.$ZodEnumDef).entries) : [...(defOf(core) as z.core.$ZodLiteralDef<z.core.util.Literal>).values];
      const first = values[0];
      const variants = typeof first === 'string' ? [first.toUpperCase(), ` ${first} `, `${first}x`] : [];
      return ['not-a-member', 0, true, [], {}, ...variants.filter((variant) => !values.includes(variant))];
    }
    case 'object':
      return ['x', 1, true, [], [{}], new Map(), new Date(0)];
    case 'array':
      return ['x', 1, true, {}, new Set([1])];
    default:
      return [];
  }
}

/** Range problems for numbers: kept only when this field's schema refuses them (ids are positive...). */
const NUMBER_EDGES = [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308];

function clone<T>(value: T): T {
  return structuredClone(value);
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = clone(root) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1] as string] = value;
  return copy;
}

function deleteAt(root: unknown, path: Path): unknown {
  const copy = clone(root) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  delete node[path[path.length - 1] as string];
  return copy;
}

/** An object with `key` as an OWN property, the way JSON.parse makes one (even for "__proto__"). */
export function withOwnKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const result = JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}}`) as Record<string, unknown>;
  for (const [name, entry] of Object.entries(object)) result[name] = entry;
  return result;
}

const POLLUTION: Array<[string, unknown]> = [
  ['__proto__', { polluted: 'yes' }],
  ['constructor', { prototype: { polluted: 'yes' } }],
  ['prototype', { polluted: 'yes' }],
];

/** Every malformed payload for one channel's input schema. */
export function malformedPayloads(input: Schema): MalformedCase[] {
  const base = validSample(input);
  const cases: MalformedCase[] = [];

  // The payload itself of the wrong kind.
  for (const payload of [undefined, null, 0, 42, '', 'payload', true, [], [base], new Date(0), new Map([['a', 1]]), new Uint8Array(4), huge()]) {
    cases.push({ label: `payload ${describeValue(payload)}`, payload });
  }
  // Deep nesting, as an extra key and as the whole payload.
  cases.push({ label: 'payload nested 100,000 levels deep', payload: deepObject() });
  cases.push({ label: 'extra key nested 100,000 levels deep', payload: { ...(base as object), deep: deepObject() } });
  cases.push({ label: 'extra key holding arrays nested 100,000 levels deep', payload: { ...(base as object), deep: deepArray() } });

  const visit = (schema: Schema, path: Path): void => {
    const field = unwrap(schema);
    const kind = kindOf(field.core);
    const dotted = path.join('.');
    const at = dotted === '' ? 'payload' : `"${dotted}"`;

    if (path.length > 0) {
      if (!field.optional) cases.push({ label: `${at} missing`, payload: deleteAt(base, path), field: dotted });
      if (!field.optional) cases.push({ label: `${at} undefined`, payload: setAt(base, path, undefined), field: dotted });
      if (!field.nullable) cases.push({ label: `${at} null`, payload: setAt(base, path, null), field: dotted });
      for (const wrong of wrongTypes(kind, field.core)) {
        cases.push({ label: `${at} = ${describeValue(wrong)}`, payload: setAt(base, path, wrong), field: dotted });
      }
      if (kind === 'number' || kind === 'int') {
        for (const edge of NUMBER_EDGES.filter((value) => !accepts(schema, value))) {
          cases.push({ label: `${at} = ${edge} (out of range)`, payload: setAt(base, path, edge), field: dotted });
        }
      }
      if (kind === 'string') cases.push({ label: `${at} = 5 MB string`, payload: setAt(base, path, huge()), field: dotted });
      cases.push({ label: `${at} nested 100,000 levels deep`, payload: setAt(base, path, deepArray()) });
      // Pollution keys inside the value of a field.
      cases.push({ label: `${at} = JSON.parse('{"__proto__":…}')`, payload: setAt(base, path, JSON.parse('{"__proto__":{"polluted":"yes"}}')) });
    }

    if (kind === 'object') {
      const here = (path.length === 0 ? base : path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], base)) as Record<string, unknown>;
      if (!isStrictObject(field.core)) throw new Error(`${at} is not a strict object: every object in the contract must refuse unknown keys (.strict())`);
      cases.push({ label: `${at} with an unknown key`, payload: setAt(base, path, { ...here, unexpected: 1 }), field: dotted });
      cases.push({ label: `${at} with an unknown 5 MB key`, payload: setAt(base, path, { ...here, [huge()]: 1 }), field: dotted });
      cases.push({ label: `${at} with an unknown key holding 5 MB`, payload: setAt(base, path, { ...here, unexpected: huge() }), field: dotted });
      for (const [key, value] of POLLUTION) {
        cases.push({ label: `${at} with own key "${key}"`, payload: setAt(base, path, withOwnKey(here, key, value)) });
      }
      // The same keys when the field itself is optional and absent, and when a real field shares the name space.
      for (const [key, child] of Object.entries(objectShape(field.core))) {
        const childField = unwrap(child);
        // Optional fields are absent from the base; give them a valid value first so nested cases have a parent.
        if (childField.optional && kindOf(childField.core) === 'object') throw new Error(`optional nested objects ("${[...path, key].join('.')}") are not supported yet`);
        visit(child, [...path, key]);
      }
    } else if (kind === 'array') {
      cases.push({ label: `${at} with 1,000,000 elements`, payload: setAt(base, path, new Array<unknown>(1_000_000).fill(validSample((defOf(field.core) as z.core.$ZodArrayDef).element))), field: dotted });
    }
  };
  visit(input, []);
  return cases;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `string(${value.length})` : JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array(${value.length})`;
  if (value instanceof Date) return 'Date';
  if (value instanceof Map) return 'Map';
  if (value instanceof Set) return 'Set';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  if (typeof value === 'object') return `{${Object.keys(value).slice(0, 3).join(',')}}`;
  return typeof value;
}
