// A writer killed with SIGKILL at random moments: afterwards the database passes integrity_check,
// every write acknowledged before the kill is there, and every request's journal chain verifies.
// A few kills in `npm test`; 200 in `npm run test:full` (FULL=1).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { versailles } from '../helpers/documents';
import { testHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const KILLS = process.env.FULL === '1' ? 200 : 3;
const tmp = useTempDir();

function runAndKill(dir: string, agreementId: string, afterMs: number): Promise<string[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../helpers/crash-writer.ts'), dir, agreementId], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      // Killed at a random moment once writing has started.
      timer ??= setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.on('exit', () => {
      if (timer) clearTimeout(timer);
      resolve(out.split('\n').filter((l) => /^[0-9a-f-]{36}$/.test(l)));
    });
  });
}

describe('writer killed with SIGKILL', () => {
  it(`${KILLS} kills during writes: integrity, every acknowledged write present, chains verified`, async () => {
    const dir = tmp();
    const setup = testHost(dir, '2026-11-25');
    const agreement = await versailles(setup);
    setup.close();
    const acknowledged: string[] = [];
    for (let i = 0; i < KILLS; i++) acknowledged.push(...(await runAndKill(dir, agreement.id, Math.floor(Math.random() * 300))));
    expect(acknowledged.length).toBeGreaterThan(0);

    const host = testHost(dir, '2026-11-25');
    const db = new Database(host.dbFile, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    for (const id of acknowledged) {
      const detail = await host.ok('requests.get', { id });
      expect(detail.journal.ok, detail.journal.message).toBe(true);
    }
    host.close();
  }, process.env.FULL === '1' ? 14_400_000 : 180_000);
});
