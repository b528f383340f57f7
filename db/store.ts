// The SQLite implementation of core's Store, through drizzle-orm on better-sqlite3.
import type Database from 'better-sqlite3';
import { and, asc, count, desc, eq, getTableColumns, gte, inArray, isNotNull, isNull, lte, max, ne, notInArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { CANCELLED_STATUS, CLOSED_STATUSES, HANDED_OVER_STATUS } from '../core/domain';
import {
  type AgreementRow,
  type EventRow,
  type RequestFilter,
  type RequestGroup,
  type RequestQuery,
  REQUEST_LIST_COLUMNS,
  type RequestRow,
  type RightRow,
  type SchoolRow,
  type Store,
  type SuspensionRow,
} from '../core/api/store';
import type { HolidayCalendar, IsoDate, Right } from '../core/domain';
import { schoolSearchText, searchWords } from '../core/search';
import { createBreachStore } from './breach-store';
import { createDocumentStore } from './document-store';
import { createExchangeStore } from './exchange-store';
import { createRetentionStore } from './retention-store';
import { placeholders, rowReader, statementCache, tableRowReader } from './compiled';
import { agreementColumns, parseColumns, parseColumnsInPlace, requestColumns } from '../core/api/row-schemas';
import * as schema from './schema';

const { agreements, events, requestRights, requests, schools, settings, suspensions } = schema;

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// JSON and enumerated columns are parsed with core's schemas on the way out (core/api/row-schemas.ts).
const agreementOut = (row: typeof agreements.$inferSelect): AgreementRow => parseColumns('agreements', agreementColumns, row);
const requestOut = (row: typeof requests.$inferSelect): RequestRow => parseColumns('requests', requestColumns, row);

const reportColumns = { channel: requestColumns.channel, allocationParty: requestColumns.allocationParty, status: requestColumns.status };

/** A value as the driver stores it (JSON text, 0/1 for booleans…), by drizzle's own column mapping. */
const toDriver = (column: AnyColumn, value: unknown): unknown => (value === null || value === undefined ? null : column.mapToDriverValue(value));

/** `value` and everything it holds made read-only: a cached row shared by callers cannot be changed by one of them. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The columns of a request the grouped count (requestGroups) groups, sums or filters on: a
 * write that changes one of them empties the counts kept (tests/db/counts-cache.test.ts).
 */
export const COUNTED_REQUEST_COLUMNS = ['id', 'status', 'allocation_party', 'due_on', 'allocation_status', 'agreement_id', 'received_on', 'preemption', 'search_text', 'school_id'] as const;

/** Names each store's count-watching function and triggers apart (tests open several stores on one connection). */
let storeInstances = 0;

export function createStore(sqlite: Database.Database): Store {
  const db = drizzle(sqlite, { schema });
  const appendEventStatement = sqlite.prepare(
    `insert into events (id, request_id, seq, at, actor, type, data, prev_hash, hash, agreement_id, office_id, office_seq, office_hash)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Positional values: no object built per event (an import appends a hundred thousand).
  const appendEventRow = (row: EventRow, data: string) =>
    appendEventStatement.run(row.id, row.requestId, row.seq, row.at, row.actor, row.type, data, row.prevHash, row.hash, row.agreementId ?? null, row.officeId ?? null, row.officeSeq ?? null, row.officeHash ?? null);
  const moveHeadStatement = sqlite.prepare('update requests set journal_head = ?, event_count = ? where id = ?');
  const referenceStatement = sqlite.prepare('select 1 from requests where reference = ?');
  const holidayCalendarStatement = sqlite.prepare('select holiday_calendar as calendar from agreements where id = ?');
  // The most read row: its query is built once by drizzle and prepared (a merge reads thousands).
  const requestById = db.select().from(requests).where(eq(requests.id, sql.placeholder('id'))).prepare();
  // Called for every request created and every event written (an import of 10,000 lines calls
  // them 10,000 times each): prepared once rather than built by drizzle on each call.
  // A journal's head: its hash and number only (each event appended reads it; its data is not needed).
  const lastEventStatement = sqlite.prepare('select hash, seq from "events" where request_id = ? order by seq desc limit 1');
  const maxSeqStatement = db
    .select({ m: max(requests.seq) })
    .from(requests)
    .where(and(eq(requests.agreementId, sql.placeholder('agreementId')), eq(requests.refOffice, sql.placeholder('refOffice')), eq(requests.year, sql.placeholder('year'))))
    .prepare();
  /** The office's identity is read for each event's author. */
  const settingStatement = db.select().from(settings).where(eq(settings.key, sql.placeholder('key'))).prepare();
  const setDeadlinesStatement = sqlite.prepare('update requests set response_deadline = ?, extended_deadline = ?, due_on = ?, updated_at = ? where id = ?');
  const requestColumnList = Object.entries(getTableColumns(requests));
  const rightColumnList = Object.entries(getTableColumns(requestRights));
  const insertStatement = (table: string, list: [string, AnyColumn][]) =>
    sqlite.prepare(`insert into ${table} (${list.map(([, c]) => `"${c.name}"`).join(', ')}) values (${list.map(() => '?').join(', ')})`);
  const insertRequestStatement = insertStatement('requests', requestColumnList);
  const insertRightStatement = insertStatement('request_rights', rightColumnList);
  // The list's hot path (db/compiled.ts): its page by shape of filter, and the page's rights and
  // suspensions by a JSON array of ids (one statement, whatever the page's size).
  const statements = statementCache(sqlite);
  const listColumns = Object.fromEntries(REQUEST_LIST_COLUMNS.map((key) => [key, requests[key]])) as { [K in (typeof REQUEST_LIST_COLUMNS)[number]]: (typeof requests)[K] };
  const readListRow = rowReader(listColumns);
  const listColumnSchemas = Object.fromEntries(Object.entries(requestColumns).filter(([key]) => key in listColumns)) as Pick<typeof requestColumns, keyof typeof requestColumns & keyof typeof listColumns>;
  const readSuspension = tableRowReader(suspensions);
  const rightsOfStatement = sqlite
    .prepare('select request_id, "right", answered_on from "request_rights" where "request_id" in (select value from json_each(?))')
    .raw(true);
  const suspensionsOfStatement = sqlite
    .prepare(
      `select ${Object.values(getTableColumns(suspensions))
        .map((c) => `"${c.name}"`)
        .join(', ')} from "suspensions" where "request_id" in (select value from json_each(?)) order by "sent_on"`,
    )
    .raw(true);

  // Written out in full: inside a sub-select drizzle would leave `id` unqualified (→ schools.id).
  const schoolCount = sql<number>`(select count(*) from schools s where s.agreement_id = "agreements"."id")`.as('school_count');

  /**
   * One condition per word of the query (core/search.ts): the word is in the request's own
   * search text, or in the name or UAI of its school (few rows: matched here, then by id).
   */
  function searchConditions(query: string) {
    const words = searchWords(query);
    const schoolTexts = words.length ? db.select({ id: schools.id, name: schools.name, uai: schools.uai }).from(schools).all().map((s) => ({ id: s.id, text: schoolSearchText(s) })) : [];
    return words.map((word) => {
      const own = sql`${requests.searchText} like ${likePattern(word)} escape '\\'`;
      const ids = schoolTexts.filter((s) => s.text.includes(word)).map((s) => s.id);
      return ids.length ? or(own, inArray(requests.schoolId, ids))! : own;
    });
  }

  /**
   * A request filter with its values as placeholders, the values, and the key of its shape (what
   * makes the SQL text). A text search has no key: its SQL follows its words and the schools.
   */
  function parameterized(q: RequestQuery): { filter: RequestFilter; values: Record<string, unknown>; key: string | null } {
    const { values, hold } = placeholders();
    const { sort: _sort, direction: _direction, offset: _offset, limit: _limit, ...rest } = q;
    const filter: RequestFilter = { ...rest };
    if (q.agreementId) filter.agreementId = hold('agreementId', q.agreementId);
    if (q.party) filter.party = hold('party', q.party);
    if (q.statuses) filter.statuses = q.statuses.map((s, i) => hold(`status${i}`, s));
    if (q.due && q.due !== 'suspended') {
      filter.due = {};
      if (q.due.from) filter.due.from = hold('dueFrom', q.due.from);
      if (q.due.before) filter.due.before = hold('dueBefore', q.due.before);
    }
    if (q.allocationStatus) filter.allocationStatus = hold('allocationStatus', q.allocationStatus);
    if (q.right) filter.right = hold('right', q.right);
    if (q.receivedFrom) filter.receivedFrom = hold('receivedFrom', q.receivedFrom);
    if (q.receivedTo) filter.receivedTo = hold('receivedTo', q.receivedTo);
    return { filter, values, key: q.q ? null : JSON.stringify(filter) };
  }

  /**
   * The WHERE clause of a request filter. `use` says which plan it serves, and so which indexes
   * SQLite must not pick for it (a unary `+` keeps a column's index out of the plan;
   * tests/db/query-plans.test.ts asserts the plans):
   * - 'page': the list's page walks its sort column's index and stops after one page; party and
   *   statuses match large shares of the requests, so their indexes (then a sort of every match)
   *   are left out; agreement and received dates keep theirs.
   * - 'count': the grouped count reads only the covering index requests_groups_idx, in order.
   * - 'any': SQLite's choice.
   */
  function requestWhere(q: RequestFilter, use: 'page' | 'count' | 'any' = 'any') {
    const count = use === 'count';
    const page = use === 'page';
    const noIndex = (column: AnyColumn, skip: boolean): SQL => (skip ? sql`+${column}` : sql`${column}`);
    const conditions = [];
    if (q.agreementId) conditions.push(eq(noIndex(requests.agreementId, count), q.agreementId));
    // A request cancelled as typed by mistake is only in the « annulées » list (issue 13).
    const status = noIndex(requests.status, count || page);
    // A party's requests, and those handed over: the handing office keeps following them
    // (domain.md, "Handover"; GDPR art. 26(3)), whichever party the allocation now names.
    if (q.party) conditions.push(or(eq(noIndex(requests.allocationParty, count || page), q.party), eq(status, HANDED_OVER_STATUS)));
    conditions.push(q.cancelled ? eq(status, CANCELLED_STATUS) : ne(status, CANCELLED_STATUS));
    if (q.statuses?.length) conditions.push(inArray(status, q.statuses));
    if (q.openOnly) conditions.push(notInArray(requests.status, [...CLOSED_STATUSES]));
    const due = noIndex(requests.dueOn, count);
    if (q.due === 'suspended') conditions.push(isNull(due));
    else if (q.due) {
      if (q.due.from) conditions.push(gte(due, q.due.from));
      if (q.due.before) conditions.push(lte(due, q.due.before));
    }
    if (q.allocationStatus) conditions.push(eq(requests.allocationStatus, q.allocationStatus));
    if (q.pendingDecision !== undefined) conditions.push(q.pendingDecision ? isNotNull(requests.preemption) : isNull(requests.preemption));
    if (q.right) {
      // An uncorrelated IN is evaluated once (over request_rights_right_idx), not once per request.
      conditions.push(
        inArray(
          noIndex(requests.id, count || page),
          db.select({ id: requestRights.requestId }).from(requestRights).where(eq(requestRights.right, q.right)),
        ),
      );
    }
    const received = noIndex(requests.receivedOn, count);
    if (q.receivedFrom) conditions.push(gte(received, q.receivedFrom));
    if (q.receivedTo) conditions.push(lte(received, q.receivedTo));
    if (q.q) conditions.push(...searchConditions(q.q));
    return conditions.length ? and(...conditions) : undefined;
  }

  const sortColumns = {
    reference: requests.reference,
    receivedOn: requests.receivedOn,
    requesterName: requests.requesterName,
    subjectName: requests.subjectName,
    party: requests.allocationParty,
    status: requests.status,
    dueOn: requests.dueOn,
  } as const;

  /** Grouped on the leading columns of requests_groups_idx and filtered on its other columns: one pass over the index, no sort. */
  function countGroups(q: RequestFilter, { today, soon }: { today: IsoDate; soon: IsoDate }): RequestGroup[] {
    return db
      .select({
        status: requests.status,
        party: requests.allocationParty,
        count: count(),
        suspended: sql<number>`sum(${requests.dueOn} is null)`,
        overdue: sql<number>`sum(${requests.dueOn} < ${today})`,
        dueSoon: sql<number>`sum(${requests.dueOn} between ${today} and ${soon})`,
        toSettle: sql<number>`sum(${requests.allocationStatus} = 'to-settle')`,
      })
      .from(requests)
      .where(requestWhere(q, 'count'))
      .groupBy(requests.status, requests.allocationParty)
      .all();
  }
  // The counts kept until what they count changes: another connection commits (data_version),
  // or this one writes a column or table they depend on (below); `fresh(cache)` empties them
  // first if so.
  const versionStatement = sqlite.prepare('select data_version as dataVersion, total_changes() as changes from pragma_data_version');
  let readVersion = '';
  // This connection's writes that can change a count: temporary triggers (this connection's
  // only) on a request added or removed, on the columns the grouped count groups, sums or
  // filters on, on a request's rights (the right filter) and on the schools (the text search
  // matches their names and UAI), when a value changes. A write that changes none of them (a
  // journal head, deadlines stored again unchanged, a letter's acknowledgement, an answer's
  // outcome) keeps the counts. The counter only goes up, so a
  // rolled-back write still empties them. On a connection that cannot create them (query_only:
  // the backend's reader, which writes nothing), any change of total_changes() does.
  let countedWrites: number | null = null;
  try {
    const name = `dsr_counted_write_${++storeInstances}`;
    sqlite.function(name, { deterministic: false, varargs: false }, () => {
      countedWrites! += 1;
      return null;
    });
    const on = (event: string, table: string, when = '') =>
      `create temp trigger ${name}_${table}_${event} after ${event} on main."${table}"${when} begin select ${name}(); end;`;
    // An update counts only when one of the columns changes value (every action stores its
    // deadlines again, most of them unchanged).
    const changed = (columns: readonly string[]) => ` when ${columns.map((c) => `old."${c}" is not new."${c}"`).join(' or ')}`;
    sqlite.exec(
      [
        on('insert', 'requests'),
        on('delete', 'requests'),
        on('update', 'requests', changed(COUNTED_REQUEST_COLUMNS)),
        on('insert', 'request_rights'),
        on('delete', 'request_rights'),
        on('update', 'request_rights', changed(['request_id', 'right'])),
        on('insert', 'schools'),
        on('delete', 'schools'),
        on('update', 'schools', changed(['id', 'agreement_id', 'name', 'uai'])),
      ].join('\n'),
    );
    countedWrites = 0;
  } catch {
    countedWrites = null;
  }
  const groupsByFilter = new Map<string, RequestGroup[]>();
  // Agreements change seldom and every action reads its own (rules, calendar, processor clause,
  // templates) two or three times: kept parsed, and frozen, until this store writes an agreement
  // or a school, a transaction rolls back, or another connection commits (data_version).
  let agreementWrites = 0;
  let agreementsVersion = '';
  const agreementsById = new Map<string, AgreementRow & { schoolCount: number }>();
  // An agreement's row holds its rules and templates (overflow pages before the calendar column):
  // the list asks for the calendars of up to 50 agreements per page. Kept with the agreements.
  const calendarsById = new Map<string, HolidayCalendar>();
  function agreementCache<T extends Map<string, unknown>>(cache: T): T {
    const { dataVersion } = versionStatement.get() as { dataVersion: number };
    const version = `${dataVersion}:${agreementWrites}`;
    if (version !== agreementsVersion) {
      agreementsById.clear();
      calendarsById.clear();
      agreementsVersion = version;
    }
    return cache;
  }
  const agreementById = db
    .select({ a: agreements, schoolCount })
    .from(agreements)
    .where(eq(agreements.id, sql.placeholder('id')))
    .prepare();
  const rightsByRequest = db.select().from(requestRights).where(eq(requestRights.requestId, sql.placeholder('requestId'))).prepare();
  const eventsByRequest = db.select().from(events).where(eq(events.requestId, sql.placeholder('requestId'))).orderBy(asc(events.seq)).prepare();
  function fresh<T extends Map<string, unknown>>(cache: T): T {
    const { dataVersion, changes } = versionStatement.get() as { dataVersion: number; changes: number };
    const version = `${dataVersion}:${countedWrites ?? `all ${changes}`}`;
    if (version !== readVersion) {
      groupsByFilter.clear();
      readVersion = version;
    }
    return cache;
  }

  return {
    ...createDocumentStore(db),
    ...createExchangeStore(db, sqlite),
    ...createBreachStore(db),
    ...createRetentionStore(db, sqlite),
    transaction: (fn) => {
      try {
        return sqlite.transaction(fn)();
      } catch (e) {
        // A rolled-back write may have been read (and kept) inside the transaction.
        agreementWrites++;
        throw e;
      }
    },

    getSetting(key) {
      return settingStatement.get({ key })?.value;
    },
    setSetting(key, value, at) {
      db.insert(settings)
        .values({ key, value, updatedAt: at })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: at } })
        .run();
    },

    listAgreements() {
      return db
        .select({ a: agreements, schoolCount })
        .from(agreements)
        .orderBy(asc(agreements.name))
        .all()
        .map((r) => ({ ...agreementOut(r.a), schoolCount: r.schoolCount }));
    },
    getAgreement(id) {
      const cache = agreementCache(agreementsById);
      let agreement = cache.get(id);
      if (!agreement) {
        const r = agreementById.get({ id });
        if (!r) return undefined;
        agreement = deepFreeze({ ...agreementOut(r.a), schoolCount: r.schoolCount });
        cache.set(id, agreement);
      }
      return agreement;
    },
    getHolidayCalendars(ids) {
      const cache = agreementCache(calendarsById);
      const out = new Map<string, HolidayCalendar>();
      for (const id of ids) {
        let calendar = cache.get(id);
        if (calendar === undefined) {
          const stored = (holidayCalendarStatement.get(id) as { calendar: string } | undefined)?.calendar;
          if (stored === undefined) continue;
          calendar = agreementColumns.holidayCalendar.parse(stored);
          cache.set(id, calendar);
        }
        out.set(id, calendar);
      }
      return out;
    },
    isAgreementCodeTaken(code, exceptId) {
      const where = exceptId ? and(eq(agreements.code, code), ne(agreements.id, exceptId)) : eq(agreements.code, code);
      return db.select({ n: count() }).from(agreements).where(where).get()!.n > 0;
    },
    insertAgreement(row: AgreementRow) {
      agreementWrites++;
      db.insert(agreements).values(row).run();
    },
    updateAgreement(id, patch) {
      agreementWrites++;
      db.update(agreements).set(patch).where(eq(agreements.id, id)).run();
    },

    listSchools(agreementId) {
      return db.select().from(schools).where(eq(schools.agreementId, agreementId)).orderBy(asc(schools.name)).all();
    },
    getSchool(id) {
      return db.select().from(schools).where(eq(schools.id, id)).get();
    },
    findSchoolByUai(agreementId, uai) {
      return db
        .select()
        .from(schools)
        .where(and(eq(schools.agreementId, agreementId), eq(schools.uai, uai)))
        .get();
    },
    insertSchool(row: SchoolRow) {
      agreementWrites++;
      db.insert(schools).values(row).run();
    },
    updateSchool(id, patch) {
      agreementWrites++;
      db.update(schools).set(patch).where(eq(schools.id, id)).run();
    },
    deleteSchool(id) {
      agreementWrites++;
      db.delete(schools).where(eq(schools.id, id)).run();
    },
    countRequestsOfSchool(id) {
      return db.select({ n: count() }).from(requests).where(eq(requests.schoolId, id)).get()?.n ?? 0;
    },

    nextRequestSeq(agreementId, year, refOffice) {
      const r = maxSeqStatement.get({ agreementId, year, refOffice });
      return (r?.m ?? 0) + 1;
    },
    insertRequest(row: RequestRow, rights: RightRow[]) {
      // Prepared once (an import creates thousands): drizzle's own column mapping, not its query builder.
      insertRequestStatement.run(...requestColumnList.map(([key, column]) => toDriver(column, row[key as keyof RequestRow])));
      for (const right of rights) insertRightStatement.run(...rightColumnList.map(([key, column]) => toDriver(column, right[key as keyof RightRow])));
    },
    getRequest(id) {
      const row = requestById.get({ id });
      return row && requestOut(row);
    },
    isReferenceTaken(reference) {
      return referenceStatement.get(reference) !== undefined;
    },
    getRequestsWithRights(ids) {
      const out: { row: RequestRow; rights: RightRow[] }[] = [];
      // In chunks: SQLite bounds the number of parameters of one statement.
      for (let i = 0; i < ids.length; i += 2000) {
        const chunk = ids.slice(i, i + 2000);
        const rights = new Map<string, RightRow[]>();
        for (const r of db.select().from(requestRights).where(inArray(requestRights.requestId, chunk)).all()) {
          const list = rights.get(r.requestId) ?? [];
          list.push(r);
          rights.set(r.requestId, list);
        }
        for (const row of db.select().from(requests).where(inArray(requests.id, chunk)).all()) out.push({ row: requestOut(row), rights: rights.get(row.id) ?? [] });
      }
      return out;
    },
    setDeadlines(id, d) {
      setDeadlinesStatement.run(d.responseDeadline, d.extendedDeadline, d.dueOn, d.updatedAt, id);
    },
    listRequests(query) {
      const column = sortColumns[query.sort];
      const order = query.direction === 'asc' ? asc : desc;
      // The filter's values as placeholders: one statement per shape of query, prepared once.
      const { filter, values, key } = parameterized(query);
      // Built only when a statement is (once per shape of filter), not on every call.
      let where: SQL | undefined | null = null;
      const pageWhere = () => (where === null ? (where = requestWhere(filter, 'page')) : where);
      const limit = sql.placeholder('limit');
      const offset = sql.placeholder('offset');
      // Each part is read in the order of an index on (column[, reference]) and stops after the
      // page (the tie-break by reference sorts only the rows sharing one value, if at all).
      const part = (nulls: 'all' | 'valued' | 'null', count: number, skip: number) => {
        if (count <= 0) return [];
        const extra = nulls === 'valued' ? isNotNull(column) : nulls === 'null' ? isNull(column) : undefined;
        const run = statements(key && `page:${key}:${query.sort}:${query.direction}:${nulls}`, () =>
          db.select(listColumns).from(requests).where(and(pageWhere(), extra)).orderBy(order(column), order(requests.reference)).limit(limit).offset(offset),
        );
        return run({ ...values, limit: count, offset: skip }).map(readListRow);
      };
      let rows: ReturnType<typeof readListRow>[];
      if (column.notNull) rows = part('all', query.limit, query.offset);
      else {
        // Nulls (suspended deadlines, no party) last whatever the direction: the rows with a
        // value, then those without. One `order by column is null, …` made SQLite sort every
        // matching row to return 50.
        const onlyNulls = column === requests.dueOn && query.due === 'suspended';
        const valued = onlyNulls ? [] : part('valued', query.limit, query.offset);
        let nullOffset = 0;
        if (onlyNulls) nullOffset = query.offset;
        else if (valued.length === 0 && query.offset > 0) {
          // A page past the valued rows: how many there are says where it starts among the nulls.
          nullOffset = query.offset - db.select({ n: count() }).from(requests).where(and(requestWhere(query), isNotNull(column))).get()!.n;
        }
        rows = valued.length < query.limit ? [...valued, ...part('null', query.limit - valued.length, nullOffset)] : valued;
      }
      const byRequest = new Map<string, { rights: Right[]; answeredOn: (IsoDate | null)[] }>();
      if (rows.length) {
        for (const [requestId, right, answeredOn] of rightsOfStatement.all(JSON.stringify(rows.map((r) => r.id))) as [string, Right, IsoDate | null][]) {
          let of = byRequest.get(requestId);
          if (!of) byRequest.set(requestId, (of = { rights: [], answeredOn: [] }));
          of.rights.push(right);
          of.answeredOn.push(answeredOn);
        }
      }
      // Each row was made by this read (readListRow): typed in place, not copied.
      return rows.map((r) => Object.assign(parseColumnsInPlace('requests', listColumnSchemas, r), byRequest.get(r.id) ?? { rights: [], answeredOn: [] }));
    },
    requestGroups(q, bounds) {
      // Paging, sorting and the status, party and urgency filters (derived from the same groups)
      // count nothing again until the database changes.
      const groupsCache = fresh(groupsByFilter);
      const key = JSON.stringify([Object.entries(q).sort(([a], [b]) => a.localeCompare(b)), bounds]);
      let groups = groupsCache.get(key);
      if (!groups) {
        if (groupsCache.size >= 64) groupsCache.clear();
        groups = countGroups(q, bounds);
        groupsCache.set(key, groups);
      }
      return groups;
    },
    countPendingDecisions(q) {
      // Few requests wait for a validation: read them from the partial index requests_pending_idx.
      // The unary + keeps SQLite from preferring an agreement index that reads every request of
      // the agreement (tests/db/query-plans.test.ts).
      const { agreementId, ...rest } = q;
      return db
        .select({ n: count() })
        .from(requests)
        .where(and(requestWhere(rest), isNotNull(requests.preemption), agreementId ? sql`+${requests.agreementId} = ${agreementId}` : undefined))
        .get()!.n;
    },
    answerTimes(q) {
      // The answer date of a request is the last of its rights' answer dates (never the day its
      // status changed). A request handed over counts once the co-controller answered every right.
      const answered = sql<string>`max(${requestRights.answeredOn})`;
      const handedOver = sql`${requests.status} = ${HANDED_OVER_STATUS}`;
      return db
        .select({ receivedOn: requests.receivedOn, answeredOn: answered })
        .from(requests)
        .innerJoin(requestRights, eq(requestRights.requestId, requests.id))
        .where(and(requestWhere(q), inArray(requests.status, ['answered', 'closed', HANDED_OVER_STATUS])))
        .groupBy(requests.id)
        .having(and(isNotNull(answered), or(sql`not ${handedOver}`, sql`count(${requestRights.answeredOn}) = count(*)`)))
        .all();
    },
    receivedByMonth(from, agreementId) {
      const month = sql<string>`substr(${requests.receivedOn}, 1, 7)`;
      return db
        .select({ month, count: count() })
        .from(requests)
        .where(and(gte(requests.receivedOn, from), ne(requests.status, CANCELLED_STATUS), agreementId ? eq(requests.agreementId, agreementId) : undefined))
        .groupBy(month)
        .orderBy(month)
        .all();
    },
    reportRows(scope) {
      const where = requestWhere({ openOnly: false, agreementId: scope.agreementId, receivedFrom: scope.from, receivedTo: scope.to });
      const rows = db
        .select({
          id: requests.id,
          agreementId: requests.agreementId,
          reference: requests.reference,
          receivedOn: requests.receivedOn,
          channel: requests.channel,
          allocationParty: requests.allocationParty,
          status: requests.status,
          extended: requests.extended,
          extendedDeadline: requests.extendedDeadline,
          dueOn: requests.dueOn,
        })
        .from(requests)
        .where(where)
        .orderBy(requests.receivedOn, requests.reference)
        .all()
        .map((r) => parseColumns('requests', reportColumns, r));
      const rights = db
        .select({
          requestId: requestRights.requestId,
          right: requestRights.right,
          outcome: requestRights.outcome,
          refusalReason: requestRights.refusalReason,
          erasureException: requestRights.erasureException,
          answeredOn: requestRights.answeredOn,
        })
        .from(requestRights)
        .innerJoin(requests, eq(requests.id, requestRights.requestId))
        .where(where)
        .all();
      return { requests: rows, rights };
    },
    firstReceivedOn(agreementId) {
      return db.select({ first: sql<string | null>`min(${requests.receivedOn})` }).from(requests).where(requestWhere({ openOnly: false, agreementId })).get()?.first ?? null;
    },
    getRights(requestId) {
      return rightsByRequest.all({ requestId });
    },
    getSuspensions(requestIds): SuspensionRow[] {
      if (!requestIds.length) return [];
      return (suspensionsOfStatement.all(JSON.stringify(requestIds)) as unknown[][]).map(readSuspension);
    },

    getEvents(requestId) {
      return eventsByRequest.all({ requestId });
    },
    lastEvent(requestId) {
      return lastEventStatement.get(requestId) as { hash: string; seq: number } | undefined;
    },
    insertEvent(row: EventRow) {
      // The journal's hot path (every action, every event an import merges): two statements
      // prepared once, rather than built by drizzle on each call.
      appendEventRow(row, JSON.stringify(row.data));
      moveHeadStatement.run(row.hash, row.seq, row.requestId);
    },
    appendJournalEvent(row: EventRow, dataJson?: string) {
      appendEventRow(row, dataJson ?? JSON.stringify(row.data));
    },
    setJournalHead(requestId, hash, count) {
      moveHeadStatement.run(hash, count, requestId);
    },
    updateRequest(id, patch) {
      db.update(requests).set(patch).where(eq(requests.id, id)).run();
    },
    insertSuspension(row) {
      db.insert(suspensions).values(row).run();
    },
    updateSuspension(id, patch) {
      db.update(suspensions).set(patch).where(eq(suspensions.id, id)).run();
    },
    insertRight(row) {
      insertRightStatement.run(...rightColumnList.map(([key, column]) => toDriver(column, row[key as keyof RightRow])));
    },
    deleteRight(requestId, right) {
      db.delete(requestRights).where(and(eq(requestRights.requestId, requestId), eq(requestRights.right, right))).run();
    },
    updateRight(requestId, right, patch) {
      db.update(requestRights)
        .set(patch)
        .where(and(eq(requestRights.requestId, requestId), eq(requestRights.right, right)))
        .run();
    },
  };
}
