/**
 * ShellPlatform for Electron: native file dialogs (filtered to .sqlite workspaces), the OS file
 * manager and the system browser. Dialog titles follow the settings language at the moment of use.
 */
import path from 'node:path';
import { app, dialog, shell, type BrowserWindow, type FileFilter, type MessageBoxOptions, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { Language } from '../../shared/domain/workspace.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { isSafeExternalUrl, type ShellPlatform } from '../shell/shell-handlers.ts';

export const WORKSPACE_EXTENSION = 'sqlite';

export interface ElectronPlatformOptions {
  window: () => BrowserWindow | null;
  language: () => Language;
  /** The workspace now open, so "save a copy" can refuse to write over it. */
  currentWorkspace: () => string | null;
}

/** Adds ".sqlite" when the operator typed a name without it. */
export function withWorkspaceExtension(filePath: string): string {
  return path.extname(filePath).toLowerCase() === `.${WORKSPACE_EXTENSION}` ? filePath : `${filePath}.${WORKSPACE_EXTENSION}`;
}

/** What the import dialog offers: the formats the member import reads. */
export const IMPORT_EXTENSIONS = ['xlsx', 'csv', 'tsv', 'txt'];

/** Adds ".xlsx" when the operator typed a name without it. */
export function withXlsxExtension(filePath: string): string {
  return path.extname(filePath).toLowerCase() === '.xlsx' ? filePath : `${filePath}.xlsx`;
}

export function createElectronPlatform(options: ElectronPlatformOptions): ShellPlatform {
  const t = (key: string) => translate(options.language(), `shell.dialog.${key}`);
  const filters = (): FileFilter[] => [{ name: t('workspaceFilter'), extensions: [WORKSPACE_EXTENSION] }];
  const documents = (): string => {
    try {
      return app.getPath('documents');
    } catch {
      return app.getPath('home');
    }
  };

  const showOpen = async (): Promise<string | null> => {
    const window = options.window();
    const dialogOptions: OpenDialogOptions = { title: t('openTitle'), defaultPath: documents(), filters: filters(), properties: ['openFile'] };
    const result = window ? await dialog.showOpenDialog(window, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };

  const showSave = async (title: string, defaultPath: string): Promise<string | null> => {
    const window = options.window();
    const dialogOptions: SaveDialogOptions = { title, defaultPath, filters: filters(), properties: ['createDirectory', 'showOverwriteConfirmation'] };
    const result = window ? await dialog.showSaveDialog(window, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
    return result.canceled || !result.filePath ? null : withWorkspaceExtension(result.filePath);
  };

  const tr = (key: string) => translate(options.language(), key);
  const lastImportFolder: { value: string | null } = { value: null };

  return {
    async chooseImportFile() {
      const window = options.window();
      const dialogOptions: OpenDialogOptions = {
        title: tr('exports.dialog.importTitle'),
        defaultPath: lastImportFolder.value ?? documents(),
        filters: [{ name: tr('exports.dialog.importFilter'), extensions: IMPORT_EXTENSIONS }],
        properties: ['openFile'],
      };
      const result = window ? await dialog.showOpenDialog(window, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
      const chosen = result.canceled ? null : (result.filePaths[0] ?? null);
      if (chosen !== null) lastImportFolder.value = path.dirname(chosen);
      return chosen;
    },
    async chooseExportPath(suggestedName, purpose) {
      const window = options.window();
      const dialogOptions: SaveDialogOptions = {
        title: tr(purpose === 'members' ? 'exports.dialog.exportTitle' : 'exports.dialog.problemsTitle'),
        defaultPath: path.join(lastImportFolder.value ?? documents(), suggestedName),
        filters: [{ name: tr('exports.dialog.xlsxFilter'), extensions: ['xlsx'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const result = window ? await dialog.showSaveDialog(window, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
      return result.canceled || !result.filePath ? null : withXlsxExtension(result.filePath);
    },
    chooseWorkspaceToOpen: showOpen,
    chooseNewWorkspacePath: () => showSave(t('newTitle'), path.join(documents(), t('newDefaultName'))),
    async chooseCopyPath(suggestedName) {
      const current = options.currentWorkspace();
      const folder = current ? path.dirname(current) : documents();
      const chosen = await showSave(t('copyTitle'), path.join(folder, suggestedName));
      if (chosen !== null && current !== null && path.resolve(chosen) === path.resolve(current)) {
        // Copying a database onto itself would destroy it; say so and treat it as cancelled.
        const window = options.window();
        const box: MessageBoxOptions = { type: 'warning', message: t('copyOntoItself'), buttons: [t('ok')] };
        if (window) await dialog.showMessageBox(window, box);
        else await dialog.showMessageBox(box);
        return null;
      }
      return chosen;
    },
    async revealInFolder(filePath) {
      shell.showItemInFolder(filePath);
    },
    async openExternal(url) {
      // Checked again here: this is the last step before the OS acts on the URL.
      if (!isSafeExternalUrl(url)) return;
      await shell.openExternal(url);
    },
  };
}
