/**
 * Streams the rows of one worksheet as plain CellValues: numeric phone cells stay numbers (written out
 * as digits later), cells whose style shows a date are Dates (CJK built-in date formats too), rich
 * text is joined, formulas give their cached result, and vertically merged cells are filled down from
 * their top cell.
 *
 * The parts are unpacked by entry (random access, with the survey's limits), decoded with a streaming
 * TextDecoder (a Chinese character split across two chunks stays whole) and read by a small scanner
 * made for this XML (xml-scan.ts). ExcelJS's streaming reader was used here before; it was the
 * slowest part of an import (a generic SAX parser plus a Row and Cell object per cell, about 3× the
 * time of the scanner), it sometimes stopped after the first sheet of WPS-style workbooks, and it kept
 * only the last run of rich inline text and the phonetic guide of a shared string instead of its text.
 */
import { AppFailure } from '../../../../../shared/contract/result.ts';
import { cancelled, importError } from '../errors.ts';
import { MAX_CELL_CHARS, type RawRow, type ReadProgress } from '../raw-row.ts';
import { zipError, type XlsxSheet, type XlsxSurvey } from './inspect-xlsx.ts';
import { MergeFiller } from './merge-filler.ts';
import { readSharedStrings } from './shared-strings.ts';
import { SheetRowHandler } from './sheet-rows.ts';
import { XmlScanner, XmlSyntaxError } from './xml-scan.ts';
import { entryChunks, ZipProblem, type ZipEntry } from './zip-directory.ts';

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

export interface XlsxReadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ReadProgress) => void;
  totalBytes: number;
}

/** Yields the rows of `sheet`; rows absent from the file (never written) are simply not yielded. */
export async function* readXlsxRows(filePath: string, survey: XlsxSurvey, sheet: XlsxSheet, options: XlsxReadOptions): AsyncGenerator<RawRow> {
  try {
    const entry = survey.entries.get(sheet.path);
    if (!entry) throw importError(filePath, 'xlsxDamaged');
    const sharedStrings = survey.sharedStrings ? await readSharedStrings(partText(filePath, survey.sharedStrings, survey, options.signal)) : [];
    const rows: RawRow[] = [];
    const handler = new SheetRowHandler({ sharedStrings, dateStyles: survey.dateStyles, cjkDateStyles: survey.cjkDateStyles, date1904: survey.date1904, maxCellChars: MAX_CELL_CHARS }, (row) => rows.push(row));
    const scanner = new XmlScanner(handler);
    const filler = new MergeFiller(sheet.merges);
    const sheetBytes = entry.compressedSize;
    let rowsRead = 0;
    for await (const text of partText(filePath, entry, survey, options.signal)) {
      if (options.signal?.aborted) throw cancelled();
      scanner.push(text);
      for (const row of rows) {
        filler.apply(row.row, row.cells);
        // Progress through the sheet, estimated from its rows: the scanner sees text, not packed bytes.
        rowsRead++;
        options.onProgress?.({ bytesRead: Math.min(sheetBytes, Math.round((rowsRead / Math.max(sheet.rowsWithValues, 1)) * sheetBytes)), totalBytes: sheetBytes });
        yield row;
      }
      rows.length = 0;
    }
    scanner.finish();
    options.onProgress?.({ bytesRead: sheetBytes, totalBytes: sheetBytes });
  } catch (error) {
    if (error instanceof AppFailure) throw error;
    if (error instanceof ZipProblem) throw zipError(filePath, error);
    if ((error as { name?: string }).name === 'AbortError') throw cancelled();
    if (error instanceof XmlSyntaxError || error instanceof SyntaxError || error instanceof RangeError) throw importError(filePath, 'xlsxDamaged');
    throw error;
  }
}
