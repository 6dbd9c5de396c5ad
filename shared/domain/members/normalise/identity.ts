/**
 * The two text identity keys besides the phone: e-mail and WeChat ID. Members are deduplicated by them,
 * so they must be exact: an invalid value is reported (and left out), never repaired by guesswork.
 */
import type { CellValue } from '../cell.ts';
import { cellText } from '../cell.ts';
import { accept, reject, type Normalised } from './result.ts';
import { cleanText, foldWidth } from './text.ts';

/** Local part without spaces or the characters mail systems reject; a dotted domain with a 2+ letter TLD. */
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}]{2,}$/u;

/**
 * Validates an e-mail address and lower-cases it: addresses are matched case-insensitively, and the
 * member store keys on this form. `Name <a@b.com>` and `mailto:` wrappers are unwrapped.
 */
export function normaliseEmail(input: CellValue): Normalised<string | null> {
  if (input === null) return accept(null);
  const original = cleanText(cellText(input));
  if (original === '') return accept(null);
  let text = foldWidth(original, 'all').trim();
  const bracketed = /<([^<>]+)>\s*$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1].trim();
  text = text.replace(/^mailto:/i, '');
  if (text.length > 254 || !EMAIL.test(text) || text.includes('..')) return reject('emailInvalid', { value: original });
  return accept(text.toLowerCase());
}

/**
 * WeChat IDs: 6–20 characters starting with a letter (letters, digits, _ and -), old `wxid_…` IDs, and the
 * QQ numbers and phone numbers early accounts use as their ID. Kept as written; compare with wechatKey.
 */
const WECHAT_ID = /^[A-Za-z][-_A-Za-z0-9]{5,19}$/;
const WXID = /^wxid_[A-Za-z0-9_-]{4,32}$/i;
const NUMERIC_ID = /^\d{5,11}$/;
const WECHAT_LABEL = /^(?:微信号|微信|wechat(?:\s*id)?|wx)\s*[:：]\s*/i;

export function normaliseWechatId(input: CellValue): Normalised<string | null> {
  if (input === null) return accept(null);
  const original = cleanText(cellText(input));
  if (original === '') return accept(null);
  const text = foldWidth(original, 'all').replace(WECHAT_LABEL, '').replace(/\s+/g, '');
  if (WECHAT_ID.test(text) || WXID.test(text) || NUMERIC_ID.test(text)) return accept(text);
  return reject('wechatInvalid', { value: original });
}

/** WeChat IDs are case-insensitive: two spellings of one ID are one member. */
export function wechatKey(wechatId: string): string {
  return wechatId.toLowerCase();
}
