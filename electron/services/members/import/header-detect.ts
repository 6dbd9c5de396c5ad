/**
 * Finds the header row below title rows, subtitle and note rows, and blank rows. Each of the first rows
 * is scored by how many different member fields its cells name (an exact header word counts double), and
 * whether a row of data follows it; cells holding numbers or dates make a row less header-like. The
 * best-scoring row wins; ties go to the earlier row.
 */
import type { CellValue } from '../../../../shared/domain/members/cell.ts';
import { matchHeader } from '../../../../shared/domain/members/mapping/header-synonyms.ts';
import { isBlankText } from '../../../../shared/domain/members/normalise/text.ts';
import type { MemberImportField } from '../../../../shared/domain/member.ts';
import type { RawRow } from './raw-row.ts';

export const HEADER_SEARCH_ROWS = 50;
const MIN_SCORE = 2;

export function isBlankRow(cells: readonly CellValue[]): boolean {
  return cells.every((cell) => cell === null || (typeof cell === 'string' && isBlankText(cell)));
}

function nonEmptyCount(cells: readonly CellValue[]): number {
  return cells.filter((cell) => cell !== null && !(typeof cell === 'string' && isBlankText(cell))).length;
}

function headerScore(cells: readonly CellValue[]): number {
  const exact = new Set<MemberImportField>();
  const partial = new Set<MemberImportField>();
  let nonText = 0;
  for (const cell of cells) {
    if (cell === null) continue;
    if (typeof cell !== 'string') {
      nonText++;
      continue;
    }
    const match = matchHeader(cell);
    if (!match) continue;
    (match.exact ? exact : partial).add(match.field);
  }
  for (const field of exact) partial.delete(field);
  const score = exact.size * 2 + partial.size;
  return nonText > 0 ? score / 2 : score;
}

export interface HeaderGuess {
  /** Index into the rows given. */
  index: number;
  /** False when nothing looked like a header and the first non-blank row was taken. */
  detected: boolean;
}

/** Picks the header among `rows` (in file order, blank rows allowed). Null when every row is blank. */
export function detectHeader(rows: readonly RawRow[], searchRows = HEADER_SEARCH_ROWS): HeaderGuess | null {
  const candidates = rows.map((row, index) => ({ row, index })).filter(({ row }) => !isBlankRow(row.cells));
  const first = candidates[0];
  if (!first) return null;
  let best: { index: number; score: number } | null = null;
  const limit = Math.min(candidates.length, searchRows);
  for (let i = 0; i < limit; i++) {
    const candidate = candidates[i];
    if (!candidate) continue;
    let score = headerScore(candidate.row.cells);
    if (score === 0) continue;
    const next = candidates[i + 1];
    const width = nonEmptyCount(candidate.row.cells);
    if (next && nonEmptyCount(next.row.cells) >= Math.max(1, Math.ceil(width / 2)) && headerScore(next.row.cells) < score) score += 1;
    if (!best || score > best.score) best = { index: candidate.index, score };
  }
  if (best && best.score >= MIN_SCORE) return { index: best.index, detected: true };
  return { index: first.index, detected: false };
}
