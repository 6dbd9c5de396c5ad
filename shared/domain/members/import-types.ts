/**
 * The import reader's contract with the member store (commit) and the import wizard (UI): what goes in
 * (ImportSettings, plain JSON, validated by importSettingsSchema) and what comes out (rows and a preview).
 */
import { z } from 'zod';
import type { FieldIssue } from '../../contract/result.ts';
import type { ImportProblem, MemberDraft } from '../member.ts';
import type { MemberKeys } from './draft.ts';
import { columnMappingEntrySchema, type ColumnMapping, type ColumnMappingEntry } from './mapping/column-mapping.ts';
import type { DateOrder } from './normalise/date.ts';

export const IMPORT_TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030'] as const;
export type ImportTextEncoding = (typeof IMPORT_TEXT_ENCODINGS)[number];

export const IMPORT_DELIMITERS = [',', '\t', ';'] as const;
export type ImportDelimiter = (typeof IMPORT_DELIMITERS)[number];

export const DATE_ORDERS = ['dmy', 'mdy'] as const;

/**
 * What the operator may decide about an import; anything left out is detected. Pass back the
 * `settings` of a preview to read the file exactly as previewed.
 */
export interface ImportSettings {
  /** xlsx: the sheet to read (default: the visible sheet with the most rows). */
  sheet?: string | null;
  /** The header row as the spreadsheet numbers it (1-based). */
  headerRow?: number;
  /** Column targets by column index; columns not listed keep their automatic target. */
  mapping?: ColumnMappingEntry[];
  /** d/m/y order of date columns, by column index. */
  dateOrders?: Record<string, DateOrder>;
  /**
   * The order to assume for a date column whose values prove nothing either way (a locale hint, e.g.
   * 'mdy' for a US export). Values that prove an order, and orders written in headers, still win.
   */
  defaultDateOrder?: DateOrder | null;
  /** Text files: force an encoding or delimiter (null: detect). */
  encoding?: ImportTextEncoding | null;
  delimiter?: ImportDelimiter | null;
}

export const importSettingsSchema = z.strictObject({
  sheet: z.string().max(255).nullable().optional(),
  headerRow: z.number().int().min(1).max(1_048_576).optional(),
  mapping: z.array(columnMappingEntrySchema).max(16_384).optional(),
  dateOrders: z.record(z.string().regex(/^\d{1,5}$/), z.enum(DATE_ORDERS)).optional(),
  defaultDateOrder: z.enum(DATE_ORDERS).nullable().optional(),
  encoding: z.enum(IMPORT_TEXT_ENCODINGS).nullable().optional(),
  delimiter: z.enum(IMPORT_DELIMITERS).nullable().optional(),
});

export interface ImportSheetSummary {
  name: string;
  /** Rows holding at least one value, title and header rows included. */
  rows: number;
  hidden: boolean;
}

export interface ImportSource {
  /** Base name of the file, for messages and the import history. */
  file: string;
  format: 'xlsx' | 'text';
  /** Text files only. */
  encoding: ImportTextEncoding | null;
  delimiter: ImportDelimiter | null;
  /** xlsx only: every sheet, and the one being read. */
  sheets: ImportSheetSummary[];
  sheet: string | null;
}

/** One data row after normalisation. */
export interface ImportRow {
  /** The row number a spreadsheet shows (1-based, counting title rows). */
  row: number;
  /** Every cell as text, by column index, as written in the file. */
  cells: string[];
  /** Null when the row cannot become a member (see problems). */
  draft: MemberDraft | null;
  /** Normalised dedupe keys (phone; WeChat ID and e-mail lower-cased). */
  keys: MemberKeys;
  problems: ImportProblem[];
}

export interface ImportCounts {
  /** Rows below the header that hold member data (not blank, not summary). */
  dataRows: number;
  /** Data rows that yield a member draft. */
  importableRows: number;
  /** Data rows with at least one problem (some are still importable, with the bad cells left empty). */
  problemRows: number;
  /** Data rows that cannot be imported at all. */
  rejectedRows: number;
  /** Blank rows between the header and the last data row. */
  blankSkipped: number;
  /** Summary rows (合计, 小计, Total, 共N人 …). */
  summarySkipped: number;
  /** All problems found, including any left out of a preview's list. */
  problems: number;
}

/**
 * Everything needed to read the file again exactly the same way (all detection already done). It is an
 * ImportSettings: pass it to openImport as it is, or over IPC through importSettingsSchema.
 */
export interface ResolvedImportSettings extends ImportSettings {
  sheet: string | null;
  headerRow: number;
  mapping: ColumnMapping;
  dateOrders: Record<string, DateOrder>;
  encoding: ImportTextEncoding | null;
  delimiter: ImportDelimiter | null;
}

export interface ImportPreview {
  source: ImportSource;
  headerRow: number;
  /** False when no row looked like a header and the first non-blank row was taken; ask the operator. */
  headerDetected: boolean;
  headers: string[];
  mapping: ColumnMapping;
  /** Problems with the mapping; the import cannot be committed until there are none. */
  mappingIssues: FieldIssue[];
  /** Date columns and the d/m/y order decided for each (null: undecided, ambiguous values reported). */
  dateOrders: Record<string, DateOrder | null>;
  /** The first rows of the sheet as text, title rows included, to let the operator pick the header row. */
  leadingRows: { row: number; cells: string[] }[];
  /** The first normalised data rows. */
  rows: ImportRow[];
  /** Every problem, in row order, up to the preview's limit (see problemsTruncated and counts.problems). */
  problems: ImportProblem[];
  problemsTruncated: boolean;
  counts: ImportCounts;
  settings: ResolvedImportSettings;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
}
