// A benchmark is a named function called `iterations` times in a tight loop.
// Lists of benches live in benches-*.ts files; run.ts runs them all (or those whose name
// matches the arguments) and prints the figures. To add db/API benches: export another array
// of Bench from a new file and add it to `suites` in run.ts.

export interface Bench {
  /** Unique, printed. */
  name: string;
  /** Printed as a section header ('core', 'db', 'api'…). */
  group: string;
  iterations: number;
  /** Built once, before timing (inputs, a database…); its result is passed to `run`. */
  setup?: () => unknown; // may return a Promise (awaited before timing)
  /** One operation; `i` is the iteration number. Return something so the work is not optimised away. */
  run: (i: number, context: unknown) => unknown; // may return a Promise (awaited)
  /** Name(s) of other benches measured in the same run: the ratio of time per operation is printed. */
  baseline?: string | string[];
  /** Target for the whole run of `iterations` calls, in ms: printed as met or not (not a test). */
  targetMs?: number;
  /** Runs once, timed, with no warm-up (an operation that cannot be repeated, such as an import). */
  single?: boolean;
  /** Each call is timed on its own, and its 95th percentile is the bench's value (ms). */
  perCall?: boolean;
  /** Target for the bench's value (p95 of a call with `perCall`, else the whole run), in ms. */
  targetValueMs?: number;
  /** Target for the ratio of its value to its first baseline's (e.g. 2: at most twice the baseline). */
  maxRatio?: number;
  /** Why the bench cannot run here (printed instead of its figures). */
  skipped?: () => string | null;
  /** Other figures the bench measured (e.g. a child process's memory), read after it ran. */
  extra?: () => { name: string; value: number; unit: string }[];
}

export interface BenchResult {
  name: string;
  group: string;
  iterations: number;
  totalMs: number;
  opsPerSecond: number;
  nsPerOp: number;
  /** 95th percentile of one call, ms (benches with `perCall`). */
  p95Ms?: number;
  /** Highest resident memory of the process seen while the bench ran, MB. */
  peakRssMb: number;
  /** What the bench's value is, for the table and bench/results.json. */
  value: number;
  unit: string;
}
