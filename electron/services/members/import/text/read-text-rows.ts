/**
 * Streams the rows of a CSV/TSV/TXT table: bytes → (decoded to UTF-8 when needed) → csv-parse, chunk by
 * chunk with back-pressure, so a million-row file never sits whole in memory. Every record counts as a
 * row, blank lines included, so row numbers match what Excel shows when it opens the file.
 */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError } from 'csv-parse';
import { cancelled, importError } from '../errors.ts';
import { MAX_CELL_CHARS, type RawRow, type ReadProgress } from '../raw-row.ts';
import { detectDelimiter, sepDirective, type Delimiter } from './delimiter.ts';
import { createDecoder, decodedLooksBinary, detectEncoding, type TextEncoding } from './encoding.ts';

export interface TextSurvey {
  encoding: TextEncoding;
  bomLength: number;
  delimiter: Delimiter;
  /** The file starts with Excel's "sep=x" line, which is not a row. */
  sepLine: boolean;
}

/** Longest record csv-parse buffers before giving up: a broken quote would otherwise swallow the file. */
export const MAX_RECORD_BYTES = 2 * 1024 * 1024;

/**
 * ="0123" is how many systems write a value into CSV so that Excel keeps it as text (leading zeros,
 * long digit strings); the value is what is inside.
 */
export function unwrapFormulaText(cell: string): string {
  if (cell.length < 3 || cell.charCodeAt(0) !== 0x3d || cell.charCodeAt(1) !== 0x22 || !cell.endsWith('"')) return cell;
  return cell.slice(2, -1).replace(/""/g, '"');
}

function preferredDelimiter(filePath: string): Delimiter {
  return extname(filePath).toLowerCase() === '.tsv' ? '\t' : ',';
}

export interface TextSurveyOptions {
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  signal?: AbortSignal;
}

/** Decides encoding and delimiter from the file's head (and, for UTF-8, a strict check of all of it). */
export async function surveyText(filePath: string, head: Buffer, size: number, options: TextSurveyOptions = {}): Promise<TextSurvey> {
  const detected = await detectEncoding(filePath, head, options.signal);
  const encoding = options.encoding ?? detected.encoding;
  const bomLength = options.encoding && options.encoding !== detected.encoding ? 0 : detected.bomLength;
  const decoder = createDecoder(encoding);
  const sample = decoder.write(head.subarray(bomLength)) + (head.length === size ? decoder.end() : '');
  if (decodedLooksBinary(sample.slice(0, 16_384))) throw importError(filePath, 'binary');
  if (sample.trim() === '') throw importError(filePath, 'emptyFile');
  const sep = sepDirective(sample);
  const delimiter = options.delimiter ?? sep ?? detectDelimiter(sample, head.length === size, preferredDelimiter(filePath));
  return { encoding, bomLength, delimiter, sepLine: sep !== null };
}

function toUtf8(encoding: TextEncoding): Transform {
  const decoder = createDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const text = decoder.write(chunk);
      if (text) callback(null, text);
      else callback();
    },
    flush(callback) {
      const text = decoder.end();
      if (text) callback(null, text);
      else callback();
    },
  });
}

export interface TextReadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ReadProgress) => void;
  totalBytes: number;
}

function csvFailure(filePath: string, error: CsvError, row: number): Error {
  if (error.code === 'CSV_MAX_RECORD_SIZE') return importError(filePath, 'recordTooLarge', { row, limit: MAX_RECORD_BYTES.toLocaleString('en-US') });
  const detail = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'quote not closed' : error.message.slice(0, 120);
  return importError(filePath, 'malformedCsv', { row, detail });
}

export async function* readTextRows(filePath: string, survey: TextSurvey, options: TextReadOptions): AsyncGenerator<RawRow> {
  const source = createReadStream(filePath, { start: survey.bomLength, highWaterMark: 256 * 1024 });
  const parser = parse({
    delimiter: survey.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
    bom: false,
    encoding: 'utf8',
  });
  const stages = survey.encoding === 'utf-8' ? pipeline(source, parser) : pipeline(source, toUtf8(survey.encoding), parser);
  // The pipeline's own failure surfaces through the parser iteration below; this only keeps it handled.
  stages.catch(() => undefined);
  const onAbort = (): void => {
    source.destroy(new Error('cancelled'));
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let row = 0;
  let skipSep = survey.sepLine;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (skipSep) {
        skipSep = false;
        continue;
      }
      row++;
      let oversized: RawRow['oversized'];
      const cells = record.map((cell, column) => {
        if (cell.length <= MAX_CELL_CHARS) return unwrapFormulaText(cell);
        (oversized ??= []).push({ column, length: cell.length });
        return null;
      });
      options.onProgress?.({ bytesRead: source.bytesRead + survey.bomLength, totalBytes: options.totalBytes });
      yield oversized ? { row, cells, oversized } : { row, cells };
      if (options.signal?.aborted) throw cancelled();
    }
    await stages;
    options.onProgress?.({ bytesRead: options.totalBytes, totalBytes: options.totalBytes });
  } catch (error) {
    if (options.signal?.aborted) throw cancelled();
    if ((error as CsvError).code?.startsWith('CSV_')) {
      // The parser reads ahead of the rows taken from it: the failing row is the one after every record
      // it had parsed (the sep= line is one of them), not after the last row this loop saw.
      const parsed = (error as CsvError & { records?: unknown }).records;
      const failingRow = typeof parsed === 'number' ? parsed + 1 - (survey.sepLine ? 1 : 0) : row + 1;
      throw csvFailure(filePath, error as CsvError, failingRow);
    }
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    source.destroy();
    parser.destroy();
  }
}
