import { useEffect, useState, useSyncExternalStore } from 'react';
import type { MemberFilter, MemberListRow, MemberSort } from '../../../shared/domain/member.ts';
import { call } from '../api.ts';

/** Rows fetched per call of members.window: a few screens' worth, never the whole list. */
export const PAGE_ROWS = 150;
/** Windows fetched at the same time; a fast drag of the scrollbar asks only for where it stops. */
const MAX_IN_FLIGHT = 3;
/** Windows kept per query (150 × 240 = 36,000 rows); the farthest from the view are dropped first. */
const MAX_CACHED_PAGES = 240;

interface Query {
  key: string;
  filter: MemberFilter;
  sort: MemberSort | undefined;
  /** Null until the first window of this query answers; a lower bound until `counted`. */
  total: number | null;
  /** The first window of a big result comes before its count, which is asked for next. */
  counted: boolean;
  counting: boolean;
  pages: Map<number, MemberListRow[]>;
  pending: Set<number>;
  failed: unknown;
}

function viewKey(filter: MemberFilter, sort: MemberSort | undefined): string {
  return JSON.stringify([filter, sort ?? null]);
}

function newQuery(filter: MemberFilter, sort: MemberSort | undefined, version: number): Query {
  return { key: `${viewKey(filter, sort)}#${version}`, filter, sort, total: null, counted: false, counting: false, pages: new Map(), pending: new Set(), failed: null };
}

function windowInput(query: Query, page: number, limit = PAGE_ROWS) {
  return { filter: query.filter, ...(query.sort ? { sort: query.sort } : {}), start: page * PAGE_ROWS, limit, countLater: true };
}

/**
 * The directory's rows, fetched in windows around what is visible and cached per (filter, sort,
 * data version). Answers to an older query are dropped; the older query's rows stay on screen until
 * the new query's first window arrives, so typing in the search box never flashes an empty table.
 */
export class DirectoryCache {
  private current: Query = newQuery({}, undefined, -1);
  private shown: Query = this.current;
  private wanted = { first: 0, last: PAGE_ROWS - 1 };
  private readonly listeners = new Set<() => void>();
  /** Bumped on every visible change, for useSyncExternalStore. */
  private revision = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getRevision = (): number => this.revision;

  private changed(): void {
    this.revision += 1;
    for (const listener of [...this.listeners]) listener();
  }

  /** Shows (filter, sort) as of data version `version`; the same view after a change keeps its scroll range. */
  setQuery(filter: MemberFilter, sort: MemberSort | undefined, version: number): void {
    const next = newQuery(filter, sort, version);
    if (next.key === this.current.key) return;
    if (viewKey(filter, sort) !== viewKey(this.shown.filter, this.shown.sort)) this.wanted = { first: 0, last: PAGE_ROWS - 1 };
    this.current = next;
    this.pump();
    this.changed();
  }

  /** Rows of the list on screen (a lower bound while `counted` is false). */
  get total(): number | null {
    return this.shown.total;
  }

  /** Whether `total` is the exact count (the first rows of a big result come before it). */
  get counted(): boolean {
    return this.shown.counted;
  }

  /** Changes whenever the shown query changes (a new filter, sort or data version answered). */
  get shownKey(): string {
    return this.shown.key;
  }

  get error(): unknown {
    return this.current.failed;
  }

  get loading(): boolean {
    return this.current.total === null || this.current.counting || this.current.pending.size > 0;
  }

  /** The row at `index` of the sorted, filtered list, or undefined while its window loads. */
  rowAt(index: number): MemberListRow | undefined {
    return this.shown.pages.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS];
  }

  /** Asks for the windows covering rows [first, last] (the visible range plus overscan). */
  want(first: number, last: number): void {
    if (this.wanted.first === first && this.wanted.last === last) return;
    this.wanted = { first, last };
    this.evict();
    this.pump();
  }

  /** Ids of rows [first, last] of the list on screen, fetching the windows not loaded yet (for shift-click ranges). */
  async idsInRange(first: number, last: number): Promise<number[]> {
    const query = this.shown;
    const ids: number[] = [];
    for (let page = Math.floor(first / PAGE_ROWS); page <= Math.floor(last / PAGE_ROWS); page += 1) {
      let rows = query.pages.get(page);
      if (!rows) {
        rows = (await call('members.window', windowInput(query, page))).rows;
        query.pages.set(page, rows);
      }
      rows.forEach((row, offset) => {
        const index = page * PAGE_ROWS + offset;
        if (index >= first && index <= last) ids.push(row.id);
      });
    }
    return ids;
  }

  private pump(): void {
    const query = this.current;
    const firstPage = Math.floor(this.wanted.first / PAGE_ROWS);
    let lastPage = Math.floor(Math.max(this.wanted.first, this.wanted.last) / PAGE_ROWS);
    if (query.total !== null) lastPage = Math.min(lastPage, Math.max(0, Math.ceil(query.total / PAGE_ROWS) - 1));
    // The query's first answer tells the total; ask for the view before anything else.
    for (let page = firstPage; page <= lastPage && query.pending.size < MAX_IN_FLIGHT; page += 1) {
      if (query.pages.has(page) || query.pending.has(page)) continue;
      query.pending.add(page);
      void this.fetchPage(query, page);
    }
  }

  private async fetchPage(query: Query, page: number): Promise<void> {
    try {
      const window = await call('members.window', windowInput(query, page));
      query.pending.delete(page);
      if (this.current !== query) return;
      query.pages.set(page, window.rows);
      if (!query.counted) {
        query.counted = window.counted;
        query.total = window.counted ? window.total : Math.max(query.total ?? 0, window.total);
        if (!query.counted) void this.fetchTotal(query);
      }
      query.failed = null;
      this.shown = query;
    } catch (error) {
      query.pending.delete(page);
      if (this.current !== query) return;
      query.failed = error;
      if (query.total === null) query.total = 0;
      this.shown = query;
      // No retry loop: the next scroll (or a refresh) asks again.
      this.changed();
      return;
    }
    this.changed();
    this.pump();
  }

  /** The exact total of a query whose first window came before its count (a window of no rows). */
  private async fetchTotal(query: Query): Promise<void> {
    if (query.counting) return;
    query.counting = true;
    try {
      const window = await call('members.window', windowInput(query, 0, 0));
      query.total = window.total;
      query.counted = true;
    } catch (error) {
      query.failed = error;
    } finally {
      query.counting = false;
    }
    if (this.current !== query) return;
    this.changed();
    this.pump();
  }

  private evict(): void {
    const query = this.current;
    if (query.pages.size <= MAX_CACHED_PAGES) return;
    const here = Math.floor(this.wanted.first / PAGE_ROWS);
    const far = [...query.pages.keys()].sort((a, b) => Math.abs(b - here) - Math.abs(a - here));
    for (const page of far.slice(0, query.pages.size - MAX_CACHED_PAGES)) query.pages.delete(page);
  }
}

/** One DirectoryCache for the component's life, following (filter, sort, dataVersion). */
export function useDirectory(filter: MemberFilter, sort: MemberSort | undefined, dataVersion: number): DirectoryCache {
  const [cache] = useState(() => new DirectoryCache());
  useSyncExternalStore(cache.subscribe, cache.getRevision);
  useEffect(() => cache.setQuery(filter, sort, dataVersion), [cache, filter, sort, dataVersion]);
  return cache;
}
