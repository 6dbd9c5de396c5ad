/**
 * window.api for the Electron window: one narrow object shaped like DeskApi. It refuses channels and
 * events that are not in the contract before anything crosses to main. Electron-free (the IPC is
 * injected), so tests/unit/electron-main/preload-bridge.test.ts runs it under plain Node.
 *
 * The allow-lists are typed as Record<ChannelName | EventName, true>: a channel added to, renamed in
 * or removed from shared/contract/channels.ts is a compile error here until the list follows, and a
 * unit test compares them with CHANNEL_NAMES and EVENT_NAMES. They are spelled out instead of
 * imported because channels.ts builds zod schemas, and the sandboxed preload should not carry zod.
 */
import type { DeskApi } from '../../shared/contract/api.ts';
import type { ChannelName, EventName } from '../../shared/contract/channels.ts';
import { fail } from '../../shared/contract/result.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../main/ipc-channels.ts';

export const PRELOAD_CHANNELS: Readonly<Record<ChannelName, true>> = {
  'app.ping': true,
  'workspace.current': true,
  'workspace.chooseOpen': true,
  'workspace.chooseNew': true,
  'workspace.openRecent': true,
  'workspace.openDefault': true,
  'workspace.saveCopy': true,
  'workspace.reveal': true,
  'backups.list': true,
  'backups.run': true,
  'backups.restore': true,
  'jobs.cancel': true,
  'settings.get': true,
  'settings.update': true,
  'shell.openExternal': true,
  'groups.list': true,
  'groups.get': true,
  'groups.create': true,
  'groups.update': true,
  'groups.setArchived': true,
  'groups.delete': true,
  'history.list': true,
  'history.undo': true,
  'members.window': true,
  'members.filterOptions': true,
  'members.profile': true,
  'members.create': true,
  'members.update': true,
  'members.checkDuplicates': true,
  'members.saveMembership': true,
  'members.bulk': true,
  'members.duplicates': true,
  'members.merge': true,
  'members.dismissDuplicate': true,
  'members.export': true,
  'tags.list': true,
  'segments.list': true,
  'segments.save': true,
  'segments.delete': true,
  'sample.load': true,
  'sample.remove': true,
  'importer.chooseFile': true,
  'importer.preview': true,
  'importer.commit': true,
  'importer.history': true,
  'importer.undo': true,
  'importer.exportProblems': true,
  'importer.templates': true,
  'importer.saveTemplate': true,
};

export const PRELOAD_EVENTS: Readonly<Record<EventName, true>> = {
  'job.progress': true,
  'workspace.changed': true,
  'menu.command': true,
};

/** The part of ipcRenderer the bridge uses. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const has = (list: object, key: unknown): boolean => typeof key === 'string' && Object.prototype.hasOwnProperty.call(list, key);

export function createDeskApi(ipc: BridgeIpc): DeskApi {
  const call = (channel: unknown, input: unknown): Promise<unknown> => {
    if (!has(PRELOAD_CHANNELS, channel)) {
      return Promise.resolve(fail({ code: 'UNKNOWN_CHANNEL', messageKey: 'errors.unknownChannel', params: { channel: String(channel).slice(0, 80) } }));
    }
    return ipc.invoke(CALL_CHANNEL, channel, input);
  };

  const on = (event: unknown, listener: unknown): (() => void) => {
    if (!has(PRELOAD_EVENTS, event)) throw new TypeError(`Unknown event: ${String(event).slice(0, 80)}`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function');
    const relay = (_ipcEvent: unknown, envelope: unknown): void => {
      if (typeof envelope !== 'object' || envelope === null) return;
      const { event: name, payload } = envelope as { event?: unknown; payload?: unknown };
      if (name === event) (listener as (payload: unknown) => void)(payload);
    };
    ipc.on(EVENT_CHANNEL, relay);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(EVENT_CHANNEL, relay);
    };
  };

  return { call, on } as DeskApi;
}
