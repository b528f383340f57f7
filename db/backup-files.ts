// Files of the register, host side: a folder and files readable by the user only (0700/0600,
// whatever the umask), writes made durable (fsync of the file, then of its folder, around a
// rename), and a read-only look at a database that leaves nothing beside it.
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

export const FOLDER_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Creates the folder if needed and makes it the user's only. */
export function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
  chmodSync(dir, FOLDER_MODE);
}

/** Makes an existing file (and the -wal/-shm files SQLite keeps beside a database) the user's only. */
export function privateFile(file: string, sidecars = false): void {
  for (const f of sidecars ? [file, `${file}-wal`, `${file}-shm`] : [file]) {
    if (existsSync(f)) chmodSync(f, FILE_MODE);
  }
}

/** An empty file readable by the user only, replacing whatever had the name. SQLite gives its -wal/-shm files the same mode. */
export function createPrivateFile(file: string): void {
  removeDatabaseFiles(file);
  closeSync(openSync(file, 'wx', FILE_MODE));
  chmodSync(file, FILE_MODE);
}

export function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}

/** Flushes a file, or a folder's entries after a rename (not possible on Windows: skipped there). */
export function fsyncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // A folder cannot be flushed on some systems: the rename is as durable as they make it.
  } finally {
    closeSync(fd);
  }
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/** What the first bytes of a file say: empty, not SQLite, or an SQLite database. */
export function fileKind(file: string): 'empty' | 'not-sqlite' | 'sqlite' {
  if (statSync(file).size === 0) return 'empty';
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    const read = readSync(fd, header, 0, 16, 0);
    return read === 16 && header.toString('latin1') === SQLITE_MAGIC ? 'sqlite' : 'not-sqlite';
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs `look` on a read-only connection to an SQLite file. A read-only connection to a database in
 * WAL mode creates -wal and -shm files it cannot remove: the ones it created (empty WAL) are
 * removed after, so a look leaves the folder as it was. Files that were there are left alone.
 */
export function lookInto<T>(file: string, look: (db: Database.Database) => T): T {
  const wal = `${file}-wal`;
  const shm = `${file}-shm`;
  const hadWal = existsSync(wal);
  const hadShm = existsSync(shm);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return look(db);
  } finally {
    db.close();
    if (!hadWal && existsSync(wal) && statSync(wal).size === 0) rmSync(wal, { force: true });
    if (!hadShm && !existsSync(wal)) rmSync(shm, { force: true });
  }
}

/** PRAGMA quick_check: 'ok', or what SQLite found (a damaged file may also throw). */
export function quickCheck(db: Database.Database): string {
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const problems = rows
      .flatMap((r) => r.quick_check.split('\n'))
      .map((line) => line.trim())
      .filter((line) => line !== 'ok' && line !== '' && !line.startsWith('***'));
    return problems.length === 0 ? 'ok' : problems.slice(0, 3).join(' ; ');
  } catch (e) {
    return (e as Error).message;
  }
}
