// SQLite implementation of core's RetentionStore (core/api/retention-store.ts), spread into the
// Store by db/store.ts.
import type Database from 'better-sqlite3';
import { and, asc, count, eq, isNotNull, isNull, lte } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { RetentionStore } from '../core/api/retention-store';
import { requestColumns } from '../core/api/row-schemas';
import * as schema from './schema';

const { conflicts, documents, events, meetings, requests } = schema;

export function createRetentionStore(db: BetterSQLite3Database<typeof schema>, sqlite: Database.Database): RetentionStore {
  return {
    closedRequests(agreementId, closedBy) {
      return db
        .select({ id: requests.id, reference: requests.reference, receivedOn: requests.receivedOn, closedOn: requests.closedOn, status: requests.status })
        .from(requests)
        .where(and(eq(requests.agreementId, agreementId), isNull(requests.anonymisedOn), isNotNull(requests.closedOn), lte(requests.closedOn, closedBy)))
        .orderBy(asc(requests.closedOn), asc(requests.reference))
        .all()
        .map((r) => ({ ...r, closedOn: r.closedOn!, status: requestColumns.status.parse(r.status) }));
    },
    countAnonymised(agreementId) {
      return db.select({ n: count() }).from(requests).where(and(eq(requests.agreementId, agreementId), isNotNull(requests.anonymisedOn))).get()!.n;
    },
    setEventData(eventId, data) {
      db.update(events).set({ data }).where(eq(events.id, eventId)).run();
    },
    deleteRequestDocuments(requestId) {
      return db.delete(documents).where(eq(documents.requestId, requestId)).run().changes;
    },
    setDocumentContent(id, content) {
      db.update(documents).set({ content }).where(eq(documents.id, id)).run();
    },
    meetingDocuments(agreementId) {
      return db
        .select({ id: documents.id, content: documents.content })
        .from(documents)
        .innerJoin(meetings, eq(meetings.id, documents.meetingId))
        .where(eq(meetings.agreementId, agreementId))
        .all();
    },
    setConflictValues(id, { local, remote }) {
      db.update(conflicts).set({ local, remote }).where(eq(conflicts.id, id)).run();
    },
    requestConflicts(requestId) {
      return db.select({ id: conflicts.id, field: conflicts.field, local: conflicts.local, remote: conflicts.remote }).from(conflicts).where(eq(conflicts.requestId, requestId)).all();
    },
    purgeRemovedData() {
      // secure_delete (db/open.ts) has zeroed the removed cells and pages in the new page images;
      // the checkpoint writes them over the old ones in the file, and TRUNCATE empties the WAL.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}
