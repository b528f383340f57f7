// SQLite implementation of core's DocumentStore (documents produced, monthly meetings),
// spread into the Store by db/store.ts.
import { and, desc, eq, notInArray, or, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { DocumentStore } from '../core/api/document-store';
import { CLOSED_STATUSES } from '../core/domain';
import * as schema from './schema';

const { documents, meetings, requests } = schema;

export function createDocumentStore(db: BetterSQLite3Database<typeof schema>): DocumentStore {
  return {
    insertDocument(row) {
      db.insert(documents).values(row).run();
    },
    getDocument(id) {
      return db.select().from(documents).where(eq(documents.id, id)).get();
    },
    listDocuments(of) {
      const where = 'requestId' in of ? eq(documents.requestId, of.requestId) : eq(documents.meetingId, of.meetingId);
      return db
        .select({
          id: documents.id,
          requestId: documents.requestId,
          meetingId: documents.meetingId,
          kind: documents.kind,
          templateVersion: documents.templateVersion,
          title: documents.title,
          format: documents.format,
          createdAt: documents.createdAt,
        })
        .from(documents)
        .where(where)
        .orderBy(desc(documents.createdAt), desc(sql`rowid`))
        .all();
    },

    insertMeeting(row) {
      db.insert(meetings).values(row).run();
    },
    updateMeeting(id, patch) {
      db.update(meetings).set(patch).where(eq(meetings.id, id)).run();
    },
    getMeeting(id) {
      return db.select().from(meetings).where(eq(meetings.id, id)).get();
    },
    listMeetings(agreementId) {
      return db
        .select()
        .from(meetings)
        .where(agreementId ? eq(meetings.agreementId, agreementId) : undefined)
        .orderBy(desc(meetings.date), desc(meetings.createdAt))
        .all();
    },

    agendaRequestIds(agreementId, closedAfter) {
      // Written out: the last answer date of a request comes from its rights.
      const endedOn = sql<string | null>`coalesce("requests"."closed_on", (select max(rr.answered_on) from request_rights rr where rr.request_id = "requests"."id"))`;
      return db
        .select({ id: requests.id })
        .from(requests)
        .where(and(eq(requests.agreementId, agreementId), or(notInArray(requests.status, [...CLOSED_STATUSES]), sql`${endedOn} > ${closedAfter}`)))
        .orderBy(requests.reference)
        .all()
        .map((r) => r.id);
    },
  };
}
