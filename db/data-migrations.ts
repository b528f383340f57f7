// Data steps that go with a schema migration, run right after its SQL, in the same
// transaction (db/open.ts). Keyed by the drizzle-kit migration tag.
import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { officeEventHash } from '../core/exchange/chain';
import { GENESIS_HASH, appendEvent, type Hasher } from '../core/journal';
import { PRESET_DEFAULTS } from '../core/presets';
import { normalizeForSearch, requestSearchText } from '../core/search';

const sha256: Hasher = (text) => hash('sha256', text, 'hex');

type StoredEvent = { id: string; owner: string; seq: number; at: string; actor: string; type: string; data: string; agreement_id: string | null; office_id: string | null; office_seq: number | null };

/**
 * Rehashes every journal with the sealed form of core/journal.ts (personal values hashed through
 * their own hash, so that anonymisation can remove them and keep each chain verifiable): each
 * request's and each breach's chain (hash, previous hash, the head on its row), then each
 * office's chain per agreement over both tables in its sequence order. Deterministic: the two
 * offices of an agreement, each migrating its own copy of the same events, compute the same
 * office hashes, so their exchange goes on.
 */
function rehashJournals(db: Database.Database): void {
  const journals = [
    { events: 'events', owner: 'request_id', rows: 'requests' },
    { events: 'breach_events', owner: 'breach_id', rows: 'breaches' },
  ] as const;
  const officeLinks: (StoredEvent & { table: string })[] = [];
  for (const j of journals) {
    const all = db
      .prepare(`select id, ${j.owner} as owner, seq, at, actor, type, data, agreement_id, office_id, office_seq from ${j.events} order by ${j.owner}, seq`)
      .all() as StoredEvent[];
    const update = db.prepare(`update ${j.events} set prev_hash = ?, hash = ? where id = ?`);
    const head = db.prepare(`update ${j.rows} set journal_head = ? where id = ?`);
    let owner = '';
    let previous = GENESIS_HASH;
    for (const e of all) {
      if (e.owner !== owner) {
        if (owner) head.run(previous, owner);
        owner = e.owner;
        previous = GENESIS_HASH;
      }
      const next = appendEvent(previous, { id: e.id, requestId: e.owner, at: e.at, actor: e.actor, type: e.type, data: JSON.parse(e.data) as unknown }, sha256);
      update.run(next.prevHash, next.hash, e.id);
      previous = next.hash;
      if (e.office_id !== null && e.office_seq !== null && e.agreement_id !== null) officeLinks.push({ ...e, table: j.events });
    }
    if (owner) head.run(previous, owner);
  }
  officeLinks.sort((a, b) => (a.agreement_id! < b.agreement_id! ? -1 : a.agreement_id! > b.agreement_id! ? 1 : a.office_id! < b.office_id! ? -1 : a.office_id! > b.office_id! ? 1 : a.office_seq! - b.office_seq!));
  const updates = Object.fromEntries(journals.map((j) => [j.events, db.prepare(`update ${j.events} set office_hash = ? where id = ?`)]));
  let chainKey = '';
  let previous = GENESIS_HASH;
  for (const e of officeLinks) {
    const key = `${e.agreement_id}\u0000${e.office_id}`;
    if (key !== chainKey) {
      chainKey = key;
      previous = GENESIS_HASH;
    }
    previous = officeEventHash(
      previous,
      { id: e.id, requestId: e.owner, at: e.at, actor: e.actor, type: e.type, data: JSON.parse(e.data) as unknown, agreementId: e.agreement_id!, officeId: e.office_id!, officeSeq: e.office_seq! },
      sha256,
    );
    updates[e.table]!.run(previous, e.id);
  }
}

/** Writes the search text of every request as core/search.ts makes it now. */
function fillSearchText(db: Database.Database): void {
  const rows = db.prepare('select id, reference, requester_name, subject_name, requester_contact, summary from requests').all() as {
    id: string;
    reference: string;
    requester_name: string;
    subject_name: string | null;
    requester_contact: string;
    summary: string;
  }[];
  const update = db.prepare('update requests set search_text = ? where id = ?');
  for (const r of rows) {
    update.run(
      requestSearchText({ reference: r.reference, requesterName: r.requester_name, subjectName: r.subject_name, requesterContact: r.requester_contact, summary: r.summary }),
      r.id,
    );
  }
}

export const DATA_MIGRATIONS: Record<string, (db: Database.Database) => void> = {
  // Issue 15: the journals hash personal values through their own hash (core/journal.ts
  // sealedJson), so a request anonymised after its retention period keeps a verifiable history.
  // New columns: agreements.retention_years (default 5), requests.anonymised_on.
  '0013_retention': (db) => rehashJournals(db),
  // New column modules: the agreements made from the DSDEN 13 preset get the preset's list (seed
  // 003 art. 7, 3.1, 8.1), to edit on the agreement's screen; Versailles/Fontenay ones none.
  '0011_agreement_modules': (db) => {
    db.prepare("update agreements set modules = ? where preset = 'dsden13'").run(JSON.stringify(PRESET_DEFAULTS.dsden13.modules));
  },
  // The search text gains the requester's contact and the summary (issue 13): rewritten for the
  // requests already there. No schema change: the migration's SQL is only a comment.
  '0009_search_contact_summary': (db) => fillSearchText(db),
  // New column events.agreement_id: the agreement of each event's request (the office columns
  // are filled by the service, which knows this office's identity: core/features/exchange).
  '0006_exchange': (db) => {
    db.prepare('update events set agreement_id = (select r.agreement_id from requests r where r.id = events.request_id)').run();
  },
  // New column processor_clause: the agreements made from the DSDEN 13 preset carry seed 003's
  // processor clause; Versailles/Fontenay ones (seed 000) have none.
  '0005_legal_corrections': (db) => {
    db.prepare("update agreements set processor_clause = ? where preset = 'dsden13'").run(JSON.stringify(PRESET_DEFAULTS.dsden13.processorClause));
    // Migration 0002 added journal_head and event_count without filling them: requests written
    // before it read as "journal incomplet" until their next event. Fill them from the journal.
    db.prepare(
      `update requests set
         event_count = (select count(*) from events e where e.request_id = requests.id),
         journal_head = (select e.hash from events e where e.request_id = requests.id order by e.seq desc limit 1)
       where event_count = 0 and exists (select 1 from events e where e.request_id = requests.id)`,
    ).run();
  },
  // New column search_text: fill it for the requests already there, with what it held then
  // (reference and names; 0009 rewrites it with the contact and the summary).
  '0004_list_search_and_indexes': (db) => {
    const rows = db.prepare('select id, reference, requester_name, subject_name from requests').all() as {
      id: string;
      reference: string;
      requester_name: string;
      subject_name: string | null;
    }[];
    const update = db.prepare('update requests set search_text = ? where id = ?');
    for (const r of rows) update.run(normalizeForSearch([r.reference, r.requester_name, r.subject_name ?? ''].join(' ')), r.id);
  },
};
