import fs from 'node:fs';
import path from 'node:path';
import { ServiceHostClient } from '../../electron/host/client.ts';
import { createRouter, type Router } from '../../electron/ipc/router.ts';
import { SettingsStore } from '../../electron/shell/settings-store.ts';
import { createShellHandlers, type ExportPurpose, type ShellHandlers, type ShellPlatform } from '../../electron/shell/shell-handlers.ts';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/contract/channels.ts';
import type { AppError, Result } from '../../shared/contract/result.ts';

export interface PlatformCall {
  method: keyof ShellPlatform;
  args: unknown[];
}

/**
 * A ShellPlatform with the operator's answers scripted in advance: each dialog pops the next answer
 * from its queue (null, "cancelled", when the queue is empty). Every call is recorded.
 */
export class ScriptedPlatform implements ShellPlatform {
  readonly calls: PlatformCall[] = [];
  readonly openAnswers: Array<string | null> = [];
  readonly newAnswers: Array<string | null> = [];
  readonly copyAnswers: Array<string | null> = [];
  readonly importAnswers: Array<string | null> = [];
  readonly exportAnswers: Array<string | null> = [];

  async chooseWorkspaceToOpen(): Promise<string | null> {
    this.calls.push({ method: 'chooseWorkspaceToOpen', args: [] });
    return this.openAnswers.shift() ?? null;
  }
  async chooseNewWorkspacePath(): Promise<string | null> {
    this.calls.push({ method: 'chooseNewWorkspacePath', args: [] });
    return this.newAnswers.shift() ?? null;
  }
  async chooseCopyPath(suggestedName: string): Promise<string | null> {
    this.calls.push({ method: 'chooseCopyPath', args: [suggestedName] });
    return this.copyAnswers.shift() ?? null;
  }
  async revealInFolder(filePath: string): Promise<void> {
    this.calls.push({ method: 'revealInFolder', args: [filePath] });
  }
  async chooseImportFile(): Promise<string | null> {
    this.calls.push({ method: 'chooseImportFile', args: [] });
    return this.importAnswers.shift() ?? null;
  }
  async chooseExportPath(suggestedName: string, purpose: ExportPurpose): Promise<string | null> {
    this.calls.push({ method: 'chooseExportPath', args: [suggestedName, purpose] });
    return this.exportAnswers.shift() ?? null;
  }
  async openExternal(url: string): Promise<void> {
    this.calls.push({ method: 'openExternal', args: [url] });
  }
}

export interface TestHost {
  host: ServiceHostClient;
  router: Router;
  shell: ShellHandlers;
  platform: ScriptedPlatform;
  settings: SettingsStore;
  settingsFile: string;
  workspacePath: string;
  /** Calls a channel through the router, typed like window.api.call. */
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  /** Calls a channel and returns its value, failing the test with the error when it answered one. */
  value<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  stop(): Promise<void>;
}

export interface StartTestHostOptions {
  /** Folder holding the workspace (`workspace.sqlite` unless `workspacePath` is given) and `settings.json`. */
  dir: string;
  workspacePath?: string;
  create?: boolean;
  dailyBackup?: boolean;
}

/** Starts the real service host worker on a workspace, with the real router and shell handlers in front. */
export async function startTestHost(options: StartTestHostOptions): Promise<TestHost> {
  const workspacePath = options.workspacePath ?? path.join(options.dir, 'workspace.sqlite');
  const settingsFile = path.join(options.dir, 'settings', 'settings.json');
  const host = await ServiceHostClient.start({
    workspacePath,
    create: options.create ?? true,
    isDefault: true,
    dailyBackup: options.dailyBackup ?? false,
  });
  const platform = new ScriptedPlatform();
  const settings = new SettingsStore(settingsFile);
  const shell = createShellHandlers({ host, settings, platform, defaultWorkspacePath: workspacePath });
  const router = createRouter(host, shell);
  const call = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => router(channel, input) as Promise<Result<ChannelOutput<C>>>;
  return {
    host,
    router,
    shell,
    platform,
    settings,
    settingsFile,
    workspacePath,
    call,
    async value(channel, input) {
      const result = await call(channel, input);
      if (!result.ok) throw new Error(`${channel} answered ${describeError(result.error)}`);
      return result.value;
    },
    stop: () => host.stop(),
  };
}

export function describeError(error: AppError): string {
  return JSON.stringify(error).slice(0, 500);
}

export function fileOrNull(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}
