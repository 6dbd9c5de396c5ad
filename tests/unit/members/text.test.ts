import { describe, expect, it } from 'vitest';
import { cleanOptional, cleanText, foldWidth, stripInvisible } from '../../../shared/domain/members/normalise/text.ts';
import { cellText } from '../../../shared/domain/members/cell.ts';

describe('cleanText', () => {
  it('trims every kind of space: ASCII, U+3000, NBSP, tabs, line breaks', () => {
    expect(cleanText('\u3000\u00a0 张三 \t\r\n')).toBe('张三');
    expect(cleanText('Zhang\u3000\u3000San')).toBe('Zhang San');
    expect(cleanText('  a   b  ')).toBe('a b');
  });

  it('removes zero-width and other invisible characters', () => {
    expect(cleanText('\u200b张\u200c三\ufeff\u2060')).toBe('张三');
    expect(cleanText('\u202a李四\u202c')).toBe('李四');
    expect(cleanText('soft\u00adhyphen')).toBe('softhyphen');
  });

  it('keeps emoji, including joined sequences and skin tones', () => {
    expect(cleanText('小美🌸')).toBe('小美🌸');
    expect(cleanText('家👨‍👩‍👧')).toBe('家👨‍👩‍👧');
    expect(cleanText('👍🏽 赞')).toBe('👍🏽 赞');
    expect(cleanText('❤️')).toBe('❤️');
  });

  it('drops a zero-width joiner that joins nothing', () => {
    expect(stripInvisible('张\u200d三')).toBe('张三');
    expect(stripInvisible('\u200d🌸')).toBe('🌸');
  });

  it('folds full-width letters and digits in free text but keeps Chinese punctuation', () => {
    expect(cleanText('ＡＢＣ１２３')).toBe('ABC123');
    expect(cleanText('Ｔｏｍ（汤姆），你好')).toBe('Tom（汤姆），你好');
  });

  it('folds all full-width ASCII when asked', () => {
    expect(foldWidth('ａ＠ｂ．ｃｏｍ（１）', 'all')).toBe('a@b.com(1)');
    expect(cleanText('ａ＠ｂ．ｃｏｍ', { fold: 'all' })).toBe('a@b.com');
  });

  it('replaces control characters', () => {
    expect(cleanText('a\u0000b\u0007c')).toBe('a b c');
  });

  it('keeps line breaks in multiline text, tidied', () => {
    expect(cleanText(' 第一行 \r\n\r\n\r\n\r\n 第二行 ', { multiline: true })).toBe('第一行\n\n第二行');
  });

  it('turns blank into null for optional fields', () => {
    expect(cleanOptional('\u3000')).toBeNull();
    expect(cleanOptional(' 上海 ')).toBe('上海');
  });
});

describe('cellText', () => {
  it('writes whole numbers without exponent notation', () => {
    expect(cellText(15900000011)).toBe('15900000011');
    expect(cellText(8613800138000)).toBe('8613800138000');
    expect(cellText(1.5)).toBe('1.5');
  });

  it('writes dates as ISO dates, with the time when there is one', () => {
    expect(cellText(new Date(Date.UTC(2024, 2, 9)))).toBe('2024-03-09');
    expect(cellText(new Date(Date.UTC(2024, 2, 9, 21, 15)))).toBe('2024-03-09 21:15');
  });

  it('writes booleans and empties', () => {
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(null)).toBe('');
  });
});
