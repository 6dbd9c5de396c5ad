/**
 * Which character separates the fields of a text table: comma, tab or semicolon. Counted per line outside
 * quotes over the first lines; the winner is the one that splits the most lines into the same number of
 * fields (title and note lines above the header split into nothing and do not count against it). Pipes
 * and slashes are not candidates: they join tags inside a field.
 */
import { IMPORT_DELIMITERS, type ImportDelimiter } from '../../../../../shared/domain/members/import-types.ts';

export type Delimiter = ImportDelimiter;
const DELIMITERS = IMPORT_DELIMITERS;

const MAX_LINES = 100;

/** Splits a sample into lines, respecting quoted fields that contain line breaks. */
function sampleLines(sample: string, complete: boolean): string[] {
  const lines: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < sample.length && lines.length < MAX_LINES; i++) {
    const ch = sample[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      lines.push(sample.slice(start, i));
      if (ch === '\r' && sample[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  // The last piece of a sample cut mid-file is a partial line.
  if (complete && start < sample.length && lines.length < MAX_LINES) lines.push(sample.slice(start));
  return lines.filter((line) => line.trim() !== '');
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === delimiter) count++;
  }
  return count;
}

/**
 * Picks the delimiter. `preferred` (from the extension: .tsv → tab) wins ties and is the answer when no
 * candidate splits anything, as in a one-column file.
 */
export function detectDelimiter(sample: string, complete: boolean, preferred: Delimiter = ','): Delimiter {
  const lines = sampleLines(sample, complete);
  let best: Delimiter = preferred;
  let bestScore = 0;
  for (const delimiter of [preferred, ...DELIMITERS.filter((d) => d !== preferred)]) {
    const frequency = new Map<number, number>();
    for (const line of lines) {
      const count = countOutsideQuotes(line, delimiter);
      if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    }
    // Lines agreeing on the most common field count; more fields break ties between equally consistent ones.
    let score = 0;
    for (const [count, lineCount] of frequency) score = Math.max(score, lineCount * 1000 + Math.min(count, 999));
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** Excel's "sep=;" first line names the delimiter and is not part of the table. */
export function sepDirective(sample: string): Delimiter | null {
  const match = /^sep=(.)\r?\n/.exec(sample);
  const delimiter = match?.[1];
  return delimiter === ',' || delimiter === '\t' || delimiter === ';' ? delimiter : null;
}
