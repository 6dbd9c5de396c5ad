/**
 * The end-to-end test host: the real service host on a workspace, the real shell handlers and router,
 * and the built renderer served on loopback with `window.api` provided over HTTP. Compared with
 * Electron only the transport differs: Electron's preload forwards `window.api` calls through IPC to
 * the same router; here a small bridge script forwards them with fetch, and events arrive by
 * Server-Sent Events instead of webContents.send. Dialogs are scripted (see ScriptedPlatform).
 *
 * By hand:  node tests/e2e/test-host.ts [--workspace /tmp/x.sqlite] [--port 5177] [--data-dir DIR]
 * (build the renderer first with `npx vite build`).
 *
 * Scripting the member import / export dialogs (for the UI's end-to-end specs):
 * - In-process: `testHost.platform.answers.importFile.push('/abs/path/roster.xlsx')` answers the next
 *   "choose a file to import" dialog (importer.chooseFile); `answers.exportPath.push('/abs/out.xlsx')`
 *   the next "save as .xlsx" dialog (members.export, importer.exportProblems). `null` = cancelled.
 * - Over HTTP (from the page or the spec): `POST /__test/dialogs` with JSON
 *   `{ "importFile": ["/abs/a.xlsx"], "exportPath": ["/abs/out.xlsx"], "open": [...], "newWorkspace": [...], "copy": [...] }`
 *   appends to the queues (every key optional, each a list of paths or null); `{ "reset": true }` empties
 *   them first. It answers the queues as JSON. `GET /__test/dialogs` shows the queues and the dialog calls.
 * - Empty queues: the import dialog is cancelled (null); the export dialog answers a fresh path
 *   <dataDir>/exports/<suggested name> (so an export always lands somewhere a spec can read it).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppFailure } from '../../shared/contract/result.ts';
import { translate } from '../../shared/i18n/translate.ts';
import { EVENT_NAMES, type EventName, type EventPayloads, type MenuCommand } from '../../shared/contract/channels.ts';
import { ServiceHostClient } from '../../electron/host/client.ts';
import { createRouter, type Router } from '../../electron/ipc/router.ts';
import { SettingsStore } from '../../electron/shell/settings-store.ts';
import { createShellHandlers, type ExportPurpose, type ShellPlatform } from '../../electron/shell/shell-handlers.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_RENDERER_DIR = path.join(REPO_ROOT, 'dist', 'renderer');
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const BRIDGE_PATH = '/__desk_bridge.js';

export interface PlatformCall {
  method: keyof ShellPlatform;
  args: unknown[];
}

/**
 * Native dialogs, answered from a script. Queue the next answers in `answers`; when a queue is
 * empty, "new" and "copy" dialogs answer a fresh path in the data folder and "open" is cancelled.
 */
export interface DialogAnswers {
  open: (string | null)[];
  newWorkspace: (string | null)[];
  copy: (string | null)[];
  /** importer.chooseFile: the member list to import; empty queue = cancelled. */
  importFile: (string | null)[];
  /** members.export and importer.exportProblems: where to save the .xlsx; empty queue = <dataDir>/exports/<suggested name>. */
  exportPath: (string | null)[];
}

export const DIALOG_QUEUES = ['open', 'newWorkspace', 'copy', 'importFile', 'exportPath'] as const satisfies ReadonlyArray<keyof DialogAnswers>;

export class ScriptedPlatform implements ShellPlatform {
  readonly calls: PlatformCall[] = [];
  readonly answers: DialogAnswers = { open: [], newWorkspace: [], copy: [], importFile: [], exportPath: [] };
  private readonly dir: string;
  private counter = 0;

  constructor(dir: string) {
    this.dir = dir;
  }

  private next(queue: (string | null)[], fallback: () => string | null): string | null {
    return queue.length > 0 ? (queue.shift() ?? null) : fallback();
  }

  async chooseWorkspaceToOpen(): Promise<string | null> {
    this.calls.push({ method: 'chooseWorkspaceToOpen', args: [] });
    return this.next(this.answers.open, () => null);
  }

  async chooseNewWorkspacePath(): Promise<string | null> {
    this.calls.push({ method: 'chooseNewWorkspacePath', args: [] });
    return this.next(this.answers.newWorkspace, () => path.join(this.dir, `workspace-${++this.counter}.sqlite`));
  }

  async chooseCopyPath(suggestedName: string): Promise<string | null> {
    this.calls.push({ method: 'chooseCopyPath', args: [suggestedName] });
    return this.next(this.answers.copy, () => {
      const folder = path.join(this.dir, 'copies');
      fs.mkdirSync(folder, { recursive: true });
      return path.join(folder, suggestedName);
    });
  }

  async revealInFolder(filePath: string): Promise<void> {
    this.calls.push({ method: 'revealInFolder', args: [filePath] });
  }

  async chooseImportFile(): Promise<string | null> {
    this.calls.push({ method: 'chooseImportFile', args: [] });
    return this.next(this.answers.importFile, () => null);
  }

  async chooseExportPath(suggestedName: string, purpose: ExportPurpose): Promise<string | null> {
    this.calls.push({ method: 'chooseExportPath', args: [suggestedName, purpose] });
    return this.next(this.answers.exportPath, () => {
      const folder = path.join(this.dir, 'exports');
      fs.mkdirSync(folder, { recursive: true });
      return path.join(folder, suggestedName);
    });
  }

  /** Applies a POST /__test/dialogs body: queues answers (and empties the queues first on `reset`). */
  script(body: unknown): void {
    if (typeof body !== 'object' || body === null) throw new Error('expected a JSON object');
    const record = body as Record<string, unknown>;
    if (record.reset === true) for (const queue of DIALOG_QUEUES) this.answers[queue].length = 0;
    for (const queue of DIALOG_QUEUES) {
      const values = record[queue];
      if (values === undefined) continue;
      if (!Array.isArray(values) || !values.every((value) => value === null || typeof value === 'string')) throw new Error(`${queue}: expected a list of paths or null`);
      this.answers[queue].push(...(values as (string | null)[]));
    }
  }

  async openExternal(url: string): Promise<void> {
    this.calls.push({ method: 'openExternal', args: [url] });
  }
}

export interface TestHostOptions {
  /** Workspace to open (created if missing); it is the "default workspace". Default: <dataDir>/community-desk.sqlite. */
  workspacePath?: string;
  /** Where settings, dialog answers and (by default) the workspace live. Default: a new temp folder, removed on close. */
  dataDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  rendererDir?: string;
}

export interface TestHost {
  url: string;
  dataDir: string;
  workspacePath: string;
  platform: ScriptedPlatform;
  settings: SettingsStore;
  host: ServiceHostClient;
  router: Router;
  /** Windows currently listening for events (a page counts once its event stream is open). */
  eventClientCount(): number;
  /** What Electron's app menu does when an item is clicked: tell the window. */
  sendMenuCommand(command: MenuCommand): void;
  close(): Promise<void>;
}

/** The bridge: `window.api` with the DeskApi shape, over fetch and EventSource. Transport only. */
function bridgeSource(): string {
  return `"use strict";
(() => {
  const EVENTS = ${JSON.stringify(EVENT_NAMES)};
  const listeners = new Map();
  const source = new EventSource("./api/events");
  for (const name of EVENTS) {
    source.addEventListener(name, (message) => {
      let payload;
      try { payload = JSON.parse(message.data); } catch { return; }
      for (const listener of [...(listeners.get(name) ?? [])]) {
        try { listener(payload); } catch (error) { console.error(error); }
      }
    });
  }
  const api = {
    async call(channel, input) {
      try {
        const response = await fetch("./api/call", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ channel, input }),
        });
        return await response.json();
      } catch {
        return { ok: false, error: { code: "INTERNAL", messageKey: "errors.hostStopped" } };
      }
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => { set.delete(listener); };
    },
  };
  Object.defineProperty(window, "api", { value: Object.freeze(api), enumerable: true });
})();
`;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  response.end(body);
}

export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const workspacePath = path.resolve(options.workspacePath ?? path.join(dataDir, 'community-desk.sqlite'));
  const rendererDir = path.resolve(options.rendererDir ?? DEFAULT_RENDERER_DIR);
  const indexFile = path.join(rendererDir, 'index.html');
  if (!fs.existsSync(indexFile)) throw new Error(`No built renderer at ${rendererDir}; run \`npx vite build\` first.`);

  const host = await ServiceHostClient.start({ workspacePath, create: true, isDefault: true, dailyBackup: true });
  const settings = new SettingsStore(path.join(dataDir, 'settings.json'));
  settings.rememberWorkspace(host.initial.path);
  const platform = new ScriptedPlatform(dataDir);
  const shell = createShellHandlers({ host, settings, platform, defaultWorkspacePath: workspacePath });
  const router = createRouter(host, shell);

  const streams = new Set<http.ServerResponse>();
  const broadcast = <E extends EventName>(event: E, payload: EventPayloads[E]): void => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const stream of streams) stream.write(frame);
  };
  const unsubscribers = EVENT_NAMES.map((event) => host.on(event, (payload) => broadcast(event, payload)));

  let origin = '';
  const server = http.createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', String(error));
      else response.end();
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    // Only this page may talk to the host: refuse other Host names (DNS rebinding) and other origins.
    const hostHeader = request.headers.host ?? '';
    if (origin && hostHeader !== new URL(origin).host && hostHeader !== `localhost:${new URL(origin).port}`) {
      send(response, 403, 'text/plain; charset=utf-8', 'forbidden host');
      return;
    }
    const url = new URL(request.url ?? '/', origin || 'http://127.0.0.1');
    if (url.pathname === '/api/call') {
      if (request.method !== 'POST') return send(response, 405, 'text/plain; charset=utf-8', 'POST only');
      const requestOrigin = request.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== `http://${hostHeader}`) return send(response, 403, 'text/plain; charset=utf-8', 'forbidden origin');
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return send(response, 415, 'text/plain; charset=utf-8', 'JSON only');
      let message: unknown;
      try {
        message = JSON.parse(await readBody(request));
      } catch {
        return send(response, 400, 'text/plain; charset=utf-8', 'bad request');
      }
      const { channel, input } = (typeof message === 'object' && message !== null ? message : {}) as { channel?: unknown; input?: unknown };
      const result = await router(channel, input);
      return send(response, 200, 'application/json; charset=utf-8', JSON.stringify(result));
    }
    if (url.pathname === '/__test/dialogs') {
      if (request.method === 'GET') return send(response, 200, 'application/json; charset=utf-8', JSON.stringify({ answers: platform.answers, calls: platform.calls }));
      if (request.method !== 'POST') return send(response, 405, 'text/plain; charset=utf-8', 'GET or POST');
      const requestOrigin = request.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== `http://${hostHeader}`) return send(response, 403, 'text/plain; charset=utf-8', 'forbidden origin');
      try {
        platform.script(JSON.parse(await readBody(request)));
      } catch (error) {
        return send(response, 400, 'text/plain; charset=utf-8', error instanceof Error ? error.message : 'bad request');
      }
      return send(response, 200, 'application/json; charset=utf-8', JSON.stringify(platform.answers));
    }
    if (url.pathname === '/api/events') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      response.write('retry: 1000\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain; charset=utf-8', 'GET only');
    if (url.pathname === BRIDGE_PATH) return send(response, 200, CONTENT_TYPES['.js'] ?? 'text/javascript', bridgeSource());
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const html = fs.readFileSync(indexFile, 'utf8');
      const marker = html.indexOf('<script');
      const tag = `<script src=".${BRIDGE_PATH}"></script>\n    `;
      const injected = marker === -1 ? html.replace('</head>', `${tag}</head>`) : `${html.slice(0, marker)}${tag}${html.slice(marker)}`;
      return send(response, 200, CONTENT_TYPES['.html'] ?? 'text/html', injected);
    }
    const file = path.resolve(rendererDir, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return send(response, 404, 'text/plain; charset=utf-8', 'not found');
    }
    return send(response, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no server address');
  origin = `http://127.0.0.1:${address.port}`;

  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  return {
    url: `${origin}/`,
    dataDir,
    workspacePath,
    platform,
    settings,
    host,
    router,
    eventClientCount: () => streams.size,
    sendMenuCommand: (command) => broadcast('menu.command', { command }),
    async close() {
      clearInterval(heartbeat);
      for (const unsubscribe of unsubscribers) unsubscribe();
      for (const stream of streams) stream.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await host.stop();
      if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' },
      port: { type: 'string', default: '5177' },
      'data-dir': { type: 'string' },
      renderer: { type: 'string' },
    },
  });
  const workspacePath = values.workspace;
  const dataDir = values['data-dir'] ?? (workspacePath ? path.join(path.dirname(path.resolve(workspacePath)), '.desk-test-host') : undefined);
  const testHost = await startTestHost({
    port: Number(values.port),
    ...(workspacePath ? { workspacePath } : {}),
    ...(dataDir ? { dataDir } : {}),
    ...(values.renderer ? { rendererDir: values.renderer } : {}),
  });
  process.stdout.write(`Community Desk test host\n  app:       ${testHost.url}\n  workspace: ${testHost.workspacePath}\n  data:      ${testHost.dataDir}\nPress Ctrl+C to stop.\n`);
  const stop = () => {
    void testHost.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    const text = error instanceof AppFailure ? translate('en', error.appError.messageKey, error.appError.params) : error instanceof Error ? error.message : String(error);
    process.stderr.write(`${text}\n`);
    process.exit(1);
  });
}
