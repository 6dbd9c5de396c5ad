import type { ParseArgsOptionsConfig } from 'node:util';
import type { CommandContext } from './cli-context.ts';

/**
 * One CLI command. `name` is the words typed before the options ("groups add"); a later
 * "import members" or "export members" is one more entry in COMMANDS (electron/cli/commands.ts).
 */
export interface CommandSpec {
  name: string;
  /** Names of the arguments that follow the command words ("import members <file>" → ['file']), in order. */
  positionals?: readonly string[];
  /** Options beyond the common --lang and --help; parsed strictly with node:util parseArgs. */
  options: ParseArgsOptionsConfig;
  /** Maps a field path in a validation error to the option that set it ("targetMembers" → "target-members"). */
  fieldOptions?: Readonly<Record<string, string>>;
  run(ctx: CommandContext): Promise<void>;
}
