/**
 * The safety and survey pass over an xlsx, run before every read: checks the zip (damage, zip bombs,
 * encryption, unsupported variants) by unpacking every part with hard limits, lists the sheets with their
 * row counts, and gathers what the row reader needs (part locations, date system, CJK date styles,
 * merged ranges). Unpacking is cheap next to XML parsing, so this costs a few percent of the read it
 * protects.
 */
import { open } from 'node:fs/promises';
import { cancelled, importError } from '../errors.ts';
import { cellDateStyles, parseWorkbookParts, type SheetPart } from './workbook-parts.ts';
import { SheetScanner, TextTooLong, type MergedRange } from './sheet-scan.ts';
import { DEFAULT_ZIP_LIMITS, inflateEntry, readSmallEntry, readZipDirectory, ZipProblem, type ZipEntry, type ZipLimits } from './zip-directory.ts';

export interface XlsxSheet extends SheetPart {
  /** Rows holding at least one value (title and header rows included). */
  rowsWithValues: number;
  merges: MergedRange[];
}

export interface XlsxSurvey {
  sheets: XlsxSheet[];
  /** Every part of the zip by name, checked. */
  entries: Map<string, ZipEntry>;
  sharedStrings: ZipEntry | null;
  styles: ZipEntry | null;
  date1904: boolean;
  /** Cell styles (xf indexes) showing numbers as dates, and those using a CJK built-in date format. */
  dateStyles: Set<number>;
  cjkDateStyles: Set<number>;
  limits: XlsxLimits;
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
  if (names.has('mimetype') && names.has('content.xml')) throw importError(filePath, 'ods');
  if ([...names].some((name) => name.startsWith('Index/') || name === 'Index.zip' || name.endsWith('.iwa'))) throw importError(filePath, 'numbers');
  throw importError(filePath, 'notSpreadsheetZip');
}

export function zipError(filePath: string, problem: ZipProblem): Error {
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

export function maxTextLabel(limits: XlsxLimits): string {
  return `${Math.round(limits.maxTextBytes / 1024 / 1024)} MB`;
}

async function survey(filePath: string, size: number, limits: XlsxLimits, signal?: AbortSignal): Promise<XlsxSurvey> {
  const handle = await open(filePath, 'r');
  let list: ZipEntry[];
  try {
    list = await readZipDirectory(handle, size, limits);
  } finally {
    await handle.close();
  }
  const entries = new Map(list.map((entry) => [entry.name, entry]));
  const workbookEntry = entries.get('xl/workbook.xml');
  if (!workbookEntry) classifyForeignZip(filePath, new Set(entries.keys()));
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  if (!relsEntry) throw importError(filePath, 'xlsxDamaged');
  const workbookXml = await readSmallEntry(filePath, workbookEntry, limits, SMALL_PART_LIMIT);
  const relsXml = await readSmallEntry(filePath, relsEntry, limits, SMALL_PART_LIMIT);
  const parts = parseWorkbookParts(workbookXml, relsXml, null);
  const styles = entries.get(parts.stylesPath ?? 'xl/styles.xml') ?? null;
  const sharedStrings = entries.get(parts.sharedStringsPath ?? 'xl/sharedStrings.xml') ?? null;
  const stylesXml = styles ? await readSmallEntry(filePath, styles, limits, SMALL_PART_LIMIT) : null;

  const sheetByPath = new Map(parts.sheets.map((sheet) => [sheet.path, sheet]));
  const scans = new Map<string, { rowsWithValues: number; merges: MergedRange[] }>();
  const done = new Set([workbookEntry, relsEntry, styles]);
  // Every part is unpacked once, in file order, with the limits: a bomb can hide in any part.
  const ordered = [...list].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let total = 0;
  for (const entry of ordered) {
    if (done.has(entry) || entry.name.endsWith('/')) continue;
    if (signal?.aborted) throw cancelled();
    const isXml = entry.name.endsWith('.xml') || entry.name.endsWith('.rels');
    const scanner = isXml ? new SheetScanner(limits.maxTextBytes) : null;
    await inflateEntry(filePath, entry, limits, (chunk) => {
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
  return {
    sheets,
    entries,
    sharedStrings,
    styles,
    date1904: parts.date1904,
    ...(stylesXml ? cellDateStyles(stylesXml) : { dateStyles: new Set<number>(), cjkDateStyles: new Set<number>() }),
    limits,
  };
}

/** Surveys an xlsx (or refuses it with the error the operator can act on). */
export async function inspectXlsx(filePath: string, size: number, limits: XlsxLimits = DEFAULT_XLSX_LIMITS, signal?: AbortSignal): Promise<XlsxSurvey> {
  try {
    return await survey(filePath, size, limits, signal);
  } catch (error) {
    if (error instanceof ZipProblem) throw zipError(filePath, error);
    if (error instanceof TextTooLong) throw importError(filePath, 'cellTooLarge', { limit: maxTextLabel(limits) });
    throw error;
  }
}
