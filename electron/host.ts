// Opens the database in a data folder and wires the service to it, in the calling thread, with
// its backups (db/backup.ts) behind the service's `backups` port.
// The hosts run this inside the backend worker threads (electron/backend-worker.ts, started by
// electron/backend.ts) so a long call never blocks Electron's main process or the browser-mode
// HTTP server; the unit tests call it directly (an in-process service).
import { nodeBase64 } from './base64';
import { nodeUtf8 } from './utf8';
import { nodeSha256Hex } from './hash';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { BackupsPort } from '../core/api/context';
import type { ApiResult, BackupDetails, StartupProblem } from '../core/api/contract';
import { createService, type Clock, type Service } from '../core/api/service';
import type { Store } from '../core/api/store';
import { DomainError } from '../core/errors';
import { backupName, backupsFolder, inspectBackup, latestGoodBackup, listBackups, parisDay, restoreBackup, writeBackup } from '../db/backup';
import { DatabaseOpenError, markClosedCleanly, openAndMigrate, openDatabase, readMigrations, type OpenedDatabase } from '../db/open';
import { createStore } from '../db/store';
import { readRegisterInWorker, readWorkbookInWorker } from './documents/workbook-reader';
import { identityCrypto, loadOrCreateIdentity } from './exchange/identity';
import packageJson from '../package.json';

export const DB_FILE_NAME = 'registre-droits-ent.sqlite';

// Made once: building an Intl.DateTimeFormat costs about 200 µs, formatting with it about 2 µs
// (a list page asks for today once per row).
const parisDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });

/** Today in Europe/Paris ('YYYY-MM-DD'), whatever the machine's time zone: deadlines.md, "Definitions". */
export const systemClock: Clock = {
  today: () => parisDate.format(new Date()),
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
  /** Why the register could not be opened: the service then answers the backup calls only. */
  problem: StartupProblem | null;
}

export interface HostOptions {
  migrationsDir?: string;
  clock?: Clock;
  /** Chromium's PDF printer: Electron's printToPDF (desktop) or the browser found (browser mode, electron/documents/pdf.ts). */
  pdf?: { renderPdf(html: string): Promise<Uint8Array>; close?(): Promise<void> };
  /** A backup a day, taken after the first call of the day (the backend's writer; off for in-process test hosts). */
  dailyBackup?: boolean;
  /** The other connections to the register (the backend's reader): closed before a restoration, reopened after. */
  readers?: { pause(): Promise<void>; resume(): void };
}

const registerPath = (dataDir: string) => join(resolve(dataDir), DB_FILE_NAME);

/** A store whose every use refuses with the reason the register could not be opened. */
function unavailableStore(problem: StartupProblem): Store {
  const refuse = () => {
    throw new DomainError('BASE_INDISPONIBLE', problem.message);
  };
  return new Proxy({} as Store, { get: () => refuse });
}

function problemOf(e: unknown): StartupProblem | null {
  return e instanceof DatabaseOpenError ? { code: e.code, message: e.message } : null;
}

/** The service on a store, with the host's ports and this office's identity (keys in office-keys.json, 0600). */
function serviceFor(dataDir: string, options: HostOptions, clock: Clock, store: Store, backups: BackupsPort): Service {
  const { identity } = loadOrCreateIdentity(resolve(dataDir));
  return createService({
    store,
    clock,
    newId: randomUUID,
    hash: nodeSha256Hex,
    base64: nodeBase64,
    utf8: nodeUtf8,
    exchange: {
      self: { officeId: identity.officeId, keys: identity.publicKeys, fingerprint: identity.fingerprint },
      crypto: identityCrypto(identity),
      appVersion: packageJson.version,
    },
    ...(options.pdf ? { renderPdf: (html: string) => options.pdf!.renderPdf(html) } : {}),
    readWorkbook: (bytes) => readWorkbookInWorker(bytes),
    backups,
    readRegister: (bytes) => readRegisterInWorker(bytes),
  });
}

const closePdf = (options: HostOptions) =>
  void options.pdf?.close?.().catch((e: unknown) => console.error('Fermeture du navigateur des PDF :', e));

/**
 * The writer's host: the register opened for writing (or, when it cannot be, the reason, and a
 * service that answers the backup calls only), with its backups. A restoration waits for the
 * calls under way, holds the next ones, closes every connection (the readers through
 * `options.readers`), swaps the files (db/backup.ts), then reopens the register and the service.
 */
function writerHost(dataDir: string, options: HostOptions, first: { opened: OpenedDatabase } | { problem: StartupProblem }): Host {
  const clock = options.clock ?? systemClock;
  const dbFile = registerPath(dataDir);
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir();
  const latest = readMigrations(migrationsDir).length;
  const folder = backupsFolder(dbFile);
  let db: Database.Database | null = 'opened' in first ? first.opened.db : null;
  let problem: StartupProblem | null = 'problem' in first ? first.problem : null;
  let active = 0;
  let idle: (() => void) | null = null;
  let held: Promise<void> | null = null;
  let backingUp: Promise<unknown> = Promise.resolve();
  let dailyDone: string | null = null;

  /** Backups one after the other, on the writer's connection. */
  function backUp(source: Database.Database, name: string) {
    const run = backingUp.then(() => writeBackup(source, folder, name));
    backingUp = run.catch(() => undefined);
    return run;
  }

  const backups: BackupsPort = {
    folder,
    get problem() {
      return problem;
    },
    list: () => listBackups(folder),
    inspect: (name) => inspectBackup(folder, name),
    latestGood: () => latestGoodBackup(folder, latest),
    create: () => {
      if (!db) throw new DomainError('BASE_INDISPONIBLE', `Le registre n'est pas ouvert : il n'y a rien à sauvegarder. ${problem?.message ?? ''}`.trim());
      return backUp(db, backupName('manuelle', clock.now()));
    },
    restore: (name) => restore(name),
  };

  const build = () => serviceFor(dataDir, options, clock, db ? createStore(db) : unavailableStore(problem!), backups);
  let service = build();

  /** After the first call of a day (Paris), the day's backup, in the background, if there is none yet. */
  function daily(): void {
    if (!options.dailyBackup || !db) return;
    const now = clock.now();
    const day = parisDay(now);
    if (dailyDone === day) return;
    dailyDone = day;
    if (listBackups(folder).some((b) => b.kind === 'quotidienne' && parisDay(b.at) === day)) return;
    backUp(db, backupName('quotidienne', now)).catch((e: unknown) => console.error('Sauvegarde quotidienne :', e));
  }

  async function restore(name: string): Promise<{ restored: BackupDetails; keptAs: string | null }> {
    // Called from within a call: the others under way finish, the next ones wait.
    let release!: () => void;
    held = new Promise((r) => (release = r));
    try {
      while (active > 1) await new Promise<void>((r) => (idle = r));
      await backingUp;
      await options.readers?.pause();
      db?.close();
      db = null;
      let outcome: { restored: BackupDetails; keptAs: string | null } | null = null;
      let failure: unknown = null;
      try {
        outcome = restoreBackup(dbFile, name, clock.now(), latest);
      } catch (e) {
        failure = e;
      }
      // Whatever happened, the register's file is opened again: the restored one, or the one as it was.
      try {
        db = (await openAndMigrate(dbFile, { migrationsDir, now: clock.now() })).db;
        problem = null;
      } catch (e) {
        problem = problemOf(e) ?? { code: 'BASE_ILLISIBLE', message: (e as Error).message };
        failure ??= new DomainError('RESTAURATION_ECHOUEE', `La sauvegarde a été restaurée, mais le registre ne s'ouvre pas : ${problem.message}`);
      }
      service = build();
      if (db) options.readers?.resume();
      if (failure !== null || outcome === null) throw failure;
      return outcome;
    } finally {
      held = null;
      release();
    }
  }

  return {
    async call(name, input) {
      while (held) await held;
      active += 1;
      try {
        return await service.call(name, input);
      } finally {
        active -= 1;
        idle?.();
        idle = null;
        daily();
      }
    },
    close() {
      if (db) {
        db.close();
        db = null;
        // The writer's connection is the last one (the readers are stopped first): the file is
        // as it will be found at the next start, which need not check it again (db/open.ts).
        markClosedCleanly(dbFile);
      }
      closePdf(options);
    },
    dbFile,
    backupFile: 'opened' in first ? first.opened.backupFile : null,
    get problem() {
      return problem;
    },
  };
}

function openingFailure(e: unknown): { problem: StartupProblem } {
  const problem = problemOf(e);
  if (!problem) throw e;
  return { problem };
}

/** The register opened in this thread: a new file, or one at this build's version (no backup to take first). Tests. */
export function openHost(dataDir: string, options: HostOptions = {}): Host {
  const now = (options.clock ?? systemClock).now();
  let first: { opened: OpenedDatabase } | { problem: StartupProblem };
  try {
    first = { opened: openDatabase(registerPath(dataDir), { migrationsDir: options.migrationsDir ?? defaultMigrationsDir(), now }) };
  } catch (e) {
    first = openingFailure(e);
  }
  return writerHost(dataDir, options, first);
}

/**
 * The register opened for writing as the backend's writer does: checked, backed up before a
 * migration, migrated. When it cannot be opened (empty, damaged, not a register, newer), the
 * host still starts, with the reason, and answers the backup calls, so the user can restore.
 */
export async function startHost(dataDir: string, options: HostOptions = {}): Promise<Host> {
  const now = (options.clock ?? systemClock).now();
  let first: { opened: OpenedDatabase } | { problem: StartupProblem };
  try {
    first = { opened: await openAndMigrate(registerPath(dataDir), { migrationsDir: options.migrationsDir ?? defaultMigrationsDir(), now }) };
  } catch (e) {
    first = openingFailure(e);
  }
  return writerHost(dataDir, options, first);
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
  const clock = options.clock ?? systemClock;
  const dbFile = registerPath(dataDir);
  // The writer has checked and migrated the file: no second quick_check.
  const { db } = openDatabase(dbFile, { migrationsDir: options.migrationsDir ?? defaultMigrationsDir(), now: clock.now(), check: false });
  db.pragma('query_only = ON');
  const folder = backupsFolder(dbFile);
  /** Backups are listed and inspected here; taking or restoring one goes to the writer. */
  const writes = () => {
    refused = true;
    throw new Error("Appel d'écriture : il revient au service principal.");
  };
  const latest = readMigrations(options.migrationsDir ?? defaultMigrationsDir()).length;
  const backups: BackupsPort = {
    folder,
    problem: null,
    list: () => listBackups(folder),
    inspect: (name) => inspectBackup(folder, name),
    latestGood: () => latestGoodBackup(folder, latest),
    create: writes,
    restore: writes,
  };
  const store = createStore(db);
  const service = serviceFor(
    dataDir,
    options,
    clock,
    new Proxy(store, {
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
    }),
    backups,
  );
  const close = () => {
    db.close();
    closePdf(options);
  };
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
