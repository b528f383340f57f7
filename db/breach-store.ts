// SQLite implementation of core's BreachStore (the breach register and its journals), spread
// into the Store by db/store.ts. JSON and enumerated columns are parsed with core's schemas.
import { and, asc, desc, eq, gt, isNull, max, or, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { breachColumns, breachEventType, type BreachEventRow, type BreachRow, type BreachStore } from '../core/api/breach-store';
import { parseColumns } from '../core/api/row-schemas';
import * as schema from './schema';

const { breaches, breachEvents } = schema;

const breachOut = (row: typeof breaches.$inferSelect): BreachRow => parseColumns('breaches', breachColumns, row) as BreachRow;
const eventOut = (row: typeof breachEvents.$inferSelect): BreachEventRow => parseColumns('breach_events', { type: breachEventType }, row);

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createBreachStore(db: BetterSQLite3Database<typeof schema>): BreachStore {
  return {
    nextBreachSeq(agreementId, year, refOffice) {
      const row = db
        .select({ seq: max(breaches.seq) })
        .from(breaches)
        .where(and(eq(breaches.agreementId, agreementId), eq(breaches.year, year), eq(breaches.refOffice, refOffice)))
        .get();
      return (row?.seq ?? 0) + 1;
    },
    insertBreach(row) {
      db.insert(breaches).values(row).run();
    },
    getBreach(id) {
      const row = db.select().from(breaches).where(eq(breaches.id, id)).get();
      return row ? breachOut(row) : undefined;
    },
    updateBreach(id, patch) {
      db.update(breaches).set(patch).where(eq(breaches.id, id)).run();
    },
    listBreaches(q) {
      const conditions = [];
      if (q.agreementId) conditions.push(eq(breaches.agreementId, q.agreementId));
      if (q.status) conditions.push(eq(breaches.status, q.status));
      if (q.q) {
        const p = likePattern(q.q);
        conditions.push(or(sql`${breaches.reference} like ${p} escape '\\'`, sql`${breaches.service} like ${p} escape '\\'`, sql`${breaches.nature} like ${p} escape '\\'`));
      }
      return db
        .select()
        .from(breaches)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(desc(sql`${breaches.status} = 'open'`), desc(breaches.knownAt), asc(breaches.reference))
        .all()
        .map(breachOut);
    },
    getBreachEvents(breachId) {
      return db.select().from(breachEvents).where(eq(breachEvents.breachId, breachId)).orderBy(asc(breachEvents.seq)).all().map(eventOut);
    },
    lastBreachEvent(breachId) {
      const row = db.select().from(breachEvents).where(eq(breachEvents.breachId, breachId)).orderBy(desc(breachEvents.seq)).limit(1).get();
      return row ? eventOut(row) : undefined;
    },
    insertBreachEvent(row) {
      db.insert(breachEvents).values(row).run();
      db.update(breaches).set({ journalHead: row.hash, eventCount: row.seq }).where(eq(breaches.id, row.breachId)).run();
    },
    officeBreachEvents(agreementId, officeId, after) {
      return db
        .select()
        .from(breachEvents)
        .where(and(eq(breachEvents.agreementId, agreementId), eq(breachEvents.officeId, officeId), gt(breachEvents.officeSeq, after)))
        .orderBy(asc(breachEvents.officeSeq))
        .all()
        .map(eventOut);
    },
    breachEventsWithoutOffice() {
      return db
        .select({ event: breachEvents, breachAgreementId: breaches.agreementId })
        .from(breachEvents)
        .innerJoin(breaches, eq(breaches.id, breachEvents.breachId))
        .where(isNull(breachEvents.officeId))
        .orderBy(asc(breachEvents.at), asc(breachEvents.breachId), asc(breachEvents.seq))
        .all()
        .map(({ event, breachAgreementId }) => ({ ...eventOut(event), breachAgreementId }));
    },
    setBreachEventOffice(id, link) {
      db.update(breachEvents).set(link).where(eq(breachEvents.id, id)).run();
    },
    breachByReference(reference) {
      const row = db.select().from(breaches).where(eq(breaches.reference, reference)).get();
      return row ? breachOut(row) : undefined;
    },
  };
}
