/**
 * What kind of file the operator picked, judged by its bytes first and its extension second: a CSV saved
 * with an .xls name is read as CSV, an .xlsx renamed .csv is read as xlsx, and formats that cannot be read
 * get a message saying how to save them as .xlsx.
 */
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { AppFailure } from '../../../../shared/contract/result.ts';
import { fileSystemError, importError } from './errors.ts';

export type SniffedKind = 'xlsx' | 'text';

export interface SniffResult {
  kind: SniffedKind;
  size: number;
  /** The first bytes of the file (up to 64 KB). */
  head: Buffer;
}

const HEAD_BYTES = 64 * 1024;
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Signatures of common non-table files people pick by mistake. */
const BINARY_SIGNATURES: Buffer[] = [
  Buffer.from('%PDF'),
  Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  Buffer.from([0xff, 0xd8, 0xff]),
  Buffer.from('GIF8'),
  Buffer.from([0x1f, 0x8b]),
  Buffer.from([0x37, 0x7a, 0xbc, 0xaf]),
  Buffer.from('Rar!'),
  Buffer.from('BZh'),
  Buffer.from('SQLite format 3'),
  Buffer.from('MZ'),
  Buffer.from([0x7f, 0x45, 0x4c, 0x46]),
  Buffer.from('RIFF'),
  Buffer.from('ID3'),
];

/** Password-protected xlsx files are OLE2 containers holding an "EncryptedPackage" stream. */
async function isEncryptedOffice(filePath: string, size: number): Promise<boolean> {
  const marker = Buffer.from('EncryptedPackage', 'utf16le');
  const handle = await open(filePath, 'r');
  try {
    const length = Math.min(size, 4 * 1024 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, 0);
    return buffer.includes(marker);
  } finally {
    await handle.close();
  }
}

function startsWith(head: Buffer, signature: Buffer): boolean {
  return head.length >= signature.length && head.subarray(0, signature.length).equals(signature);
}

/** Web pages and XML spreadsheets that systems export with an .xls name. */
function markupKind(head: Buffer): 'html' | 'xml2003' | null {
  let text = head.subarray(0, 4096).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (head[0] === 0xff && head[1] === 0xfe) text = head.subarray(2, 8192).toString('utf16le');
  const start = text.trimStart().slice(0, 2048).toLowerCase();
  if (!start.startsWith('<')) return null;
  if (start.includes('urn:schemas-microsoft-com:office:spreadsheet') || /<workbook[\s>]/.test(start)) return 'xml2003';
  if (/<(?:!doctype html|html|table|head|meta|body)[\s>]/.test(start)) return 'html';
  return null;
}

export async function sniffFile(filePath: string): Promise<SniffResult> {
  let size: number;
  try {
    const info = await stat(filePath);
    if (info.isDirectory()) throw importError(filePath, extname(filePath).toLowerCase() === '.numbers' ? 'numbers' : 'isDirectory');
    size = info.size;
  } catch (error) {
    if (error instanceof AppFailure) throw error;
    throw fileSystemError(filePath, error);
  }
  if (size === 0) throw importError(filePath, 'emptyFile');
  let head: Buffer;
  try {
    const handle = await open(filePath, 'r');
    try {
      head = Buffer.alloc(Math.min(size, HEAD_BYTES));
      await handle.read(head, 0, head.length, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileSystemError(filePath, error);
  }
  if (startsWith(head, Buffer.from('PK\x03\x04')) || startsWith(head, Buffer.from('PK\x05\x06'))) return { kind: 'xlsx', size, head };
  if (startsWith(head, OLE2)) throw importError(filePath, (await isEncryptedOffice(filePath, size)) ? 'encrypted' : 'legacyXls');
  if (BINARY_SIGNATURES.some((signature) => startsWith(head, signature))) throw importError(filePath, 'binary');
  const markup = markupKind(head);
  if (markup === 'html') throw importError(filePath, 'htmlTable');
  if (markup === 'xml2003') throw importError(filePath, 'xmlSpreadsheet');
  if (startsWith(head, Buffer.from('{\\rtf'))) throw importError(filePath, 'unsupported');
  return { kind: 'text', size, head };
}
