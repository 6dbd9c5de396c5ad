/**
 * The members part of the service host: every member channel mapped to its service, plus the internal
 * operations main uses for file work (preview, commit, export) once the operator picked the file.
 * Reads go to the read connection (committed data only), writes to the workspace connection.
 */
import Sqlite from 'better-sqlite3';
import type { BulkResult, MemberTarget } from '../../shared/domain/member.ts';
import type { BulkAction } from '../../shared/contract/member-channels.ts';
import { exportMembers } from '../services/exports/member-export.ts';
import { exportImportProblems } from '../services/exports/problem-export.ts';
import { writeWorkspaceLanguage } from '../services/exports/workspace-language.ts';
import { commitImportFile, openImportFile } from '../services/member-io/import-file.ts';
import { previewImportFile } from '../services/member-io/preview-file.ts';
import { addMembersToGroup, deleteMembers, removeMembersFromGroup, setMembersStage, tagMembers, untagMembers } from '../services/members/bulk-actions.ts';
import { getDirectoryWindow } from '../services/members/directory-queries.ts';
import { listFilterOptions } from '../services/members/directory-rows.ts';
import { dismissDuplicate, findDuplicatePairs, findDuplicatesFor } from '../services/members/duplicates.ts';
import { listImportBatches, listImportTemplates, saveImportTemplate, undoImport } from '../services/members/import-history.ts';
import { createMember, saveMembership, updateMember } from '../services/members/member-commands.ts';
import { memberEditFromForm, normaliseMemberForm } from '../services/members/member-form.ts';
import { getMemberProfile } from '../services/members/member-queries.ts';
import type { JobStepOptions } from '../services/jobs/job-steps.ts';
import type { MemberReader, MemberStore } from '../services/members/member-store.ts';
import { mergeMembers } from '../services/members/merge.ts';
import { createSegment, deleteSegment, listSegments, updateSegment } from '../services/members/segments.ts';
import { listTags } from '../services/members/tags.ts';
import { loadSampleData, removeSampleData } from '../services/sample-data/sample-data.ts';
import type { Emit, HostHandlers } from './handlers.ts';
import type { HostState } from './host-state.ts';
import { IMPORT_FINISHING, IMPORT_READING, progressReporter } from './job-progress.ts';

/** Members the "load sample data" button makes: a living directory at once, loaded in a second or two. */
export const SAMPLE_MEMBER_COUNT = 3_000;
/** Import rows between the store's progress reports and cancel checks. */
export const IMPORT_CHUNK_ROWS = 500;
/**
 * At most this long reading and storing rows before the host's thread turns to other calls: a
 * directory page asked for during a big import waits a few milliseconds, not the whole import.
 */
export const IMPORT_SLICE_MS = 8;

export type MemberHostOp =
  | 'members.window'
  | 'members.filterOptions'
  | 'members.profile'
  | 'members.create'
  | 'members.update'
  | 'members.checkDuplicates'
  | 'members.saveMembership'
  | 'members.bulk'
  | 'members.duplicates'
  | 'members.merge'
  | 'members.dismissDuplicate'
  | 'tags.list'
  | 'segments.list'
  | 'segments.save'
  | 'segments.delete'
  | 'sample.load'
  | 'sample.remove'
  | 'importer.history'
  | 'importer.undo'
  | 'importer.templates'
  | 'importer.saveTemplate'
  | 'importer.readPreview'
  | 'importer.runCommit'
  | 'importer.writeProblems'
  | 'members.writeExport'
  | 'workspace.setLanguage';

/** What the progress dialog of each bulk action says it is doing. */
const BULK_PHASE: Record<BulkAction['kind'], string> = {
  tag: 'jobs.phase.bulkTag',
  untag: 'jobs.phase.bulkUntag',
  addToGroup: 'jobs.phase.bulkAddToGroup',
  removeFromGroup: 'jobs.phase.bulkRemoveFromGroup',
  setStage: 'jobs.phase.bulkStage',
  delete: 'jobs.phase.bulkDelete',
};

function runBulk(store: MemberStore, target: MemberTarget, action: BulkAction, steps: JobStepOptions): Promise<BulkResult> {
  switch (action.kind) {
    case 'tag':
      return tagMembers(store, target, action.tagNames, steps);
    case 'untag':
      return untagMembers(store, target, action.tagIds, steps);
    case 'addToGroup':
      return addMembersToGroup(store, target, action.groupId, { ...steps, ...(action.role ? { role: action.role } : {}), ...(action.joinedOn ? { joinedOn: action.joinedOn } : {}) });
    case 'removeFromGroup':
      return removeMembersFromGroup(store, target, action.groupId, { ...steps, ...(action.leftOn ? { leftOn: action.leftOn } : {}) });
    case 'setStage':
      return setMembersStage(store, target, action.stage, steps);
    case 'delete':
      return deleteMembers(store, target, steps);
  }
}

/**
 * Runs `work` on its own query-only connection inside one read transaction: a long export sees the
 * workspace as it was when it started, even if the operator edits members meanwhile.
 */
async function withSnapshot<T>(file: string, work: (reader: MemberReader) => Promise<T>): Promise<T> {
  const sqlite = new Sqlite(file, { fileMustExist: true });
  try {
    sqlite.pragma('query_only = ON');
    sqlite.exec('BEGIN');
    try {
      return await work({ sqlite });
    } finally {
      sqlite.exec('COMMIT');
    }
  } finally {
    sqlite.close();
  }
}

function countGroups(reader: MemberReader): number {
  return (reader.sqlite.prepare('SELECT count(*) AS n FROM groups').get() as { n: number }).n;
}

export function createMemberHandlers(state: HostState, emit: Emit): Pick<HostHandlers, MemberHostOp> {
  const store = () => state.members;
  const reader = () => state.memberReader;
  return {
    'members.window': async ({ filter, sort, start, limit, countLater }) => getDirectoryWindow(reader(), { filter, sort, start, limit, countLater }),
    'members.filterOptions': async () => listFilterOptions(reader()),
    'members.profile': async ({ id }) => getMemberProfile(reader(), id),
    'members.create': async ({ fields, allowDuplicates }) => {
      const member = await createMember(store(), memberEditFromForm(fields), { allowDuplicates: allowDuplicates === true });
      return getMemberProfile(reader(), member.id);
    },
    'members.update': async ({ id, fields, allowDuplicates }) => {
      const member = await updateMember(store(), id, memberEditFromForm(fields), { allowDuplicates: allowDuplicates === true });
      return getMemberProfile(reader(), member.id);
    },
    // Lenient: a half-typed form still warns about the fields that already read well.
    'members.checkDuplicates': async ({ fields, excludeId }) => findDuplicatesFor(reader(), normaliseMemberForm(fields).edit, excludeId ?? null),
    'members.saveMembership': async ({ memberId, groupId, role, groupNickname, joinedOn, leftOn }) => {
      await saveMembership(store(), memberId, groupId, { role, groupNickname, joinedOn, leftOn });
      return getMemberProfile(reader(), memberId);
    },
    'members.bulk': async ({ jobId, target, action }) =>
      state.runJob(jobId, (signal) =>
        runBulk(store(), target, action, { signal, yieldEveryMs: IMPORT_SLICE_MS, onProgress: progressReporter(emit, jobId, BULK_PHASE[action.kind]) }),
      ),
    'members.duplicates': async ({ offset, limit }) => findDuplicatePairs(reader(), { ...(offset !== undefined ? { offset } : {}), ...(limit !== undefined ? { limit } : {}) }),
    'members.merge': async ({ keepId, mergeId }) => {
      const kept = await mergeMembers(store(), keepId, mergeId);
      return getMemberProfile(reader(), kept.id);
    },
    'members.dismissDuplicate': async ({ firstId, secondId }) => dismissDuplicate(store(), firstId, secondId),

    'tags.list': async () => listTags(reader()),
    'segments.list': async () => listSegments(reader()),
    'segments.save': async ({ id, name, filter }) => (id === undefined ? createSegment(store(), name, filter) : updateSegment(store(), id, { name, filter })),
    'segments.delete': async ({ id }) => deleteSegment(store(), id),

    'sample.load': async ({ jobId }) =>
      state.runJob(jobId, async (signal) => {
        const info = await loadSampleData(store(), { count: SAMPLE_MEMBER_COUNT, signal, onProgress: progressReporter(emit, jobId, 'jobs.phase.sample') });
        return { members: info.members, groups: info.groupIds.length };
      }),
    'sample.remove': async () => {
      const groupsBefore = countGroups(store());
      const removed = await removeSampleData(store());
      return { members: removed.removedMembers, groups: groupsBefore - countGroups(store()) };
    },

    'importer.history': async () => listImportBatches(reader()),
    'importer.undo': async ({ jobId, importId }) =>
      state.runJob(jobId, (signal) => undoImport(store(), importId, { signal, yieldEveryMs: IMPORT_SLICE_MS, onProgress: progressReporter(emit, jobId, 'jobs.phase.importUndo') })),
    'importer.templates': async () => listImportTemplates(reader()),
    'importer.saveTemplate': async ({ name, mapping }) => saveImportTemplate(store(), name, mapping),

    'importer.readPreview': async ({ path, settings }) => previewImportFile(reader(), path, settings, { yieldEveryMs: IMPORT_SLICE_MS }),
    'importer.runCommit': async ({ jobId, path, settings, policy }) =>
      state.runJob(jobId, async (signal) => {
        const opened = await openImportFile(path, settings, signal, progressReporter(emit, jobId, IMPORT_READING.phaseKey, { share: IMPORT_READING.share }));
        const outcome = await commitImportFile(store(), opened, {
          policy,
          signal,
          chunkSize: IMPORT_CHUNK_ROWS,
          yieldEveryMs: IMPORT_SLICE_MS,
          onFinishing: progressReporter(emit, jobId, IMPORT_FINISHING.phaseKey, { share: IMPORT_FINISHING.share }),
        });
        return outcome.result;
      }),
    'importer.writeProblems': async ({ importId, path, language }) => exportImportProblems(reader(), importId, path, language),
    'members.writeExport': async ({ jobId, path, filter, sort, language }) =>
      state.runJob(jobId, (signal) =>
        withSnapshot(state.workspace.path, (snapshot) => exportMembers(snapshot, { path, filter, sort, language, signal, onProgress: progressReporter(emit, jobId, 'jobs.phase.export') })),
      ),
    'workspace.setLanguage': async ({ language }) => {
      await writeWorkspaceLanguage(state.workspace.db, language);
      return null;
    },
  };
}
