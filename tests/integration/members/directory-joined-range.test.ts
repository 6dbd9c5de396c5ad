import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Workspace } from '../../../electron/db/workspace.ts';
import { directoryTuning, getDirectoryWindow } from '../../../electron/services/members/directory-queries.ts';
import { invalidateDirectoryCache } from '../../../electron/services/members/directory-cache.ts';
import type { MemberFilter, MemberSort, MemberSortField } from '../../../shared/domain/member.ts';
import { newWorkspace } from './member-fixtures.ts';

/**
 * Members join in id order, as they do in a real workspace: a joined-date range is one stretch of ids,
 * which sits far down every sort order whose ties are broken by id (few cities, four stages...) or that
 * follows time (last update). The directory walks these orders checking the range on the index entries
 * (migration 0004); these tests hold its windows against a full sort, whichever way each is found.
 */
let dir: string;
let ws: Workspace;

interface Row {
  id: number;
  name_pinyin: string;
  display_name: string;
  city: string | null;
  stage: string;
  gender: string | null;
  occupation: string | null;
  birth_year: number | null;
  source: string;
  email_key: string | null;
  joined_on: string;
  updated_at: string;
}
let all: Row[];

const COUNT = 20_000;
const CITIES = ['上海', '北京', '杭州', null];
const STAGES = ['new', 'potential', 'loyal', 'churned'];
const SOURCES = ['朋友推荐', '公众号', '小红书'];
const OCCUPATIONS = ['设计师', '教师', null, '工程师', null];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'community-desk-joined-range-'));
  ws = await newWorkspace(dir);
  const insert = ws.sqlite.prepare(
    `INSERT INTO members (display_name, name_pinyin, name_initials, city, stage, gender, occupation, birth_year, source, email, email_key, joined_on, created_at, updated_at)
     VALUES (@name, @pinyin, @initials, @city, @stage, @gender, @occupation, @birthYear, @source, @email, @email, date('2023-01-01', @n || ' days'), @updated, @updated)`,
  );
  ws.sqlite.transaction(() => {
    for (let n = 0; n < COUNT; n += 1) {
      // One member a day from 2023-01-01; updated in join order; e-mails numbered as handed out.
      const pinyin = `${String.fromCharCode(97 + ((n * 7) % 26))}${String.fromCharCode(97 + ((n * 11) % 26))}`;
      insert.run({
        n,
        name: `会员${n}`,
        pinyin,
        initials: pinyin,
        city: CITIES[Math.floor(n / 3) % 4] ?? null,
        stage: STAGES[n % 4],
        gender: n % 9 === 0 ? null : n % 2 === 0 ? 'female' : 'male',
        occupation: OCCUPATIONS[n % 5] ?? null,
        birthYear: n % 3 === 0 ? null : 1970 + (n % 30),
        source: SOURCES[n % 3],
        email: n % 4 === 0 ? `u${String(n).padStart(5, '0')}@example.com` : null,
        updated: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
      });
    }
  })();
  all = ws.sqlite.prepare('SELECT * FROM members ORDER BY id').all() as Row[];
}, 60_000);

afterAll(async () => {
  await ws.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const COLUMN: Partial<Record<MemberSortField, (row: Row) => string | number | null>> = {
  displayName: (row) => row.name_pinyin,
  city: (row) => row.city,
  stage: (row) => row.stage,
  gender: (row) => row.gender,
  occupation: (row) => row.occupation,
  birthYear: (row) => row.birth_year,
  source: (row) => row.source,
  email: (row) => row.email_key,
  updatedAt: (row) => row.updated_at,
  createdAt: (row) => row.id,
};
const FIELDS = Object.keys(COLUMN) as MemberSortField[];

/** SQLite's BINARY order (UTF-8 bytes) for text, numeric order for numbers. */
function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)));
}

/** The directory's order: the column (then display name for names), then id, one way; empty values last, by id. */
function expectedOrder(rows: Row[], sort: MemberSort): number[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const value = COLUMN[sort.field] ?? ((row: Row) => row.id);
  return [...rows]
    .sort((a, b) => {
      const [va, vb] = [value(a), value(b)];
      if (va === null || vb === null) return va === vb ? sign * (a.id - b.id) : va === null ? 1 : -1;
      const byValue = compareValues(va, vb) || (sort.field === 'displayName' ? compareValues(a.display_name, b.display_name) : 0);
      return sign * (byValue || a.id - b.id);
    })
    .map((row) => row.id);
}

function tuned(values: Partial<typeof directoryTuning>, run: () => void): void {
  const saved = { ...directoryTuning };
  Object.assign(directoryTuning, values);
  try {
    run();
  } finally {
    Object.assign(directoryTuning, saved);
  }
}

/** Members 12,001 to 14,000: a tenth of them, from 60% of the way down the id order. */
const RANGE: MemberFilter = { joinedFrom: '2055-11-09', joinedTo: '2061-04-30' };
const inRange = (row: Row): boolean => row.joined_on >= (RANGE.joinedFrom ?? '') && row.joined_on <= (RANGE.joinedTo ?? '');
/** The same range with a second filter, which the walk must read table rows to check. */
const RANGE_AND_STAGE: MemberFilter = { ...RANGE, stages: ['loyal', 'new'] };
const inRangeAndStage = (row: Row): boolean => inRange(row) && (row.stage === 'loyal' || row.stage === 'new');

/** Every sort, both ways: the first window asked before counting, a later one, and one running into the empty values. */
function expectWindowsLikeAFullSort(filter: MemberFilter = RANGE, matches: (row: Row) => boolean = inRange): void {
  const rows = all.filter(matches);
  for (const field of FIELDS) {
    for (const direction of ['asc', 'desc'] as const) {
      const sort = { field, direction };
      const label = `${JSON.stringify(filter)} ${field} ${direction}`;
      const expected = expectedOrder(rows, sort);
      const valued = rows.filter((row) => (COLUMN[field] ?? (() => 1))(row) !== null).length;
      invalidateDirectoryCache(ws.sqlite);
      const first = getDirectoryWindow(ws, { filter, sort, start: 0, limit: 20, countLater: true });
      expect(first.rows.map((row) => row.id), label).toEqual(expected.slice(0, 20));
      for (const start of [40, Math.max(0, valued - 10)]) {
        invalidateDirectoryCache(ws.sqlite);
        const ids = getDirectoryWindow(ws, { filter, sort, start, limit: 20 }).rows.map((row) => row.id);
        expect(ids, `${label} from ${start}`).toEqual(expected.slice(start, start + 20));
      }
    }
  }
}

describe('a joined-date range sorted by any column', () => {
  it('holds members that sit together far down the sort orders (the case the walks must handle)', () => {
    const rows = all.filter(inRange);
    expect(rows.length).toBe(2_000);
    const cityOrder = expectedOrder(all, { field: 'city', direction: 'asc' });
    const firstMatch = cityOrder.findIndex((id) => inRange(all[id - 1] as Row));
    expect(firstMatch).toBeGreaterThan(2_500);
  });

  it('pages like a full sort when the walk goes on along the index past its usual cap', () => {
    // Results over 1,000 are big; the usual walk gives up after 50 entries (or 4 × the expected steps,
    // 1,600 for the first window), the walk checked on index entries goes on to the end of the order.
    tuned({ smallResult: 1_000, scanMinShare: 0.01, directOffsetLimit: 5_000, walkSteps: 50, coveredWalkSteps: 1_000_000 }, () => {
      expectWindowsLikeAFullSort();
      // Only the range is checked on index entries: with the stage too, the walk stops at its usual cap.
      expectWindowsLikeAFullSort(RANGE_AND_STAGE, inRangeAndStage);
    });
  });

  it('pages like a full sort when that walk also reaches its cap and SQLite picks the window', () => {
    tuned({ smallResult: 1_000, scanMinShare: 0.01, directOffsetLimit: 5_000, walkSteps: 50, coveredWalkSteps: 2_500 }, () => expectWindowsLikeAFullSort());
  });

  it('pages like a full sort when the usual walk is long enough, and when the result is small enough to sort whole', () => {
    tuned({ smallResult: 1_000, directOffsetLimit: 5_000 }, () => expectWindowsLikeAFullSort());
    expectWindowsLikeAFullSort();
  });
});
