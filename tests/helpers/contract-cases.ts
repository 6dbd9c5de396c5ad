/**
 * Malformed payloads derived from a channel's zod input schema, so every channel (and every channel
 * added later) is covered without a hand-written list. The generator knows the zod kinds the contract
 * uses (objects, strings, numbers, booleans, enums, literals, arrays, records, unions, with optional,
 * default, nullable and pipe wrappers); a schema with another kind makes it throw, naming the kind, so
 * it is taught rather than silently skipped.
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
      return { core, optional, nullable };
    }
  }
}

const KNOWN_KINDS = ['object', 'string', 'number', 'int', 'boolean', 'enum', 'literal', 'array', 'record', 'union'];

function kindOf(schema: Schema): string {
  const type = defOf(schema).type;
  if (KNOWN_KINDS.includes(type)) return type;
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

function maxLength(schema: Schema): number | null {
  for (const check of defOf(schema).checks ?? []) {
    const def = check._zod.def as { check: string; maximum?: number };
    if (def.check === 'max_length' && typeof def.maximum === 'number') return def.maximum;
  }
  return null;
}

function enumValues(schema: Schema): unknown[] {
  const def = defOf(schema);
  return def.type === 'enum' ? Object.values((def as z.core.$ZodEnumDef).entries) : [...(def as z.core.$ZodLiteralDef<z.core.util.Literal>).values];
}

function unionOptions(schema: Schema): readonly Schema[] {
  return (defOf(schema) as z.core.$ZodUnionDef).options;
}

const SAMPLE_CANDIDATES: Record<string, unknown[]> = {
  string: ['a', 'job-1', '读书会', '2025-01-01', 'https://example.com/', 'x.sqlite', '1', '13800138000', 'a@example.com'],
  number: [1, 2, 100, 1990, 2025, 0.5],
  int: [1, 2, 100, 1990, 2025],
  boolean: [false, true],
};

/** A minimal valid value: required fields only. Throws when none of the candidates fits a leaf. */
export function validSample(schema: Schema, path: Path = []): unknown {
  const field = unwrap(schema);
  const kind = kindOf(field.core);
  const where = path.join('.') || '(payload)';
  let sample: unknown;
  if (kind === 'object') {
    const object: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(objectShape(field.core))) {
      if (!unwrap(child).optional) object[key] = validSample(child, [...path, key]);
    }
    sample = object;
  } else if (kind === 'array') {
    sample = accepts(field.core, []) ? [] : [validSample((defOf(field.core) as z.core.$ZodArrayDef).element, [...path, '0'])];
  } else if (kind === 'record') {
    sample = {};
  } else if (kind === 'union') {
    sample = validSample(unionOptions(field.core)[0] ?? field.core, path);
  } else {
    const candidates = kind === 'enum' || kind === 'literal' ? enumValues(field.core) : (SAMPLE_CANDIDATES[kind] ?? []);
    sample = candidates.find((candidate) => accepts(schema, candidate));
    if (sample === undefined) throw new Error(`contract-cases cannot make a valid ${kind} for "${where}": add a candidate to SAMPLE_CANDIDATES`);
  }
  if (!accepts(schema, sample)) throw new Error(`contract-cases made an invalid sample for "${where}": ${JSON.stringify(sample)}`);
  return sample;
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
      const values = enumValues(core);
      const first = values[0];
      const variants = typeof first === 'string' ? [first.toUpperCase(), ` ${first} `, `${first}x`] : [];
      return ['not-a-member', 0, true, [], {}, ...variants.filter((variant) => !values.includes(variant))];
    }
    case 'object':
    case 'record':
      return ['x', 1, true, [], [{}], new Map(), new Date(0)];
    case 'array':
      return ['x', 1, true, {}, new Set([1])];
    case 'union':
      // Whatever none of the options takes.
      return ['x', '', 0, -1, 1.5, true, [], {}, [{}], { kind: 'not-a-kind' }, new Date(0)].filter((value) => !accepts(core, value));
    default:
      return [];
  }
}

/** Range problems for numbers: kept only when this field's schema refuses them (ids are positive...). */
const NUMBER_EDGES = [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308];

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string, unknown>;
  const parent = getAt(copy, path.slice(0, -1)) as Record<string, unknown>;
  parent[path[path.length - 1] as string] = value;
  return copy;
}

function deleteAt(root: unknown, path: Path): unknown {
  const copy = structuredClone(root) as Record<string, unknown>;
  const parent = getAt(copy, path.slice(0, -1)) as Record<string, unknown>;
  delete parent[path[path.length - 1] as string];
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
  const rootBase = validSample(input);
  const cases: MalformedCase[] = [];

  // The payload itself of the wrong kind.
  for (const payload of [undefined, null, 0, 42, '', 'payload', true, [], [rootBase], new Date(0), new Map([['a', 1]]), new Uint8Array(4), huge()]) {
    cases.push({ label: `payload ${describeValue(payload)}`, payload });
  }
  // Deep nesting, as the whole payload and as an extra key.
  cases.push({ label: 'payload nested 100,000 levels deep', payload: deepObject() });
  cases.push({ label: 'extra key nested 100,000 levels deep', payload: { ...(rootBase as object), deep: deepObject() } });
  cases.push({ label: 'extra key holding arrays nested 100,000 levels deep', payload: { ...(rootBase as object), deep: deepArray() } });

  /** Objects met so far get the unknown-key and pollution cases; `base` holds a valid value at `path`. */
  const objectCases = (at: string, dotted: string, path: Path, base: unknown, here: Record<string, unknown>) => {
    cases.push({ label: `${at} with an unknown key`, payload: setAt(base, path, { ...here, unexpected: 1 }), field: dotted });
    cases.push({ label: `${at} with an unknown 5 MB key`, payload: setAt(base, path, { ...here, [huge()]: 1 }), field: dotted });
    cases.push({ label: `${at} with an unknown key holding 5 MB`, payload: setAt(base, path, { ...here, unexpected: huge() }), field: dotted });
    for (const [key, value] of POLLUTION) cases.push({ label: `${at} with own key "${key}"`, payload: setAt(base, path, withOwnKey(here, key, value)) });
  };

  /** `recordEntry`: the value of a record's key, which may be left out but not be of the wrong type. */
  const visit = (schema: Schema, path: Path, base: unknown, recordEntry = false): void => {
    const field = unwrap(schema);
    const kind = kindOf(field.core);
    const dotted = path.join('.');
    const at = dotted === '' ? 'payload' : `"${dotted}"`;

    if (path.length > 0) {
      if (!field.optional && !recordEntry) cases.push({ label: `${at} missing`, payload: deleteAt(base, path), field: dotted });
      if (!field.optional) cases.push({ label: `${at} undefined`, payload: setAt(base, path, undefined), field: dotted });
      if (!field.nullable) cases.push({ label: `${at} null`, payload: setAt(base, path, null), field: dotted });
      for (const wrong of wrongTypes(kind, field.core)) cases.push({ label: `${at} = ${describeValue(wrong)}`, payload: setAt(base, path, wrong), field: dotted });
      if (kind === 'number' || kind === 'int') {
        for (const edge of NUMBER_EDGES.filter((value) => !accepts(schema, value))) {
          cases.push({ label: `${at} = ${edge} (out of range)`, payload: setAt(base, path, edge), field: dotted });
        }
      }
      if (kind === 'string') cases.push({ label: `${at} = 5 MB string`, payload: setAt(base, path, huge()), field: dotted });
      cases.push({ label: `${at} nested 100,000 levels deep`, payload: setAt(base, path, deepArray()) });
      cases.push({ label: `${at} = JSON.parse('{"__proto__":…}')`, payload: setAt(base, path, JSON.parse('{"__proto__":{"polluted":"yes"}}')) });
    }

    if (kind === 'object') {
      if (!isStrictObject(field.core)) throw new Error(`${at} is not a strict object: every object in the contract must refuse unknown keys (.strict())`);
      objectCases(at, dotted, path, base, getAt(base, path) as Record<string, unknown>);
      for (const [key, child] of Object.entries(objectShape(field.core))) {
        const childPath = [...path, key];
        // Optional fields are absent from the minimal sample: give them a valid value so their own cases have a parent.
        const childBase = unwrap(child).optional ? setAt(base, childPath, validSample(child, childPath)) : base;
        visit(child, childPath, childBase);
      }
    } else if (kind === 'array') {
      const element = (defOf(field.core) as z.core.$ZodArrayDef).element;
      const max = maxLength(field.core);
      if (max === null) throw new Error(`${at} is an array without a maximum length: every list in the contract needs .max()`);
      const tooMany = new Array<unknown>(max + 1).fill(validSample(element, [...path, '0']));
      cases.push({ label: `${at} with ${max + 1} elements (max ${max})`, payload: setAt(base, path, tooMany), field: dotted });
      const elementPath = [...path, '0'];
      visit(element, elementPath, setAt(base, path, [validSample(element, elementPath)]));
    } else if (kind === 'record') {
      const def = defOf(field.core) as z.core.$ZodRecordDef;
      const key = validSample(def.keyType, [...path, '(key)']);
      const value = validSample(def.valueType, [...path, '(value)']);
      if (typeof key !== 'string') throw new Error(`${at}: record keys must be strings`);
      const recordPath = [...path, key];
      visit(def.valueType, recordPath, setAt(base, path, { [key]: value }), true);
      for (const [pollution, pollutionValue] of POLLUTION) {
        cases.push({ label: `${at} with own key "${pollution}"`, payload: setAt(base, path, withOwnKey({ [key]: value }, pollution, pollutionValue)) });
      }
      for (const badKey of ['', huge(), 'not a valid key ✗'].filter((candidate) => !accepts(def.keyType, candidate))) {
        cases.push({ label: `${at} with key ${describeValue(badKey)}`, payload: setAt(base, path, { [badKey]: value }) });
      }
    } else if (kind === 'union') {
      // Each object option refuses unknown and pollution keys too.
      for (const option of unionOptions(field.core)) {
        const optionField = unwrap(option);
        if (kindOf(optionField.core) !== 'object') continue;
        if (!isStrictObject(optionField.core)) throw new Error(`${at}: union option is not a strict object (.strict())`);
        const optionBase = setAt(base, path, validSample(option, path));
        objectCases(`${at} (option)`, dotted, path, optionBase, getAt(optionBase, path) as Record<string, unknown>);
      }
    }
  };
  visit(input, [], rootBase);
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
