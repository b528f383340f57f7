// Backups of the register (db/backup-files.ts for the file primitives). A backup is taken by
// SQLite's online backup API (better-sqlite3's `db.backup()`), never by copying a live file:
// into `<name>.partiel`, switched to a rollback journal (so a read-only look leaves no -wal
// beside it), checked (PRAGMA quick_check), flushed, then renamed. A crash at any point leaves
// at most a `.partiel` file, which no listing shows and the next backup removes: a file with a
// backup's name is always a complete, checked copy.
//
// Names: `<kind>-<instant>.sqlite` in the `sauvegardes` folder beside the register, the kind
// being quotidienne, manuelle, remplacee (the register set aside by a restoration) or
// avant-migration-N-vers-M. Rotation: core/features/backups/rotation.ts.
import { copyFileSync, existsSync, linkSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { DomainError } from '../core/errors';
import type { BackupDetails, BackupEntry, BackupKind } from '../core/features/backups/calls';
import { backupsToDelete } from '../core/features/backups/rotation';
import { createPrivateFile, fileKind, fsyncPath, lookInto, privateFile, privateFolder, quickCheck, removeDatabaseFiles } from './backup-files';

export const BACKUPS_FOLDER_NAME = 'sauvegardes';
export const PARTIAL_SUFFIX = '.partiel';

const NAME = /^(quotidienne|manuelle|remplacee|avant-migration-\d+-vers-\d+)-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.sqlite$/;

/** The backups folder of a register file. */
export function backupsFolder(dbFile: string): string {
  return join(dirname(dbFile), BACKUPS_FOLDER_NAME);
}

/** A backup's file name: its kind and the instant it is taken. */
export function backupName(kind: Exclude<BackupKind, 'avant-migration'>, now: string): string;
export function backupName(kind: 'avant-migration', now: string, migration: { from: number; to: number }): string;
export function backupName(kind: BackupKind, now: string, migration?: { from: number; to: number }): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const prefix = kind === 'avant-migration' ? `avant-migration-${migration!.from}-vers-${migration!.to}` : kind;
  return `${prefix}-${stamp}`.concat('.sqlite');
}

function parseName(name: string): { kind: BackupKind; at: string } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const kind = (m[1]!.startsWith('avant-migration') ? 'avant-migration' : m[1]) as BackupKind;
  return { kind, at: `${m[2]}T${m[3]}:${m[4]}:${m[5]}.${m[6]}Z` };
}

/** Calendar day of an instant in Europe/Paris ('YYYY-MM-DD'). */
export function parisDay(instant: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(instant));
}

/** The backups of a folder, newest first. Anything else in it (a `.partiel` file) is not one. */
export function listBackups(folder: string): BackupEntry[] {
  if (!existsSync(folder)) return [];
  const out: BackupEntry[] = [];
  for (const name of readdirSync(folder)) {
    const parsed = parseName(name);
    if (!parsed) continue;
    out.push({ name, ...parsed, size: statSync(join(folder, name)).size });
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.name < b.name ? 1 : -1));
}

/** Drops what the rotation (core/features/backups/rotation.ts) does not keep, and what a crash left. */
export function rotateBackups(folder: string): string[] {
  for (const name of existsSync(folder) ? readdirSync(folder) : []) {
    if (name.includes(PARTIAL_SUFFIX)) rmSync(join(folder, name), { force: true });
  }
  const dropped = backupsToDelete(listBackups(folder).map((b) => ({ ...b, day: parisDay(b.at) })));
  for (const name of dropped) removeDatabaseFiles(join(folder, name));
  return dropped;
}

export interface BackupHooks {
  /** Called after each step of SQLite's backup (tests stop the process there). */
  step?(): void;
}

/**
 * A backup of `source` (an open connection) as `name` in `folder`, through SQLite's backup API;
 * the copy is checked before it takes its name, then the rotation runs.
 */
export async function writeBackup(source: Database.Database, folder: string, name: string, hooks: BackupHooks = {}): Promise<BackupEntry> {
  const parsed = parseName(name);
  if (!parsed) throw new Error(`Nom de sauvegarde non conforme : ${name}`);
  privateFolder(folder);
  const file = join(folder, name);
  if (existsSync(file)) {
    throw new DomainError('SAUVEGARDE_EXISTANTE', `Une sauvegarde de cet instant existe déjà (${name}) : réessayez dans un instant.`);
  }
  const partial = file + PARTIAL_SUFFIX;
  createPrivateFile(partial);
  try {
    await source.backup(partial, {
      progress: () => {
        hooks.step?.();
        return 200;
      },
    });
    const problem = settle(partial);
    if (problem !== 'ok') {
      throw new DomainError('SAUVEGARDE_ECHOUEE', `La sauvegarde n'a pas pu être vérifiée (${problem}) : aucune sauvegarde n'a été enregistrée. Réessayez.`);
    }
    fsyncPath(partial);
    renameSync(partial, file);
    fsyncPath(folder);
  } catch (e) {
    removeDatabaseFiles(partial);
    throw e;
  }
  rotateBackups(folder);
  return { name, kind: parsed.kind, at: parsed.at, size: statSync(file).size };
}

/** The copy takes a rollback journal (a later read-only look leaves nothing beside it), then is checked. */
function settle(file: string): string {
  // Opened for writing only here: the copy, before it has a backup's name.
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    return quickCheck(copy);
  } finally {
    copy.close();
  }
}

const unknownBackup = (name: string) =>
  new DomainError('SAUVEGARDE_INTROUVABLE', `Sauvegarde introuvable : « ${name} » n'est pas dans le dossier des sauvegardes. Choisissez-en une dans la liste.`);

const damaged = (name: string, why: string) =>
  new DomainError(
    'SAUVEGARDE_ENDOMMAGEE',
    `La sauvegarde « ${name} » est endommagée (${why}) : elle ne peut pas être restaurée. Choisissez une autre sauvegarde.`,
  );

/** One backup checked (PRAGMA quick_check) and counted, read-only; refused when unknown or damaged. */
export function inspectBackup(folder: string, name: string): BackupDetails {
  const parsed = parseName(name);
  const file = join(folder, name);
  if (!parsed || !existsSync(file)) throw unknownBackup(name);
  const kind = fileKind(file);
  if (kind !== 'sqlite') throw damaged(name, kind === 'empty' ? 'fichier vide' : "ce n'est pas une base SQLite");
  const size = statSync(file).size;
  const found = lookInto(file, (db) => {
    const check = quickCheck(db);
    if (check !== 'ok') return { problem: check };
    try {
      const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
      return {
        version: db.pragma('user_version', { simple: true }) as number,
        counts: { agreements: count('agreements'), requests: count('requests'), events: count('events') },
      };
    } catch (e) {
      return { problem: `ce n'est pas un registre : ${(e as Error).message}` };
    }
  });
  if ('problem' in found) throw damaged(name, found.problem);
  return { name, kind: parsed.kind, at: parsed.at, size, ...found };
}

/** The newest backup that passes the check and that this build can open, if any. */
export function latestGoodBackup(folder: string, latestVersion: number): BackupDetails | null {
  for (const entry of listBackups(folder)) {
    try {
      const details = inspectBackup(folder, entry.name);
      if (details.version <= latestVersion) return details;
    } catch {
      // Damaged: the next one.
    }
  }
  return null;
}

/**
 * Replaces the register file by a backup. Every connection to the register must be closed (the
 * caller's business). The backup is checked, copied beside the register under a temporary name
 * and flushed; the current file is kept in the backups folder (`remplacee-…`, a hard link, else a
 * copy) and its -wal/-shm moved away, then the copy is renamed over the register: at every moment
 * the register's name holds either the old file or the restored one, never nothing.
 */
export function restoreBackup(dbFile: string, name: string, now: string, latestVersion: number): { restored: BackupDetails; keptAs: string | null } {
  const folder = backupsFolder(dbFile);
  const restored = inspectBackup(folder, name);
  if (restored.version > latestVersion) {
    throw new DomainError(
      'SAUVEGARDE_TROP_RECENTE',
      `La sauvegarde « ${name} » a été écrite par une version plus récente de l'application (schéma ${restored.version}, cette version connaît le schéma ${latestVersion}) : installez la dernière version pour la restaurer.`,
    );
  }
  const incoming = `${dbFile}.restauration`;
  createPrivateFile(incoming);
  copyFileSync(join(folder, name), incoming);
  privateFile(incoming);
  fsyncPath(incoming);

  let keptAs: string | null = null;
  if (existsSync(dbFile)) {
    keptAs = backupName('remplacee', now);
    const kept = join(folder, keptAs);
    try {
      linkSync(dbFile, kept);
    } catch {
      copyFileSync(dbFile, kept + PARTIAL_SUFFIX);
      fsyncPath(kept + PARTIAL_SUFFIX);
      renameSync(kept + PARTIAL_SUFFIX, kept);
    }
    privateFile(kept);
    // Pages not yet written back to the register stay with it (a -wal is applied when it is opened).
    if (existsSync(`${dbFile}-wal`)) renameSync(`${dbFile}-wal`, `${kept}-wal`);
    rmSync(`${dbFile}-shm`, { force: true });
    fsyncPath(folder);
  }
  renameSync(incoming, dbFile);
  fsyncPath(dirname(dbFile));
  rotateBackups(folder);
  return { restored, keptAs };
}
