import type Sqlite from 'better-sqlite3';
import type { ImportProblem } from '../../../shared/domain/member.ts';
import { spellCached } from './search-keys.ts';

/** An inviter cell waiting to be linked, once every row of the file is in. */
export interface PendingInviter {
  memberId: number;
  text: string;
  row: number;
  /** Replace an inviter the member already has (overwrite policy). */
  overwrite: boolean;
}

export interface InviterContext {
  /** Whether a member was created by this import (preferred when a name is ambiguous). */
  isNew(memberId: number): boolean;
  /** Called before an existing member's inviter is written (for its before-image and counts). */
  beforeExistingChange(memberId: number): void;
  now: string;
}

const problemKeys = {
  notFound: 'directory.importProblem.inviterNotFound',
  ambiguous: 'directory.importProblem.inviterAmbiguous',
  self: 'directory.importProblem.inviterIsSelf',
  cycle: 'directory.importProblem.inviterCycle',
} as const;

const FULL_WIDTH_DIGIT = /[０-９]/g;
const MOBILE = /(?:\+?86[\s-]?)?(1[3-9]\d(?:[\s-]?\d){8})(?!\d)/;
const TRIM_PUNCTUATION = /^[\s()（）[\]【】:：,，、/|-]+|[\s()（）[\]【】:：,，、/|-]+$/g;

export interface InviterText {
  phone: string | null;
  name: string | null;
  /** The whole text as a possible WeChat ID (lower-cased). */
  wechatKey: string | null;
}

/** Splits an inviter cell: "张伟 138-1234-5678", "张伟(13812345678)", "wxid_abc", "小雨". */
export function parseInviterText(text: string): InviterText {
  const folded = text.replace(FULL_WIDTH_DIGIT, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0)).trim();
  const match = MOBILE.exec(folded);
  const phone = match?.[1]?.replace(/[\s-]/g, '') ?? null;
  const rest = match === null ? folded : `${folded.slice(0, match.index)} ${folded.slice(match.index + match[0].length)}`;
  const name = rest.replace(TRIM_PUNCTUATION, '').trim();
  const wechatLike = /^[A-Za-z][-_A-Za-z0-9]{3,39}$/.test(folded) ? folded.toLowerCase() : null;
  return { phone, name: name.length === 0 ? null : name, wechatKey: wechatLike };
}

/**
 * Links imported members to their inviters, by WeChat ID, by name + phone (or phone), or by name /
 * nickname (display name, real name, nickname, group nickname), within the file or the workspace.
 * A name matching several people picks the one this import brought in when that is unique;
 * otherwise it is reported, never guessed. Runs after every row is stored, so an inviter listed
 * below the invitee is found too.
 */
export function resolveInviters(sqlite: Sqlite.Database, pending: readonly PendingInviter[], context: InviterContext): ImportProblem[] {
  const problems: ImportProblem[] = [];
  if (pending.length === 0) return problems;
  const byPhone = sqlite.prepare('SELECT id, display_name, real_name, nickname FROM members WHERE phone = ?');
  const byWechat = sqlite.prepare('SELECT id FROM members WHERE wechat_key = ?').pluck();
  const byDisplayName = sqlite.prepare('SELECT id FROM members WHERE name_pinyin = ? AND display_name = ?').pluck();
  const inviterOf = sqlite.prepare('SELECT inviter_id FROM members WHERE id = ?').pluck();
  const setInviter = sqlite.prepare('UPDATE members SET inviter_id = ?, updated_at = ? WHERE id = ?');

  const parsed = pending.map((entry) => ({ entry, text: parseInviterText(entry.text) }));
  const otherNameMatches = namesElsewhere(
    sqlite,
    parsed.filter(({ text }) => text.phone === null && text.name !== null).map(({ text }) => text.name ?? ''),
  );

  for (const { entry, text } of parsed) {
    let candidates: number[] = [];
    if (text.phone !== null) {
      const rows = byPhone.all(text.phone) as Array<{ id: number; display_name: string; real_name: string | null; nickname: string | null }>;
      const named = text.name === null ? [] : rows.filter((row) => [row.display_name, row.real_name, row.nickname].includes(text.name));
      candidates = (named.length > 0 ? named : rows).map((row) => row.id);
    } else {
      if (text.wechatKey !== null) candidates = byWechat.all(text.wechatKey) as number[];
      if (candidates.length === 0 && text.name !== null) {
        const set = new Set<number>(byDisplayName.all(spellCached(text.name).full, text.name) as number[]);
        for (const id of otherNameMatches.get(text.name) ?? []) set.add(id);
        candidates = [...set];
      }
    }
    candidates = candidates.filter((id) => id !== entry.memberId || candidates.length === 1);
    if (candidates.length > 1) {
      const fresh = candidates.filter((id) => context.isNew(id));
      if (fresh.length === 1) candidates = fresh;
    }
    const problem = (messageKey: string, params?: Record<string, string | number>): void => {
      problems.push({ row: entry.row, column: 'inviter', value: entry.text, messageKey, params: { inviter: entry.text, ...params } });
    };
    if (candidates.length === 0) {
      problem(problemKeys.notFound);
      continue;
    }
    if (candidates.length > 1) {
      problem(problemKeys.ambiguous, { count: candidates.length });
      continue;
    }
    const inviterId = candidates[0] ?? 0;
    if (inviterId === entry.memberId) {
      problem(problemKeys.self);
      continue;
    }
    if (leadsBackTo(inviterOf, inviterId, entry.memberId)) {
      problem(problemKeys.cycle);
      continue;
    }
    const current = inviterOf.get(entry.memberId) as number | null;
    if (current === inviterId || (current !== null && !entry.overwrite)) continue;
    if (!context.isNew(entry.memberId)) context.beforeExistingChange(entry.memberId);
    setInviter.run(inviterId, context.now, entry.memberId);
  }
  return problems;
}

/** Whether following inviters up from `start` reaches `target` (linking would make a loop). */
function leadsBackTo(inviterOf: Sqlite.Statement, start: number, target: number): boolean {
  let current: number | null = start;
  for (let depth = 0; current !== null && depth < 1_000; depth += 1) {
    if (current === target) return true;
    current = inviterOf.get(current) as number | null;
  }
  return false;
}

/** Members whose real name, nickname or group nickname is one of `names`: one pass over the tables. */
function namesElsewhere(sqlite: Sqlite.Database, names: readonly string[]): Map<string, number[]> {
  const found = new Map<string, number[]>();
  const unique = [...new Set(names)];
  if (unique.length === 0) return found;
  const json = JSON.stringify(unique);
  const rows = sqlite
    .prepare(
      `WITH wanted(name) AS (SELECT value FROM json_each(?))
       SELECT m.id AS id, m.real_name AS name FROM members AS m WHERE m.real_name IN (SELECT name FROM wanted)
       UNION SELECT m.id, m.nickname FROM members AS m WHERE m.nickname IN (SELECT name FROM wanted)
       UNION SELECT s.member_id, s.group_nickname FROM memberships AS s WHERE s.group_nickname IN (SELECT name FROM wanted)`,
    )
    .all(json) as Array<{ id: number; name: string }>;
  for (const row of rows) {
    const list = found.get(row.name) ?? [];
    if (!list.includes(row.id)) list.push(row.id);
    found.set(row.name, list);
  }
  return found;
}
