/**
 * Streams the rows of one worksheet with ExcelJS's WorkbookReader, turning its cell values into plain
 * CellValues: numeric phone cells stay numbers (written out as digits later), date-formatted cells are
 * Dates, CJK built-in date formats too, rich text is joined, formulas give their cached result, and
 * vertically merged cells are filled down from their top cell.
 *
 * Two ExcelJS 4.4 streaming-reader faults are worked around here (see patchUtf8Decoding): it decodes
 * each unpacked chunk of XML as UTF-8 on its own, so a Chinese character split across two chunks turns
 * into "��" (exceljs issues #2063, #2084, PR #1665).
 */
import { createReadStream, type ReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { AppFailure } from '../../../../../shared/contract/result.ts';
import type { CellValue } from '../../../../../shared/domain/members/cell.ts';
import { cancelled, importError } from '../errors.ts';
import { MAX_CELL_CHARS, type RawRow, type ReadProgress } from '../raw-row.ts';
import type { XlsxSheet, XlsxSurvey } from './inspect-xlsx.ts';
import type { MergedRange } from './sheet-scan.ts';

const MS_PER_DAY = 86_400_000;
const DAYS_1900_TO_1904 = 1462;

/** The parts of ExcelJS's streaming classes this reader relies on but its typings do not declare. */
interface StreamingWorksheet {
  name: string;
  iterator?: unknown;
  [Symbol.asyncIterator](): AsyncIterator<ExcelJS.Row>;
}
interface StreamingWorkbook {
  _parseWorksheet: (iterator: AsyncIterable<Buffer | string>, sheetNo: string) => Iterable<unknown>;
  _parseSharedStrings: (entry: NodeJS.ReadableStream) => AsyncIterable<unknown>;
  styles: { model?: { styles?: unknown[] }; getStyleModel?: (id: number) => unknown };
  [Symbol.asyncIterator](): AsyncIterator<StreamingWorksheet>;
}

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Hands ExcelJS's XML parser text decoded across chunk boundaries: worksheet chunks go through a
 * streaming TextDecoder, the shared-strings entry is switched to string output (the fix proposed in
 * exceljs#2084). ExcelJS passes strings through untouched. Fails loudly if a future ExcelJS renames these
 * internals, rather than silently garbling Chinese text again.
 */
function patchUtf8Decoding(reader: StreamingWorkbook): void {
  const parseWorksheet = reader._parseWorksheet;
  const parseSharedStrings = reader._parseSharedStrings;
  if (typeof parseWorksheet !== 'function' || typeof parseSharedStrings !== 'function') {
    throw new Error('ExcelJS streaming reader internals changed: re-check the UTF-8 chunk decoding workaround');
  }
  reader._parseWorksheet = function (this: StreamingWorkbook, iterator, sheetNo) {
    return parseWorksheet.call(this, decodeUtf8(iterator), sheetNo);
  };
  reader._parseSharedStrings = function (this: StreamingWorkbook, entry) {
    entry.setEncoding('utf8');
    return parseSharedStrings.call(this, entry);
  };
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
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    // ExcelJS understood the 1904 flag only if written "1"; "true" is valid too.
    if (context.survey.date1904 && !context.survey.exceljsDate1904) return new Date(value.getTime() + DAYS_1900_TO_1904 * MS_PER_DAY);
    return value;
  }
  if ('richText' in value) return value.richText.map((run) => run.text ?? '').join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (typeof result === 'number' && isDateFormat(numFmt)) return serialToDate(result, context.survey.date1904);
    if (result === undefined || result === null || typeof result === 'object') {
      return result && typeof result === 'object' && 'error' in result ? String((result as { error: unknown }).error) : null;
    }
    return typeof result === 'string' || typeof result === 'number' || typeof result === 'boolean' ? result : null;
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

/** Yields the rows of `sheet`; rows absent from the file (never written) are simply not yielded. */
export async function* readXlsxRows(filePath: string, survey: XlsxSurvey, sheet: XlsxSheet, options: XlsxReadOptions): AsyncGenerator<RawRow> {
  const input: ReadStream = createReadStream(filePath, { highWaterMark: 256 * 1024 });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as StreamingWorkbook;
  patchUtf8Decoding(reader);

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
  let found = false;
  try {
    for await (const worksheet of reader) {
      if (worksheet.name !== sheet.exceljsName) {
        // Skipped sheets parked in a temp file by ExcelJS hold an open stream; release it.
        (worksheet.iterator as { destroy?: () => void } | undefined)?.destroy?.();
        continue;
      }
      found = true;
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
        options.onProgress?.({ bytesRead: input.bytesRead, totalBytes: options.totalBytes });
        yield oversized ? { row: row.number, cells, oversized } : { row: row.number, cells };
      }
      break;
    }
  } catch (error) {
    if (error instanceof AppFailure) throw error;
    throw importError(filePath, 'xlsxDamaged');
  } finally {
    input.destroy();
  }
  if (!found) throw importError(filePath, 'xlsxUnsupported', { detail: `sheet "${sheet.name}" (${sheet.path})` });
}
