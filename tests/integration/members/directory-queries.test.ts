import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { countMembers, directoryTuning, getDirectoryWindow } from '../../../electron/services/members/directory-queries.ts';
import { listFilterOptions } from '../../../electron/services/members/directory-rows.ts';
import { invalidateDirectoryCache } from '../../../electron/services/members/directory-cache.ts';
import { iterateDirectory } from '../../../electron/services/members/member-queries.ts';
import { setMembersStage } from '../../../electron/services/members/bulk-actions.ts';
import { loadSampleData } from '../../../electron/services/sample-data/sample-data.ts';
import { MEMBER_SORT_FIELDS, type MemberFilter, type MemberSort, type MemberSortField } from '../../../shared/domain/member.ts';
import { newWorkspace, NOW } from './member-fixtures.ts';

/** One sample workspace for the whole file (read-only tests), 1,500 members. */
let dir: string;
let ws: Workspace;

interface Row {
  id: number;
  display_name: string;
  real_name: string | null;
  nickname: string | null;
  phone: string | null;
  wechat_id: string | null;
  wechat_key: string | null;
  email: string | null;
  email_key: string | null;
  gender: string | null;
  birth_year: number | null;
  age_band: string | null;
  city: string | null;
  occupation: string | null;
  source: string | null;
  joined_on: string | null;
  stage: string | null;
  updated_at: string;
  name_pinyin: string;
  name_initials: string;
  search_extra: string | null;
  is_sample: number;
}
let all: Row[];
let groups: Array<{ id: number; members: Set<number> }>;
let tags: Array<{ id: number; members: Set<number> }>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'community-desk-directory-'));
  ws = await newWorkspace(dir);
  await loadSampleData(ws, { count: 1_500, seed: 7, now: NOW });
  all = ws.sqlite.prepare('SELECT * FROM members ORDER BY id').all() as Row[];
  const memberSets = (sql: string) => {
    const map = new Map<number, Set<number>>();
    for (const row of ws.sqlite.prepare(sql).all() as Array<{ owner: number; member: number }>) {
      const set = map.get(row.owner) ?? new Set<number>();
      set.add(row.member);
      map.set(row.owner, set);
    }
    return [...map].map(([id, members]) => ({ id, members }));
  };
  groups = memberSets('SELECT group_id AS owner, member_id AS member FROM memberships WHERE left_on IS NULL');
  tags = memberSets('SELECT tag_id AS owner, member_id AS member FROM member_tags');
}, 60_000);

afterAll(async () => {
  await ws.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const COLUMN: Record<MemberSortField, (row: Row) => string | number | null> = {
  displayName: (row) => row.name_pinyin,
  realName: (row) => row.real_name,
  nickname: (row) => row.nickname,
  phone: (row) => row.phone,
  wechatId: (row) => row.wechat_key,
  email: (row) => row.email_key,
  gender: (row) => row.gender,
  birthYear: (row) => row.birth_year,
  ageBand: (row) => row.age_band,
  city: (row) => row.city,
  occupation: (row) => row.occupation,
  source: (row) => row.source,
  joinedOn: (row) => row.joined_on,
  stage: (row) => row.stage,
  createdAt: (row) => row.id,
  updatedAt: (row) => row.updated_at,
};

/** SQLite's BINARY order: UTF-8 bytes (JavaScript's < compares UTF-16 units, which differs for emoji). */
function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)));
}

/** The order the directory promises: by the column (then display name for names), then id, all one way; empty values last. */
function expectedOrder(rows: Row[], sort: MemberSort): number[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const value = COLUMN[sort.field];
  return [...rows]
    .sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null || vb === null) {
        if (va === null && vb === null) return sign * (a.id - b.id);
        return va === null ? 1 : -1;
      }
      const byValue = compareValues(va, vb);
      if (byValue !== 0) return sign * byValue;
      if (sort.field === 'displayName') {
        const byName = compareValues(a.display_name, b.display_name);
        if (byName !== 0) return sign * byName;
      }
      return sign * (a.id - b.id);
    })
    .map((row) => row.id);
}

function windowIds(filter: MemberFilter, sort: MemberSort, start: number, limit: number): number[] {
  return getDirectoryWindow(ws, { filter, sort, start, limit }).rows.map((row) => row.id);
}

/** Reads every window of a query at a few positions, including jumps backwards and past the end. */
function readAll(filter: MemberFilter, sort: MemberSort, total: number): number[] {
  const ids: number[] = new Array<number>(total);
  const starts = [0, 100, Math.floor(total / 2), total - 50, 200, 300];
  for (let start = 0; start < total; start += 100) starts.push(start);
  for (const start of starts) {
    if (start < 0 || start >= total) continue;
    windowIds(filter, sort, start, 100).forEach((id, offset) => {
      ids[start + offset] = id;
    });
  }
  return ids;
}

function tuned<T>(values: Partial<typeof directoryTuning>, run: () => T): T {
  const saved = { ...directoryTuning };
  Object.assign(directoryTuning, values);
  try {
    return run();
  } finally {
    Object.assign(directoryTuning, saved);
  }
}

describe('directory windows', () => {
  it('pages every sort order in both directions exactly like a full sort, empty values last', () => {
    for (const field of MEMBER_SORT_FIELDS) {
      for (const direction of ['asc', 'desc'] as const) {
        const sort = { field, direction };
        const expected = expectedOrder(all, sort);
        expect(readAll({}, sort, all.length), `${field} ${direction}`).toEqual(expected);
      }
    }
  });

  it('pages the same way along the sort index (big results) as from the cached id list', () => {
    // Make 1,500 members count as "big" so the top windows walk the sort index with row checks.
    tuned({ smallResult: 50, scanMinShare: 0.01, directOffsetLimit: 1_000 }, () => {
      const filters: MemberFilter[] = [{}, { genders: ['female'] }, { groupIds: [groups[0]?.id ?? 0] }, { hasWechat: true }, { joinedFrom: '2025-01-01' }];
      for (const filter of filters) {
        const rows = all.filter((row) => matches(row, filter));
        for (const field of ['displayName', 'joinedOn', 'city', 'createdAt', 'phone', 'updatedAt', 'occupation', 'realName', 'nickname', 'birthYear', 'ageBand'] as const) {
          for (const direction of ['asc', 'desc'] as const) {
            const sort = { field, direction };
            const expected = expectedOrder(rows, sort);
            const top = windowIds(filter, sort, 0, 100);
            expect(top, `${JSON.stringify(filter)} ${field} ${direction}`).toEqual(expected.slice(0, 100));
            expect(windowIds(filter, sort, 700, 100)).toEqual(expected.slice(700, 800));
            expect(readAll(filter, sort, rows.length)).toEqual(expected);
          }
        }
      }
    });
  });

  it('answers the top of a big result before counting it, with the same rows, walking the sort index or not', () => {
    // 1,500 members: results over 300 are "big"; a walk for 20 rows gives up after 40 index entries or
    // 4 × the expected steps (the joined-date range sorted by update time has its matches far down the
    // order), so both the walk and SQLite's top-N of the matches answer some of these.
    tuned({ smallResult: 300, scanMinShare: 0.01, directOffsetLimit: 1_000, walkSteps: 40 }, () => {
      const filters: MemberFilter[] = [
        { genders: ['female'] },
        { groupIds: [groups[0]?.id ?? 0] },
        { tagIds: [tags[0]?.id ?? 0] },
        { joinedFrom: '2025-01-01', joinedTo: '2025-06-30' },
        { joinedFrom: '2025-03-01' },
        { cities: ['上海'] },
        { hasWechat: true },
      ];
      for (const filter of filters) {
        const rows = all.filter((row) => matches(row, filter));
        for (const field of MEMBER_SORT_FIELDS) {
          for (const direction of ['asc', 'desc'] as const) {
            const sort = { field, direction };
            const label = `${JSON.stringify(filter)} ${field} ${direction}`;
            const expected = expectedOrder(rows, sort);
            invalidateDirectoryCache(ws.sqlite);
            const first = getDirectoryWindow(ws, { filter, sort, start: 0, limit: 20, countLater: true });
            expect(first.rows.map((row) => row.id), label).toEqual(expected.slice(0, 20));
            if (first.counted) expect(first.total, label).toBe(expected.length);
            else expect(first.total, label).toBeGreaterThan(300);
            expect(first.total, label).toBeLessThanOrEqual(expected.length);
            expect(getDirectoryWindow(ws, { filter, sort, start: 0, limit: 0, countLater: true }), label).toEqual({ total: expected.length, start: 0, rows: [], counted: true });
            expect(windowIds(filter, sort, 900, 100), label).toEqual(expected.slice(900, 1_000));
          }
        }
      }
    });
  });

  it('answers a small result counted, even when asked to count later', () => {
    const filter: MemberFilter = { cities: ['上海'], stages: ['loyal'] };
    const expected = expectedOrder(all.filter((row) => matches(row, filter)), { field: 'city', direction: 'asc' });
    invalidateDirectoryCache(ws.sqlite);
    const first = getDirectoryWindow(ws, { filter, sort: { field: 'city', direction: 'asc' }, start: 0, limit: 100, countLater: true });
    expect(first).toMatchObject({ total: expected.length, counted: true });
    expect(first.rows.map((row) => row.id)).toEqual(expected.slice(0, 100));
  });

  it('filters by group, tag, gender, city, joined range, source, stage and presence of contacts', () => {
    const group = groups[1] ?? { id: 0, members: new Set<number>() };
    const tag = tags[2] ?? { id: 0, members: new Set<number>() };
    const cases: MemberFilter[] = [
      { groupIds: [group.id] },
      { tagIds: [tag.id] },
      { tagIds: [tag.id, tags[3]?.id ?? 0] },
      { tagIds: [tag.id, tags[3]?.id ?? 0], tagMode: 'all' },
      { genders: ['unknown'] },
      { cities: ['上海', '北京'] },
      { joinedFrom: '2025-01-01', joinedTo: '2025-06-30' },
      { sources: ['公众号'] },
      { stages: ['loyal', 'churned'] },
      { hasPhone: false },
      { hasWechat: true, hasEmail: true },
      { sample: true },
      { groupIds: [group.id], stages: ['new'], cities: ['上海'] },
    ];
    for (const filter of cases) {
      const expected = all.filter((row) => matches(row, filter));
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(countMembers(ws, filter), JSON.stringify(filter)).toBe(expected.length);
      expect(readAll(filter, { field: 'createdAt', direction: 'asc' }, expected.length)).toEqual(expected.map((row) => row.id));
    }
  });

  it('returns directory rows with tags, current groups and the inviter’s name', () => {
    const invited = all.find((row) => ws.sqlite.prepare('SELECT inviter_id FROM members WHERE id = ?').pluck().get(row.id) !== null);
    expect(invited).toBeDefined();
    const [row] = getDirectoryWindow(ws, { filter: {}, sort: { field: 'createdAt', direction: 'asc' }, start: all.indexOf(invited as Row), limit: 1 }).rows;
    const inviter = ws.sqlite.prepare('SELECT i.display_name FROM members AS m JOIN members AS i ON i.id = m.inviter_id WHERE m.id = ?').pluck().get(invited?.id);
    expect(row).toMatchObject({ id: invited?.id, displayName: invited?.display_name, inviterName: inviter, isSample: true });
    const expectedTags = ws.sqlite.prepare('SELECT t.name FROM member_tags AS mt JOIN tags AS t ON t.id = mt.tag_id WHERE mt.member_id = ? ORDER BY t.name').pluck().all(invited?.id);
    expect(row?.tags).toEqual(expectedTags);
  });

  it('answers an empty page past the end, and never more than asked', () => {
    expect(getDirectoryWindow(ws, { filter: {}, start: all.length + 5, limit: 100 })).toEqual({ total: all.length, start: all.length + 5, rows: [], counted: true });
    expect(getDirectoryWindow(ws, { filter: {}, start: all.length - 3, limit: 100 }).rows).toHaveLength(3);
    expect(getDirectoryWindow(ws, { filter: {}, start: 0, limit: 0 }).rows).toHaveLength(0);
  });

  it('sees changes at once: cached lists are dropped when the data changes', async () => {
    const sort: MemberSort = { field: 'stage', direction: 'asc' };
    // Reading a window caches the (small) result's ordered id list.
    getDirectoryWindow(ws, { filter: { stages: ['churned'] }, sort, start: 0, limit: 10 });
    const before = countMembers(ws, { stages: ['churned'] });
    const target = all.find((row) => row.stage !== 'churned');
    await setMembersStage(ws, { ids: [target?.id ?? 0] }, 'churned', { now: NOW });
    expect(countMembers(ws, { stages: ['churned'] })).toBe(before + 1);
    expect(readAll({ stages: ['churned'] }, sort, before + 1)).toContain(target?.id);
    ws.sqlite.prepare('UPDATE members SET stage = ? WHERE id = ?').run(target?.stage ?? null, target?.id ?? 0);
    expect(countMembers(ws, { stages: ['churned'] })).toBe(before);
  });

  it('iterates a whole filter result in order for exports', () => {
    const sort: MemberSort = { field: 'joinedOn', direction: 'desc' };
    const seen = [...iterateDirectory(ws, { filter: { cities: ['上海'] }, sort, chunkSize: 64 })].flat().map((row) => row.id);
    expect(seen).toEqual(expectedOrder(all.filter((row) => row.city === '上海'), sort));
  });

  it('offers the cities and sources there are, most common first', () => {
    const options = listFilterOptions(ws);
    expect(options.cities[0]?.count).toBeGreaterThanOrEqual(options.cities[1]?.count ?? 0);
    expect(options.cities.reduce((sum, option) => sum + option.count, 0)).toBe(all.filter((row) => row.city !== null).length);
    expect(options.sources.map((option) => option.value)).toContain('朋友推荐');
  });
});

describe('quick search', () => {
  const search = (text: string, extra: MemberFilter = {}) => {
    const filter = { ...extra, search: text };
    const total = countMembers(ws, filter);
    return readAll(filter, { field: 'displayName', direction: 'asc' }, total);
  };
  const byId = () => new Map(all.map((row) => [row.id, row]));

  it('finds a common name (like 张伟) by full pinyin, initials and characters, and 张 by its first character', () => {
    const counts = new Map<string, Row[]>();
    for (const row of all) if ([...row.display_name].length === 2) counts.set(row.display_name, [...(counts.get(row.display_name) ?? []), row]);
    const [name, same] = [...counts].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
    expect(same.length).toBeGreaterThan(1);
    const ids = same.map((row) => row.id);
    const spelled = same[0]?.name_pinyin ?? '';
    const initials = same[0]?.name_initials ?? '';
    const spaced = `${spelled.slice(0, 3)} ${spelled.slice(3)}`;
    for (const text of [spelled, spelled.toUpperCase(), spaced, initials, name]) expect(search(text), `${name}: ${text}`).toEqual(expect.arrayContaining(ids));
    const rows = byId();
    for (const id of search(initials)) expect(rows.get(id)?.name_initials.startsWith(initials) || rows.get(id)?.name_pinyin.startsWith(initials) || rows.get(id)?.search_extra !== null).toBe(true);
    const zhang = search('张');
    expect(zhang.sort((a, b) => a - b)).toEqual(all.filter((row) => row.display_name.startsWith('张')).map((row) => row.id));
    expect(zhang.length).toBeGreaterThan(10);
    expect(search('z').length).toBe(all.filter((row) => row.name_initials.startsWith('z')).length);
  });

  it('finds a phone by any part of it, the last four digits included, also written with spaces', () => {
    const someone = all.find((row) => row.phone !== null) as Row;
    const phone = someone.phone ?? '';
    const last4 = phone.slice(-4);
    const hits = search(last4);
    expect(hits).toContain(someone.id);
    const rows = byId();
    for (const id of hits) {
      const row = rows.get(id);
      expect([row?.phone, row?.wechat_id, row?.email, row?.display_name, row?.nickname].some((value) => value?.includes(last4))).toBe(true);
    }
    expect(search(`${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`)).toEqual([someone.id]);
    expect(search(phone.slice(2, 9))).toContain(someone.id);
  });

  it('finds WeChat IDs and e-mails in any case, and nicknames (also by their first two characters)', () => {
    const withWechat = all.find((row) => row.wechat_id !== null) as Row;
    expect(search((withWechat.wechat_id ?? '').toUpperCase())).toContain(withWechat.id);
    const withEmail = all.find((row) => row.email !== null) as Row;
    expect(search((withEmail.email ?? '').split('@')[0]?.toUpperCase() ?? '')).toContain(withEmail.id);
    const withNickname = all.find((row) => row.nickname !== null && [...(row.nickname ?? '')].length >= 3 && /^\p{Script=Han}{2}/u.test(row.nickname ?? '')) as Row;
    const nickname = withNickname.nickname ?? '';
    expect(search(nickname)).toContain(withNickname.id);
    expect(search([...nickname].slice(0, 2).join(''))).toContain(withNickname.id);
  });

  it('combines with filters and finds nothing for nonsense', () => {
    const shanghaiZhang = search('张', { cities: ['上海'] });
    expect(shanghaiZhang.sort((a, b) => a - b)).toEqual(all.filter((row) => row.display_name.startsWith('张') && row.city === '上海').map((row) => row.id));
    expect(search('qqqqqqq')).toEqual([]);
    expect(search('"')).toEqual([]);
    expect(search('   ')).toHaveLength(all.length);
  });
});

function matches(row: Row, filter: MemberFilter): boolean {
  const inSet = (sets: Array<{ id: number; members: Set<number> }>, ids: number[] | undefined, mode: 'any' | 'all') => {
    if (ids === undefined || ids.length === 0) return true;
    const hits = ids.map((id) => sets.find((set) => set.id === id)?.members.has(row.id) === true);
    return mode === 'all' ? hits.every(Boolean) : hits.some(Boolean);
  };
  if (!inSet(groups, filter.groupIds, 'any')) return false;
  if (!inSet(tags, filter.tagIds, filter.tagMode === 'all' ? 'all' : 'any')) return false;
  if (filter.genders !== undefined && !filter.genders.some((gender) => row.gender === gender || (gender === 'unknown' && row.gender === null))) return false;
  if (filter.cities !== undefined && !filter.cities.includes(row.city ?? '\u0000')) return false;
  if (filter.sources !== undefined && !filter.sources.includes(row.source ?? '\u0000')) return false;
  if (filter.stages !== undefined && !(filter.stages as string[]).includes(row.stage ?? '\u0000')) return false;
  if (filter.joinedFrom !== undefined && (row.joined_on === null || row.joined_on < filter.joinedFrom)) return false;
  if (filter.joinedTo !== undefined && (row.joined_on === null || row.joined_on > filter.joinedTo)) return false;
  if (filter.hasPhone !== undefined && (row.phone !== null) !== filter.hasPhone) return false;
  if (filter.hasWechat !== undefined && (row.wechat_key !== null) !== filter.hasWechat) return false;
  if (filter.hasEmail !== undefined && (row.email_key !== null) !== filter.hasEmail) return false;
  if (filter.sample !== undefined && (row.is_sample === 1) !== filter.sample) return false;
  return true;
}
