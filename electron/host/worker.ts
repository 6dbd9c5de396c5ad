/**
 * The service host: a worker thread that owns the one writer connection to the workspace, so the
 * main process and the window never wait on SQL. The same file runs under Electron and plain Node.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createHostHandlers, type HostHandlers } from './handlers.ts';
import { HostState } from './host-state.ts';
import type { HostMessage, HostRequest, HostStartOptions, HostStop } from './protocol.ts';
import { toResult } from './to-result.ts';
import { restoreLatestBackupInPlace } from '../services/workspace/restore-backup.ts';

const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');

const options = workerData as HostStartOptions;
const state = new HostState({ dailyBackup: options.dailyBackup });
const post = (message: HostMessage): void => port.postMessage(message);
const handlers = createHostHandlers(state, (event, payload) => post({ type: 'event', event, payload }));

type AnyHandler = (input: unknown) => Promise<unknown>;

port.on('message', (request: HostRequest | HostStop) => {
  if (request.type === 'stop') {
    // Ends the thread by letting its event loop run dry: nothing is cut off mid-statement.
    void toResult(() => state.shutdown()).then(() => port.close());
    return;
  }
  const handler = handlers[request.op as keyof HostHandlers] as AnyHandler | undefined;
  void toResult(async () => {
    if (!handler) throw new Error(`no host handler for ${request.op}`);
    return handler(request.input);
  }).then((result) => post({ type: 'response', id: request.id, result }));
});

void toResult(async () => {
  if (options.restoreLatestBackup) restoreLatestBackupInPlace(options.workspacePath, new Date());
  return state.open(options.workspacePath, options.create, options.isDefault);
}).then((result) => {
  port.postMessage({ type: 'ready', result });
});
