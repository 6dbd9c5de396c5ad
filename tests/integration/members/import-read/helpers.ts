/** Shared helpers of the import-reader integration tests: paths, temp files, and tiny zip/xlsx writers. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { AppError } from '../../../../shared/contract/result.ts';
import { AppFailure } from '../../../../shared/contract/result.ts';
import type { ImportRow } from '../../../../shared/domain/members/import-types.ts';
import { openImport, type ImportReadOptions } from '../../../../electron/services/members/import/index.ts';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..', '..');
export const sharedFixtures = resolve(repoRoot, '..', 'shared', 'fixtures');
export const ownFixtures = resolve(repoRoot, 'tests', 'fixtures', 'members');

/** A temp folder per test file, removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; file: (name: string, content?: Buffer | string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `cd-import-${prefix}-`));
  return {
    dir,
    file: (name, content) => {
      const path = join(dir, name);
      if (content !== undefined) writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The AppError an import call fails with (the test fails if it succeeds or throws anything else). */
export async function importFailure(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppFailure) return error.appError;
    throw error;
  }
  throw new Error('expected the import to fail');
}

/** Reads every row of a file through openImport. */
export async function readAll(path: string, options: ImportReadOptions = {}): Promise<{ rows: ImportRow[]; session: Awaited<ReturnType<typeof openImport>> }> {
  const session = await openImport(path, options);
  const rows: ImportRow[] = [];
  for await (const row of session.rows()) rows.push(row);
  return { rows, session };
}

export interface ZipItem {
  name: string;
  data: Buffer | string;
  /** Store instead of deflate. */
  store?: boolean;
  /** Lie about the unpacked size in both headers (zip bomb tests). */
  declaredSize?: number;
}

/** A minimal zip writer, so tests can build exactly the (broken) files they need. */
export function buildZip(items: ZipItem[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const raw = Buffer.isBuffer(item.data) ? item.data : Buffer.from(item.data, 'utf8');
    const packed = item.store ? raw : deflateRawSync(raw);
    const name = Buffer.from(item.name, 'utf8');
    const size = item.declaredSize ?? raw.length;
    const method = item.store ? 0 : 8;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One cell of a hand-written sheet: text (inline), a number with an optional style, or raw XML. */
export type SheetCell = string | number | { n: number; s: number } | { xml: string } | null;

function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Sheet XML from rows of cells keyed by row number (rows absent from the object are not written). */
export function sheetXml(rows: Record<number, SheetCell[]>, extra = ''): string {
  const body = Object.entries(rows)
    .map(([r, cells]) => {
      const inner = cells
        .map((cell, i) => {
          const ref = `${columnLetters(i)}${r}`;
          if (cell === null) return '';
          if (typeof cell === 'string') return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(cell)}</t></is></c>`;
          if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
          if ('xml' in cell) return cell.xml.replace('{ref}', ref);
          return `<c r="${ref}" s="${cell.s}"><v>${cell.n}</v></c>`;
        })
        .join('');
      return `<row r="${r}">${inner}</row>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData>${extra}</worksheet>`;
}

export interface XlsxSpec {
  sheets: { name: string; xml: string; hidden?: boolean }[];
  /** Extra cellXfs entries after the default one (style 0); e.g. '<xf numFmtId="31"/>' becomes style 1. */
  cellXfs?: string[];
  numFmts?: string;
  date1904?: '1' | 'true';
  sharedStrings?: string[];
  extraItems?: ZipItem[];
}

/** A small but complete xlsx, written by hand so each feature under test is exactly as specified. */
export function buildXlsx(spec: XlsxSpec): Buffer {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const workbook =
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}" xmlns:r="${rel}"><workbookPr${spec.date1904 ? ` date1904="${spec.date1904}"` : ''}/><sheets>` +
    spec.sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`).join('') +
    '</sheets></workbook>';
  const rels =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    spec.sheets.map((_s, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
    `<Relationship Id="rIdS" Type="${rel}/styles" Target="styles.xml"/>` +
    (spec.sharedStrings ? `<Relationship Id="rIdSS" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
    '</Relationships>';
  const xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>', ...(spec.cellXfs ?? [])];
  const styles =
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${ns}">${spec.numFmts ?? ''}<fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill/></fill></fills>` +
    `<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs></styleSheet>`;
  const items: ZipItem[] = [
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: '_rels/.rels', data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: workbook },
    { name: 'xl/_rels/workbook.xml.rels', data: rels },
    { name: 'xl/styles.xml', data: styles },
  ];
  if (spec.sharedStrings) {
    items.push({ name: 'xl/sharedStrings.xml', data: `<?xml version="1.0"?><sst xmlns="${ns}">${spec.sharedStrings.map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join('')}</sst>` });
  }
  spec.sheets.forEach((sheet, i) => items.push({ name: `xl/worksheets/sheet${i + 1}.xml`, data: sheet.xml }));
  return buildZip([...items, ...(spec.extraItems ?? [])]);
}
