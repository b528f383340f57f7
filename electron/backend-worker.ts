// Entry of a backend worker thread (built to out/main/backend-worker.js; started by
// electron/backend.ts in both hosts). It opens the database and builds the service as
// electron/host.ts does, and answers `{ id, name, input }` calls with `{ id, json }` (the
// ApiResult as JSON text: the contract is JSON already, it is what browser mode sends).
// PDFs are printed by the host thread (Electron's printToPDF only exists there): the worker asks
// for them with a `pdf` message. Workbooks are read in a further worker (documents/workbook-reader).
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { ApiResult } from '../core/api/contract';
import { PdfUnavailableError } from '../core/api/host-errors';
import type { Clock } from '../core/api/service';
import type { BackendWorkerData, FromWorker, ToWorker } from './backend-protocol';
import { openReadOnlyHost, startHost, systemClock, type HostOptions } from './host';

if (!parentPort) throw new Error('electron/backend-worker.ts is a worker thread entry (see electron/backend.ts).');
const port = parentPort;
const data = workerData as BackendWorkerData;
const post = (message: FromWorker) => port.postMessage(message);

const pausing = new Map<number, () => void>();
let lastPause = 0;
/** The writer's hooks for a restoration: the host thread stops the reader, and starts it again. */
const readers: NonNullable<HostOptions['readers']> = {
  pause: () =>
    new Promise<void>((resolve) => {
      const id = ++lastPause;
      pausing.set(id, resolve);
      post({ type: 'pause-reader', id });
    }),
  resume: () => post({ type: 'resume-reader' }),
};

const pdfWaiting = new Map<number, { resolve(bytes: Uint8Array): void; reject(e: Error): void }>();
let lastPdf = 0;
function renderPdf(html: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const id = ++lastPdf;
    pdfWaiting.set(id, { resolve, reject });
    post({ type: 'pdf', id, html });
  });
}

const { today, now } = data;
const clock: Clock = { today: today ? () => today : systemClock.today, now: now ? () => now : systemClock.now };
const options: HostOptions = {
  clock,
  ...(data.migrationsDir ? { migrationsDir: data.migrationsDir } : {}),
  ...(data.pdf ? { pdf: { renderPdf } } : {}),
};

const internalError = (e: unknown): ApiResult => ({
  ok: false,
  error: {
    code: 'ERREUR_INTERNE',
    message: `L'opération n'a pas abouti. Détail technique : ${e instanceof Error ? e.message : String(e)}`,
  },
});

function answer(id: number, result: ApiResult): void {
  let json: string;
  try {
    json = JSON.stringify(result);
  } catch (e) {
    // A value JSON cannot carry: say so rather than leave the call waiting.
    json = JSON.stringify(internalError(e));
  }
  post({ type: 'result', id, json });
}

/**
 * Linux: this thread (only: setpriority on a thread id) runs below normal priority, so a long call
 * never takes the CPU from the thread that serves the window or HTTP, nor from the reader. Best
 * effort; elsewhere the call would change the whole process's priority, so nothing is done.
 */
function lowerThisThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) setPriority(tid, constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // No /proc, or refused: the thread keeps the normal priority.
  }
}

async function start(): Promise<void> {
  let warmUp: () => Promise<unknown>;
  let call: (id: number, name: string, input: unknown) => void;
  let close: () => void;
  let dbFile = '';
  let backupFile: string | null = null;
  let problem: { code: string; message: string } | null = null;
  try {
    if (data.role === 'writer') {
      lowerThisThreadPriority();
      // Checked, backed up before a migration, migrated; or, when it cannot be opened, the reason
      // (the service then answers the backup calls only, so the user can restore one).
      const host = await startHost(data.dataDir, { ...options, dailyBackup: true, readers });
      ({ dbFile, backupFile, problem } = host);
      warmUp = () => host.call('app.info', {});
      call = (id, name, input) => {
        host.call(name, input).then((r) => answer(id, r), (e: unknown) => answer(id, internalError(e)));
      };
      close = () => host.close();
    } else {
      const host = openReadOnlyHost(data.dataDir, options);
      warmUp = () => host.tryRead('app.info', {});
      call = (id, name, input) => {
        host.tryRead(name, input).then(
          (r) => (r.writes ? post({ type: 'writes', id }) : answer(id, r.result)),
          (e: unknown) => answer(id, internalError(e)),
        );
      };
      close = () => host.close();
    }
  } catch (e) {
    // The French message of db/open.ts (newer database, unreadable file…) goes to the host as is.
    // No listener is left on the port: the thread ends once the message is sent.
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    return;
  }

  port.on('message', (m: ToWorker) => {
    switch (m.type) {
      case 'call':
        call(m.id, m.name, m.input);
        break;
      case 'pdf-result': {
        const waiting = pdfWaiting.get(m.id);
        pdfWaiting.delete(m.id);
        if (!waiting) break;
        if (m.ok) waiting.resolve(m.bytes);
        else waiting.reject(m.unavailable ? new PdfUnavailableError(m.message) : new Error(m.message));
        break;
      }
      case 'reader-paused':
        pausing.get(m.id)?.();
        pausing.delete(m.id);
        break;
      case 'close':
        close();
        port.close();
        break;
    }
  });
  // One first call compiles the call path, so the first real one is not the slow one.
  await warmUp().catch(() => undefined);
  post({ type: 'ready', dbFile, backupFile, problem });
}

void start();
