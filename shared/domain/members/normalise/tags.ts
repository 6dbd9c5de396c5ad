/**
 * Tags as operators join them in one cell: `, ， 、 ; ； | /` and line breaks. Each tag is cleaned,
 * empty pieces dropped, and repeats (ignoring case and width) kept once, in first-seen order.
 */
import type { CellValue } from '../cell.ts';
import { cellText } from '../cell.ts';
import { cleanText } from './text.ts';

const TAG_SEPARATORS = /[,，、;；|｜/／\n\r]+/;
/** Long enough for any real label, short enough that a pasted paragraph is not taken as one tag. */
export const MAX_TAG_LENGTH = 50;

export function splitTags(input: CellValue): string[] {
  if (input === null) return [];
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const piece of cellText(input).split(TAG_SEPARATORS)) {
    const tag = cleanText(piece);
    if (tag === '') continue;
    const key = tag.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}

/** Joins tag lists from several cells (several tag columns) without repeats. */
export function mergeTags(...lists: string[][]): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const tag of lists.flat()) {
    const key = tag.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}
