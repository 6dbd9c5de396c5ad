/** init, stats, backup, check, upgrade: whole-workspace commands. */
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { copyWorkspaceTo } from '../../db/backup.ts';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index.ts';
import { integrityProblems, openWorkspace } from '../../db/workspace.ts';
import { countEntities } from '../../services/workspace/workspace-stats.ts';
import { CliFailure, flag, pendingMigrations, requireString, usageError, withWorkspace, workspacePathOf, type CommandContext } from '../cli-context.ts';
import type { CommandSpec } from '../command-spec.ts';

const workspaceOption = { workspace: { type: 'string' } } as const;

function sameFile(a: string, b: string): boolean {
  const real = (file: string) => (fs.existsSync(file) ? fs.realpathSync(file) : path.resolve(file));
  return real(a) === real(b);
}

function failIntegrity(file: string, problems: string[]): void {
  if (problems.length > 0) throw new CliFailure('cli.errors.integrity', { path: file, problem: problems[0] ?? '', count: problems.length });
}

/** integrity_check on a workspace that openWorkspace would first migrate; looks only. */
function checkOlderWorkspace(file: string): void {
  const sqlite = new Sqlite(file, { fileMustExist: true });
  try {
    failIntegrity(file, integrityProblems(sqlite, 'integrity_check'));
  } finally {
    sqlite.close();
  }
}

export const workspaceCommands: CommandSpec[] = [
  {
    name: 'init',
    options: workspaceOption,
    async run(ctx: CommandContext) {
      const file = workspacePathOf(ctx);
      if (fs.existsSync(file)) throw new CliFailure('cli.errors.alreadyExists', { path: file });
      const workspace = await openWorkspace(file, { create: true, dailyBackup: false });
      await workspace.close();
      ctx.print(ctx.t('cli.done.initialized', { path: file }));
    },
  },
  {
    name: 'stats',
    options: { ...workspaceOption, json: { type: 'boolean' } },
    async run(ctx) {
      const counts = await withWorkspace(workspacePathOf(ctx), 'read', (workspace) => countEntities(workspace.db));
      if (flag(ctx, 'json')) ctx.printJson(counts);
      else for (const [entity, count] of Object.entries(counts)) ctx.print(`${entity}: ${count}`);
    },
  },
  {
    name: 'backup',
    options: { ...workspaceOption, out: { type: 'string' }, force: { type: 'boolean' } },
    async run(ctx) {
      const file = workspacePathOf(ctx);
      const out = path.resolve(requireString(ctx, 'out'));
      if (sameFile(out, file)) throw usageError('cli.errors.sameFile');
      if (fs.existsSync(out) && !flag(ctx, 'force')) throw new CliFailure('cli.errors.outExists', { path: out });
      await withWorkspace(file, 'read', (workspace) => copyWorkspaceTo(workspace.sqlite, out));
      ctx.print(ctx.t('cli.done.backupWritten', { path: file, out }));
    },
  },
  {
    name: 'check',
    options: workspaceOption,
    async run(ctx) {
      const file = workspacePathOf(ctx);
      if (pendingMigrations(file).length > 0) checkOlderWorkspace(file);
      else await withWorkspace(file, 'read', async (workspace) => failIntegrity(file, integrityProblems(workspace.sqlite, 'integrity_check')));
      ctx.print(ctx.t('cli.done.checkOk', { path: file }));
    },
  },
  {
    name: 'upgrade',
    options: workspaceOption,
    async run(ctx) {
      const file = workspacePathOf(ctx);
      const pending = pendingMigrations(file);
      await withWorkspace(file, 'upgrade', async () => undefined);
      ctx.print(ctx.t(pending.length > 0 ? 'cli.done.upgraded' : 'cli.done.upToDate', { path: file, version: LATEST_SCHEMA_VERSION }));
    },
  },
];
