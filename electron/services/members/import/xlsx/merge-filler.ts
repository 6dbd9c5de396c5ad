import type { CellValue } from '../../../../../shared/domain/members/cell.ts';
import type { MergedRange } from './sheet-scan.ts';

/**
 * Fills cells under the top of a vertical merge with the top cell's value, row by row: a roster with
 * "所在群" merged over ten rows means all ten members are in that group.
 */
export class MergeFiller {
  private readonly pending: MergedRange[];
  private active: { range: MergedRange; value: CellValue }[] = [];

  constructor(merges: readonly MergedRange[]) {
    this.pending = [...merges].sort((a, b) => b.top - a.top);
  }

  apply(row: number, cells: CellValue[]): void {
    if (this.active.length === 0 && this.pending.length === 0) return;
    this.active = this.active.filter((entry) => entry.range.bottom >= row);
    for (const entry of this.active) {
      const column = entry.range.left - 1;
      if (entry.range.top < row && (cells[column] === null || cells[column] === undefined)) cells[column] = entry.value;
    }
    while (this.pending.length > 0 && (this.pending.at(-1)?.top ?? Infinity) <= row) {
      const range = this.pending.pop();
      if (range && range.top === row) this.active.push({ range, value: cells[range.left - 1] ?? null });
    }
  }
}
