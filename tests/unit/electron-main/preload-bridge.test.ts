import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../shared/contract/channels.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../../electron/main/ipc-channels.ts';
import { createDeskApi, PRELOAD_CHANNELS, PRELOAD_EVENTS, type BridgeIpc } from '../../../electron/preload/bridge.ts';

type Listener = (event: unknown, ...args: unknown[]) => void;

class FakeIpc implements BridgeIpc {
  readonly invoked: unknown[][] = [];
  readonly listeners = new Set<Listener>();
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, ...args]);
    return { ok: true, value: 'answer' };
  }
  on(channel: string, listener: Listener): void {
    expect(channel).toBe(EVENT_CHANNEL);
    this.listeners.add(listener);
  }
  removeListener(channel: string, listener: Listener): void {
    expect(channel).toBe(EVENT_CHANNEL);
    this.listeners.delete(listener);
  }
  emit(envelope: unknown): void {
    for (const listener of this.listeners) listener({ sender: 'main' }, envelope);
  }
}

describe('preload allow-lists', () => {
  it('are exactly the contract channels and events', () => {
    expect(Object.keys(PRELOAD_CHANNELS).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(Object.keys(PRELOAD_EVENTS).sort()).toEqual([...EVENT_NAMES].sort());
  });
});

describe('createDeskApi', () => {
  it('sends contract calls to main on the one call channel', async () => {
    const ipc = new FakeIpc();
    const api = createDeskApi(ipc);
    await expect(api.call('groups.list', { includeArchived: true })).resolves.toEqual({ ok: true, value: 'answer' });
    expect(ipc.invoked).toEqual([[CALL_CHANNEL, 'groups.list', { includeArchived: true }]]);
  });

  it('refuses channels outside the contract without reaching main', async () => {
    const ipc = new FakeIpc();
    const api = createDeskApi(ipc) as unknown as { call(channel: unknown, input: unknown): Promise<unknown> };
    for (const channel of ['fs.readFile', '__proto__', 'constructor', 'toString', 42, null]) {
      await expect(api.call(channel, {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL', messageKey: 'errors.unknownChannel' } });
    }
    expect(ipc.invoked).toEqual([]);
  });

  it('delivers only the subscribed event, and stops after unsubscribing', () => {
    const ipc = new FakeIpc();
    const api = createDeskApi(ipc);
    const progress: unknown[] = [];
    const stop = api.on('job.progress', (payload) => progress.push(payload));
    ipc.emit({ event: 'job.progress', payload: { jobId: 'b1', done: 1, total: 4, phaseKey: 'jobs.phase.backup' } });
    ipc.emit({ event: 'menu.command', payload: { command: 'undo' } });
    ipc.emit('garbage');
    ipc.emit(null);
    expect(progress).toEqual([{ jobId: 'b1', done: 1, total: 4, phaseKey: 'jobs.phase.backup' }]);
    stop();
    stop();
    expect(ipc.listeners.size).toBe(0);
    ipc.emit({ event: 'job.progress', payload: {} });
    expect(progress).toHaveLength(1);
  });

  it('refuses unknown events and non-function listeners', () => {
    const api = createDeskApi(new FakeIpc()) as unknown as { on(event: unknown, listener: unknown): unknown };
    expect(() => api.on('ipc.anything', () => undefined)).toThrow(TypeError);
    expect(() => api.on('__proto__', () => undefined)).toThrow(TypeError);
    expect(() => api.on('job.progress', 'not a function')).toThrow(TypeError);
  });
});
