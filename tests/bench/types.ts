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
}

export interface BenchResult {
  name: string;
  group: string;
  iterations: number;
  totalMs: number;
  opsPerSecond: number;
  nsPerOp: number;
}
