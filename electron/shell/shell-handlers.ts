import path from 'node:path';
import type { ChannelOutput, ChannelParsedInput, ShellChannelName } from '../../shared/contract/channels.ts';
import { AppFailure, appFailure, type Result } from '../../shared/contract/result.ts';
import type { WorkspaceInfo } from '../../shared/domain/workspace.ts';
import type { ServiceHostClient } from '../host/client.ts';
import type { HostOpInput, HostOpName, HostOpOutput } from '../host/protocol.ts';
import type { SettingsStore } from './settings-store.ts';

/** What differs between Electron and the test host: native dialogs and the OS shell. */
export interface ShellPlatform {
  chooseWorkspaceToOpen(): Promise<string | null>;
  chooseNewWorkspacePath(): Promise<string | null>;
  chooseCopyPath(suggestedName: string): Promise<string | null>;
  revealInFolder(filePath: string): Promise<void>;
  openExternal(url: string): Promise<void>;
}

export interface ShellContext {
  host: ServiceHostClient;
  settings: SettingsStore;
  platform: ShellPlatform;
  defaultWorkspacePath: string;
}

export type ShellHandlers = { [C in ShellChannelName]: (input: ChannelParsedInput<C>) => Promise<ChannelOutput<C>> };

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new AppFailure(result.error);
  return result.value;
}

export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

export function createShellHandlers(context: ShellContext): ShellHandlers {
  const { host, settings, platform } = context;
  const callHost = async <O extends HostOpName>(op: O, input: HostOpInput<O>): Promise<HostOpOutput<O>> => unwrap(await host.call(op, input));

  const openWorkspace = async (filePath: string, create: boolean): Promise<WorkspaceInfo> => {
    const isDefault = path.resolve(filePath) === path.resolve(context.defaultWorkspacePath);
    const info = await callHost('workspace.open', { path: filePath, create, isDefault });
    settings.rememberWorkspace(info.path);
    return info;
  };

  return {
    'workspace.chooseOpen': async () => {
      const chosen = await platform.chooseWorkspaceToOpen();
      return chosen === null ? null : openWorkspace(chosen, false);
    },
    'workspace.chooseNew': async () => {
      const chosen = await platform.chooseNewWorkspacePath();
      return chosen === null ? null : openWorkspace(chosen, true);
    },
    'workspace.openRecent': async ({ path: recentPath }) => {
      // Only paths the operator opened before: the window cannot make the host open arbitrary files.
      if (!settings.all.recentWorkspaces.includes(recentPath)) throw appFailure('NOT_FOUND', 'errors.notARecentWorkspace', { path: recentPath });
      return openWorkspace(recentPath, false);
    },
    'workspace.openDefault': async () => openWorkspace(context.defaultWorkspacePath, true),
    'workspace.saveCopy': async () => {
      const current = await callHost('workspace.current', {});
      const chosen = await platform.chooseCopyPath(`${current.name}-copy.sqlite`);
      if (chosen === null) return null;
      return callHost('workspace.copyTo', { path: chosen });
    },
    'workspace.reveal': async () => {
      const current = await callHost('workspace.current', {});
      await platform.revealInFolder(current.path);
      return null;
    },
    'settings.get': async () => settings.publicSettings(),
    'settings.update': async (patch) => {
      const next: Parameters<SettingsStore['update']>[0] = {};
      if (patch.language) next.language = patch.language;
      if (patch.theme) next.theme = patch.theme;
      settings.update(next);
      return settings.publicSettings();
    },
    'shell.openExternal': async ({ url }) => {
      if (!isSafeExternalUrl(url)) throw appFailure('VALIDATION', 'errors.unsafeUrl', { url: url.slice(0, 200) });
      await platform.openExternal(url);
      return null;
    },
  };
}
