/**
 * Streams the rows of one worksheet, parsed by ExcelJS's streaming worksheet reader, turning its cell
 * values into plain CellValues: numeric phone cells stay numbers (written out as digits later),
 * date-formatted cells are Dates, CJK built-in date formats too, rich text is joined, formulas give their
 * cached result, and vertically merged cells are filled down from their top cell.
 *
 * The zip itself is read here, not by ExcelJS's WorkbookReader, for three reasons found in ExcelJS 4.4:
 * - its reader sometimes stops after the first worksheet when it parks sheets in temp files (a workbook
 *   without shared strings, like WPS writes; see exceljs#2790 for the same family of halts);
 * - it decodes each unpacked chunk of XML as UTF-8 on its own, so a Chinese character split across two
 *   chunks becomes "��" (exceljs#2063, #2084, PR #1665);
 * - it reads the zip front to back, so parts must come in a convenient order.
 * Here the parts are unpacked by entry (random access, with the survey's limits), decoded with a
 * streaming TextDecoder, and handed to the same ExcelJS XML parsers: shared strings, styles, then only
 * the chosen sheet.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppFailure } from '../../../../../shared/contract/result.ts';
import type { CellValue } from '../../../../../shared/domain/members/cell.ts';
import { cancelled, importError } from '../errors.ts';
import { MAX_CELL_CHARS, type RawRow, type ReadProgress } from '../raw-row.ts';
import { zipError, type XlsxSheet, type XlsxSurvey } from './inspect-xlsx.ts';
import type { MergedRange } from './sheet-scan.ts';
import { entryChunks, ZipProblem, type ZipEntry } from './zip-directory.ts';

const MS_PER_DAY = 86_400_000;
const DAYS_1900_TO_1904 = 1462;

/**
 * The ExcelJS WorkbookReader internals used here (they are not in its typings): its part parsers and
 * the state a WorksheetReader reads (shared strings, styles, date system). Checked at run time, so an
 * ExcelJS upgrade that renames them fails loudly in the tests instead of misreading files.
 */
interface ReaderInternals {
  _parseSharedStrings: (entry: NodeJS.ReadableStream) => AsyncIterable<unknown>;
  _parseStyles: (entry: NodeJS.ReadableStream) => Promise<void>;
  _parseWorksheet: (iterator: AsyncIterable<string>, sheetNo: string) => Iterable<{ eventType: string; value: unknown }>;
  properties?: { model?: { date1904?: boolean } };
  styles: { model?: { styles?: unknown[] }; getStyleModel?: (id: number) => unknown };
}

interface StreamingWorksheet {
  [Symbol.asyncIterator](): AsyncIterator<ExcelJS.Row>;
}

/** A programming error, not a bad file: never reported to the operator as a damaged file. */
export class ExcelJsInternalsChanged extends Error {}

function internals(reader: unknown): ReaderInternals {
  const candidate = reader as Partial<ReaderInternals>;
  if (typeof candidate._parseSharedStrings !== 'function' || typeof candidate._parseStyles !== 'function' || typeof candidate._parseWorksheet !== 'function') {
    throw new ExcelJsInternalsChanged('ExcelJS streaming reader internals changed: re-check electron/services/members/import/xlsx/read-xlsx-rows.ts');
  }
  return candidate as ReaderInternals;
}

/** A part's text, decoded across chunk boundaries. */
async function* partText(filePath: string, entry: ZipEntry, survey: XlsxSurvey, signal?: AbortSignal): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of entryChunks(filePath, entry, survey.limits, signal)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Date.UTC(1899, 11, 30) + (serial + (date1904 ? DAYS_1900_TO_1904 : 0)) * MS_PER_DAY);
}

/** Same test ExcelJS applies to a format code, for formula results it leaves as numbers. */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

interface CellContext {
  survey: XlsxSurvey;
  styleIndex: (style: unknown) => number | undefined;
}

function plainValue(value: ExcelJS.CellValue, numFmt: string | undefined, style: unknown, context: CellContext): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    const index = context.styleIndex(style);
    if (index !== undefined && value >= 1 && context.survey.cjkDateStyles.has(index)) return serialToDate(value, context.survey.date1904);
    return value;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if ('richText' in value) return value.richText.map((run) => run.text ?? '').join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (typeof result === 'number' && isDateFormat(numFmt)) return serialToDate(result, context.survey.date1904);
    if (typeof result === 'string' || typeof result === 'number' || typeof result === 'boolean') return result;
    if (result && typeof result === 'object' && 'error' in result) return String((result as { error: unknown }).error);
    return null;
  }
  if ('error' in value) return String(value.error);
  if ('text' in value) return String(value.text);
  return null;
}

/** Fills cells under the top of a vertical merge with the top cell's value, row by row. */
class MergeFiller {
  private readonly pending: MergedRange[];
  private active: { range: MergedRange; value: CellValue }[] = [];

  constructor(merges: readonly MergedRange[]) {
    this.pending = [...merges].sort((a, b) => b.top - a.top);
  }

  apply(row: number, cells: CellValue[]): void {
    this.active = this.active.filter((entry) => entry.range.bottom >= row);
    for (const entry of this.active) {
      const column = entry.range.left - 1;
      if (entry.range.top < row && (cells[column] === null || cells[column] === undefined)) cells[column] = entry.value;
    }
    while (this.pending.length > 0 && (this.pending.at(-1)?.top ?? Infinity) <= row) {
      const range = this.pending.pop();
      if (range && range.top === row) this.active.push({ range, value: cells[range.left - 1] ?? null });
    }
  }
}

export interface XlsxReadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ReadProgress) => void;
  totalBytes: number;
}

async function openWorksheet(filePath: string, survey: XlsxSurvey, sheet: XlsxSheet, signal?: AbortSignal): Promise<{ reader: ReaderInternals; worksheet: StreamingWorksheet }> {
  // The input is never opened: only the part parsers are used, fed with the parts read here.
  const reader = internals(
    new ExcelJS.stream.xlsx.WorkbookReader(filePath, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' }),
  );
  reader.properties = { model: { date1904: survey.date1904 } };
  if (survey.styles) await reader._parseStyles(Readable.from(partText(filePath, survey.styles, survey, signal)));
  if (survey.sharedStrings) {
    for await (const _ of reader._parseSharedStrings(Readable.from(partText(filePath, survey.sharedStrings, survey, signal)))) {
      // Cached on the reader as a side effect; nothing is emitted in cache mode.
    }
  }
  const entry = survey.entries.get(sheet.path);
  if (!entry) throw importError(filePath, 'xlsxDamaged');
  const [event] = [...reader._parseWorksheet(partText(filePath, entry, survey, signal), '1')];
  if (!event) throw new ExcelJsInternalsChanged('ExcelJS did not create a worksheet reader');
  return { reader, worksheet: event.value as StreamingWorksheet };
}

/** Yields the rows of `sheet`; rows absent from the file (never written) are simply not yielded. */
export async function* readXlsxRows(filePath: string, survey: XlsxSurvey, sheet: XlsxSheet, options: XlsxReadOptions): AsyncGenerator<RawRow> {
  try {
    const { reader, worksheet } = await openWorksheet(filePath, survey, sheet, options.signal);
    // cell.style is the very object styles.getStyleModel(xfIndex) returns, so identity gives the xf index.
    let styleIndexes: Map<unknown, number> | null = null;
    const styleIndex = (style: unknown): number | undefined => {
      if (survey.cjkDateStyles.size === 0 || style === undefined) return undefined;
      if (!styleIndexes) {
        styleIndexes = new Map();
        const count = reader.styles.model?.styles?.length ?? 0;
        for (let i = 0; i < count; i++) styleIndexes.set(reader.styles.getStyleModel?.(i), i);
      }
      return styleIndexes.get(style);
    };
    const context: CellContext = { survey, styleIndex };
    const filler = new MergeFiller(sheet.merges);
    const sheetEntry = survey.entries.get(sheet.path);
    const sheetBytes = sheetEntry?.compressedSize ?? options.totalBytes;
    let rowsRead = 0;
    for await (const row of worksheet) {
      if (options.signal?.aborted) throw cancelled();
      if (!Number.isInteger(row.number) || row.number < 1) throw importError(filePath, 'xlsxUnsupported', { detail: 'row without a number' });
      const cells: CellValue[] = [];
      let oversized: RawRow['oversized'];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        const value = plainValue(cell.value, cell.numFmt, cell.style, context);
        if (typeof value === 'string' && value.length > MAX_CELL_CHARS) {
          (oversized ??= []).push({ column: column - 1, length: value.length });
          return;
        }
        cells[column - 1] = value;
      });
      for (let i = 0; i < cells.length; i++) cells[i] ??= null;
      filler.apply(row.number, cells);
      // Progress through the sheet, estimated from its rows: the parser does not report its position.
      rowsRead++;
      options.onProgress?.({ bytesRead: Math.min(sheetBytes, Math.round((rowsRead / Math.max(sheet.rowsWithValues, 1)) * sheetBytes)), totalBytes: sheetBytes });
      yield oversized ? { row: row.number, cells, oversized } : { row: row.number, cells };
    }
    options.onProgress?.({ bytesRead: sheetBytes, totalBytes: sheetBytes });
  } catch (error) {
    if (error instanceof AppFailure || error instanceof ExcelJsInternalsChanged) throw error;
    if (error instanceof ZipProblem) throw zipError(filePath, error);
    if ((error as { name?: string }).name === 'AbortError') throw cancelled();
    throw importError(filePath, 'xlsxDamaged');
  }
}
