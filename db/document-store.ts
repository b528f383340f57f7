// SQLite implementation of core's DocumentStore (documents produced, monthly meetings),
// spread into the Store by db/store.ts.
import { and, asc, desc, eq, inArray, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { DocumentStore } from '../core/api/document-store';
import type { Store } from '../core/api/store';
import { CANCELLED_STATUS, CLOSED_STATUSES } from '../core/domain';
import { parseColumns, requestColumns } from '../core/api/row-schemas';
import * as schema from './schema';

const { documents, events, meetings, requestRights, requests, suspensions } = schema;
const agendaColumns = {
  status: requestColumns.status,
  allocationParty: requestColumns.allocationParty,
  allocationStatus: requestColumns.allocationStatus,
  preemption: requestColumns.preemption,
};

export function createDocumentStore(db: BetterSQLite3Database<typeof schema>): DocumentStore & Pick<Store, 'agendaRows'> {
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

    meetingHeads(agreementId) {
      return db
        .select({ id: meetings.id, agreementId: meetings.agreementId, date: meetings.date, minutes: meetings.minutes, createdAt: meetings.createdAt, closedAt: meetings.closedAt })
        .from(meetings)
        .where(eq(meetings.agreementId, agreementId))
        .orderBy(desc(meetings.date), desc(meetings.createdAt))
        .all();
    },

    agendaRows(agreementId, scope) {
      let inScope: SQL | undefined;
      if ('ids' in scope) {
        if (scope.ids.length === 0) return { requests: [], rights: [], suspensions: [], events: [] };
        inScope = and(eq(requests.agreementId, agreementId), inArray(requests.id, scope.ids));
      } else {
        // Written out: the last answer date of a request comes from its rights.
        const endedOn = sql<string | null>`coalesce("requests"."closed_on", (select max(rr.answered_on) from request_rights rr where rr.request_id = "requests"."id"))`;
        // A request cancelled as typed by mistake is on no agenda (issue 13).
        inScope = and(
          eq(requests.agreementId, agreementId),
          ne(requests.status, CANCELLED_STATUS),
          or(notInArray(requests.status, [...CLOSED_STATUSES]), sql`${endedOn} > ${scope.closedAfter}`),
        );
      }
      // Only the columns the agenda reads: 2,000 rows are mapped column by column.
      const rows = db
        .select({
          id: requests.id,
          reference: requests.reference,
          receivedOn: requests.receivedOn,
          requesterName: requests.requesterName,
          subjectName: requests.subjectName,
          status: requests.status,
          allocationParty: requests.allocationParty,
          allocationStatus: requests.allocationStatus,
          allocationReason: requests.allocationReason,
          preemption: requests.preemption,
          extended: requests.extended,
          extensionNotifiedOn: requests.extensionNotifiedOn,
          responseDeadline: requests.responseDeadline,
          extendedDeadline: requests.extendedDeadline,
          dueOn: requests.dueOn,
          closedOn: requests.closedOn,
          acknowledgedOn: requests.acknowledgedOn,
          dataFileRequestedOn: requests.dataFileRequestedOn,
          dataFileReceivedOn: requests.dataFileReceivedOn,
          processorReceivedOn: requests.processorReceivedOn,
          processorDeletionInstructedOn: requests.processorDeletionInstructedOn,
          processorForwardedOn: requests.processorForwardedOn,
          processorDeletedOn: requests.processorDeletedOn,
          processorDeletionCertificate: requests.processorDeletionCertificate,
        })
        .from(requests)
        .where(inScope)
        .orderBy(requests.reference)
        .all();
      const rights = db.select({ r: requestRights }).from(requestRights).innerJoin(requests, eq(requests.id, requestRights.requestId)).where(inScope).all();
      const susp = db
        .select({ s: suspensions })
        .from(suspensions)
        .innerJoin(requests, eq(requests.id, suspensions.requestId))
        .where(inScope)
        .orderBy(asc(suspensions.sentOn))
        .all();
      // Only the events the agenda quotes: the handover of a request handed over, the data file asked.
      const quoted = db
        .select({ requestId: events.requestId, seq: events.seq, type: events.type, data: events.data })
        .from(events)
        .innerJoin(requests, eq(requests.id, events.requestId))
        .where(
          and(
            inScope,
            or(
              and(eq(events.type, 'request.handed-over'), eq(requests.status, 'handed-over')),
              and(eq(events.type, 'data-file.recorded'), sql`${requests.dataFileRequestedOn} is not null`),
            ),
          ),
        )
        .orderBy(events.requestId, events.seq)
        .all();
      return {
        // JSON and enumerated columns checked by core's schemas, as every request row read.
        requests: rows.map((row) => parseColumns('requests', agendaColumns, row)),
        rights: rights.map((x) => x.r),
        suspensions: susp.map((x) => x.s),
        events: quoted,
      };
    },
  };
}
