// The register the db, API and document benches share: tests/helpers/generator.ts at the size
// asked (`--size`), seed 14, built once per run in a temporary data folder that the browser
// mode can open as it is (its file name is the app's).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DB_FILE_NAME } from '../../electron/host';
import { generateRegister, type Generated } from '../helpers/generator';
import { SIZE, SIZE_NAME } from './size';

export const TODAY = '2026-11-25';

export interface Register extends Generated {
  dir: string;
  file: string;
}

let shared: Promise<Register> | null = null;

export function register(): Promise<Register> {
  shared ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsr-bench-register-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, DB_FILE_NAME);
    const started = performance.now();
    const g = await generateRegister(file, { seed: 14, ...SIZE, today: TODAY });
    const c = g.counts;
    const n = (x: number) => x.toLocaleString('en-US');
    console.log(
      `(register "${SIZE_NAME}": ${n(c.agreements)} agreements, ${n(c.requests)} requests, ${n(c.rights)} rights, ${n(c.events)} events, ` +
        `${n(c.suspensions)} suspensions, generated in ${n(Math.round(performance.now() - started))} ms)`,
    );
    return { ...g, dir, file };
  })();
  return shared;
}
