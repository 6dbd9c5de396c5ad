import { describe, expect, it } from 'vitest';
import { headerKey, matchHeader } from '../../../shared/domain/members/mapping/header-synonyms.ts';
import {
  applyMappingOverrides,
  applyMappingTemplate,
  autoMapColumns,
  columnLetter,
  columnMappingSchema,
  templateFromMapping,
  validateMapping,
  type ColumnMapping,
} from '../../../shared/domain/members/mapping/column-mapping.ts';
import type { ColumnTarget } from '../../../shared/domain/member.ts';

function fields(mapping: ColumnMapping): string[] {
  return mapping.map(({ target }) => (target.kind === 'field' ? target.field : target.kind === 'custom' ? `custom:${target.name}` : 'ignore'));
}

describe('matchHeader: Chinese and English header synonyms', () => {
  it.each([
    ['姓名', 'realName'], ['名字', 'realName'], ['学员姓名', 'realName'], ['Name', 'realName'], ['Full Name', 'realName'], ['FULL NAME', 'realName'],
    ['手机', 'phone'], ['手机号', 'phone'], ['手机号码', 'phone'], ['电话', 'phone'], ['联系电话', 'phone'], ['Mobile', 'phone'], ['Phone', 'phone'], ['Phone Number', 'phone'],
    ['微信', 'wechatId'], ['微信号', 'wechatId'], ['WeChat', 'wechatId'], ['WeChat ID', 'wechatId'],
    ['昵称', 'nickname'], ['群昵称', 'nickname'], ['微信昵称', 'nickname'], ['Nickname', 'nickname'],
    ['邀请人', 'inviter'], ['推荐人', 'inviter'], ['Inviter', 'inviter'], ['Referred By', 'inviter'],
    ['入群时间', 'joinedOn'], ['加入时间', 'joinedOn'], ['报名日期', 'joinedOn'], ['入群日期', 'joinedOn'], ['Joined', 'joinedOn'], ['Member Since', 'joinedOn'],
    ['标签', 'tags'], ['Tags', 'tags'], ['Labels', 'tags'],
    ['邮箱', 'email'], ['E-mail', 'email'], ['Email', 'email'], ['电子邮箱', 'email'],
    ['性别', 'gender'], ['Gender', 'gender'],
    ['城市', 'city'], ['所在地区', 'city'], ['City', 'city'],
    ['职业', 'occupation'], ['兴趣', 'interests'], ['兴趣爱好', 'interests'],
    ['来源', 'source'], ['Source', 'source'], ['备注', 'notes'], ['Notes', 'notes'],
    ['群', 'group'], ['社群', 'group'], ['微信群', 'group'], ['Group', 'group'],
    ['角色', 'role'], ['Role', 'role'], ['阶段', 'stage'], ['Stage', 'stage'],
    ['出生年份', 'birthYear'], ['生日', 'birthYear'], ['年龄段', 'ageBand'], ['年龄', 'ageBand'],
  ])('%s → %s', (header, field) => {
    expect(matchHeader(header)?.field).toBe(field);
  });

  it('ignores width, case, spaces, punctuation and bracketed remarks', () => {
    expect(headerKey('Ｐｈｏｎｅ  Ｎｕｍｂｅｒ')).toBe('phonenumber');
    expect(matchHeader('手机号（必填）')).toEqual({ field: 'phone', exact: true });
    expect(matchHeader('*姓名')).toEqual({ field: 'realName', exact: true });
    expect(matchHeader(' E_mail: ')?.field).toBe('email');
  });

  it('finds a known word inside a longer header, longest word first', () => {
    expect(matchHeader('学员手机号码')).toEqual({ field: 'phone', exact: false });
    expect(matchHeader('邀请人微信')).toEqual({ field: 'inviter', exact: false });
    expect(matchHeader('Personal Email')).toEqual({ field: 'email', exact: false });
  });

  it('does not read too much into headers', () => {
    expect(matchHeader('编号')).toBeNull();
    expect(matchHeader('身份证号')).toBeNull();
    expect(matchHeader('Course Title')).toBeNull();
    expect(matchHeader('瑜伽打卡营 · 三期学员名单')).toBeNull();
    expect(matchHeader('统计截止：2025年12月31日')).toBeNull();
    expect(matchHeader('')).toBeNull();
  });
});

describe('autoMapColumns', () => {
  it('maps the WPS roster headers, keeping unknown columns as custom fields', () => {
    const mapping = autoMapColumns(['编号', '群昵称', '学员姓名', '联系电话', '微信', '所在地区', '报名日期', '标签']);
    expect(fields(mapping)).toEqual(['custom:编号', 'nickname', 'realName', 'phone', 'wechatId', 'city', 'joinedOn', 'tags']);
    expect(mapping[3]).toEqual({ column: 3, header: '联系电话', target: { kind: 'field', field: 'phone' } });
  });

  it('never maps one field twice: a later column keeps its data as a custom field', () => {
    expect(fields(autoMapColumns(['手机', '电话', '备注', '备注', '标签', 'Tags']))).toEqual(['phone', 'custom:电话', 'notes', 'notes', 'tags', 'tags']);
  });

  it('names unnamed columns by letter and keeps custom names unique', () => {
    expect(fields(autoMapColumns(['姓名', '', '爱好2', '爱好2']))).toEqual(['realName', 'custom:列B', 'interests', 'custom:爱好2']);
    expect(fields(autoMapColumns(['X', 'x', 'X']))).toEqual(['custom:X', 'custom:x (2)', 'custom:X (3)']);
  });

  it('produces plain JSON that survives a round trip and the schema', () => {
    const mapping = autoMapColumns(['姓名', '手机', '自定义']);
    const copy: unknown = JSON.parse(JSON.stringify(mapping));
    expect(copy).toEqual(mapping);
    expect(columnMappingSchema.safeParse(copy).success).toBe(true);
  });
});

describe('operator overrides and validation', () => {
  const headers = ['姓名', '手机', '备用电话', '微信', '说明'];

  it('applies overrides by column and leaves the rest automatic', () => {
    const mapping = applyMappingOverrides(headers, [{ column: 4, header: '说明', target: { kind: 'ignore' } }]);
    expect(fields(mapping)).toEqual(['realName', 'phone', 'custom:备用电话', 'wechatId', 'ignore']);
  });

  it('moving a field to another column takes it away from the automatic one', () => {
    const mapping = applyMappingOverrides(headers, [{ column: 2, header: '备用电话', target: { kind: 'field', field: 'phone' } }]);
    expect(fields(mapping)).toEqual(['realName', 'custom:手机', 'phone', 'wechatId', 'notes']);
    expect(validateMapping(headers.length, mapping)).toEqual([]);
  });

  it('reports two columns on phone as an error on the second column', () => {
    const mapping = applyMappingOverrides(headers, [
      { column: 1, header: '手机', target: { kind: 'field', field: 'phone' } },
      { column: 2, header: '备用电话', target: { kind: 'field', field: 'phone' } },
    ]);
    expect(validateMapping(headers.length, mapping)).toEqual([
      { path: 'mapping.2', messageKey: 'importer.mapping.fieldTwice', params: { field: 'phone', columns: 'B, C' } },
    ]);
  });

  it('allows several tag and note columns', () => {
    const mapping = autoMapColumns(['手机', '标签', '标签2']);
    const custom = applyMappingOverrides(['手机', '标签', '标签2'], [{ column: 2, header: '标签2', target: { kind: 'field', field: 'tags' } }]);
    expect(validateMapping(3, mapping)).toEqual([]);
    expect(validateMapping(3, custom)).toEqual([]);
  });

  it('reports duplicate custom names, missing columns, repeated columns and malformed input', () => {
    const mapping: ColumnMapping = [
      { column: 0, header: '手机', target: { kind: 'field', field: 'phone' } },
      { column: 1, header: 'a', target: { kind: 'custom', name: '来源备注' } },
      { column: 2, header: 'b', target: { kind: 'custom', name: ' 来源备注 ' } },
      { column: 2, header: 'b', target: { kind: 'ignore' } },
      { column: 9, header: 'z', target: { kind: 'ignore' } },
    ];
    const keys = validateMapping(3, mapping).map((issue) => `${issue.path} ${issue.messageKey}`);
    expect(keys).toEqual([
      'mapping.2 importer.mapping.customNameTwice',
      'mapping.2 importer.mapping.columnTwice',
      'mapping.9 importer.mapping.noSuchColumn',
    ]);
    expect(validateMapping(3, [{ column: 0, header: 'x', target: { kind: 'field', field: 'nope' } as unknown as ColumnTarget }])).toEqual([
      { path: 'mapping', messageKey: 'importer.mapping.malformed' },
    ]);
  });

  it('requires at least one column that identifies or names a member', () => {
    const mapping = autoMapColumns(['城市', '备注']);
    expect(validateMapping(2, mapping)).toEqual([{ path: 'mapping', messageKey: 'importer.mapping.noIdentityColumn' }]);
  });

  it('saves and applies templates by header text, whatever the column order', () => {
    const original = applyMappingOverrides(['学员', '电话号', '渠道X'], [
      { column: 0, header: '学员', target: { kind: 'field', field: 'realName' } },
      { column: 1, header: '电话号', target: { kind: 'field', field: 'phone' } },
      { column: 2, header: '渠道X', target: { kind: 'field', field: 'source' } },
    ]);
    const template = JSON.parse(JSON.stringify(templateFromMapping(original))) as Record<string, ColumnTarget>;
    const applied = applyMappingTemplate(['渠道x', '城市', ' 学员 ', '电话号'], template);
    expect(fields(applied)).toEqual(['source', 'city', 'realName', 'phone']);
  });

  it('letters columns like a spreadsheet', () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});
