/**
 * The safety and survey pass over an xlsx, run before every read: checks the zip (damage, zip bombs,
 * encryption, unsupported variants) by unpacking every part with hard limits, lists the sheets with their
 * row counts, and gathers what the row reader needs (date system, CJK date styles, merged ranges).
 * Unpacking is cheap next to XML parsing, so this costs a few percent of the read it protects.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { cancelled, importError } from '../errors.ts';
import { exceljsReadsDate1904, parseWorkbookParts, type SheetPart } from './workbook-parts.ts';
import { SheetScanner, TextTooLong, type MergedRange } from './sheet-scan.ts';
import { DEFAULT_ZIP_LIMITS, inflateEntry, readSmallEntry, readZipDirectory, ZipProblem, type ZipLimits } from './zip-directory.ts';

export interface XlsxSheet extends SheetPart {
  /** Rows holding at least one value (title and header rows included). */
  rowsWithValues: number;
  merges: MergedRange[];
}

export interface XlsxSurvey {
  sheets: XlsxSheet[];
  date1904: boolean;
  /** ExcelJS reads the 1904 flag only when written "1"; dates it converts are corrected otherwise. */
  exceljsDate1904: boolean;
  cjkDateStyles: Set<number>;
}

export interface XlsxLimits extends ZipLimits {
  /** Longest text between two XML tags, in bytes: a cell larger than this is refused outright. */
  maxTextBytes: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = { ...DEFAULT_ZIP_LIMITS, maxTextBytes: 1024 * 1024 };

const SMALL_PART_LIMIT = 32 * 1024 * 1024;

/** Names other zip-based formats are recognised by, to tell the operator what they picked. */
function classifyForeignZip(filePath: string, names: Set<string>): never {
  if (names.has('xl/workbook.bin')) throw importError(filePath, 'xlsb');
  if (names.has('mimetype') && (names.has('content.xml') || [...names].some((n) => n.endsWith('.ods')))) throw importError(filePath, 'ods');
  if ([...names].some((name) => name.startsWith('Index/') || name === 'Index.zip' || name.endsWith('.iwa'))) throw importError(filePath, 'numbers');
  throw importError(filePath, 'notSpreadsheetZip');
}

function zipError(filePath: string, problem: ZipProblem): Error {
  switch (problem.kind) {
    case 'tooLarge':
      return importError(filePath, 'xlsxTooLarge', { detail: problem.message });
    case 'encrypted':
      return importError(filePath, 'encrypted');
    case 'unsupported':
      return importError(filePath, 'xlsxUnsupported', { detail: problem.message });
    default:
      return importError(filePath, 'xlsxDamaged');
  }
}

function maxTextLabel(limits: XlsxLimits): string {
  return `${Math.round(limits.maxTextBytes / 1024 / 1024)} MB`;
}

async function survey(filePath: string, handle: FileHandle, size: number, limits: XlsxLimits, signal?: AbortSignal): Promise<XlsxSurvey> {
  const entries = await readZipDirectory(handle, size, limits);
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const workbookEntry = byName.get('xl/workbook.xml');
  if (!workbookEntry) classifyForeignZip(filePath, new Set(byName.keys()));
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
  if (!relsEntry) throw importError(filePath, 'xlsxDamaged');
  const stylesEntry = byName.get('xl/styles.xml');
  const workbookXml = await readSmallEntry(filePath, handle, workbookEntry, limits, SMALL_PART_LIMIT);
  const relsXml = await readSmallEntry(filePath, handle, relsEntry, limits, SMALL_PART_LIMIT);
  const stylesXml = stylesEntry ? await readSmallEntry(filePath, handle, stylesEntry, limits, SMALL_PART_LIMIT) : null;
  const parts = parseWorkbookParts(workbookXml, relsXml, stylesXml);

  const sheetByPath = new Map(parts.sheets.map((sheet) => [sheet.path, sheet]));
  const scans = new Map<string, { rowsWithValues: number; merges: MergedRange[] }>();
  const done = new Set([workbookEntry, relsEntry, stylesEntry]);
  // Every part is unpacked once, in file order: a bomb hidden in an image would otherwise still be
  // unpacked by the streaming reader as it skips over it.
  const ordered = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let total = 0;
  for (const entry of ordered) {
    if (done.has(entry) || entry.name.endsWith('/')) continue;
    if (signal?.aborted) throw cancelled();
    const isXml = entry.name.endsWith('.xml') || entry.name.endsWith('.rels');
    const scanner = isXml ? new SheetScanner(limits.maxTextBytes) : null;
    await inflateEntry(filePath, handle, entry, limits, (chunk) => {
      total += chunk.length;
      if (total > limits.maxTotalBytes) throw new ZipProblem('tooLarge', `more than ${limits.maxTotalBytes} bytes unpacked`);
      scanner?.push(chunk);
    }, signal);
    const sheet = sheetByPath.get(entry.name);
    if (sheet && scanner) {
      const scan = scanner.finish();
      if (scan.unsupported) throw importError(filePath, 'xlsxUnsupported', { detail: `${sheet.name}: ${scan.unsupported}` });
      scans.set(entry.name, { rowsWithValues: scan.rowsWithValues, merges: scan.merges });
    }
  }
  const sheets: XlsxSheet[] = parts.sheets.map((sheet) => {
    const scan = scans.get(sheet.path);
    if (!scan) throw importError(filePath, 'xlsxDamaged');
    return { ...sheet, ...scan };
  });
  return { sheets, date1904: parts.date1904, exceljsDate1904: exceljsReadsDate1904(workbookXml), cjkDateStyles: parts.cjkDateStyles };
}

/** Surveys an xlsx (or refuses it with the error the operator can act on). */
export async function inspectXlsx(filePath: string, size: number, limits: XlsxLimits = DEFAULT_XLSX_LIMITS, signal?: AbortSignal): Promise<XlsxSurvey> {
  const handle = await open(filePath, 'r');
  try {
    return await survey(filePath, handle, size, limits, signal);
  } catch (error) {
    if (error instanceof ZipProblem) throw zipError(filePath, error);
    if (error instanceof TextTooLong) throw importError(filePath, 'cellTooLarge', { limit: maxTextLabel(limits) });
    throw error;
  } finally {
    await handle.close();
  }
}

