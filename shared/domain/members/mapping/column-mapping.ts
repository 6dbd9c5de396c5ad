/**
 * Where each column of an import goes. A mapping is plain JSON (one entry per column, in column order) so
 * it can cross IPC, be shown and edited in the wizard, and be saved by the store as a reusable template.
 */
import { z } from 'zod';
import type { FieldIssue } from '../../../contract/result.ts';
import { MEMBER_IMPORT_FIELDS, type ColumnTarget, type MemberImportField } from '../../member.ts';
import { headerKey, matchHeader } from './header-synonyms.ts';

export interface ColumnMappingEntry {
  /** 0-based column index in the sheet or file (A = 0). */
  column: number;
  /** The header text as found in the header row ('' for an unnamed column). */
  header: string;
  target: ColumnTarget;
}

export type ColumnMapping = ColumnMappingEntry[];

/** Fields several columns may feed: tags are merged, notes joined line by line. */
export const MULTI_COLUMN_FIELDS: ReadonlySet<MemberImportField> = new Set(['tags', 'notes']);

export const columnTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('field'), field: z.enum(MEMBER_IMPORT_FIELDS) }),
  z.strictObject({ kind: z.literal('custom'), name: z.string().trim().min(1).max(100) }),
  z.strictObject({ kind: z.literal('ignore') }),
]);

export const columnMappingEntrySchema = z.strictObject({
  column: z.number().int().min(0).max(16_383),
  header: z.string().max(1000),
  target: columnTargetSchema,
});

export const columnMappingSchema = z.array(columnMappingEntrySchema).max(16_384);

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * The name a column goes by in problems and custom fields: its header, or "列F" when the header cell is
 * empty (Chinese-first, like the rest of the data the operator sees).
 */
export function columnName(headers: readonly string[], column: number): string {
  const header = headers[column]?.trim() ?? '';
  return header === '' ? `列${columnLetter(column)}` : header;
}

/**
 * Maps every column from its header. A field claimed by an earlier column is not claimed twice: the later
 * column keeps its data as a custom field, so an automatic mapping is always a valid one.
 */
export function autoMapColumns(headers: readonly string[]): ColumnMapping {
  const taken = new Set<MemberImportField>();
  const customNames = new Set<string>();
  return headers.map((header, column) => {
    const match = matchHeader(header);
    if (match && (!taken.has(match.field) || MULTI_COLUMN_FIELDS.has(match.field))) {
      taken.add(match.field);
      return { column, header, target: { kind: 'field', field: match.field } };
    }
    return { column, header, target: { kind: 'custom', name: uniqueName(columnName(headers, column), customNames) } };
  });
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${name} (${n})`;
  used.add(candidate.toLowerCase());
  return candidate;
}

/**
 * The operator's changes on top of the automatic mapping: entries are matched by column index; columns
 * they do not mention keep their automatic target.
 */
export function applyMappingOverrides(headers: readonly string[], overrides: readonly ColumnMappingEntry[]): ColumnMapping {
  const auto = autoMapColumns(headers);
  const byColumn = new Map(overrides.map((entry) => [entry.column, entry.target]));
  // A field the operator gives to a column is taken away from the column the automatic mapping gave it
  // to (that column keeps its data as a custom field); two of the operator's own choices may still clash,
  // which validateMapping reports.
  const claimed = new Set(overrides.flatMap((entry) => (entry.target.kind === 'field' && !MULTI_COLUMN_FIELDS.has(entry.target.field) ? [entry.target.field] : [])));
  const customNames = new Set(overrides.flatMap((entry) => (entry.target.kind === 'custom' ? [entry.target.name.toLowerCase()] : [])));
  const mapping = auto.map((entry): ColumnMappingEntry => {
    const target = byColumn.get(entry.column);
    if (target) return { ...entry, target };
    if (entry.target.kind === 'field' && claimed.has(entry.target.field)) {
      return { ...entry, target: { kind: 'custom', name: uniqueName(columnName(headers, entry.column), customNames) } };
    }
    return entry;
  });
  // An override may name a column past the detected headers (data wider than its header row).
  for (const entry of overrides) {
    if (entry.column >= headers.length) mapping.push({ column: entry.column, header: entry.header, target: entry.target });
  }
  return mapping.sort((a, b) => a.column - b.column);
}

/**
 * Problems that make a mapping unusable, one per offending column, keyed `mapping.<column>` for the wizard:
 * a single-value field fed by two columns, a custom name used twice, a column that does not exist, and a
 * mapping with no column that can identify a member at all.
 */
export function validateMapping(columnCount: number, mapping: readonly ColumnMappingEntry[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const parsed = columnMappingSchema.safeParse(mapping);
  if (!parsed.success) return [{ path: 'mapping', messageKey: 'importer.mapping.malformed' }];
  const byField = new Map<MemberImportField, number[]>();
  const customNames = new Map<string, number>();
  const seenColumns = new Set<number>();
  for (const entry of mapping) {
    const path = `mapping.${entry.column}`;
    if (seenColumns.has(entry.column)) issues.push({ path, messageKey: 'importer.mapping.columnTwice', params: { column: columnLetter(entry.column) } });
    seenColumns.add(entry.column);
    if (entry.column >= columnCount) issues.push({ path, messageKey: 'importer.mapping.noSuchColumn', params: { column: columnLetter(entry.column) } });
    if (entry.target.kind === 'field') {
      byField.set(entry.target.field, [...(byField.get(entry.target.field) ?? []), entry.column]);
    } else if (entry.target.kind === 'custom') {
      const key = entry.target.name.trim().toLowerCase();
      const first = customNames.get(key);
      if (first !== undefined) issues.push({ path, messageKey: 'importer.mapping.customNameTwice', params: { name: entry.target.name, column: columnLetter(first) } });
      else customNames.set(key, entry.column);
    }
  }
  for (const [field, columns] of byField) {
    if (columns.length < 2 || MULTI_COLUMN_FIELDS.has(field)) continue;
    const letters = columns.map(columnLetter).join(', ');
    for (const column of columns.slice(1)) {
      issues.push({ path: `mapping.${column}`, messageKey: 'importer.mapping.fieldTwice', params: { field, columns: letters } });
    }
  }
  const identifying: MemberImportField[] = ['phone', 'wechatId', 'email', 'realName', 'displayName', 'nickname'];
  if (!identifying.some((field) => byField.has(field))) issues.push({ path: 'mapping', messageKey: 'importer.mapping.noIdentityColumn' });
  return issues;
}

/**
 * A saved mapping template: header text → target, matched to a new file by header (compared as headerKey),
 * not by position, so it survives reordered columns. This is the shape the member store keeps
 * (ImportTemplate.mapping).
 */
export type MappingTemplate = Record<string, ColumnTarget>;

export const mappingTemplateSchema = z.record(z.string().max(1000), columnTargetSchema);

/** The template of a mapping: named columns only; the first of two equal headers wins. */
export function templateFromMapping(mapping: readonly ColumnMappingEntry[]): MappingTemplate {
  // No prototype: a header may be called anything, "__proto__" included.
  const template = Object.create(null) as MappingTemplate;
  for (const { header, target } of mapping) {
    if (header.trim() !== '' && !Object.hasOwn(template, header)) template[header] = target;
  }
  return template;
}

/**
 * Applies a template to a file's headers: each header takes the target saved for the same header;
 * headers the template does not know keep their automatic target. The result is a full mapping;
 * validate it before use, as a template may bring back a clash.
 */
export function applyMappingTemplate(headers: readonly string[], template: MappingTemplate): ColumnMapping {
  const saved = new Map<string, ColumnTarget>();
  for (const [header, target] of Object.entries(template)) {
    const key = headerKey(header);
    if (key !== '' && !saved.has(key)) saved.set(key, target);
  }
  const overrides: ColumnMappingEntry[] = [];
  headers.forEach((header, column) => {
    const target = saved.get(headerKey(header));
    if (target) overrides.push({ column, header, target });
  });
  return applyMappingOverrides(headers, overrides);
}
