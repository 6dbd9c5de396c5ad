import type { Selectable } from 'kysely';
import type { Group, GroupFields, GroupPlatform, GroupStatus } from '../../../shared/domain/group.ts';
import type { GroupsTable } from '../../db/schema.ts';

export type GroupRow = Selectable<GroupsTable>;

export function toGroup(row: GroupRow): Group {
  return {
    id: row.id,
    name: row.name,
    platform: row.platform as GroupPlatform,
    theme: row.theme,
    targetMembers: row.target_members,
    coreValue: row.core_value,
    rules: row.rules,
    owner: row.owner,
    createdOn: row.created_on,
    capacity: row.capacity,
    status: row.status as GroupStatus,
    archivedAt: row.archived_at,
    updatedAt: row.updated_at,
  };
}

export function fieldsToColumns(fields: GroupFields) {
  return {
    name: fields.name,
    platform: fields.platform,
    theme: fields.theme,
    target_members: fields.targetMembers,
    core_value: fields.coreValue,
    rules: fields.rules,
    owner: fields.owner,
    created_on: fields.createdOn,
    capacity: fields.capacity,
  };
}
