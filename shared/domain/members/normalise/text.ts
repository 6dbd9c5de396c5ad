/**
 * Text clean-up shared by every field: what people paste into spreadsheets carries invisible characters,
 * full-width letters typed with a Chinese input method, non-breaking and ideographic spaces.
 */

/** Zero-width space/non-joiner, word joiner, BOM, soft hyphen, LRM/RLM and bidi marks: invisible, never meant. */
const INVISIBLE = /[\u200B\u200C\u200E\u200F\u2060\uFEFF\u00AD\u202A-\u202E\u2066-\u2069]/g;
/**
 * A zero-width joiner glues emoji sequences (👨‍👩‍👧), so it is kept between pictographs and dropped
 * everywhere else.
 */
const STRAY_ZWJ = /(?<!\p{Extended_Pictographic}|\u{FE0F}|\p{Emoji_Modifier})\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
/** C0/C1 controls other than tab and line breaks: junk from copy-paste or old systems. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * Folds full-width forms to half-width. `alnum` folds only letters, digits and the ideographic space, which
 * is what a free-text field (a name, a note) wants: Chinese punctuation such as ，（）： stays as written.
 * `all` folds every full-width ASCII character, for identifier-like fields (phone, e-mail, WeChat ID, dates).
 */
export function foldWidth(input: string, mode: 'all' | 'alnum' = 'all'): string {
  return input.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) => {
    const code = ch.charCodeAt(0);
    if (code === 0x3000) return ' ';
    const folded = String.fromCharCode(code - 0xfee0);
    if (mode === 'all' || /[0-9A-Za-z]/.test(folded)) return folded;
    return ch;
  });
}

/** Removes invisible characters and stray joiners; keeps emoji intact. */
export function stripInvisible(input: string): string {
  return input.replace(INVISIBLE, '').replace(STRAY_ZWJ, '');
}

export interface CleanOptions {
  /** Keep line breaks (notes); otherwise every whitespace run becomes one space. */
  multiline?: boolean;
  /** Full-width folding (see foldWidth); 'none' keeps the text as written, e.g. a phone's original. */
  fold?: 'all' | 'alnum' | 'none';
}

/**
 * The canonical clean-up of one cell's text: invisible characters removed, full-width letters and digits
 * folded, whitespace (including U+3000 and NBSP) trimmed and collapsed. Returns '' for a blank cell.
 */
/** Anything cleanText would change: whitespace, invisibles, full-width forms, controls. */
// eslint-disable-next-line no-control-regex -- control characters are among the things to find
const NEEDS_CLEANING = /[\s\u0000-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\uFF01-\uFF5E\u3000]/;

export function cleanText(input: string, options: CleanOptions = {}): string {
  // Most cells need nothing; one test instead of a chain of replacements keeps big imports fast.
  if (!NEEDS_CLEANING.test(input)) return input;
  const fold = options.fold ?? 'alnum';
  const visible = stripInvisible(input);
  let text = (fold === 'none' ? visible : foldWidth(visible, fold)).replace(CONTROLS, ' ');
  if (options.multiline) {
    text = text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n');
    return text.trim();
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** cleanText, with '' turned into null: the form every optional text field of a member takes. */
export function cleanOptional(input: string, options: CleanOptions = {}): string | null {
  const text = cleanText(input, options);
  return text === '' ? null : text;
}

/** True when a cell holds nothing a person would see. */
export function isBlankText(input: string): boolean {
  return cleanText(input) === '';
}
