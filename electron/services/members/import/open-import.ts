/**
 * Opens a member list for import and turns it into normalised rows, one at a time. Detects the format,
 * encoding, delimiter, sheet, header row, column mapping and the d/m/y order of date columns (each can be
 * given instead), then streams: only a bounded look-ahead of rows is ever held in memory.
 */
import { basename } from 'node:path';
import type { FieldIssue } from '../../../../shared/contract/result.ts';
import { appFailure } from '../../../../shared/contract/result.ts';
import { cellText, type CellValue } from '../../../../shared/domain/members/cell.ts';
import { convertRow, type ConvertContext } from '../../../../shared/domain/members/draft.ts';
import type { ImportCounts, ImportProgress, ImportRow, ImportSettings, ImportSource, ResolvedImportSettings } from '../../../../shared/domain/members/import-types.ts';
import { applyMappingOverrides, autoMapColumns, columnLetter, columnName, validateMapping, type ColumnMapping } from '../../../../shared/domain/members/mapping/column-mapping.ts';
import { DateOrderTally, dateOrderHintFromHeader, type DateOrder } from '../../../../shared/domain/members/normalise/date.ts';
import { PROBLEM_PREFIX } from '../../../../shared/domain/members/normalise/result.ts';
import { cleanText } from '../../../../shared/domain/members/normalise/text.ts';
import type { ImportProblem } from '../../../../shared/domain/member.ts';
import { importError } from './errors.ts';
import { detectHeader, HEADER_SEARCH_ROWS, isBlankRow } from './header-detect.ts';
import { MAX_CELL_CHARS, type RawRow, type ReadProgress } from './raw-row.ts';
import { sniffFile } from './sniff.ts';
import { isSummaryLabel } from './summary-row.ts';
import { readTextRows, surveyText } from './text/read-text-rows.ts';
import { DEFAULT_XLSX_LIMITS, inspectXlsx, type XlsxLimits, type XlsxSheet } from './xlsx/inspect-xlsx.ts';
import { readXlsxRows } from './xlsx/read-xlsx-rows.ts';

export interface ImportReadOptions extends ImportSettings {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** Data rows read ahead to decide the d/m/y order of date columns (all of them in files this size). */
  lookaheadRows?: number;
  /** How many non-blank rows from the top may hold the header. */
  headerSearchRows?: number;
  /** Bounds birth years; fixed in tests. */
  today?: Date;
  limits?: Partial<XlsxLimits>;
}

export interface ImportSession {
  readonly source: ImportSource;
  readonly headerRow: number;
  readonly headerDetected: boolean;
  readonly headers: string[];
  readonly mapping: ColumnMapping;
  readonly mappingIssues: FieldIssue[];
  /** Date columns (by index) and their decided d/m/y order, null when undecided. */
  readonly dateOrders: Record<string, DateOrder | null>;
  readonly leadingRows: { row: number; cells: string[] }[];
  /** Pass these back to read the file again exactly the same way. */
  readonly settings: ResolvedImportSettings;
  /** Live counts; final once rows() has run to its end. */
  readonly counts: ImportCounts;
  /** The data rows, once. Blank and summary rows are counted, not yielded. */
  rows(): AsyncGenerator<ImportRow>;
  /** Releases the file if rows() was not run to its end. */
  close(): Promise<void>;
}

export const DEFAULT_LOOKAHEAD_ROWS = 20_000;
const LEADING_ROWS = 20;
const PROGRESS_EVERY = 1_000;
/** Cheap first test for a summary label, so most cells skip the full check. */
const SUMMARY_START = /^\s*[合小总共汇统累TtSsGgCc]/;

function chooseSheet(filePath: string, sheets: XlsxSheet[], wanted: string | undefined): XlsxSheet {
  if (wanted !== undefined) {
    const exact = sheets.find((sheet) => sheet.name === wanted);
    const loose = exact ?? sheets.find((sheet) => sheet.name.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (!loose) throw importError(filePath, 'sheetNotFound', { sheet: wanted, sheets: sheets.map((sheet) => sheet.name).join('、') });
    return loose;
  }
  const visible = sheets.filter((sheet) => !sheet.hidden);
  let best: XlsxSheet | undefined;
  for (const sheet of visible.length > 0 ? visible : sheets) {
    if (!best || sheet.rowsWithValues > best.rowsWithValues) best = sheet;
  }
  if (!best || best.rowsWithValues === 0) throw importError(filePath, 'noData');
  return best;
}

function rowTexts(cells: readonly CellValue[], width: number): string[] {
  const texts: string[] = new Array<string>(width);
  for (let i = 0; i < width; i++) texts[i] = cellText(cells[i] ?? null);
  return texts;
}

async function openSource(filePath: string, options: ImportReadOptions, onProgress: (progress: ReadProgress) => void) {
  const sniff = await sniffFile(filePath);
  const file = basename(filePath);
  if (sniff.kind === 'xlsx') {
    const limits = { ...DEFAULT_XLSX_LIMITS, ...options.limits };
    const survey = await inspectXlsx(filePath, sniff.size, limits, options.signal);
    const sheet = chooseSheet(filePath, survey.sheets, options.sheet ?? undefined);
    const source: ImportSource = {
      file,
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      sheets: survey.sheets.map((s) => ({ name: s.name, rows: s.rowsWithValues, hidden: s.hidden })),
      sheet: sheet.name,
    };
    const rows = readXlsxRows(filePath, survey, sheet, { signal: options.signal, onProgress, totalBytes: sniff.size });
    return { source, rows, date1904: survey.date1904 };
  }
  const survey = await surveyText(filePath, sniff.head, sniff.size, { encoding: options.encoding ?? undefined, delimiter: options.delimiter ?? undefined, signal: options.signal });
  const source: ImportSource = { file, format: 'text', encoding: survey.encoding, delimiter: survey.delimiter, sheets: [], sheet: null };
  const rows = readTextRows(filePath, survey, { signal: options.signal, onProgress, totalBytes: sniff.size });
  return { source, rows, date1904: false };
}

/**
 * Opens a file for reading rows. `strict` (the default, for committing) refuses a mapping with problems;
 * previews pass false to show the problems instead.
 */
export async function openImport(filePath: string, options: ImportReadOptions = {}, strict = true): Promise<ImportSession> {
  // Readers report how far into the file they are; rows are counted here, and both go out together,
  // every PROGRESS_EVERY rows and once at the end.
  let rowsRead = 0;
  let position: ReadProgress = { bytesRead: 0, totalBytes: 0 };
  const { source, rows: raw, date1904 } = await openSource(filePath, options, (progress) => (position = progress));
  const countRead = (done: boolean): void => {
    if (!done) rowsRead++;
    if (options.onProgress && (done || rowsRead % PROGRESS_EVERY === 0)) options.onProgress({ ...position, rowsRead });
  };
  try {
    return await prepare(filePath, options, strict, source, raw, date1904, countRead);
  } catch (error) {
    await raw.return(undefined);
    throw error;
  }
}

async function prepare(
  filePath: string,
  options: ImportReadOptions,
  strict: boolean,
  source: ImportSource,
  raw: AsyncGenerator<RawRow>,
  date1904: boolean,
  countRead: (done: boolean) => void,
): Promise<ImportSession> {
  const buffer: RawRow[] = [];
  let exhausted = false;
  const pull = async (): Promise<RawRow | null> => {
    const next = await raw.next();
    if (next.done) {
      if (!exhausted) countRead(true);
      exhausted = true;
      return null;
    }
    countRead(false);
    return next.value;
  };

  // 1. The header row: the one asked for, or the best guess among the first non-blank rows.
  let headerIndex: number;
  let headerDetected = true;
  if (options.headerRow !== undefined) {
    const wanted = options.headerRow;
    for (let row = await pull(); row; row = await pull()) {
      buffer.push(row);
      if (row.row >= wanted) break;
    }
    headerIndex = buffer.findIndex((row) => row.row === wanted);
    const header = buffer[headerIndex];
    if (!header || isBlankRow(header.cells)) throw importError(filePath, 'headerRowOutOfRange', { row: wanted });
  } else {
    const searchRows = options.headerSearchRows ?? HEADER_SEARCH_ROWS;
    let nonBlank = 0;
    for (let row = await pull(); row; row = await pull()) {
      buffer.push(row);
      if (!isBlankRow(row.cells) && ++nonBlank > searchRows) break;
    }
    const guess = detectHeader(buffer, searchRows);
    if (!guess) throw importError(filePath, 'noData');
    headerIndex = guess.index;
    headerDetected = guess.detected;
  }
  const headerRaw = buffer[headerIndex];
  if (!headerRaw) throw importError(filePath, 'noData');
  const headerRow = headerRaw.row;

  // 2. Look ahead: enough data rows to see every value of a date column in all but huge files.
  const lookahead = options.lookaheadRows ?? DEFAULT_LOOKAHEAD_ROWS;
  let buffered = buffer.length - headerIndex - 1;
  while (!exhausted && buffered < lookahead) {
    const row = await pull();
    if (!row) break;
    buffer.push(row);
    buffered++;
  }

  // 3. Headers and mapping. Data wider than its header row gets unnamed columns ("列F").
  let width = headerRaw.cells.length;
  for (let i = headerIndex + 1; i < buffer.length; i++) {
    const row = buffer[i];
    if (row && !isBlankRow(row.cells)) width = Math.max(width, lastFilled(row.cells) + 1);
  }
  const headers = rowTexts(headerRaw.cells, width).map((text) => cleanText(text));
  const mapping = options.mapping ? applyMappingOverrides(headers, options.mapping) : autoMapColumns(headers);
  const mappingIssues = validateMapping(width, mapping);
  if (strict && mappingIssues.length > 0) {
    if (!headerDetected && options.headerRow === undefined) throw importError(filePath, 'headerNotFound', { rows: options.headerSearchRows ?? HEADER_SEARCH_ROWS });
    const failure = importError(filePath, 'mappingInvalid');
    throw appFailure(failure.appError.code, failure.appError.messageKey, failure.appError.params, mappingIssues);
  }

  // 4. d/m/y order of date columns, from every buffered value.
  const dateOrders = new Map<number, DateOrder | null>();
  for (const entry of mapping) {
    if (entry.target.kind !== 'field' || entry.target.field !== 'joinedOn') continue;
    const given = options.dateOrders?.[String(entry.column)];
    if (given) {
      dateOrders.set(entry.column, given);
      continue;
    }
    const tally = new DateOrderTally();
    for (let i = headerIndex + 1; i < buffer.length; i++) tally.add(buffer[i]?.cells[entry.column] ?? null);
    dateOrders.set(entry.column, tally.decide(dateOrderHintFromHeader(headers[entry.column] ?? '') ?? options.defaultDateOrder ?? null));
  }

  const context: ConvertContext = { headers, mapping, date1904, dateOrders, today: options.today ?? new Date() };
  const counts: ImportCounts = { dataRows: 0, importableRows: 0, problemRows: 0, rejectedRows: 0, blankSkipped: 0, summarySkipped: 0, problems: 0 };
  const leadingRows = buffer.slice(0, LEADING_ROWS).map((row) => ({ row: row.row, cells: rowTexts(row.cells, row.cells.length) }));
  const decided: Record<string, DateOrder> = {};
  const dateOrderRecord: Record<string, DateOrder | null> = {};
  for (const [column, order] of dateOrders) {
    dateOrderRecord[String(column)] = order;
    if (order) decided[String(column)] = order;
  }
  const settings: ResolvedImportSettings = {
    sheet: source.sheet,
    headerRow,
    mapping,
    dateOrders: decided,
    encoding: source.encoding,
    delimiter: source.delimiter,
  };

  let lastContentRow = headerRow;
  const convert = (rawRow: RawRow): ImportRow | null => {
    if (rawRow.row <= headerRow || (isBlankRow(rawRow.cells) && !rawRow.oversized)) return null;
    const converted = convertRow(rawRow.row, rawRow.cells, context);
    const hasKey = converted.keys.phone !== null || converted.keys.wechatId !== null || converted.keys.email !== null;
    const summary = !hasKey && rawRow.cells.some((cell) => typeof cell === 'string' && cell.length <= 40 && SUMMARY_START.test(cell) && isSummaryLabel(cell));
    counts.blankSkipped += rawRow.row - lastContentRow - 1;
    lastContentRow = rawRow.row;
    if (summary) {
      counts.summarySkipped++;
      return null;
    }
    const problems = converted.problems;
    for (const { column, length } of rawRow.oversized ?? []) {
      problems.push({ row: rawRow.row, column: columnName(headers, column), value: '', messageKey: `${PROBLEM_PREFIX}cellTooLong`, params: { length, limit: MAX_CELL_CHARS } });
    }
    const extra = extraColumn(rawRow.cells, width);
    if (extra !== null) {
      const problem: ImportProblem = { row: rawRow.row, column: columnLetter(extra), value: cellText(rawRow.cells[extra] ?? null), messageKey: `${PROBLEM_PREFIX}extraCells`, params: { column: columnLetter(extra) } };
      problems.push(problem);
    }
    counts.dataRows++;
    if (converted.draft) counts.importableRows++;
    else counts.rejectedRows++;
    if (problems.length > 0) counts.problemRows++;
    counts.problems += problems.length;
    return { row: rawRow.row, cells: rowTexts(rawRow.cells, width), draft: converted.draft, keys: converted.keys, problems };
  };

  let started = false;
  async function* rows(): AsyncGenerator<ImportRow> {
    if (started) throw new Error('rows() can be read once');
    started = true;
    try {
      for (let i = headerIndex + 1; i < buffer.length; i++) {
        const rawRow = buffer[i];
        if (!rawRow) continue;
        // The look-ahead is released as it is consumed, so it is not held while the rest streams.
        (buffer as (RawRow | undefined)[])[i] = undefined;
        const row = convert(rawRow);
        if (row) yield row;
      }
      buffer.length = 0;
      for (let rawRow = exhausted ? null : await pull(); rawRow; rawRow = await pull()) {
        const row = convert(rawRow);
        if (row) yield row;
      }
    } finally {
      await raw.return(undefined);
    }
  }

  return {
    source,
    headerRow,
    headerDetected,
    headers,
    mapping,
    mappingIssues,
    dateOrders: dateOrderRecord,
    leadingRows,
    settings,
    counts,
    rows,
    close: async () => {
      await raw.return(undefined);
    },
  };
}

function lastFilled(cells: readonly CellValue[]): number {
  for (let i = cells.length - 1; i >= 0; i--) {
    const cell = cells[i];
    if (cell !== null && cell !== undefined && !(typeof cell === 'string' && cell.trim() === '')) return i;
  }
  return -1;
}

/** The first column beyond the known width that holds something, or null. */
function extraColumn(cells: readonly CellValue[], width: number): number | null {
  for (let i = width; i < cells.length; i++) {
    const cell = cells[i];
    if (cell !== null && cell !== undefined && !(typeof cell === 'string' && cell.trim() === '')) return i;
  }
  return null;
}
