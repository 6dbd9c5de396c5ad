/**
 * The preload script of the main window (bundled to dist-electron/preload.cjs). It runs sandboxed,
 * where require() only knows "electron" and a few Node built-ins, so build/bundle-electron.ts turns
 * it and its imports into one CommonJS file with "electron" left external.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createDeskApi } from './bridge.ts';

contextBridge.exposeInMainWorld('api', createDeskApi(ipcRenderer));
