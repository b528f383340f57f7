// Opening the local database: pragmas, version check, backup, migrations.
//
// The schema version is SQLite's `user_version`: the number of drizzle-kit migrations
// applied (db/migrations/meta/_journal.json lists them in order). A database whose
// version is higher than the migrations this build ships was written by a newer version
// of the app: it is refused, opened read-only for the check and never modified.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { DATA_MIGRATIONS } from './data-migrations';

export class DatabaseOpenError extends Error {
  constructor(
    readonly code: 'BASE_TROP_RECENTE' | 'BASE_ILLISIBLE' | 'MIGRATION_ECHOUEE',
    message: string,
  ) {
    super(message);
  }
}

interface Migration {
  tag: string;
  statements: string[];
}

export function readMigrations(dir: string): Migration[] {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map((e) => ({
      tag: e.tag,
      statements: readFileSync(join(dir, `${e.tag}.sql`), 'utf8')
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter(Boolean),
    }));
}

export interface OpenOptions {
  migrationsDir: string;
  /** Instant used to name the backup file, e.g. '2026-11-25T10:00:00Z'. */
  now: string;
}

export interface OpenedDatabase {
  db: Database.Database;
  /** Path of the copy taken before migrating, when there was something to migrate. */
  backupFile: string | null;
  version: number;
}

export function openDatabase(file: string, options: OpenOptions): OpenedDatabase {
  const migrations = readMigrations(options.migrationsDir);
  const existed = existsSync(file);
  let current = 0;
  if (existed) {
    // Read-only look first: a newer database must be left exactly as it is.
    let probe: Database.Database | undefined;
    try {
      probe = new Database(file, { readonly: true, fileMustExist: true });
      current = probe.pragma('user_version', { simple: true }) as number;
    } catch (e) {
      throw new DatabaseOpenError(
        'BASE_ILLISIBLE',
        `Le fichier de données ${file} n'est pas une base lisible par l'application (${(e as Error).message}). ` +
          'Vérifiez le dossier de données ou restaurez une sauvegarde.',
      );
    } finally {
      probe?.close();
    }
    if (current > migrations.length) {
      throw new DatabaseOpenError(
        'BASE_TROP_RECENTE',
        `Cette base de données a été écrite par une version plus récente de l'application ` +
          `(schéma ${current}, cette version connaît le schéma ${migrations.length}). ` +
          `Elle n'a pas été modifiée. Installez la dernière version de l'application pour l'ouvrir.`,
      );
    }
  } else {
    mkdirSync(dirname(file), { recursive: true });
  }

  let backupFile: string | null = null;
  if (existed && current < migrations.length) {
    backupFile = `${file}.avant-migration-${current}-vers-${migrations.length}.${options.now.replace(/[:.]/g, '-')}.sqlite`;
    // The file may be in WAL mode with pages still in the -wal file: checkpoint through a
    // connection first so the copy is complete.
    const c = new Database(file);
    c.pragma('wal_checkpoint(TRUNCATE)');
    c.close();
    copyFileSync(file, backupFile);
  }

  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // 64 MB of page cache (SQLite's default is 2 MB): an import merging 100,000 events into a
  // journal of a million no longer spills its index pages to the WAL mid-transaction.
  db.pragma('cache_size = -65536');

  if (current < migrations.length) {
    const apply = db.transaction(() => {
      for (const m of migrations.slice(current)) {
        for (const statement of m.statements) db.exec(statement);
        DATA_MIGRATIONS[m.tag]?.(db);
      }
      db.pragma(`user_version = ${migrations.length}`);
    });
    try {
      apply();
    } catch (e) {
      db.close();
      throw new DatabaseOpenError(
        'MIGRATION_ECHOUEE',
        `La mise à jour de la base de données a échoué (${(e as Error).message}). ` +
          `Aucune modification n'a été enregistrée${backupFile ? ` ; une copie a été faite : ${backupFile}` : ''}.`,
      );
    }
  }
  return { db, backupFile, version: migrations.length };
}
