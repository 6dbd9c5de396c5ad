import type Sqlite from 'better-sqlite3';
import type { ImportProblem, MemberDraft, MemberImportRow, MembershipRole } from '../../../shared/domain/member.ts';
import { clean, type MergeMode } from './member-values.ts';
import { ensureTagIds, loadTagIds } from './tag-store.ts';

export const MEMBERSHIP_JSON = `json_object('id', s.id, 'member_id', s.member_id, 'group_id', s.group_id, 'role', s.role, 'group_nickname', s.group_nickname, 'joined_on', s.joined_on, 'left_on', s.left_on, 'created_at', s.created_at, 'updated_at', s.updated_at)`;

const problemKeys = {
  unknownGroup: 'directory.importProblem.unknownGroup',
} as const;

export interface ImportRelationsContext {
  now: string;
  /** The import's change batch, which takes the before-images of the memberships it changes. */
  batchId: number;
  /** The highest membership id before the import: memberships above it are the import's own. */
  membershipsBefore: number;
  /** The import's problem list, where a row naming an unknown group is reported. */
  problems: ImportProblem[];
}

/** Writes the tags and the group membership of an import's rows. */
export class ImportRelations {
  private readonly sqlite: Sqlite.Database;
  private readonly context: ImportRelationsContext;
  private readonly groupIds: Map<string, number>;
  private readonly tagIds: Map<string, number>;
  /** Existing memberships whose before-image is in the change log. */
  private readonly snapshottedMemberships = new Set<number>();
  private readonly statements;

  constructor(sqlite: Sqlite.Database, context: ImportRelationsContext) {
    this.sqlite = sqlite;
    this.context = context;
    this.groupIds = loadGroupIds(sqlite);
    this.tagIds = loadTagIds(sqlite);
    this.statements = {
      findMembership: sqlite.prepare(`SELECT id, role, group_nickname, joined_on, left_on FROM memberships WHERE member_id = ? AND group_id = ?`),
      insertMembership: sqlite.prepare(
        `INSERT INTO memberships (member_id, group_id, role, group_nickname, joined_on, left_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)`,
      ),
      updateMembership: sqlite.prepare(`UPDATE memberships SET role = ?, group_nickname = ?, joined_on = ?, left_on = ?, updated_at = ? WHERE id = ?`),
      snapshotMembership: sqlite.prepare(
        `INSERT INTO audit_log (batch_id, entity, entity_id, action, before_json, after_json, at) SELECT ?, 'membership', s.id, 'update', ${MEMBERSHIP_JSON}, NULL, ? FROM memberships AS s WHERE s.id = ?`,
      ),
      insertMemberTag: sqlite.prepare(`INSERT OR IGNORE INTO member_tags (member_id, tag_id, created_at) VALUES (?, ?, ?)`),
    };
  }

  /** Tags and the group membership of a row. Returns whether anything changed. */
  apply(row: MemberImportRow, memberId: number, justCreated: boolean, mode: MergeMode): boolean {
    const { now } = this.context;
    let changed = false;
    const { draft } = row;
    if (draft.tags.length > 0) {
      for (const tagId of ensureTagIds(this.sqlite, this.tagIds, draft.tags, now)) {
        if (this.statements.insertMemberTag.run(memberId, tagId, now).changes > 0) changed = true;
      }
    }
    const groupName = clean(draft.group);
    if (groupName !== null) {
      const groupId = this.groupIds.get(groupName.toLowerCase());
      if (groupId === undefined) {
        this.context.problems.push({ row: row.row, column: 'group', value: groupName, messageKey: problemKeys.unknownGroup, params: { group: groupName } });
      } else if (this.applyMembership(memberId, groupId, draft, justCreated, mode)) {
        changed = true;
      }
    }
    return changed;
  }

  private applyMembership(memberId: number, groupId: number, draft: MemberDraft, justCreated: boolean, mode: MergeMode): boolean {
    const { now } = this.context;
    const role: MembershipRole = draft.role ?? 'member';
    const nickname = clean(draft.nickname);
    const joinedOn = clean(draft.joinedOn);
    const existing = justCreated
      ? undefined
      : (this.statements.findMembership.get(memberId, groupId) as
          | { id: number; role: string; group_nickname: string | null; joined_on: string | null; left_on: string | null }
          | undefined);
    if (existing === undefined) {
      this.statements.insertMembership.run(memberId, groupId, role, nickname, joinedOn, now, now);
      return true;
    }
    const overwrite = mode === 'overwrite';
    const next = {
      role: draft.role !== null && (overwrite || existing.role === 'member') ? role : existing.role,
      group_nickname: nickname !== null && (overwrite || existing.group_nickname === null) ? nickname : existing.group_nickname,
      joined_on: joinedOn !== null && (overwrite || existing.joined_on === null) ? joinedOn : existing.joined_on,
      left_on: overwrite ? null : existing.left_on,
    };
    if (next.role === existing.role && next.group_nickname === existing.group_nickname && next.joined_on === existing.joined_on && next.left_on === existing.left_on) {
      return false;
    }
    if (existing.id <= this.context.membershipsBefore && !this.snapshottedMemberships.has(existing.id)) {
      this.snapshottedMemberships.add(existing.id);
      this.statements.snapshotMembership.run(this.context.batchId, now, existing.id);
    }
    this.statements.updateMembership.run(next.role, next.group_nickname, next.joined_on, next.left_on, now, existing.id);
    return true;
  }
}

function loadGroupIds(sqlite: Sqlite.Database): Map<string, number> {
  const rows = sqlite.prepare(`SELECT id, name, status FROM groups ORDER BY status = 'active' DESC, id`).all() as Array<{ id: number; name: string }>;
  const map = new Map<string, number>();
  for (const row of rows) {
    const key = row.name.trim().toLowerCase();
    if (!map.has(key)) map.set(key, row.id);
  }
  return map;
}
