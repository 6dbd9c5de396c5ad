/**
 * The member model (成员) shared by the importer, the directory, the profile form and exports.
 * A member is deduplicated by phone, WeChat ID or e-mail, never by name alone.
 */
export const MEMBER_GENDERS = ['male', 'female', 'unknown'] as const;
export type MemberGender = (typeof MEMBER_GENDERS)[number];

export const LIFECYCLE_STAGES = ['new', 'potential', 'loyal', 'churned'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const MEMBERSHIP_ROLES = ['owner', 'admin', 'moderator', 'volunteer', 'member'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/** Fields an import column can map to. `custom` keeps an unknown column as a named custom field. */
export const MEMBER_IMPORT_FIELDS = [
  'displayName',
  'realName',
  'nickname',
  'phone',
  'wechatId',
  'email',
  'gender',
  'birthYear',
  'ageBand',
  'city',
  'occupation',
  'interests',
  'source',
  'joinedOn',
  'inviter',
  'stage',
  'tags',
  'notes',
  'group',
  'role',
] as const;
export type MemberImportField = (typeof MEMBER_IMPORT_FIELDS)[number];

/** Where one source column goes: a known field, a custom field of that name, or nowhere. */
export type ColumnTarget = { kind: 'field'; field: MemberImportField } | { kind: 'custom'; name: string } | { kind: 'ignore' };

/** A phone after normalisation: mainland mobiles as 11 digits, others in E.164; the text as written is kept. */
export interface NormalizedPhone {
  value: string;
  original: string;
}

/** One member as the importer hands it to the store: every field normalised, nothing guessed. */
export interface MemberDraft {
  displayName: string | null;
  realName: string | null;
  nickname: string | null;
  phone: NormalizedPhone | null;
  wechatId: string | null;
  /** Lower-cased for matching; displayed as written. */
  email: string | null;
  gender: MemberGender | null;
  birthYear: number | null;
  ageBand: string | null;
  city: string | null;
  occupation: string | null;
  interests: string | null;
  source: string | null;
  /** ISO date, YYYY-MM-DD. */
  joinedOn: string | null;
  /** The inviter as written (nickname, name + phone, or WeChat ID); resolved to a member at commit. */
  inviter: string | null;
  stage: LifecycleStage | null;
  tags: string[];
  notes: string | null;
  group: string | null;
  role: MembershipRole | null;
  customFields: Record<string, string>;
}

/** A problem found in one cell of an import, reported with the row number as a spreadsheet shows it. */
export interface ImportProblem {
  row: number;
  column: string;
  value: string;
  /** i18n key under `members.importProblem` and its parameters. */
  messageKey: string;
  params?: Record<string, string | number>;
}
