/**
 * Reads an xlsx's zip central directory and inflates single entries with hard limits, before ExcelJS is
 * allowed near the file. The central directory sits at the end of a zip, so a truncated download fails
 * here with a clear "damaged" error instead of hanging a streaming reader; declared sizes and compression
 * ratios catch a zip bomb before anything is unpacked, and the actual inflated bytes are counted too,
 * because a bomb can lie about its sizes.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInflateRaw, crc32 } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipLimits {
  /** Largest unpacked size of one entry. */
  maxEntryBytes: number;
  /** Largest unpacked size of all entries together. */
  maxTotalBytes: number;
  /** Largest unpacked/packed ratio for entries over ratioFloorBytes; real xlsx parts stay far below. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 1024 ** 3,
  maxTotalBytes: 2 * 1024 ** 3,
  maxRatio: 500,
  ratioFloorBytes: 10 * 1024 ** 2,
  maxEntries: 10_000,
};

/** Why a zip cannot be read; mapped to importer errors by the caller. */
export class ZipProblem extends Error {
  readonly kind: 'damaged' | 'tooLarge' | 'unsupported' | 'encrypted';
  constructor(kind: ZipProblem['kind'], detail: string) {
    super(detail);
    this.kind = kind;
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead < length) throw new ZipProblem('damaged', 'unexpected end of file');
  return buffer;
}

function uint64(buffer: Buffer, offset: number): number {
  const value = buffer.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipProblem('tooLarge', 'zip64 size out of range');
  return Number(value);
}

interface Directory {
  count: number;
  size: number;
  offset: number;
}

async function findDirectory(handle: FileHandle, fileSize: number): Promise<Directory> {
  if (fileSize < EOCD_MIN) throw new ZipProblem('damaged', 'too small to be a zip');
  const tailLength = Math.min(fileSize, EOCD_MIN + MAX_COMMENT);
  const tailStart = fileSize - tailLength;
  const tail = await readAt(handle, tailStart, tailLength);
  for (let i = tail.length - EOCD_MIN; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIGNATURE) continue;
    let count = tail.readUInt16LE(i + 10);
    let size = tail.readUInt32LE(i + 12);
    let offset = tail.readUInt32LE(i + 16);
    if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
      const locatorAt = tailStart + i - 20;
      if (locatorAt < 0) throw new ZipProblem('damaged', 'zip64 locator missing');
      const locator = await readAt(handle, locatorAt, 20);
      if (locator.readUInt32LE(0) !== ZIP64_LOCATOR_SIGNATURE) throw new ZipProblem('damaged', 'zip64 locator missing');
      const record = await readAt(handle, uint64(locator, 8), 56);
      if (record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) throw new ZipProblem('damaged', 'zip64 directory missing');
      count = uint64(record, 32);
      size = uint64(record, 40);
      offset = uint64(record, 48);
    }
    if (offset + size > fileSize) throw new ZipProblem('damaged', 'central directory outside the file');
    return { count, size, offset };
  }
  throw new ZipProblem('damaged', 'end of central directory not found');
}

/** Sizes and offset from the zip64 extra field, for entries whose 32-bit fields are saturated. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  let at = 0;
  while (at + 4 <= extra.length) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      if (entry.uncompressedSize === 0xffffffff && field + 8 <= at + 4 + length) {
        entry.uncompressedSize = uint64(extra, field);
        field += 8;
      }
      if (entry.compressedSize === 0xffffffff && field + 8 <= at + 4 + length) {
        entry.compressedSize = uint64(extra, field);
        field += 8;
      }
      if (entry.localHeaderOffset === 0xffffffff && field + 8 <= at + 4 + length) entry.localHeaderOffset = uint64(extra, field);
      return;
    }
    at += 4 + length;
  }
}

/** Lists the entries and checks the declared sizes against the limits. */
export async function readZipDirectory(handle: FileHandle, fileSize: number, limits: ZipLimits): Promise<ZipEntry[]> {
  const directory = await findDirectory(handle, fileSize);
  if (directory.count > limits.maxEntries) throw new ZipProblem('tooLarge', `${directory.count} entries`);
  if (directory.size > 64 * 1024 ** 2) throw new ZipProblem('tooLarge', 'central directory too large');
  const data = await readAt(handle, directory.offset, directory.size);
  const entries: ZipEntry[] = [];
  let at = 0;
  let total = 0;
  for (let n = 0; n < directory.count; n++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw new ZipProblem('damaged', 'central directory entry broken');
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      flags: data.readUInt16LE(at + 8),
      method: data.readUInt16LE(at + 10),
      crc32: data.readUInt32LE(at + 16),
      compressedSize: data.readUInt32LE(at + 20),
      uncompressedSize: data.readUInt32LE(at + 24),
      localHeaderOffset: data.readUInt32LE(at + 42),
      name: data.toString('utf8', at + 46, at + 46 + nameLength),
    };
    applyZip64Extra(entry, data.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (entry.localHeaderOffset + entry.compressedSize > fileSize) throw new ZipProblem('damaged', `${entry.name} lies outside the file`);
    if (entry.uncompressedSize > limits.maxEntryBytes) throw new ZipProblem('tooLarge', `${entry.name}: ${entry.uncompressedSize} bytes`);
    if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio) {
      throw new ZipProblem('tooLarge', `${entry.name}: ratio ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))}:1`);
    }
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes) throw new ZipProblem('tooLarge', `${total} bytes in total`);
    entries.push(entry);
  }
  return entries;
}

/** Where an entry's compressed bytes start: after its local header, whose name/extra lengths may differ. */
async function dataOffset(handle: FileHandle, entry: ZipEntry): Promise<number> {
  const header = await readAt(handle, entry.localHeaderOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new ZipProblem('damaged', `${entry.name}: local header missing`);
  return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

/**
 * One entry's unpacked bytes, chunk by chunk with back-pressure, stopping with a ZipProblem as soon as it
 * unpacks to more than it declared (or than the limit allows), and checking its CRC at the end.
 */
export async function* entryChunks(filePath: string, entry: ZipEntry, limits: ZipLimits, signal?: AbortSignal): AsyncGenerator<Buffer> {
  if (entry.flags & 0x1) throw new ZipProblem('encrypted', entry.name);
  if (entry.method !== 0 && entry.method !== 8) throw new ZipProblem('unsupported', `${entry.name}: compression method ${entry.method}`);
  const handle = await open(filePath, 'r');
  let start: number;
  try {
    start = await dataOffset(handle, entry);
  } finally {
    await handle.close();
  }
  const limit = Math.min(entry.uncompressedSize, limits.maxEntryBytes);
  let produced = 0;
  let crc = 0;
  if (entry.compressedSize > 0) {
    const raw = createReadStream(filePath, { start, end: start + entry.compressedSize - 1, highWaterMark: 256 * 1024, signal });
    const source = entry.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 256 * 1024 })) : raw;
    raw.on('error', (error) => source.destroy(error));
    try {
      for await (const data of source) {
        const chunk = data as Buffer;
        produced += chunk.length;
        // Unpacking to more than declared is how a bomb hides from the size checks on the directory.
        if (produced > limit) throw new ZipProblem('tooLarge', `${entry.name} unpacks to more than the ${limit} bytes it declares`);
        crc = crc32(chunk, crc);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof ZipProblem || (error as { name?: string }).name === 'AbortError') throw error;
      throw new ZipProblem('damaged', `${entry.name}: ${(error as Error).message}`);
    } finally {
      raw.destroy();
      source.destroy();
    }
  }
  if (produced !== entry.uncompressedSize) throw new ZipProblem('damaged', `${entry.name}: ${produced} of ${entry.uncompressedSize} bytes`);
  if ((crc >>> 0) !== entry.crc32) throw new ZipProblem('damaged', `${entry.name}: checksum mismatch`);
}

/** Streams one entry's unpacked bytes to `onChunk` (see entryChunks); errors from onChunk pass through. */
export async function inflateEntry(filePath: string, entry: ZipEntry, limits: ZipLimits, onChunk: (chunk: Buffer) => void, signal?: AbortSignal): Promise<void> {
  for await (const chunk of entryChunks(filePath, entry, limits, signal)) onChunk(chunk);
}

/** Inflates a small entry (workbook, rels, styles) whole, within `maxBytes`. */
export async function readSmallEntry(filePath: string, entry: ZipEntry, limits: ZipLimits, maxBytes: number): Promise<string> {
  if (entry.uncompressedSize > maxBytes) throw new ZipProblem('tooLarge', `${entry.name}: ${entry.uncompressedSize} bytes`);
  const chunks: Buffer[] = [];
  await inflateEntry(filePath, entry, limits, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
