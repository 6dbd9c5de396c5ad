/**
 * `npm run bench`: runs every case in cases/index.ts, prints a table and writes bench-output/bench.json.
 *   node tests/bench/run.ts [--quick] [--rounds N] [--only name,name] [--out file]
 * Figures are medians over rounds; each measured series is shown as a ratio to its baseline, measured in
 * the same run on the same machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_CASES } from './cases/index.ts';
import { renderTable, summarize, type BenchCase, type CaseReport } from './harness.ts';

export interface BenchRun {
  startedAt: string;
  durationMs: number;
  machine: { node: string; platform: string; arch: string; cpus: number; cpuModel: string; memoryGiB: number };
  options: { quick: boolean; rounds: number };
  cases: CaseReport[];
}

export async function runBenchmarks(cases: readonly BenchCase[], options: { quick: boolean; rounds: number; log?: (line: string) => void }): Promise<BenchRun> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = Date.now();
  const reports: CaseReport[] = [];
  for (const bench of cases) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `community-desk-bench-${bench.name}-`));
    log(`running ${bench.name}: ${bench.title}`);
    try {
      const { params, series } = await bench.run({ quick: options.quick, rounds: options.rounds, dir, log });
      reports.push({ name: bench.name, title: bench.title, params, series: summarize(series) });
    } catch (error) {
      log(`  ${bench.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      reports.push({ name: bench.name, title: bench.title, params: {}, series: [], error: error instanceof Error ? error.message : String(error) });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const cpus = os.cpus();
  return {
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    machine: {
      node: process.version,
      platform: os.platform(),
      arch: os.arch(),
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    },
    options: { quick: options.quick, rounds: options.rounds },
    cases: reports,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string', default: 'bench-output/bench.json' },
    },
  });
  const quick = values.quick === true;
  const rounds = values.rounds === undefined ? (quick ? 1 : 5) : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a positive whole number');
  const only = values.only?.split(',').map((name) => name.trim()) ?? null;
  const unknown = only?.filter((name) => !BENCH_CASES.some((bench) => bench.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown case(s): ${unknown.join(', ')}; known: ${BENCH_CASES.map((bench) => bench.name).join(', ')}`);
  const cases = only === null ? BENCH_CASES : BENCH_CASES.filter((bench) => only.includes(bench.name));

  const result = await runBenchmarks(cases, { quick, rounds });
  const out = path.resolve(values.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

  process.stdout.write(`\nCommunity Desk benchmarks — ${result.machine.node}, ${result.machine.cpus} × ${result.machine.cpuModel}, ${rounds} round(s)${quick ? ', QUICK (smoke, not a measurement)' : ''}\n\n`);
  process.stdout.write(`${renderTable(result.cases)}\n\n`);
  process.stdout.write(`ratio = this series ÷ its baseline ("vs"), medians over rounds. JSON: ${path.relative(process.cwd(), out)}\n`);
  if (result.cases.some((report) => report.error)) process.exitCode = 1;
}

if (import.meta.main) {
  await main();
}
