// `npm run bench` (= tsx tests/bench/run.ts [name filter…]): runs every bench and prints
// its figures. Not a timed test: targets are printed as met or not, the exit code is 0.
import { benches as coreBenches } from './benches-core';
import { benches as dbBenches } from './benches-db';
import { benches as exchangeBenches } from './benches-exchange';
import { benches as meetingBenches } from './benches-meetings';
import type { Bench, BenchResult } from './types';

/** Add other lists here (db, API…). */
const suites: Bench[][] = [coreBenches, dbBenches, exchangeBenches, meetingBenches];

async function measure(bench: Bench): Promise<BenchResult> {
  const context = await bench.setup?.();
  if (bench.single) {
    const start = performance.now();
    await bench.run(0, context);
    const totalMs = performance.now() - start;
    return { name: bench.name, group: bench.group, iterations: 1, totalMs, opsPerSecond: 1000 / totalMs, nsPerOp: totalMs * 1e6 };
  }
  let sink = 0;
  // An async bench (an API call) is awaited call after call; a sync one runs in a tight loop.
  const once = async (i: number) => {
    const out = bench.run(i, context);
    if ((out instanceof Promise ? await out : out) !== undefined) sink += 1;
  };
  const isAsync = bench.run(0, context) instanceof Promise;
  // Warm-up: let the JIT compile the hot path before timing.
  const warmup = Math.min(bench.iterations, Math.max(1, Math.floor(bench.iterations / 10)));
  let totalMs: number;
  if (isAsync) {
    for (let i = 0; i < warmup; i += 1) await once(i);
    const start = performance.now();
    for (let i = 0; i < bench.iterations; i += 1) await once(i);
    totalMs = performance.now() - start;
  } else {
    for (let i = 0; i < warmup; i += 1) if (bench.run(i, context) !== undefined) sink += 1;
    const start = performance.now();
    for (let i = 0; i < bench.iterations; i += 1) if (bench.run(i, context) !== undefined) sink += 1;
    totalMs = performance.now() - start;
  }
  if (sink < 0) console.log(sink); // keeps `sink` alive
  return {
    name: bench.name,
    group: bench.group,
    iterations: bench.iterations,
    totalMs,
    opsPerSecond: (bench.iterations / totalMs) * 1000,
    nsPerOp: (totalMs * 1e6) / bench.iterations,
  };
}

const baselines = (b: Bench): string[] => (b.baseline === undefined ? [] : Array.isArray(b.baseline) ? b.baseline : [b.baseline]);

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const filters = process.argv.slice(2).map((f) => f.toLowerCase());
  const all = suites.flat();
  const selected = filters.length === 0 ? all : all.filter((b) => filters.some((f) => b.name.toLowerCase().includes(f)));
  // Baselines are measured even when filtered out, so every ratio can be printed.
  const needed = new Set(selected.map((b) => b.name));
  for (const b of selected) for (const base of baselines(b)) needed.add(base);
  const toRun = all.filter((b) => needed.has(b.name));

  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  const results = new Map<string, BenchResult>();
  let group = '';
  for (const bench of toRun) {
    if (bench.group !== group) {
      group = bench.group;
      console.log(`\n## ${group}`);
    }
    const r = await measure(bench);
    results.set(bench.name, r);
    const parts = [
      `${bench.name}`,
      `${fmt(r.iterations)} calls in ${fmt(r.totalMs)} ms`,
      `${fmt(r.opsPerSecond)} ops/s`,
      `${fmt(r.nsPerOp, 1)} ns/op`,
    ];
    for (const name of baselines(bench)) {
      const base = results.get(name);
      if (base !== undefined) parts.push(`${fmt(base.nsPerOp / r.nsPerOp, 1)}× the speed of "${name}"`);
    }
    if (bench.targetMs !== undefined) {
      parts.push(r.totalMs <= bench.targetMs ? `target < ${fmt(bench.targetMs)} ms: met` : `target < ${fmt(bench.targetMs)} ms: MISSED`);
    }
    console.log(`- ${parts.join(' | ')}`);
  }
}

void main();
