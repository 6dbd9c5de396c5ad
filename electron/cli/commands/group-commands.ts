/** groups list | add: the same services and the same validation (groupFieldsSchema) as the app. */
import { appFailure } from '../../../shared/contract/result.ts';
import { toFieldIssues } from '../../../shared/contract/validate.ts';
import { groupFieldsSchema, type Group, type GroupFieldsInput } from '../../../shared/domain/group.ts';
import { createGroup } from '../../services/groups/group-commands.ts';
import { listGroups } from '../../services/groups/group-queries.ts';
import { flag, optionalString, withWorkspace, workspacePathOf, type CommandContext } from '../cli-context.ts';
import type { CommandSpec } from '../command-spec.ts';

/** Each editable group field and the option that sets it. */
const GROUP_FIELD_OPTIONS = {
  name: 'name',
  platform: 'platform',
  theme: 'theme',
  targetMembers: 'target-members',
  coreValue: 'core-value',
  rules: 'rules',
  owner: 'owner',
  createdOn: 'created-on',
  capacity: 'capacity',
} as const satisfies Record<keyof GroupFieldsInput, string>;

/** "12" → 12; anything that is not plainly a number becomes NaN, which the schema rejects by name. */
function parseNumber(text: string): number {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** Only the options given: the schema's defaults fill the rest, exactly as for the form. */
function groupInputFrom(ctx: CommandContext): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [field, option] of Object.entries(GROUP_FIELD_OPTIONS)) {
    const value = optionalString(ctx, option);
    if (value === undefined) continue;
    input[field] = field === 'capacity' ? parseNumber(value) : value;
  }
  return input;
}

function tableOf(ctx: CommandContext, groups: Group[]): string[] {
  const columns = ['id', 'name', 'platform', 'status', 'owner', 'capacity'] as const;
  const header = columns.map((column) => ctx.t(`cli.columns.${column}`)).join('\t');
  const clean = (value: unknown) => String(value ?? '').replace(/[\t\r\n]+/g, ' ');
  return [header, ...groups.map((group) => columns.map((column) => clean(group[column])).join('\t'))];
}

export const groupCommands: CommandSpec[] = [
  {
    name: 'groups list',
    options: { workspace: { type: 'string' }, json: { type: 'boolean' }, archived: { type: 'boolean' } },
    async run(ctx) {
      const groups = await withWorkspace(workspacePathOf(ctx), 'read', (workspace) => listGroups(workspace.db, { includeArchived: flag(ctx, 'archived') }));
      if (flag(ctx, 'json')) ctx.printJson(groups);
      else if (groups.length === 0) ctx.print(ctx.t('cli.done.noGroups'));
      else for (const line of tableOf(ctx, groups)) ctx.print(line);
    },
  },
  {
    name: 'groups add',
    options: {
      workspace: { type: 'string' },
      json: { type: 'boolean' },
      ...Object.fromEntries(Object.values(GROUP_FIELD_OPTIONS).map((option) => [option, { type: 'string' } as const])),
    },
    fieldOptions: GROUP_FIELD_OPTIONS,
    async run(ctx) {
      const file = workspacePathOf(ctx);
      const parsed = groupFieldsSchema.safeParse(groupInputFrom(ctx));
      if (!parsed.success) throw appFailure('VALIDATION', 'errors.validation', undefined, toFieldIssues(parsed.error));
      const group = await withWorkspace(file, 'write', (workspace) => createGroup(workspace.db, parsed.data, new Date().toISOString()));
      if (flag(ctx, 'json')) ctx.printJson(group);
      else ctx.print(ctx.t('cli.done.groupCreated', { id: group.id, name: group.name }));
    },
  },
];
