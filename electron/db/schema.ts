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

export interface Database {
  groups: GroupsTable;
  change_batches: ChangeBatchesTable;
  audit_log: AuditLogTable;
  app_meta: AppMetaTable;
}
