import { describe, expect, it } from 'vitest';
import { normaliseEmail, normaliseWechatId, wechatKey } from '../../../shared/domain/members/normalise/identity.ts';
import { normaliseAgeBand, normaliseBirth } from '../../../shared/domain/members/normalise/birth.ts';

describe('normaliseEmail', () => {
  it.each([
    ['yogi0@Mail.com', 'yogi0@mail.com'],
    [' Zhang.San+club@Example.COM.cn ', 'zhang.san+club@example.com.cn'],
    ['ｚｈａｎｇ＠ｑｑ．ｃｏｍ', 'zhang@qq.com'],
    ['张三 <zhangsan@163.com>', 'zhangsan@163.com'],
    ['mailto:a.b@c.io', 'a.b@c.io'],
    ['user@例子.中国', 'user@例子.中国'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseEmail(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['zhangsan', 'zhangsan@', '@qq.com', 'a@b', 'a b@qq.com', 'a@@qq.com', 'a@qq。com', 'a..b@qq.com', 'a@-qq.com'])('rejects %s', (input) => {
    const result = normaliseEmail(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issue.messageKey).toBe('members.importProblem.emailInvalid');
  });

  it('treats empty as none', () => {
    expect(normaliseEmail('  ')).toEqual({ ok: true, value: null });
  });
});

describe('normaliseWechatId', () => {
  it.each([
    ['yoga_0060', 'yoga_0060'],
    ['Yogi-Wx_12', 'Yogi-Wx_12'],
    ['wxid_abc123xyz', 'wxid_abc123xyz'],
    ['13800138000', '13800138000'],
    ['123456789', '123456789'],
    ['微信号：yoga_0060', 'yoga_0060'],
    ['ｙｏｇａ＿００６０', 'yoga_0060'],
    [' yoga_0060 ', 'yoga_0060'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseWechatId(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['小明', 'abc', '1abcdef', 'a'.repeat(21), 'yoga 0060 extra!'])('rejects %s', (input) => {
    expect(normaliseWechatId(input).ok).toBe(false);
  });

  it('reads a numeric cell as the number written', () => {
    expect(normaliseWechatId(123456789)).toEqual({ ok: true, value: '123456789' });
  });

  it('matches WeChat IDs case-insensitively', () => {
    expect(wechatKey('Yoga_0060')).toBe(wechatKey('yoga_0060'));
  });
});

describe('normaliseBirth and normaliseAgeBand', () => {
  const today = new Date(Date.UTC(2025, 5, 1));
  it.each([
    [1990, { birthYear: 1990, ageBand: null }],
    ['1990', { birthYear: 1990, ageBand: null }],
    ['1990年', { birthYear: 1990, ageBand: null }],
    ['１９９０年生', { birthYear: 1990, ageBand: null }],
    ['1990-05-01', { birthYear: 1990, ageBand: null }],
    ['1990年5月1日', { birthYear: 1990, ageBand: null }],
    ['3/4/1990', { birthYear: 1990, ageBand: null }],
    ['4/25/1990', { birthYear: 1990, ageBand: null }],
    [new Date(Date.UTC(1988, 11, 31)), { birthYear: 1988, ageBand: null }],
    ['90后', { birthYear: null, ageBand: '90后' }],
    ['00後', { birthYear: null, ageBand: '00后' }],
    ['18-24岁', { birthYear: null, ageBand: '18-24岁' }],
    ['25 ~ 34', { birthYear: null, ageBand: '25~34' }],
    ['60+', { birthYear: null, ageBand: '60+' }],
    ['30岁以上', { birthYear: null, ageBand: '30岁以上' }],
  ])('%s', (input, expected) => {
    expect(normaliseBirth(input, today)).toEqual({ ok: true, value: expected });
  });

  it('does not turn an age into a birth year', () => {
    expect(normaliseBirth('28', today)).toEqual({ ok: false, issue: { messageKey: 'members.importProblem.ageNotBirthYear', params: { value: '28' } } });
    expect(normaliseBirth('28岁', today).ok).toBe(false);
  });

  it('rejects implausible years', () => {
    expect(normaliseBirth(2030, today).ok).toBe(false);
    expect(normaliseBirth('1850', today).ok).toBe(false);
    expect(normaliseBirth('abc', today).ok).toBe(false);
  });

  it('keeps any band an operator writes in an age-band column', () => {
    expect(normaliseAgeBand('28', today)).toEqual({ ok: true, value: { birthYear: null, ageBand: '28' } });
    expect(normaliseAgeBand('青年', today)).toEqual({ ok: true, value: { birthYear: null, ageBand: '青年' } });
    expect(normaliseAgeBand('1995', today)).toEqual({ ok: true, value: { birthYear: 1995, ageBand: null } });
  });
});
