import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Benchmark from 'benchmark';
import { renderChart } from './chart.js';
import type { Machine } from './machine.js';

/** One contender in a group: an async function timed by benchmark.js (deferred). */
export interface BenchCase {
  name: string;
  run: () => Promise<unknown>;
}

/** Contenders doing the same work on the same input; the first one is the baseline (ours). */
export interface BenchGroup {
  name: string;
  cases: BenchCase[];
}

export interface CaseResult {
  name: string;
  opsPerSec: number;
  meanMs: number;
  /** Median of benchmark.js's per-cycle means, ms. */
  medianMs: number;
  rmePercent: number;
  samples: number;
  /** Baseline ops/s divided by this case's ops/s: how many times faster the baseline is. */
  baselineSpeedup: number;
  rssMiB: number;
}

export interface SuiteResult {
  suite: string;
  description: string;
  date: string;
  machine: Machine;
  groups: { name: string; baseline: string; cases: CaseResult[] }[];
  notes: string[];
  /** Figures that are not a benchmark.js timing (throughput under concurrency, memory, ratios). */
  metrics: Record<string, unknown>;
}

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function timeCase(benchCase: BenchCase, maxTime: number): Promise<Benchmark> {
  return new Promise((resolve, reject) => {
    const bench = new Benchmark(benchCase.name, {
      defer: true,
      maxTime,
      minSamples: 10,
      fn: (deferred: Benchmark.Deferred) => {
        benchCase.run().then(
          () => deferred.resolve(),
          (error: unknown) => reject(error),
        );
      },
      onComplete: () => resolve(bench),
      onError: (event: Benchmark.Event) => reject(event.target),
    });
    bench.run({ async: true });
  });
}

export async function runSuite(options: {
  suite: string;
  description: string;
  machine: Machine;
  groups: BenchGroup[];
  notes?: string[];
  metrics?: Record<string, unknown>;
  /** Figures computed from the timings (ratios, targets), merged into `metrics` before writing. */
  derive?: (groups: SuiteResult['groups']) => Record<string, unknown>;
  maxTime?: number;
}): Promise<SuiteResult> {
  const groups: SuiteResult['groups'] = [];
  for (const group of options.groups) {
    const cases: CaseResult[] = [];
    for (const benchCase of group.cases) {
      await benchCase.run(); // warm-up outside the timed runs
      const bench = await timeCase(benchCase, options.maxTime ?? 3);
      cases.push({
        name: benchCase.name,
        opsPerSec: bench.hz,
        meanMs: bench.stats.mean * 1000,
        medianMs: median(bench.stats.sample) * 1000,
        rmePercent: bench.stats.rme,
        samples: bench.stats.sample.length,
        baselineSpeedup: 0,
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      });
      process.stdout.write(
        `  ${group.name} / ${benchCase.name}: ${bench.hz.toFixed(1)} ops/s, ${(bench.stats.mean * 1000).toFixed(3)} ms ±${bench.stats.rme.toFixed(1)}%\n`,
      );
    }
    const baseline = cases[0];
    if (!baseline) continue;
    for (const result of cases) result.baselineSpeedup = baseline.opsPerSec / result.opsPerSec;
    groups.push({ name: group.name, baseline: baseline.name, cases });
  }
  const result: SuiteResult = {
    suite: options.suite,
    description: options.description,
    date: new Date().toISOString(),
    machine: options.machine,
    groups,
    notes: options.notes ?? [],
    metrics: { ...options.metrics, ...options.derive?.(groups) },
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${options.suite}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(resultsDir, `${options.suite}.svg`), renderChart(result));
  return result;
}
