import { describe, expect, it } from 'vitest';
import { normalisePhone } from '../../../shared/domain/members/normalise/phone.ts';
import type { CellValue } from '../../../shared/domain/members/cell.ts';

function value(input: CellValue): string | null {
  const result = normalisePhone(input);
  if (!result.ok) throw new Error(`rejected ${String(input)}: ${result.issue.messageKey}`);
  return result.value?.value ?? null;
}

function problem(input: CellValue): string {
  const result = normalisePhone(input);
  if (result.ok) throw new Error(`accepted ${String(input)} as ${result.value?.value}`);
  return result.issue.messageKey.replace('members.importProblem.', '');
}

describe('normalisePhone: mainland mobiles become 11 digits', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['138.0013.8000', '13800138000'],
    ['(138) 0013 8000', '13800138000'],
    ['（138）0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-13800138000', '13800138000'],
    ['+86（0）13800138000', '13800138000'],
    ['(+86) 138 0013 8000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['86 138 0013 8000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['0086 138-0013-8000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['＋８６ １３８ ００１３ ８０００', '13800138000'],
    ['１３８ ００１３ ８０００', '13800138000'],
    ['\u3000 13800138000\u00a0', '13800138000'],
    ['138\u200b0013\u200b8000', '13800138000'],
    ['手机：13800138000', '13800138000'],
    ['Tel: 138 0013 8000', '13800138000'],
    ['19912345678', '19912345678'],
    ["'13800138000", '13800138000'],
    ['\t13800138000', '13800138000'],
  ])('%s → %s', (input, expected) => {
    expect(value(input)).toBe(expected);
  });

  it('reads numeric cells as their digits, not 1.38E+10', () => {
    expect(value(13800138000)).toBe('13800138000');
    expect(value(8613800138000)).toBe('13800138000');
  });

  it('keeps the original text next to the normalised value', () => {
    expect(normalisePhone(' +86 138-0013-8000 ')).toEqual({ ok: true, value: { value: '13800138000', original: '+86 138-0013-8000' } });
    expect(normalisePhone(13800138000)).toEqual({ ok: true, value: { value: '13800138000', original: '13800138000' } });
    expect(normalisePhone('\u3000１３８００１３８０００')).toEqual({ ok: true, value: { value: '13800138000', original: '１３８００１３８０００' } });
  });

  it('treats empty cells as no phone', () => {
    expect(value(null)).toBeNull();
    expect(value('')).toBeNull();
    expect(value('  \u3000 ')).toBeNull();
  });
});

describe('normalisePhone: landlines and other countries in E.164', () => {
  it.each([
    ['010-12345678', '+861012345678'],
    ['0755-1234567', '+867551234567'],
    ['+86 10 1234 5678', '+861012345678'],
    ['+852 9123 4567', '+85291234567'],
    ['00852 9123 4567', '+85291234567'],
    ['+853 6612 3456', '+85366123456'],
    ['+886 912 345 678', '+886912345678'],
    ['+886 0912-345-678', '+886912345678'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+44 (0)20 7946 0958', '+442079460958'],
    ['+65 8123 4567', '+6581234567'],
    ['+81 90-1234-5678', '+819012345678'],
    ['+49 30 123456', '+4930123456'],
  ])('%s → %s', (input, expected) => {
    expect(value(input)).toBe(expected);
  });
});

describe('normalisePhone: what cannot be a phone is reported, never guessed', () => {
  it.each([
    ['1.38E+10', 'phoneScientific'],
    ['1.38e10', 'phoneScientific'],
    ['1.38001E+10', 'phoneScientific'],
    ['１.３８Ｅ＋１０', 'phoneScientific'],
    ['1380013800', 'phoneTooShort'],
    ['12345', 'phoneTooShort'],
    ['138001380001', 'phoneTooLong'],
    ['1380013800012345', 'phoneTooLong'],
    ['12800138000', 'phoneInvalidMobile'],
    ['10086100861', 'phoneInvalidMobile'],
    ['138-0013-800x', 'phoneInvalid'],
    ['微信同号', 'phoneInvalid'],
    ['13800138000, 13900139000', 'phoneMultiple'],
    ['13800138000/13900139000', 'phoneMultiple'],
    ['13800138000 或 13900139000', 'phoneMultiple'],
    ['+1 415 555 267', 'phoneTooShort'],
    ['+852 9123 45678', 'phoneTooLong'],
    ['+86 1380013800', 'phoneTooShort'],
    ['+0 123 4567 8901', 'phoneInvalid'],
    ['+12345678901234567', 'phoneTooLong'],
  ])('%s → %s', (input, key) => {
    expect(problem(input)).toBe(key);
  });

  it('rejects numeric cells that are not whole or have lost precision', () => {
    expect(problem(13800138000.5)).toBe('phoneNotWhole');
    expect(problem(1.2345678901234568e20)).toBe('phoneScientific');
    expect(problem(true)).toBe('phoneInvalid');
  });

  it('names the value and digit count in the problem', () => {
    const result = normalisePhone('1380013800');
    expect(result).toEqual({ ok: false, issue: { messageKey: 'members.importProblem.phoneTooShort', params: { value: '1380013800', digits: 10 } } });
  });
});
