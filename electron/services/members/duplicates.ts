import type Sqlite from 'better-sqlite3';
import { appFailure } from '../../../shared/contract/result.ts';
import type { DuplicateMatch, DuplicatePair, DuplicateReason, MemberRef, NormalizedPhone } from '../../../shared/domain/member.ts';
import { startChangeBatchSync } from '../audit/change-log.ts';
import { dataStamp } from './directory-cache.ts';
import { MEMBER_REF_COLUMNS, toMemberRef, type MemberRefRow } from './member-rows.ts';
import { stmt, writeTransaction, type MemberReader, type MemberStore } from './member-store.ts';
import { clean, displayNameOf } from './member-values.ts';
import { spellCached } from './search-keys.ts';

/** Phones this alike (same last 8 digits) under the same name suggest one person written twice. */
const PHONE_TAIL = 8;
const REASON_ORDER: readonly DuplicateReason[] = ['samePhone', 'sameWechat', 'sameEmail', 'sameNameSimilarPhone', 'sameNameSimilarNickname'];

/** A nickname compared loosely: lower case, no spaces, punctuation or emoji. */
export function nicknameKey(nickname: string | null): string | null {
  if (nickname === null) return null;
  const key = nickname.toLowerCase().replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}]/gu, '');
  return key.length === 0 ? null : key;
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

function dismissedPairs(sqlite: Sqlite.Database, ids: readonly number[] | null): Set<string> {
  const rows = (
    ids === null
      ? stmt(sqlite, 'SELECT member_a, member_b FROM duplicate_dismissals').all()
      : stmt(sqlite, 'SELECT member_a, member_b FROM duplicate_dismissals WHERE member_a IN (SELECT value FROM json_each(@ids)) OR member_b IN (SELECT value FROM json_each(@ids))').all({
          ids: JSON.stringify(ids),
        })
  ) as Array<{ member_a: number; member_b: number }>;
  return new Set(rows.map((row) => pairKey(row.member_a, row.member_b)));
}

/** The identifying part of a draft, an edit form or a plain object (MemberDraft and MemberEdit fit). */
export interface DuplicateCandidate {
  displayName: string | null;
  realName?: string | null;
  nickname: string | null;
  phone: string | NormalizedPhone | null;
  wechatId: string | null;
  email: string | null;
}

/**
 * Members that look like the person being added or edited (the manual form warns before saving):
 * the same phone, WeChat ID or e-mail, or the same name with a similar phone or nickname.
 * `excludeId` is the member being edited; pairs marked "not a duplicate" are left out.
 */
export function findDuplicatesFor(reader: MemberReader, candidate: DuplicateCandidate, excludeId: number | null = null): DuplicateMatch[] {
  const sqlite = reader.sqlite;
  const phone = clean(typeof candidate.phone === 'string' || candidate.phone === null ? candidate.phone : candidate.phone.value);
  const wechatKey = clean(candidate.wechatId)?.toLowerCase() ?? null;
  const emailKey = clean(candidate.email)?.toLowerCase() ?? null;
  const name = displayNameOf({
    displayName: candidate.displayName,
    realName: candidate.realName ?? null,
    nickname: candidate.nickname,
    wechatId: null,
    email: null,
    phone: null,
  });
  const found = new Map<number, { row: MemberRefRow; reasons: Set<DuplicateReason> }>();
  const add = (row: MemberRefRow, reason: DuplicateReason): void => {
    if (row.id === excludeId) return;
    const entry = found.get(row.id) ?? { row, reasons: new Set<DuplicateReason>() };
    entry.reasons.add(reason);
    found.set(row.id, entry);
  };
  if (phone !== null) for (const row of stmt(sqlite, `SELECT ${MEMBER_REF_COLUMNS} FROM members WHERE phone = ?`).all(phone) as MemberRefRow[]) add(row, 'samePhone');
  if (wechatKey !== null) for (const row of stmt(sqlite, `SELECT ${MEMBER_REF_COLUMNS} FROM members WHERE wechat_key = ?`).all(wechatKey) as MemberRefRow[]) add(row, 'sameWechat');
  if (emailKey !== null) for (const row of stmt(sqlite, `SELECT ${MEMBER_REF_COLUMNS} FROM members WHERE email_key = ?`).all(emailKey) as MemberRefRow[]) add(row, 'sameEmail');
  // Keys of records merged into someone count as that member's.
  const owners = mergedKeyOwners(sqlite);
  for (const [key, reason] of [[`p:${phone}`, 'samePhone'], [`w:${wechatKey}`, 'sameWechat'], [`e:${emailKey}`, 'sameEmail']] as const) {
    const owner = owners.get(key);
    if (owner === undefined) continue;
    const row = stmt(sqlite, `SELECT ${MEMBER_REF_COLUMNS} FROM members WHERE id = ?`).get(owner) as MemberRefRow | undefined;
    if (row !== undefined) add(row, reason);
  }
  if (name !== null) {
    const sameName = stmt(sqlite, `SELECT ${MEMBER_REF_COLUMNS}, nickname FROM members WHERE name_pinyin = ? AND display_name = ? LIMIT 5000`).all(spellCached(name).full, name) as Array<
      MemberRefRow & { nickname: string | null }
    >;
    const tail = phone !== null && phone.length >= PHONE_TAIL ? phone.slice(-PHONE_TAIL) : null;
    const nick = nicknameKey(clean(candidate.nickname));
    for (const row of sameName) {
      if (tail !== null && row.phone !== null && row.phone !== phone && row.phone.slice(-PHONE_TAIL) === tail) add(row, 'sameNameSimilarPhone');
      if (nick !== null && nicknameKey(row.nickname) === nick) add(row, 'sameNameSimilarNickname');
    }
  }
  const dismissed = excludeId === null ? new Set<string>() : dismissedPairs(sqlite, [excludeId]);
  return [...found.values()]
    .filter((entry) => excludeId === null || !dismissed.has(pairKey(excludeId, entry.row.id)))
    .map((entry) => ({ member: toMemberRef(entry.row), reasons: REASON_ORDER.filter((reason) => entry.reasons.has(reason)) }));
}

interface PairScan {
  stamp: string;
  pairs: Array<{ a: number; b: number; reasons: DuplicateReason[] }>;
}

const scans = new WeakMap<Sqlite.Database, PairScan>();

/** Groups of ids sharing a value → pairs (the lowest id paired with each of the others). */
function addGroups(pairs: Map<string, { a: number; b: number; reasons: Set<DuplicateReason> }>, groups: Array<{ ids: string }>, reason: DuplicateReason): void {
  for (const group of groups) {
    const ids = group.ids
      .split(',')
      .map(Number)
      .sort((x, y) => x - y);
    const first = ids[0];
    if (first === undefined) continue;
    for (const other of ids.slice(1)) {
      const key = pairKey(first, other);
      const entry = pairs.get(key) ?? { a: first, b: other, reasons: new Set<DuplicateReason>() };
      entry.reasons.add(reason);
      pairs.set(key, entry);
    }
  }
}

function scanPairs(sqlite: Sqlite.Database): PairScan['pairs'] {
  const stamp = dataStamp(sqlite);
  const cached = scans.get(sqlite);
  if (cached !== undefined && cached.stamp === stamp) return cached.pairs;
  const pairs = new Map<string, { a: number; b: number; reasons: Set<DuplicateReason> }>();
  const grouped = (sql: string) => sqlite.prepare(sql).all() as Array<{ ids: string }>;
  addGroups(pairs, grouped('SELECT group_concat(id) AS ids FROM members WHERE phone IS NOT NULL GROUP BY phone HAVING count(*) > 1'), 'samePhone');
  addGroups(pairs, grouped('SELECT group_concat(id) AS ids FROM members WHERE wechat_key IS NOT NULL GROUP BY wechat_key HAVING count(*) > 1'), 'sameWechat');
  addGroups(pairs, grouped('SELECT group_concat(id) AS ids FROM members WHERE email_key IS NOT NULL GROUP BY email_key HAVING count(*) > 1'), 'sameEmail');
  // Same name, phones alike but not equal: pair the first with each member whose phone differs from its.
  const similar = sqlite
    .prepare(
      `SELECT group_concat(id || ':' || phone) AS members FROM members WHERE phone IS NOT NULL AND length(phone) >= ${PHONE_TAIL}
       GROUP BY name_pinyin, display_name, substr(phone, -${PHONE_TAIL}) HAVING count(DISTINCT phone) > 1`,
    )
    .all() as Array<{ members: string }>;
  addGroups(
    pairs,
    similar.map((group) => {
      const members = group.members
        .split(',')
        .map((entry) => entry.split(':'))
        .map(([id, phone]) => ({ id: Number(id), phone: phone ?? '' }))
        .sort((x, y) => x.id - y.id);
      const first = members[0];
      return { ids: members.filter((member) => member === first || member.phone !== first?.phone).map((member) => member.id).join(',') };
    }),
    'sameNameSimilarPhone',
  );
  // Same name and the same nickname (loosely compared, in JavaScript: SQL has no \p classes).
  const sameNameNick = sqlite
    .prepare(
      `SELECT m.id, m.display_name, m.nickname FROM members AS m
       JOIN (SELECT name_pinyin, display_name FROM members WHERE nickname IS NOT NULL GROUP BY name_pinyin, display_name HAVING count(*) > 1) AS d
         ON d.name_pinyin = m.name_pinyin AND d.display_name = m.display_name
       WHERE m.nickname IS NOT NULL`,
    )
    .all() as Array<{ id: number; display_name: string; nickname: string }>;
  const byNameNick = new Map<string, number[]>();
  for (const row of sameNameNick) {
    const nick = nicknameKey(row.nickname);
    if (nick === null) continue;
    const key = `${row.display_name}\u0000${nick}`;
    const list = byNameNick.get(key) ?? [];
    list.push(row.id);
    byNameNick.set(key, list);
  }
  addGroups(
    pairs,
    [...byNameNick.values()].filter((ids) => ids.length > 1).map((ids) => ({ ids: ids.join(',') })),
    'sameNameSimilarNickname',
  );
  const list = [...pairs.values()]
    .map((pair) => ({ a: pair.a, b: pair.b, reasons: REASON_ORDER.filter((reason) => pair.reasons.has(reason)) }))
    .sort((x, y) => REASON_ORDER.indexOf(x.reasons[0] ?? 'sameNameSimilarNickname') - REASON_ORDER.indexOf(y.reasons[0] ?? 'sameNameSimilarNickname') || x.a - y.a || x.b - y.b);
  scans.set(sqlite, { stamp, pairs: list });
  return list;
}

/**
 * Likely duplicates in the workspace, strongest reason first: the same phone / WeChat ID / e-mail,
 * or the same name with a similar phone (same last 8 digits) or the same nickname. Pairs marked
 * "not a duplicate" are left out. Scans the whole table (about a second at a million members);
 * the scan is kept until the data changes, so paging through the result is cheap.
 */
export function findDuplicatePairs(reader: MemberReader, options: { offset?: number; limit?: number } = {}): { total: number; pairs: DuplicatePair[] } {
  const sqlite = reader.sqlite;
  const dismissed = dismissedPairs(sqlite, null);
  const all = scanPairs(sqlite).filter((pair) => !dismissed.has(pairKey(pair.a, pair.b)));
  const offset = Math.max(0, options.offset ?? 0);
  const page = all.slice(offset, offset + Math.max(0, Math.min(1_000, options.limit ?? 100)));
  const ids = [...new Set(page.flatMap((pair) => [pair.a, pair.b]))];
  const refs = new Map<number, MemberRef>();
  for (const row of stmt(sqlite, `SELECT ${MEMBER_REF_COLUMNS} FROM members WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as MemberRefRow[]) {
    refs.set(row.id, toMemberRef(row));
  }
  const pairs: DuplicatePair[] = [];
  for (const pair of page) {
    const a = refs.get(pair.a);
    const b = refs.get(pair.b);
    if (a !== undefined && b !== undefined) pairs.push({ a, b, reasons: pair.reasons });
  }
  return { total: all.length, pairs };
}

/** Remembers that two members are different people (undoable); they no longer show as duplicates. */
export async function dismissDuplicate(store: MemberStore, firstId: number, secondId: number, now: string = new Date().toISOString()): Promise<{ changeBatchId: number | null }> {
  if (firstId === secondId) throw appFailure('VALIDATION', 'errors.validation', undefined, [{ path: 'members', messageKey: 'directory.errors.sameMember' }]);
  const a = Math.min(firstId, secondId);
  const b = Math.max(firstId, secondId);
  return writeTransaction(store, () => {
    const sqlite = store.sqlite;
    const names = sqlite.prepare('SELECT id, display_name FROM members WHERE id IN (?, ?)').all(a, b) as Array<{ id: number; display_name: string }>;
    if (names.length !== 2) throw appFailure('NOT_FOUND', 'directory.errors.memberNotFound', { id: names.some((row) => row.id === a) ? b : a });
    if (sqlite.prepare('SELECT 1 FROM duplicate_dismissals WHERE member_a = ? AND member_b = ?').get(a, b) !== undefined) return { changeBatchId: null };
    const batch = startChangeBatchSync(
      sqlite,
      'directory.history.notDuplicate',
      { a: names.find((row) => row.id === a)?.display_name ?? '', b: names.find((row) => row.id === b)?.display_name ?? '' },
      now,
    );
    const row = sqlite.prepare('INSERT INTO duplicate_dismissals (member_a, member_b, created_at) VALUES (?, ?, ?) RETURNING *').get(a, b, now) as Record<string, unknown>;
    batch.record('duplicateDismissal', Number(row.id), null, row);
    return { changeBatchId: batch.id };
  });
}

/**
 * Who a phone / WeChat ID / e-mail belonged to before a merge: key → the member it was merged into.
 * An import row with a merged record's old phone updates the kept member instead of bringing the
 * merged record back. (member_merges.kept_id always names the surviving member.)
 */
export function mergedKeyOwners(sqlite: Sqlite.Database): Map<string, number> {
  const owners = new Map<string, number>();
  const rows = stmt(
    sqlite,
    `SELECT kept_id, json_extract(merged_json, '$.phone') AS phone, json_extract(merged_json, '$.wechat_key') AS wechat, json_extract(merged_json, '$.email_key') AS email FROM member_merges`,
  ).all() as Array<{ kept_id: number; phone: string | null; wechat: string | null; email: string | null }>;
  for (const row of rows) {
    if (row.phone !== null) owners.set(`p:${row.phone}`, row.kept_id);
    if (row.wechat !== null) owners.set(`w:${row.wechat}`, row.kept_id);
    if (row.email !== null) owners.set(`e:${row.email}`, row.kept_id);
  }
  return owners;
}
