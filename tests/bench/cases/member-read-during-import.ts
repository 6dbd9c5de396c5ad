import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { interleave, timeCalls, type BenchCase } from '../harness.ts';
import { writeMembersCsv } from '../members/member-files.ts';

/** A directory page as the window asks for it while scrolling: 50 rows somewhere in the list. */
function pageRead(host: TestHost, members: number): () => Promise<unknown> {
  let seed = 7;
  return async () => {
    seed = (seed * 48_271) % 2_147_483_647;
    const result = await host.router('members.window', { filter: {}, start: seed % Math.max(1, members - 50), limit: 50 });
    if (!(result as { ok: boolean }).ok) throw new Error(`members.window failed: ${JSON.stringify(result)}`);
  };
}

/**
 * While a 100,000-row import runs in the service host, the window keeps asking for directory pages
 * (members.window, 50 rows) through router → host worker → back: their p99 (target ≤ 50 ms), against
 * the same reads on an idle host. The import yields to the worker's event loop between chunks of rows
 * and reads go to their own connection, so a page never waits for the whole import.
 */
export const memberReadDuringImport: BenchCase = {
  name: 'member-read-during-import',
  title: 'Directory page through the service host while a 100,000-row import runs, vs on an idle host',
  async run({ quick, rounds, dir, log }) {
    const rows = quick ? 3_000 : 100_000;
    const idleSamples = quick ? 50 : 500;
    const host = await startTestHost({ dir });
    try {
      const sample = await host.router('sample.load', { jobId: 'bench-sample' });
      if (!(sample as { ok: boolean }).ok) throw new Error(`sample.load failed: ${JSON.stringify(sample)}`);
      let members = (await host.value('members.window', { filter: {}, start: 0, limit: 1 })).total;
      let round = 0;
      const series = await interleave(
        [
          { label: 'members.window, idle host', measure: () => timeCalls(pageRead(host, members), idleSamples, 10) },
          {
            label: 'members.window during import',
            baseline: 'members.window, idle host',
            measure: async () => {
              // A file of new people each round, so every round imports the same amount of work.
              const file = path.join(dir, `round-${round}.csv`);
              await writeMembersCsv(file, rows, round * rows);
              round += 1;
              host.platform.importAnswers.push(file);
              const chosen = await host.value('importer.chooseFile', {});
              let running = true;
              const started = performance.now();
              const importing = host.value('importer.commit', { jobId: `bench-${round}`, path: chosen?.path ?? '', settings: {}, policy: 'overwrite' }).finally(() => {
                running = false;
              });
              const read = pageRead(host, members);
              const timings: number[] = [];
              while (running) {
                const start = performance.now();
                await read();
                timings.push(performance.now() - start);
              }
              const result = await importing;
              if (result.created !== rows) throw new Error(`imported ${result.created}, expected ${rows}`);
              log(`  import of ${rows} rows took ${((performance.now() - started) / 1000).toFixed(1)} s; ${timings.length} reads meanwhile`);
              members += rows;
              return timings;
            },
          },
        ],
        rounds,
      );
      return { params: { importRows: rows, membersBefore: members - rows * round, idleSamplesPerRound: idleSamples }, series };
    } finally {
      await host.stop();
    }
  },
};
