// Data steps that go with a schema migration, run right after its SQL, in the same
// transaction (db/open.ts). Keyed by the drizzle-kit migration tag.
import type Database from 'better-sqlite3';
import { PRESET_DEFAULTS } from '../core/presets';
import { normalizeForSearch, requestSearchText } from '../core/search';

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
