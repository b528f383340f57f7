// Opening the local database: checks, permissions, backup, migrations.
//
// The schema version is SQLite's `user_version`: the number of drizzle-kit migrations
// applied (db/migrations/meta/_journal.json lists them in order). An existing file is first
// looked at read-only (db/backup-files.ts `lookInto`, which leaves no -wal/-shm beside it): an
// empty or non-SQLite file, a damaged one (PRAGMA quick_check) or one written by a newer version
// of the app is refused with a French message and never modified. A new register is created
// under a temporary name and renamed once migrated, so an empty file under the register's name
// can only be a damaged register. Before migrating an existing file, a backup is taken through
// SQLite's backup API (db/backup.ts). The folder is made 0700 and the files 0600.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { backupName, backupsFolder, writeBackup } from './backup';
import { createPrivateFile, fileKind, fsyncPath, lookInto, privateFile, privateFolder, quickCheck, removeDatabaseFiles } from './backup-files';
import { DATA_MIGRATIONS } from './data-migrations';

/** Why the register cannot be opened. Every code but BASE_TROP_RECENTE can be mended by restoring a backup. */
export type DatabaseOpenCode = 'BASE_TROP_RECENTE' | 'BASE_ILLISIBLE' | 'BASE_ENDOMMAGEE' | 'MIGRATION_ECHOUEE';

export class DatabaseOpenError extends Error {
  constructor(
    readonly code: DatabaseOpenCode,
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

const RESTORE_HINT = 'Le fichier n\'a pas été modifié. Restaurez une sauvegarde : l\'application vous propose la dernière en bon état.';

export interface OpenOptions {
  migrationsDir: string;
  /** Instant used to name the backup taken before migrating, e.g. '2026-11-25T10:00:00Z'. */
  now: string;
  /** PRAGMA quick_check on an existing file (default true; the backend's second, read-only connection skips it). */
  check?: boolean;
}

export interface OpenedDatabase {
  db: Database.Database;
  /** Path of the backup taken before migrating, when there was something to migrate. */
  backupFile: string | null;
  version: number;
  /** The existing file was read whole by quick_check (false: new, check not asked, or left sound by a clean close). */
  checked: boolean;
}

/** What an existing register file is, looked at read-only; a French DatabaseOpenError when it cannot be opened. */
export function inspectDatabase(file: string, latest: number, checkAsked = true): { exists: false } | { exists: true; version: number; checked: boolean } {
  if (!existsSync(file)) return { exists: false };
  const check = checkAsked && !consumeCleanClose(file);
  const kind = fileKind(file);
  if (kind === 'empty') {
    throw new DatabaseOpenError('BASE_ILLISIBLE', `Le fichier de données ${file} est vide (0 octet) : le registre qu'il contenait est perdu ou n'a pas été écrit. ${RESTORE_HINT}`);
  }
  if (kind === 'not-sqlite') {
    throw new DatabaseOpenError('BASE_ILLISIBLE', `Le fichier de données ${file} n'est pas une base lisible par l'application (ce n'est pas une base SQLite). ${RESTORE_HINT}`);
  }
  let found: { version: number; problem: string | null; tables: number };
  try {
    found = lookInto(file, (db) => {
      const version = db.pragma('user_version', { simple: true }) as number;
      // A newer database is refused without reading further.
      const problem = version > latest || !check ? null : quickCheck(db);
      const tables = (db.prepare("select count(*) as n from sqlite_master where name not like 'sqlite_%'").get() as { n: number }).n;
      return { version, problem: problem === 'ok' ? null : problem, tables };
    });
  } catch (e) {
    throw new DatabaseOpenError('BASE_ENDOMMAGEE', `Le fichier de données ${file} est endommagé : SQLite ne peut pas le lire (${(e as Error).message}). ${RESTORE_HINT}`);
  }
  if (found.version > latest) {
    throw new DatabaseOpenError(
      'BASE_TROP_RECENTE',
      `Cette base de données a été écrite par une version plus récente de l'application ` +
        `(schéma ${found.version}, cette version connaît le schéma ${latest}). ` +
        `Elle n'a pas été modifiée. Installez la dernière version de l'application pour l'ouvrir.`,
    );
  }
  if (found.problem !== null) {
    throw new DatabaseOpenError('BASE_ENDOMMAGEE', `Le fichier de données ${file} est endommagé (contrôle d'intégrité de SQLite : ${found.problem}). ${RESTORE_HINT}`);
  }
  if (found.version === 0 && found.tables > 0) {
    throw new DatabaseOpenError('BASE_ILLISIBLE', `Le fichier de données ${file} est une base SQLite qui n'est pas un registre de cette application. ${RESTORE_HINT}`);
  }
  return { exists: true, version: found.version, checked: check };
}

/**
 * A clean close leaves a mark beside the register: the file's identity, size and times as the
 * last connection left it (its WAL checkpointed and removed). At the next start, a file that is
 * still exactly that, with no WAL beside it, is not read whole again by quick_check (7 s on a
 * register of 100,000 requests and a million events, against a start in under 1.5 s): nothing
 * has touched it since it was left sound. Any other start (a crash, a kill, a file copied or
 * edited, a restored backup) checks it. The mark is consumed on reading, so a session that does
 * not end cleanly leaves none.
 */
export const CLEAN_CLOSE_MARK = '.fermeture-propre';

function fileStamp(file: string): string {
  const s = statSync(file, { bigint: true });
  return [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
}

/** After the register's last connection closed without error: the mark of a file left sound. */
export function markClosedCleanly(file: string): void {
  if (existsSync(`${file}-wal`) || !existsSync(file)) return;
  writeFileSync(`${file}${CLEAN_CLOSE_MARK}`, fileStamp(file), { mode: 0o600 });
}

function consumeCleanClose(file: string): boolean {
  const mark = `${file}${CLEAN_CLOSE_MARK}`;
  if (!existsSync(mark)) return false;
  try {
    return !existsSync(`${file}-wal`) && readFileSync(mark, 'utf8') === fileStamp(file);
  } finally {
    rmSync(mark, { force: true });
  }
}

/**
 * Opens (creating or checking) a register that needs no backup: a new file, or one at this
 * build's version. An existing file with migrations pending needs `openAndMigrate`, which backs
 * it up first.
 */
export function openDatabase(file: string, options: OpenOptions): OpenedDatabase {
  const migrations = readMigrations(options.migrationsDir);
  const state = inspectDatabase(file, migrations.length, options.check);
  if (state.exists && state.version < migrations.length) {
    throw new Error(`openDatabase : ${file} attend des migrations ; openAndMigrate les applique après une sauvegarde.`);
  }
  return openInspected(file, state, migrations, null);
}

/** Opens a register, taking a backup through SQLite's backup API before migrating an existing file. */
export async function openAndMigrate(file: string, options: OpenOptions): Promise<OpenedDatabase> {
  const migrations = readMigrations(options.migrationsDir);
  const state = inspectDatabase(file, migrations.length, options.check);
  let backupFile: string | null = null;
  if (state.exists && state.version < migrations.length) {
    const folder = backupsFolder(file);
    const name = backupName('avant-migration', options.now, { from: state.version, to: migrations.length });
    const source = new Database(file, { readonly: true, fileMustExist: true });
    try {
      await writeBackup(source, folder, name);
    } finally {
      source.close();
    }
    backupFile = join(folder, name);
  }
  return openInspected(file, state, migrations, backupFile);
}

function applyPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // Deleted or overwritten content is zeroed in the file, not left in free space: a request
  // anonymised after its retention period leaves no name behind (issue 15).
  db.pragma('secure_delete = ON');
  // 64 MB of page cache (SQLite's default is 2 MB): an import merging 100,000 events into a
  // journal of a million no longer spills its index pages to the WAL mid-transaction.
  db.pragma('cache_size = -65536');
  // Statement journals in memory, not in temporary files: a write that fires a trigger (the
  // store's counted-write triggers, db/store.ts) keeps one, and on disk it copied every page the
  // transaction had already changed: inserting 10,000 requests in an import took 3.5 times as long.
  db.pragma('temp_store = MEMORY');
}

function migrate(db: Database.Database, pending: Migration[], version: number): void {
  db.transaction(() => {
    for (const m of pending) {
      for (const statement of m.statements) db.exec(statement);
      DATA_MIGRATIONS[m.tag]?.(db);
    }
    db.pragma(`user_version = ${version}`);
  })();
}

function openInspected(file: string, state: ReturnType<typeof inspectDatabase>, migrations: Migration[], backupFile: string | null): OpenedDatabase {
  privateFolder(dirname(file));
  if (!state.exists) {
    // Created and migrated under a temporary name, then renamed: a crash leaves no half-made register.
    const creating = `${file}.creation`;
    createPrivateFile(creating);
    const fresh = new Database(creating);
    try {
      applyPragmas(fresh);
      migrate(fresh, migrations, migrations.length);
    } finally {
      fresh.close();
    }
    fsyncPath(creating);
    renameSync(creating, file);
    fsyncPath(dirname(file));
    removeDatabaseFiles(creating);
  }
  privateFile(file, true);
  const current = state.exists ? state.version : migrations.length;

  const db = new Database(file, { fileMustExist: true });
  applyPragmas(db);
  if (current < migrations.length) {
    try {
      migrate(db, migrations.slice(current), migrations.length);
    } catch (e) {
      db.close();
      throw new DatabaseOpenError(
        'MIGRATION_ECHOUEE',
        `La mise à jour de la base de données a échoué (${(e as Error).message}). ` +
          `Aucune modification n'a été enregistrée${backupFile ? ` ; une sauvegarde a été faite : ${backupFile}` : ''}.`,
      );
    }
  }
  return { db, backupFile, version: migrations.length, checked: state.exists && state.checked };
}
