import type { MemberFilter, MemberSort, MemberSortField } from '../../../shared/domain/member.ts';
import { spellCached } from './search-keys.ts';

/** A WHERE fragment over `members AS m` and its parameters. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

const FULL_WIDTH = /[\uff01-\uff5e]/g;

/** Search text as typed → folded (full-width ASCII to ASCII), trimmed, inner spaces squeezed. */
export function normaliseSearch(text: string | undefined): string {
  if (text === undefined) return '';
  return text
    .replace(FULL_WIDTH, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** The string right after every string starting with `prefix` (for index range scans). */
function prefixEnd(prefix: string): string {
  const last = prefix.codePointAt(prefix.length - 1) ?? 0;
  const lastLength = last > 0xffff ? 2 : 1;
  return prefix.slice(0, prefix.length - lastLength) + String.fromCodePoint(last + 1);
}

const HAN_ONLY = /^\p{Script=Han}+$/u;
const LETTERS = /^[a-z]+$/;
const DIGITS = /^\d+$/;
const PHONE_LIKE = /^\+?[\d\s-]+$/;

export interface SearchPlan {
  /** An FTS5 MATCH expression over the trigram index, or null. */
  match: string | null;
  /** A WHERE fragment (prefix ranges over indexed columns), or null. Either part may match. */
  prefix: SqlFragment | null;
}

/** Marks the start of every name in the index (see 0002_members): "\u0002小雨" finds names starting 小雨. */
const NAME_START = '\u0002';

/**
 * Quick search:
 * - 3+ characters: a substring anywhere in names, nicknames, aliases, pinyin, initials, phone, WeChat
 *   ID or e-mail, through the trigram index ("zhangwei", "zwh", "5678", "@qq.com", "小雨点");
 * - 2 characters: a name or nickname that starts with them (trigram with the name-start mark), or
 *   the display name's initials / pinyin starting with them ("zw", "li", "小雨", "张伟");
 * - 1 character: the display name starting with it, or its pinyin / initials ("张", "z").
 * A phone written with spaces or dashes is searched as its digits.
 */
export function planSearch(raw: string | undefined, ref: (column: string) => string = (column) => `m.${column}`): SearchPlan | null {
  const text = normaliseSearch(raw);
  if (text.length === 0) return null;
  const lower = text.toLowerCase();
  const compact = PHONE_LIKE.test(lower) ? lower.replace(/[\s-]/g, '').replace(/^\+/, '') : lower;
  const length = [...compact].length;
  if (length >= 3) {
    const variants = new Set([compact]);
    if (/^[a-z ]+$/.test(lower)) variants.add(lower.replace(/ /g, ''));
    const usable = [...variants].filter((variant) => [...variant].length >= 3);
    return { match: usable.map(ftsPhrase).join(' OR '), prefix: null };
  }
  const parts: string[] = [];
  const params: unknown[] = [];
  if (LETTERS.test(compact)) {
    // One letter: the start of the pinyin, which is the first initial (z → 张, 赵, 周...), as a range of
    // the name index (in name order); two: the initials or the start of the pinyin ("zw", "li").
    if (length === 2) {
      parts.push(`(${ref('name_initials')} >= ? AND ${ref('name_initials')} < ?)`);
      params.push(compact, prefixEnd(compact));
    }
    parts.push(`(${ref('name_pinyin')} >= ? AND ${ref('name_pinyin')} < ?)`);
    params.push(compact, prefixEnd(compact));
  } else if (DIGITS.test(compact)) {
    parts.push(`(${ref('phone')} >= ? AND ${ref('phone')} < ?)`);
    params.push(compact, prefixEnd(compact));
  } else if (HAN_ONLY.test(compact)) {
    const spelled = spellCached(compact).full;
    if (spelled.length > 0) {
      parts.push(`(${ref('name_pinyin')} >= ? AND ${ref('name_pinyin')} < ? AND substr(m.display_name, 1, ?) = ?)`);
      params.push(spelled, prefixEnd(spelled), length, compact);
    }
  }
  const match = length === 2 && !DIGITS.test(compact) ? ftsPhrase(`${NAME_START}${compact}`) : null;
  if (parts.length === 0 && match === null) {
    parts.push('substr(m.display_name, 1, ?) = ?');
    params.push(length, text);
  }
  return { match, prefix: parts.length === 0 ? null : { sql: `(${parts.join(' OR ')})`, params } };
}

function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

export interface FilterSql {
  /** Conditions other than the search, ANDed. */
  conditions: string[];
  params: unknown[];
  search: SearchPlan | null;
}

/**
 * How the conditions are written:
 * - "drive": so SQLite can find the rows through the filter's own indexes (counts, small results);
 * - "check": as row checks (`+column`, correlated EXISTS) so SQLite walks the SORT index instead and
 *   stops after one window: the first page of a big result in any indexed order costs
 *   ~limit ÷ (matching fraction) index steps. The sort column itself stays indexable (its range is in
 *   order anyway: a joined-date range sorted by joined date, a name prefix sorted by name).
 */
export type FilterMode = 'drive' | 'check';

/** Translates a filter into conditions over `members AS m`. */
export function filterToSql(filter: MemberFilter, mode: FilterMode = 'drive', sortColumn: string | null = null): FilterSql {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const ref = (column: string): string => (mode === 'check' && `m.${column}` !== sortColumn ? `+m.${column}` : `m.${column}`);
  if (filter.groupIds !== undefined && filter.groupIds.length > 0) {
    conditions.push(
      mode === 'drive'
        ? `m.id IN (SELECT member_id FROM memberships WHERE group_id IN (${placeholders(filter.groupIds.length)}) AND left_on IS NULL)`
        : `EXISTS (SELECT 1 FROM memberships AS s WHERE s.member_id = m.id AND s.group_id IN (${placeholders(filter.groupIds.length)}) AND s.left_on IS NULL)`,
    );
    params.push(...filter.groupIds);
  }
  if (filter.tagIds !== undefined && filter.tagIds.length > 0) {
    const tagSets = filter.tagMode === 'all' ? filter.tagIds.map((tagId) => [tagId]) : [filter.tagIds];
    for (const tagIds of tagSets) {
      conditions.push(
        mode === 'drive'
          ? `m.id IN (SELECT member_id FROM member_tags WHERE tag_id IN (${placeholders(tagIds.length)}))`
          : `EXISTS (SELECT 1 FROM member_tags AS t WHERE t.member_id = m.id AND t.tag_id IN (${placeholders(tagIds.length)}))`,
      );
      params.push(...tagIds);
    }
  }
  if (filter.genders !== undefined && filter.genders.length > 0) {
    const unknown = filter.genders.includes('unknown');
    conditions.push(`(${ref('gender')} IN (${placeholders(filter.genders.length)})${unknown ? ` OR ${ref('gender')} IS NULL` : ''})`);
    params.push(...filter.genders);
  }
  const inList = (column: string, values: readonly string[] | undefined): void => {
    if (values === undefined || values.length === 0) return;
    conditions.push(`${ref(column)} IN (${placeholders(values.length)})`);
    params.push(...values);
  };
  inList('city', filter.cities);
  inList('source', filter.sources);
  inList('stage', filter.stages);
  if (filter.joinedFrom !== undefined) {
    conditions.push(`${ref('joined_on')} >= ?`);
    params.push(filter.joinedFrom);
  }
  if (filter.joinedTo !== undefined) {
    conditions.push(`${ref('joined_on')} <= ?`);
    params.push(filter.joinedTo);
  }
  const presence = (column: string, wanted: boolean | undefined): void => {
    if (wanted === undefined) return;
    conditions.push(`${ref(column)} IS ${wanted ? 'NOT ' : ''}NULL`);
  };
  presence('phone', filter.hasPhone);
  presence('wechat_key', filter.hasWechat);
  presence('email_key', filter.hasEmail);
  if (filter.sample !== undefined) conditions.push(`${ref('is_sample')} = ${filter.sample ? 1 : 0}`);
  return { conditions, params, search: planSearch(filter.search, ref) };
}

/** The column each sort field orders by; `nullable` columns put empty values last. */
export const SORT_COLUMNS: Record<MemberSortField, { column: string; nullable: boolean; index: string | null; then?: string }> = {
  displayName: { column: 'm.name_pinyin', nullable: false, index: 'members_name_pinyin', then: 'm.display_name' },
  realName: { column: 'm.real_name', nullable: true, index: 'members_real_name' },
  nickname: { column: 'm.nickname', nullable: true, index: 'members_nickname' },
  phone: { column: 'm.phone', nullable: true, index: 'members_phone' },
  wechatId: { column: 'm.wechat_key', nullable: true, index: 'members_wechat' },
  email: { column: 'm.email_key', nullable: true, index: 'members_email' },
  gender: { column: 'm.gender', nullable: true, index: 'members_gender' },
  birthYear: { column: 'm.birth_year', nullable: true, index: 'members_birth_year' },
  ageBand: { column: 'm.age_band', nullable: true, index: 'members_age_band' },
  city: { column: 'm.city', nullable: true, index: 'members_city' },
  occupation: { column: 'm.occupation', nullable: true, index: 'members_occupation' },
  source: { column: 'm.source', nullable: true, index: 'members_source' },
  joinedOn: { column: 'm.joined_on', nullable: true, index: 'members_joined' },
  stage: { column: 'm.stage', nullable: true, index: 'members_stage' },
  createdAt: { column: 'm.id', nullable: false, index: null },
  updatedAt: { column: 'm.updated_at', nullable: false, index: 'members_updated' },
};

export const DEFAULT_SORT: MemberSort = { field: 'createdAt', direction: 'desc' };

/** ORDER BY for a sort: the column(s) of its index, then id, all in one direction (index order). */
export function orderBySql(sort: MemberSort): string {
  const { column, then } = SORT_COLUMNS[sort.field];
  const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
  if (column === 'm.id') return `m.id ${direction}`;
  return [column, ...(then === undefined ? [] : [then]), 'm.id'].map((part) => `${part} ${direction}`).join(', ');
}
