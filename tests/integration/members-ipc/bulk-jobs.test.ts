/**
 * Bulk actions and undo through the router and the service host, on 30,000 members: each is a job
 * with progress, the directory answers while it runs (showing the workspace as it was), and cancel
 * changes nothing.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestHost } from '../../helpers/host.ts';
import { choose, recordProgress, tableCounts, useHostRunner, writeMembersCsv } from './helpers.ts';

const withHost = useHostRunner();
const MEMBERS = 30_000;
const CANCELLED = { ok: false, error: { code: 'CANCELLED', messageKey: 'errors.cancelled' } };

async function loyalMembers(host: TestHost): Promise<number> {
  return (await host.value('members.window', { filter: { stages: ['loyal'] }, start: 0, limit: 1 })).total;
}

/** At the first progress of job `jobId` (its first slice done), reads how many members are loyal, then cancels the job. */
function readThenCancel(host: TestHost, jobId: string): Promise<number> {
  return new Promise((resolve) => {
    const stop = host.host.on('job.progress', (event) => {
      if (event.jobId !== jobId) return;
      stop();
      void loyalMembers(host).then(async (loyal) => {
        await host.value('jobs.cancel', { jobId });
        resolve(loyal);
      });
    });
  });
}

describe('bulk actions and undo on 30,000 members', { timeout: 180_000 }, () => {
  it('are jobs: the directory answers meanwhile, cancel changes nothing, and a cancelled undo leaves the change undoable', async () => {
    await withHost(async (host, dir) => {
      const file = path.join(dir, 'members.csv');
      writeMembersCsv(file, MEMBERS);
      await host.value('importer.commit', { jobId: 'import', path: await choose(host, file), settings: {}, policy: 'overwrite' });
      const imported = tableCounts(host.workspacePath);
      const setLoyal = { target: { filter: {} }, action: { kind: 'setStage', stage: 'loyal' } } as const;

      // Cancelled while it runs: a read in the middle saw no member changed, and none is.
      const readWhileSetting = readThenCancel(host, 'stage-1');
      expect(await host.call('members.bulk', { jobId: 'stage-1', ...setLoyal })).toEqual(CANCELLED);
      expect(await readWhileSetting).toBe(0);
      expect(tableCounts(host.workspacePath)).toEqual(imported);

      const progress = recordProgress(host);
      expect((await host.value('members.bulk', { jobId: 'stage-2', ...setLoyal })).affected).toBe(MEMBERS);
      progress.stop();
      const reports = progress.events.filter((event) => event.jobId === 'stage-2');
      expect(reports.every((event) => event.phaseKey === 'jobs.phase.bulkStage' && event.total === MEMBERS)).toBe(true);
      expect(reports.at(-1)?.done).toBe(MEMBERS);
      expect(await loyalMembers(host)).toBe(MEMBERS);
      const staged = tableCounts(host.workspacePath);

      // The undo, cancelled while it runs: reads meanwhile see every member loyal, and the change can still be undone.
      const readWhileUndoing = readThenCancel(host, 'undo-1');
      expect(await host.call('history.undo', { jobId: 'undo-1' })).toEqual(CANCELLED);
      expect(await readWhileUndoing).toBe(MEMBERS);
      expect(tableCounts(host.workspacePath)).toEqual(staged);
      expect((await host.value('history.undo', { jobId: 'undo-2' })).actionKey).toBe('directory.history.bulkStage');
      expect(await loyalMembers(host)).toBe(0);
    });
  });
});
