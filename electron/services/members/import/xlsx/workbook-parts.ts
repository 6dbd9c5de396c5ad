/**
 * The few facts the importer needs from an xlsx's small XML parts, read with plain patterns (these parts
 * are machine-written and tiny): sheet names, order, visibility and part paths; where the shared strings
 * and styles are; the 1904 date system;
 * which cell styles show numbers as dates.
 */
import { attribute } from './xml-scan.ts';

export interface SheetPart {
  name: string;
  /** The worksheet part inside the zip, e.g. xl/worksheets/sheet1.xml. */
  path: string;
  hidden: boolean;
}

export interface WorkbookParts {
  sheets: SheetPart[];
  /** The shared strings and styles parts, wherever the workbook's relationships put them. */
  sharedStringsPath: string | null;
  stylesPath: string | null;
  date1904: boolean;
  /** Cell style (xf) indexes whose number format is a date or time format (built-in or the workbook's own). */
  dateStyles: Set<number>;
  /** Cell style (xf) indexes whose number format is a CJK built-in date format. */
  cjkDateStyles: Set<number>;
}

/** Built-in date and time formats every locale shares (m/d/yy, d-mmm-yy, h:mm, [h]:mm:ss ...). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/**
 * Built-in ids whose format code Excel picks by locale; in zh/ja/ko they are dates (or times), though
 * other readers (ExcelJS among them) take them for plain numbers.
 */
const CJK_DATE_FORMAT_IDS = new Set([27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Any namespace prefix: r:id, ns1:id … */
function prefixedId(tag: string): string | null {
  const match = /\s[\w.-]+:id\s*=\s*"([^"]*)"/.exec(tag);
  return match?.[1] ?? null;
}

function tags(xml: string, name: string): string[] {
  return xml.match(new RegExp(`<(?:[\\w-]+:)?${name}\\b[^>]*>`, 'g')) ?? [];
}

/** Resolves a relationship target against xl/ (relative) or the package root (absolute). */
function resolveTarget(target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

export function parseWorkbookParts(workbookXml: string, relsXml: string, stylesXml: string | null): WorkbookParts {
  const rels = new Map<string, string>();
  let sharedStringsPath: string | null = null;
  let stylesPath: string | null = null;
  for (const tag of tags(relsXml, 'Relationship')) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    const type = attribute(tag, 'Type') ?? '';
    if (id && target) rels.set(id, target);
    if (target && type.endsWith('/sharedStrings')) sharedStringsPath = resolveTarget(target);
    if (target && type.endsWith('/styles')) stylesPath = resolveTarget(target);
  }
  const sheets: SheetPart[] = [];
  for (const tag of tags(workbookXml, 'sheet')) {
    const name = attribute(tag, 'name');
    const rid = prefixedId(tag);
    const target = rid ? rels.get(rid) : undefined;
    if (!name || !target) continue;
    const path = resolveTarget(target);
    const state = attribute(tag, 'state');
    sheets.push({ name, path, hidden: state === 'hidden' || state === 'veryHidden' });
  }
  const workbookPr = tags(workbookXml, 'workbookPr')[0] ?? '';
  const date1904Value = attribute(workbookPr, 'date1904');
  const date1904 = date1904Value === '1' || date1904Value === 'true';
  return { sheets, sharedStringsPath, stylesPath, date1904, ...(stylesXml ? cellDateStyles(stylesXml) : { dateStyles: new Set(), cjkDateStyles: new Set() }) };
}

/** Whether a format code shows a date or time: any of y m d h s b outside quoted text and [..] sections. */
export function isDateFormatCode(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** The cell styles (xf indexes) that show numbers as dates, from styles.xml. */
export function cellDateStyles(stylesXml: string): { dateStyles: Set<number>; cjkDateStyles: Set<number> } {
  const custom = new Map<number, string>();
  for (const tag of tags(stylesXml, 'numFmt')) {
    const id = Number(attribute(tag, 'numFmtId'));
    if (Number.isInteger(id)) custom.set(id, attribute(tag, 'formatCode') ?? '');
  }
  const cellXfs = /<(?:[\w-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  const dateStyles = new Set<number>();
  const cjkDateStyles = new Set<number>();
  tags(cellXfs, 'xf').forEach((tag, index) => {
    const id = Number(attribute(tag, 'numFmtId') ?? '0');
    const code = custom.get(id);
    // A workbook that defines its own code for an id is read by that code.
    if (code !== undefined ? isDateFormatCode(code) : DATE_FORMAT_IDS.has(id)) dateStyles.add(index);
    else if (code === undefined && CJK_DATE_FORMAT_IDS.has(id)) cjkDateStyles.add(index);
  });
  return { dateStyles, cjkDateStyles };
}
