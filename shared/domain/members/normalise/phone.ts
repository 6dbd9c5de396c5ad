/**
 * Phone numbers in every form operators meet: numeric cells, spaces, dashes, dots, brackets, +86 / 86 /
 * 0086 prefixes, full-width digits. Mainland mobiles become 11 digits; everything else becomes E.164
 * (+countrycode…). Anything that cannot be read with certainty is reported, never guessed: Excel's
 * `1.38E+10` has lost its digits, a 10-digit number could be anything.
 */
import type { NormalizedPhone } from '../../member.ts';
import { integerText, type CellValue } from '../cell.ts';
import { accept, reject, type Normalised } from './result.ts';
import { cleanText, foldWidth } from './text.ts';

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
/** Mainland landline without its trunk 0: area code 10 or 2x + 8 digits, or a 3-digit area code + 7–8 digits. */
const MAINLAND_LANDLINE = /^(?:10\d{8}|2\d{9}|[3-9]\d{9,10})$/;
/** Labels people type in front of the number. */
const LABEL = /^(?:手机号码|手机号|手机|电话|联系电话|tel|phone|mobile|mob|cell)\s*[:：]?\s*/i;
/** Spaces, dashes of every width, dots, brackets and slashes used to group digits. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212\u30FC.()（）[\]【】]/g;
const SCIENTIFIC = /^[+-]?\d+(?:\.\d+)?e[+-]?\d+$/i;
/** Expected national lengths for a few countries where a wrong length is a sure sign of a typo. */
const NATIONAL_LENGTH: Record<string, number[]> = { '1': [10], '852': [8], '853': [8], '886': [9], '65': [8] };
/** Countries whose numbers are written with a trunk 0 that E.164 drops. */
const DROPS_TRUNK_ZERO = new Set(['86', '886', '852', '853', '44', '49', '33', '81', '82', '61', '64', '60', '66', '91']);

const E164_MAX_DIGITS = 15;
const E164_MIN_DIGITS = 8;

function phone(value: string, original: string): Normalised<NormalizedPhone> {
  return accept({ value, original });
}

/** The country code of an international number: the known 1–3 digit prefix. */
function splitCountryCode(digits: string): { cc: string; national: string } {
  for (const length of [1, 2, 3]) {
    const cc = digits.slice(0, length);
    if (cc in NATIONAL_LENGTH || DROPS_TRUNK_ZERO.has(cc)) return { cc, national: digits.slice(length) };
  }
  return { cc: '', national: digits };
}

function international(digits: string, original: string): Normalised<NormalizedPhone | null> {
  if (digits.startsWith('0')) return reject('phoneInvalid', { value: original });
  const { cc, national: raw } = splitCountryCode(digits);
  const national = DROPS_TRUNK_ZERO.has(cc) && raw.startsWith('0') ? raw.slice(1) : raw;
  if (cc === '86') {
    if (MAINLAND_MOBILE.test(national)) return phone(national, original);
    if (MAINLAND_LANDLINE.test(national)) return phone(`+86${national}`, original);
    if (national.length < 11) return reject('phoneTooShort', { value: original, digits: national.length });
    if (national.length > 11) return reject('phoneTooLong', { value: original, digits: national.length });
    return reject('phoneInvalidMobile', { value: original });
  }
  const expected = NATIONAL_LENGTH[cc];
  if (expected && !expected.includes(national.length)) {
    return reject(national.length < Math.min(...expected) ? 'phoneTooShort' : 'phoneTooLong', { value: original, digits: national.length });
  }
  const full = cc + national;
  if (full.length < E164_MIN_DIGITS) return reject('phoneTooShort', { value: original, digits: full.length });
  if (full.length > E164_MAX_DIGITS) return reject('phoneTooLong', { value: original, digits: full.length });
  return phone(`+${full}`, original);
}

function national(digits: string, original: string): Normalised<NormalizedPhone | null> {
  if (MAINLAND_MOBILE.test(digits)) return phone(digits, original);
  // 86 written without + in front of a mobile: 13 digits that can only mean +86.
  if (digits.length === 13 && digits.startsWith('86') && MAINLAND_MOBILE.test(digits.slice(2))) return phone(digits.slice(2), original);
  // Mainland landline with its trunk 0 and area code: 010-12345678, 0755-1234567.
  if (digits.startsWith('0') && digits.length >= 10 && digits.length <= 12 && MAINLAND_LANDLINE.test(digits.slice(1))) {
    return phone(`+86${digits.slice(1)}`, original);
  }
  if (digits.length === 11 && digits.startsWith('1')) return reject('phoneInvalidMobile', { value: original });
  if (digits.length < 11) return reject('phoneTooShort', { value: original, digits: digits.length });
  return reject('phoneTooLong', { value: original, digits: digits.length });
}

/** Normalises one phone cell. Empty → null. */
export function normalisePhone(input: CellValue): Normalised<NormalizedPhone | null> {
  if (input === null || input === '') return accept(null);
  if (typeof input === 'boolean' || input instanceof Date) return reject('phoneInvalid', { value: String(input) });
  if (typeof input === 'number') {
    const original = integerText(input);
    if (!Number.isFinite(input) || !Number.isInteger(input)) return reject('phoneNotWhole', { value: String(input) });
    // Beyond 2^53 the cell no longer holds the exact digits.
    if (!Number.isSafeInteger(input)) return reject('phoneScientific', { value: original });
    return national(original, original);
  }
  const original = cleanText(input, { fold: 'none' });
  if (original === '') return accept(null);
  // A leading apostrophe is Excel's "keep this as text" mark, sometimes exported with the value.
  let text = foldWidth(original, 'all').replace(LABEL, '').replace(/^'/, '').trim();
  if (SCIENTIFIC.test(text)) return reject('phoneScientific', { value: original });
  // Two numbers in one cell: which one is meant is the operator's call.
  const parts = text.split(/[,，;；、/|\n]|\s{2,}|(?:\s+(?:或|or)\s+)/i).filter((part) => part.replace(/\D/g, '').length >= 7);
  if (parts.length > 1) return reject('phoneMultiple', { value: original });
  // "+44 (0)20 …": the bracketed trunk 0 is not dialled from abroad.
  text = text.replace(/^(\+\d{1,3})\s*\(0\)/, '$1');
  const compact = text.replace(SEPARATORS, '');
  if (!/^\+?\d+$/.test(compact)) return reject('phoneInvalid', { value: original });
  if (compact.startsWith('+')) return international(compact.slice(1), original);
  if (compact.startsWith('00')) return international(compact.slice(2), original);
  return national(compact, original);
}
