/**
 * The bundled main process (dist-electron/main.cjs) run under plain Node against a fake "electron"
 * module (there is no Electron binary here). It proves the wiring the pure unit tests cannot:
 * startup on the default workspace, the locked-down window, app:// serving with CSP, the guarded
 * IPC handler reaching the real bundled service host, events, menus, and the startup fallback.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleElectron, type BundleResult } from '../../../build/bundle-electron.ts';
import { sha256File, writeRandomFile } from '../../helpers/files.ts';
import { FakeElectron, FakeWebContents } from './fake-electron.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const ROOT = path.join(REPO, 'test-output', `electron-main-${process.pid}`);
const OUT = path.join(ROOT, 'dist-electron');
const RENDERER_HTML = '<!doctype html><title>Community Desk</title><div id="root"></div>';
const requireCjs = createRequire(import.meta.url);
let bundle: BundleResult;
const userDataDirs: string[] = [];
const running: FakeElectron[] = [];

beforeAll(async () => {
  bundle = await bundleElectron({ outDir: OUT });
  fs.mkdirSync(path.join(ROOT, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'dist', 'renderer', 'index.html'), RENDERER_HTML);
  // main.cjs requires "electron"; Node finds this stub before the real package (which needs the binary).
  const stub = path.join(OUT, 'node_modules', 'electron');
  fs.mkdirSync(stub, { recursive: true });
  fs.writeFileSync(path.join(stub, 'index.js'), 'module.exports = globalThis.__deskFakeElectron;\n');
}, 60_000);

afterEach(async () => {
  // Quitting stops each run's service host worker.
  for (const fake of running.splice(0)) await quitApp(fake);
});

afterAll(() => {
  fs.rmSync(ROOT, { recursive: true, force: true });
  for (const dir of userDataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function newUserData(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'community-desk-userdata-'));
  userDataDirs.push(dir);
  return dir;
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Quits as Electron does: will-quit with an event main may hold off; resolves once main has quit for real. */
async function quitApp(fake: FakeElectron): Promise<{ heldOff: boolean }> {
  fake.quitCalled = false;
  let heldOff = false;
  fake.app.emit('will-quit', { preventDefault: () => (heldOff = true) });
  if (heldOff) await waitFor('main to quit once its service host stopped', () => fake.quitCalled);
  return { heldOff };
}

/** Loads a fresh copy of main.cjs against a fresh fake Electron and waits until it is up (or quit). */
async function launch(userData: string, script: (fake: FakeElectron) => void = () => undefined): Promise<FakeElectron> {
  const fake = new FakeElectron(userData);
  script(fake);
  (globalThis as Record<string, unknown>).__deskFakeElectron = fake.module;
  for (const key of Object.keys(requireCjs.cache)) if (key.startsWith(OUT)) delete requireCjs.cache[key];
  delete process.env.DESK_DEV_SERVER_URL;
  requireCjs(bundle.files.main);
  running.push(fake);
  await waitFor('main to open a window or quit', () => fake.windows.length > 0 || fake.quitCalled || fake.exitCode !== null);
  if (fake.errorBoxes.length > 0) throw new Error(`main failed: ${JSON.stringify(fake.errorBoxes)}`);
  return fake;
}

interface MenuItem {
  id?: string;
  label?: string;
  submenu?: MenuItem[];
  click?: () => void;
}

function menuItem(fake: FakeElectron, id: string): MenuItem {
  const walk = (items: MenuItem[]): MenuItem | undefined => {
    for (const item of items) {
      if (item.id === id) return item;
      const found = item.submenu ? walk(item.submenu) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  const found = walk(fake.lastMenu as MenuItem[]);
  if (!found) throw new Error(`no menu item ${id}`);
  return found;
}

const settingsOf = (userData: string) => JSON.parse(fs.readFileSync(path.join(userData, 'settings.json'), 'utf8')) as Record<string, unknown>;

describe('bundled main process, first run', { timeout: 120_000 }, () => {
  it('creates the default workspace and a locked-down window on the app:// page', async () => {
    const userData = newUserData();
    const fake = await launch(userData);
    const defaultPath = path.join(userData, 'workspaces', 'default.sqlite');
    expect(fs.existsSync(defaultPath)).toBe(true);
    expect(settingsOf(userData)).toMatchObject({ lastWorkspace: defaultPath, recentWorkspaces: [defaultPath] });

    expect(fake.sandboxEnabled).toBe(true);
    expect(fake.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } }]);
    const window = fake.window;
    expect(window.loadedUrl).toBe('app://renderer/index.html');
    expect(window.title).toBe('社群工作台 — default');
    expect(window.options.show).toBe(false);
    expect(window.options.webPreferences).toMatchObject({
      preload: path.join(OUT, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
    });
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('serves the renderer with a strict CSP and nothing outside it', async () => {
    const fake = await launch(newUserData());
    const serve = fake.protocolHandlers.get('app');
    if (!serve) throw new Error('no app:// handler');
    const page = await serve(new Request('app://renderer/index.html'));
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(RENDERER_HTML);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self';");
    expect((await serve(new Request('app://renderer/..%2F..%2Fdist-electron%2Fmain.cjs'))).status).toBe(404);
    expect((await serve(new Request('app://renderer/missing.js'))).status).toBe(404);
    expect((await serve(new Request('app://elsewhere/index.html'))).status).toBe(404);

    let headers: Record<string, string[]> | undefined;
    fake.headersListener?.({ responseHeaders: { 'content-security-policy': ['default-src *'] } }, (response) => {
      headers = response.responseHeaders;
    });
    expect(headers?.['Content-Security-Policy']?.[0]).toContain("default-src 'none'");
    expect(headers?.['content-security-policy']).toBeUndefined();

    const granted: boolean[] = [];
    fake.permissionRequestHandler?.(fake.window.webContents, 'media', (value) => granted.push(value), { requestingUrl: 'app://renderer/index.html' });
    fake.permissionRequestHandler?.(fake.window.webContents, 'geolocation', (value) => granted.push(value), { requestingUrl: 'app://renderer/index.html' });
    expect(granted).toEqual([false, false]);
    expect(fake.permissionCheckHandler?.(null, 'notifications', 'app://renderer')).toBe(false);
  });

  it('answers the page through the router and the bundled service host, and refuses other senders', async () => {
    const fake = await launch(newUserData());
    await expect(fake.call('groups.create', { fields: { name: '读书会', platform: 'wechat', capacity: 300 } })).resolves.toMatchObject({
      ok: true,
      value: { name: '读书会', platform: 'wechat', capacity: 300 },
    });
    await expect(fake.call('groups.list', {})).resolves.toMatchObject({ ok: true, value: [{ name: '读书会' }] });
    await expect(fake.call('groups.create', { fields: { name: '', platform: 'myspace' } })).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await expect(fake.call('fs.readFile', { path: '/etc/passwd' })).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    await expect(fake.call('settings.get', {})).resolves.toMatchObject({ ok: true, value: { language: 'zh-CN' } });

    await expect(fake.call('groups.list', {}, { frameUrl: 'https://evil.example/' })).rejects.toThrow(/Refused/);
    await expect(fake.call('groups.list', {}, { iframe: true })).rejects.toThrow(/Refused/);
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = 'app://renderer/index.html';
    await expect(fake.call('groups.list', {}, { contents: stranger })).rejects.toThrow(/Refused/);
  });

  it('relays job progress and menu commands to the window as desk:event', async () => {
    const fake = await launch(newUserData());
    const result = await fake.call('backups.run', { jobId: 'backup-1' });
    expect(result).toMatchObject({ ok: true, value: { reason: 'manual' } });
    const events = fake.window.webContents.sent.filter((message) => message.channel === 'desk:event').map((message) => message.payload as { event: string; payload: Record<string, unknown> });
    expect(events.some((event) => event.event === 'job.progress' && event.payload.jobId === 'backup-1')).toBe(true);

    menuItem(fake, 'command.showHelp').click?.();
    expect(fake.window.webContents.sent.at(-1)).toEqual({ channel: 'desk:event', payload: { event: 'menu.command', payload: { command: 'showHelp' } } });
  });

  it('rebuilds the menu and title in the new language after settings change', async () => {
    const fake = await launch(newUserData());
    expect((fake.lastMenu[0] as MenuItem).label).toBe('文件');
    await expect(fake.call('settings.update', { language: 'en', theme: 'dark' })).resolves.toMatchObject({ ok: true, value: { language: 'en', theme: 'dark' } });
    expect((fake.lastMenu[0] as MenuItem).label).toBe('File');
    expect(fake.window.title).toBe('Community Desk — default');
    expect((fake.module.nativeTheme as { themeSource: string }).themeSource).toBe('dark');
  });

  it('saves a copy from the menu, but never over the open workspace', async () => {
    const userData = newUserData();
    const fake = await launch(userData);
    const defaultPath = path.join(userData, 'workspaces', 'default.sqlite');
    const before = sha256File(defaultPath);
    fake.saveDialogAnswers.push(defaultPath);
    menuItem(fake, 'saveCopy').click?.();
    await waitFor('the warning', () => fake.messageBoxes.length > 0);
    expect(fake.messageBoxes[0]?.message).toContain('不能把副本保存到正在使用的工作区文件上');
    expect(sha256File(defaultPath)).toBe(before);

    const copy = path.join(userData, 'copy-of-default');
    fake.saveDialogAnswers.push(copy);
    menuItem(fake, 'saveCopy').click?.();
    await waitFor('the copy', () => fs.existsSync(`${copy}.sqlite`));
  });

  it('keeps the page in place: no navigation away, no new windows, no webviews', async () => {
    const fake = await launch(newUserData());
    const contents = fake.window.webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    await waitFor('openExternal', () => fake.externalUrls.length > 0);
    expect(fake.externalUrls).toEqual(['https://example.com/docs']);

    const attempt = (event: string, url: string) => {
      let prevented = false;
      contents.emit(event, { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(attempt('will-navigate', 'app://renderer/index.html#/groups')).toBe(false);
    expect(attempt('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(attempt('will-attach-webview', 'app://renderer/index.html')).toBe(true);
  });

  it('quits only once its service host has closed the workspace (checkpointed, no WAL left)', async () => {
    const userData = newUserData();
    const fake = await launch(userData);
    const defaultPath = path.join(userData, 'workspaces', 'default.sqlite');
    expect(fs.existsSync(`${defaultPath}-wal`)).toBe(true);
    running.splice(running.indexOf(fake), 1);
    expect(await quitApp(fake)).toEqual({ heldOff: true });
    expect(fake.quitCalled).toBe(true);
    expect(fs.existsSync(`${defaultPath}-wal`)).toBe(false);
  });

  it('remembers the window bounds when it closes and reuses them', async () => {
    const userData = newUserData();
    const fake = await launch(userData);
    fake.window.maximized = true;
    fake.window.emit('close');
    expect(settingsOf(userData).windowBounds).toEqual({ x: 120, y: 80, width: 1300, height: 860, maximized: true });
    running.splice(running.indexOf(fake), 1);
    await quitApp(fake);

    const again = await launch(userData);
    expect(again.window.options).toMatchObject({ x: 120, y: 80, width: 1300, height: 860 });
    again.window.emit('ready-to-show');
    expect(again.window.maximized).toBe(true);
  });
});

describe('bundled main process, when the last workspace cannot be opened', { timeout: 120_000 }, () => {
  function withBrokenLastWorkspace(userData: string): string {
    const broken = path.join(userData, 'elsewhere', 'team.sqlite');
    writeRandomFile(broken, 32 * 1024);
    fs.mkdirSync(path.join(userData, 'elsewhere', 'team.backups'));
    fs.writeFileSync(path.join(userData, 'settings.json'), JSON.stringify({ lastWorkspace: broken, recentWorkspaces: [broken] }));
    return broken;
  }

  it('says why, offers the backups folder, opens the default workspace on request and leaves the file alone', async () => {
    const userData = newUserData();
    const broken = withBrokenLastWorkspace(userData);
    const before = sha256File(broken);
    // 1 = "open the backups folder", then 0 = "open the default workspace".
    const fake = await launch(userData, (f) => f.messageBoxAnswers.push(1, 0));

    expect(fake.messageBoxes).toHaveLength(2);
    const box = fake.messageBoxes[0];
    expect(box?.type).toBe('error');
    expect(box?.message).toBe(`上次使用的工作区“${broken}”无法打开。`);
    expect(box?.detail).toContain('不是社群工作台的工作区文件');
    expect(box?.buttons).toEqual(['打开默认工作区', '打开备份文件夹', '选择其他工作区…', '退出']);
    expect(fake.openedPaths).toEqual([path.join(userData, 'elsewhere', 'team.backups')]);

    expect(fake.window.title).toBe('社群工作台 — default');
    expect(sha256File(broken)).toBe(before);
    expect(settingsOf(userData).lastWorkspace).toBe(path.join(userData, 'workspaces', 'default.sqlite'));
  });

  it('quits when the operator chooses to, without opening anything', async () => {
    const userData = newUserData();
    withBrokenLastWorkspace(userData);
    const fake = await launch(userData, (f) => f.messageBoxAnswers.push(3));
    expect(fake.quitCalled).toBe(true);
    expect(fake.windows).toHaveLength(0);
    expect(fs.existsSync(path.join(userData, 'workspaces'))).toBe(false);
  });
});
