import type { DeskApi } from '../../shared/contract/api.ts';

declare global {
  interface Window {
    /** The one bridge to the rest of the app: the preload script in Electron, loopback HTTP in the test host. */
    readonly api: DeskApi;
  }
}

export {};
