import { describe, expect, it } from 'vitest';
import { normaliseGender, normaliseRole, normaliseStage } from '../../../shared/domain/members/normalise/synonyms.ts';
import { mergeTags, splitTags } from '../../../shared/domain/members/normalise/tags.ts';

describe('normaliseGender', () => {
  it.each([
    ['男', 'male'], ['男性', 'male'], ['先生', 'male'], ['M', 'male'], ['m', 'male'], ['Male', 'male'], [' MALE ', 'male'], ['♂', 'male'], ['Ｍ', 'male'],
    ['女', 'female'], ['女士', 'female'], ['小姐', 'female'], ['F', 'female'], ['female', 'female'], ['Woman', 'female'], ['♀', 'female'],
    ['未知', 'unknown'], ['保密', 'unknown'], ['不详', 'unknown'], ['unknown', 'unknown'], ['N/A', 'unknown'], ['Prefer not to say', 'unknown'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseGender(input)).toEqual({ ok: true, value: expected });
  });

  it('reports words it does not know, and does not read numeric codes', () => {
    expect(normaliseGender('男女')).toEqual({ ok: false, issue: { messageKey: 'members.importProblem.genderUnknown', params: { value: '男女' } } });
    expect(normaliseGender(1).ok).toBe(false);
    expect(normaliseGender('—').ok).toBe(false);
  });

  it('treats empty as none', () => {
    expect(normaliseGender(null)).toEqual({ ok: true, value: null });
    expect(normaliseGender(' ')).toEqual({ ok: true, value: null });
  });
});

describe('normaliseStage and normaliseRole', () => {
  it.each([
    ['新成员', 'new'], ['新人', 'new'], ['New', 'new'],
    ['潜在用户', 'potential'], ['意向', 'potential'], ['prospect', 'potential'],
    ['忠实用户', 'loyal'], ['铁粉', 'loyal'], ['Loyal', 'loyal'],
    ['已流失', 'churned'], ['沉默', 'churned'], ['churned', 'churned'], ['Inactive', 'churned'],
  ])('stage %s → %s', (input, expected) => {
    expect(normaliseStage(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['群主', 'owner'], ['Owner', 'owner'],
    ['管理员', 'admin'], ['群管', 'admin'], ['Admin', 'admin'], ['administrator', 'admin'],
    ['版主', 'moderator'], ['mod', 'moderator'],
    ['志愿者', 'volunteer'], ['Volunteer', 'volunteer'],
    ['成员', 'member'], ['普通成员', 'member'], ['member', 'member'],
  ])('role %s → %s', (input, expected) => {
    expect(normaliseRole(input)).toEqual({ ok: true, value: expected });
  });

  it('reports unknown stages and roles', () => {
    expect(normaliseStage('VIP').ok).toBe(false);
    expect(normaliseRole('班长')).toEqual({ ok: false, issue: { messageKey: 'members.importProblem.roleUnknown', params: { value: '班长' } } });
  });
});

describe('splitTags', () => {
  it('splits on every separator operators use', () => {
    expect(splitTags('a,b，c、d;e；f|g/h')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(splitTags('新手、老会员')).toEqual(['新手', '老会员']);
    expect(splitTags('yoga|beginner')).toEqual(['yoga', 'beginner']);
    expect(splitTags('瑜伽\n冥想')).toEqual(['瑜伽', '冥想']);
  });

  it('trims, drops empty pieces and keeps repeats once', () => {
    expect(splitTags(' 瑜伽 ,, 、 瑜伽 ,Yoga, yoga ')).toEqual(['瑜伽', 'Yoga']);
    expect(splitTags('')).toEqual([]);
    expect(splitTags(null)).toEqual([]);
  });

  it('keeps spaces and emoji inside a tag, folds full-width letters', () => {
    expect(splitTags('new member, 🌸 花友')).toEqual(['new member', '🌸 花友']);
    expect(splitTags('ＫＯＣ')).toEqual(['KOC']);
  });

  it('merges tags from several columns', () => {
    expect(mergeTags(['a', 'b'], ['B', 'c'])).toEqual(['a', 'b', 'c']);
  });
});
