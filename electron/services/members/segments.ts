import { appFailure } from '../../../shared/contract/result.ts';
import { memberFilterSchema, type MemberFilter, type Segment } from '../../../shared/domain/member.ts';
import { startChangeBatchSync } from '../audit/change-log.ts';
import { countMembers } from './directory-queries.ts';
import { stmt, writeTransaction, type MemberReader, type MemberStore } from './member-store.ts';

/** Saved segments (分群): named filters, each shown with a live count. */

interface SegmentRow {
  id: number;
  name: string;
  filter_json: string;
  created_at: string;
  updated_at: string;
}

const NAME_LIMIT = 100;

function parseFilter(json: string): MemberFilter {
  const parsed = memberFilterSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : {};
}

function toSegment(reader: MemberReader, row: SegmentRow): Segment {
  const filter = parseFilter(row.filter_json);
  return { id: row.id, name: row.name, filter, count: countMembers(reader, filter), updatedAt: row.updated_at };
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw appFailure('VALIDATION', 'errors.validation', undefined, [{ path: 'name', messageKey: 'validation.required' }]);
  if ([...trimmed].length > NAME_LIMIT) {
    throw appFailure('VALIDATION', 'errors.validation', undefined, [{ path: 'name', messageKey: 'validation.tooLong', params: { limit: NAME_LIMIT } }]);
  }
  return trimmed;
}

function checkedFilter(filter: unknown): MemberFilter {
  const parsed = memberFilterSchema.safeParse(filter);
  if (!parsed.success) {
    throw appFailure(
      'VALIDATION',
      'errors.validation',
      undefined,
      parsed.error.issues.map((issue) => ({ path: ['filter', ...issue.path.map(String)].join('.'), messageKey: 'directory.errors.filter' })),
    );
  }
  return parsed.data;
}

function assertNameFree(reader: MemberReader, name: string, exceptId: number | null): void {
  const clash = stmt(reader.sqlite, 'SELECT id FROM segments WHERE lower(name) = lower(?) AND id IS NOT ?').get(name, exceptId);
  if (clash !== undefined) {
    throw appFailure('CONFLICT', 'errors.validation', undefined, [{ path: 'name', messageKey: 'directory.errors.segmentNameTaken', params: { name } }]);
  }
}

function findRow(reader: MemberReader, id: number): SegmentRow {
  const row = stmt(reader.sqlite, 'SELECT * FROM segments WHERE id = ?').get(id) as SegmentRow | undefined;
  if (row === undefined) throw appFailure('NOT_FOUND', 'directory.errors.segmentNotFound', { id });
  return row;
}

/** Every segment by name, with how many members each finds now. */
export function listSegments(reader: MemberReader): Segment[] {
  const rows = stmt(reader.sqlite, 'SELECT * FROM segments ORDER BY name COLLATE NOCASE, id').all() as SegmentRow[];
  return rows.map((row) => toSegment(reader, row));
}

export function getSegment(reader: MemberReader, id: number): Segment {
  return toSegment(reader, findRow(reader, id));
}

export async function createSegment(store: MemberStore, name: string, filter: MemberFilter, now: string = new Date().toISOString()): Promise<Segment> {
  const cleanName = checkedName(name);
  const cleanFilter = checkedFilter(filter);
  const row = await writeTransaction(store, () => {
    assertNameFree(store, cleanName, null);
    const inserted = stmt(store.sqlite, 'INSERT INTO segments (name, filter_json, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING *').get(
      cleanName,
      JSON.stringify(cleanFilter),
      now,
      now,
    ) as SegmentRow;
    const batch = startChangeBatchSync(store.sqlite, 'directory.history.segmentCreate', { name: cleanName }, now);
    batch.record('segment', inserted.id, null, { ...inserted });
    return inserted;
  });
  return toSegment(store, row);
}

export async function updateSegment(store: MemberStore, id: number, changes: { name?: string; filter?: MemberFilter }, now: string = new Date().toISOString()): Promise<Segment> {
  const name = changes.name === undefined ? undefined : checkedName(changes.name);
  const filter = changes.filter === undefined ? undefined : checkedFilter(changes.filter);
  const row = await writeTransaction(store, () => {
    const before = findRow(store, id);
    if (name !== undefined) assertNameFree(store, name, id);
    const after = stmt(store.sqlite, 'UPDATE segments SET name = ?, filter_json = ?, updated_at = ? WHERE id = ? RETURNING *').get(
      name ?? before.name,
      filter === undefined ? before.filter_json : JSON.stringify(filter),
      now,
      id,
    ) as SegmentRow;
    const batch = startChangeBatchSync(store.sqlite, 'directory.history.segmentUpdate', { name: after.name }, now);
    batch.record('segment', id, { ...before }, { ...after });
    return after;
  });
  return toSegment(store, row);
}

export async function deleteSegment(store: MemberStore, id: number, now: string = new Date().toISOString()): Promise<{ id: number }> {
  return writeTransaction(store, () => {
    const before = findRow(store, id);
    stmt(store.sqlite, 'DELETE FROM segments WHERE id = ?').run(id);
    const batch = startChangeBatchSync(store.sqlite, 'directory.history.segmentDelete', { name: before.name }, now);
    batch.record('segment', id, { ...before }, null);
    return { id };
  });
}
