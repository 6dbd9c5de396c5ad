/**
 * Summary rows at the bottom of a roster (合计, 小计, 总计, Total, "共 N 人") are not members. A row is a
 * summary row when a cell says so and the row holds no usable identity key: someone whose nickname
 * happens to be "合计" but who has a phone number is still a member.
 */
import { cellText, type CellValue } from '../../../../shared/domain/members/cell.ts';
import { foldWidth, cleanText } from '../../../../shared/domain/members/normalise/text.ts';

const LABEL = /^(?:合计|小计|总计|共计|总共|汇总|总数|统计|累计|total|totals|subtotal|sub-total|grand total|sum|count)\s*[:：]?\s*(?:\d+\s*(?:人|名|位|条|个|行|members?|people|rows?)?)?$/i;
const COUNT = /^(?:共|合计|总计|小计|共计|总共)\s*[:：]?\s*\d+\s*(?:人|名|位|条|个|行)$/;

export function isSummaryLabel(cell: CellValue): boolean {
  if (typeof cell !== 'string') return false;
  const text = foldWidth(cleanText(cell), 'all');
  return text !== '' && text.length <= 30 && (LABEL.test(text) || COUNT.test(text));
}

/** `hasIdentity` says whether the row's phone, WeChat or e-mail cells hold a valid key. */
export function isSummaryRow(cells: readonly CellValue[], hasIdentity: boolean): boolean {
  if (hasIdentity) return false;
  return cells.some((cell) => isSummaryLabel(cell) && cellText(cell) !== '');
}
