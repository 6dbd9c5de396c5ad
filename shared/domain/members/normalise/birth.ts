/**
 * Birth year and age band. A year (1990, 1990年, a birthday date) becomes the birth year; a band
 * (90后, 00後, 18-24岁, 30岁以上, 60+) is kept as the band text. A bare age ("28") is not turned into a birth
 * year: the file does not say when that age was true.
 */
import type { CellValue } from '../cell.ts';
import { cellText } from '../cell.ts';
import { normaliseDate } from './date.ts';
import { accept, reject, type Normalised } from './result.ts';
import { cleanText, foldWidth } from './text.ts';

export interface Birth {
  birthYear: number | null;
  ageBand: string | null;
}

const EMPTY: Birth = { birthYear: null, ageBand: null };
const YEAR = /^(\d{4})\s*年?(?:生|出生)?$/;
const GENERATION = /^(\d{2})\s*[后後](?:生)?$/;
const RANGE = /^\d{1,3}\s*(?:[-~～—至到]\s*\d{1,3}|\+|岁?以[上下]|岁?及以[上下]|岁?以内)\s*岁?$/;
const AGE = /^\d{1,3}\s*(?:岁|周岁)?$/;

function plausibleYear(year: number, today: Date): boolean {
  return year >= 1900 && year <= today.getUTCFullYear();
}

/**
 * Reads a birth-year or age-band cell. `today` bounds the birth year (no one is born next year) and is a
 * parameter so the result does not depend on the clock in tests.
 */
export function normaliseBirth(input: CellValue, today: Date = new Date()): Normalised<Birth> {
  if (input === null || input === '') return accept(EMPTY);
  if (input instanceof Date) {
    const year = input.getUTCFullYear();
    return plausibleYear(year, today) ? accept({ birthYear: year, ageBand: null }) : reject('birthYearInvalid', { value: cellText(input) });
  }
  if (typeof input === 'number') {
    if (Number.isInteger(input) && plausibleYear(input, today)) return accept({ birthYear: input, ageBand: null });
    return reject('birthYearInvalid', { value: cellText(input) });
  }
  const original = cleanText(cellText(input));
  if (original === '') return accept(EMPTY);
  const text = foldWidth(original, 'all').replace(/後/g, '后');
  const year = YEAR.exec(text);
  if (year) {
    const value = Number(year[1]);
    return plausibleYear(value, today) ? accept({ birthYear: value, ageBand: null }) : reject('birthYearInvalid', { value: original });
  }
  if (GENERATION.test(text) || RANGE.test(text)) return accept({ birthYear: null, ageBand: text.replace(/\s+/g, '') });
  if (AGE.test(text)) return reject('ageNotBirthYear', { value: original });
  // Only the year is kept, and it is the same whichever way round day and month are: 3/4/1990 is 1990.
  const dayFirst = normaliseDate(text, { order: 'dmy' });
  const date = dayFirst.ok ? dayFirst : normaliseDate(text, { order: 'mdy' });
  if (date.ok && date.value) {
    const value = Number(date.value.slice(0, 4));
    return plausibleYear(value, today) ? accept({ birthYear: value, ageBand: null }) : reject('birthYearInvalid', { value: original });
  }
  return reject('birthYearInvalid', { value: original });
}

/**
 * An age-band column keeps whatever band the operator wrote (they know their own bands), except that a
 * plain year goes to the birth year.
 */
export function normaliseAgeBand(input: CellValue, today: Date = new Date()): Normalised<Birth> {
  const birth = normaliseBirth(input, today);
  if (birth.ok || input === null) return birth;
  const text = cleanText(cellText(input));
  return accept({ birthYear: null, ageBand: text === '' ? null : text });
}
