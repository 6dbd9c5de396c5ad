import Sqlite from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { getDirectoryWindow } from '../../../electron/services/members/directory-queries.ts';
import { invalidateDirectoryCache } from '../../../electron/services/members/directory-cache.ts';
import type { MemberFilter, MemberSort } from '../../../shared/domain/member.ts';
import { percentile, type BenchCase, type Series } from '../harness.ts';
import { randomSource } from '../../../electron/services/sample-data/sample-generator.ts';
import { sampleWorkspace } from './bench-workspace.ts';

/**
 * The member directory at 1,000,000 members (`--quick`: 5,000, a smoke run): a page of 100 rows with a sort and
 * one filter, and quick search, against a raw better-sqlite3 read of 100 rows by rowid range in the
 * same run. Targets (issue 3): page p95 ≤ 30 ms, quick search p95 ≤ 60 ms; the p95s are in the params.
 *
 * - "page, first": the first window of a (filter, sort) never asked before (caches dropped): what the
 *   operator waits for after changing a filter or a sort. Asked as the directory asks (`countLater`):
 *   a big result answers before it is counted.
 * - "count, first": the exact total the directory asks for next (a window of no rows), shown when it comes.
 * - "page, any position": windows at random positions after the query's first deep jump (which builds
 *   its ordered id list once; that one-off cost is "jump, first" and is part of the p95 as it comes).
 * - "quick search": first page + total of a search as typed, caches dropped each time.
 */
const SORTS: MemberSort[] = [
  { field: 'createdAt', direction: 'desc' },
  { field: 'displayName', direction: 'asc' },
  { field: 'joinedOn', direction: 'desc' },
  { field: 'city', direction: 'asc' },
  { field: 'phone', direction: 'asc' },
  { field: 'updatedAt', direction: 'desc' },
  { field: 'stage', direction: 'asc' },
  { field: 'realName', direction: 'asc' },
  { field: 'nickname', direction: 'desc' },
  { field: 'birthYear', direction: 'asc' },
  { field: 'ageBand', direction: 'asc' },
  { field: 'occupation', direction: 'desc' },
];

function filters(sqlite: Sqlite.Database): MemberFilter[] {
  const group = sqlite.prepare('SELECT min(id) FROM groups').pluck().get() as number;
  const smallGroup = sqlite.prepare('SELECT max(id) FROM groups').pluck().get() as number;
  const tag = sqlite.prepare("SELECT id FROM tags WHERE name = 'KOL'").pluck().get() as number;
  return [
    {},
    { groupIds: [group] },
    { groupIds: [smallGroup] },
    { tagIds: [tag] },
    { genders: ['female'] },
    { cities: ['上海'] },
    { joinedFrom: '2025-01-01', joinedTo: '2025-06-30' },
    { sources: ['小红书'] },
    { stages: ['loyal'] },
    { hasWechat: true },
  ];
}

export const SEARCHES = ['zhangwei', 'zw', '张伟', '王芳', 'wangfang', 'lxy', '5678', '0123', '1381234', 'wxid_u1', 'amy_', '@163.com', '小雨', '李'];

export const membersDirectory: BenchCase = {
  name: 'members-directory',
  title: 'Member directory at 1,000,000 members: page of 100 (sort + one filter) and quick search, vs a raw rowid window of 100 rows',
  async run({ quick, rounds, dir, log }) {
    const count = quick ? 5_000 : 1_000_000;
    const file = await sampleWorkspace(dir, count, log);
    const sqlite = new Sqlite(file, { fileMustExist: true });
    sqlite.pragma('journal_mode = WAL');
    const reader = { sqlite };
    const random = randomSource(7);
    const maxId = sqlite.prepare('SELECT max(id) FROM members').pluck().get() as number;
    const raw = sqlite.prepare('SELECT * FROM members WHERE id BETWEEN ? AND ?');
    const combos = filters(sqlite)
      .slice(0, quick ? 4 : undefined)
      .flatMap((filter) => SORTS.slice(0, quick ? 3 : undefined).map((sort) => ({ filter, sort })));
    const windowsPerCombo = quick ? 2 : 20;
    const series: Series[] = [
      { label: 'raw rowid window (100 rows)', rounds: [] },
      { label: 'page, first', rounds: [], baseline: 'raw rowid window (100 rows)' },
      { label: 'count, first', rounds: [], baseline: 'raw rowid window (100 rows)' },
      { label: 'jump, first (builds the id list)', rounds: [], baseline: 'raw rowid window (100 rows)' },
      { label: 'page, any position', rounds: [], baseline: 'raw rowid window (100 rows)' },
      { label: 'quick search', rounds: [], baseline: 'raw rowid window (100 rows)' },
    ];
    const time = (run: () => unknown): number => {
      const started = performance.now();
      run();
      return performance.now() - started;
    };
    try {
      for (let round = 0; round < rounds; round += 1) {
        const [rawTimes, first, count, jump, any, search] = [[], [], [], [], [], []] as number[][];
        for (const { filter, sort } of combos) {
          invalidateDirectoryCache(sqlite);
          let total = 0;
          first?.push(time(() => getDirectoryWindow(reader, { filter, sort, start: 0, limit: 100, countLater: true })));
          count?.push(time(() => (total = getDirectoryWindow(reader, { filter, sort, start: 0, limit: 0 }).total)));
          const deep = Math.max(0, Math.floor(total * 0.9) - 100);
          jump?.push(time(() => getDirectoryWindow(reader, { filter, sort, start: deep, limit: 100 })));
          for (let index = 0; index < windowsPerCombo; index += 1) {
            const start = Math.floor(random() * Math.max(1, total - 100));
            any?.push(time(() => getDirectoryWindow(reader, { filter, sort, start, limit: 100 })));
            const from = 1 + Math.floor(random() * Math.max(1, maxId - 100));
            rawTimes?.push(time(() => raw.all(from, from + 99)));
          }
        }
        for (const text of quick ? SEARCHES.slice(0, 4) : SEARCHES) {
          for (const sort of [SORTS[1], SORTS[0]] as MemberSort[]) {
            invalidateDirectoryCache(sqlite);
            search?.push(time(() => getDirectoryWindow(reader, { filter: { search: text }, sort, start: 0, limit: 100 })));
          }
        }
        [rawTimes, first, count, jump, any, search].forEach((times, index) => series[index]?.rounds.push(times ?? []));
      }
    } finally {
      sqlite.close();
    }
    const p95 = (label: string) => {
      const entry = series.find((candidate) => candidate.label === label);
      const perRound = (entry?.rounds ?? []).map((times) => percentile(times, 0.95));
      return Number((perRound.sort((a, b) => a - b)[Math.floor(perRound.length / 2)] ?? Number.NaN).toFixed(2));
    };
    // Every window request as the directory meets them (first pages, first jumps, scrolling), as one p95.
    const allPages = series.filter((entry) => ['page, first', 'jump, first (builds the id list)', 'page, any position'].includes(entry.label)).flatMap((entry) => entry.rounds.flat());
    return {
      params: {
        members: count,
        combos: combos.length,
        searches: (quick ? 4 : SEARCHES.length) * 2,
        'p95 raw window ms': p95('raw rowid window (100 rows)'),
        'p95 page first ms': p95('page, first'),
        'p95 count first ms': p95('count, first'),
        'p95 jump first ms': p95('jump, first (builds the id list)'),
        'p95 page any position ms': p95('page, any position'),
        'p95 every page request ms': Number(percentile(allPages, 0.95).toFixed(2)),
        'p95 quick search ms': p95('quick search'),
      },
      series,
    };
  },
};
