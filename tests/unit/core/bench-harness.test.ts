import { describe, expect, it } from 'vitest';
import { interleave, median, percentile, renderTable, summarize } from '../../bench/harness.ts';

describe('bench harness statistics', () => {
  it('takes nearest-rank percentiles and medians', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.99)).toBe(99);
    expect(percentile(samples, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('summarizes each series as medians over rounds, with ratios to its baseline', () => {
    const [raw, service] = summarize([
      { label: 'raw', rounds: [[1, 1, 1, 9], [2, 2, 2, 2], [1, 1, 1, 1]] },
      { label: 'service', baseline: 'raw', rounds: [[3, 3, 3, 3], [3, 3, 3, 30], [4, 4, 4, 4]] },
    ]);
    expect(raw).toMatchObject({ label: 'raw', rounds: 3, samplesPerRound: 4, p50Ms: 1, p99Ms: 2, baseline: null, ratioP50: null });
    expect(service).toMatchObject({ p50Ms: 3, p99Ms: 4, baseline: 'raw', ratioP50: 3, ratioP99: 2 });
    expect(() => summarize([{ label: 'a', baseline: 'missing', rounds: [[1]] }])).toThrow(/baseline "missing"/);
  });

  it('alternates contenders round by round and renders them in a table', async () => {
    const calls: string[] = [];
    const series = await interleave(
      [
        { label: 'a', measure: async () => (calls.push('a'), [1]) },
        { label: 'b', baseline: 'a', measure: async () => (calls.push('b'), [2]) },
      ],
      3,
    );
    expect(calls).toEqual(['a', 'b', 'b', 'a', 'a', 'b']);
    expect(series.map((entry) => entry.rounds)).toEqual([[[1], [1], [1]], [[2], [2], [2]]]);
    const table = renderTable([{ name: 'case', title: 't', params: {}, series: summarize(series) }, { name: 'broken', title: 't', params: {}, series: [], error: 'boom' }]);
    expect(table.split('\n')[2]).toMatch(/^\s+b\s+2\.000 ms\s+2\.000 ms\s+2\.000 ms\s+2\.00×\s+2\.00×\s+a$/);
    expect(table).toContain('FAILED: boom');
  });
});
