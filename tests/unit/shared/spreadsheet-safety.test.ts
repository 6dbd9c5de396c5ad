import { describe, expect, it } from 'vitest';
import { isNormalisedPhone, neutraliseFormula } from '../../../shared/domain/spreadsheet-safety.ts';

describe('neutraliseFormula', () => {
  it.each(['=1+1', '+SUM(A1)', '-1', '@cmd', '\tx', '\rx'])('prefixes %j with an apostrophe', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });
  it.each(['张伟', 'a=b', '1+1', '', ' =x'])('keeps %j as written', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
  it('recognises normalised phones only', () => {
    expect(isNormalisedPhone('13812345678')).toBe(true);
    expect(isNormalisedPhone('+14155550123')).toBe(true);
    expect(isNormalisedPhone('+1=2')).toBe(false);
    expect(isNormalisedPhone('138-1234')).toBe(false);
  });
});
