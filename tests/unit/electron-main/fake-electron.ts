/**
 * A stand-in for the "electron" module, just wide enough to run the bundled main process
 * (dist-electron/main.cjs) under plain Node: it records what main asks of Electron (windows,
 * menus, dialogs, handlers) and lets a test play the renderer and the operator.
 */
type Handler = (...args: never[]) => unknown;

class Emitter {
  readonly handlers = new Map<string, Handler[]>();
  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  once(event: string, handler: Handler): this {
    return this.on(event, handler);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) (handler as (...values: unknown[]) => unknown)(...args);
  }
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

let nextContentsId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextContentsId++;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly mainFrame = { url: '', parent: null };
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return false;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
}

export class FakeBrowserWindow extends Emitter {
  readonly options: Record<string, unknown>;
  readonly webContents = new FakeWebContents();
  title = '';
  backgroundColor = '';
  loadedUrl = '';
  shown = false;
  maximized = false;
  constructor(fake: FakeElectron, options: Record<string, unknown>) {
    super();
    this.options = options;
    this.title = String(options.title ?? '');
    fake.windows.push(this);
    fake.app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setBackgroundColor(color: string): void {
    this.backgroundColor = color;
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  show(): void {
    this.shown = true;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): Rect {
    return { x: 120, y: 80, width: 1300, height: 860 };
  }
}

/** A BrowserWindow constructor bound to one fake, as `new BrowserWindow(options)` is called in main. */
function windowClassFor(fake: FakeElectron): new (options: Record<string, unknown>) => FakeBrowserWindow {
  return class extends FakeBrowserWindow {
    constructor(options: Record<string, unknown>) {
      super(fake, options);
    }
  };
}

type MessageBoxOptions = { type?: string; title?: string; message: string; detail?: string; buttons?: string[] };
type ProtocolHandler = (request: Request) => Promise<Response>;
type HeadersListener = (details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void;
type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void;
type IpcHandler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

export class FakeElectron {
  readonly userData: string;
  readonly windows: FakeBrowserWindow[] = [];
  readonly ipcHandlers = new Map<string, IpcHandler>();
  readonly menus: unknown[][] = [];
  readonly privilegedSchemes: unknown[] = [];
  readonly protocolHandlers = new Map<string, ProtocolHandler>();
  readonly messageBoxes: MessageBoxOptions[] = [];
  readonly errorBoxes: Array<{ title: string; content: string }> = [];
  readonly openedPaths: string[] = [];
  readonly externalUrls: string[] = [];
  /** Answers (button indexes) for the next message boxes; 0 when none is scripted. */
  readonly messageBoxAnswers: number[] = [];
  readonly saveDialogAnswers: Array<string | null> = [];
  headersListener: HeadersListener | null = null;
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: ((contents: unknown, permission: string, origin: string) => boolean) | null = null;
  sandboxEnabled = false;
  quitCalled = false;
  exitCode: number | null = null;

  readonly app: Emitter & Record<string, unknown>;
  readonly module: Record<string, unknown>;

  constructor(userData: string) {
    this.userData = userData;
    const app = new Emitter() as Emitter & Record<string, unknown>;
    Object.assign(app, {
      isPackaged: true,
      getPath: (name: string) => (name === 'userData' ? userData : `${userData}/${name}`),
      whenReady: () => Promise.resolve(),
      enableSandbox: () => {
        this.sandboxEnabled = true;
      },
      requestSingleInstanceLock: () => true,
      quit: () => {
        this.quitCalled = true;
      },
      exit: (code: number) => {
        this.exitCode = code;
      },
    });
    this.app = app;

    const showMessageBox = async (...args: unknown[]) => {
      const options = (args.length > 1 ? args[1] : args[0]) as MessageBoxOptions;
      this.messageBoxes.push(options);
      return { response: this.messageBoxAnswers.shift() ?? 0, checkboxChecked: false };
    };

    this.module = {
      app,
      BrowserWindow: windowClassFor(this),
      protocol: {
        registerSchemesAsPrivileged: (schemes: unknown[]) => this.privilegedSchemes.push(...schemes),
      },
      session: {
        defaultSession: {
          webRequest: {
            onHeadersReceived: (listener: HeadersListener) => {
              this.headersListener = listener;
            },
          },
          setPermissionRequestHandler: (handler: PermissionRequestHandler) => {
            this.permissionRequestHandler = handler;
          },
          setPermissionCheckHandler: (handler: (contents: unknown, permission: string, origin: string) => boolean) => {
            this.permissionCheckHandler = handler;
          },
          setDevicePermissionHandler: () => undefined,
          protocol: {
            handle: (scheme: string, handler: ProtocolHandler) => this.protocolHandlers.set(scheme, handler),
          },
        },
      },
      screen: {
        getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
        getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
      },
      ipcMain: {
        handle: (channel: string, handler: IpcHandler) => this.ipcHandlers.set(channel, handler),
        removeHandler: (channel: string) => this.ipcHandlers.delete(channel),
      },
      Menu: {
        buildFromTemplate: (template: unknown[]) => ({ template }),
        setApplicationMenu: (menu: { template: unknown[] }) => this.menus.push(menu.template),
      },
      nativeTheme: { themeSource: 'system' },
      dialog: {
        showMessageBox,
        showErrorBox: (title: string, content: string) => this.errorBoxes.push({ title, content }),
        showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
        showSaveDialog: async () => {
          const answer = this.saveDialogAnswers.shift() ?? null;
          return answer === null ? { canceled: true } : { canceled: false, filePath: answer };
        },
      },
      shell: {
        openPath: async (target: string) => {
          this.openedPaths.push(target);
          return '';
        },
        showItemInFolder: (target: string) => this.openedPaths.push(target),
        openExternal: async (url: string) => {
          this.externalUrls.push(url);
        },
      },
    };
  }

  get window(): FakeBrowserWindow {
    const window = this.windows[0];
    if (!window) throw new Error('main has not created a window');
    return window;
  }

  get lastMenu(): unknown[] {
    const menu = this.menus.at(-1);
    if (!menu) throw new Error('main has not set a menu');
    return menu;
  }

  /** Calls main's IPC handler as the page in frame `frameUrl` of `contents` would. */
  call(channel: unknown, input: unknown, sender: { contents?: FakeWebContents; frameUrl?: string; iframe?: boolean } = {}): Promise<unknown> {
    const handler = this.ipcHandlers.get('desk:call');
    if (!handler) throw new Error('main registered no desk:call handler');
    const contents = sender.contents ?? this.window.webContents;
    const senderFrame = { url: sender.frameUrl ?? contents.mainFrame.url, parent: sender.iframe ? {} : null };
    return handler({ sender: contents, senderFrame }, channel, input);
  }
}
