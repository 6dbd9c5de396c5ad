/**
 * The two Electron IPC channels between the preload bridge and main. Every contract channel travels
 * inside CALL_CHANNEL (the router does the dispatching), so there is one ipcMain handler to guard.
 */
export const CALL_CHANNEL = 'desk:call';
export const EVENT_CHANNEL = 'desk:event';

/** What main sends on EVENT_CHANNEL. */
export interface EventEnvelope {
  event: string;
  payload: unknown;
}
