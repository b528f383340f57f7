// The backend, off the host's main thread: the service runs in worker threads
// (electron/backend-worker.ts) and this module is the host side's thin client, with the
// service's interface (`call(name, input) → Promise<ApiResult>`). Electron's main process and
// the browser-mode HTTP server only relay to it, so a long call (a meeting agenda over
// thousands of requests) never freezes the window or the server.
//
// Two workers on the same SQLite file (WAL: one writer, readers alongside):
// - the writer opens the database (version check, backup, migrations) and runs every call
//   while it is free;
// - the reader, a read-only connection, takes a call when the writer is busy. A call that turns
//   out to write is refused by SQLite there (nothing written) and goes to the writer's queue.
// If the writer dies, waiting and later calls get SERVICE_INDISPONIBLE instead of hanging.
// When the register cannot be opened (damaged, empty…), the writer still starts, answering the
// backup calls only, and no reader starts until a backup is restored. A restoration runs in the
// writer, which asks this thread to stop the reader first and to start it again after.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ApiResult } from '../core/api/contract';
import type { Service } from '../core/api/service';
import type { BackendWorkerData, FromWorker, ToWorker } from './backend-protocol';

export const SERVICE_UNAVAILABLE: ApiResult = {
  ok: false,
  error: {
    code: 'SERVICE_INDISPONIBLE',
    message:
      "Le service de données de l'application s'est arrêté : l'opération en cours n'a peut-être pas été enregistrée. " +
      "Redémarrez l'application, puis vérifiez la demande concernée.",
  },
};

export interface BackendOptions {
  migrationsDir?: string;
  /** Pins the service's today ('YYYY-MM-DD', DSR_TODAY) and/or now (ISO instant, tests). */
  today?: string;
  now?: string;
  /** Chromium's PDF printer, run in this thread: Electron's printToPDF, or the browser found (electron/documents/pdf.ts). */
  pdf?: { renderPdf(html: string): Promise<Uint8Array>; close?(): Promise<void> };
  /** The read-only second worker (default on). */
  reader?: boolean;
  /** The worker entry (default: `backendWorkerEntry()`). */
  worker?: WorkerEntry;
}

const UNAVAILABLE_JSON = JSON.stringify(SERVICE_UNAVAILABLE);

export interface Backend extends Service {
  /**
   * The same call, answered as the JSON text of its ApiResult (made in the worker): what the
   * relays pass on (HTTP body, IPC to the preload), so this thread never handles a large answer.
   */
  callJson(name: string, input: unknown): Promise<string>;
  dbFile: string;
  backupFile: string | null;
  /** Why the register could not be opened at start (the UI then offers a backup to restore), else null. */
  problem: { code: string; message: string } | null;
  /** Closes the database (both workers), ends the threads and the PDF browser. */
  close(): Promise<void>;
  /** Calls answered by each worker so far, and calls the reader handed back because they write. */
  stats(): { readerReady: boolean; writer: number; reader: number; handedBack: number };
}

export interface WorkerEntry {
  file: string;
  /** From the TypeScript sources: the URL of tsx's ESM API, which registers tsx in the thread before the entry is imported. */
  tsx?: string;
}

const WORKER_NAME = 'backend-worker';

/**
 * Where the worker entry is: built, `out/main/backend-worker.js`, next to the bundle that
 * imports this module (out/main/ or out/main/chunks/); from the TypeScript sources (vitest, tsx),
 * `electron/backend-worker.ts`, loaded through tsx (a dev dependency, so only in development).
 */
export function backendWorkerEntry(from: string = import.meta.url): WorkerEntry {
  const here = dirname(fileURLToPath(from));
  for (const dir of [here, dirname(here)]) {
    const built = join(dir, `${WORKER_NAME}.js`);
    if (existsSync(built)) return { file: built };
  }
  const source = join(here, `${WORKER_NAME}.ts`);
  if (existsSync(source)) {
    // tsx/esm/api resolves to its CommonJS build here; its ESM build sits next to it.
    const api = join(dirname(createRequire(from).resolve('tsx/esm/api')), 'index.mjs');
    if (existsSync(api)) return { file: source, tsx: pathToFileURL(api).href };
  }
  throw new Error(`Le service de l'application (${WORKER_NAME}.js) est introuvable à côté de ${here} : l'installation est incomplète.`);
}

type Role = BackendWorkerData['role'];

/** core's PdfUnavailableError (code NAVIGATEUR_ABSENT), told by its code: this module does not load core. */
const isPdfUnavailable = (e: unknown) => (e as { code?: unknown } | null)?.code === 'NAVIGATEUR_ABSENT';

interface Pending {
  name: string;
  input: unknown;
  resolve(json: string): void;
}

interface Thread {
  role: Role;
  worker: Worker;
  pending: Map<number, Pending>;
  alive: boolean;
  /** Stopped on purpose (closing, or the reader during a restoration). */
  stopping: boolean;
  exited: Promise<void>;
}

export async function startBackend(dataDir: string, options: BackendOptions = {}): Promise<Backend> {
  const entry = options.worker ?? backendWorkerEntry();
  let lastId = 0;
  let closing = false;
  const answered = { writer: 0, reader: 0, handedBack: 0 };

  async function printPdf(thread: Thread, id: number, html: string): Promise<void> {
    let reply: ToWorker;
    try {
      if (!options.pdf) throw new Error("Pas d'imprimante PDF dans cet hôte.");
      const bytes = await options.pdf.renderPdf(html);
      reply = { type: 'pdf-result', id, ok: true, bytes };
    } catch (e) {
      reply = { type: 'pdf-result', id, ok: false, unavailable: isPdfUnavailable(e), message: e instanceof Error ? e.message : String(e) };
    }
    if (thread.alive) thread.worker.postMessage(reply);
  }

  /** Starts one worker; resolves once its database is open, rejects with its French message. */
  function spawn(
    role: Role,
    created?: (thread: Thread) => void,
  ): Promise<{ thread: Thread; dbFile: string; backupFile: string | null; problem: Backend['problem'] }> {
    const data: BackendWorkerData = {
      dataDir,
      role,
      pdf: options.pdf !== undefined,
      ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}),
      ...(options.today ? { today: options.today } : {}),
      ...(options.now ? { now: options.now } : {}),
    };
    const workerOptions = { workerData: data, name: `${WORKER_NAME}-${role}` };
    // Node 20 does not apply `execArgv: ['--import', 'tsx']` to a worker's entry: tsx's API
    // registers its hooks in the thread first, then the entry is imported.
    const worker = entry.tsx
      ? new Worker(
          `import(${JSON.stringify(entry.tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(entry.file).href)}); });`,
          { ...workerOptions, eval: true },
        )
      : new Worker(entry.file, workerOptions);
    let markExited!: () => void;
    const thread: Thread = { role, worker, pending: new Map(), alive: true, stopping: false, exited: new Promise((r) => (markExited = r)) };
    created?.(thread);
    return new Promise((resolve, reject) => {
      let started = false;
      let failure: Error | null = null;
      worker.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'ready':
            started = true;
            resolve({ thread, dbFile: m.dbFile, backupFile: m.backupFile, problem: m.problem });
            break;
          case 'failed':
            failure = new Error(m.message);
            break;
          case 'result': {
            const p = thread.pending.get(m.id);
            thread.pending.delete(m.id);
            if (p) answered[role] += 1;
            p?.resolve(m.json);
            break;
          }
          case 'writes': {
            const p = thread.pending.get(m.id);
            thread.pending.delete(m.id);
            if (p) {
              answered.handedBack += 1;
              send(writer, m.id, p);
            }
            break;
          }
          case 'pdf':
            void printPdf(thread, m.id, m.html);
            break;
          case 'pause-reader': {
            const id = m.id;
            void pauseReader().then(() => {
              if (thread.alive) thread.worker.postMessage({ type: 'reader-paused', id } satisfies ToWorker);
            });
            break;
          }
          case 'resume-reader':
            startReader();
            break;
        }
      });
      worker.on('error', (e) => {
        if (!started) failure ??= e;
        else console.error(`Le service de l'application (${role}) s'est arrêté sur une erreur :`, e);
      });
      worker.on('exit', (code) => {
        thread.alive = false;
        markExited();
        if (!started) {
          reject(failure ?? new Error(`Le service de l'application n'a pas pu démarrer (code de sortie ${code}).`));
          return;
        }
        if (!closing && !thread.stopping) console.error(`Le service de l'application (${role}) s'est arrêté (code de sortie ${code}).`);
        const waiting = [...thread.pending.entries()];
        thread.pending.clear();
        for (const [id, p] of waiting) {
          // The reader wrote nothing: its calls go to the writer. The writer's are lost.
          if (role === 'reader') send(writer, id, p);
          else p.resolve(UNAVAILABLE_JSON);
        }
      });
    });
  }

  function send(thread: Thread, id: number, p: Pending): void {
    if (!thread.alive || closing) return p.resolve(UNAVAILABLE_JSON);
    thread.pending.set(id, p);
    try {
      thread.worker.postMessage({ type: 'call', id, name: p.name, input: p.input } satisfies ToWorker);
    } catch (e) {
      thread.pending.delete(id);
      p.resolve(
        JSON.stringify({
          ok: false,
          error: { code: 'APPEL_INVALIDE', message: `Appel invalide : ses données ne peuvent pas être transmises au service (${(e as Error).message}).` },
        } satisfies ApiResult),
      );
    }
  }

  let reader: Thread | null = null;
  let readerStarting: Thread | null = null;

  /** In the background: the writer already answers; the reader helps once it is open. */
  function startReader(): void {
    if (options.reader === false || closing) return;
    let started: Thread | null = null;
    spawn('reader', (thread) => (readerStarting = started = thread)).then(
      ({ thread }) => {
        readerStarting = null;
        if (closing) void stop(thread);
        else reader = thread;
      },
      (e: unknown) => {
        readerStarting = null;
        if (!closing && !(started as Thread | null)?.stopping) console.error("Le service de lecture de l'application n'a pas démarré (tout passe par le service principal) :", e);
      },
    );
  }

  /** Stops the reader (its waiting calls go to the writer): nothing else holds the register open. */
  async function pauseReader(): Promise<void> {
    const starting = readerStarting;
    if (starting) {
      starting.stopping = true;
      await starting.worker.terminate();
    }
    const current = reader;
    reader = null;
    if (current) {
      current.stopping = true;
      await stop(current);
    }
  }

  const first = await spawn('writer');
  const writer = first.thread;
  if (!first.problem) startReader();

  /** The writer while it is free, else the one with fewer calls waiting (the reader when even). */
  function pick(): Thread {
    const r = reader?.alive ? reader : null;
    if (!r || writer.pending.size === 0 || !writer.alive) return writer;
    return r.pending.size <= writer.pending.size ? r : writer;
  }

  async function stop(thread: Thread): Promise<void> {
    if (!thread.alive) return;
    thread.worker.postMessage({ type: 'close' } satisfies ToWorker);
    const timer = setTimeout(() => void thread.worker.terminate(), 2000);
    await thread.exited;
    clearTimeout(timer);
  }

  function callJson(name: string, input: unknown): Promise<string> {
    return new Promise<string>((resolve) => send(pick(), ++lastId, { name, input, resolve }));
  }

  return {
    dbFile: first.dbFile,
    backupFile: first.backupFile,
    problem: first.problem,
    callJson,
    async call(name, input) {
      return JSON.parse(await callJson(name, input)) as ApiResult;
    },
    stats: () => ({ readerReady: reader?.alive === true, ...answered }),
    async close() {
      if (closing) return;
      closing = true;
      // The reader first, so the writer's connection is the last one and cleans up the WAL file.
      // A reader still starting is stopped where it is: it has written nothing.
      if (reader) await stop(reader);
      else if (readerStarting) await readerStarting.worker.terminate();
      await stop(writer);
      await options.pdf?.close?.().catch((e: unknown) => console.error('Fermeture du navigateur des PDF :', e));
    },
  };
}
