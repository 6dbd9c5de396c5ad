import { describe, expect, it } from 'vitest';
import { BENCH_CASES } from '../../bench/cases/index.ts';
import { runBenchmarks } from '../../bench/run.ts';

/** Keeps `npm run bench` working as the code changes. A smoke run: no figure is asserted. */
describe('npm run bench (quick smoke run)', () => {
  it('runs every case against the real code and reports a ratio for every measured series', async () => {
    const result = await runBenchmarks(BENCH_CASES, { quick: true, rounds: 1, log: () => undefined });
    expect(result.cases.map((report) => [report.name, report.error ?? 'ok'])).toEqual(BENCH_CASES.map((bench) => [bench.name, 'ok']));
    for (const report of result.cases) {
      expect(report.series.length, report.name).toBeGreaterThan(0);
      for (const series of report.series) {
        expect(series.samplesPerRound, `${report.name} ${series.label}`).toBeGreaterThan(0);
        if (series.baseline !== null) expect(Number.isFinite(series.ratioP50), `${report.name} ${series.label}`).toBe(true);
      }
      expect(report.series.some((series) => series.baseline !== null), `${report.name} compares with a baseline`).toBe(true);
    }
  }, 60_000);
});
