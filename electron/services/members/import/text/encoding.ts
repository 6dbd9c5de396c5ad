/**
 * Which encoding a text table is in. A BOM decides; UTF-16 without a BOM shows itself by its zero bytes;
 * otherwise the whole file is checked as strict UTF-8 (streamed, so memory stays flat) and anything that
 * is not valid UTF-8 is read as GB18030, the superset of GBK and GB2312 that Chinese Excel and WPS write.
 * No statistical guessing: a file is UTF-8 exactly when it decodes as UTF-8.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import type { ImportTextEncoding } from '../../../../../shared/domain/members/import-types.ts';
import { cancelled, importError } from '../errors.ts';

export type TextEncoding = ImportTextEncoding;

export interface EncodingInfo {
  encoding: TextEncoding;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
}

function bom(head: Buffer): EncodingInfo | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return null;
}

/** UTF-16 text of mostly ASCII/CJK has a zero in one byte of most pairs and almost never in the other. */
function utf16WithoutBom(head: Buffer): TextEncoding | null {
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZeros++;
    if (head[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros / pairs > 0.3 && evenZeros / pairs < 0.05) return 'utf-16le';
  if (evenZeros / pairs > 0.3 && oddZeros / pairs < 0.05) return 'utf-16be';
  return null;
}

/** Control bytes that never occur in a text table; many of them mean the file is binary. */
function looksBinary(head: Buffer): boolean {
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1a) || byte === 0x7f) controls++;
  }
  return controls > Math.max(4, head.length * 0.01);
}

/**
 * Where a chunk may end in the middle of a UTF-8 sequence: the start of a trailing lead byte whose
 * sequence is longer than what is left, or the chunk length when it ends cleanly.
 */
function completeLength(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? chunk.length - back : chunk.length;
  }
  return chunk.length;
}

/** Strict UTF-8 check of the whole file, chunk by chunk with the native validator. */
async function isValidUtf8(filePath: string, signal?: AbortSignal): Promise<boolean> {
  const stream = createReadStream(filePath, { highWaterMark: 1024 * 1024 });
  let carry: Buffer = Buffer.alloc(0);
  try {
    for await (const data of stream) {
      if (signal?.aborted) throw cancelled();
      const chunk = carry.length > 0 ? Buffer.concat([carry, data as Buffer]) : (data as Buffer);
      const cut = completeLength(chunk);
      if (!isUtf8(chunk.subarray(0, cut))) return false;
      carry = chunk.subarray(cut);
    }
    return isUtf8(carry);
  } finally {
    stream.destroy();
  }
}

/** Decides the encoding, or refuses a file that is not text at all. */
export async function detectEncoding(filePath: string, head: Buffer, signal?: AbortSignal): Promise<EncodingInfo> {
  const marked = bom(head);
  const utf16 = marked?.encoding.startsWith('utf-16') ? marked.encoding : utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, bomLength: marked?.bomLength ?? 0 };
  if (looksBinary(head.subarray(marked?.bomLength ?? 0))) throw importError(filePath, 'binary');
  if (marked) return marked;
  return { encoding: (await isValidUtf8(filePath, signal)) ? 'utf-8' : 'gb18030', bomLength: 0 };
}

/** A streaming decoder for one of the supported encodings. */
export interface ChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

export function createDecoder(encoding: TextEncoding): ChunkDecoder {
  if (encoding === 'utf-8' || encoding === 'utf-16le') {
    const decoder = new TextDecoder(encoding, { ignoreBOM: true });
    return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
  }
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
}

/** Text that decoded into many replacement characters or controls was not text in this encoding. */
export function decodedLooksBinary(sample: string): boolean {
  if (sample.length === 0) return false;
  let bad = 0;
  for (const ch of sample) {
    const code = ch.charCodeAt(0);
    if (code === 0xfffd || code === 0 || (code < 0x20 && code !== 9 && code !== 10 && code !== 13 && code !== 12)) bad++;
  }
  return bad > Math.max(4, sample.length * 0.02);
}
