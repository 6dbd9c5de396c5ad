/**
 * The benchmark harness: a list of named cases, each measuring what it is about AND a baseline in the
 * same run (a raw library doing the same work), so results are read as ratios that mean something on
 * any machine. Later issues add their cases to `cases/index.ts`.
 */
import { performance } from 'node:perf_hooks';

export interface BenchOptions {
  /** Smaller sizes and fewer rounds: a smoke run that checks the cases still work, not a measurement. */
  quick: boolean;
  /** How many rounds each measurement is repeated; figures are medians over rounds. */
  rounds: number;
  /** A fresh temp folder for the case, removed afterwards. */
  dir: string;
  log: (line: string) => void;
}

/** Timings of one thing, in milliseconds, one array per round. */
export interface Series {
  label: string;
  rounds: number[][];
  /** Label of the series in the same case this one is compared with. */
  baseline?: string;
}

export interface BenchCase {
  name: string;
  title: string;
  run(options: BenchOptions): Promise<{ params: Record<string, number | string>; series: Series[] }>;
}

export interface SeriesSummary {
  label: string;
  /** Samples per round and the number of rounds. */
  samplesPerRound: number;
  rounds: number;
  /** Medians over rounds of each round's percentile. */
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  baseline: string | null;
  /** p50 of this series ÷ p50 of its baseline (and the same for p99). */
  ratioP50: number | null;
  ratioP99: number | null;
}

export interface CaseReport {
  name: string;
  title: string;
  params: Record<string, number | string>;
  series: SeriesSummary[];
  error?: string;
}

export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest rank: the smallest sample with at least `fraction` of the samples at or below it.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function summarize(series: readonly Series[]): SeriesSummary[] {
  const base = series.map((entry) => ({
    label: entry.label,
    samplesPerRound: entry.rounds[0]?.length ?? 0,
    rounds: entry.rounds.length,
    p50Ms: median(entry.rounds.map((round) => percentile(round, 0.5))),
    p99Ms: median(entry.rounds.map((round) => percentile(round, 0.99))),
    meanMs: median(entry.rounds.map(mean)),
    baseline: entry.baseline ?? null,
  }));
  return base.map((entry) => {
    const reference = entry.baseline === null ? undefined : base.find((candidate) => candidate.label === entry.baseline);
    if (entry.baseline !== null && !reference) throw new Error(`series "${entry.label}" names a baseline "${entry.baseline}" that the case did not measure`);
    return {
      ...entry,
      ratioP50: reference ? entry.p50Ms / reference.p50Ms : null,
      ratioP99: reference ? entry.p99Ms / reference.p99Ms : null,
    };
  });
}

/** Times `samples` sequential calls of `fn`, after `warmup` untimed ones. */
export async function timeCalls(fn: () => unknown, samples: number, warmup = Math.min(50, samples)): Promise<number[]> {
  for (let index = 0; index < warmup; index += 1) await fn();
  const timings: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    const start = performance.now();
    await fn();
    timings.push(performance.now() - start);
  }
  return timings;
}

/**
 * Measures several contenders round by round, alternating them within each round, so that a slow
 * moment of a shared machine hits all of them alike instead of one.
 */
export async function interleave(
  contenders: ReadonlyArray<{ label: string; baseline?: string; measure: () => Promise<number[]> }>,
  rounds: number,
): Promise<Series[]> {
  const series: Series[] = contenders.map((contender) => {
    const entry: Series = { label: contender.label, rounds: [] };
    if (contender.baseline !== undefined) entry.baseline = contender.baseline;
    return entry;
  });
  for (let round = 0; round < rounds; round += 1) {
    // Alternate the order too: the first contender of a round is not always the same.
    const order = contenders.map((_, index) => index);
    if (round % 2 === 1) order.reverse();
    for (const index of order) {
      const contender = contenders[index];
      const entry = series[index];
      if (contender && entry) entry.rounds.push(await contender.measure());
    }
  }
  return series;
}

export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (value < 0.1) return `${(value * 1000).toFixed(1)} µs`;
  if (value < 10) return `${value.toFixed(3)} ms`;
  return `${value.toFixed(1)} ms`;
}

export function formatRatio(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '' : `${value.toFixed(2)}×`;
}

/** A plain-text table of every case's series, ratios against each series' baseline. */
export function renderTable(reports: readonly CaseReport[]): string {
  const header = ['case', 'series', 'p50', 'p99', 'mean', 'ratio p50', 'ratio p99', 'vs'];
  const rows: string[][] = [header];
  for (const report of reports) {
    if (report.error) {
      rows.push([report.name, `FAILED: ${report.error}`, '', '', '', '', '', '']);
      continue;
    }
    report.series.forEach((entry, index) => {
      rows.push([
        index === 0 ? report.name : '',
        entry.label,
        formatMs(entry.p50Ms),
        formatMs(entry.p99Ms),
        formatMs(entry.meanMs),
        formatRatio(entry.ratioP50),
        formatRatio(entry.ratioP99),
        entry.baseline ?? '(baseline)',
      ]);
    });
  }
  const widths = header.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}
