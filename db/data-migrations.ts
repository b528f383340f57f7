// Data steps that go with a schema migration, run right after its SQL, in the same
// transaction (db/open.ts). Keyed by the drizzle-kit migration tag.
import type Database from 'better-sqlite3';
import { requestSearchText } from '../core/search';

export const DATA_MIGRATIONS: Record<string, (db: Database.Database) => void> = {
  // New column search_text: fill it for the requests already there.
  '0004_list_search_and_indexes': (db) => {
    const rows = db.prepare('select id, reference, requester_name, subject_name from requests').all() as {
      id: string;
      reference: string;
      requester_name: string;
      subject_name: string | null;
    }[];
    const update = db.prepare('update requests set search_text = ? where id = ?');
    for (const r of rows) {
      update.run(requestSearchText({ reference: r.reference, requesterName: r.requester_name, subjectName: r.subject_name }), r.id);
    }
  },
};
