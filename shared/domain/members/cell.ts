/**
 * A cell as a reader hands it over: CSV/TSV cells are always text; xlsx cells keep their type, because a
 * numeric phone cell and a date cell must be read differently from their display text.
 * Dates from xlsx are instants whose UTC calendar fields are the date written in the sheet (the ExcelJS
 * convention), so they are read with getUTC*, never in the machine's time zone.
 */
export type CellValue = string | number | boolean | Date | null;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** YYYY-MM-DD of a date cell, read in UTC (see CellValue). */
export function isoDateOf(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** Digits of a whole number without exponent notation (15900000011, not 1.59e10). */
export function integerText(value: number): string {
  return Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
}

/**
 * The text a spreadsheet user would recognise for a cell: used in problem reports ("value") and as the
 * raw cell texts of a row. Numbers never show in exponent form when they are whole.
 */
export function cellText(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isInteger(value) ? integerText(value) : String(value);
  if (Number.isNaN(value.getTime())) return '';
  const date = isoDateOf(value);
  const h = value.getUTCHours();
  const m = value.getUTCMinutes();
  const s = value.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0) return date;
  return `${date} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}`;
}
