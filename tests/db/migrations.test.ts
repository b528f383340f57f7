import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseOpenError, openAndMigrate, openDatabase, readMigrations } from '../../db/open';
import { MIGRATIONS_DIR, useTempDir } from '../helpers/tmp';

const NOW = '2026-11-25T10:00:00.000Z';
const TABLES = ['agreements', 'breach_events', 'breaches', 'conflicts', 'documents', 'events', 'exchange_state', 'meetings', 'packages', 'peers', 'request_rights', 'requests', 'schools', 'settings', 'suspensions'];

/** A copy of the migrations folder holding only the first `count` migrations: an older build of the app. */
function olderMigrations(dir: string, count: number): string {
  const target = join(dir, 'old-migrations');
  cpSync(MIGRATIONS_DIR, target, { recursive: true });
  const journalFile = join(target, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalFile, JSON.stringify(journal));
  return target;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('opening the database', () => {
  const tmp = useTempDir();

  it('migrates a fresh database: every table, STRICT, foreign keys, WAL, version', () => {
    const file = join(tmp(), 'fresh.sqlite');
    const { db, backupFile, version } = openDatabase(file, { migrationsDir: MIGRATIONS_DIR, now: NOW });
    const tables = db
      .prepare("select name, strict from pragma_table_list where schema = 'main' and name not like 'sqlite_%' order by name")
      .all() as { name: string; strict: number }[];
    expect(tables.map((t) => t.name)).toEqual(TABLES);
    expect(tables.every((t) => t.strict === 1)).toBe(true);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('cache_size', { simple: true })).toBe(-65536);
    expect(version).toBe(readMigrations(MIGRATIONS_DIR).length);
    expect(db.pragma('user_version', { simple: true })).toBe(version);
    expect(backupFile).toBeNull();
    db.close();
  });

  it('refuses a value of the wrong type (STRICT) and a dangling reference (foreign keys)', () => {
    const { db } = openDatabase(join(tmp(), 'strict.sqlite'), { migrationsDir: MIGRATIONS_DIR, now: NOW });
    expect(() =>
      db.prepare("insert into schools (id, agreement_id, name, address, uai, created_at) values ('s', 'missing', 'x', '', 'u', 'now')").run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("insert into events (id, request_id, seq, at, actor, type, data, prev_hash, hash) values ('e','r','not a number','a','b','c','{}','p','h')").run()).toThrow(
      /cannot store TEXT value in INTEGER column|datatype mismatch/i,
    );
    db.close();
  });

  it('migrates a database written by the previous version without losing its rows, after taking a backup', async () => {
    const dir = tmp();
    const file = join(dir, 'old.sqlite');
    const old = openDatabase(file, { migrationsDir: olderMigrations(dir, 1), now: NOW });
    expect(old.version).toBe(1);
    old.db
      .prepare(
        `insert into agreements (id, code, name, commune_name, academie_name, preset, rules, dpd_contacts, identity_documents, created_at, updated_at)
         values ('a1', 'FAR', 'Versailles / Fontenay', 'Fontenay-aux-Roses', 'Académie de Versailles', 'versailles-fontenay', '{}', '{}', '[]', ?, ?)`,
      )
      .run(NOW, NOW);
    old.db
      .prepare(
        `insert into requests (id, agreement_id, reference, year, seq, received_on, channel, medium, requester_name, requester_category,
          allocation_status, allocation_rule_id, allocation_reason, status, created_at, updated_at)
         values ('r1', 'a1', 'FAR-2026-0001', 2026, 1, '2026-04-14', 'commune', 'letter', 'Mme Martin', 'parent',
          'to-settle', 'rule', 'raison', 'received', ?, ?)`,
      )
      .run(NOW, NOW);
    old.db.close();

    const { db, backupFile, version } = await openAndMigrate(file, { migrationsDir: MIGRATIONS_DIR, now: NOW });
    expect(version).toBe(readMigrations(MIGRATIONS_DIR).length);
    const row = db.prepare('select reference, requester_name, data_file_requested_on, search_text from requests').get();
    // New columns get their defaults, and the data step of migration 0004 fills the search text.
    expect(row).toEqual({ reference: 'FAR-2026-0001', requester_name: 'Mme Martin', data_file_requested_on: null, search_text: 'far-2026-0001 mme martin' });
    expect(db.prepare('select count(*) n from settings').get()).toEqual({ n: 0 });
    db.close();

    // The copy is the database as it was before the migration.
    expect(backupFile).not.toBeNull();
    const copy = new Database(backupFile!, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(1);
    expect(copy.prepare('select reference from requests').all()).toEqual([{ reference: 'FAR-2026-0001' }]);
    copy.close();
  });

  it('refuses a database written by a newer version, in French, and leaves it untouched', () => {
    const dir = tmp();
    const file = join(dir, 'future.sqlite');
    const future = new Database(file);
    future.exec('create table future_things (x)');
    future.pragma('user_version = 99');
    future.close();
    const before = sha(file);

    let error: unknown;
    try {
      openDatabase(file, { migrationsDir: MIGRATIONS_DIR, now: NOW });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as DatabaseOpenError).code).toBe('BASE_TROP_RECENTE');
    expect((error as Error).message).toContain('version plus récente');
    expect((error as Error).message).toContain("n'a pas été modifiée");
    expect(sha(file)).toBe(before);
    expect(readdirSync(dir)).toEqual(['future.sqlite']);
  });

  it('applies migrations all or nothing: a failing migration leaves the database as it was', async () => {
    const dir = tmp();
    const file = join(dir, 'broken.sqlite');
    const migrations = olderMigrations(dir, 1);
    openDatabase(file, { migrationsDir: migrations, now: NOW }).db.close();

    // A second migration whose second statement fails.
    const journalFile = join(migrations, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
    journal.entries.push({ ...journal.entries[0]!, idx: 1, tag: '0001_broken' });
    writeFileSync(journalFile, JSON.stringify(journal));
    writeFileSync(join(migrations, '0001_broken.sql'), 'CREATE TABLE extra (x integer) STRICT;\n--> statement-breakpoint\nTHIS IS NOT SQL;');

    await expect(openAndMigrate(file, { migrationsDir: migrations, now: NOW })).rejects.toThrow(/a échoué.*Aucune modification/s);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("select count(*) n from sqlite_master where name = 'extra'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('names the problem when the file is not a database', () => {
    const file = join(tmp(), 'not-a-db.sqlite');
    writeFileSync(file, 'bonjour, je ne suis pas une base de données'.repeat(200));
    expect(() => openDatabase(file, { migrationsDir: MIGRATIONS_DIR, now: NOW })).toThrow(/n'est pas une base lisible/);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
