import { channels, type ChannelName, type HostChannelName, type ShellChannelName } from '../../shared/contract/channels.ts';
import type { Result } from '../../shared/contract/result.ts';
import { validatePayload } from '../../shared/contract/validate.ts';
import type { ServiceHostClient } from '../host/client.ts';
import { toResult } from '../host/to-result.ts';
import type { ShellHandlers } from '../shell/shell-handlers.ts';

export type Router = (channel: unknown, payload: unknown) => Promise<Result<unknown>>;

type AnyShellHandler = (input: unknown) => Promise<unknown>;

/**
 * The single entry for calls from a window: validate against the contract, then hand to the service
 * host or the shell. Electron's ipcMain and the end-to-end test host both call this; only the
 * transport in front of it differs.
 */
export function createRouter(host: ServiceHostClient, shell: ShellHandlers): Router {
  return async (channel, payload) => {
    const validated = validatePayload(channel, payload);
    if (!validated.ok) return validated;
    const name: ChannelName = validated.value.channel;
    if (channels[name].side === 'host') {
      return host.call(name as HostChannelName, validated.value.input as never);
    }
    const handler = shell[name as ShellChannelName] as AnyShellHandler;
    return toResult(() => handler(validated.value.input));
  };
}
