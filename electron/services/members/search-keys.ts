import { pinyin } from 'pinyin-pro';

/**
 * Pinyin keys for search and sort: 张伟 → "zhangwei" / "zw", so typing either finds the person and a
 * name sort follows the pinyin order people expect. Hot on the import path (every row), so readings
 * are looked up per character from a cache instead of running pinyin-pro on every string.
 */

const HAN = /\p{Script=Han}/u;
const ASCII_WORD_CHAR = /[0-9a-z]/;

const charReadings = new Map<string, string>();
const surnameReadings = new Map<string, string>();

function readChar(char: string, asSurname: boolean): string {
  const cache = asSurname ? surnameReadings : charReadings;
  let reading = cache.get(char);
  if (reading === undefined) {
    reading = pinyin(char, { toneType: 'none', v: true, ...(asSurname ? { surname: 'head' as const } : {}) }).toLowerCase();
    if (!/^[a-z]+$/.test(reading)) reading = '';
    cache.set(char, reading);
  }
  return reading;
}

export interface Spelling {
  /** Syllables (and ASCII words) run together, lower case: "zhangwei", "yogi0". */
  full: string;
  /** First letter of each syllable or ASCII word: "zw", "y0". */
  initials: string;
}

/** Spells a name in pinyin; the first Han character is read as a surname (曾 → zeng, 单 → shan). */
export function spell(text: string): Spelling {
  let full = '';
  let initials = '';
  let inWord = false;
  let first = true;
  for (const raw of text) {
    const char = raw.toLowerCase();
    if (ASCII_WORD_CHAR.test(char)) {
      full += char;
      if (!inWord) initials += char;
      inWord = true;
      first = false;
      continue;
    }
    inWord = false;
    if (HAN.test(raw)) {
      const reading = readChar(raw, first);
      first = false;
      if (reading.length > 0) {
        full += reading;
        initials += reading[0];
      }
    }
  }
  return { full, initials };
}

const spellCache = new Map<string, Spelling>();
const SPELL_CACHE_LIMIT = 200_000;

/** `spell` with a memo: names repeat a lot (张伟, 王芳...). */
export function spellCached(text: string): Spelling {
  let result = spellCache.get(text);
  if (result === undefined) {
    result = spell(text);
    if (spellCache.size >= SPELL_CACHE_LIMIT) spellCache.clear();
    spellCache.set(text, result);
  }
  return result;
}

export interface NameKeys {
  namePinyin: string;
  nameInitials: string;
  /** Pinyin and initials of the other names (deduplicated), for the search index only. */
  searchExtra: string | null;
}

/** The precomputed search columns of a member. */
export function nameKeys(displayName: string, otherNames: ReadonlyArray<string | null>): NameKeys {
  const main = spellCached(displayName);
  let extra: string[] | null = null;
  for (const name of otherNames) {
    if (name === null || name === displayName || name.length === 0) continue;
    for (const line of name.split('\n')) {
      if (line.length === 0) continue;
      const spelled = spellCached(line);
      for (const key of [spelled.full, spelled.initials]) {
        if (key.length === 0 || key === main.full || key === main.initials) continue;
        extra ??= [];
        if (!extra.includes(key)) extra.push(key);
      }
    }
  }
  return { namePinyin: main.full, nameInitials: main.initials, searchExtra: extra === null ? null : extra.join(' ') };
}
