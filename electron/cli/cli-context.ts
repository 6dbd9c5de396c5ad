/**
 * What every CLI command gets: its parsed options, the language, output, and the ways to open a
 * workspace. Commands throw; electron/cli/run.ts turns what they throw into one line on stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import type { ErrorParams } from '../../shared/contract/result.ts';
import type { Language } from '../../shared/domain/workspace.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { MIGRATIONS, MIGRATION_NAMES, LATEST_SCHEMA_VERSION } from '../db/migrations/index.ts';
import { openWorkspace, type Workspace } from '../db/workspace.ts';

export type OptionValues = Record<string, string | boolean | undefined>;

export const EXIT_OK = 0;
/** The operation failed: missing or damaged workspace, invalid data... */
export const EXIT_FAILED = 1;
/** The CLI was called wrongly: unknown command or option, missing option. */
export const EXIT_USAGE = 2;

/** A failure the CLI itself detects, with an i18n key (AppFailure covers the services' own). */
export class CliFailure extends Error {
  readonly messageKey: string;
  readonly params: ErrorParams;
  readonly exitCode: number;
  constructor(messageKey: string, params: ErrorParams = {}, exitCode: number = EXIT_FAILED) {
    super(messageKey);
    this.name = 'CliFailure';
    this.messageKey = messageKey;
    this.params = params;
    this.exitCode = exitCode;
  }
}

/** A problem with how the CLI was called (exit code 2). */
export function usageError(messageKey: string, params: ErrorParams = {}): CliFailure {
  return new CliFailure(messageKey, params, EXIT_USAGE);
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** One line of progress that replaces the last one; '' clears it. Only where someone watches (a terminal). */
  status?(line: string): void;
}

export interface CommandContext {
  /** "groups add", for messages. */
  command: string;
  values: OptionValues;
  /** The command's positional arguments by name (see CommandSpec.positionals). */
  args: Readonly<Record<string, string>>;
  language: Language;
  t(key: string, params?: ErrorParams): string;
  /** Writes one line to stdout. */
  print(line: string): void;
  printJson(value: unknown): void;
  /** A progress line for a terminal (see CliIo.status); nothing when output goes to a file or a pipe. */
  status(line: string): void;
}

export function createContext(command: string, values: OptionValues, language: Language, io: CliIo, args: Readonly<Record<string, string>> = {}): CommandContext {
  return {
    command,
    values,
    args,
    language,
    t: (key, params) => translate(language, key, params),
    print: (line) => io.stdout(`${line}\n`),
    printJson: (value) => io.stdout(`${JSON.stringify(value)}\n`),
    status: (line) => io.status?.(line),
  };
}

export function requireString(ctx: CommandContext, name: string): string {
  const value = ctx.values[name];
  if (typeof value !== 'string' || value.trim() === '') throw usageError('cli.errors.missingOption', { option: `--${name}` });
  return value;
}

export function optionalString(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flag(ctx: CommandContext, name: string): boolean {
  return ctx.values[name] === true;
}

/** The --workspace file, resolved against the current directory. */
export function workspacePathOf(ctx: CommandContext): string {
  return path.resolve(requireString(ctx, 'workspace'));
}

/**
 * Migrations this build knows but the file has not had yet, read without changing anything.
 * Anything unusual (missing file, not a database, damaged) returns [] and is left to openWorkspace,
 * which reports it properly.
 */
export function pendingMigrations(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  let sqlite: Sqlite.Database | null = null;
  try {
    // A normal (not read-only) connection: closing it removes the -wal/-shm files it opened.
    sqlite = new Sqlite(file, { fileMustExist: true });
    const table = sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'kysely_migration'").get();
    if (!table) return [];
    const applied = (sqlite.prepare('SELECT name FROM kysely_migration').all() as Array<{ name: string }>).map((row) => row.name);
    if (applied.some((name) => !(name in MIGRATIONS))) return [];
    return MIGRATION_NAMES.filter((name) => !applied.includes(name));
  } catch {
    return [];
  } finally {
    sqlite?.close();
  }
}

export type OpenMode =
  /** Look only: no file created, no migration, no backup. */
  | 'read'
  /** Change data: migrates an older workspace (after a backup) and takes the day's first backup. */
  | 'write'
  /** Bring an older workspace to the current schema (a backup is taken first). */
  | 'upgrade';

/** Opens an existing workspace for one command and always closes it again. */
export async function withWorkspace<T>(file: string, mode: OpenMode, run: (workspace: Workspace) => Promise<T>): Promise<T> {
  if (mode === 'read') {
    const pending = pendingMigrations(file);
    if (pending.length > 0) {
      throw new CliFailure('cli.errors.needsUpgrade', { path: file, version: LATEST_SCHEMA_VERSION - pending.length, latest: LATEST_SCHEMA_VERSION });
    }
  }
  const workspace = await openWorkspace(file, { create: false, dailyBackup: mode === 'write' });
  try {
    return await run(workspace);
  } finally {
    await workspace.close();
  }
}

