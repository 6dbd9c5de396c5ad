import fs from 'node:fs';
import path from 'node:path';
import type { ChannelOutput, ChannelParsedInput, ShellChannelName } from '../../shared/contract/channels.ts';
import { AppFailure, appFailure, type Result } from '../../shared/contract/result.ts';
import type { Language, WorkspaceInfo } from '../../shared/domain/workspace.ts';
import { translate } from '../../shared/i18n/translate.ts';
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
  /** The member list to import (.xlsx, .csv, .tsv, .txt); null when cancelled. */
  chooseImportFile(): Promise<string | null>;
  /** Where to save an .xlsx: the members export or an import's problems. Null when cancelled. */
  chooseExportPath(suggestedName: string, purpose: ExportPurpose): Promise<string | null>;
}

export type ExportPurpose = 'members' | 'problems';

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

/** A file name without characters that file systems refuse. */
function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are among those removed
  return name.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_').slice(0, 150);
}

export function createShellHandlers(context: ShellContext): ShellHandlers {
  const { host, settings, platform } = context;
  const callHost = async <O extends HostOpName>(op: O, input: HostOpInput<O>): Promise<HostOpOutput<O>> => unwrap(await host.call(op, input));
  const language = (): Language => settings.all.language;
  const t = (key: string, params?: Record<string, string | number>) => translate(language(), key, params);

  /** Files the operator picked in the import dialog this session: the only ones the window may have read. */
  const chosenImportFiles = new Set<string>();
  const chosenImportFile = (filePath: string): string => {
    const resolved = path.resolve(filePath);
    if (!chosenImportFiles.has(resolved)) throw appFailure('NOT_FOUND', 'errors.notAChosenFile', { path: path.basename(filePath).slice(0, 200) });
    return resolved;
  };

  /** An export never replaces the workspace file (or its journal) the operator happened to pick. */
  const exportTarget = async (chosen: string): Promise<string> => {
    const resolved = path.resolve(chosen);
    const current = path.resolve((await callHost('workspace.current', {})).path);
    if ([current, `${current}-wal`, `${current}-shm`].includes(resolved)) throw appFailure('VALIDATION', 'errors.copyOntoItself', { path: resolved });
    return resolved;
  };

  /** The workspace keeps the app's language, so exports made without the app (the CLI) speak it too. */
  const shareLanguage = async (): Promise<void> => {
    await callHost('workspace.setLanguage', { language: language() });
  };
  // At start: the workspace the host opened before these handlers existed.
  void shareLanguage().catch(() => undefined);

  const openWorkspace = async (filePath: string, create: boolean): Promise<WorkspaceInfo> => {
    const isDefault = path.resolve(filePath) === path.resolve(context.defaultWorkspacePath);
    const info = await callHost('workspace.open', { path: filePath, create, isDefault });
    settings.rememberWorkspace(info.path);
    await shareLanguage().catch(() => undefined);
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
      const changedLanguage = patch.language !== undefined && patch.language !== settings.all.language;
      settings.update(next);
      if (changedLanguage) await shareLanguage();
      return settings.publicSettings();
    },
    'shell.openExternal': async ({ url }) => {
      if (!isSafeExternalUrl(url)) throw appFailure('VALIDATION', 'errors.unsafeUrl', { url: url.slice(0, 200) });
      await platform.openExternal(url);
      return null;
    },

    'importer.chooseFile': async () => {
      const chosen = await platform.chooseImportFile();
      if (chosen === null) return null;
      const resolved = path.resolve(chosen);
      let sizeBytes = 0;
      try {
        sizeBytes = fs.statSync(resolved).size;
      } catch {
        // The preview says what is wrong with the file in the operator's words.
      }
      chosenImportFiles.add(resolved);
      return { path: resolved, fileName: path.basename(resolved), sizeBytes };
    },
    'importer.preview': async ({ path: filePath, settings: importSettings }) => callHost('importer.readPreview', { path: chosenImportFile(filePath), settings: importSettings }),
    'importer.commit': async ({ jobId, path: filePath, settings: importSettings, policy }) =>
      callHost('importer.runCommit', { jobId, path: chosenImportFile(filePath), settings: importSettings, policy }),
    'importer.exportProblems': async ({ importId }) => {
      // Named after the imported file when it is among the recent imports; the host checks the id itself.
      const batch = (await callHost('importer.history', {})).find((entry) => entry.id === importId);
      const base = batch === undefined ? `#${importId}` : path.parse(batch.fileName).name;
      const chosen = await platform.chooseExportPath(safeFileName(t('exports.problems.fileName', { file: base })), 'problems');
      if (chosen === null) return null;
      return callHost('importer.writeProblems', { importId, path: await exportTarget(chosen), language: language() });
    },
    'members.export': async ({ jobId, filter, sort }) => {
      const date = new Date().toISOString().slice(0, 10);
      const chosen = await platform.chooseExportPath(safeFileName(t('exports.members.fileName', { date })), 'members');
      if (chosen === null) return null;
      return callHost('members.writeExport', { jobId, path: await exportTarget(chosen), filter, sort, language: language() });
    },
  };
}
