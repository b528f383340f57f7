// The host side shared by the desktop shell (electron/main.ts) and the browser mode
// (electron/web.ts): opens the database in a data folder and wires the service to it.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiResult } from '../core/api/contract';
import { createService, type Clock } from '../core/api/service';
import { openDatabase } from '../db/open';
import { createStore } from '../db/store';
import { readWorkbookInWorker } from './documents/workbook-reader';

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

export function openHost(dataDir: string, options: HostOptions = {}): Host {
  const clock = options.clock ?? systemClock;
  const dbFile = join(resolve(dataDir), DB_FILE_NAME);
  const { db, backupFile } = openDatabase(dbFile, {
    migrationsDir: options.migrationsDir ?? defaultMigrationsDir(),
    now: clock.now(),
  });
  const service = createService({
    store: createStore(db),
    clock,
    newId: randomUUID,
    ...(options.pdf ? { renderPdf: (html: string) => options.pdf!.renderPdf(html) } : {}),
    readWorkbook: (bytes) => readWorkbookInWorker(bytes),
  });
  const close = () => {
    db.close();
    void options.pdf?.close?.().catch((e: unknown) => console.error('Fermeture du navigateur des PDF :', e));
  };
  return { call: (name, input) => service.call(name, input), close, dbFile, backupFile };
}
