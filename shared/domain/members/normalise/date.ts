/**
 * Dates as operators' files hold them: date cells, Excel serial numbers (1900 and 1904 systems),
 * 2025年3月4日, 2025/3/4, 2025.3.4, 2025-03-04 21:15, 20250304, 4-Mar-2025, and d/m/y or m/d/y.
 * The last pair is the trap: 12/3/2024 is 12 March in most of the world and 3 December in the US. Which
 * one a column means is decided per column from all its values (see DateOrderTally); a value that stays
 * ambiguous is reported, not guessed.
 */
import { isoDateOf, type CellValue } from '../cell.ts';
import { accept, reject, type Normalised } from './result.ts';
import { cleanText, foldWidth } from './text.ts';

export type DateOrder = 'dmy' | 'mdy';

export interface DateOptions {
  /** The workbook counts serials from 1904-01-01 (old Mac Excel). */
  date1904?: boolean;
  /** The column's order for d/m/y-shaped values; null or absent when unknown. */
  order?: DateOrder | null;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const MS_PER_DAY = 86_400_000;
/** 1899-12-30: day 0 of the 1900 system once Lotus' fake 1900-02-29 is accounted for. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};

/** A time of day after the date, which a date field drops: 21:15, 21:15:30, 9:05 PM, T21:15:00+08:00. */
const TIME = String.raw`(?:[T\s]+\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const CN_TIME = String.raw`(?:\s*(?:上午|下午|晚上|早上|中午)?\s*\d{1,2}(?:[:：]\d{2}|[点时](?:\d{1,2}分?)?)(?:[:：]\d{2})?)?`;
const YMD = new RegExp(String.raw`^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})${TIME}$`);
const YMD_CN = new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?${CN_TIME}$`);
const YM_ONLY = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const AB_Y = new RegExp(String.raw`^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})${TIME}$`);
const D_MON_Y = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?[\s,-]+(\d{4}|\d{2})$/;
const MON_D_Y = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/;
const SERIAL_TEXT = /^\d{5}(?:\.\d+)?$/;

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function valid(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fromParts(year: number, month: number, day: number, original: string): Normalised<string> {
  if (!valid(year, month, day)) return reject('dateInvalid', { value: original });
  if (year < MIN_YEAR || year > MAX_YEAR) return reject('dateOutOfRange', { value: original });
  return accept(iso(year, month, day));
}

/** Two-digit years: 00–69 → 2000s, 70–99 → 1900s (Excel's own rule). */
function fullYear(text: string): number {
  const year = Number(text);
  if (text.length === 4) return year;
  return year < 70 ? 2000 + year : 1900 + year;
}

/** An Excel day serial as YYYY-MM-DD, or null when it cannot be a date. The time of day is dropped. */
export function excelSerialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return null;
  const day = Math.floor(serial);
  if (date1904) return isoDateOf(new Date(EPOCH_1904 + day * MS_PER_DAY));
  // Serial 60 is 1900-02-29, a day that never was (kept by Excel for Lotus compatibility).
  if (day === 60) return null;
  // Before that phantom day, serials are one day off the 1899-12-30 epoch.
  return isoDateOf(new Date(EPOCH_1900 + (day < 60 ? day + 1 : day) * MS_PER_DAY));
}

/**
 * What a d/m/y-shaped value says about its column: `dmy` when the first part is over 12, `mdy` when the
 * second is, `ambiguous` when both are 12 or less and differ, null when the value is not of that shape
 * (or is the same date either way, like 3/3/2024).
 */
export function dateOrderEvidence(value: CellValue): DateOrder | 'ambiguous' | null {
  if (typeof value !== 'string') return null;
  const match = AB_Y.exec(foldWidth(cleanText(value), 'all'));
  if (!match) return null;
  const a = Number(match[1]);
  const b = Number(match[3]);
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  if (a === b || a > 12 || b > 12) return null;
  return 'ambiguous';
}

/**
 * Decides a column's d/m/y order from all its values. A day over 12 in first place proves day-first, in
 * second place month-first; both at once is a contradiction and decides nothing.
 */
export class DateOrderTally {
  dayFirst = 0;
  monthFirst = 0;
  ambiguous = 0;

  add(value: CellValue): void {
    const evidence = dateOrderEvidence(value);
    if (evidence === 'dmy') this.dayFirst++;
    else if (evidence === 'mdy') this.monthFirst++;
    else if (evidence === 'ambiguous') this.ambiguous++;
  }

  /** The proven order, the hint when nothing is proven, or null. */
  decide(hint: DateOrder | null = null): DateOrder | null {
    if (this.dayFirst > 0 && this.monthFirst === 0) return 'dmy';
    if (this.monthFirst > 0 && this.dayFirst === 0) return 'mdy';
    if (this.dayFirst === 0 && this.monthFirst === 0) return hint;
    return null;
  }

  get conflicting(): boolean {
    return this.dayFirst > 0 && this.monthFirst > 0;
  }
}

/** An order written in a header, e.g. "Date (MM/DD/YYYY)" or "日期（日/月/年）". */
export function dateOrderHintFromHeader(header: string): DateOrder | null {
  const text = foldWidth(header, 'all').toLowerCase();
  if (/m{1,2}\s*[-/.]\s*d{1,2}\s*[-/.]\s*y{2,4}|月\s*[-/.]\s*日\s*[-/.]\s*年/.test(text)) return 'mdy';
  if (/d{1,2}\s*[-/.]\s*m{1,2}\s*[-/.]\s*y{2,4}|日\s*[-/.]\s*月\s*[-/.]\s*年/.test(text)) return 'dmy';
  return null;
}

function parseText(text: string, original: string, options: DateOptions): Normalised<string | null> {
  let match = YMD.exec(text) ?? YMD_CN.exec(text);
  if (match) return fromParts(Number(match[1]), Number(match[2]), Number(match[3]), original);
  match = COMPACT.exec(text);
  if (match) return fromParts(Number(match[1]), Number(match[2]), Number(match[3]), original);
  match = AB_Y.exec(text);
  if (match) {
    const a = Number(match[1]);
    const b = Number(match[3]);
    const year = fullYear(match[4] ?? '');
    if (a > 12 && b > 12) return reject('dateInvalid', { value: original });
    const evidence = dateOrderEvidence(text);
    // 3/3/2024 reads the same either way, so it needs no decision.
    const order = evidence === 'dmy' || evidence === 'mdy' ? evidence : a === b ? 'dmy' : (options.order ?? null);
    if (order === null) return reject('dateAmbiguous', { value: original });
    return order === 'dmy' ? fromParts(year, b, a, original) : fromParts(year, a, b, original);
  }
  match = D_MON_Y.exec(text);
  if (match) {
    const month = MONTHS[(match[2] ?? '').toLowerCase()];
    if (month) return fromParts(fullYear(match[3] ?? ''), month, Number(match[1]), original);
  }
  match = MON_D_Y.exec(text);
  if (match) {
    const month = MONTHS[(match[1] ?? '').toLowerCase()];
    if (month) return fromParts(Number(match[3]), month, Number(match[2]), original);
  }
  if (YM_ONLY.test(text)) return reject('dateIncomplete', { value: original });
  // A bare 5-digit number in a date column is an Excel serial that lost its date format on the way.
  if (SERIAL_TEXT.test(text)) return serial(Number(text), original, options);
  return reject('dateInvalid', { value: original });
}

function serial(value: number, original: string, options: DateOptions): Normalised<string | null> {
  const date = excelSerialToIso(value, options.date1904 ?? false);
  if (date === null) return reject('dateInvalid', { value: original });
  const year = Number(date.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) return reject('dateOutOfRange', { value: original });
  return accept(date);
}

/** Normalises one date cell to YYYY-MM-DD. Empty → null. */
export function normaliseDate(input: CellValue, options: DateOptions = {}): Normalised<string | null> {
  if (input === null || input === '') return accept(null);
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return reject('dateInvalid', { value: '' });
    const date = isoDateOf(input);
    const year = input.getUTCFullYear();
    if (year < MIN_YEAR || year > MAX_YEAR) return reject('dateOutOfRange', { value: date });
    return accept(date);
  }
  if (typeof input === 'number') return serial(input, String(input), options);
  if (typeof input === 'boolean') return reject('dateInvalid', { value: String(input) });
  const original = cleanText(input);
  if (original === '') return accept(null);
  return parseText(foldWidth(original, 'all'), original, options);
}
