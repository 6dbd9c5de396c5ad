import { groupCommands } from './commands/group-commands.ts';
import { memberCommands } from './commands/member-commands.ts';
import { workspaceCommands } from './commands/workspace-commands.ts';
import type { CommandSpec } from './command-spec.ts';

/** Every CLI command. A new one (e.g. "import members") is a CommandSpec added here. */
export const COMMANDS: readonly CommandSpec[] = [...workspaceCommands, ...groupCommands, ...memberCommands];
