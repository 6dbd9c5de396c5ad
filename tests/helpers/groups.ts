import { groupFieldsSchema, type GroupFields, type GroupFieldsInput } from '../../shared/domain/group.ts';

/** Valid group fields as the service receives them after validation, with any field overridden. */
export function groupFields(overrides: Partial<GroupFieldsInput> = {}): GroupFields {
  return groupFieldsSchema.parse({ name: '读书会', platform: 'wechat', ...overrides });
}
