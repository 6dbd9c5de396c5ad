import type { ChannelName, ChannelOutput, ChannelParsedInput, EventName, EventPayloads, HostChannelName } from '../../shared/contract/channels.ts';
import type { Result } from '../../shared/contract/result.ts';
import type { WorkspaceInfo } from '../../shared/domain/workspace.ts';

/** Operations the main process asks of the host that the window never calls directly. */
export interface InternalOps {
  'workspace.open': { input: { path: string; create: boolean; isDefault: boolean }; output: WorkspaceInfo };
  'workspace.copyTo': { input: { path: string }; output: { path: string } };
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
