// Backups (db/backup.ts) and the checks at opening (db/open.ts): a backup is complete and checked
// or has no backup's name; the rotation keeps what it says; a damaged, empty, foreign or newer file
// is refused, untouched, with nothing left beside it; the folder and files are the user's only.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupsToDelete, type RotatedBackup } from '../../core/features/backups/rotation';
import { BACKUPS_FOLDER_NAME, PARTIAL_SUFFIX, backupName, inspectBackup, latestGoodBackup, listBackups, restoreBackup, rotateBackups, writeBackup } from '../../db/backup';
import { DatabaseOpenError, inspectDatabase, openAndMigrate, openDatabase, readMigrations } from '../../db/open';
import { MIGRATIONS_DIR, useTempDir } from '../helpers/tmp';
import { NOW } from './fixtures';

const LATEST = readMigrations(MIGRATIONS_DIR).length;
const ROOT = join(import.meta.dirname, '..', '..');
const mode = (path: string) => statSync(path).mode & 0o777;

/** A register with `agreements` agreements, `requests` requests and one event each, in WAL mode, left open. */
function register(file: string, requests = 3) {
  const { db } = openDatabase(file, { migrationsDir: MIGRATIONS_DIR, now: NOW });
  db.prepare(
    `insert into agreements (id, code, name, commune_name, academie_name, preset, rules, dpd_contacts, identity_documents, created_at, updated_at)
     values ('a1', 'FAR', 'Versailles / Fontenay', 'Fontenay-aux-Roses', 'Académie de Versailles', 'versailles-fontenay', '{}', '{}', '[]', ?, ?)`,
  ).run(NOW, NOW);
  const request = db.prepare(
    `insert into requests (id, agreement_id, reference, year, seq, received_on, channel, medium, requester_name, requester_category,
      allocation_status, allocation_rule_id, allocation_reason, status, created_at, updated_at, search_text)
     values (?, 'a1', ?, 2026, ?, '2026-04-14', 'commune', 'letter', ?, 'parent', 'to-settle', 'rule', 'raison', 'received', ?, ?, '')`,
  );
  const event = db.prepare(
    `insert into events (id, request_id, seq, at, actor, type, data, prev_hash, hash) values (?, ?, 1, ?, 'test', 'request.created', ?, 'p', 'h')`,
  );
  db.transaction(() => {
    for (let i = 1; i <= requests; i++) {
      request.run(`r${i}`, `FAR-2026-${String(i).padStart(4, '0')}`, i, `Demandeur ${i} ${'x'.repeat(200)}`, NOW, NOW);
      event.run(`e${i}`, `r${i}`, NOW, JSON.stringify({ filler: 'y'.repeat(500) }));
    }
  })();
  return db;
}

/** Overwrites pages of a database file (not the first, so it still looks like SQLite) with noise. */
function damagePages(file: string, pages: number[]): void {
  const pageSize = 4096;
  const fd = openSync(file, 'r+');
  for (const p of pages) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, p * pageSize);
  closeSync(fd);
}

function openingError(file: string): DatabaseOpenError {
  try {
    inspectDatabase(file, LATEST);
  } catch (e) {
    if (e instanceof DatabaseOpenError) return e;
    throw e;
  }
  throw new Error(`${file} aurait dû être refusé`);
}

describe('backups', () => {
  const tmp = useTempDir();

  it('takes a complete, checked backup through the backup API while the register is open, unfinished writes (WAL) included', async () => {
    const dir = tmp();
    const db = register(join(dir, 'registre.sqlite'));
    db.pragma('wal_autocheckpoint = 0');
    db.prepare("update requests set requester_name = 'Pendant la sauvegarde' where id = 'r1'").run();
    const folder = join(dir, BACKUPS_FOLDER_NAME);
    const entry = await writeBackup(db, folder, backupName('manuelle', NOW));
    db.close();
    expect(entry).toMatchObject({ name: 'manuelle-2026-11-25T10-00-00-000Z.sqlite', kind: 'manuelle', at: NOW });
    expect(entry.size).toBe(statSync(join(folder, entry.name)).size);
    const details = inspectBackup(folder, entry.name);
    expect(details).toMatchObject({ version: LATEST, counts: { agreements: 1, requests: 3, events: 3 } });
    const copy = new Database(join(folder, entry.name), { readonly: true });
    expect(copy.prepare("select requester_name from requests where id = 'r1'").get()).toEqual({ requester_name: 'Pendant la sauvegarde' });
    copy.close();
    // A rollback journal, so looking at it leaves nothing beside it; the folder holds the backup only.
    expect(readdirSync(folder)).toEqual([entry.name]);
  });

  it('never gives a backup name to a backup killed half-way (kill -9), and the next backup removes what it left', async () => {
    const dir = tmp();
    const file = join(dir, 'registre.sqlite');
    register(file, 3000).close();
    const folder = join(dir, BACKUPS_FOLDER_NAME);
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tests', 'db', 'backup-crash-child.ts'), file, folder, '3'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.signal, run.stderr).toBe('SIGKILL');
    // Left: the copy cut short (and its journal), under the temporary name only.
    const left = readdirSync(folder).sort();
    expect(left[0]).toMatch(new RegExp(`^manuelle-.*\\.sqlite\\${PARTIAL_SUFFIX}$`));
    expect(left.every((name) => name.startsWith(left[0]!))).toBe(true);
    expect(statSync(join(folder, left[0]!)).size).toBeLessThan(statSync(file).size);
    expect(listBackups(folder)).toEqual([]);
    expect(latestGoodBackup(folder, LATEST)).toBeNull();
    expect(() => inspectBackup(folder, left[0]!)).toThrow(/Sauvegarde introuvable/);

    const source = new Database(file, { readonly: true });
    const entry = await writeBackup(source, folder, backupName('manuelle', NOW));
    source.close();
    expect(readdirSync(folder)).toEqual([entry.name]);
    expect(inspectBackup(folder, entry.name).counts.requests).toBe(3000);
  }, 90_000);

  it('keeps 7 days of daily backups, then one a week for 4 weeks, and the newest 3 taken before a migration, 10 on demand', () => {
    const day = (n: number) => new Date(Date.UTC(2026, 10, 30) - n * 86_400_000).toISOString();
    const backups: RotatedBackup[] = [];
    // 60 days of daily backups, two on the latest day; 5 before a migration; 12 on demand.
    for (let n = 0; n < 60; n++) backups.push({ name: `q${n}`, kind: 'quotidienne', at: day(n), day: day(n).slice(0, 10) });
    backups.push({ name: 'q0-bis', kind: 'quotidienne', at: day(0).replace('T00', 'T00').replace('00.000Z', '01.000Z'), day: day(0).slice(0, 10) });
    for (let n = 0; n < 5; n++) backups.push({ name: `m${n}`, kind: 'avant-migration', at: day(n), day: day(n).slice(0, 10) });
    for (let n = 0; n < 12; n++) backups.push({ name: `d${n}`, kind: 'manuelle', at: day(n), day: day(n).slice(0, 10) });
    const dropped = new Set(backupsToDelete(backups));
    const kept = backups.filter((b) => !dropped.has(b.name)).map((b) => b.name);
    // 30/11/2026 is a Monday: the 7 days 24–30/11 (the newest of the 30th), then the newest of the
    // weeks starting 23/11 (the 23rd), 16/11 (Sunday 22/11), 9/11 (15/11) and 2/11 (8/11).
    expect(kept.filter((n) => n.startsWith('q')).sort()).toEqual(['q0-bis', 'q1', 'q15', 'q2', 'q22', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8']);
    expect(kept.filter((n) => n.startsWith('m'))).toEqual(['m0', 'm1', 'm2']);
    expect(kept.filter((n) => n.startsWith('d'))).toHaveLength(10);
  });

  it('rotates the files of the folder, sizes listed, newest first', async () => {
    const dir = tmp();
    const db = register(join(dir, 'registre.sqlite'));
    const folder = join(dir, BACKUPS_FOLDER_NAME);
    for (let n = 0; n < 5; n++) await writeBackup(db, folder, backupName('avant-migration', `2026-11-2${n}T08:00:00.000Z`, { from: 5, to: 6 }));
    db.close();
    const list = listBackups(folder);
    expect(list.map((b) => b.name)).toEqual([
      'avant-migration-5-vers-6-2026-11-24T08-00-00-000Z.sqlite',
      'avant-migration-5-vers-6-2026-11-23T08-00-00-000Z.sqlite',
      'avant-migration-5-vers-6-2026-11-22T08-00-00-000Z.sqlite',
    ]);
    expect(list.every((b) => b.size > 0 && b.kind === 'avant-migration')).toBe(true);
    expect(rotateBackups(folder)).toEqual([]);
  });

  it('a start that fails on a migration again and again keeps at most 3 backups taken before it', async () => {
    const dir = tmp();
    const file = join(dir, 'registre.sqlite');
    const migrations = join(dir, 'migrations');
    mkdirSync(join(migrations, 'meta'), { recursive: true });
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
    for (const e of journal.entries) copyFileSync(join(MIGRATIONS_DIR, `${e.tag}.sql`), join(migrations, `${e.tag}.sql`));
    writeFileSync(join(migrations, 'meta', '_journal.json'), JSON.stringify(journal));
    register(file).close();
    journal.entries.push({ idx: LATEST, tag: '9999_broken' });
    writeFileSync(join(migrations, 'meta', '_journal.json'), JSON.stringify(journal));
    writeFileSync(join(migrations, '9999_broken.sql'), 'THIS IS NOT SQL;');
    for (let n = 0; n < 5; n++) {
      await expect(openAndMigrate(file, { migrationsDir: migrations, now: `2026-11-2${n}T08:00:00.000Z` })).rejects.toThrow(/a échoué.*une sauvegarde a été faite/s);
    }
    expect(listBackups(join(dir, BACKUPS_FOLDER_NAME)).map((b) => b.name)).toHaveLength(3);
  });
});

describe('opening a register that cannot be opened', () => {
  const tmp = useTempDir();

  it('refuses a damaged register (quick_check), says so in French, leaves it untouched with nothing beside it, and finds the latest good backup', async () => {
    const dir = tmp();
    const file = join(dir, 'registre.sqlite');
    const db = register(file, 2000);
    const folder = join(dir, BACKUPS_FOLDER_NAME);
    const good = await writeBackup(db, folder, backupName('quotidienne', '2026-11-24T08:00:00.000Z'));
    const newer = await writeBackup(db, folder, backupName('manuelle', '2026-11-25T08:00:00.000Z'));
    db.close();
    // The newest backup is damaged too: the latest good one is the one before.
    damagePages(join(folder, newer.name), [20, 40, 60]);
    damagePages(file, [10, 30, 50, 70]);
    const before = readFileSync(file);

    const error = openingError(file);
    expect(error.code).toBe('BASE_ENDOMMAGEE');
    expect(error.message).toMatch(/est endommagé .*Le fichier n'a pas été modifié\. Restaurez une sauvegarde/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['registre.sqlite', BACKUPS_FOLDER_NAME].sort());
    expect(() => inspectBackup(folder, newer.name)).toThrow(/est endommagée .*Choisissez une autre sauvegarde/);
    expect(latestGoodBackup(folder, LATEST)).toMatchObject({ name: good.name, counts: { requests: 2000 } });

    // Restored: the damaged file kept aside, the register opens with the backup's rows.
    const { restored, keptAs } = restoreBackup(file, good.name, NOW, LATEST);
    expect(restored.name).toBe(good.name);
    expect(readFileSync(join(folder, keptAs!)).equals(before)).toBe(true);
    const reopened = openDatabase(file, { migrationsDir: MIGRATIONS_DIR, now: NOW });
    expect(reopened.db.prepare('select count(*) as n from requests').get()).toEqual({ n: 2000 });
    reopened.db.close();
  });

  it('refuses an empty (0 byte) file and a file that is not SQLite instead of making an empty register of them', () => {
    const dir = tmp();
    const empty = join(dir, 'vide.sqlite');
    writeFileSync(empty, '');
    expect(openingError(empty)).toMatchObject({ code: 'BASE_ILLISIBLE', message: expect.stringContaining('est vide (0 octet)') as string });
    expect(() => openDatabase(empty, { migrationsDir: MIGRATIONS_DIR, now: NOW })).toThrow(/est vide/);
    expect(statSync(empty).size).toBe(0);
    const text = join(dir, 'texte.sqlite');
    writeFileSync(text, 'Registre des demandes\n'.repeat(100));
    expect(openingError(text).message).toContain("ce n'est pas une base SQLite");
    // A SQLite database of something else (version 0, tables) is not a register either.
    const other = new Database(join(dir, 'autre.sqlite'));
    other.exec('create table recettes (nom text)');
    other.close();
    expect(openingError(join(dir, 'autre.sqlite')).message).toContain("n'est pas un registre de cette application");
    expect(readdirSync(dir).sort()).toEqual(['autre.sqlite', 'texte.sqlite', 'vide.sqlite']);
  });

  it('refuses a newer register in WAL mode and leaves no -wal or -shm file beside it', () => {
    const dir = tmp();
    const file = join(dir, 'futur.sqlite');
    const future = new Database(file);
    future.pragma('journal_mode = WAL');
    future.exec('create table choses_futures (x)');
    future.pragma('user_version = 99');
    future.close();
    const before = readFileSync(file);
    expect(openingError(file).code).toBe('BASE_TROP_RECENTE');
    expect(readdirSync(dir)).toEqual(['futur.sqlite']);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('permissions', () => {
  const tmp = useTempDir();

  it.skipIf(process.platform === 'win32')('makes the data folder, the register, its -wal/-shm and the backups readable by the user only', async () => {
    const parent = tmp();
    const dir = join(parent, 'donnees');
    const file = join(dir, 'registre.sqlite');
    const db = register(file);
    expect(mode(dir)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f), f).toBe(0o600);
    const folder = join(dir, BACKUPS_FOLDER_NAME);
    const entry = await writeBackup(db, folder, backupName('manuelle', NOW));
    db.close();
    expect(mode(folder)).toBe(0o700);
    expect(mode(join(folder, entry.name))).toBe(0o600);

    // An install made under the default umask (0755 folder, 0644 file) is mended at opening.
    chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
    openDatabase(file, { migrationsDir: MIGRATIONS_DIR, now: NOW }).db.close();
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
