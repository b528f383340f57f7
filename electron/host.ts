// Opens the database in a data folder and wires the service to it, in the calling thread.
// The hosts run this inside the backend worker threads (electron/backend-worker.ts, started by
// electron/backend.ts) so a long call never blocks Electron's main process or the browser-mode
// HTTP server; the unit tests call it directly (an in-process service).
import { nodeBase64 } from './base64';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { ApiResult } from '../core/api/contract';
import { createService, type Clock } from '../core/api/service';
import type { Store } from '../core/api/store';
import { openDatabase } from '../db/open';
import { createStore } from '../db/store';
import { readWorkbookInWorker } from './documents/workbook-reader';
import { identityCrypto, loadOrCreateIdentity } from './exchange/identity';
import packageJson from '../package.json';

export const DB_FILE_NAME = 'registre-droits-ent.sqlite';

/** Today in Europe/Paris ('YYYY-MM-DD'), whatever the machine's time zone: deadlines.md, "Definitions". */
export const systemClock: Clock = {
  today: () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date()),
  now: () => new Date().toISOString(),
};

/** db/migrations, found from this file whether it runs from source (electron/) or built (out/main/). */
export function defaultMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'db', 'migrations');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error("Les fichiers de migration de la base (db/migrations) sont introuvables : l'installation est incomplète.");
}

export interface Host {
  call(name: string, input: unknown): Promise<ApiResult>;
  close(): void;
  dbFile: string;
  backupFile: string | null;
}

export interface HostOptions {
  migrationsDir?: string;
  clock?: Clock;
  /** Chromium's PDF printer: Electron's printToPDF (desktop) or the browser found (browser mode, electron/documents/pdf.ts). */
  pdf?: { renderPdf(html: string): Promise<Uint8Array>; close?(): Promise<void> };
}

function open(dataDir: string, options: HostOptions, wrapStore: (store: Store, db: Database.Database) => Store = (s) => s) {
  const clock = options.clock ?? systemClock;
  const dbFile = join(resolve(dataDir), DB_FILE_NAME);
  const { db, backupFile } = openDatabase(dbFile, {
    migrationsDir: options.migrationsDir ?? defaultMigrationsDir(),
    now: clock.now(),
  });
  // This office's identity (keys in office-keys.json, readable by the user only): what the
  // exchange with the other office signs, seals and opens with.
  const { identity } = loadOrCreateIdentity(resolve(dataDir));
  const service = createService({
    store: wrapStore(createStore(db), db),
    clock,
    newId: randomUUID,
    hash: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
    base64: nodeBase64,
    exchange: {
      self: { officeId: identity.officeId, keys: identity.publicKeys, fingerprint: identity.fingerprint },
      crypto: identityCrypto(identity),
      appVersion: packageJson.version,
    },
    ...(options.pdf ? { renderPdf: (html: string) => options.pdf!.renderPdf(html) } : {}),
    readWorkbook: (bytes) => readWorkbookInWorker(bytes),
  });
  const close = () => {
    db.close();
    void options.pdf?.close?.().catch((e: unknown) => console.error('Fermeture du navigateur des PDF :', e));
  };
  return { service, db, dbFile, backupFile, close };
}

export function openHost(dataDir: string, options: HostOptions = {}): Host {
  const { service, dbFile, backupFile, close } = open(dataDir, options);
  return { call: (name, input) => service.call(name, input), close, dbFile, backupFile };
}

/** What a read-only host did with a call: answered it, or found that it writes (nothing was written). */
export type ReadAttempt = { writes: false; result: ApiResult } | { writes: true };

export interface ReadOnlyHost {
  /** Runs the call on one snapshot of the database; a call that tries to write is stopped and reported. */
  tryRead(name: string, input: unknown): Promise<ReadAttempt>;
  close(): void;
}

function isReadOnlyRefusal(e: unknown): boolean {
  // drizzle wraps the driver's error (DrizzleQueryError): follow the causes.
  for (let c = e, depth = 0; c && typeof c === 'object' && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    if ((c as { code?: unknown }).code === 'SQLITE_READONLY') return true;
  }
  return false;
}

/**
 * A second connection to a database a writer host has already opened (migrated), that can only
 * read (`PRAGMA query_only`): SQLite refuses every write, so a call that turns out to write
 * leaves nothing behind and can be run again by the writer. Which calls write is not listed
 * anywhere: the refusal is seen on its way out of the store, whatever the service makes of it.
 */
export function openReadOnlyHost(dataDir: string, options: HostOptions = {}): ReadOnlyHost {
  let refused = false;
  const { service, db, close } = open(dataDir, options, (store, sqlite) => {
    sqlite.pragma('query_only = ON');
    return new Proxy(store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          try {
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          } catch (e) {
            if (isReadOnlyRefusal(e)) refused = true;
            throw e;
          }
        };
      },
    });
  });
  // One call at a time, each in one read transaction: its reads see one state of the database.
  let queue: Promise<unknown> = Promise.resolve();
  const run = async (name: string, input: unknown): Promise<ReadAttempt> => {
    refused = false;
    db.exec('BEGIN');
    try {
      const result = await service.call(name, input);
      return refused ? { writes: true } : { writes: false, result };
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK');
    }
  };
  return {
    tryRead(name, input) {
      const next = queue.then(() => run(name, input));
      queue = next.catch(() => undefined);
      return next;
    },
    close,
  };
}
