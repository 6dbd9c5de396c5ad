import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFailure } from '../../../shared/contract/result.ts';
import { openInitialWorkspace, type StartupChoice, type StartupDeps, type StartupProblem } from '../../../electron/main/startup.ts';

const DEFAULT = path.resolve('/userdata/workspaces/default.sqlite');
const LAST = path.resolve('/work/team.sqlite');
const OTHER = path.resolve('/work/other.sqlite');

interface Script {
  last: string | null;
  /** Per path: what starting it does. */
  outcomes: Record<string, Error | 'ok'>;
  answers: StartupChoice[];
  chosenFiles?: Array<string | null>;
  backups?: Record<string, string>;
}

function harness(script: Script) {
  const started: Array<{ path: string; create: boolean; isDefault: boolean }> = [];
  const asked: StartupProblem[] = [];
  const shownFolders: string[] = [];
  const deps: StartupDeps<string> = {
    lastWorkspace: script.last,
    defaultWorkspacePath: DEFAULT,
    async start(workspacePath, options) {
      started.push({ path: workspacePath, ...options });
      const outcome = script.outcomes[workspacePath] ?? 'ok';
      if (outcome !== 'ok') throw outcome;
      return `host:${workspacePath}`;
    },
    async ask(problem) {
      asked.push(problem);
      const answer = script.answers.shift();
      if (!answer) throw new Error('asked more often than scripted');
      return answer;
    },
    async chooseWorkspace() {
      return script.chosenFiles?.shift() ?? null;
    },
    backupsFolderOf: (workspacePath) => script.backups?.[workspacePath] ?? null,
    async showFolder(folder) {
      shownFolders.push(folder);
    },
  };
  return { deps, started, asked, shownFolders };
}

const corrupt = () => appFailure('WORKSPACE_CORRUPT', 'errors.workspaceCorrupt', { path: LAST });

describe('openInitialWorkspace', () => {
  it('creates and opens the default workspace on first run', async () => {
    const h = harness({ last: null, outcomes: {}, answers: [] });
    await expect(openInitialWorkspace(h.deps)).resolves.toEqual({ host: `host:${DEFAULT}`, path: DEFAULT, isDefault: true });
    expect(h.started).toEqual([{ path: DEFAULT, create: true, isDefault: true }]);
    expect(h.asked).toEqual([]);
  });

  it('reopens the last workspace without creating it', async () => {
    const h = harness({ last: LAST, outcomes: {}, answers: [] });
    await expect(openInitialWorkspace(h.deps)).resolves.toMatchObject({ path: LAST, isDefault: false });
    expect(h.started).toEqual([{ path: LAST, create: false, isDefault: false }]);
  });

  it('explains a damaged last workspace and offers the default workspace and its backups; never retries it silently', async () => {
    const h = harness({ last: LAST, outcomes: { [LAST]: corrupt() }, answers: ['showBackups', 'openDefault'], backups: { [LAST]: '/work/team.backups' } });
    await expect(openInitialWorkspace(h.deps)).resolves.toMatchObject({ path: DEFAULT, isDefault: true });
    expect(h.asked).toHaveLength(2);
    expect(h.asked[0]).toMatchObject({ path: LAST, isDefault: false, error: { code: 'WORKSPACE_CORRUPT' }, choices: ['restoreBackup', 'openDefault', 'showBackups', 'chooseOther', 'quit'] });
    expect(h.shownFolders).toEqual(['/work/team.backups']);
    expect(h.started.map((start) => [start.path, start.create])).toEqual([
      [LAST, false],
      [DEFAULT, true],
    ]);
  });

  it('reports a missing last workspace and lets the operator pick another file', async () => {
    const missing = appFailure('WORKSPACE_NOT_FOUND', 'errors.workspaceNotFound', { path: LAST });
    const h = harness({ last: LAST, outcomes: { [LAST]: missing }, answers: ['chooseOther', 'chooseOther'], chosenFiles: [null, OTHER] });
    await expect(openInitialWorkspace(h.deps)).resolves.toMatchObject({ path: OTHER });
    // A cancelled file dialog asks again instead of guessing.
    expect(h.asked).toHaveLength(2);
    expect(h.asked[0]?.choices).toEqual(['openDefault', 'chooseOther', 'quit']);
    expect(h.started.at(-1)).toEqual({ path: OTHER, create: false, isDefault: false });
  });

  it('does not offer the default workspace when the default itself fails, and quits on request', async () => {
    const damaged = appFailure('WORKSPACE_CORRUPT', 'errors.workspaceCorrupt', { path: DEFAULT });
    const h = harness({ last: DEFAULT, outcomes: { [DEFAULT]: damaged }, answers: ['quit'], backups: { [DEFAULT]: '/userdata/workspaces/default.backups' } });
    await expect(openInitialWorkspace(h.deps)).resolves.toBeNull();
    expect(h.asked[0]).toMatchObject({ isDefault: true, choices: ['restoreBackup', 'showBackups', 'chooseOther', 'quit'] });
    expect(h.started).toHaveLength(1);
  });

  it('keeps asking while the chosen files fail too, and turns unexpected errors into an internal error', async () => {
    const newer = appFailure('WORKSPACE_NEWER', 'errors.workspaceNewer', { path: OTHER });
    const h = harness({ last: LAST, outcomes: { [LAST]: new Error('worker crashed'), [OTHER]: newer }, answers: ['chooseOther', 'openDefault'], chosenFiles: [OTHER] });
    await expect(openInitialWorkspace(h.deps)).resolves.toMatchObject({ path: DEFAULT });
    expect(h.asked.map((problem) => problem.error.code)).toEqual(['INTERNAL', 'WORKSPACE_NEWER']);
    expect(h.asked[0]?.error.params).toEqual({ detail: 'worker crashed' });
  });
});

describe('restoring a damaged workspace at startup', () => {
  it('offers the newest good backup first, and reopens the same workspace with the restore flag', async () => {
    const h = harness({ last: LAST, outcomes: {}, answers: ['restoreBackup'], backups: { [LAST]: '/work/team.backups' } });
    const start = h.deps.start;
    h.deps.start = async (workspacePath, options) => {
      if (!options.restoreLatestBackup) throw corrupt();
      return start(workspacePath, options);
    };
    await expect(openInitialWorkspace(h.deps)).resolves.toMatchObject({ path: LAST, isDefault: false });
    expect(h.asked[0]?.choices[0]).toBe('restoreBackup');
    expect(h.started).toEqual([{ path: LAST, create: false, isDefault: false, restoreLatestBackup: true }]);
  });

  it('does not offer a restore when the workspace has no backups folder, or is not damaged', async () => {
    const noBackups = harness({ last: LAST, outcomes: { [LAST]: corrupt() }, answers: ['quit'] });
    await openInitialWorkspace(noBackups.deps);
    expect(noBackups.asked[0]?.choices).not.toContain('restoreBackup');
    const newer = appFailure('WORKSPACE_NEWER', 'errors.workspaceNewer', { path: LAST });
    const notDamaged = harness({ last: LAST, outcomes: { [LAST]: newer }, answers: ['quit'], backups: { [LAST]: '/work/team.backups' } });
    await openInitialWorkspace(notDamaged.deps);
    expect(notDamaged.asked[0]?.choices).not.toContain('restoreBackup');
  });
});
