/**
 * The Electron main process (bundled to dist-electron/main.cjs): opens the workspace in the service
 * host worker, creates the locked-down window, relays IPC through the router, owns the native menu.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, nativeTheme, session, shell, type MessageBoxOptions } from 'electron';
import type { ChannelName, ShellChannelName } from '../../shared/contract/channels.ts';
import type { AppError } from '../../shared/contract/result.ts';
import type { Language, Theme } from '../../shared/domain/workspace.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { ServiceHostClient } from '../host/client.ts';
import { createRouter, type Router } from '../ipc/router.ts';
import { SettingsStore } from '../shell/settings-store.ts';
import { createShellHandlers, type ShellHandlers } from '../shell/shell-handlers.ts';
import { declareAppScheme, serveRenderer } from './app-protocol.ts';
import { backupsFolderOf } from './backups-folder.ts';
import { createElectronPlatform } from './electron-platform.ts';
import { registerCallHandler, sendEvent } from './ipc.ts';
import { createMainWindow } from './main-window.ts';
import { buildMenuTemplate, type MainMenuAction } from './menu-template.ts';
import { resolveRendererSource, type RendererSource } from './renderer-source.ts';
import { secureSession, secureWebContents } from './security.ts';
import { openInitialWorkspace, type StartupChoice, type StartupProblem } from './startup.ts';

/** Files next to this bundle (dist-electron/) and the renderer build beside it. */
const BUNDLE_DIR = import.meta.dirname;
const PRELOAD_PATH = path.join(BUNDLE_DIR, 'preload.cjs');
const WORKER_PATH = path.join(BUNDLE_DIR, 'host-worker.cjs');
const RENDERER_ROOT = path.join(BUNDLE_DIR, '..', 'dist', 'renderer');

/** The built renderer on app://, or a Vite dev server when DESK_DEV_SERVER_URL is set in an unpackaged run. */
const SOURCE = resolveRendererSource(process.env.DESK_DEV_SERVER_URL, app.isPackaged);

const BACKGROUND: Record<Theme, string> = { light: '#f5f5f5', dark: '#141414' };

const MAIN_MENU_CHANNELS: Record<MainMenuAction, ShellChannelName> = {
  newWorkspace: 'workspace.chooseNew',
  openWorkspace: 'workspace.chooseOpen',
  openDefault: 'workspace.openDefault',
  saveCopy: 'workspace.saveCopy',
  reveal: 'workspace.reveal',
};

/** Messages whose text already says the file was left alone. */
const SAYS_UNTOUCHED = new Set(['WORKSPACE_NOT_FOUND', 'WORKSPACE_CORRUPT', 'WORKSPACE_NEWER']);

class DeskApp {
  private readonly settings: SettingsStore;
  private readonly source: RendererSource;
  private readonly defaultWorkspacePath: string;
  private host: ServiceHostClient | null = null;
  private router: Router | null = null;
  private window: BrowserWindow | null = null;
  private currentWorkspace: { path: string; name: string } | null = null;
  private menuKey = '';

  constructor() {
    const userData = app.getPath('userData');
    this.settings = new SettingsStore(path.join(userData, 'settings.json'));
    this.defaultWorkspacePath = path.join(userData, 'workspaces', 'default.sqlite');
    this.source = SOURCE;
  }

  private get language(): Language {
    return this.settings.all.language;
  }

  private t(key: string, params?: Record<string, string | number>): string {
    return translate(this.language, key, params);
  }

  async start(): Promise<void> {
    nativeTheme.themeSource = this.settings.all.theme;
    secureSession(session.defaultSession, this.source);
    if (this.source.kind === 'bundle') serveRenderer(session.defaultSession, RENDERER_ROOT, this.source);

    const opened = await openInitialWorkspace({
      lastWorkspace: this.settings.all.lastWorkspace,
      defaultWorkspacePath: this.defaultWorkspacePath,
      start: (workspacePath, options) => ServiceHostClient.start({ workspacePath, ...options, dailyBackup: true, workerUrl: WORKER_PATH }),
      ask: (problem) => this.askAtStartup(problem),
      chooseWorkspace: () => this.platform().chooseWorkspaceToOpen(),
      backupsFolderOf: (workspacePath) => {
        const folder = backupsFolderOf(path.resolve(workspacePath));
        return fs.existsSync(folder) ? folder : null;
      },
      showFolder: async (folder) => {
        const problem = await shell.openPath(folder);
        if (problem) shell.showItemInFolder(folder);
      },
    });
    if (!opened) {
      app.quit();
      return;
    }

    const host = opened.host;
    this.host = host;
    // Quitting waits for the host to cancel its jobs and close the workspace (client.stop), then quits for real.
    let hostStopped = false;
    app.on('will-quit', (event) => {
      if (hostStopped) return;
      event.preventDefault();
      void host.stop().finally(() => {
        hostStopped = true;
        app.quit();
      });
    });
    this.currentWorkspace = { path: host.initial.path, name: host.initial.name };
    this.settings.rememberWorkspace(host.initial.path);

    const base = createShellHandlers({ host, settings: this.settings, platform: this.platform(), defaultWorkspacePath: this.defaultWorkspacePath });
    this.router = createRouter(host, this.afterEachShellCall(base));
    registerCallHandler({ router: this.router, window: () => this.window, source: this.source });

    host.on('job.progress', (payload) => sendEvent(this.window, 'job.progress', payload));
    host.on('workspace.changed', (payload) => {
      this.currentWorkspace = { path: payload.workspace.path, name: payload.workspace.name };
      this.refreshChrome();
      sendEvent(this.window, 'workspace.changed', payload);
    });

    this.openWindow();
    this.refreshChrome(true);
  }

  openWindow(): void {
    if (this.window && !this.window.isDestroyed()) {
      if (this.window.isMinimized()) this.window.restore();
      this.window.focus();
      return;
    }
    if (!this.host) return;
    const window = createMainWindow({
      preloadPath: PRELOAD_PATH,
      source: this.source,
      storedBounds: this.settings.all.windowBounds,
      backgroundColor: BACKGROUND[this.settings.all.theme],
      title: this.title(),
      devTools: !app.isPackaged,
      saveBounds: (bounds) => this.settings.update({ windowBounds: bounds }),
    });
    window.on('closed', () => {
      if (this.window === window) this.window = null;
    });
    this.window = window;
  }

  private title(): string {
    return this.currentWorkspace ? this.t('shell.window.title', { name: this.currentWorkspace.name }) : this.t('shell.menu.app');
  }

  private platform() {
    return createElectronPlatform({
      window: () => this.window,
      language: () => this.language,
      currentWorkspace: () => this.currentWorkspace?.path ?? null,
    });
  }

  /** Settings and recent workspaces can change with any shell call: follow them in menu, theme, title. */
  private afterEachShellCall(handlers: ShellHandlers): ShellHandlers {
    const wrapped: Record<string, (input: never) => Promise<unknown>> = {};
    for (const [name, handler] of Object.entries(handlers) as Array<[string, (input: never) => Promise<unknown>]>) {
      wrapped[name] = async (input) => {
        try {
          return await handler(input);
        } finally {
          this.refreshChrome();
        }
      };
    }
    return wrapped as unknown as ShellHandlers;
  }

  /** Rebuilds the menu (only when its inputs changed), the title and the native theme. */
  private refreshChrome(force = false): void {
    const { language, recentWorkspaces, theme } = this.settings.all;
    nativeTheme.themeSource = theme;
    if (this.window && !this.window.isDestroyed()) {
      this.window.setTitle(this.title());
      this.window.setBackgroundColor(BACKGROUND[theme]);
    }
    const key = JSON.stringify([language, recentWorkspaces, this.currentWorkspace?.path ?? null]);
    if (!force && key === this.menuKey) return;
    this.menuKey = key;
    const template = buildMenuTemplate(
      { language, platform: process.platform, recentWorkspaces, currentWorkspace: this.currentWorkspace?.path ?? null, isPackaged: app.isPackaged },
      {
        main: (action) => void this.runMenuCall(MAIN_MENU_CHANNELS[action], {}),
        openRecent: (workspacePath) => void this.runMenuCall('workspace.openRecent', { path: workspacePath }),
        command: (command) => {
          this.openWindow();
          sendEvent(this.window, 'menu.command', { command });
        },
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  /** Menu items go through the router too, so they are validated exactly like calls from the page. */
  private async runMenuCall(channel: ChannelName, input: unknown): Promise<void> {
    if (!this.router) return;
    const result = await this.router(channel, input);
    if (!result.ok && result.error.code !== 'CANCELLED') await this.showError(result.error);
  }

  private async showError(error: AppError): Promise<void> {
    const box: MessageBoxOptions = {
      type: 'error',
      title: this.t('shell.dialog.actionFailed'),
      message: this.t('shell.dialog.actionFailed'),
      detail: this.t(error.messageKey, error.params),
      buttons: [this.t('shell.dialog.ok')],
      noLink: true,
    };
    if (this.window && !this.window.isDestroyed()) await dialog.showMessageBox(this.window, box);
    else await dialog.showMessageBox(box);
  }

  private async askAtStartup(problem: StartupProblem): Promise<StartupChoice> {
    const message = this.t(problem.isDefault ? 'shell.startup.defaultFailed' : 'shell.startup.lastFailed', { path: problem.path });
    const reason = this.t(problem.error.messageKey, problem.error.params);
    const detail = SAYS_UNTOUCHED.has(problem.error.code) ? reason : `${reason}\n\n${this.t('shell.startup.untouched')}`;
    const { response } = await dialog.showMessageBox({
      type: 'error',
      title: this.t('shell.startup.title'),
      message,
      detail,
      buttons: problem.choices.map((choice) => this.t(`shell.startup.${choice}`)),
      defaultId: 0,
      cancelId: problem.choices.indexOf('quit'),
      noLink: true,
    });
    return problem.choices[response] ?? 'quit';
  }

  fatal(error: unknown): void {
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(`[main] fatal: ${error instanceof Error ? (error.stack ?? detail) : detail}\n`);
    dialog.showErrorBox(this.t('shell.startup.title'), this.t('shell.startup.fatal', { detail }));
    app.exit(1);
  }
}

declareAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // One writer per workspace: a second launch focuses the running window instead.
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents, SOURCE));
  void app.whenReady().then(() => {
    const desk = new DeskApp();
    app.on('second-instance', () => desk.openWindow());
    app.on('activate', () => desk.openWindow());
    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin') app.quit();
    });
    return desk.start().catch((error: unknown) => desk.fatal(error));
  });
}
