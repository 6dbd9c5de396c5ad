/**
 * A fast pass over a worksheet's raw XML while its bytes are checked for size: counts the rows that hold
 * a value (to list sheets with their sizes and pick the default before reading any), finds the longest
 * text run (a 50 MB cell is refused before anything builds it), collects merged ranges that span several
 * rows (they come after the rows in the file, and their value is filled down when reading), and notices
 * rows without numbers, which no reader can place. Namespace prefixes (<x:row>, as the .NET Open XML SDK
 * writes) are read like plain names. The inflated bytes are scanned as they are, never decoded whole:
 * tag names are ASCII and multi-byte UTF-8 never holds a byte that looks like '<' or '>', so only the
 * few attributes read with a regex (a row's number, a merged range) are turned into strings, as latin1.
 * Text lengths are in bytes.
 */

export interface MergedRange {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface SheetScan {
  /** Rows with at least one non-empty value. */
  rowsWithValues: number;
  /** Longest run of text between two tags, in bytes. */
  longestText: number;
  /** 1-based row of the longest run, for the error message. */
  longestTextRow: number;
  /** Merged ranges spanning more than one row. */
  merges: MergedRange[];
  /** Why ExcelJS could not read this sheet faithfully, or null. */
  unsupported: string | null;
}

const MAX_MERGES = 100_000;
/** An unterminated tag longer than this is not XML any spreadsheet program writes. */
const MAX_TAG_BYTES = 1024 * 1024;
/** How far a byte is looked for in a plain loop before memchr: a call costs ~20 ns, and most tags are ~10 bytes apart. */
const INLINE_SEARCH = 32;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const ROW = Buffer.from('row', 'latin1');
const MERGE_CELL = Buffer.from('mergeCell', 'latin1');

function decodeColumn(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** "B3" → { col: 2, row: 3 } */
function decodeRef(ref: string): { col: number; row: number } | null {
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref);
  if (!match?.[1] || !match[2]) return null;
  return { col: decodeColumn(match[1]), row: Number(match[2]) };
}

/** Index of `byte` at or after `from`, or -1. */
function find(bytes: Buffer, byte: number, from: number): number {
  const stop = Math.min(bytes.length, from + INLINE_SEARCH);
  for (let i = from; i < stop; i++) if (bytes[i] === byte) return i;
  return stop === bytes.length ? -1 : bytes.indexOf(byte, stop);
}

/** What /\S/ finds in a latin1 string: anything but tab, LF, VT, FF, CR, space and NBSP (0xA0). */
function hasNonSpace(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const byte = bytes[i] ?? 0x20;
    if (byte !== 0x20 && byte !== 0xa0 && (byte < 0x09 || byte > 0x0d)) return true;
  }
  return false;
}

/** "x:row" → where "row" starts (searched within the name only: a search on through the chunk would make the scan quadratic). */
function localStart(bytes: Buffer, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] === 0x3a) return i + 1;
  return from;
}

function sameBytes(bytes: Buffer, from: number, to: number, name: Buffer): boolean {
  if (to - from !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (bytes[from + i] !== name[i]) return false;
  return true;
}

export class SheetScanner {
  /** The start of a tag whose '>' has not come yet, copied piece by piece. */
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private inRow = false;
  private rowHasValue = false;
  private currentRow = 0;
  private textRun = 0;
  private valueTagOpen = false;
  private readonly result: SheetScan = { rowsWithValues: 0, longestText: 0, longestTextRow: 0, merges: [], unsupported: null };
  private readonly maxTextBytes: number;

  /** Stops (throws TextTooLong) as soon as a text run passes maxTextBytes. */
  constructor(maxTextBytes: number) {
    this.maxTextBytes = maxTextBytes;
  }

  push(chunk: Buffer): void {
    let pos = 0;
    if (this.carryBytes > 0) {
      const gt = find(chunk, GT, 0);
      if (gt === -1) {
        this.keep(chunk, 0);
        return;
      }
      const tag = Buffer.concat([...this.carry, chunk.subarray(0, gt + 1)]);
      this.carry = [];
      this.carryBytes = 0;
      this.tag(tag, 0, tag.length - 1);
      this.textRun = 0;
      pos = gt + 1;
    }
    for (;;) {
      const lt = find(chunk, LT, pos);
      if (lt === -1) {
        this.addText(chunk, pos, chunk.length);
        return;
      }
      this.addText(chunk, pos, lt);
      const gt = find(chunk, GT, lt + 1);
      if (gt === -1) {
        this.keep(chunk, lt);
        return;
      }
      this.tag(chunk, lt, gt);
      this.textRun = 0;
      pos = gt + 1;
    }
  }

  finish(): SheetScan {
    return this.result;
  }

  /** Copied: the caller may reuse its buffer. */
  private keep(chunk: Buffer, from: number): void {
    this.carry.push(Buffer.from(chunk.subarray(from)));
    this.carryBytes += chunk.length - from;
    if (this.carryBytes > MAX_TAG_BYTES) throw new TextTooLong(this.carryBytes, this.currentRow);
  }

  private addText(bytes: Buffer, from: number, to: number): void {
    const length = to - from;
    if (length <= 0) return;
    this.textRun += length;
    if (this.textRun > this.result.longestText) {
      this.result.longestText = this.textRun;
      this.result.longestTextRow = this.currentRow;
      if (this.textRun > this.maxTextBytes) throw new TextTooLong(this.textRun, this.currentRow);
    }
    // A value tag followed by something other than whitespace makes the row a data row.
    if (this.valueTagOpen && this.inRow && !this.rowHasValue && hasNonSpace(bytes, from, Math.min(to, from + 64))) this.rowHasValue = true;
  }

  private tag(bytes: Buffer, lt: number, gt: number): void {
    const closing = bytes[lt + 1] === SLASH;
    this.valueTagOpen = false;
    const nameStart = closing ? lt + 2 : lt + 1;
    // Three of four tags in a sheet are <c …>, </c> and </v>, and <v> most of the rest: told apart by
    // two bytes. (Only a nameless tag, whose first byte is '>', has its second byte past the tag.)
    const first = bytes[nameStart];
    const second = bytes[nameStart + 1];
    if (first === 0x63 && (second === 0x20 || second === GT || second === SLASH)) return;
    if (first === 0x76 && second === GT) {
      this.valueTagOpen = !closing;
      return;
    }
    const nameEnd = this.nameEnd(bytes, nameStart, gt);
    const local = localStart(bytes, nameStart, nameEnd);
    if (closing) {
      if (sameBytes(bytes, local, nameEnd, ROW)) this.endRow();
      return;
    }
    const selfClosing = bytes[gt - 1] === SLASH;
    if (sameBytes(bytes, local, nameEnd, ROW)) {
      const r = /\sr="(\d+)"/.exec(bytes.toString('latin1', nameEnd, gt));
      if (!r?.[1]) {
        this.result.unsupported ??= 'row without a number';
        return;
      }
      this.currentRow = Number(r[1]);
      this.inRow = true;
      this.rowHasValue = false;
      if (selfClosing) this.endRow();
    } else if (nameEnd - local === 1 && (bytes[local] === 0x76 || bytes[local] === 0x74)) {
      this.valueTagOpen = !selfClosing;
    } else if (sameBytes(bytes, local, nameEnd, MERGE_CELL)) {
      this.merge(bytes.toString('latin1', nameEnd, gt));
    }
  }

  private nameEnd(bytes: Buffer, from: number, gt: number): number {
    for (let i = from; i < gt; i++) {
      const code = bytes[i];
      if (code === 0x20 || code === 0x2f || code === 0x09 || code === 0x0a || code === 0x0d) return i;
    }
    return gt;
  }

  private endRow(): void {
    if (this.inRow && this.rowHasValue) this.result.rowsWithValues++;
    this.inRow = false;
    this.rowHasValue = false;
  }

  private merge(attributes: string): void {
    const ref = /\sref="([A-Z$0-9]+):([A-Z$0-9]+)"/.exec(attributes);
    if (!ref?.[1] || !ref[2]) return;
    const from = decodeRef(ref[1]);
    const to = decodeRef(ref[2]);
    if (!from || !to || to.row <= from.row || this.result.merges.length >= MAX_MERGES) return;
    this.result.merges.push({ top: from.row, bottom: to.row, left: from.col, right: to.col });
  }
}

/** A text run longer than the cap: the file holds a cell no spreadsheet program writes. */
export class TextTooLong extends Error {
  readonly bytes: number;
  readonly row: number;
  constructor(bytes: number, row: number) {
    super(`text run of ${bytes} bytes near row ${row}`);
    this.bytes = bytes;
    this.row = row;
  }
}
