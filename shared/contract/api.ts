import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayloads } from './channels.ts';
import type { Result } from './result.ts';

/**
 * The one object the preload bridge exposes as `window.api`. The end-to-end test host provides
 * the same shape over loopback HTTP.
 */
export interface DeskApi {
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}
