import { describe, expect, it } from 'vitest';
import { idRanges } from '../../../electron/services/audit/change-log.ts';
import { parseInviterText } from '../../../electron/services/members/inviter-resolution.ts';
import { KeyFilter, KeyHashSet, keyHash } from '../../../electron/services/members/key-hashes.ts';
import { mergeDraft, valuesFromDraft, type MemberValues } from '../../../electron/services/members/member-values.ts';
import type { MemberDraft } from '../../../shared/domain/member.ts';

const empty: MemberDraft = {
  displayName: null, realName: null, nickname: null, phone: null, wechatId: null, email: null, gender: null, birthYear: null, ageBand: null, city: null,
  occupation: null, interests: null, source: null, joinedOn: null, inviter: null, stage: null, tags: [], notes: null, group: null, role: null, customFields: {},
};
const values = (fields: Partial<MemberDraft>): MemberValues => {
  const result = valuesFromDraft({ ...empty, ...fields });
  if (result === null) throw new Error('no values');
  return result;
};

describe('id ranges for the change log', () => {
  it('compresses sorted ids', () => {
    expect(idRanges([1, 2, 3, 7, 9, 10])).toEqual([[1, 3], [7, 7], [9, 10]]);
    expect(idRanges([])).toEqual([]);
  });
});

describe('key hash set', () => {
  it('remembers hashes (growing as needed) and says "maybe" only for those', () => {
    const set = new KeyHashSet(4);
    for (let index = 0; index < 10_000; index += 1) set.add(keyHash('p', `1380000${index}`));
    for (let index = 0; index < 10_000; index += 1) expect(set.has(keyHash('p', `1380000${index}`))).toBe(true);
    let falseHits = 0;
    for (let index = 0; index < 10_000; index += 1) if (set.has(keyHash('w', `wx${index}`))) falseHits += 1;
    expect(falseHits).toBeLessThan(5);
    expect(keyHash('p', 'x')).not.toBe(keyHash('e', 'x'));
  });
});

describe('key filter (the import\'s "could this key be anyone\'s already?")', () => {
  it('never forgets a key, and says "maybe" for under 1% of other keys even after a million-member import', () => {
    const filter = new KeyFilter();
    const phone = (index: number) => keyHash('p', `1${String(3_000_000_000 + index * 7_919)}`);
    const wechat = (index: number) => keyHash('w', `wechat_${index}`);
    const email = (index: number) => keyHash('e', `member${index}@example.com`);
    for (let index = 0; index < 1_000_000; index += 1) {
      filter.add(phone(index));
      filter.add(wechat(index));
      filter.add(email(index));
    }
    for (let index = 0; index < 1_000_000; index += 97) expect(filter.mayHave(phone(index)) && filter.mayHave(wechat(index)) && filter.mayHave(email(index))).toBe(true);
    let falseMaybes = 0;
    const others = 100_000;
    for (let index = 0; index < others; index += 1) if (filter.mayHave(keyHash('w', `another_${index}`))) falseMaybes += 1;
    expect(falseMaybes / others).toBeLessThan(0.01);
  });

  it('says "no" for every key of an empty workspace', () => {
    const filter = new KeyFilter();
    for (let index = 0; index < 10_000; index += 1) expect(filter.mayHave(keyHash('p', `1380000${index}`))).toBe(false);
  });
});

describe('inviter cells', () => {
  it('splits a name and a phone in any common writing, and spots a WeChat ID', () => {
    expect(parseInviterText('张伟 138-1234-5678')).toEqual({ phone: '13812345678', name: '张伟', wechatKey: null });
    expect(parseInviterText('张伟（１３８１２３４５６７８）')).toEqual({ phone: '13812345678', name: '张伟', wechatKey: null });
    expect(parseInviterText('+86 13812345678')).toEqual({ phone: '13812345678', name: null, wechatKey: null });
    expect(parseInviterText('Wxid_Abc123')).toEqual({ phone: null, name: 'Wxid_Abc123', wechatKey: 'wxid_abc123' });
    expect(parseInviterText('小雨')).toEqual({ phone: null, name: '小雨', wechatKey: null });
  });
});

describe('applying a row to a member', () => {
  it('derives the display name and keys from a draft', () => {
    expect(values({ nickname: ' 小雨 ', phone: { value: '13800000000', original: '138 0000 0000' }, email: 'A@B.com' })).toMatchObject({
      display_name: '小雨', phone_original: '138 0000 0000', email: 'A@B.com', email_key: 'a@b.com', stage: 'new', name_pinyin: 'xiaoyu',
    });
    expect(values({ phone: { value: '13800000000', original: '13800000000' } }).display_name).toBe('13800000000');
    expect(valuesFromDraft(empty)).toBeNull();
  });

  it('fills only what is empty, or overwrites with what the row has; never clears; keeps other names as aliases', () => {
    const existing = values({ realName: '张伟', nickname: '伟哥', city: '上海', gender: 'male', customFields: { 卡号: 'A1' } });
    const incoming = values({ realName: '张伟', nickname: '老张', city: '北京', occupation: '教师', gender: 'unknown', customFields: { 卡号: 'B2', 尺码: 'L' } });
    expect(mergeDraft(existing, incoming, 'fill-empty')).toMatchObject({ city: '上海', occupation: '教师', nickname: '伟哥', aliases: '老张', gender: 'male', custom_json: '{"卡号":"A1","尺码":"L"}' });
    expect(mergeDraft(existing, incoming, 'overwrite')).toMatchObject({ city: '北京', occupation: '教师', nickname: '老张', aliases: '伟哥', gender: 'male', custom_json: '{"卡号":"B2","尺码":"L"}' });
    expect(mergeDraft(existing, values({ realName: '张伟' }), 'overwrite')).toEqual(existing);
  });

  it('replaces a stand-in name (a phone shown as the name) with a real one', () => {
    const phoneOnly = values({ phone: { value: '13800000000', original: '13800000000' } });
    expect(mergeDraft(phoneOnly, values({ realName: '李娜', phone: { value: '13800000000', original: '13800000000' } }), 'fill-empty')).toMatchObject({
      display_name: '李娜', real_name: '李娜', aliases: null, name_pinyin: 'lina',
    });
  });
});
