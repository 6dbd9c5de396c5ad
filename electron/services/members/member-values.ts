import type { DuplicatePolicy, MemberDraft, MemberEdit } from '../../../shared/domain/member.ts';
import type { MembersTable } from '../../db/schema.ts';
import { customJson, parseCustom, splitAliases, type MemberRow } from './member-rows.ts';
import { nameKeys } from './search-keys.ts';

/** The columns a member's data is written to (everything but id, bookkeeping and timestamps). */
/** How an import row's values meet an existing member's: only into empty fields, or over them. */
export type MergeMode = Exclude<DuplicatePolicy, 'skip'>;

export type MemberValues = Omit<MembersTable, 'id' | 'inviter_id' | 'is_sample' | 'import_id' | 'created_at' | 'updated_at'>;

export const NAME_LIMIT = 200;

/** Trimmed text, or null when there is nothing. */
export function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed.length === 0 ? null : trimmed;
}

function truncate(value: string, limit: number): string {
  return [...value].slice(0, limit).join('');
}

export interface MemberKeys {
  phone: string | null;
  wechatKey: string | null;
  emailKey: string | null;
}

/** The identifying keys of a draft: phone, WeChat ID and e-mail, the last two lower-cased. */
export function draftKeys(draft: Pick<MemberDraft, 'phone' | 'wechatId' | 'email'>): MemberKeys {
  return {
    phone: clean(draft.phone?.value),
    wechatKey: clean(draft.wechatId)?.toLowerCase() ?? null,
    emailKey: clean(draft.email)?.toLowerCase() ?? null,
  };
}

export function hasKeys(keys: MemberKeys): boolean {
  return keys.phone !== null || keys.wechatKey !== null || keys.emailKey !== null;
}

/** The name shown for a member: the given display name, else real name, nickname, WeChat ID, e-mail, phone. */
export function displayNameOf(fields: {
  displayName: string | null;
  realName: string | null;
  nickname: string | null;
  wechatId: string | null;
  email: string | null;
  phone: string | null;
}): string | null {
  const name = clean(fields.displayName) ?? clean(fields.realName) ?? clean(fields.nickname) ?? clean(fields.wechatId) ?? clean(fields.email) ?? clean(fields.phone);
  return name === null ? null : truncate(name, NAME_LIMIT);
}

/** Custom fields holding the contact values of records merged into a member (see merge.ts). */
export const MERGED_CONTACT_FIELDS = ['merged.phone', 'merged.wechatId', 'merged.email'] as const;

/**
 * Fills the search keys (pinyin, initials) from the names. The phones / WeChat IDs / e-mails of
 * records merged into the member go in too, so searching an old number still finds the person.
 */
export function withSearchKeys<T extends Omit<MemberValues, 'name_pinyin' | 'name_initials' | 'search_extra'>>(values: T): T & Pick<MemberValues, 'name_pinyin' | 'name_initials' | 'search_extra'> {
  const keys = nameKeys(values.display_name, [values.real_name, values.nickname, values.aliases]);
  let extra = keys.searchExtra;
  if (values.custom_json !== null && values.custom_json.includes('"merged.')) {
    const custom = parseCustom(values.custom_json);
    const contacts = MERGED_CONTACT_FIELDS.flatMap((field) => (custom[field] ?? '').split(', ')).filter((value) => value.length > 0);
    if (contacts.length > 0) extra = [extra, ...contacts].filter((part) => part !== null && part.length > 0).join(' ');
  }
  return { ...values, name_pinyin: keys.namePinyin, name_initials: keys.nameInitials, search_extra: extra };
}

/** Column values of the fields a draft and an edit share; null when they name nobody. */
function valuesFromFields(fields: Omit<MemberDraft, 'inviter' | 'tags' | 'group' | 'role'>, aliases: string | null, stage: string | null): MemberValues | null {
  const phone = clean(fields.phone?.value);
  const wechat = clean(fields.wechatId);
  const email = clean(fields.email);
  const displayName = displayNameOf({ displayName: fields.displayName, realName: fields.realName, nickname: fields.nickname, wechatId: wechat, email, phone });
  if (displayName === null) return null;
  return withSearchKeys({
    display_name: displayName,
    real_name: clean(fields.realName),
    nickname: clean(fields.nickname),
    aliases,
    phone,
    phone_original: phone === null ? null : (clean(fields.phone?.original) ?? phone),
    wechat_id: wechat,
    wechat_key: wechat?.toLowerCase() ?? null,
    email,
    email_key: email?.toLowerCase() ?? null,
    gender: fields.gender,
    birth_year: fields.birthYear,
    age_band: clean(fields.ageBand),
    city: clean(fields.city),
    occupation: clean(fields.occupation),
    interests: clean(fields.interests),
    source: clean(fields.source),
    joined_on: clean(fields.joinedOn),
    stage,
    notes: clean(fields.notes),
    custom_json: customJson(fields.customFields),
  });
}

/** Column values of a new member made from an import draft; null when the row names nobody. */
export function valuesFromDraft(draft: MemberDraft): MemberValues | null {
  return valuesFromFields(draft, null, draft.stage ?? 'new');
}

/** Column values written by a manual add or edit: every field as given (null clears). */
export function valuesFromEdit(edit: MemberEdit, keepAliases: string | null): MemberValues | null {
  return valuesFromFields(edit, keepAliases, edit.stage);
}

export function valuesOfRow(row: MemberRow): MemberValues {
  return {
    display_name: row.display_name,
    real_name: row.real_name,
    nickname: row.nickname,
    aliases: row.aliases,
    phone: row.phone,
    phone_original: row.phone_original,
    wechat_id: row.wechat_id,
    wechat_key: row.wechat_key,
    email: row.email,
    email_key: row.email_key,
    gender: row.gender,
    birth_year: row.birth_year,
    age_band: row.age_band,
    city: row.city,
    occupation: row.occupation,
    interests: row.interests,
    source: row.source,
    joined_on: row.joined_on,
    stage: row.stage,
    notes: row.notes,
    custom_json: row.custom_json,
    name_pinyin: row.name_pinyin,
    name_initials: row.name_initials,
    search_extra: row.search_extra,
  };
}

const PLAIN_FIELDS = ['real_name', 'age_band', 'city', 'occupation', 'interests', 'source', 'joined_on', 'stage', 'notes', 'birth_year'] as const;

/** True when a member's display name is only a stand-in (one of its contact values), not a name. */
function isStandInName(values: MemberValues): boolean {
  return values.display_name === values.phone || values.display_name === values.wechat_id || values.display_name === values.email;
}

function addAlias(values: MemberValues, name: string | null): void {
  if (name === null) return;
  if (name === values.display_name || name === values.real_name || name === values.nickname) return;
  const aliases = splitAliases(values.aliases);
  if (aliases.includes(name)) return;
  aliases.push(name);
  values.aliases = aliases.join('\n');
}

/**
 * Applies an import row to an existing member. "fill-empty" only fills what is empty; "overwrite"
 * replaces with every value the row has. A blank cell never clears anything, and "unknown" never
 * replaces a known gender. Names the member already has another way are kept as aliases.
 */
export function mergeDraft(existing: MemberValues, incoming: MemberValues, mode: MergeMode): MemberValues {
  const next: MemberValues = { ...existing };
  const take = (current: unknown, value: unknown): boolean => value !== null && (mode === 'overwrite' ? current !== value : current === null);
  for (const field of PLAIN_FIELDS) {
    if (field === 'stage' && incoming.stage === 'new' && existing.stage !== null) continue;
    if (take(existing[field], incoming[field])) (next as unknown as Record<string, unknown>)[field] = incoming[field];
  }
  if (incoming.gender !== null && incoming.gender !== 'unknown' ? take(existing.gender, incoming.gender) : existing.gender === null && incoming.gender !== null) {
    next.gender = incoming.gender;
  }
  if (take(existing.phone, incoming.phone)) {
    next.phone = incoming.phone;
    next.phone_original = incoming.phone_original;
  }
  if (take(existing.wechat_key, incoming.wechat_key)) {
    next.wechat_id = incoming.wechat_id;
    next.wechat_key = incoming.wechat_key;
  }
  if (take(existing.email_key, incoming.email_key)) {
    next.email = incoming.email;
    next.email_key = incoming.email_key;
  }
  if (incoming.nickname !== null && incoming.nickname !== existing.nickname) {
    if (existing.nickname === null || mode === 'overwrite') {
      next.nickname = incoming.nickname;
      addAlias(next, existing.nickname);
    } else addAlias(next, incoming.nickname);
  }
  // The display name follows real data: a stand-in (a phone shown as the name) gives way to a name.
  const incomingHasName = incoming.display_name !== incoming.phone && incoming.display_name !== incoming.wechat_id && incoming.display_name !== incoming.email;
  if (incomingHasName && incoming.display_name !== existing.display_name) {
    if (isStandInName(existing) || mode === 'overwrite') {
      next.display_name = incoming.display_name;
      if (!isStandInName(existing)) addAlias(next, existing.display_name);
    } else addAlias(next, incoming.display_name);
  }
  if (incoming.custom_json !== null) {
    const current = parseCustom(existing.custom_json);
    const merged = { ...current };
    for (const [key, value] of Object.entries(parseCustom(incoming.custom_json))) {
      if (mode === 'overwrite' || merged[key] === undefined) merged[key] = value;
    }
    next.custom_json = customJson(merged);
  }
  return withSearchKeys(next);
}

export function sameValues(a: MemberValues, b: MemberValues): boolean {
  for (const key of Object.keys(a) as Array<keyof MemberValues>) if (a[key] !== b[key]) return false;
  return true;
}
