/**
 * A fast pass over a worksheet's raw XML while its bytes are checked for size: counts the rows that hold
 * a value (to list sheets with their sizes and pick the default before reading any), finds the longest
 * text run (a 50 MB cell is refused before anything builds it), collects merged ranges that span several
 * rows (they come after the rows in the file, and their value is filled down when reading), and notices
 * rows without numbers, which no reader can place. Namespace prefixes (<x:row>, as the .NET Open XML SDK
 * writes) are read like plain names. Tag names are ASCII, so the bytes are viewed as latin1: fast, and
 * multi-byte UTF-8 never looks like '<'.
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

/** "x:row" → "row" (searched within the name only: a search back through the chunk would make the scan quadratic). */
function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

export class SheetScanner {
  private carry = '';
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
    const text = this.carry + chunk.toString('latin1');
    let pos = 0;
    for (;;) {
      const lt = text.indexOf('<', pos);
      if (lt === -1) {
        this.addText(text.length - pos, text, pos);
        this.carry = '';
        return;
      }
      this.addText(lt - pos, text, pos);
      const gt = text.indexOf('>', lt);
      if (gt === -1) {
        this.carry = text.slice(lt);
        if (this.carry.length > 1024 * 1024) throw new TextTooLong(this.carry.length, this.currentRow);
        return;
      }
      this.tag(text, lt, gt);
      this.textRun = 0;
      pos = gt + 1;
    }
  }

  finish(): SheetScan {
    return this.result;
  }

  private addText(length: number, text: string, from: number): void {
    if (length <= 0) return;
    this.textRun += length;
    if (this.textRun > this.result.longestText) {
      this.result.longestText = this.textRun;
      this.result.longestTextRow = this.currentRow;
      if (this.textRun > this.maxTextBytes) throw new TextTooLong(this.textRun, this.currentRow);
    }
    // A value tag followed by something other than whitespace makes the row a data row.
    if (this.valueTagOpen && this.inRow && !this.rowHasValue && /\S/.test(text.slice(from, from + Math.min(length, 64)))) this.rowHasValue = true;
  }

  private tag(text: string, lt: number, gt: number): void {
    const closing = text.charCodeAt(lt + 1) === 0x2f;
    this.valueTagOpen = false;
    const nameStart = closing ? lt + 2 : lt + 1;
    // Three of four tags in a sheet are <c …>, </c> and </v>, and <v> most of the rest: told apart by
    // two characters, without slicing out their names.
    const first = text.charCodeAt(nameStart);
    const second = text.charCodeAt(nameStart + 1);
    if (first === 0x63 && (second === 0x20 || second === 0x3e || second === 0x2f)) return;
    if (first === 0x76 && second === 0x3e) {
      this.valueTagOpen = !closing;
      return;
    }
    const nameEnd = this.nameEnd(text, nameStart, gt);
    const name = localName(text.slice(nameStart, nameEnd));
    if (closing) {
      if (name === 'row') this.endRow();
      return;
    }
    const selfClosing = text.charCodeAt(gt - 1) === 0x2f;
    switch (name) {
      case 'row': {
        const r = /\sr="(\d+)"/.exec(text.slice(nameEnd, gt));
        if (!r?.[1]) {
          this.result.unsupported ??= 'row without a number';
          return;
        }
        this.currentRow = Number(r[1]);
        this.inRow = true;
        this.rowHasValue = false;
        if (selfClosing) this.endRow();
        return;
      }
      case 'v':
      case 't':
        this.valueTagOpen = !selfClosing;
        return;
      case 'mergeCell':
        this.merge(text.slice(nameEnd, gt));
        return;
      default:
    }
  }

  private nameEnd(text: string, from: number, gt: number): number {
    for (let i = from; i < gt; i++) {
      const code = text.charCodeAt(i);
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

