/** One physical row as a reader produces it, before header detection and mapping. */
import type { CellValue } from '../../../../shared/domain/members/cell.ts';

export interface RawRow {
  /** The row number a spreadsheet shows: 1-based, counting title and blank rows. */
  row: number;
  /** Cells by 0-based column. */
  cells: CellValue[];
  /** Cells whose text was longer than MAX_CELL_CHARS: left out of `cells`, reported on the row. */
  oversized?: { column: number; length: number }[];
}

/** Excel's own limit for one cell; longer text did not come from a spreadsheet and is not imported. */
export const MAX_CELL_CHARS = 32_767;

export interface ReadProgress {
  bytesRead: number;
  totalBytes: number;
}
