/**
 * The main window: locked-down webPreferences, remembered bounds, shown when ready (no white flash).
 */
import { BrowserWindow, screen } from 'electron';
import type { WindowBounds } from '../shell/settings-store.ts';
import type { RendererSource } from './renderer-source.ts';
import { secureWebPreferences } from './web-preferences.ts';
import { MIN_WINDOW_SIZE, sanitizeWindowBounds } from './window-bounds.ts';

export interface MainWindowOptions {
  preloadPath: string;
  source: RendererSource;
  storedBounds: WindowBounds | null;
  backgroundColor: string;
  title: string;
  devTools: boolean;
  saveBounds(bounds: WindowBounds): void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  const bounds = sanitizeWindowBounds(options.storedBounds, [primary.workArea, ...others.map((display) => display.workArea)]);

  const window = new BrowserWindow({
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : { center: true }),
    width: bounds.width,
    height: bounds.height,
    minWidth: Math.min(MIN_WINDOW_SIZE.width, primary.workArea.width),
    minHeight: Math.min(MIN_WINDOW_SIZE.height, primary.workArea.height),
    show: false,
    title: options.title,
    backgroundColor: options.backgroundColor,
    webPreferences: secureWebPreferences(options.preloadPath, options.devTools),
  });

  window.once('ready-to-show', () => {
    if (bounds.maximized) window.maximize();
    window.show();
  });
  // The title names the open workspace; main sets it, the page's <title> does not override it.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.on('close', () => {
    const normal = window.getNormalBounds();
    options.saveBounds({ x: normal.x, y: normal.y, width: normal.width, height: normal.height, maximized: window.isMaximized() });
  });

  void window.loadURL(options.source.entryUrl).catch((error: unknown) => {
    process.stderr.write(`[main] could not load ${options.source.entryUrl}: ${error instanceof Error ? error.message : String(error)}\n`);
  });
  return window;
}
