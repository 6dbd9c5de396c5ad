import { describe, expect, it } from 'vitest';
import { convertRow, emptyDraft, type ConvertContext } from '../../../shared/domain/members/draft.ts';
import { autoMapColumns } from '../../../shared/domain/members/mapping/column-mapping.ts';
import type { CellValue } from '../../../shared/domain/members/cell.ts';

function context(headers: string[], overrides: Partial<ConvertContext> = {}): ConvertContext {
  return { headers, mapping: autoMapColumns(headers), date1904: false, dateOrders: new Map(), today: new Date(Date.UTC(2025, 0, 1)), ...overrides };
}

describe('convertRow', () => {
  const headers = ['姓名', '昵称', '手机', '微信号', '邮箱', '性别', '出生年份', '城市', '入群时间', '标签', '备注', '会员卡号', '角色', '阶段'];

  it('normalises every mapped field and keeps unknown columns as custom fields', () => {
    const cells: CellValue[] = [' 张伟 ', '小伟🌟', '+86 138-0013-8000', 'Zhang_Wei88', 'ZW@Example.com', '男', '1990年', '上海', '2025年3月4日', '瑜伽、冥想', '老带新', 'VIP-001', '管理员', '忠实'];
    const { draft, keys, problems } = convertRow(7, cells, context(headers));
    expect(problems).toEqual([]);
    expect(draft).toEqual({
      ...emptyDraft(),
      displayName: '张伟',
      realName: '张伟',
      nickname: '小伟🌟',
      phone: { value: '13800138000', original: '+86 138-0013-8000' },
      wechatId: 'Zhang_Wei88',
      email: 'zw@example.com',
      gender: 'male',
      birthYear: 1990,
      city: '上海',
      joinedOn: '2025-03-04',
      tags: ['瑜伽', '冥想'],
      notes: '老带新',
      role: 'admin',
      stage: 'loyal',
      customFields: { 会员卡号: 'VIP-001' },
    });
    expect(keys).toEqual({ phone: '13800138000', wechatId: 'zhang_wei88', email: 'zw@example.com' });
  });

  it('reports each bad cell with row, column header and value, and imports the rest', () => {
    const cells: CellValue[] = ['李娜', null, '1.38E+10', '小娜', 'lina@', '女生女', null, null, '12/3/2024'];
    const { draft, problems } = convertRow(12, cells, context(headers));
    expect(draft?.realName).toBe('李娜');
    expect(draft?.phone).toBeNull();
    expect(problems).toEqual([
      { row: 12, column: '手机', value: '1.38E+10', messageKey: 'members.importProblem.phoneScientific', params: { value: '1.38E+10' } },
      { row: 12, column: '微信号', value: '小娜', messageKey: 'members.importProblem.wechatInvalid', params: { value: '小娜' } },
      { row: 12, column: '邮箱', value: 'lina@', messageKey: 'members.importProblem.emailInvalid', params: { value: 'lina@' } },
      { row: 12, column: '性别', value: '女生女', messageKey: 'members.importProblem.genderUnknown', params: { value: '女生女' } },
      { row: 12, column: '入群时间', value: '12/3/2024', messageKey: 'members.importProblem.dateAmbiguous', params: { value: '12/3/2024' } },
    ]);
  });

  it('reads an ambiguous date by the column order it is given', () => {
    const { draft } = convertRow(3, ['王芳', null, '13900139000', null, null, null, null, null, '12/3/2024'], context(headers, { dateOrders: new Map([[8, 'mdy']]) }));
    expect(draft?.joinedOn).toBe('2024-12-03');
  });

  it('reads Excel serials in date columns in the workbook’s date system', () => {
    const h = ['手机', '入群时间'];
    expect(convertRow(2, [13900139000, 45292], context(h)).draft?.joinedOn).toBe('2024-01-01');
    expect(convertRow(2, [13900139000, 43830], context(h, { date1904: true })).draft?.joinedOn).toBe('2024-01-01');
  });

  it('takes the display name from the real name, else the nickname', () => {
    expect(convertRow(2, ['小佳琪0', '15900000011'], context(['昵称', '手机号'])).draft?.displayName).toBe('小佳琪0');
    expect(convertRow(2, ['Amy', '艾米'], context(['Display Name', '姓名'])).draft?.displayName).toBe('Amy');
  });

  it('accepts a row with only a name, or only a key', () => {
    expect(convertRow(2, ['张三', null], context(['姓名', '手机'])).draft?.realName).toBe('张三');
    expect(convertRow(2, [null, '13800138000'], context(['姓名', '手机'])).draft?.displayName).toBeNull();
  });

  it('rejects a row with neither a key nor a name', () => {
    const result = convertRow(9, [null, 'abc', '上海'], context(['姓名', '手机', '城市']));
    expect(result.draft).toBeNull();
    expect(result.problems.map((p) => p.messageKey)).toEqual(['members.importProblem.phoneInvalid', 'members.importProblem.noIdentity']);
    expect(result.problems[1]).toEqual({ row: 9, column: '', value: '', messageKey: 'members.importProblem.noIdentity' });
  });

  it('merges several tag columns and joins several note columns', () => {
    const h = ['手机', '标签', 'Tags', '备注', 'Notes'];
    const { draft } = convertRow(2, ['13800138000', '新手、瑜伽', 'Yoga|新手', '第一行', '第二行'], context(h));
    expect(draft?.tags).toEqual(['新手', '瑜伽', 'Yoga']);
    expect(draft?.notes).toBe('第一行\n第二行');
  });

  it('puts an age band written in a birth-year column in the age band', () => {
    const { draft } = convertRow(2, ['13800138000', '90后'], context(['手机', '出生年份']));
    expect(draft?.birthYear).toBeNull();
    expect(draft?.ageBand).toBe('90后');
  });

  it('ignores columns mapped to ignore and writes custom dates and numbers as text', () => {
    const h = ['手机', '编号', '到期日'];
    const ctx = context(h);
    const mapping = [ctx.mapping[0], { column: 1, header: '编号', target: { kind: 'ignore' as const } }, ctx.mapping[2]].filter((e) => e !== undefined);
    const { draft } = convertRow(2, ['13800138000', 17, new Date(Date.UTC(2025, 5, 30))], { ...ctx, mapping });
    expect(draft?.customFields).toEqual({ 到期日: '2025-06-30' });
  });
});
