/**
 * The one IPC contract. Every channel is declared here once: who answers it, the zod schema of its
 * input and the type of its output. Main validates with these schemas; the preload bridge and the
 * renderer client are typed from this map, so a renamed channel fails to compile everywhere.
 */
import { z } from 'zod';
import { groupFieldsSchema, type Group } from '../domain/group.ts';
import { LANGUAGES, THEMES, type BackupEntry, type ChangeSummary, type Settings, type WorkspaceInfo } from '../domain/workspace.ts';
import { returns, type ChannelSpec, type Returns } from './channel-spec.ts';
import { memberChannels } from './member-channels.ts';

export type { ChannelSide, ChannelSpec, Returns } from './channel-spec.ts';

const MAX_PATH = 4096;
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const filePath = z.string().min(1).max(MAX_PATH);
const empty = z.object({}).strict();

export const channels = {
  'app.ping': { side: 'host', input: empty, output: returns<{ at: string }>() },

  'workspace.current': { side: 'host', input: empty, output: returns<WorkspaceInfo>() },
  'workspace.chooseOpen': { side: 'shell', input: empty, output: returns<WorkspaceInfo | null>() },
  'workspace.chooseNew': { side: 'shell', input: empty, output: returns<WorkspaceInfo | null>() },
  'workspace.openRecent': { side: 'shell', input: z.object({ path: filePath }).strict(), output: returns<WorkspaceInfo>() },
  'workspace.openDefault': { side: 'shell', input: empty, output: returns<WorkspaceInfo>() },
  'workspace.saveCopy': { side: 'shell', input: empty, output: returns<{ path: string } | null>() },
  'workspace.reveal': { side: 'shell', input: empty, output: returns<null>() },

  'backups.list': { side: 'host', input: empty, output: returns<BackupEntry[]>() },
  'backups.run': { side: 'host', input: z.object({ jobId }).strict(), output: returns<BackupEntry>(), job: true },
  'backups.restore': { side: 'host', input: z.object({ fileName: z.string().min(1).max(255) }).strict(), output: returns<WorkspaceInfo>() },
  'jobs.cancel': { side: 'host', input: z.object({ jobId }).strict(), output: returns<{ cancelled: boolean }>() },

  'settings.get': { side: 'shell', input: empty, output: returns<Settings>() },
  'settings.update': {
    side: 'shell',
    input: z.object({ language: z.enum(LANGUAGES).optional(), theme: z.enum(THEMES).optional() }).strict(),
    output: returns<Settings>(),
  },
  'shell.openExternal': { side: 'shell', input: z.object({ url: z.string().min(1).max(2048) }).strict(), output: returns<null>() },

  'groups.list': {
    side: 'host',
    input: z.object({ includeArchived: z.boolean().optional(), search: z.string().max(200).optional() }).strict(),
    output: returns<Group[]>(),
  },
  'groups.get': { side: 'host', input: z.object({ id }).strict(), output: returns<Group>() },
  'groups.create': { side: 'host', input: z.object({ fields: groupFieldsSchema }).strict(), output: returns<Group>() },
  'groups.update': { side: 'host', input: z.object({ id, fields: groupFieldsSchema }).strict(), output: returns<Group>() },
  'groups.setArchived': { side: 'host', input: z.object({ id, archived: z.boolean() }).strict(), output: returns<Group>() },
  'groups.delete': { side: 'host', input: z.object({ id }).strict(), output: returns<{ id: number }>() },

  'history.list': { side: 'host', input: z.object({ limit: z.number().int().min(1).max(200).optional() }).strict(), output: returns<ChangeSummary[]>() },
  'history.undo': { side: 'host', input: z.object({ jobId }).strict(), output: returns<ChangeSummary>(), job: true },

  ...memberChannels,
} as const satisfies Record<string, ChannelSpec>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = Channels[C]['output'] extends Returns<infer T> ? T : never;

export type HostChannelName = { [C in ChannelName]: Channels[C]['side'] extends 'host' ? C : never }[ChannelName];
export type ShellChannelName = Exclude<ChannelName, HostChannelName>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(channels, value);
}

/** Events pushed from the service host or main to the window. */
export interface EventPayloads {
  'job.progress': { jobId: string; done: number; total: number; phaseKey: string };
  'workspace.changed': { workspace: WorkspaceInfo };
  'menu.command': { command: MenuCommand };
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES = ['job.progress', 'workspace.changed', 'menu.command'] as const satisfies readonly EventName[];

/** Menu items that the renderer acts on (the menu lives in main, the action in the UI). */
export const MENU_COMMANDS = ['newGroup', 'search', 'backupNow', 'restoreBackup', 'showHelp', 'openSettings', 'undo'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
