/**
 * Runs one CLI invocation: find the command, parse its options strictly, run it, and turn any
 * failure into exactly one human line on stderr and a non-zero exit code. Never a stack trace.
 */
import path from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { AppFailure, type AppError } from '../../shared/contract/result.ts';
import { GROUP_PLATFORMS } from '../../shared/domain/group.ts';
import { LANGUAGES, type Language } from '../../shared/domain/workspace.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { CliFailure, createContext, EXIT_FAILED, EXIT_OK, EXIT_USAGE, usageError, type CliIo } from './cli-context.ts';
import type { CommandSpec } from './command-spec.ts';
import { COMMANDS } from './commands.ts';

export const DEFAULT_CLI_LANGUAGE: Language = 'en';

const COMMON_OPTIONS = { help: { type: 'boolean', short: 'h' } } as const satisfies ParseArgsOptionsConfig;

/**
 * --lang may stand anywhere (also before the command). It is taken out first, so even errors about
 * the other arguments speak the chosen language.
 */
function takeLanguage(args: readonly string[]): { language: Language | { unsupported: string }; rest: string[] } {
  let value: string | undefined;
  const rest: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '--lang') value = args[++index] ?? '';
    else if (arg.startsWith('--lang=')) value = arg.slice('--lang='.length);
    else rest.push(arg);
  }
  if (value === undefined) return { language: DEFAULT_CLI_LANGUAGE, rest };
  return { language: (LANGUAGES as readonly string[]).includes(value) ? (value as Language) : { unsupported: value }, rest };
}

/** The command is the words before the first option: "groups add --name X" → "groups add". */
function splitCommand(args: readonly string[]): { words: string[]; rest: string[] } {
  const firstOption = args.findIndex((arg) => arg.startsWith('-'));
  const end = firstOption === -1 ? args.length : firstOption;
  return { words: args.slice(0, end), rest: args.slice(end) };
}

/** The command the words name; a command with positionals takes the words after its name as them. */
function findCommand(words: readonly string[]): { command: CommandSpec; extra: string[] } | undefined {
  const name = words.join(' ');
  const exact = COMMANDS.find((command) => command.name === name);
  if (exact) return { command: exact, extra: [] };
  for (const command of COMMANDS) {
    const parts = command.name.split(' ');
    if (command.positionals && words.length > parts.length && parts.every((part, index) => words[index] === part)) return { command, extra: words.slice(parts.length) };
  }
  return undefined;
}

/** The positional arguments by name; a missing or an extra one is a usage error. */
function namedArgs(command: CommandSpec, given: readonly string[]): Record<string, string> {
  const names = command.positionals ?? [];
  if (given.length > names.length) throw usageError('cli.errors.unexpectedArgument', { value: given[names.length] ?? '' });
  const missing = names[given.length];
  if (missing !== undefined) throw usageError('cli.errors.missingArgument', { command: command.name, argument: `<${missing}>` });
  return Object.fromEntries(names.map((name, index) => [name, given[index] ?? '']));
}

function parseError(error: unknown, command: string): CliFailure {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const option = quoted.split(' ')[0] ?? quoted;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return usageError('cli.errors.unknownOption', { command, option });
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return usageError('cli.errors.optionNeedsValue', { option });
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return usageError('cli.errors.unexpectedArgument', { value: quoted });
  return usageError('cli.errors.badArguments', { detail: message.split('\n')[0] ?? message });
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function describeAppError(error: AppError, language: Language, command: CommandSpec | undefined): string {
  const t = (key: string, params?: Record<string, string | number>) => translate(language, key, params);
  if (error.issues && error.issues.length > 0) {
    return error.issues
      .map((issue) => {
        const field = issue.path.split('.')[0] ?? issue.path;
        const option = `--${command?.fieldOptions?.[field] ?? field}`;
        return t('cli.errors.invalidOption', { option, message: t(issue.messageKey, issue.params) });
      })
      .join('; ');
  }
  return t(error.messageKey, error.params);
}

/** SQLite errors that escape the workspace checks (a page damaged deeper in the file) still get a plain message. */
function describeSqliteError(error: unknown, workspace: string | undefined, language: Language): string | null {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const file = workspace ? path.resolve(workspace) : '';
  if (code.startsWith('SQLITE_CORRUPT')) return translate(language, 'errors.workspaceCorrupt', { path: file });
  if (code === 'SQLITE_NOTADB') return translate(language, 'errors.notAWorkspace', { path: file });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return translate(language, 'errors.workspaceLocked', { path: file });
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR')) {
    return translate(language, 'errors.cannotOpen', { path: file });
  }
  return null;
}

/** Runs the CLI; resolves to the exit code. Output goes through `io` (process streams in main.ts). */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const taken = takeLanguage(args);
  if (typeof taken.language !== 'string') {
    io.stderr(`${translate(DEFAULT_CLI_LANGUAGE, 'cli.errors.unsupportedLanguage', { lang: taken.language.unsupported })}\n`);
    return EXIT_USAGE;
  }
  const language = taken.language;
  const { words, rest } = splitCommand(taken.rest);
  const wantsHelp = words[0] === 'help' || rest.includes('--help') || rest.includes('-h');
  if (wantsHelp) {
    io.stdout(`${translate(language, 'cli.usage', { platforms: GROUP_PLATFORMS.join(', ') })}\n`);
    return EXIT_OK;
  }

  let command: CommandSpec | undefined;
  let workspace: string | undefined;
  try {
    if (words.length === 0) throw usageError('cli.errors.noCommand');
    const found = findCommand(words);
    if (!found) throw usageError('cli.errors.unknownCommand', { command: words.join(' ') });
    command = found.command;
    let values: Record<string, string | boolean | undefined>;
    let positionals: string[];
    try {
      const parsed = parseArgs({ args: [...rest], options: { ...COMMON_OPTIONS, ...command.options }, strict: true, allowPositionals: command.positionals !== undefined });
      values = parsed.values as Record<string, string | boolean | undefined>;
      positionals = [...found.extra, ...parsed.positionals];
    } catch (error) {
      throw parseError(error, command.name);
    }
    const args = namedArgs(command, positionals);
    workspace = typeof values.workspace === 'string' ? values.workspace : undefined;
    await command.run(createContext(command.name, values, language, io, args));
    return EXIT_OK;
  } catch (error) {
    let line: string;
    let exitCode = EXIT_FAILED;
    if (error instanceof CliFailure) {
      line = translate(language, error.messageKey, error.params);
      exitCode = error.exitCode;
    } else if (error instanceof AppFailure) {
      line = describeAppError(error.appError, language, command);
    } else {
      const detail = error instanceof Error ? error.message : String(error);
      line = describeSqliteError(error, workspace, language) ?? translate(language, 'cli.errors.unexpected', { detail: detail.slice(0, 300) });
    }
    io.stderr(`${oneLine(line)}\n`);
    return exitCode;
  }
}
