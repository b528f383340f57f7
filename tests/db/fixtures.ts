// Helpers of the db tests: databases at an older schema version (built the way db/open.ts
// builds them, from a copy of the migrations folder cut after N migrations), representative
// rows written with plain SQL for the columns a given version has, and schema descriptions
// read back from SQLite.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { appendEvent, GENESIS_HASH, type JournalEvent } from '../../core/journal';
import { MIGRATIONS_DIR } from '../helpers/tmp';

export const NOW = '2026-11-25T10:00:00.000Z';

export interface JournalEntry {
  idx: number;
  tag: string;
}

export function journal(dir = MIGRATIONS_DIR): JournalEntry[] {
  const j = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return [...j.entries].sort((a, b) => a.idx - b.idx);
}

/** A copy of the migrations folder holding only the first `count` migrations: the build of the app at schema `count`. */
export function migrationsUpTo(dir: string, count: number): string {
  const target = join(dir, `migrations-${count}`);
  cpSync(MIGRATIONS_DIR, target, { recursive: true });
  const file = join(target, 'meta', '_journal.json');
  const j = JSON.parse(readFileSync(file, 'utf8')) as { entries: JournalEntry[] };
  j.entries = [...j.entries].sort((a, b) => a.idx - b.idx).slice(0, count);
  writeFileSync(file, JSON.stringify(j));
  return target;
}

/** Where db/open.ts puts the backup it takes before migrating from `from` to `to`: the `sauvegardes` folder beside the file. */
export function backupName(file: string, from: number, to: number, now = NOW): string {
  return join(dirname(file), 'sauvegardes', `avant-migration-${from}-vers-${to}-${now.replace(/[:.]/g, '-')}.sqlite`);
}

// ---------------------------------------------------------------------------------------------
// Reading the schema back

export function tableNames(db: Database.Database): string[] {
  return (
    db.prepare("select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%' order by name").all() as {
      name: string;
    }[]
  ).map((t) => t.name);
}

export function strictTables(db: Database.Database): Record<string, boolean> {
  const rows = db
    .prepare("select name, strict from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%' order by name")
    .all() as { name: string; strict: number }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.strict === 1]));
}

export interface ColumnInfo {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  primaryKey: boolean;
}

export function columns(db: Database.Database, table: string): ColumnInfo[] {
  const rows = db.prepare('select name, type, "notnull" as nn, dflt_value as dflt, pk from pragma_table_xinfo(?) where hidden = 0').all(table) as {
    name: string;
    type: string;
    nn: number;
    dflt: string | null;
    pk: number;
  }[];
  return rows.map((r) => ({ name: r.name, type: r.type.toLowerCase(), notNull: r.nn === 1, default: r.dflt, primaryKey: r.pk > 0 }));
}

export interface IndexInfo {
  table: string;
  columns: string[];
  unique: boolean;
  /** The WHERE clause of a partial index, as written in its CREATE INDEX. */
  where: string | null;
}

/** Named indexes (not the automatic ones of PRIMARY KEY / UNIQUE constraints), by name. */
export function indexes(db: Database.Database): Record<string, IndexInfo> {
  const rows = db
    .prepare("select name, tbl_name as tbl, sql from sqlite_master where type = 'index' and sql is not null order by name")
    .all() as { name: string; tbl: string; sql: string }[];
  return Object.fromEntries(
    rows.map((r) => {
      const cols = (db.prepare('select name from pragma_index_info(?) order by seqno').all(r.name) as { name: string | null }[]).map(
        (c) => c.name ?? '<expression>',
      );
      const where = /\bWHERE\b([\s\S]*)$/i.exec(r.sql)?.[1]?.trim().replace(/;$/, '') ?? null;
      return [r.name, { table: r.tbl, columns: cols, unique: /^CREATE UNIQUE INDEX/i.test(r.sql), where }];
    }),
  );
}

export function foreignKeys(db: Database.Database, table: string): string[] {
  const rows = db.prepare('select "from" as f, "table" as t, "to" as c, on_update as u, on_delete as d from pragma_foreign_key_list(?)').all(table) as {
    f: string;
    t: string;
    c: string;
    u: string;
    d: string;
  }[];
  return rows.map((r) => `${r.f} → ${r.t}.${r.c} (on update ${r.u.toLowerCase()}, on delete ${r.d.toLowerCase()})`).sort();
}

/** Every row of every table, in rowid order: what a copy must hold. */
export function dump(db: Database.Database): Record<string, Record<string, unknown>[]> {
  return Object.fromEntries(tableNames(db).map((t) => [t, db.prepare(`select * from "${t}" order by rowid`).all() as Record<string, unknown>[]]));
}

// ---------------------------------------------------------------------------------------------
// Representative rows

/** Events of a request, chained the way the service chains them (core/journal.ts). */
export function chain(requestId: string, types: string[]): (JournalEvent & { seq: number })[] {
  let previous = GENESIS_HASH;
  return types.map((type, i) => {
    const e = appendEvent(previous, {
      id: `${requestId}-e${i + 1}`,
      requestId,
      at: `2026-04-${String(14 + i).padStart(2, '0')}T09:00:00.000Z`,
      actor: 'DPD commune',
      type,
      data: { step: i + 1, note: 'données « accentuées »' },
    });
    previous = e.hash;
    return { ...e, seq: i + 1 };
  });
}

export const EVENTS_R1 = chain('r1', ['request.created', 'suspension.opened']);
export const EVENTS_R2 = chain('r2', ['request.created']);

/**
 * Rows every schema version can hold (the columns of migration 0000): an agreement, a school,
 * one request with most optional columns filled and one with them empty (suspended, no
 * party, to settle), their rights, a suspension, journal events, a meeting and two documents.
 */
export function insertBaseRows(db: Database.Database): void {
  const json = JSON.stringify;
  db.prepare(
    `insert into agreements (id, code, name, commune_name, academie_name, preset, rules, holiday_calendar, dpd_contacts, processor_name,
       identity_documents, letter_templates, created_at, updated_at)
     values ('a1', 'FAR', 'Versailles / Fontenay-aux-Roses', 'Fontenay-aux-Roses', 'Académie de Versailles', 'versailles-fontenay', ?, 'alsace-moselle', ?, 'Éditeur ENT',
       ?, ?, ?, ?)`,
  ).run(
    json({ version: 1, rules: [{ id: 'r1', party: 'commune' }] }), // kept as is, never interpreted here
    json({
      commune: { name: 'Mme Leroy', email: 'dpd@fontenay.example', phone: '01 02 03 04 05', address: 'Hôtel de ville' },
      academie: { name: 'M. Petit', email: 'dpd@ac.example', phone: '', address: '' },
    }),
    json(["Pièce d'identité", 'Livret de famille']),
    json({ acknowledgement: { version: 2, subject: 'Accusé', body: 'Bonjour {{demandeur}}', updatedAt: NOW, updatedBy: 'DPD' } }),
    NOW,
    NOW,
  );
  db.prepare(
    `insert into schools (id, agreement_id, name, address, uai, created_at)
     values ('s1', 'a1', 'École élémentaire Jean-Macé', '1 rue de l''École', '0920001A', ?)`,
  ).run(NOW);
  const insertRequest = db.prepare(
    `insert into requests (id, agreement_id, reference, year, seq, received_on, channel, medium, requester_name, requester_contact,
       requester_category, subject_name, subject_is_minor, subject_relation, school_id, module_name, module_owner, schools_scope, summary,
       allocation_party, allocation_status, allocation_rule_id, allocation_reason, preemption, identity_documents_received,
       identity_documents_missing, attachments, extended, extension_reasons, extension_notified_on, acknowledged_on, response_deadline,
       extended_deadline, due_on, status, closed_on, processor_received_on, created_at, updated_at)
     values (@id, 'a1', @reference, 2026, @seq, @receivedOn, @channel, 'letter', @requesterName, @requesterContact, 'parent', @subjectName,
       @subjectIsMinor, @subjectRelation, @schoolId, @moduleName, @moduleOwner, @schoolsScope, @summary, @party, @allocationStatus,
       'rule-1', 'Module de la commune', @preemption, @docsReceived, @docsMissing, @attachments, @extended, @extensionReasons,
       @extensionNotifiedOn, @acknowledgedOn, @responseDeadline, @extendedDeadline, @dueOn, @status, null, @processorReceivedOn, @at, @at)`,
  );
  insertRequest.run({
    id: 'r1',
    reference: 'FAR-2026-0001',
    seq: 1,
    receivedOn: '2026-04-14',
    channel: 'commune',
    requesterName: 'Mme  Inès Dupré',
    requesterContact: 'ines.dupre@example.org',
    subjectName: 'Léa Dupré',
    subjectIsMinor: 1,
    subjectRelation: 'mère',
    schoolId: 's1',
    moduleName: 'Cahier de textes',
    moduleOwner: 'commune',
    schoolsScope: 'single',
    summary: "Demande d'accès aux données de l'élève",
    party: 'commune',
    allocationStatus: 'decided',
    preemption: json({
      kind: 'preemption',
      party: 'academie',
      claimedBy: 'academie',
      by: 'M. Petit',
      at: NOW,
      reason: 'Module académique',
      validations: [{ party: 'academie', by: 'M. Petit', at: NOW }],
      from: { party: 'commune', status: 'decided', ruleId: 'rule-1', reason: 'Module de la commune' },
    }),
    docsReceived: json(["Pièce d'identité"]),
    docsMissing: json([]),
    attachments: json(['Courrier du 12/04/2026 (classeur 3)']),
    extended: 1,
    extensionReasons: 'Complexité',
    extensionNotifiedOn: '2026-05-10',
    acknowledgedOn: '2026-04-15',
    responseDeadline: '2026-05-14',
    extendedDeadline: '2026-07-14',
    dueOn: '2026-07-14',
    status: 'extended',
    processorReceivedOn: '2026-04-16',
    at: NOW,
  });
  insertRequest.run({
    id: 'r2',
    reference: 'FAR-2026-0002',
    seq: 2,
    receivedOn: '2026-05-02',
    channel: 'academie',
    requesterName: 'M. Karim Benali',
    requesterContact: '',
    subjectName: null,
    subjectIsMinor: null,
    subjectRelation: null,
    schoolId: null,
    moduleName: null,
    moduleOwner: null,
    schoolsScope: null,
    summary: '',
    party: null,
    allocationStatus: 'to-settle',
    preemption: null,
    docsReceived: json([]),
    docsMissing: json(["Pièce d'identité"]),
    attachments: json([]),
    extended: 0,
    extensionReasons: null,
    extensionNotifiedOn: null,
    acknowledgedOn: null,
    responseDeadline: null,
    extendedDeadline: null,
    dueOn: null,
    status: 'awaiting-documents',
    processorReceivedOn: null,
    at: NOW,
  });
  const right = db.prepare('insert into request_rights (id, request_id, "right", outcome, refusal_reason, answered_on) values (?, ?, ?, ?, ?, ?)');
  right.run('rr1', 'r1', 'access', 'done', null, '2026-06-01');
  right.run('rr2', 'r1', 'erasure', 'refused', 'Obligation légale de conservation', '2026-06-01');
  right.run('rr3', 'r2', 'rectification', null, null, null);
  db.prepare(
    `insert into suspensions (id, request_id, kind, what_asked, sent_on, received_on)
     values ('su1', 'r2', 'identity', 'Copie d''une pièce d''identité', '2026-05-03', null)`,
  ).run();
  const event = db.prepare(
    'insert into events (id, request_id, seq, at, actor, type, data, prev_hash, hash) values (@id, @requestId, @seq, @at, @actor, @type, @data, @prevHash, @hash)',
  );
  for (const e of [...EVENTS_R1, ...EVENTS_R2]) event.run({ ...e, data: json(e.data) });
  db.prepare(
    `insert into meetings (id, agreement_id, date, participants, agenda, minutes, created_at, closed_at)
     values ('m1', 'a1', '2026-06-10', ?, ?, null, ?, null)`,
  ).run(json(['Mme Leroy', 'M. Petit']), json({ sections: [{ title: 'Échues', requests: ['r1'] }] }), NOW);
  const doc = db.prepare(
    `insert into documents (id, request_id, meeting_id, kind, template_version, title, format, content, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  doc.run('d1', 'r1', null, 'acknowledgement', 2, 'Accusé de réception FAR-2026-0001', 'pdf', json({ blocks: ['Madame,'] }), NOW);
  doc.run('d2', null, 'm1', 'agenda', 1, 'Ordre du jour du 10/06/2026', 'html', '<h1>Ordre du jour</h1>', NOW);
}
