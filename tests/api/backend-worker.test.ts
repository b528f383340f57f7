// The backend as both hosts run it: the service in worker threads (electron/backend.ts and
// electron/backend-worker.ts, here from the TypeScript sources through tsx; the built
// out/main/backend-worker.js is run by the browser mode below and by the UI tests).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ApiResult, CallOutput } from '../../core/api/contract';
import { PdfUnavailableError } from '../../core/api/host-errors';
import { SERVICE_UNAVAILABLE, startBackend, type Backend } from '../../electron/backend';
import { BACKUPS_FOLDER_NAME } from '../../db/backup';
import { CLEAN_CLOSE_MARK } from '../../db/open';
import { IDENTITY_FILE } from '../../electron/exchange/identity';
import { DB_FILE_NAME, openHost } from '../../electron/host';
import { startWebServer } from '../../electron/web-server';
import { parentRequest, versailles } from '../helpers/documents';
import { testBackend, testHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const TODAY = '2026-11-25';
const OPEN_REQUESTS = 2000;
/** Starting worker threads from the TypeScript sources takes seconds on a busy machine. */
const WORKER_TEST_MS = 60_000;

/** Closes the backend even when the test fails. */
async function using<B extends Backend, T>(backend: B, fn: (b: B) => Promise<T>): Promise<T> {
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}

/**
 * Runs `work` while a 5 ms ticker watches this thread: `stallMs` is its longest pause (the time
 * any call waits when the service runs here); `lost()`, given to `work`, is the time so far the
 * thread could not run beyond the ticker's 5 ms (its own work, or the machine's 2 cores busy).
 */
async function watchThread<T>(work: (lost: () => number) => Promise<T>): Promise<{ value: T; stallMs: number; ms: number }> {
  let last = performance.now();
  let stallMs = 0;
  let lost = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    stallMs = Math.max(stallMs, t - last);
    lost += Math.max(0, t - last - 5);
    last = t;
  }, 5);
  const started = performance.now();
  try {
    const value = await work(() => lost);
    const ms = performance.now() - started;
    stallMs = Math.max(stallMs, performance.now() - last);
    return { value, stallMs, ms };
  } finally {
    clearInterval(timer);
  }
}

describe('backend worker', () => {
  it('runs the service in a worker thread: the same answers as in process, the writes kept', async () => {
    const dir = tmp();
    let reference = '';
    await using(await testBackend(dir), async (b) => {
      expect(await b.ok('app.info', {})).toEqual({ today: TODAY });
      const agreement = await versailles(b);
      const created = await b.ok('requests.create', parentRequest(agreement.id));
      expect(created.reference).toMatch(/^FAR-.*2026-0001$/);
      reference = created.reference;
      // Refusals keep their French message and fields.
      const refused = await b.fail('office.set', { party: 'mairie' });
      expect(refused.message).toContain('Partie inconnue');
      expect(b.dbFile).toBe(join(dir, DB_FILE_NAME));
    });
    // What the worker wrote is in the file: the in-process host reads it back.
    const host = testHost(dir);
    try {
      const list = await host.ok('requests.list', {});
      expect(list.rows.map((r) => r.reference)).toEqual([reference]);
    } finally {
      host.close();
    }
  }, WORKER_TEST_MS);

  it('closes at once, a reader still starting included, the database file left complete (no WAL)', async () => {
    const dir = tmp();
    const b = await testBackend(dir);
    await b.ok('office.set', { party: 'academie' });
    const started = performance.now();
    await b.close();
    expect(performance.now() - started).toBeLessThan(5_000);
    // The database, complete (no -wal or -shm left) with the mark of its clean close (db/open.ts),
    // beside this office's keys and the backups folder.
    expect(readdirSync(dir).sort()).toEqual([IDENTITY_FILE, DB_FILE_NAME, `${DB_FILE_NAME}${CLEAN_CLOSE_MARK}`, BACKUPS_FOLDER_NAME].sort());
    expect(await b.call('app.info', {})).toEqual(SERVICE_UNAVAILABLE);
    const host = testHost(dir);
    try {
      expect(await host.ok('office.get', {})).toMatchObject({ party: 'academie' });
    } finally {
      host.close();
    }
  }, WORKER_TEST_MS);

  it('starts on a database written by a newer version, says why in French, and neither writes to it nor starts a reader', async () => {
    const dir = tmp();
    const file = join(dir, DB_FILE_NAME);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('user_version = 999');
    db.close();
    const before = readFileSync(file);
    const inProcess = openHost(dir);
    inProcess.close();
    expect(inProcess.problem?.message).toContain('version plus récente');
    await using(await testBackend(dir), async (b) => {
      expect(b.problem).toEqual(inProcess.problem);
      // Every call that needs the register says why it is not open; the backup calls answer.
      expect(await b.fail('office.get', {})).toEqual({ code: 'BASE_INDISPONIBLE', message: inProcess.problem!.message });
      expect(await b.ok('backups.list', {})).toMatchObject({ problem: { code: 'BASE_TROP_RECENTE' } });
      await new Promise((r) => setTimeout(r, 500));
      expect(b.stats().readerReady).toBe(false);
    });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith(DB_FILE_NAME))).toEqual([DB_FILE_NAME]);
  }, WORKER_TEST_MS);

  it('prints PDFs through the host thread, and says so in French when there is no browser', async () => {
    const printed: string[] = [];
    let browser = true;
    const pdf = {
      renderPdf(html: string) {
        printed.push(html);
        if (!browser) return Promise.reject(new PdfUnavailableError('Aucun navigateur pour les PDF.'));
        return Promise.resolve(new TextEncoder().encode('%PDF-1.7 imprimé par le fil principal'));
      },
    };
    await using(await testBackend(tmp(), TODAY, { pdf }), async (b) => {
      const agreement = await versailles(b);
      const meeting = await b.ok('meetings.create', { agreementId: agreement.id, date: TODAY, participants: ['Anne Dupuis'], otherItems: [] });
      const file = await b.ok('meetings.exportAgenda', { id: meeting.id, format: 'pdf' });
      expect(Buffer.from(file.base64, 'base64').toString('utf8')).toBe('%PDF-1.7 imprimé par le fil principal');
      expect(printed[0]).toContain('Point mensuel des DPD');
      browser = false;
      const refused = await b.fail('meetings.exportAgenda', { id: meeting.id, format: 'pdf' });
      expect(refused).toMatchObject({ code: 'NAVIGATEUR_ABSENT', message: 'Aucun navigateur pour les PDF.' });
    });
  }, WORKER_TEST_MS);

  it('answers SERVICE_INDISPONIBLE in French, without hanging, when the worker dies', async () => {
    // A stand-in worker speaking the same protocol: it never answers 'slow' and dies on 'crash'.
    const entry = join(tmp(), 'dying-worker.mjs');
    writeFileSync(
      entry,
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (m) => {
  if (m.type === 'close') parentPort.close();
  if (m.type !== 'call' || m.name === 'slow') return;
  if (m.name === 'crash') process.exit(3);
  parentPort.postMessage({ type: 'result', id: m.id, json: JSON.stringify({ ok: true, value: m.name }) });
});
parentPort.postMessage({ type: 'ready', dbFile: 'fictif', backupFile: null });
`,
    );
    const consoleError = console.error;
    console.error = () => undefined;
    try {
      await using(await startBackend(tmp(), { worker: { file: entry }, reader: false }), async (b) => {
        expect(await b.call('echo', {})).toEqual({ ok: true, value: 'echo' });
        const waiting = b.call('slow', {});
        const crashing = b.call('crash', {});
        expect(await waiting).toEqual(SERVICE_UNAVAILABLE);
        expect(await crashing).toEqual(SERVICE_UNAVAILABLE);
        expect(await b.call('echo', {})).toMatchObject({ ok: false, error: { code: 'SERVICE_INDISPONIBLE' } });
        expect(SERVICE_UNAVAILABLE).toMatchObject({ error: { message: expect.stringContaining("s'est arrêté") } });
      });
    } finally {
      console.error = consoleError;
    }
  });

  it('reports a worker that cannot start as a start-up error', async () => {
    const entry = join(tmp(), 'broken-worker.mjs');
    writeFileSync(entry, `throw new Error('Module de base de données illisible.');\n`);
    await expect(startBackend(tmp(), { worker: { file: entry }, reader: false })).rejects.toThrow('Module de base de données illisible.');
  });

  it(`keeps the browser-mode server answering while a meeting is created over ${OPEN_REQUESTS} open requests`, async () => {
    // One agreement with 2,000 open requests, through the service in a worker (its garbage stays
    // out of this thread, which serves HTTP and measures below).
    const seed = tmp();
    const seeding = performance.now();
    let agreementId = '';
    await using(await testBackend(seed, TODAY, { reader: false }), async (b) => {
      agreementId = (await versailles(b)).id;
      for (let i = 0; i < OPEN_REQUESTS; i++) {
        await b.ok(
          'requests.create',
          parentRequest(agreementId, {
            identityDocumentsMissing: [],
            // Half overdue, half due before the next meeting.
            receivedOn: i % 2 ? '2026-11-10' : '2026-09-01',
            requesterName: `Demandeur ${i}`,
          }),
        );
      }
    });
    const seedMs = performance.now() - seeding;
    // The same database twice: the meeting made in the worker (after) and in process (before).
    const before = tmp();
    const after = tmp();
    copyFileSync(join(seed, DB_FILE_NAME), join(before, DB_FILE_NAME));
    copyFileSync(join(seed, DB_FILE_NAME), join(after, DB_FILE_NAME));
    const fields = { date: TODAY, participants: ['Anne Dupuis (académie)', 'Paul Roux (commune)'], otherItems: [] };
    type Meeting = CallOutput<'meetings.create'>;
    /** Open requests on the agenda: 2.1 counts them all (each one is listed once, in the section that matters most). */
    const openCount = (m: Meeting) => m.agenda.openCounts.reduce((n, c) => n + c.count, 0);
    const ms = (n: number) => `${Math.round(n)} ms`;
    const figures: string[] = [`setup: ${OPEN_REQUESTS} open requests created in ${ms(seedMs)} (through the worker)`];

    // After: the browser-mode server relaying to the worker; app.info again and again meanwhile.
    let worst = Infinity;
    let worstShare = Infinity;
    let p95Share = Infinity;
    let answered = 0;
    const renderer = join(after, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Registre</title>');
    await using(await testBackend(after, TODAY), async (backend) => {
      const web = await startWebServer(backend, { port: 0, rendererDir: renderer });
      try {
        /** The answer's text: a large one (a meeting) is parsed by the caller, after the probes below. */
        const post = async (name: string, input: unknown): Promise<string> => {
          const res = await fetch(`http://127.0.0.1:${web.port}/api/${name}`, {
            method: 'POST',
            headers: { 'x-dsr-token': web.token, 'content-type': 'application/json' },
            body: JSON.stringify(input),
          });
          return res.text();
        };
        const api = async (name: string, input: unknown) => JSON.parse(await post(name, input)) as ApiResult;
        /**
         * Runs `call`, asking app.info every 20 ms until it is answered. For each answer: its
         * latency, and the same less the time this thread (the client's and the server's) could
         * not run meanwhile: the service's share, whatever else the machine is doing.
         * (The call's answer is parsed afterwards, not while app.info is measured.)
         */
        const probing = async (call: () => Promise<string>, first: () => Promise<void> = () => Promise.resolve()) => {
          const latencies: number[] = [];
          const serviceShares: number[] = [];
          const run = await watchThread(async (lost) => {
            let done = false;
            const answer = call().finally(() => (done = true));
            await first();
            while (!done) {
              await new Promise((r) => setTimeout(r, 20));
              const [t, l] = [performance.now(), lost()];
              const info = await api('app.info', {});
              if (!done) {
                latencies.push(performance.now() - t);
                serviceShares.push(performance.now() - t - (lost() - l));
              }
              expect(info).toEqual({ ok: true, value: { today: TODAY } });
            }
            return answer;
          });
          const value = JSON.parse(run.value) as ApiResult;
          expect(value.ok).toBe(true);
          return { ...run, meeting: (value as Extract<ApiResult, { ok: true }>).value as Meeting, latencies, serviceShares };
        };
        // Warm-up: the HTTP client; the reader worker starts in the background.
        await api('app.info', {});
        for (let i = 0; i < 200 && !backend.stats().readerReady; i++) await new Promise((r) => setTimeout(r, 25));
        expect(backend.stats().readerReady).toBe(true);
        const baseline = backend.stats();

        let wrote: Promise<ApiResult> | null = null;
        const w1 = await probing(
          () => post('meetings.create', { agreementId, ...fields }),
          async () => {
            await new Promise((r) => setTimeout(r, 10)); // the writer is inside meetings.create now (a batched read: tens of ms)
            // A write arriving meanwhile goes to the reader, which hands it back: it runs once, after.
            wrote = api('requests.create', parentRequest(agreementId, { identityDocumentsMissing: [], requesterName: 'Pendant la réunion' }));
            while (backend.stats().handedBack === baseline.handedBack) await new Promise((r) => setTimeout(r, 5));
          },
        );
        expect(openCount(w1.meeting)).toBe(OPEN_REQUESTS);
        // The next number after the 2,000: written once, after the meeting.
        expect(await wrote).toMatchObject({ ok: true, value: { reference: expect.stringMatching(/^FAR-.*2026-2001$/) } });
        expect(backend.stats().handedBack - baseline.handedBack).toBe(1);
        expect(await api('requests.list', { q: 'Pendant la réunion' })).toMatchObject({ ok: true, value: { total: 1 } });
        const w2 = await probing(() => post('meetings.update', { id: w1.meeting.id, ...fields }));
        expect(openCount(w2.meeting)).toBe(OPEN_REQUESTS + 1);
        // The same call once more, without the probes competing for the 2 cores.
        const alone = await watchThread(() => post('meetings.update', { id: w1.meeting.id, ...fields }));

        const latencies = [...w1.latencies, ...w2.latencies].sort((a, b) => a - b);
        const shares = [...w1.serviceShares, ...w2.serviceShares].sort((a, b) => a - b);
        worst = latencies[latencies.length - 1]!;
        worstShare = shares[shares.length - 1]!;
        p95Share = shares[Math.floor(shares.length * 0.95)]!;
        answered = latencies.length;
        figures.push(
          `worker, through the browser-mode server (after): meetings.create ${ms(w1.ms)}, agenda regenerated ${ms(w2.ms)}` +
            ` (again without the app.info calls: ${ms(alone.ms)}); this thread's longest pause ${ms(Math.max(w1.stallMs, w2.stallMs))}`,
          `app.info meanwhile: ${latencies.length} calls, ${ms(latencies[0]!)} to ${ms(worst)} (median ${ms(latencies[latencies.length >> 1]!)});` +
            ` less this thread's own pauses: at most ${ms(worstShare)} (95 % under ${ms(p95Share)});` +
            ` answered by the reader: ${backend.stats().reader - baseline.reader};` +
            ` writes handed back to the writer: 1`,
        );
      } finally {
        await web.close();
      }
    });

    // Before: in this thread, as the hosts did. Creating it, then regenerating its agenda
    // (meetings.update: the same work, on code the first call has compiled).
    const inProcess = testHost(before, TODAY);
    let blocked = 0;
    try {
      const created = await watchThread(() => inProcess.ok('meetings.create', { agreementId, ...fields }));
      expect(openCount(created.value)).toBe(OPEN_REQUESTS);
      const regenerated = await watchThread(() => inProcess.ok('meetings.update', { id: created.value.id, ...fields }));
      blocked = created.stallMs;
      figures.push(
        `in process (before): meetings.create ${ms(created.ms)}, agenda regenerated ${ms(regenerated.ms)};` +
          ` this thread blocked ${ms(created.stallMs)} and ${ms(regenerated.stallMs)}: any other call waits that long`,
      );
    } finally {
      inProcess.close();
    }
    // More runnable threads than 3 per core (this test's own three included): the machine, not
    // the app, then decides when the reader thread runs, and a few answers can take longer.
    const load = loadavg()[0]!;
    const overloaded = load > 3 * availableParallelism();
    figures.push(`load average ${load.toFixed(1)} on ${availableParallelism()} cores${overloaded ? ': overloaded, 95th percentile checked' : ''}`);
    console.log(`Backend worker figures:\n  ${figures.join('\n  ')}`);
    expect(answered).toBeGreaterThanOrEqual(10);
    // Each app.info is answered in under 50 ms, not counting the time this thread itself could
    // not run (on an idle machine that is nothing; with the 2 cores shared it can reach 100 ms)…
    expect(overloaded ? p95Share : worstShare).toBeLessThan(50);
    // …and never waits for the meeting: in process, the first call blocked this thread throughout.
    // Compared, like the bound above, without this thread's own pauses: with the meeting now built
    // in about 500 ms, a 45 ms pause of this thread under load (CI, load 4.5) was over a tenth of it.
    expect(worstShare).toBeLessThan(blocked / 10);
  }, 600_000);

  it.skipIf(!existsSync('out/main/web.js'))('the built browser mode comes up on a newer database, says why in French and leaves the file as it was', async () => {
    const dir = tmp();
    const file = join(dir, DB_FILE_NAME);
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    const before = readFileSync(file);
    const child = spawn(process.execPath, ['out/main/web.js', '--port', '0', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(output)), WORKER_TEST_MS / 2);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const line = /^http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/m.exec(output);
        // The reason goes to stderr, the address to stdout: the two pipes arrive in either order.
        if (line && output.includes("Le registre n'a pas pu être ouvert")) {
          clearTimeout(timer);
          resolve(line[0]);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
    });
    try {
      expect(output).toContain("Le registre n'a pas pu être ouvert : Cette base de données a été écrite par une version plus récente de l'application");
      const { origin, searchParams } = new URL(url);
      const res = await fetch(`${origin}/api/office.get`, { method: 'POST', body: '{}', headers: { 'x-dsr-token': searchParams.get('token')! } });
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'BASE_INDISPONIBLE' } });
    } finally {
      await new Promise((done) => {
        child.once('exit', done);
        child.kill('SIGTERM');
      });
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  }, WORKER_TEST_MS);
});
