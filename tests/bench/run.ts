// `npm run bench [-- --size small|full] [name filter…]`: runs every bench (or those whose name
// matches a filter, with their baselines), prints each figure with its same-run baseline, then a
// table saying whether each target is met, and writes bench/results.json
// (`[{ name, value, unit, baseline?, ratio? }]`). Not a timed test: the exit code is 0.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benches as appBenches, closeAppBenches } from './benches-app';
import { benches as coreBenches } from './benches-core';
import { benches as dbBenches } from './benches-db';
import { benches as exchangeBenches } from './benches-exchange';
import { benches as meetingBenches } from './benches-meetings';
import { benches as registerBenches } from './benches-register';
import { SIZE_NAME, nameFilters } from './size';
import type { Bench, BenchResult } from './types';

const suites: Bench[][] = [coreBenches, dbBenches, appBenches, exchangeBenches, meetingBenches, registerBenches];

const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.ceil(samples.length * 0.95) - 1)]!;

async function measure(bench: Bench): Promise<BenchResult> {
  const context = await bench.setup?.();
  // Peak resident memory while the bench runs: sampled after each call and, while an async call
  // waits, every 5 ms.
  let peak = process.memoryUsage.rss();
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  };
  const sampler = setInterval(sample, 5);
  try {
    const result = await timed(bench, context, sample);
    sample();
    return { ...result, peakRssMb: peak / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

async function timed(bench: Bench, context: unknown, sample: () => void): Promise<Omit<BenchResult, 'peakRssMb'>> {
  const base = { name: bench.name, group: bench.group };
  if (bench.single) {
    const start = performance.now();
    await bench.run(0, context);
    const totalMs = performance.now() - start;
    return { ...base, iterations: 1, totalMs, opsPerSecond: 1000 / totalMs, nsPerOp: totalMs * 1e6, value: totalMs, unit: 'ms' };
  }
  let sink = 0;
  const keep = (out: unknown) => {
    if (out !== undefined) sink += 1;
  };
  const first = bench.run(0, context);
  const isAsync = first instanceof Promise;
  if (isAsync) keep(await first);
  // Warm-up: let the JIT compile the hot path before timing.
  const warmup = Math.min(bench.iterations, Math.max(1, Math.floor(bench.iterations / 10)));
  const samples: number[] = [];
  let totalMs: number;
  if (bench.perCall) {
    for (let i = 1; i < warmup; i += 1) keep(isAsync ? await bench.run(i, context) : bench.run(i, context));
    for (let i = 0; i < bench.iterations; i += 1) {
      const start = performance.now();
      keep(isAsync ? await bench.run(i, context) : bench.run(i, context));
      samples.push(performance.now() - start);
      sample();
    }
    totalMs = samples.reduce((a, b) => a + b, 0);
  } else if (isAsync) {
    for (let i = 1; i < warmup; i += 1) keep(await bench.run(i, context));
    const start = performance.now();
    for (let i = 0; i < bench.iterations; i += 1) keep(await bench.run(i, context));
    totalMs = performance.now() - start;
  } else {
    for (let i = 1; i < warmup; i += 1) keep(bench.run(i, context));
    const start = performance.now();
    for (let i = 0; i < bench.iterations; i += 1) keep(bench.run(i, context));
    totalMs = performance.now() - start;
  }
  if (sink < 0) console.log(sink); // keeps `sink` alive
  const perCall = samples.length ? { p95Ms: p95(samples), value: p95(samples), unit: 'ms (p95)' } : { value: totalMs / bench.iterations, unit: 'ms/call' };
  return { ...base, iterations: bench.iterations, totalMs, opsPerSecond: (bench.iterations / totalMs) * 1000, nsPerOp: (totalMs * 1e6) / bench.iterations, ...perCall };
}

const baselines = (b: Bench): string[] => (b.baseline === undefined ? [] : Array.isArray(b.baseline) ? b.baseline : [b.baseline]);

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const fmtValue = (n: number) => fmt(n, n < 10 ? 2 : n < 100 ? 1 : 0);

interface Row {
  name: string;
  value: number;
  unit: string;
  baseline?: string;
  ratio?: number;
  target: string;
  met: boolean | null;
}

async function main(): Promise<void> {
  const filters = nameFilters(process.argv.slice(2));
  const all = suites.flat();
  const selected = filters.length === 0 ? all : all.filter((b) => filters.some((f) => b.name.toLowerCase().includes(f)));
  // Baselines are measured even when filtered out, so every ratio can be printed.
  const needed = new Set(selected.map((b) => b.name));
  for (const b of selected) for (const base of baselines(b)) needed.add(base);
  const toRun = all.filter((b) => needed.has(b.name));

  console.log(`node ${process.version}, ${process.platform}/${process.arch}, size "${SIZE_NAME}"`);
  const results = new Map<string, BenchResult>();
  const rows: Row[] = [];
  let group = '';
  for (const bench of toRun) {
    if (bench.group !== group) {
      group = bench.group;
      console.log(`\n## ${group}`);
    }
    const why = bench.skipped?.();
    if (why) {
      console.log(`- ${bench.name} | not run: ${why}`);
      rows.push({ name: bench.name, value: NaN, unit: '', target: `not run: ${why}`, met: null });
      continue;
    }
    const r = await measure(bench);
    results.set(bench.name, r);
    const parts = [`${bench.name}`, `${fmt(r.iterations)} calls in ${fmt(r.totalMs)} ms`, `${fmt(r.opsPerSecond)} ops/s`, `${fmt(r.nsPerOp, 1)} ns/op`];
    if (r.p95Ms !== undefined) parts.push(`p95 ${fmtValue(r.p95Ms)} ms`);
    parts.push(`peak RSS ${fmt(r.peakRssMb)} MB`);
    for (const name of baselines(bench)) {
      const base = results.get(name);
      if (base !== undefined) parts.push(`${fmt(base.nsPerOp / r.nsPerOp, 2)}× the speed of "${name}"`);
    }
    console.log(`- ${parts.join(' | ')}`);

    const base = baselines(bench)[0];
    const baseResult = base === undefined ? undefined : results.get(base);
    const ratio = baseResult ? r.value / baseResult.value : undefined;
    const targets: string[] = [];
    let met: boolean | null = null;
    const check = (ok: boolean, label: string) => {
      targets.push(label);
      met = (met ?? true) && ok;
    };
    if (bench.targetValueMs !== undefined) check(r.value < bench.targetValueMs, `< ${fmt(bench.targetValueMs)} ms`);
    if (bench.maxRatio !== undefined && ratio !== undefined) check(ratio <= bench.maxRatio, `≤ ${bench.maxRatio}× baseline`);
    if (bench.targetMs !== undefined) check(r.totalMs <= bench.targetMs, `run < ${fmt(bench.targetMs)} ms`);
    rows.push({
      name: bench.name,
      value: r.value,
      unit: r.unit,
      ...(baseResult ? { baseline: base!, ratio: ratio! } : {}),
      target: targets.join(', '),
      met,
    });
    rows.push({ name: `${bench.name}, peak memory`, value: Math.round(r.peakRssMb), unit: 'MB (RSS)', target: '', met: null });
    for (const x of bench.extra?.() ?? []) rows.push({ ...x, target: '', met: null });
  }

  // The table: every figure, its baseline and ratio, and each target met or not.
  console.log('\n## Targets\n');
  const table = rows.map((row) => [
    row.name,
    Number.isNaN(row.value) ? '–' : `${fmtValue(row.value)} ${row.unit}`,
    row.ratio === undefined ? '' : `${fmt(row.ratio, 2)}×`,
    row.target,
    row.met === null ? '' : row.met ? 'met' : 'MISSED',
  ]);
  const head = ['bench', 'value', 'vs baseline', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const t of table) console.log(line(t));

  const out = join(import.meta.dirname, '..', '..', 'bench');
  mkdirSync(out, { recursive: true });
  const json = rows
    .filter((r) => !Number.isNaN(r.value))
    .map((r) => ({ name: r.name, value: Number(r.value.toFixed(3)), unit: r.unit, ...(r.baseline ? { baseline: r.baseline, ratio: Number(r.ratio!.toFixed(3)) } : {}) }));
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\n${json.length} figures written to bench/results.json`);
}

main().then(
  async () => {
    await closeAppBenches();
    process.exit(0);
  },
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
