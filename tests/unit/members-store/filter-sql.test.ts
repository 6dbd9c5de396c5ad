import { describe, expect, it } from 'vitest';
import { filterToSql, normaliseSearch, orderBySql, planSearch } from '../../../electron/services/members/filter-sql.ts';

describe('quick search plans', () => {
  it('folds full-width characters and squeezes spaces', () => {
    expect(normaliseSearch('  ｚｈａｎｇ　ｗｅｉ  ')).toBe('zhang wei');
    expect(normaliseSearch(undefined)).toBe('');
  });

  it('searches 3+ characters anywhere through the trigram index, pinyin with or without spaces', () => {
    expect(planSearch('zhangwei')).toEqual({ match: '"zhangwei"', prefix: null });
    expect(planSearch('Zhang Wei')).toEqual({ match: '"zhang wei" OR "zhangwei"', prefix: null });
    expect(planSearch('张伟华')).toEqual({ match: '"张伟华"', prefix: null });
    expect(planSearch('say "hi"')).toEqual({ match: '"say ""hi"""', prefix: null });
  });

  it('reads a phone written with spaces or dashes as its digits', () => {
    expect(planSearch('138 1234-5678')).toEqual({ match: '"13812345678"', prefix: null });
    expect(planSearch('+86 138')?.match).toBe('"86138"');
    expect(planSearch('5678')?.match).toBe('"5678"');
  });

  it('searches 1-2 characters as prefixes: initials / pinyin ranges, a name start in the index', () => {
    expect(planSearch('z')).toEqual({ match: null, prefix: { sql: '((m.name_pinyin >= ? AND m.name_pinyin < ?))', params: ['z', '{'] } });
    expect(planSearch('ZW')).toEqual({
      match: '"\u0002zw"',
      prefix: { sql: '((m.name_initials >= ? AND m.name_initials < ?) OR (m.name_pinyin >= ? AND m.name_pinyin < ?))', params: ['zw', 'zx', 'zw', 'zx'] },
    });
    expect(planSearch('张')).toEqual({
      match: null,
      prefix: { sql: '((m.name_pinyin >= ? AND m.name_pinyin < ? AND substr(m.display_name, 1, ?) = ?))', params: ['zhang', 'zhanh', 1, '张'] },
    });
    expect(planSearch('小雨')?.match).toBe('"\u0002小雨"');
    expect(planSearch('13')).toEqual({ match: null, prefix: { sql: '((m.phone >= ? AND m.phone < ?))', params: ['13', '14'] } });
    expect(planSearch('   ')).toBeNull();
  });
});

describe('filters', () => {
  it('combines parts with AND and values with OR, with "unknown" gender matching a missing one', () => {
    const sql = filterToSql({ cities: ['上海', '北京'], genders: ['unknown'], hasPhone: true, joinedFrom: '2025-01-01' });
    expect(sql.conditions).toEqual(['(m.gender IN (?) OR m.gender IS NULL)', 'm.city IN (?, ?)', 'm.joined_on >= ?', 'm.phone IS NOT NULL']);
    expect(sql.params).toEqual(['unknown', '上海', '北京', '2025-01-01']);
  });

  it('writes row checks that keep the sort column usable in "check" mode', () => {
    const sql = filterToSql({ groupIds: [3], tagIds: [1, 2], tagMode: 'all', joinedFrom: '2025-01-01', cities: ['上海'] }, 'check', 'm.joined_on');
    expect(sql.conditions).toEqual([
      'EXISTS (SELECT 1 FROM memberships AS s WHERE s.member_id = m.id AND s.group_id IN (?) AND s.left_on IS NULL)',
      'EXISTS (SELECT 1 FROM member_tags AS t WHERE t.member_id = m.id AND t.tag_id IN (?))',
      'EXISTS (SELECT 1 FROM member_tags AS t WHERE t.member_id = m.id AND t.tag_id IN (?))',
      '+m.city IN (?)',
      'm.joined_on >= ?',
    ]);
  });

  it('orders by the column (and the name behind its pinyin), then id, in one direction', () => {
    expect(orderBySql({ field: 'displayName', direction: 'asc' })).toBe('m.name_pinyin ASC, m.display_name ASC, m.id ASC');
    expect(orderBySql({ field: 'city', direction: 'desc' })).toBe('m.city DESC, m.id DESC');
    expect(orderBySql({ field: 'createdAt', direction: 'desc' })).toBe('m.id DESC');
  });
});
