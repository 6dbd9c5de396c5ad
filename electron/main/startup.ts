/**
 * Which workspace the app opens at start. The last workspace if it still opens, else the operator
 * decides what happens, in a dialog that says what is wrong: open the default workspace, look at the
 * backups, choose another file, or quit. A damaged or foreign file is never replaced or "repaired"
 * silently. The Electron dialogs are injected, so every path through here is unit-tested.
 */
import path from 'node:path';
import { AppFailure, type AppError } from '../../shared/contract/result.ts';

export type StartupChoice = 'restoreBackup' | 'openDefault' | 'showBackups' | 'chooseOther' | 'quit';

export interface StartupProblem {
  path: string;
  isDefault: boolean;
  error: AppError;
  /** The choices to offer, in order; the first is the default button. */
  choices: StartupChoice[];
}

export interface StartOptions {
  create: boolean;
  isDefault: boolean;
  /** Replace a damaged workspace with its newest usable backup before opening (the damaged file is kept aside). */
  restoreLatestBackup?: true;
}

export interface StartupDeps<H> {
  lastWorkspace: string | null;
  defaultWorkspacePath: string;
  /** Starts the service host on a workspace; throws (an AppFailure when the workspace is the problem). */
  start(workspacePath: string, options: StartOptions): Promise<H>;
  ask(problem: StartupProblem): Promise<StartupChoice>;
  chooseWorkspace(): Promise<string | null>;
  /** The workspace's backups folder when it exists, else null (then "show backups" is not offered). */
  backupsFolderOf(workspacePath: string): string | null;
  showFolder(folder: string): Promise<void>;
}

export interface StartupResult<H> {
  host: H;
  path: string;
  isDefault: boolean;
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) return error.appError;
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', messageKey: 'errors.internal', params: { detail: detail.slice(0, 300) } };
}

const same = (a: string, b: string): boolean => path.resolve(a) === path.resolve(b);

/** Returns the started host, or null when the operator chose to quit. */
export async function openInitialWorkspace<H>(deps: StartupDeps<H>): Promise<StartupResult<H> | null> {
  let candidate = deps.lastWorkspace ?? deps.defaultWorkspacePath;
  let restore = false;
  for (;;) {
    const isDefault = same(candidate, deps.defaultWorkspacePath);
    try {
      // Only the default workspace is created on demand (first run); any other path must exist.
      const options: StartOptions = { create: isDefault && !restore, isDefault };
      if (restore) options.restoreLatestBackup = true;
      const host = await deps.start(candidate, options);
      return { host, path: candidate, isDefault };
    } catch (error) {
      const appError = toAppError(error);
      const backups = deps.backupsFolderOf(candidate);
      const choices: StartupChoice[] = [];
      // A damaged workspace with backups: restoring the newest good one is the way out, so it comes first.
      if (appError.code === 'WORKSPACE_CORRUPT' && backups !== null) choices.push('restoreBackup');
      if (!isDefault) choices.push('openDefault');
      if (backups !== null) choices.push('showBackups');
      choices.push('chooseOther', 'quit');
      const problem: StartupProblem = { path: candidate, isDefault, error: appError, choices };

      let next: string | null = null;
      restore = false;
      while (next === null) {
        const choice = await deps.ask(problem);
        if (choice === 'quit') return null;
        if (choice === 'restoreBackup') {
          restore = true;
          next = candidate;
        } else if (choice === 'openDefault') next = deps.defaultWorkspacePath;
        else if (choice === 'chooseOther') next = await deps.chooseWorkspace();
        else if (choice === 'showBackups' && backups !== null) await deps.showFolder(backups);
      }
      candidate = next;
    }
  }
}
