import { listGroups } from '../../../electron/services/groups/group-queries.ts';
import { HostState } from '../../../electron/host/host-state.ts';
import { startTestHost } from '../../helpers/host.ts';
import { interleave, timeCalls, type BenchCase } from '../harness.ts';
import { rawConnection, workspaceWithGroups } from './fixtures.ts';

/**
 * The group list with every group (archived ones too): through the service (Kysely, row mapping), through the
 * whole IPC-equivalent path, and as a raw better-sqlite3 SELECT of the same rows in the same order.
 */
export const groupsList: BenchCase = {
  name: 'groups-list',
  title: 'groups.list of 1,000 groups vs a raw better-sqlite3 SELECT of the same rows',
  async run({ quick, rounds, dir }) {
    const count = 1000;
    const samples = quick ? 5 : 100;
    const workspacePath = await workspaceWithGroups(dir, count);
    const raw = rawConnection(workspacePath);
    const select = raw.prepare('SELECT * FROM groups ORDER BY status ASC, name ASC');
    const state = new HostState({ dailyBackup: false });
    await state.open(workspacePath, false, false);
    const host = await startTestHost({ dir, workspacePath, create: false });
    try {
      const expected = select.all().length;
      const viaService = (await listGroups(state.workspace.db, { includeArchived: true })).length;
      if (viaService !== expected || expected !== count) throw new Error(`the contenders disagree: raw ${expected}, service ${viaService}, seeded ${count}`);
      const series = await interleave(
        [
          { label: 'raw SELECT', measure: () => timeCalls(() => select.all(), samples, 5) },
          { label: 'service listGroups', baseline: 'raw SELECT', measure: () => timeCalls(() => listGroups(state.workspace.db, { includeArchived: true }), samples, 5) },
          { label: 'groups.list via host', baseline: 'raw SELECT', measure: () => timeCalls(() => host.router('groups.list', { includeArchived: true }), samples, 5) },
        ],
        rounds,
      );
      return { params: { groups: count, samplesPerRound: samples }, series };
    } finally {
      raw.close();
      await host.stop();
      await state.closeCurrent();
    }
  },
};
