/**
 * The native menu as data: labels through translate() in the settings language, actions handed to
 * callbacks. electron/main/index.ts turns it into a Menu and rebuilds it when the language or the
 * recent workspaces change. Only types come from Electron, so the template is unit-tested.
 *
 * Shortcuts of commands the renderer carries out (new group, search, help, settings) are shown but
 * not registered on Windows/Linux (registerAccelerator: false): the page handles those keys itself,
 * in Electron and in the browser-based test host alike, so one key press never runs twice.
 */
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/contract/channels.ts';
import type { Language } from '../../shared/domain/workspace.ts';
import { translate } from '../../shared/i18n/translate.ts';

/** Menu items carried out in main (they open native dialogs). */
export type MainMenuAction = 'newWorkspace' | 'openWorkspace' | 'openDefault' | 'saveCopy' | 'reveal';

export interface MenuModel {
  language: Language;
  platform: NodeJS.Platform;
  recentWorkspaces: readonly string[];
  currentWorkspace: string | null;
  /** Reload and developer tools only in unpackaged (development) runs. */
  isPackaged: boolean;
}

export interface MenuHandlers {
  main(action: MainMenuAction): void;
  openRecent(workspacePath: string): void;
  /** Sent to the window as a `menu.command` event. */
  command(command: MenuCommand): void;
}

/** Keys the renderer binds; the menu only displays them. Keep in step with the help overlay. */
export const RENDERER_SHORTCUTS: Readonly<Partial<Record<MenuCommand, string>>> = {
  newGroup: 'CmdOrCtrl+N',
  search: 'CmdOrCtrl+F',
  openSettings: 'CmdOrCtrl+,',
  showHelp: 'F1',
};

export function buildMenuTemplate(model: MenuModel, handlers: MenuHandlers): MenuItemConstructorOptions[] {
  const t = (key: string, params?: Record<string, string | number>) => translate(model.language, `shell.menu.${key}`, params);
  const isMac = model.platform === 'darwin';

  const main = (id: MainMenuAction, labelKey: string, accelerator?: string): MenuItemConstructorOptions => ({
    id,
    label: t(labelKey),
    ...(accelerator ? { accelerator } : {}),
    click: () => handlers.main(id),
  });
  const command = (id: MenuCommand, labelKey: string): MenuItemConstructorOptions => {
    const accelerator = RENDERER_SHORTCUTS[id];
    return {
      id: `command.${id}`,
      label: t(labelKey),
      ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
      click: () => handlers.command(id),
    };
  };

  const recentItems: MenuItemConstructorOptions[] =
    model.recentWorkspaces.length === 0
      ? [{ id: 'recent.none', label: t('noRecent'), enabled: false }]
      : model.recentWorkspaces.map((workspacePath, index) => ({
          id: `recent.${index}`,
          // "name — folder", so two "default.sqlite" in different folders can be told apart.
          label: `${path.basename(workspacePath)} — ${path.dirname(workspacePath)}`,
          type: 'checkbox' as const,
          checked: model.currentWorkspace !== null && path.resolve(workspacePath) === path.resolve(model.currentWorkspace),
          click: () => handlers.openRecent(workspacePath),
        }));

  const settingsItem = command('openSettings', 'settings');
  const quitItem: MenuItemConstructorOptions = { id: 'quit', role: 'quit', label: t('quit') };

  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: t('app'),
          submenu: [
            { role: 'about', label: t('about') },
            { type: 'separator' },
            settingsItem,
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            quitItem,
          ],
        },
      ]
    : [];

  const fileMenu: MenuItemConstructorOptions = {
    id: 'file',
    label: t('file'),
    submenu: [
      command('newGroup', 'newGroup'),
      { type: 'separator' },
      main('newWorkspace', 'newWorkspace'),
      main('openWorkspace', 'openWorkspace', 'CmdOrCtrl+O'),
      { id: 'openRecent', label: t('openRecent'), submenu: [...recentItems, { type: 'separator' }, main('openDefault', 'openDefault')] },
      { type: 'separator' },
      main('saveCopy', 'saveCopy', 'CmdOrCtrl+Shift+S'),
      command('backupNow', 'backupNow'),
      command('restoreBackup', 'restoreBackup'),
      main('reveal', 'reveal'),
      ...(isMac ? [] : [{ type: 'separator' } as const, settingsItem, { type: 'separator' } as const, quitItem]),
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    id: 'edit',
    label: t('edit'),
    submenu: [
      // Ctrl+Z inside a text field undoes typing, as everywhere; data changes have their own item.
      { role: 'undo', label: t('undoText') },
      { role: 'redo', label: t('redoText') },
      { type: 'separator' },
      { role: 'cut', label: t('cut') },
      { role: 'copy', label: t('copy') },
      { role: 'paste', label: t('paste') },
      { role: 'selectAll', label: t('selectAll') },
      { type: 'separator' },
      command('undo', 'undoChange'),
      command('search', 'search'),
    ],
  };

  const viewMenu: MenuItemConstructorOptions = {
    id: 'view',
    label: t('view'),
    submenu: [
      ...(model.isPackaged
        ? []
        : [{ role: 'reload', label: t('reload') } as const, { role: 'toggleDevTools', label: t('devTools') } as const, { type: 'separator' } as const]),
      { role: 'resetZoom', label: t('resetZoom') },
      { role: 'zoomIn', label: t('zoomIn') },
      { role: 'zoomOut', label: t('zoomOut') },
      { type: 'separator' },
      { role: 'togglefullscreen', label: t('fullScreen') },
    ],
  };

  const windowMenu: MenuItemConstructorOptions = {
    id: 'window',
    label: t('window'),
    role: 'window',
    submenu: [
      { role: 'minimize', label: t('minimize') },
      { role: 'close', label: t('close') },
    ],
  };

  const helpMenu: MenuItemConstructorOptions = {
    id: 'help',
    label: t('help'),
    role: 'help',
    submenu: [command('showHelp', 'shortcuts'), ...(isMac ? [] : [{ role: 'about', label: t('about') } as const])],
  };

  return [...appMenu, fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}
