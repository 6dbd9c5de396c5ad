import { z } from 'zod';

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

// ---------------------------------------------------------------------------------------------
// Store and directory (the member store in electron/services/members answers in these shapes).
// ---------------------------------------------------------------------------------------------

/** What to do when an import row matches a member already in the workspace. */
export const DUPLICATE_POLICIES = ['fill-empty', 'overwrite', 'skip'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

/** One normalised import row, with its row number as a spreadsheet shows it (for problems). */
export interface MemberImportRow {
  row: number;
  draft: MemberDraft;
}

/** Counts of one import commit. Re-importing the same rows gives created 0, updated 0. */
export interface MemberImportCounts {
  /** Rows that made a new member. */
  created: number;
  /** Existing members whose data changed. */
  updated: number;
  /** Rows that matched an existing member and changed nothing. */
  unchanged: number;
  /** Rows that matched an existing member under the "skip" policy. */
  skipped: number;
  /** Rows whose phone / WeChat ID / e-mail point at two different members: not applied, reported. */
  conflicts: number;
  /** Rows that repeat a person an earlier row of the same file already brought in (merged into it). */
  mergedInFile: number;
  /** Rows with nothing to identify or name a person: not applied, reported. */
  empty: number;
}

export interface MemberImportResult extends MemberImportCounts {
  importId: number;
  /** The change batch that undoes the import; null when the import changed nothing. */
  changeBatchId: number | null;
  /** Problems found while storing (conflicts, unknown groups, unresolved inviters), by file row. */
  problems: ImportProblem[];
}

/** A directory column the table can sort by. */
export const MEMBER_SORT_FIELDS = [
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
  'source',
  'joinedOn',
  'stage',
  'createdAt',
  'updatedAt',
] as const;
export type MemberSortField = (typeof MEMBER_SORT_FIELDS)[number];
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export interface MemberSort {
  field: MemberSortField;
  direction: SortDirection;
}

const idList = z.array(z.number().int().positive()).max(10_000);
const textList = z.array(z.string().max(200)).max(1_000);
const memberIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.date' });

/**
 * A directory filter; a segment (分群) saves one. Every part is optional and the parts combine with
 * AND; the values inside one part combine with OR (tags: OR unless tagMode is "all").
 * `genders: ['unknown']` also matches members whose gender was never given.
 */
export const memberFilterSchema = z
  .object({
    search: z.string().max(200).optional(),
    groupIds: idList.optional(),
    tagIds: idList.optional(),
    tagMode: z.enum(['any', 'all']).optional(),
    genders: z.array(z.enum(MEMBER_GENDERS)).max(3).optional(),
    cities: textList.optional(),
    sources: textList.optional(),
    stages: z.array(z.enum(LIFECYCLE_STAGES)).max(4).optional(),
    joinedFrom: memberIsoDate.optional(),
    joinedTo: memberIsoDate.optional(),
    hasPhone: z.boolean().optional(),
    hasWechat: z.boolean().optional(),
    hasEmail: z.boolean().optional(),
    sample: z.boolean().optional(),
  })
  .strict();
export type MemberFilter = z.infer<typeof memberFilterSchema>;

export const memberSortSchema = z.object({ field: z.enum(MEMBER_SORT_FIELDS), direction: z.enum(SORT_DIRECTIONS) }).strict();

/** One row of the directory table: a member without what only the profile shows, plus the names the table shows. */
export interface MemberListRow extends Omit<Member, 'aliases' | 'phoneOriginal' | 'interests' | 'notes' | 'customFields' | 'importId' | 'createdAt'> {
  inviterName: string | null;
  tags: string[];
  /** Names of the groups the member is currently in. */
  groups: string[];
}

/** The rows [start, start + rows.length) of a filtered, sorted directory, and how many there are in all. */
export interface DirectoryWindow {
  total: number;
  start: number;
  rows: MemberListRow[];
}

/** Every field of a member as the profile shows and the edit form changes it. */
export interface Member {
  id: number;
  displayName: string;
  realName: string | null;
  nickname: string | null;
  /** Other names the person is known by (group nicknames, names of merged records). */
  aliases: string[];
  phone: string | null;
  phoneOriginal: string | null;
  wechatId: string | null;
  email: string | null;
  gender: MemberGender | null;
  birthYear: number | null;
  ageBand: string | null;
  city: string | null;
  occupation: string | null;
  interests: string | null;
  source: string | null;
  joinedOn: string | null;
  inviterId: number | null;
  stage: LifecycleStage | null;
  notes: string | null;
  customFields: Record<string, string>;
  isSample: boolean;
  importId: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A member named in a list (inviter, invitees, duplicates). */
export interface MemberRef {
  id: number;
  displayName: string;
  phone: string | null;
  wechatId: string | null;
  email: string | null;
}

export interface MembershipInfo {
  id: number;
  groupId: number;
  groupName: string;
  role: MembershipRole;
  groupNickname: string | null;
  joinedOn: string | null;
  leftOn: string | null;
}

export interface TagInfo {
  id: number;
  name: string;
  color: string | null;
  /** Members carrying the tag (in lists of tags). */
  memberCount: number;
}

export interface MemberImportHistoryEntry {
  importId: number;
  fileName: string;
  at: string;
  /** "created" the member, or "updated" it. */
  effect: 'created' | 'updated';
  undone: boolean;
}

export interface MemberProfile {
  member: Member;
  memberships: MembershipInfo[];
  tags: Array<{ id: number; name: string; color: string | null }>;
  inviter: MemberRef | null;
  invitees: MemberRef[];
  inviteeCount: number;
  imports: MemberImportHistoryEntry[];
  mergedFrom: Array<{ id: number; displayName: string; at: string }>;
}

/**
 * The fields of a manual add / edit (already normalised with the import's normalisers): a draft whose
 * inviter is a member already chosen, without the import's group and role.
 * On update every field is written as given: null clears it. Memberships are edited on their own.
 */
export interface MemberEdit extends Omit<MemberDraft, 'inviter' | 'group' | 'role'> {
  inviterId: number | null;
}

/** Why two members look like one person. */
export const DUPLICATE_REASONS = ['samePhone', 'sameWechat', 'sameEmail', 'sameNameSimilarPhone', 'sameNameSimilarNickname'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export interface DuplicateMatch {
  member: MemberRef;
  reasons: DuplicateReason[];
}

export interface DuplicatePair {
  a: MemberRef;
  b: MemberRef;
  reasons: DuplicateReason[];
}

/** The members a bulk action works on: a selection, or everything a filter finds. */
export type MemberTarget = { ids: number[] } | { filter: MemberFilter };

export const memberTargetSchema = z.union([
  z.object({ ids: z.array(z.number().int().positive()).max(1_000_000) }).strict(),
  z.object({ filter: memberFilterSchema }).strict(),
]);

export interface BulkResult {
  /** Members the action changed (members already in the wanted state are not counted). */
  affected: number;
  /** The change batch to undo, or null when nothing changed. */
  changeBatchId: number | null;
}

export interface Segment {
  id: number;
  name: string;
  filter: MemberFilter;
  /** Live count of members the filter finds now. */
  count: number;
  updatedAt: string;
}

export interface ImportBatchInfo {
  id: number;
  fileName: string;
  sheet: string | null;
  policy: DuplicatePolicy;
  startedAt: string;
  finishedAt: string;
  counts: MemberImportCounts;
  problemCount: number;
  undone: boolean;
  changeBatchId: number | null;
}

export interface ImportTemplate {
  id: number;
  name: string;
  mapping: Record<string, ColumnTarget>;
  updatedAt: string;
}
