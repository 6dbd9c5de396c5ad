import type { Selectable } from 'kysely';
import type { LifecycleStage, Member, MemberGender, MemberListRow, MemberRef } from '../../../shared/domain/member.ts';
import type { MembersTable } from '../../db/schema.ts';

export type MemberRow = Selectable<MembersTable>;

/** Every column of members, id first, in table order (snapshots and restores use this list). */
export const MEMBER_COLUMNS = [
  'id',
  'display_name',
  'real_name',
  'nickname',
  'aliases',
  'phone',
  'phone_original',
  'wechat_id',
  'wechat_key',
  'email',
  'email_key',
  'gender',
  'birth_year',
  'age_band',
  'city',
  'occupation',
  'interests',
  'source',
  'joined_on',
  'inviter_id',
  'stage',
  'notes',
  'custom_json',
  'is_sample',
  'import_id',
  'name_pinyin',
  'name_initials',
  'search_extra',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof MemberRow>;
export type MemberColumn = (typeof MEMBER_COLUMNS)[number];

/** SQL building a JSON object of a members row aliased `alias` (snapshots made inside SQLite). */
export function memberJsonObjectSql(alias: string): string {
  return `json_object(${MEMBER_COLUMNS.map((column) => `'${column}', ${alias}.${column}`).join(', ')})`;
}

export function parseCustom(json: string | null): Record<string, string> {
  if (json === null || json === '') return {};
  const parsed = JSON.parse(json) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') out[key] = value;
  return out;
}

export function customJson(fields: Record<string, string>): string | null {
  const entries = Object.entries(fields).filter(([key, value]) => key.trim().length > 0 && value.length > 0);
  return entries.length === 0 ? null : JSON.stringify(Object.fromEntries(entries));
}

export function splitAliases(aliases: string | null): string[] {
  return aliases === null ? [] : aliases.split('\n').filter((line) => line.length > 0);
}

export function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    displayName: row.display_name,
    realName: row.real_name,
    nickname: row.nickname,
    aliases: splitAliases(row.aliases),
    phone: row.phone,
    phoneOriginal: row.phone_original,
    wechatId: row.wechat_id,
    email: row.email,
    gender: row.gender as MemberGender | null,
    birthYear: row.birth_year,
    ageBand: row.age_band,
    city: row.city,
    occupation: row.occupation,
    interests: row.interests,
    source: row.source,
    joinedOn: row.joined_on,
    inviterId: row.inviter_id,
    stage: row.stage as LifecycleStage | null,
    notes: row.notes,
    customFields: parseCustom(row.custom_json),
    isSample: row.is_sample === 1,
    importId: row.import_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface MemberRefRow {
  id: number;
  display_name: string;
  phone: string | null;
  wechat_id: string | null;
  email: string | null;
}

export const MEMBER_REF_COLUMNS = 'id, display_name, phone, wechat_id, email';

export function toMemberRef(row: MemberRefRow): MemberRef {
  return { id: row.id, displayName: row.display_name, phone: row.phone, wechatId: row.wechat_id, email: row.email };
}

/** The columns of a directory row, for `SELECT ${LIST_COLUMNS} FROM members m`. */
export const LIST_COLUMNS =
  'm.id, m.display_name, m.real_name, m.nickname, m.phone, m.wechat_id, m.email, m.gender, m.birth_year, m.age_band, m.city, m.occupation, m.source, m.joined_on, m.stage, m.inviter_id, m.is_sample, m.updated_at';

export interface ListRow {
  id: number;
  display_name: string;
  real_name: string | null;
  nickname: string | null;
  phone: string | null;
  wechat_id: string | null;
  email: string | null;
  gender: string | null;
  birth_year: number | null;
  age_band: string | null;
  city: string | null;
  occupation: string | null;
  source: string | null;
  joined_on: string | null;
  stage: string | null;
  inviter_id: number | null;
  is_sample: number;
  updated_at: string;
}

export function toListRow(row: ListRow, inviterName: string | null, tags: string[], groups: string[]): MemberListRow {
  return {
    id: row.id,
    displayName: row.display_name,
    realName: row.real_name,
    nickname: row.nickname,
    phone: row.phone,
    wechatId: row.wechat_id,
    email: row.email,
    gender: row.gender as MemberGender | null,
    birthYear: row.birth_year,
    ageBand: row.age_band,
    city: row.city,
    occupation: row.occupation,
    source: row.source,
    joinedOn: row.joined_on,
    stage: row.stage as LifecycleStage | null,
    inviterId: row.inviter_id,
    inviterName,
    tags,
    groups,
    isSample: row.is_sample === 1,
    updatedAt: row.updated_at,
  };
}
