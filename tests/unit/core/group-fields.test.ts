import { describe, expect, it } from 'vitest';
import { GROUP_LIMITS, GROUP_PLATFORMS, groupFieldsSchema } from '../../../shared/domain/group.ts';

function issuesOf(input: unknown): Record<string, string> {
  const parsed = groupFieldsSchema.safeParse(input);
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('group fields', () => {
  it('needs a name and a platform, and fills every other field', () => {
    expect(groupFieldsSchema.parse({ name: '读书会', platform: 'wechat' })).toEqual({
      name: '读书会',
      platform: 'wechat',
      theme: '',
      targetMembers: '',
      coreValue: '',
      rules: '',
      owner: '',
      createdOn: null,
      capacity: null,
    });
    expect(issuesOf({})).toMatchObject({ name: expect.any(String), platform: 'validation.platform' });
  });

  it('trims text and refuses a name that is only spaces, including full-width ones', () => {
    expect(groupFieldsSchema.parse({ name: '  读书会\t', platform: 'qq', owner: ' 王老师 ' })).toMatchObject({ name: '读书会', owner: '王老师' });
    expect(issuesOf({ name: '   ', platform: 'qq' })).toEqual({ name: 'validation.required' });
    expect(issuesOf({ name: '\u3000\u3000', platform: 'qq' })).toEqual({ name: 'validation.required' });
  });

  it('limits the length of each text field', () => {
    expect(issuesOf({ name: 'x'.repeat(GROUP_LIMITS.name + 1), platform: 'qq' })).toEqual({ name: 'validation.tooLong' });
    expect(issuesOf({ name: '群'.repeat(GROUP_LIMITS.name), platform: 'qq' })).toEqual({});
    expect(issuesOf({ name: 'a', platform: 'qq', theme: 'x'.repeat(GROUP_LIMITS.shortText + 1) })).toEqual({ theme: 'validation.tooLong' });
    expect(issuesOf({ name: 'a', platform: 'qq', rules: 'x'.repeat(GROUP_LIMITS.longText) })).toEqual({});
    expect(issuesOf({ name: 'a', platform: 'qq', rules: 'x'.repeat(GROUP_LIMITS.longText + 1) })).toEqual({ rules: 'validation.tooLong' });
  });

  it('knows the seven platforms and nothing else', () => {
    expect(GROUP_PLATFORMS).toEqual(['wechat', 'wecom', 'qq', 'dingtalk', 'discord', 'telegram', 'other']);
    for (const platform of GROUP_PLATFORMS) expect(issuesOf({ name: 'a', platform })).toEqual({});
    for (const platform of ['WeChat', '微信群', '', 'weibo']) expect(issuesOf({ name: 'a', platform })).toEqual({ platform: 'validation.platform' });
  });

  it('takes capacity as a positive whole number up to a million, or none', () => {
    expect(issuesOf({ name: 'a', platform: 'qq', capacity: 500 })).toEqual({});
    expect(issuesOf({ name: 'a', platform: 'qq', capacity: null })).toEqual({});
    for (const capacity of [0, -3, 2.5, '500', Number.NaN]) {
      expect(issuesOf({ name: 'a', platform: 'qq', capacity }), String(capacity)).toEqual({ capacity: 'validation.positiveInteger' });
    }
    expect(issuesOf({ name: 'a', platform: 'qq', capacity: GROUP_LIMITS.capacityMax + 1 })).toEqual({ capacity: 'validation.tooLarge' });
  });

  it('takes the created date as a real calendar day in YYYY-MM-DD', () => {
    for (const createdOn of ['2025-01-31', '2024-02-29', '2000-02-29', '1999-12-31']) {
      expect(issuesOf({ name: 'a', platform: 'qq', createdOn }), createdOn).toEqual({});
    }
    for (const createdOn of ['2025-02-29', '2025-02-30', '2025-04-31', '1900-02-29', '2025-13-01', '2025-00-10', '2025-1-5', '2025/01/05', '2025年1月5日', '']) {
      expect(issuesOf({ name: 'a', platform: 'qq', createdOn }), createdOn).toEqual({ createdOn: 'validation.date' });
    }
  });

  it('refuses fields it does not know', () => {
    expect(issuesOf({ name: 'a', platform: 'qq', status: 'archived' })).toEqual({ '': expect.any(String) });
  });
});
