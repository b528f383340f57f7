// SQLite implementation of core's ExchangeStore, spread into the Store by db/store.ts.
import { and, asc, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { ExchangeStore, OfficeEventRow } from '../core/api/exchange-store';
import * as schema from './schema';

const { breachEvents, conflicts, events, exchangeState, packages, peers } = schema;

export function createExchangeStore(db: BetterSQLite3Database<typeof schema>, sqlite: Database.Database): ExchangeStore {
  // The head of this office's chain, read for every event written: prepared once per journal.
  const lastOfficeEventStatements = [events, breachEvents].map((table) =>
    db
      .select({ officeSeq: table.officeSeq, officeHash: table.officeHash })
      .from(table)
      .where(and(eq(table.agreementId, sql.placeholder('agreementId')), eq(table.officeId, sql.placeholder('officeId'))))
      .orderBy(desc(table.officeSeq))
      .limit(1)
      .prepare(),
  );
  // An export reads every event since the last acknowledgement (a hundred thousand for « Tout
  // renvoyer »): one prepared statement, rows named as EventRow, no per-value mapping.
  const officeEventsStatement = sqlite.prepare(
    `select id, request_id as requestId, at, actor, type, data, office_seq as officeSeq, office_hash as officeHash
     from events where agreement_id = ? and office_id = ? and office_seq > ? order by office_seq`,
  );
  return {
    getPeer(agreementId) {
      return db.select().from(peers).where(eq(peers.agreementId, agreementId)).get();
    },
    insertPeer(row) {
      db.insert(peers).values(row).run();
    },

    getExchangeState(agreementId) {
      return db.select().from(exchangeState).where(eq(exchangeState.agreementId, agreementId)).get();
    },
    saveExchangeState(row) {
      db.insert(exchangeState).values(row).onConflictDoUpdate({ target: exchangeState.agreementId, set: row }).run();
    },

    insertPackage(row) {
      db.insert(packages).values(row).run();
    },
    listPackages(agreementId) {
      return db.select().from(packages).where(eq(packages.agreementId, agreementId)).orderBy(desc(packages.at), desc(packages.number)).all();
    },

    insertConflict(row) {
      db.insert(conflicts).values(row).run();
    },
    getConflict(id) {
      return db.select().from(conflicts).where(eq(conflicts.id, id)).get();
    },
    listConflicts(agreementId, openOnly) {
      return db
        .select()
        .from(conflicts)
        .where(and(eq(conflicts.agreementId, agreementId), openOnly ? isNull(conflicts.resolvedAt) : undefined))
        .orderBy(asc(conflicts.createdAt))
        .all();
    },
    resolveConflict(id, patch) {
      db.update(conflicts).set(patch).where(eq(conflicts.id, id)).run();
    },

    getEvent(id) {
      return db.select().from(events).where(eq(events.id, id)).get();
    },
    lastOfficeEvent(agreementId, officeId) {
      // The chain runs through both journals: the head is the higher of their last events.
      const heads = lastOfficeEventStatements.map((statement) => statement.get({ agreementId, officeId }));
      const head = heads.reduce((a, b) => ((b?.officeSeq ?? 0) > (a?.officeSeq ?? 0) ? b : a));
      return head && head.officeSeq !== null && head.officeHash !== null ? { officeSeq: head.officeSeq, officeHash: head.officeHash } : undefined;
    },
    officeEvents(agreementId, officeId, after) {
      const rows = officeEventsStatement.all(agreementId, officeId, after) as (Omit<OfficeEventRow, 'data'> & { data: string })[];
      for (const row of rows) (row as unknown as OfficeEventRow).data = JSON.parse(row.data) as OfficeEventRow['data'];
      return rows as unknown as OfficeEventRow[];
    },
    eventsWithoutOffice() {
      return db.select().from(events).where(isNull(events.officeId)).orderBy(asc(events.at), asc(events.requestId), asc(events.seq)).all();
    },
    setEventOffice(id, link) {
      db.update(events).set(link).where(eq(events.id, id)).run();
    },
    countOfficeEvents(agreementId, officeId, after) {
      return [events, breachEvents]
        .map((table) => db.select({ n: count() }).from(table).where(and(eq(table.agreementId, agreementId), eq(table.officeId, officeId), gt(table.officeSeq, after))).get()!.n)
        .reduce((a, b) => a + b, 0);
    },
  };
}
