// One test per drizzle-kit migration (db/migrations/, applied by db/open.ts, data steps in
// db/data-migrations.ts): a database at the version before it, built by db/open.ts from the
// migrations that came before, holding representative rows, is opened by db/open.ts with the
// migrations up to this one; the test asserts what the migration promises.
// tests/db/migrations.test.ts covers the rest of opening (fresh file, refusal of a newer file,
// all-or-nothing, unreadable file, an old file migrated to the latest version in one go).
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { GENESIS_HASH, canonicalJson, verifyChain } from '../../core/journal';
import { verifyOfficeChain } from '../../core/exchange/chain';
import { openAndMigrate, openDatabase } from '../../db/open';
import { createStore } from '../../db/store';
import { MIGRATIONS_DIR, useTempDir } from '../helpers/tmp';
import {
  backupName,
  columns,
  dump,
  EVENTS_R1,
  EVENTS_R2,
  foreignKeys,
  indexes,
  insertBaseRows,
  journal,
  migrationsUpTo,
  NOW,
  strictTables,
  tableNames,
  type ColumnInfo,
  type IndexInfo,
} from './fixtures';

/**
 * What each migration adds, as its SQL file promises it, and the columns of existing rows its
 * data step rewrites (left out of the "rows kept" check, asserted by its test). A new migration
 * needs a line here and a test below.
 */
const STEPS: Record<
  string,
  {
    tables: string[];
    columns: Record<string, ColumnInfo[]>;
    indexes: Record<string, IndexInfo>;
    rewrites?: Record<string, string[]>;
    /** Indexes the migration drops (replaced by one of `indexes`). */
    dropped?: string[];
  }
> = {
  '0000_initial': {
    tables: ['agreements', 'documents', 'events', 'meetings', 'request_rights', 'requests', 'schools', 'suspensions'],
    columns: {},
    indexes: {
      agreements_code_unique: { table: 'agreements', columns: ['code'], unique: true, where: null },
      documents_request_idx: { table: 'documents', columns: ['request_id'], unique: false, where: null },
      events_request_seq_unique: { table: 'events', columns: ['request_id', 'seq'], unique: true, where: null },
      meetings_agreement_idx: { table: 'meetings', columns: ['agreement_id', 'date'], unique: false, where: null },
      request_rights_unique: { table: 'request_rights', columns: ['request_id', 'right'], unique: true, where: null },
      requests_reference_unique: { table: 'requests', columns: ['reference'], unique: true, where: null },
      requests_agreement_year_seq_unique: { table: 'requests', columns: ['agreement_id', 'year', 'seq'], unique: true, where: null },
      requests_status_idx: { table: 'requests', columns: ['status'], unique: false, where: null },
      requests_party_idx: { table: 'requests', columns: ['allocation_party'], unique: false, where: null },
      requests_received_idx: { table: 'requests', columns: ['received_on'], unique: false, where: null },
      requests_due_idx: { table: 'requests', columns: ['due_on'], unique: false, where: null },
      schools_agreement_uai_unique: { table: 'schools', columns: ['agreement_id', 'uai'], unique: true, where: null },
      suspensions_request_idx: { table: 'suspensions', columns: ['request_id'], unique: false, where: null },
    },
  },
  '0001_office_settings_and_data_file': {
    tables: ['settings'],
    columns: {
      requests: [
        { name: 'data_file_requested_on', type: 'text', notNull: false, default: null, primaryKey: false },
        { name: 'data_file_received_on', type: 'text', notNull: false, default: null, primaryKey: false },
      ],
    },
    indexes: {},
  },
  '0002_allocation_state_and_journal_head': {
    tables: [],
    columns: {
      requests: [
        { name: 'allocation_state', type: 'text', notNull: false, default: null, primaryKey: false },
        { name: 'journal_head', type: 'text', notNull: false, default: null, primaryKey: false },
        { name: 'event_count', type: 'integer', notNull: true, default: '0', primaryKey: false },
      ],
    },
    indexes: {},
  },
  '0003_processor_deletion': {
    tables: [],
    columns: { requests: [{ name: 'processor_deletion_instructed_on', type: 'text', notNull: false, default: null, primaryKey: false }] },
    indexes: {},
  },
  '0004_list_search_and_indexes': {
    tables: [],
    columns: { requests: [{ name: 'search_text', type: 'text', notNull: true, default: "''", primaryKey: false }] },
    indexes: {
      requests_groups_idx: {
        table: 'requests',
        columns: ['status', 'allocation_party', 'due_on', 'allocation_status', 'agreement_id', 'received_on', 'search_text', 'id'],
        unique: false,
        where: null,
      },
      requests_pending_idx: { table: 'requests', columns: ['agreement_id'], unique: false, where: '"requests"."preemption" is not null' },
      request_rights_right_idx: { table: 'request_rights', columns: ['right', 'request_id'], unique: false, where: null },
    },
  },
  '0005_legal_corrections': {
    tables: [],
    columns: {
      agreements: [
        { name: 'processor_clause', type: 'text', notNull: false, default: null, primaryKey: false },
        { name: 'joint_arrangement', type: 'text', notNull: true, default: "''", primaryKey: false },
        { name: 'processing', type: 'text', notNull: false, default: null, primaryKey: false },
      ],
      request_rights: [{ name: 'erasure_exception', type: 'text', notNull: false, default: null, primaryKey: false }],
      requests: [
        { name: 'processor_forwarded_on', type: 'text', notNull: false, default: null, primaryKey: false },
        { name: 'processor_deleted_on', type: 'text', notNull: false, default: null, primaryKey: false },
        { name: 'processor_deletion_certificate', type: 'text', notNull: false, default: null, primaryKey: false },
      ],
      suspensions: [{ name: 'doubt', type: 'text', notNull: false, default: null, primaryKey: false }],
    },
    indexes: {},
    // The data step repairs the journal heads 0002 left empty.
    rewrites: { requests: ['journal_head', 'event_count'] },
  },
  '0006_exchange': {
    tables: ['conflicts', 'exchange_state', 'packages', 'peers'],
    columns: {
      requests: [{ name: 'ref_office', type: 'text', notNull: true, default: "''", primaryKey: false }],
      events: [
        { name: 'agreement_id', type: 'text', notNull: false, default: null, primaryKey: false },
        { name: 'office_id', type: 'text', notNull: false, default: null, primaryKey: false },
        { name: 'office_seq', type: 'integer', notNull: false, default: null, primaryKey: false },
        { name: 'office_hash', type: 'text', notNull: false, default: null, primaryKey: false },
      ],
    },
    indexes: {
      requests_agreement_ref_seq_unique: { table: 'requests', columns: ['agreement_id', 'ref_office', 'year', 'seq'], unique: true, where: null },
      events_office_seq_unique: { table: 'events', columns: ['agreement_id', 'office_id', 'office_seq'], unique: true, where: null },
      conflicts_agreement_idx: { table: 'conflicts', columns: ['agreement_id', 'resolved_at'], unique: false, where: null },
      packages_agreement_idx: { table: 'packages', columns: ['agreement_id', 'at'], unique: false, where: null },
    },
    dropped: ['requests_agreement_year_seq_unique'],
  },
  '0007_breach_register': {
    tables: ['breach_events', 'breaches'],
    columns: {},
    indexes: {
      breach_events_breach_seq_unique: { table: 'breach_events', columns: ['breach_id', 'seq'], unique: true, where: null },
      breaches_reference_unique: { table: 'breaches', columns: ['reference'], unique: true, where: null },
      breaches_agreement_ref_seq_unique: { table: 'breaches', columns: ['agreement_id', 'ref_office', 'year', 'seq'], unique: true, where: null },
      breaches_status_idx: { table: 'breaches', columns: ['status', 'known_at'], unique: false, where: null },
    },
  },
  '0008_list_deadline_order': {
    tables: [],
    columns: {},
    // Same name, now with the reference: the list's order by deadline then reference.
    indexes: { requests_due_idx: { table: 'requests', columns: ['due_on', 'reference'], unique: false, where: null } },
  },
  '0009_search_contact_summary': {
    tables: [],
    columns: {},
    indexes: {},
    // The data step writes the search text again, with the contact and the summary.
    rewrites: { requests: ['search_text'] },
  },
  '0010_breach_exchange': {
    tables: [],
    columns: {
      breach_events: [
        { name: 'agreement_id', type: 'text', notNull: false, default: null, primaryKey: false },
        { name: 'office_id', type: 'text', notNull: false, default: null, primaryKey: false },
        { name: 'office_seq', type: 'integer', notNull: false, default: null, primaryKey: false },
        { name: 'office_hash', type: 'text', notNull: false, default: null, primaryKey: false },
      ],
    },
    indexes: { breach_events_office_seq_unique: { table: 'breach_events', columns: ['agreement_id', 'office_id', 'office_seq'], unique: true, where: null } },
  },
  '0011_agreement_modules': {
    tables: [],
    columns: { agreements: [{ name: 'modules', type: 'text', notNull: true, default: "'[]'", primaryKey: false }] },
    indexes: {},
  },
  '0012_meeting_time_format': {
    tables: [],
    columns: {
      meetings: [
        { name: 'time', type: 'text', notNull: false, default: null, primaryKey: false },
        { name: 'format', type: 'text', notNull: false, default: null, primaryKey: false },
      ],
    },
    indexes: {},
  },
  '0013_retention': {
    tables: [],
    columns: {
      agreements: [{ name: 'retention_years', type: 'integer', notNull: true, default: '5', primaryKey: false }],
      requests: [{ name: 'anonymised_on', type: 'text', notNull: false, default: null, primaryKey: false }],
    },
    indexes: {},
    // The data step rehashes every journal with personal values sealed (core/journal.ts).
    rewrites: { events: ['prev_hash', 'hash', 'office_hash'], requests: ['journal_head'], breach_events: ['prev_hash', 'hash', 'office_hash'], breaches: ['journal_head'] },
  },
  '0014_due_covering': {
    tables: [],
    columns: {},
    // Same name, now also with the status and party the list filters on.
    indexes: { requests_due_idx: { table: 'requests', columns: ['due_on', 'reference', 'status', 'allocation_party'], unique: false, where: null } },
  },
};

/** SHA-256 as hex (node). */
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The journals as written before migration 0013: each event's hash over its raw data (names and
 * notes in the hashed text), and the office chain the same way.
 */
function legacyJournals(db: Database.Database): void {
  const rows = db.prepare("select id, request_id, at, actor, type, data from events where request_id = 'r1' order by seq").all() as Record<string, string>[];
  let previous = GENESIS_HASH;
  let office = GENESIS_HASH;
  rows.forEach((e, i) => {
    const body = { id: e.id!, requestId: e.request_id!, at: e.at!, actor: e.actor!, type: e.type!, data: JSON.parse(e.data!) as unknown };
    const hash = sha(previous + canonicalJson(body));
    office = sha(office + canonicalJson({ ...body, agreementId: 'a1', officeId: 'office-A', officeSeq: i + 1 }));
    db.prepare("update events set prev_hash = ?, hash = ?, agreement_id = 'a1', office_id = 'office-A', office_seq = ?, office_hash = ? where id = ?").run(previous, hash, i + 1, office, e.id!);
    previous = hash;
  });
  db.prepare("update requests set journal_head = ?, event_count = ? where id = 'r1'").run(previous, rows.length);
}

/**
 * Rows a database at `version` holds: the base rows, a second agreement made from the DSDEN 13
 * preset, plus values in the columns each later migration added.
 */
function seed(db: Database.Database, version: number): void {
  insertBaseRows(db);
  db.prepare(
    `insert into agreements (id, code, name, commune_name, academie_name, preset, rules, holiday_calendar, dpd_contacts, processor_name,
       identity_documents, letter_templates, created_at, updated_at)
     values ('a2', 'D13', 'DSDEN 13 / Marseille', 'Marseille', 'DSDEN des Bouches-du-Rhône', 'dsden13', '{"version":1,"rules":[]}', 'metropole', '{}', null,
       '[]', '{}', ?, ?)`,
  ).run(NOW, NOW);
  if (version >= 2) {
    db.prepare("insert into settings (key, value, updated_at) values ('office', ?, ?)").run(JSON.stringify({ party: 'commune', name: 'Mairie' }), NOW);
    db.prepare("update requests set data_file_requested_on = '2026-04-20', data_file_received_on = '2026-04-25' where id = 'r1'").run();
  }
  if (version >= 3) {
    // r1 got an event after 0002 (its head is stored); r2 was written before 0002 and not
    // touched since: event_count 0 and no head, as 0002 left it (repaired by 0005).
    const state = { party: 'commune', status: 'decided', ruleId: 'rule-1', reason: 'Module de la commune' };
    db.prepare("update requests set allocation_state = ?, journal_head = ?, event_count = 2 where id = 'r1'").run(JSON.stringify(state), EVENTS_R1[1]!.hash);
  }
  if (version >= 4) db.prepare("update requests set processor_deletion_instructed_on = '2026-06-02' where id = 'r1'").run();
  if (version >= 5) {
    db.prepare("update requests set search_text = 'far-2026-0001 mme ines dupre lea dupre' where id = 'r1'").run();
    db.prepare("update requests set search_text = 'far-2026-0002 m. karim benali' where id = 'r2'").run();
  }
  if (version === 13) legacyJournals(db);
}

/**
 * The check the detail view runs on a request's history (core/features/requests: verifyChain
 * with the stored head and count), on the rows as stored (plain SQL: db/store.ts reads the
 * latest schema, not necessarily this one).
 */
function historyCheck(db: Database.Database, id: string): string {
  const row = db.prepare('select journal_head, event_count from requests where id = ?').get(id) as { journal_head: string | null; event_count: number };
  const events = (
    db.prepare('select id, request_id, at, actor, type, data, prev_hash, hash from events where request_id = ? order by seq').all(id) as Record<string, string>[]
  ).map((e) => ({ id: e.id!, requestId: e.request_id!, at: e.at!, actor: e.actor!, type: e.type!, data: JSON.parse(e.data!) as unknown, prevHash: e.prev_hash!, hash: e.hash! }));
  const check = verifyChain(events, { ...(row.journal_head ? { expectedHead: row.journal_head } : {}), expectedCount: row.event_count });
  return check.ok ? 'intègre' : check.reason;
}

const project = (rows: Record<string, unknown>[], keys: string[]) => rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));

describe('each migration, from the version before it', () => {
  const tmp = useTempDir();
  const tags = journal().map((e) => e.tag);

  it('has a test for every migration of the journal', () => {
    expect(Object.keys(STEPS), 'a new migration needs its line in STEPS and its test in this file').toEqual(tags);
  });

  /**
   * Builds the database at `from` (= number of migrations applied) with db/open.ts, writes the
   * representative rows through a connection that is still open (its pages are in the -wal file,
   * not yet in the main file), opens it with db/open.ts and the migrations up to `from + 1`, and
   * checks what every migration must keep: version, the copy taken first, STRICT tables, every
   * row and column already there, the new tables, columns and indexes and nothing else.
   */
  async function migrate(from: number) {
    const dir = tmp();
    const file = join(dir, 'registre-droits-ent.sqlite');
    const tag = tags[from]!;
    let before: ReturnType<typeof dump> = {};
    let columnsBefore: Record<string, ColumnInfo[]> = {};
    let indexesBefore: Record<string, IndexInfo> = {};
    let writer: Database.Database | undefined;
    if (from > 0) {
      const old = openDatabase(file, { migrationsDir: migrationsUpTo(dir, from), now: NOW });
      expect(old.version).toBe(from);
      writer = old.db;
      writer.pragma('wal_autocheckpoint = 0');
      seed(writer, from);
      before = dump(writer);
      columnsBefore = Object.fromEntries(tableNames(writer).map((t) => [t, columns(writer!, t)]));
      indexesBefore = indexes(writer);
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    }

    const opened = await openAndMigrate(file, { migrationsDir: migrationsUpTo(dir, from + 1), now: NOW });
    writer?.close();
    const { db } = opened;
    const step = STEPS[tag]!;

    expect(opened.version).toBe(from + 1);
    expect(db.pragma('user_version', { simple: true })).toBe(from + 1);

    // The backup: taken before migrating an existing file (SQLite's backup API reads the WAL too).
    if (from > 0) {
      expect(opened.backupFile).toBe(backupName(file, from, from + 1));
      const copy = new Database(opened.backupFile!, { readonly: true });
      expect(copy.pragma('user_version', { simple: true })).toBe(from);
      expect(dump(copy)).toEqual(before);
      copy.close();
    } else {
      expect(opened.backupFile).toBeNull();
    }

    // Tables: the ones before plus the new ones, all STRICT.
    const tables = [...Object.keys(columnsBefore), ...step.tables].sort();
    expect(tableNames(db)).toEqual(tables);
    expect(strictTables(db)).toEqual(Object.fromEntries(tables.map((t) => [t, true])));

    // Columns: unchanged, plus the new ones at the end of their table.
    for (const [table, cols] of Object.entries(columnsBefore)) {
      expect(columns(db, table), table).toEqual([...cols, ...(step.columns[table] ?? [])]);
    }
    // Indexes: the ones before, unchanged, plus the new ones.
    const kept = Object.fromEntries(Object.entries(indexesBefore).filter(([name]) => !step.dropped?.includes(name)));
    expect(indexes(db)).toEqual({ ...kept, ...step.indexes });

    // Rows: every one kept with its values; the new columns, and those the data step rewrites,
    // are checked by each test.
    const after = dump(db);
    for (const [table, rows] of Object.entries(before)) {
      const kept = Object.keys(rows[0] ?? {}).filter((k) => !step.rewrites?.[table]?.includes(k));
      expect(project(after[table]!, kept), table).toEqual(project(rows, kept));
    }
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return { db, file, after, before };
  }

  it('0000_initial: a new file gets the eight STRICT tables, their indexes and foreign keys, version 1, and no copy', async () => {
    const { db } = await migrate(0);
    expect(Object.fromEntries(tableNames(db).map((t) => [t, foreignKeys(db, t)]))).toEqual({
      agreements: [],
      documents: [
        'meeting_id → meetings.id (on update no action, on delete no action)',
        'request_id → requests.id (on update no action, on delete no action)',
      ],
      events: ['request_id → requests.id (on update no action, on delete no action)'],
      meetings: ['agreement_id → agreements.id (on update no action, on delete no action)'],
      request_rights: ['request_id → requests.id (on update no action, on delete no action)'],
      requests: [
        'agreement_id → agreements.id (on update no action, on delete no action)',
        'school_id → schools.id (on update no action, on delete no action)',
      ],
      schools: ['agreement_id → agreements.id (on update no action, on delete no action)'],
      suspensions: ['request_id → requests.id (on update no action, on delete no action)'],
    });
    // The rows every later migration starts from fit in it (types, foreign keys).
    insertBaseRows(db);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();

    // An existing empty file is not a register to fill: it is refused and left as it is.
    const dir = tmp();
    const empty = join(dir, 'vide.sqlite');
    writeFileSync(empty, '');
    await expect(openAndMigrate(empty, { migrationsDir: migrationsUpTo(dir, 1), now: NOW })).rejects.toThrow(/est vide \(0 octet\)/);
    expect(statSync(empty).size).toBe(0);
    expect(existsSync(join(dir, 'sauvegardes'))).toBe(false);
  });

  it('0001_office_settings_and_data_file: adds the STRICT settings table and the data file dates, empty for existing requests', async () => {
    const { db, after } = await migrate(1);
    expect(after.settings).toEqual([]);
    expect(project(after.requests!, ['id', 'data_file_requested_on', 'data_file_received_on'])).toEqual([
      { id: 'r1', data_file_requested_on: null, data_file_received_on: null },
      { id: 'r2', data_file_requested_on: null, data_file_received_on: null },
    ]);
    db.prepare("insert into settings (key, value, updated_at) values ('office', '{}', ?)").run(NOW);
    expect(() => db.prepare("insert into settings (key, value, updated_at) values ('x', x'00', 'now')").run()).toThrow(/cannot store BLOB value in TEXT column/i);
    db.close();
  });

  it('0002_allocation_state_and_journal_head: adds allocation_state, journal_head and event_count (integer, STRICT) to requests', async () => {
    const { db, after } = await migrate(2);
    // Requests from before keep their allocation columns; allocation_state stays empty until the
    // next pre-emption or settlement (the service falls back to the row's allocation columns).
    expect(project(after.requests!, ['id', 'allocation_party', 'allocation_status', 'allocation_state'])).toEqual([
      { id: 'r1', allocation_party: 'commune', allocation_status: 'decided', allocation_state: null },
      { id: 'r2', allocation_party: null, allocation_status: 'to-settle', allocation_state: null },
    ]);
    expect(() => db.prepare("update requests set event_count = 'deux' where id = 'r1'").run()).toThrow(/cannot store/i);
    db.close();
  });

  // Migration 0002 added journal_head and event_count with no data step: every request written
  // before it got event_count 0 and no head while its events are there, and the detail view's
  // check read "Journal incomplet : 0 événements attendus, 2 présents" until its next event.
  // 0005's data step fills both from the events.
  it('0002_allocation_state_and_journal_head: requests written before it get their journal head back from 0005 (the history check passes)', async () => {
    const { db, file, after } = await migrate(2);
    expect(project(after.requests!, ['id', 'journal_head', 'event_count'])).toEqual([
      { id: 'r1', journal_head: null, event_count: 0 },
      { id: 'r2', journal_head: null, event_count: 0 },
    ]);
    expect(historyCheck(db, 'r1')).toMatch(/^Journal incomplet/);
    db.close();

    const latest = (await openAndMigrate(file, { migrationsDir: MIGRATIONS_DIR, now: NOW })).db;
    expect(project(dump(latest).requests!, ['id', 'journal_head', 'event_count'])).toEqual([
      { id: 'r1', journal_head: EVENTS_R1[1]!.hash, event_count: 2 },
      { id: 'r2', journal_head: EVENTS_R2[0]!.hash, event_count: 1 },
    ]);
    for (const id of ['r1', 'r2']) expect(historyCheck(latest, id), id).toBe('intègre');
    latest.close();
  });

  it('0003_processor_deletion: adds the processor deletion instruction date, empty for existing requests', async () => {
    const { db, after } = await migrate(3);
    expect(project(after.requests!, ['id', 'processor_received_on', 'processor_deletion_instructed_on'])).toEqual([
      { id: 'r1', processor_received_on: '2026-04-16', processor_deletion_instructed_on: null },
      { id: 'r2', processor_received_on: null, processor_deletion_instructed_on: null },
    ]);
    db.close();
  });

  it('0004_list_search_and_indexes: fills search_text of existing requests (data step) and adds the list indexes', async () => {
    const { db, file, after } = await migrate(4);
    // Reference and names, lower case, without accents, spaces collapsed (core/search.ts).
    expect(project(after.requests!, ['id', 'search_text'])).toEqual([
      { id: 'r1', search_text: 'far-2026-0001 mme ines dupre lea dupre' },
      { id: 'r2', search_text: 'far-2026-0002 m. karim benali' },
    ]);
    db.close();
    // The list's accent-insensitive search finds the migrated rows (db/store.ts reads the
    // latest schema: the file is brought to it first).
    const latest = (await openAndMigrate(file, { migrationsDir: MIGRATIONS_DIR, now: NOW })).db;
    const store = createStore(latest);
    const list = (q: string) =>
      store.listRequests({ openOnly: false, q, sort: 'reference', direction: 'asc', offset: 0, limit: 50 }).map((r) => r.reference);
    expect(list('INÈS')).toEqual(['FAR-2026-0001']);
    expect(list('lea dupre')).toEqual(['FAR-2026-0001']);
    expect(list('benali')).toEqual(['FAR-2026-0002']);
    expect(list('far-2026')).toEqual(['FAR-2026-0001', 'FAR-2026-0002']);
    // The partial index holds only the requests with a pending decision.
    expect(latest.prepare('select id from requests indexed by requests_pending_idx where preemption is not null').all()).toEqual([{ id: 'r1' }]);
    latest.close();
  });

  it('0005_legal_corrections: adds the legal columns (empty for existing rows), fills the processor clause of DSDEN 13 agreements only, and repairs the journal heads 0002 left empty', async () => {
    const { db, after } = await migrate(5);
    // Seed 003's clause for the agreements made from the DSDEN 13 preset; none for seed 000's.
    expect(project(after.agreements!, ['id', 'preset', 'processor_clause', 'joint_arrangement', 'processing'])).toEqual([
      { id: 'a1', preset: 'versailles-fontenay', processor_clause: null, joint_arrangement: '', processing: null },
      { id: 'a2', preset: 'dsden13', processor_clause: '{"forwardWorkingDays":3,"deletionDays":15}', joint_arrangement: '', processing: null },
    ]);
    expect(project(after.requests!, ['id', 'processor_forwarded_on', 'processor_deleted_on', 'processor_deletion_certificate'])).toEqual([
      { id: 'r1', processor_forwarded_on: null, processor_deleted_on: null, processor_deletion_certificate: null },
      { id: 'r2', processor_forwarded_on: null, processor_deleted_on: null, processor_deletion_certificate: null },
    ]);
    expect(project(after.request_rights!, ['id', 'outcome', 'erasure_exception'])).toEqual([
      { id: 'rr1', outcome: 'done', erasure_exception: null },
      { id: 'rr2', outcome: 'refused', erasure_exception: null },
      { id: 'rr3', outcome: null, erasure_exception: null },
    ]);
    expect(project(after.suspensions!, ['id', 'doubt'])).toEqual([{ id: 'su1', doubt: null }]);

    // Journal heads: r2 (written before 0002, empty head) gets its last event; r1's stored head
    // is left as it was.
    expect(project(after.requests!, ['id', 'journal_head', 'event_count'])).toEqual([
      { id: 'r1', journal_head: EVENTS_R1[1]!.hash, event_count: 2 },
      { id: 'r2', journal_head: EVENTS_R2[0]!.hash, event_count: 1 },
    ]);
    for (const id of ['r1', 'r2']) expect(historyCheck(db, id), id).toBe('intègre');

    // STRICT and NOT NULL hold on the new columns.
    expect(() => db.prepare("update agreements set joint_arrangement = null where id = 'a1'").run()).toThrow(/NOT NULL/);
    expect(() => db.prepare("update suspensions set doubt = x'00' where id = 'su1'").run()).toThrow(/cannot store BLOB value in TEXT column/i);
    db.close();
  });

  it('0006_exchange: events get their agreement (office columns are filled by the service), references their office letter, and the exchange tables', async () => {
    const { db, after } = await migrate(6);
    expect(project(after.events!, ['request_id', 'agreement_id', 'office_id', 'office_seq', 'office_hash'])).toEqual(
      after.events!.map((e) => ({ request_id: e.request_id, agreement_id: 'a1', office_id: null, office_seq: null, office_hash: null })),
    );
    // References issued before keep their form and get no office letter.
    expect(project(after.requests!, ['id', 'ref_office'])).toEqual([
      { id: 'r1', ref_office: '' },
      { id: 'r2', ref_office: '' },
    ]);
    expect(after.peers).toEqual([]);
    // Two offices may now use the same number, each with its letter; not twice the same.
    const copy = db.prepare("select * from requests where id = 'r1'").get() as Record<string, unknown>;
    const insert = (id: string, refOffice: string, reference: string) =>
      db.prepare(`insert into requests (${Object.keys(copy).join(', ')}) values (${Object.keys(copy).map(() => '?').join(', ')})`).run(
        ...Object.entries(copy).map(([k, v]) => (k === 'id' ? id : k === 'ref_office' ? refOffice : k === 'reference' ? reference : v)),
      );
    insert('rA', 'A', 'FAR-A-2026-0001');
    insert('rC', 'C', 'FAR-C-2026-0001');
    expect(() => insert('rA2', 'A', 'FAR-A-2026-0001-bis')).toThrow(/UNIQUE constraint failed: requests.agreement_id, requests.ref_office/);
    db.close();
  });
  it('0007_breach_register: adds the empty breach register and its journal, STRICT, tied to the agreements', async () => {
    const { db, after } = await migrate(7);
    expect(after.breaches).toEqual([]);
    expect(after.breach_events).toEqual([]);
    // A breach names an agreement that exists; its events name a breach that exists.
    expect(() =>
      db
        .prepare(
          `insert into breach_events (id, breach_id, seq, at, actor, type, data, prev_hash, hash) values ('e', 'nope', 1, '2026-11-13T16:40:00Z', 'x', 'breach.declared', '{}', 'p', 'h')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    db.close();
  });

  it('0014_due_covering: the deadline index also holds the status and party, so the list filters the open requests of one party in it, in its order', async () => {
    const { db } = await migrate(14);
    const plan = (
      db
        .prepare(
          "explain query plan select id, reference from requests indexed by requests_due_idx where status not in ('closed', 'rejected') and allocation_party = ? and due_on is not null order by due_on, reference limit 50 offset 950",
        )
        .all('academie') as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan).toEqual(['SEARCH requests USING INDEX requests_due_idx (due_on>?)']);
    db.close();
  });

  it('0008_list_deadline_order: the deadline index also holds the reference, so the list by deadline reads it in order', async () => {
    const { db } = await migrate(8);
    const plan = (db.prepare('explain query plan select * from requests where due_on is null order by due_on, reference limit 50').all() as { detail: string }[]).map((r) => r.detail);
    expect(plan).toEqual(['SEARCH requests USING INDEX requests_due_idx (due_on=?)']);
    db.close();
  });

  it('0009_search_contact_summary: the search text of existing requests gains the contact and the summary; the list finds them by those and by their school', async () => {
    const { db, file, after } = await migrate(9);
    expect(project(after.requests!, ['id', 'search_text'])).toEqual([
      { id: 'r1', search_text: "far-2026-0001 mme ines dupre lea dupre ines.dupre@example.org demande d'acces aux donnees de l'eleve" },
      { id: 'r2', search_text: 'far-2026-0002 m. karim benali' },
    ]);
    db.close();
    const latest = (await openAndMigrate(file, { migrationsDir: MIGRATIONS_DIR, now: NOW })).db;
    const store = createStore(latest);
    const list = (q: string) =>
      store.listRequests({ openOnly: false, q, sort: 'reference', direction: 'asc', offset: 0, limit: 50 }).map((r) => r.reference);
    expect(list('ines.dupre@example')).toEqual(['FAR-2026-0001']);
    expect(list('DONNÉES élève')).toEqual(['FAR-2026-0001']);
    // The school is matched by its name or UAI, without accents, word by word.
    expect(list('0920001a')).toEqual(['FAR-2026-0001']);
    expect(list('ecole jean-mace')).toEqual(['FAR-2026-0001']);
    expect(list('benali jean-mace')).toEqual([]);
    latest.close();
  });

  it('0010_breach_exchange: breach events gain their author office and place in its chain, one event per place', async () => {
    const { db, after } = await migrate(10);
    expect(after.breach_events).toEqual([]);
    const agreement = (db.prepare('select id from agreements limit 1').get() as { id: string }).id;
    db.prepare(
      `insert into breaches (id, agreement_id, reference, year, seq, ref_office, status, rules, known_at, known_how, discovered_by, origin, service, nature, data_categories, person_categories, security_incident, security_incident_only, high_risk, created_at, updated_at)
       values ('b', ?, 'FAR-V-A-2026-0001', 2026, 1, 'A', 'open', '{}', '2026-11-13T16:40:00Z', 'x', 'academie', 'unknown', 's', 'n', 'd', 'p', 0, 0, 0, 'now', 'now')`,
    ).run(agreement);
    const event = db.prepare(
      `insert into breach_events (id, breach_id, seq, at, actor, type, data, prev_hash, hash, agreement_id, office_id, office_seq, office_hash) values (?, 'b', ?, 'at', 'x', 'breach.declared', '{}', 'p', 'h', ?, 'office-A', 1, 'oh')`,
    );
    event.run('e1', 1, agreement);
    // Written before the exchange carried breaches: no office yet, as many as there are.
    db.prepare(`insert into breach_events (id, breach_id, seq, at, actor, type, data, prev_hash, hash) values ('e0', 'b', 3, 'at', 'x', 'breach.document', '{}', 'p', 'h')`).run();
    expect(() => event.run('e2', 2, agreement)).toThrow(/UNIQUE constraint failed: breach_events.agreement_id, breach_events.office_id, breach_events.office_seq/);
    db.close();
  });

  it('0011_agreement_modules: DSDEN 13 agreements get the modules seed 003 names with their owner, Versailles/Fontenay ones an empty list', async () => {
    const { db } = await migrate(11);
    const rows = db.prepare('select id, preset, modules from agreements order by id').all() as { id: string; preset: string; modules: string }[];
    expect(rows.map((r) => ({ id: r.id, preset: r.preset, modules: JSON.parse(r.modules) as unknown }))).toEqual([
      { id: 'a1', preset: 'versailles-fontenay', modules: [] },
      {
        id: 'a2',
        preset: 'dsden13',
        modules: [
          { name: 'Modules pédagogiques du SDET', owner: 'academie' },
          { name: "Annuaire de l'ENT (données de l'annuaire fédérateur AAF)", owner: 'academie' },
          { name: 'Modules spécifiques de la collectivité', owner: 'commune' },
        ],
      },
    ]);
    db.close();
  });

  it('0012_meeting_time_format: meetings gain their time and format, not given for the meetings already there', async () => {
    const { db } = await migrate(12);
    const agreement = (db.prepare('select id from agreements limit 1').get() as { id: string }).id;
    db.prepare("insert into meetings (id, agreement_id, date, participants, created_at) values ('m-old', ?, '2026-11-10', '[]', 'now')").run(agreement);
    expect(db.prepare("select time, format from meetings where id = 'm-old'").get()).toEqual({ time: null, format: null });
    db.prepare("update meetings set time = '14:30', format = 'video' where id = 'm-old'").run();
    expect(db.prepare("select time, format from meetings where id = 'm-old'").get()).toEqual({ time: '14:30', format: 'video' });
    db.close();
  });

  it('0013_retention: every journal rehashed with personal values sealed still verifies, request and office chains alike; agreements keep closed requests 5 years', async () => {
    const { db, before, after } = await migrate(13);
    // Written with raw data in the hash (as before 0013): today's check would call it edited.
    const legacy = before.events!.filter((e) => e.request_id === 'r1');
    expect(legacy.every((e) => typeof e.office_hash === 'string')).toBe(true);
    const events = after.events!.filter((e) => e.request_id === 'r1');
    expect(events.map((e) => e.hash)).not.toEqual(legacy.map((e) => e.hash));
    expect(historyCheck(db, 'r1')).toBe('intègre');
    const office = verifyOfficeChain(
      events.map((e) => ({
        id: e.id as string,
        requestId: 'r1',
        at: e.at as string,
        actor: e.actor as string,
        type: e.type as string,
        data: JSON.parse(e.data as string) as unknown,
        agreementId: 'a1',
        officeId: 'office-A',
        officeSeq: e.office_seq as number,
        officeHash: e.office_hash as string,
      })),
    );
    expect(office).toMatchObject({ ok: true, lastSeq: events.length });
    expect(db.prepare('select distinct retention_years as y from agreements').all()).toEqual([{ y: 5 }]);
    expect(db.prepare('select count(*) as n from requests where anonymised_on is not null').get()).toEqual({ n: 0 });
    db.close();
  });
});
