/**
 * Turns a worksheet's XML (as scanned by xml-scan.ts) into rows of plain CellValues.
 *
 * <row r="5"><c r="B5" s="3" t="s"><v>12</v></c>...</row>
 * - t="s": an index into the shared strings; t="inlineStr": <is> text (rich runs joined);
 *   t="str": a formula's text result; t="b": boolean; t="e": an error such as #N/A (kept as its text);
 *   t="d": an ISO 8601 date; otherwise a number, a Date when the cell's style shows a date.
 * - A formula (<f>) counts by its cached result (<v>); a cell with no value is empty.
 * - A cell without r follows the one before it.
 */
import type { CellValue } from '../../../../../shared/domain/members/cell.ts';
import type { RawRow } from '../raw-row.ts';
import { attribute, decodeXmlText, XmlSyntaxError, type XmlHandler } from './xml-scan.ts';

export interface SheetContext {
  sharedStrings: readonly string[];
  dateStyles: ReadonlySet<number>;
  cjkDateStyles: ReadonlySet<number>;
  date1904: boolean;
  /** Longer text is left out of the row and reported (RawRow.oversized). */
  maxCellChars: number;
}

const MS_PER_DAY = 86_400_000;
/** 1899-12-30, day 0 of the 1900 date system (Excel's 1900 leap-year bug included). */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const DAYS_1900_TO_1904 = 1462;

/** An Excel serial day number as a Date whose UTC fields are the date and time in the sheet (see CellValue). */
export function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round(EPOCH_1900 + (serial + (date1904 ? DAYS_1900_TO_1904 : 0)) * MS_PER_DAY));
}

/** "BC12" → 55 (1-based); 0 when the reference has no column letters. */
function columnOfRef(ref: string): number {
  let column = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 0x41 && code <= 0x5a) column = column * 26 + (code - 0x40);
    else if (code !== 0x24) break;
  }
  return column;
}

/** Columns past XFD (16,384) are not a spreadsheet's. */
const MAX_COLUMN = 16_384;

export class SheetRowHandler implements XmlHandler {
  wantsText = false;
  private readonly context: SheetContext;
  private readonly emit: (row: RawRow) => void;
  private inSheetData = false;
  private rowNumber = 0;
  private cells: CellValue[] = [];
  private oversized: { column: number; length: number }[] | undefined;
  private column = 0;
  private inCell = false;
  private type: string | null = null;
  private style = 0;
  private value: string[] = [];
  private hasValue = false;
  private inInline = false;
  private phoneticDepth = 0;

  constructor(context: SheetContext, emit: (row: RawRow) => void) {
    this.context = context;
    this.emit = emit;
  }

  open(name: string, tag: string): void {
    switch (name) {
      case 'sheetData':
        this.inSheetData = true;
        return;
      case 'row': {
        if (!this.inSheetData) return;
        const r = Number(attribute(tag, 'r'));
        if (!Number.isInteger(r) || r < 1) throw new XmlSyntaxError('a row without a number');
        this.rowNumber = r;
        this.cells = [];
        this.oversized = undefined;
        this.column = 0;
        return;
      }
      case 'c': {
        if (this.rowNumber === 0) return;
        const ref = attribute(tag, 'r');
        const column = ref === null ? this.column + 1 : columnOfRef(ref);
        if (column < 1 || column > MAX_COLUMN) throw new XmlSyntaxError(`a cell reference ${ref ?? ''} outside the sheet`);
        this.column = column;
        this.inCell = true;
        this.type = attribute(tag, 't');
        const style = attribute(tag, 's');
        this.style = style === null ? 0 : Number(style);
        this.value = [];
        this.hasValue = false;
        this.inInline = false;
        return;
      }
      case 'v':
        if (this.inCell && !this.inInline) {
          this.value = [];
          this.hasValue = true;
          this.wantsText = true;
        }
        return;
      case 'is':
        if (this.inCell) {
          this.inInline = true;
          this.value = [];
          this.hasValue = true;
        }
        return;
      case 'rPh':
        this.phoneticDepth++;
        return;
      case 't':
        if (this.inInline && this.phoneticDepth === 0) this.wantsText = true;
        return;
      default:
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.wantsText = false;
        return;
      case 'is':
        this.inInline = false;
        return;
      case 'rPh':
        this.phoneticDepth--;
        return;
      case 'c':
        if (this.inCell) this.endCell();
        return;
      case 'row':
        if (this.rowNumber !== 0) this.endRow();
        return;
      case 'sheetData':
        this.inSheetData = false;
        return;
      default:
    }
  }

  text(raw: string): void {
    this.value.push(raw);
  }

  private endCell(): void {
    this.inCell = false;
    if (!this.hasValue) return;
    const raw = this.value.length === 1 ? (this.value[0] ?? '') : this.value.join('');
    const value = this.cellValue(raw);
    if (value === null) return;
    const index = this.column - 1;
    if (typeof value === 'string' && value.length > this.context.maxCellChars) {
      (this.oversized ??= []).push({ column: index, length: value.length });
      return;
    }
    const cells = this.cells;
    for (let i = cells.length; i < index; i++) cells[i] = null;
    cells[index] = value;
  }

  private cellValue(raw: string): CellValue {
    switch (this.type) {
      case 's': {
        const index = Number(raw);
        return Number.isInteger(index) ? (this.context.sharedStrings[index] ?? null) : null;
      }
      case 'inlineStr':
      case 'str':
        return decodeXmlText(raw);
      case 'b':
        return raw.trim() !== '' && Number(raw) !== 0;
      case 'e':
        return decodeXmlText(raw);
      case 'd': {
        const date = new Date(raw.trim());
        return Number.isNaN(date.getTime()) ? decodeXmlText(raw) : date;
      }
      default: {
        if (raw.trim() === '') return null;
        const number = Number(raw);
        if (Number.isNaN(number)) return decodeXmlText(raw);
        const { dateStyles, cjkDateStyles, date1904 } = this.context;
        if (dateStyles.has(this.style) || (number >= 1 && cjkDateStyles.has(this.style))) return serialToDate(number, date1904);
        return number;
      }
    }
  }

  private endRow(): void {
    const row: RawRow = this.oversized ? { row: this.rowNumber, cells: this.cells, oversized: this.oversized } : { row: this.rowNumber, cells: this.cells };
    this.rowNumber = 0;
    this.emit(row);
  }
}
