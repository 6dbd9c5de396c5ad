/**
 * Words of the import wizard that depend on data: column targets, problems and mapping issues, each
 * translated with the keys the reader and the member store use.
 */
import type { TFunction } from 'i18next';
import type { FieldIssue } from '../../../shared/contract/result.ts';
import { MEMBER_IMPORT_FIELDS, type ColumnTarget, type ImportProblem, type MemberImportField } from '../../../shared/domain/member.ts';
import type { ImportDelimiter, ImportTextEncoding } from '../../../shared/domain/members/import-types.ts';
import { columnLetter } from '../../../shared/domain/members/mapping/column-mapping.ts';
import { tKey } from '../i18n.ts';

export function isImportField(value: unknown): value is MemberImportField {
  return typeof value === 'string' && (MEMBER_IMPORT_FIELDS as readonly string[]).includes(value);
}

/** The value of a target in the mapping Select: "field:phone", "custom" or "ignore". */
export function targetValue(target: ColumnTarget): string {
  return target.kind === 'field' ? `field:${target.field}` : target.kind;
}

export function fieldLabel(t: TFunction, field: MemberImportField): string {
  return t(`importer.field.${field}`);
}

export function targetLabel(t: TFunction, target: ColumnTarget): string {
  if (target.kind === 'field') return fieldLabel(t, target.field);
  if (target.kind === 'custom') return `${t('importer.field.custom')}: ${target.name}`;
  return t('importer.field.ignore');
}

/** One problem's reason, in words; a field code in its parameters is shown by its name. */
export function problemText(t: TFunction, problem: ImportProblem): string {
  const params: Record<string, string | number> = { value: problem.value, ...problem.params };
  if (isImportField(params.field)) params.field = fieldLabel(t, params.field);
  return tKey(t, problem.messageKey, params);
}

/** The column a problem names: a header as found in the file, a field the store checked, or the whole row. */
export function problemColumn(t: TFunction, column: string): string {
  if (column === '') return t('importWizard.problem.wholeRow');
  return isImportField(column) ? fieldLabel(t, column) : column;
}

/** A mapping issue in words; `mapping.<n>` issues are prefixed with their column letter. */
export function mappingIssueText(t: TFunction, issue: FieldIssue): string {
  const params: Record<string, string | number> = { ...issue.params };
  if (isImportField(params.field)) params.field = fieldLabel(t, params.field);
  const text = tKey(t, issue.messageKey, params);
  const column = issueColumn(issue);
  return column === null ? text : t('importWizard.mapping.issueAt', { column: columnLetter(column), text });
}

/** The column index an issue is about, or null for an issue about the whole mapping. */
export function issueColumn(issue: FieldIssue): number | null {
  const match = /^mapping\.(\d+)$/.exec(issue.path);
  return match ? Number(match[1]) : null;
}

export function encodingLabel(t: TFunction, encoding: ImportTextEncoding): string {
  return t(`importer.encoding.${encoding}`);
}

const DELIMITER_KEYS = { ',': 'comma', '\t': 'tab', ';': 'semicolon' } as const satisfies Record<ImportDelimiter, string>;

export function delimiterLabel(t: TFunction, delimiter: ImportDelimiter): string {
  return t(`importWizard.delimiter.${DELIMITER_KEYS[delimiter]}`);
}
