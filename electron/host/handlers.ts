import type { EventName, EventPayloads } from '../../shared/contract/channels.ts';
import { listBackups, takeBackup, findBackup, copyWorkspaceTo } from '../db/backup.ts';
import { undoLastChange, listChanges } from '../services/audit/change-log.ts';
import { createGroup, deleteGroup, setGroupArchived, updateGroup } from '../services/groups/group-commands.ts';
import { getGroup, listGroups } from '../services/groups/group-queries.ts';
import { assertRestorableBackup, replaceWorkspaceFile } from '../services/workspace/restore-backup.ts';
import type { HostState } from './host-state.ts';
import { progressReporter } from './job-progress.ts';
import { createMemberHandlers, IMPORT_SLICE_MS } from './member-handlers.ts';
import type { HostOpInput, HostOpName, HostOpOutput } from './protocol.ts';

export type Emit = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export type HostHandlers = { [O in HostOpName]: (input: HostOpInput<O>) => Promise<HostOpOutput<O>> };

const nowIso = (): string => new Date().toISOString();

/** Maps every host operation to its service; the type makes a missing handler a compile error. */
export function createHostHandlers(state: HostState, emit: Emit): HostHandlers {
  const db = () => state.workspace.db;
  return {
    'app.ping': async () => ({ at: nowIso() }),
    'workspace.current': async () => state.info(),
    'workspace.open': async ({ path, create, isDefault }) => {
      const info = await state.open(path, create, isDefault);
      emit('workspace.changed', { workspace: info });
      return info;
    },
    'workspace.copyTo': async ({ path }) => {
      await copyWorkspaceTo(state.workspace.sqlite, path);
      return { path };
    },

    'backups.list': async () => listBackups(state.workspace.path),
    'backups.run': async ({ jobId }) => {
      state.beginJob(jobId);
      try {
        return await takeBackup(state.workspace.sqlite, state.workspace.path, {
          reason: 'manual',
          now: new Date(),
          onProgress: (done, total) => {
            state.throwIfCancelled(jobId);
            emit('job.progress', { jobId, done, total, phaseKey: 'jobs.phase.backup' });
          },
        });
      } finally {
        state.endJob(jobId);
      }
    },
    'backups.restore': async ({ fileName }) => {
      const workspace = state.workspace;
      const backup = findBackup(workspace.path, fileName);
      assertRestorableBackup(backup.path);
      // The state before a restore is itself kept, so a wrong restore can be taken back.
      await takeBackup(workspace.sqlite, workspace.path, { reason: 'before-restore', now: new Date() });
      const isDefault = state.isDefault;
      const workspacePath = await state.closeCurrent();
      try {
        replaceWorkspaceFile(workspacePath, backup.path);
      } finally {
        // Reopen whatever is on disk now, so a failed copy still leaves the operator a working workspace.
        await state.open(workspacePath, false, isDefault);
      }
      const info = await state.info();
      emit('workspace.changed', { workspace: info });
      return info;
    },
    'jobs.cancel': async ({ jobId }) => ({ cancelled: state.cancelJob(jobId) }),

    'groups.list': async (input) => listGroups(db(), input),
    'groups.get': async ({ id }) => getGroup(db(), id),
    'groups.create': async ({ fields }) => createGroup(db(), fields, nowIso()),
    'groups.update': async ({ id, fields }) => updateGroup(db(), id, fields, nowIso()),
    'groups.setArchived': async ({ id, archived }) => setGroupArchived(db(), id, archived, nowIso()),
    'groups.delete': async ({ id }) => deleteGroup(db(), id, nowIso()),

    'history.list': async ({ limit }) => listChanges(db(), limit ?? 50),
    // The last change may be a big import or delete: its rows go a slice at a time, and the host answers reads in between.
    'history.undo': async ({ jobId }) =>
      state.runJob(jobId, (signal) => undoLastChange(db(), nowIso(), { signal, yieldEveryMs: IMPORT_SLICE_MS, onProgress: progressReporter(emit, jobId, 'jobs.phase.undo') })),

    ...createMemberHandlers(state, emit),
  };
}
