import { describe, expect, it } from 'vitest';
import { DateOrderTally, dateOrderEvidence, dateOrderHintFromHeader, excelSerialToIso, normaliseDate, type DateOptions } from '../../../shared/domain/members/normalise/date.ts';
import type { CellValue } from '../../../shared/domain/members/cell.ts';

function iso(input: CellValue, options: DateOptions = {}): string | null {
  const result = normaliseDate(input, options);
  if (!result.ok) throw new Error(`rejected ${String(input)}: ${result.issue.messageKey}`);
  return result.value;
}

function problem(input: CellValue, options: DateOptions = {}): string {
  const result = normaliseDate(input, options);
  if (result.ok) throw new Error(`accepted ${String(input)} as ${result.value}`);
  return result.issue.messageKey.replace('members.importProblem.', '');
}

describe('normaliseDate: the forms operators write', () => {
  it.each([
    ['2025年3月4日', '2025-03-04'],
    ['2025 年 3 月 4 日', '2025-03-04'],
    ['2025年03月04号', '2025-03-04'],
    ['2025年3月4日 下午3点', '2025-03-04'],
    ['2025年3月4日 21:15', '2025-03-04'],
    ['２０２５年３月４日', '2025-03-04'],
    ['2025/3/4', '2025-03-04'],
    ['2025/03/04', '2025-03-04'],
    ['2025.3.4', '2025-03-04'],
    ['2025-3-4', '2025-03-04'],
    ['2025-03-04', '2025-03-04'],
    ['2025-03-04 21:15', '2025-03-04'],
    ['2025-03-04 21:15:30', '2025-03-04'],
    ['2025/3/4 9:05 PM', '2025-03-04'],
    ['2025-03-04T21:15:00+08:00', '2025-03-04'],
    ['2025-03-04T13:15:00.000Z', '2025-03-04'],
    ['20250304', '2025-03-04'],
    ['4-Mar-2025', '2025-03-04'],
    ['4 March 2025', '2025-03-04'],
    ['04-Mar-25', '2025-03-04'],
    ['Mar 4, 2025', '2025-03-04'],
    ['March 4th 2025', '2025-03-04'],
    ['  2025-03-04\u3000', '2025-03-04'],
  ])('%s → %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it('reads date cells by their UTC calendar date (as ExcelJS delivers them)', () => {
    expect(iso(new Date(Date.UTC(2024, 2, 9)))).toBe('2024-03-09');
    expect(iso(new Date(Date.UTC(2024, 2, 9, 23, 59)))).toBe('2024-03-09');
  });

  it('reads Excel serial numbers in the 1900 system', () => {
    expect(iso(45292)).toBe('2024-01-01');
    expect(iso(45326)).toBe('2024-02-04');
    expect(iso(45292.875)).toBe('2024-01-01');
    expect(iso(61)).toBe('1900-03-01');
    expect(iso(59)).toBe('1900-02-28');
    expect(iso(1)).toBe('1900-01-01');
    expect(iso('45292')).toBe('2024-01-01');
  });

  it('reads Excel serial numbers in the 1904 system', () => {
    expect(iso(43830, { date1904: true })).toBe('2024-01-01');
    expect(excelSerialToIso(0, true)).toBeNull();
    expect(excelSerialToIso(1, true)).toBe('1904-01-02');
  });

  it('rejects Excel’s phantom 1900-02-29 and impossible serials', () => {
    expect(excelSerialToIso(60)).toBeNull();
    expect(problem(60)).toBe('dateInvalid');
    expect(problem(0)).toBe('dateInvalid');
    expect(problem(-5)).toBe('dateInvalid');
    expect(problem(3_000_000)).toBe('dateInvalid');
  });

  it('treats empty cells as no date', () => {
    expect(iso(null)).toBeNull();
    expect(iso('')).toBeNull();
    expect(iso(' \u3000')).toBeNull();
  });

  it.each([
    ['2025-02-30', 'dateInvalid'],
    ['2025/13/01', 'dateInvalid'],
    ['2025年2月29日', 'dateInvalid'],
    ['明天', 'dateInvalid'],
    ['2025年3月', 'dateIncomplete'],
    ['2025-03', 'dateIncomplete'],
    ['1850-01-01', 'dateOutOfRange'],
    ['2300-01-01', 'dateOutOfRange'],
    ['13/13/2024', 'dateInvalid'],
    ['32/1/2024', 'dateInvalid'],
  ])('%s → %s', (input, key) => {
    expect(problem(input)).toBe(key);
  });

  it('accepts a real leap day', () => {
    expect(iso('2024年2月29日')).toBe('2024-02-29');
  });
});

describe('normaliseDate: day-first and month-first', () => {
  it('reads a value that proves its own order whatever the column says', () => {
    expect(iso('13/3/2024')).toBe('2024-03-13');
    expect(iso('3/13/2024')).toBe('2024-03-13');
    expect(iso('13/3/2024', { order: 'mdy' })).toBe('2024-03-13');
  });

  it('reads an ambiguous value by the column order, and reports it when the order is unknown', () => {
    expect(iso('12/3/2024', { order: 'mdy' })).toBe('2024-12-03');
    expect(iso('12/3/2024', { order: 'dmy' })).toBe('2024-03-12');
    expect(problem('12/3/2024')).toBe('dateAmbiguous');
    expect(problem('12/3/2024', { order: null })).toBe('dateAmbiguous');
  });

  it('needs no order for the same day and month', () => {
    expect(iso('3/3/2024')).toBe('2024-03-03');
  });

  it('reads two-digit years the way Excel does', () => {
    expect(iso('3/13/24')).toBe('2024-03-13');
    expect(iso('13.3.99')).toBe('1999-03-13');
  });

  it('classifies evidence per value', () => {
    expect(dateOrderEvidence('13/3/2024')).toBe('dmy');
    expect(dateOrderEvidence('3/13/2024')).toBe('mdy');
    expect(dateOrderEvidence('12/3/2024')).toBe('ambiguous');
    expect(dateOrderEvidence('3/3/2024')).toBeNull();
    expect(dateOrderEvidence('2024/3/13')).toBeNull();
    expect(dateOrderEvidence(45292)).toBeNull();
  });
});

describe('DateOrderTally: a column decides by all its values', () => {
  function decide(values: CellValue[], hint: 'dmy' | 'mdy' | null = null): 'dmy' | 'mdy' | null {
    const tally = new DateOrderTally();
    for (const value of values) tally.add(value);
    return tally.decide(hint);
  }

  it('one value with a second part over 12 makes the column month-first', () => {
    expect(decide(['12/1/2024', '12/2/2024', '12/13/2024', '12/3/2024'])).toBe('mdy');
  });

  it('one value with a first part over 12 makes the column day-first', () => {
    expect(decide(['1/2/2024', '25/12/2024', '3/4/2024'])).toBe('dmy');
  });

  it('stays undecided without proof, unless a hint is given', () => {
    expect(decide(['1/2/2024', '3/4/2024'])).toBeNull();
    expect(decide(['1/2/2024', '3/4/2024'], 'mdy')).toBe('mdy');
  });

  it('stays undecided when the column contradicts itself, hint or not', () => {
    const tally = new DateOrderTally();
    for (const value of ['13/1/2024', '1/13/2024', '2/3/2024']) tally.add(value);
    expect(tally.conflicting).toBe(true);
    expect(tally.decide('mdy')).toBeNull();
  });

  it('ignores unambiguous forms and non-text cells', () => {
    expect(decide(['2024/3/4', new Date(), 45292, null, '3/4/2024'])).toBeNull();
  });

  it('reads an order written in the header', () => {
    expect(dateOrderHintFromHeader('Date (MM/DD/YYYY)')).toBe('mdy');
    expect(dateOrderHintFromHeader('Joined (dd/mm/yy)')).toBe('dmy');
    expect(dateOrderHintFromHeader('日期（月/日/年）')).toBe('mdy');
    expect(dateOrderHintFromHeader('Member Since')).toBeNull();
  });
});
