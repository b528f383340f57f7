// Backups and restore through the service as the hosts run it: the backend's two worker threads
// (writer + reader) on one register. A restoration closes both, swaps the files and reopens them;
// calls made meanwhile wait and see the restored register. A register that cannot be opened
// still gets a backend, which says why and restores the latest good backup.
import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../electron/backend';
import { DB_FILE_NAME } from '../../electron/host';
import { BACKUPS_FOLDER_NAME } from '../../db/backup';
import { CLEAN_CLOSE_MARK } from '../../db/open';
import { parentRequest, versailles } from '../helpers/documents';
import { testBackend, testHost, withChecks, type TestBackend } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const TODAY = '2026-11-25';
const WORKER_TEST_MS = 180_000;

async function using<T>(backend: TestBackend, fn: (b: TestBackend) => Promise<T>): Promise<T> {
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}

async function readerReady(b: Backend): Promise<boolean> {
  for (let i = 0; i < 1200 && !b.stats().readerReady; i++) await new Promise((r) => setTimeout(r, 50));
  return b.stats().readerReady;
}

const references = async (b: TestBackend) => (await b.ok('requests.list', {})).rows.map((r) => r.reference).sort();

describe('backups through the backend', () => {
  it('takes a backup on demand, restores it with both workers closed and reopened, the replaced file kept aside', async () => {
    const dir = tmp();
    await using(await testBackend(dir, TODAY), async (b) => {
      const agreement = await versailles(b);
      const first = await b.ok('requests.create', parentRequest(agreement.id));
      const backup = await b.ok('backups.create', {});
      expect(backup).toMatchObject({ kind: 'manuelle', size: expect.any(Number) as number });
      expect(await b.ok('backups.inspect', { name: backup.name })).toMatchObject({ counts: { agreements: 1, requests: 1 } });
      const second = await b.ok('requests.create', parentRequest(agreement.id, { requesterName: 'Après la sauvegarde' }));
      expect(await readerReady(b)).toBe(true);

      const listed = await b.ok('backups.list', {});
      expect(listed.folder).toBe(join(dir, BACKUPS_FOLDER_NAME));
      expect(listed.problem).toBeNull();
      expect(listed.backups.map((x) => x.name)).toContain(backup.name);

      // Calls made while the restoration runs are answered (before it by the reader, or after it,
      // held by the writer), never refused for want of a connection.
      let done = false;
      const restoring = b.call('backups.restore', { name: backup.name }).finally(() => (done = true));
      const meanwhile: Promise<number>[] = [];
      while (!done) {
        meanwhile.push(b.ok('requests.list', {}).then((l) => l.total));
        await new Promise((r) => setTimeout(r, 10));
      }
      const restored = await restoring;
      expect(restored).toMatchObject({ ok: true, value: { restored: { name: backup.name, counts: { requests: 1 } } } });
      expect((await Promise.all(meanwhile)).every((total) => total === 1 || total === 2)).toBe(true);
      expect(await references(b)).toEqual([first.reference]);
      expect((await b.ok('requests.list', { q: 'Après la sauvegarde' })).total).toBe(0);

      // The replaced file is a backup like the others, with what the register held before.
      const keptAs = (restored as { value: { keptAs: string } }).value.keptAs;
      expect(await b.ok('backups.inspect', { name: keptAs })).toMatchObject({ kind: 'remplacee', counts: { requests: 2 } });
      // Both workers serve the restored register: the reader starts again, the writer writes on.
      expect(await readerReady(b)).toBe(true);
      const again = await b.ok('requests.create', parentRequest(agreement.id, { requesterName: 'Après la restauration' }));
      expect(again.reference).toBe(second.reference);
      expect(await references(b)).toEqual([first.reference, second.reference].sort());
    });
    // Nothing beside the register once closed (no -wal/-shm) but the mark of its clean close
    // (db/open.ts), in a folder of the user's only.
    expect(readdirSync(dir).filter((f) => f.startsWith(DB_FILE_NAME))).toEqual([DB_FILE_NAME, `${DB_FILE_NAME}${CLEAN_CLOSE_MARK}`]);
  }, WORKER_TEST_MS);

  it('refuses an unknown, a path-like or a damaged backup in French, and the register works on', async () => {
    const dir = tmp();
    await using(await testBackend(dir, TODAY), async (b) => {
      const agreement = await versailles(b);
      await b.ok('requests.create', parentRequest(agreement.id));
      const backup = await b.ok('backups.create', {});
      expect(await b.fail('backups.restore', { name: 'quotidienne-2020-01-01T00-00-00-000Z.sqlite' })).toMatchObject({
        code: 'SAUVEGARDE_INTROUVABLE',
        message: expect.stringContaining("n'est pas dans le dossier des sauvegardes") as string,
      });
      expect(await b.fail('backups.inspect', { name: `../${DB_FILE_NAME}` })).toMatchObject({ code: 'SAUVEGARDE_INTROUVABLE' });
      const fd = openSync(join(dir, BACKUPS_FOLDER_NAME, backup.name), 'r+');
      writeSync(fd, Buffer.alloc(4096 * 3, 0x5a), 0, 4096 * 3, 4096);
      closeSync(fd);
      expect(await b.fail('backups.restore', { name: backup.name })).toMatchObject({
        code: 'SAUVEGARDE_ENDOMMAGEE',
        message: expect.stringContaining('Choisissez une autre sauvegarde') as string,
      });
      expect(await b.ok('requests.list', {})).toMatchObject({ total: 1 });
      expect((await b.ok('backups.list', {})).backups.filter((x) => x.kind === 'remplacee')).toEqual([]);
    });
  }, WORKER_TEST_MS);

  it('starts on a damaged register without writing to it, offers the latest good backup and restores it', async () => {
    const dir = tmp();
    let name = '';
    // On the real clock: the day's automatic backup (taken at the first call) is older than the one made below.
    await using(withChecks(await startBackend(dir, { today: TODAY })), async (b) => {
      const agreement = await versailles(b);
      for (let i = 0; i < 300; i++) await b.ok('requests.create', parentRequest(agreement.id, { requesterName: `Demandeur ${i} ${'x'.repeat(150)}` }));
      name = (await b.ok('backups.create', {})).name;
    });
    const fd = openSync(join(dir, DB_FILE_NAME), 'r+');
    for (const page of [3, 9, 20, 40]) writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, page * 4096);
    closeSync(fd);

    await using(await testBackend(dir, TODAY), async (b) => {
      expect(b.problem).toMatchObject({ code: 'BASE_ENDOMMAGEE', message: expect.stringContaining('Restaurez une sauvegarde') as string });
      expect(await b.fail('requests.list', {})).toMatchObject({ code: 'BASE_INDISPONIBLE', message: b.problem!.message });
      expect(await b.fail('backups.create', {})).toMatchObject({ code: 'BASE_INDISPONIBLE' });
      expect(await b.ok('backups.list', {})).toMatchObject({ problem: { code: 'BASE_ENDOMMAGEE' } });
      expect(b.stats().readerReady).toBe(false);
      const latest = await b.ok('backups.latestGood', {});
      expect(latest).toMatchObject({ name, counts: { agreements: 1, requests: 300 } });
      await b.ok('backups.restore', { name });
      expect(await b.ok('requests.list', {})).toMatchObject({ total: 300 });
      expect(await b.ok('backups.list', {})).toMatchObject({ problem: null });
      expect(await readerReady(b)).toBe(true);
    });
    // The damaged file is kept in the backups folder, found as damaged.
    const host = testHost(dir, TODAY);
    try {
      const kept = (await host.ok('backups.list', {})).backups.find((x) => x.kind === 'remplacee')!;
      expect(await host.fail('backups.inspect', { name: kept.name })).toMatchObject({ code: 'SAUVEGARDE_ENDOMMAGEE' });
    } finally {
      host.close();
    }
  }, WORKER_TEST_MS * 2);
});
