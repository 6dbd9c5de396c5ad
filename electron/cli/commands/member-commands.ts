/**
 * import members <file> | export members: the same import reader, member store and xlsx export as the
 * app. Scripts depend on the exact forms and on `import members --json` printing ONE JSON object:
 *   {"created":n,"updated":n,"skipped":n,"problems":[{"row":r,"column":"…","value":"…","message":"…"}]}
 * Every data row of the file (blank and summary rows aside) is counted once: created (a new member),
 * updated (an existing member it changed) or skipped (it matched someone and brought nothing new, it
 * repeats a person an earlier row of the file brought in, --on-duplicate skip left it alone, or it could
 * not be imported at all; those are in problems with the reason).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppFailure } from '../../../shared/contract/result.ts';
import type { DuplicatePolicy } from '../../../shared/domain/member.ts';
import type { ImportFileOutcome } from '../../services/member-io/import-file.ts';
import { problemText } from '../../services/member-io/problem-text.ts';
import { CliFailure, EXIT_USAGE, flag, optionalString, requireString, usageError, withWorkspace, workspacePathOf, type CommandContext } from '../cli-context.ts';
import type { CommandSpec } from '../command-spec.ts';

/**
 * --on-duplicate: "update" applies the file's values to the member it matches (every non-empty cell
 * replaces what is stored; an empty cell never clears anything), "skip" leaves existing members alone.
 */
export const ON_DUPLICATE_POLICIES: Readonly<Record<string, DuplicatePolicy>> = { update: 'overwrite', skip: 'skip' };
const MAX_LISTED_PROBLEMS = 20;

export interface ImportSummary {
  created: number;
  updated: number;
  skipped: number;
  problems: Array<{ row: number; column: string; value: string; message: string }>;
}

/**
 * The import and export services load ExcelJS, the pinyin dictionary and the readers: loaded when a
 * member command runs, so `--help`, `stats` or `groups list` do not pay for them.
 */
const exportServices = async () => {
  const [memberExport, language] = await Promise.all([import('../../services/exports/member-export.ts'), import('../../services/exports/workspace-language.ts')]);
  return { ...memberExport, ...language };
};
const importWorker = () => import('../import-worker.ts');

export function importSummary(ctx: CommandContext, outcome: ImportFileOutcome): ImportSummary {
  const { result } = outcome;
  return {
    created: result.created,
    updated: result.updated,
    skipped: result.unchanged + result.skipped + result.mergedInFile + result.conflicts + result.empty + outcome.rejectedRows,
    problems: outcome.problems.map((problem) => ({
      row: problem.row,
      column: problem.column,
      value: problem.value,
      message: problemText(ctx.language, { ...problem, column: '' }),
    })),
  };
}

/** A file that cannot be imported: exit 2, one line saying why and what to do; nothing was changed. */
function unreadable(ctx: CommandContext, error: unknown): unknown {
  if (!(error instanceof AppFailure) || !error.appError.messageKey.startsWith('importer.errors.')) return error;
  const { messageKey, params, issues } = error.appError;
  const details = (issues ?? []).map((issue) => ctx.t(issue.messageKey, issue.params));
  const detail = [ctx.t(messageKey, params), ...details].join(' ');
  return new CliFailure('cli.errors.cannotImport', { detail }, EXIT_USAGE);
}

function policyOf(ctx: CommandContext): DuplicatePolicy {
  const given = optionalString(ctx, 'on-duplicate') ?? 'update';
  const policy = ON_DUPLICATE_POLICIES[given];
  if (policy === undefined) throw usageError('cli.errors.badChoice', { option: '--on-duplicate', value: given, choices: Object.keys(ON_DUPLICATE_POLICIES).join(', ') });
  return policy;
}

/** 30,000 rather than 30000: both languages group thousands with commas. */
const count = (value: number): string => value.toLocaleString('en-US');

function printSummary(ctx: CommandContext, file: string, summary: ImportSummary): void {
  ctx.print(ctx.t('cli.done.membersImported', { file: path.basename(file), created: count(summary.created), updated: count(summary.updated), skipped: count(summary.skipped) }));
  if (summary.problems.length === 0) return;
  ctx.print(ctx.t('cli.done.importProblems', { count: count(summary.problems.length) }));
  for (const problem of summary.problems.slice(0, MAX_LISTED_PROBLEMS)) {
    const where = problem.column === '' ? ctx.t('cli.done.problemRow', { row: problem.row }) : ctx.t('cli.done.problemCell', { row: problem.row, column: problem.column });
    ctx.print(`  ${where}: ${problem.message}`.replace(/[\r\n]+/g, ' '));
  }
  if (summary.problems.length > MAX_LISTED_PROBLEMS) ctx.print(ctx.t('cli.done.moreProblems', { count: count(summary.problems.length - MAX_LISTED_PROBLEMS) }));
}

export const memberCommands: CommandSpec[] = [
  {
    name: 'import members',
    positionals: ['file'],
    options: { workspace: { type: 'string' }, sheet: { type: 'string' }, 'on-duplicate': { type: 'string' }, json: { type: 'boolean' } },
    async run(ctx) {
      const file = path.resolve(ctx.args.file ?? '');
      const workspace = workspacePathOf(ctx);
      const policy = policyOf(ctx);
      const sheet = optionalString(ctx, 'sheet');
      if (!fs.existsSync(workspace)) throw new CliFailure('errors.workspaceNotFound', { path: workspace });
      const { runImportInWorker, ImportFailure } = await importWorker();
      // The worker reads the file first: one that cannot be read is refused before the workspace is opened.
      let outcome: ImportFileOutcome;
      try {
        outcome = await runImportInWorker({ file, workspace, policy, ...(sheet === undefined ? {} : { sheet }) }, (progress) =>
          ctx.status(`${ctx.t(progress.phaseKey)}… ${Math.floor((progress.done / Math.max(1, progress.total)) * 100)}%`),
        );
      } catch (error) {
        throw unreadable(ctx, error instanceof ImportFailure ? error.thrown : error);
      } finally {
        ctx.status('');
      }
      const summary = importSummary(ctx, outcome);
      if (flag(ctx, 'json')) ctx.printJson(summary);
      else printSummary(ctx, file, summary);
    },
  },
  {
    /** Every member, one row each, oldest first; headers in the workspace's language (see workspace-language.ts). */
    name: 'export members',
    options: { workspace: { type: 'string' }, out: { type: 'string' } },
    async run(ctx) {
      const workspace = workspacePathOf(ctx);
      const out = path.resolve(requireString(ctx, 'out'));
      const same = (a: string, b: string) => path.resolve(a) === path.resolve(b);
      if ([workspace, `${workspace}-wal`, `${workspace}-shm`].some((file) => same(file, out))) throw usageError('cli.errors.sameFile');
      const { exportMembers, readWorkspaceLanguage } = await exportServices();
      const written = await withWorkspace(workspace, 'read', (open) => exportMembers(open, { path: out, sort: { field: 'createdAt', direction: 'asc' }, language: readWorkspaceLanguage(open.sqlite) }));
      ctx.print(ctx.t('cli.done.membersExported', { rows: count(written.rows), out }));
    },
  },
];
