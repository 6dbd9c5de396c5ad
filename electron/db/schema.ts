import type { Generated } from 'kysely';

/** The one typed view of a workspace's tables, in SQLite's own (snake_case) names. */
export interface GroupsTable {
  id: Generated<number>;
  name: string;
  platform: string;
  theme: string;
  target_members: string;
  core_value: string;
  rules: string;
  owner: string;
  created_on: string | null;
  capacity: number | null;
  status: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One user action (create a group, an import...) that undo reverts as a whole. */
export interface ChangeBatchesTable {
  id: Generated<number>;
  /** "change" batches can be undone; "undo" batches record an undo and are never undone themselves. */
  kind: string;
  action_key: string;
  params_json: string;
  at: string;
  undone_at: string | null;
}

/** Row-level before/after snapshots; the audit trail and the material undo works from. */
export interface AuditLogTable {
  id: Generated<number>;
  batch_id: number;
  entity: string;
  entity_id: number;
  action: string;
  before_json: string | null;
  after_json: string | null;
  at: string;
}

export interface AppMetaTable {
  key: string;
  value: string;
}

/** One person (成员), deduplicated by phone, WeChat ID or e-mail (see 0002_members). */
export interface MembersTable {
  id: Generated<number>;
  display_name: string;
  real_name: string | null;
  nickname: string | null;
  /** Other names the person is known by (group nicknames, names of merged records), one a line. */
  aliases: string | null;
  /** Mainland mobiles as 11 digits, others E.164. */
  phone: string | null;
  phone_original: string | null;
  wechat_id: string | null;
  /** wechat_id lower-cased: the dedupe key. */
  wechat_key: string | null;
  email: string | null;
  /** email lower-cased: the dedupe key. */
  email_key: string | null;
  gender: string | null;
  birth_year: number | null;
  age_band: string | null;
  city: string | null;
  occupation: string | null;
  interests: string | null;
  source: string | null;
  joined_on: string | null;
  inviter_id: number | null;
  stage: string | null;
  notes: string | null;
  /** JSON object of custom field name to text, or null when there are none. */
  custom_json: string | null;
  is_sample: number;
  /** The import batch that created the member, if any. */
  import_id: number | null;
  /** Precomputed search/sort keys: pinyin and initials of the display name ("zhangwei", "zw"). */
  name_pinyin: string;
  name_initials: string;
  /** Pinyin and initials of the other names, for search only. */
  search_extra: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  id: Generated<number>;
  member_id: number;
  group_id: number;
  role: string;
  group_nickname: string | null;
  joined_on: string | null;
  left_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface TagsTable {
  id: Generated<number>;
  name: string;
  color: string | null;
  created_at: string;
}

export interface MemberTagsTable {
  id: Generated<number>;
  member_id: number;
  tag_id: number;
  created_at: string;
}

export interface ImportBatchesTable {
  id: Generated<number>;
  change_batch_id: number | null;
  file_name: string;
  sheet: string | null;
  policy: string;
  mapping_json: string;
  created_count: number;
  updated_count: number;
  unchanged_count: number;
  skipped_count: number;
  conflict_count: number;
  problem_count: number;
  counts_json: string;
  problems_json: string;
  started_at: string;
  finished_at: string;
}

export interface ImportTemplatesTable {
  id: Generated<number>;
  name: string;
  mapping_json: string;
  created_at: string;
  updated_at: string;
}

export interface SegmentsTable {
  id: Generated<number>;
  name: string;
  filter_json: string;
  created_at: string;
  updated_at: string;
}

export interface DuplicateDismissalsTable {
  id: Generated<number>;
  member_a: number;
  member_b: number;
  created_at: string;
}

export interface MemberMergesTable {
  id: Generated<number>;
  kept_id: number;
  merged_id: number;
  merged_name: string;
  merged_json: string;
  change_batch_id: number | null;
  at: string;
}

export interface Database {
  groups: GroupsTable;
  change_batches: ChangeBatchesTable;
  audit_log: AuditLogTable;
  app_meta: AppMetaTable;
  members: MembersTable;
  memberships: MembershipsTable;
  tags: TagsTable;
  member_tags: MemberTagsTable;
  import_batches: ImportBatchesTable;
  import_templates: ImportTemplatesTable;
  segments: SegmentsTable;
  duplicate_dismissals: DuplicateDismissalsTable;
  member_merges: MemberMergesTable;
}
