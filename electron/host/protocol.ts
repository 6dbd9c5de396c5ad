import type { ChannelName, ChannelOutput, ChannelParsedInput, EventName, EventPayloads, HostChannelName } from '../../shared/contract/channels.ts';
import type { Result } from '../../shared/contract/result.ts';
import type { DuplicatePolicy, MemberFilter, MemberImportResult, MemberSort } from '../../shared/domain/member.ts';
import type { ImportPreviewWithEstimate } from '../../shared/contract/member-channels.ts';
import type { ImportSettings } from '../../shared/domain/members/import-types.ts';
import type { Language, WorkspaceInfo } from '../../shared/domain/workspace.ts';

/**
 * Operations the main process asks of the host that the window never calls directly: they take file
 * paths, which main only passes on after the operator picked them in a native dialog.
 */
export interface InternalOps {
  'workspace.open': { input: { path: string; create: boolean; isDefault: boolean }; output: WorkspaceInfo };
  'workspace.copyTo': { input: { path: string }; output: { path: string } };
  /** Keeps the app's language in the workspace (app_meta "language"), for exports made without the app (CLI). */
  'workspace.setLanguage': { input: { language: Language }; output: null };
  'importer.readPreview': { input: { path: string; settings: ImportSettings }; output: ImportPreviewWithEstimate };
  /** A job: progress events for jobId, cancel through jobs.cancel (rolled back). */
  'importer.runCommit': { input: { jobId: string; path: string; settings: ImportSettings; policy: DuplicatePolicy }; output: MemberImportResult };
  'importer.writeProblems': { input: { importId: number; path: string; language: Language }; output: { path: string; rows: number } };
  /** A job: progress events for jobId, cancel through jobs.cancel (no file left behind). */
  'members.writeExport': {
    input: { jobId: string; path: string; filter: MemberFilter; sort?: MemberSort | undefined; language: Language };
    output: { path: string; rows: number };
  };
}

export type HostOpName = HostChannelName | keyof InternalOps;
export type HostOpInput<O extends HostOpName> = O extends keyof InternalOps
  ? InternalOps[O]['input']
  : O extends ChannelName
    ? ChannelParsedInput<O>
    : never;
export type HostOpOutput<O extends HostOpName> = O extends keyof InternalOps
  ? InternalOps[O]['output']
  : O extends ChannelName
    ? ChannelOutput<O>
    : never;

export interface HostRequest {
  type: 'request';
  id: number;
  op: HostOpName;
  input: unknown;
}

/** Main asks the host to finish: cancel its jobs, close the workspace and end (client.stop()). */
export interface HostStop {
  type: 'stop';
}

export interface HostResponse {
  type: 'response';
  id: number;
  result: Result<unknown>;
}

export interface HostEvent<E extends EventName = EventName> {
  type: 'event';
  event: E;
  payload: EventPayloads[E];
}

export type HostMessage = HostResponse | HostEvent;

export interface HostStartOptions {
  workspacePath: string;
  create: boolean;
  isDefault: boolean;
  dailyBackup: boolean;
  /** Replace a damaged workspace with its newest usable backup before opening it (startup's way out). */
  restoreLatestBackup?: boolean;
}
