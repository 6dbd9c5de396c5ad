import { createHostHandlers } from '../../../electron/host/handlers.ts';
import { HostState } from '../../../electron/host/host-state.ts';
import { startTestHost } from '../../helpers/host.ts';
import { interleave, timeCalls, type BenchCase } from '../harness.ts';
import { workspaceWithGroups } from './fixtures.ts';

/**
 * A small read as the window makes it: router (contract validation) → service host worker → back.
 * Baseline: the same service handler called in-process on the same workspace file (no validation, no
 * thread hop), i.e. what the call costs without the IPC-equivalent path around it.
 */
export const ipcRoundTrip: BenchCase = {
  name: 'ipc-round-trip',
  title: 'Small read through router → service host worker → back, vs the same service call in-process',
  async run({ quick, rounds, dir }) {
    const samples = quick ? 50 : 2000;
    const workspacePath = await workspaceWithGroups(dir, 100);
    const host = await startTestHost({ dir, workspacePath, create: false });
    const state = new HostState({ dailyBackup: false });
    await state.open(workspacePath, false, false);
    const handlers = createHostHandlers(state, () => undefined);
    try {
      const series = await interleave(
        [
          { label: 'app.ping in-process', measure: () => timeCalls(() => handlers['app.ping']({}), samples) },
          { label: 'app.ping via host', baseline: 'app.ping in-process', measure: () => timeCalls(() => host.router('app.ping', {}), samples) },
          { label: 'groups.get in-process', measure: () => timeCalls(() => handlers['groups.get']({ id: 42 }), samples) },
          { label: 'groups.get via host', baseline: 'groups.get in-process', measure: () => timeCalls(() => host.router('groups.get', { id: 42 }), samples) },
        ],
        rounds,
      );
      return { params: { samplesPerRound: samples, groupsInWorkspace: 100 }, series };
    } finally {
      await host.stop();
      await state.closeCurrent();
    }
  },
};
