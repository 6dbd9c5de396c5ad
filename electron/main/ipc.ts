/**
 * The one ipcMain handler: check who is calling, then hand the call to the router (which validates
 * the payload against the contract). Events go the other way on EVENT_CHANNEL.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { EventName, EventPayloads } from '../../shared/contract/channels.ts';
import { fail, type Result } from '../../shared/contract/result.ts';
import type { Router } from '../ipc/router.ts';
import { CALL_CHANNEL, EVENT_CHANNEL, type EventEnvelope } from './ipc-channels.ts';
import type { RendererSource } from './renderer-source.ts';
import { isTrustedSender, type SenderFacts } from './security-policy.ts';

export interface IpcOptions {
  router: Router;
  window: () => BrowserWindow | null;
  source: RendererSource;
}

export function senderFacts(event: IpcMainInvokeEvent): SenderFacts {
  const frame = event.senderFrame;
  return { webContentsId: event.sender.id, frameUrl: frame ? frame.url : null, isMainFrame: frame !== null && frame.parent === null };
}

/** Registers the call handler; returns a function that removes it. */
export function registerCallHandler(options: IpcOptions): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event, channel: unknown, input: unknown): Promise<Result<unknown>> => {
    const window = options.window();
    const windowContentsId = window && !window.isDestroyed() ? window.webContents.id : null;
    const facts = senderFacts(event);
    if (!isTrustedSender(facts, windowContentsId, options.source)) {
      process.stderr.write(`[main] refused an IPC call from an untrusted sender (${String(facts.frameUrl).slice(0, 200)})\n`);
      throw new Error('Refused: this page may not call Community Desk');
    }
    try {
      return await options.router(channel, input);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return fail({ code: 'INTERNAL', messageKey: 'errors.internal', params: { detail: detail.slice(0, 300) } });
    }
  });
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

export function sendEvent<E extends EventName>(window: BrowserWindow | null, event: E, payload: EventPayloads[E]): void {
  if (!window || window.isDestroyed() || window.webContents.isDestroyed()) return;
  const envelope: EventEnvelope = { event, payload };
  window.webContents.send(EVENT_CHANNEL, envelope);
}
