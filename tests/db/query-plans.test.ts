// Query plans of the request list, its grouped counts and the agenda, on a migrated database:
// the SQL db/store.ts really runs is captured (better-sqlite3's `verbose`, which gives each
// statement with its values) and asked for its plan with EXPLAIN QUERY PLAN. As in the app, the
// database has no ANALYZE statistics, so the plans do not depend on how many rows it holds.
//
// What docs/architecture.md promises, and so what is asserted:
// - the list, sorted by deadline (the default), reads the requests in the order of the deadline
//   index (`due_on`, then `reference`: "the deadline in force, indexed for lists") and stops after
//   the page, when no selective index narrows them: no filter, open only, to settle, text search,
//   the urgency filters (ranges of `due_on` itself), and the filters matching a large share of the
//   requests (party, statuses, right), whose own index would make SQLite sort every match. No sort
//   at all (`USE TEMP B-TREE`), not even of the tie-break; the suspended requests (no deadline),
//   listed last, are read from the same index. The selective filters (agreement, received
//   between) use their own index.
// - the grouped count behind the facets and the dashboard reads only the covering index
//   requests_groups_idx, in its order ("one pass over the index, no sort"), for the filters the
//   service passes to it (core/api/service.ts: the list's filters other than status, party,
//   urgency and open-only; the dashboard's agreement).
// - the agenda's queries (requests of an agreement, meetings, each request's journal, rights and
//   suspensions) go through an index; the doc promises no order there, so sorts are not checked.
// - the annual report's two reads (a year's requests, their rights) and its first date of receipt
//   go through an index, whether for one agreement or all: no table scan.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestFilter, RequestQuery, RequestRow, Store } from '../../core/api/store';
import { RIGHTS, STATUSES } from '../../core/domain';
import { requestSearchText } from '../../core/search';
import { openDatabase } from '../../db/open';
import { createStore } from '../../db/store';
import { MIGRATIONS_DIR } from '../helpers/tmp';
import { NOW } from './fixtures';

const TODAY = '2026-11-25';
const SOON = '2026-12-02';
const NAMES = ['Inès Martin', 'Paul Bernard', 'Chloé Haddad', 'Karim Benali', 'Emma Nguyen'];

let dir: string;
let db: Database.Database;
let store: Store;
const seen: string[] = [];

function requestRow(i: number, agreementId: string): RequestRow {
  const received = `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
  const reference = `${agreementId === 'a1' ? 'FAR' : 'MRS'}-2026-${String(i).padStart(4, '0')}`;
  const row: RequestRow = {
    id: `r${i}`, agreementId, reference, year: 2026, seq: i, refOffice: '', receivedOn: received, channel: i % 2 ? 'commune' : 'academie',
    medium: 'email', requesterName: NAMES[i % NAMES.length]!, requesterContact: '', requesterCategory: 'parent',
    subjectName: i % 3 ? `Élève ${i}` : null, subjectIsMinor: true, subjectRelation: null, schoolId: null, moduleName: null,
    moduleOwner: null, schoolsScope: null, summary: '', searchText: '',
    allocationParty: i % 5 === 0 ? null : i % 2 ? 'commune' : 'academie', allocationStatus: i % 5 === 0 ? 'to-settle' : 'decided',
    allocationRuleId: 'rule', allocationReason: 'raison',
    preemption:
      i % 7 === 0
        ? { kind: 'preemption', party: 'commune', claimedBy: 'commune', by: 'DPD commune', at: NOW, reason: 'Module communal', validations: [],
            from: { party: 'academie', status: 'decided', ruleId: 'rule', reason: 'raison' } }
        : null,
    allocationState: null, journalHead: null, eventCount: 0, identityDocumentsReceived: [], identityDocumentsMissing: [],
    attachments: [], extended: false, extensionReasons: null, extensionNotifiedOn: null, acknowledgedOn: null,
    responseDeadline: null, extendedDeadline: null,
    // Some deadlines shared (tie-break by reference), some suspended (null: listed last).
    dueOn: i % 6 === 0 ? null : `2026-${String(10 + (i % 3)).padStart(2, '0')}-${String(1 + (i % 4) * 7).padStart(2, '0')}`,
    // Cancelled requests are in no list but the « annulées » one: seeded as the other statuses.
    status: STATUSES.filter((x) => x !== 'cancelled')[i % (STATUSES.length - 1)]!, closedOn: null, processorReceivedOn: null, processorDeletionInstructedOn: null, processorForwardedOn: null, processorDeletedOn: null, processorDeletionCertificate: null,
    dataFileRequestedOn: null, dataFileReceivedOn: null, anonymisedOn: null, createdAt: NOW, updatedAt: NOW,
  };
  row.searchText = requestSearchText(row);
  return row;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsr-plans-'));
  const file = join(dir, 'plans.sqlite');
  openDatabase(file, { migrationsDir: MIGRATIONS_DIR, now: NOW }).db.close();
  db = new Database(file, { verbose: (statement) => seen.push(String(statement)) });
  store = createStore(db);
  // Agreements in plain SQL: no query below reads them.
  for (const [id, code] of [['a1', 'FAR'], ['a2', 'MRS']]) {
    db.prepare(
      `insert into agreements (id, code, name, commune_name, academie_name, preset, rules, dpd_contacts, identity_documents, created_at, updated_at)
       values (?, ?, ?, 'Commune', 'Académie', 'versailles-fontenay', '{}', '{}', '[]', ?, ?)`,
    ).run(id, code, code, NOW, NOW);
  }
  store.transaction(() => {
    for (let i = 1; i <= 120; i++) {
      const row = requestRow(i, i % 4 === 0 ? 'a2' : 'a1');
      store.insertRequest(row, [
        { id: `${row.id}-1`, requestId: row.id, right: RIGHTS[i % RIGHTS.length]!, outcome: i % 2 ? 'done' : null, refusalReason: null, erasureException: null, answeredOn: i % 2 ? '2026-11-01' : null },
        { id: `${row.id}-2`, requestId: row.id, right: RIGHTS[(i + 2) % RIGHTS.length]!, outcome: null, refusalReason: null, erasureException: null, answeredOn: null },
      ]);
      if (i % 6 === 0) store.insertSuspension({ id: `${row.id}-s`, requestId: row.id, kind: 'identity', whatAsked: 'Pièce', doubt: null, sentOn: '2026-11-02', receivedOn: null });
    }
    store.insertMeeting({ id: 'm1', agreementId: 'a1', date: '2026-11-10', time: null, format: null, participants: [], agenda: null, minutes: null, createdAt: NOW, closedAt: null });
  });
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The statements `run` sends to SQLite, with their values. */
function captured(run: () => unknown): string[] {
  seen.length = 0;
  run();
  return seen.splice(0);
}

/** The one statement of `run` that reads `table` (the first, if several). */
function statementOn(table: string, run: () => unknown): string {
  const found = captured(run).filter((s) => /^\s*select\b/i.test(s) && s.includes(`from "${table}"`));
  expect(found.length, `a select from "${table}"`).toBeGreaterThan(0);
  return found[0]!;
}

function plan(statement: string): string[] {
  return (db.prepare(`explain query plan ${statement}`).all() as { detail: string }[]).map((r) => r.detail);
}

/** The plan's line reading the requests table itself (not a sub-query's table). */
function requestsAccess(lines: string[]): string {
  const found = lines.filter((l) => /^(SCAN|SEARCH) requests\b/.test(l));
  expect(found, lines.join('\n')).toHaveLength(1);
  return found[0]!;
}

/** Indexes of requests whose first key is the deadline (`due_on`, or an expression of it). */
function deadlineIndexes(): string[] {
  const rows = db.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'requests' and sql is not null").all() as {
    name: string;
    sql: string;
  }[];
  return rows.filter((r) => /\bon\s+[`"]?requests[`"]?\s*\(\s*[^,]*\bdue_on\b/i.test(r.sql)).map((r) => r.name);
}

const byDeadline = (filter: RequestFilter): RequestQuery => ({ ...filter, sort: 'dueOn', direction: 'asc', offset: 0, limit: 50 });

function listPlan(filter: RequestFilter): string[] {
  return plan(statementOn('requests', () => store.listRequests(byDeadline(filter))));
}

function expectDeadlineOrder(lines: string[]): void {
  const access = requestsAccess(lines);
  const index = /USING (?:COVERING )?INDEX (\S+)/.exec(access)?.[1];
  expect(deadlineIndexes(), lines.join('\n')).toContain(index);
  expect(lines.join('\n'), 'rows sorted before the first 50 are returned').not.toMatch(/USE TEMP B-TREE/);
}

describe('request list (requests.list page query), sorted by deadline', () => {
  it('returns deadlines in order, suspended (none) last, ties by reference, each part read from the deadline index', () => {
    const statements = captured(() => {
      const rows = store.listRequests({ ...byDeadline({ openOnly: false }), limit: 500 });
      const keys = rows.map((r) => [r.dueOn === null ? 1 : 0, r.dueOn ?? '', r.reference].join(' '));
      expect(rows).toHaveLength(120);
      expect(keys).toEqual([...keys].sort());
      expect(rows.at(-1)!.dueOn).toBeNull();
    }).filter((st) => st.includes('from "requests"'));
    // The rows with a deadline, then the suspended ones: two reads, neither sorted.
    expect(statements).toHaveLength(2);
    for (const st of statements) expectDeadlineOrder(plan(st));
  });

  // Every page as the one query `order by <column> is null, <column>, reference` gives it (the
  // order users had before issue 14), page after page, both directions, through the boundary
  // between the rows with a value and those without.
  const PAGED: [string, RequestFilter][] = [
    ['no filter', { openOnly: false }],
    ['open, own party', { openOnly: true, party: 'academie' }],
    ['suspended', { openOnly: true, due: 'suspended' }],
    ['right and search', { openOnly: false, right: 'access', q: 'martin' }],
  ];
  for (const [name, filter] of PAGED) {
    it(`${name}: pages of 7 in the order of the single sorted query, whatever the column and direction`, () => {
      for (const sort of ['dueOn', 'party', 'subjectName', 'reference', 'receivedOn'] as const) {
        for (const direction of ['asc', 'desc'] as const) {
          const column = ({ dueOn: 'due_on', party: 'allocation_party', subjectName: 'subject_name', reference: 'reference', receivedOn: 'received_on' } as const)[sort];
          const all = store.listRequests({ ...filter, sort, direction, offset: 0, limit: 1000 }).map((r) => r.id);
          // The matching rows, ordered here: value (nulls last), then reference, in the direction.
          const rows = db.prepare(`select id, reference, ${column} as v from requests where id in (${all.map(() => '?').join(', ')})`).all(...all) as {
            id: string;
            reference: string;
            v: string | null;
          }[];
          const sign = direction === 'asc' ? 1 : -1;
          const cmp = (a: string, b: string) => (a < b ? -sign : a > b ? sign : 0);
          const expected = rows
            .sort((a, b) => (a.v === null) !== (b.v === null) ? (a.v === null ? 1 : -1) : cmp(a.v ?? '', b.v ?? '') || cmp(a.reference, b.reference))
            .map((r) => r.id);
          const total = store.requestGroups(filter, { today: TODAY, soon: SOON }).reduce((n, g) => n + g.count, 0);
          expect(all.length, 'rows of the filter').toBe(total);
          expect(total).toBeGreaterThan(3);
          expect(all, `${sort} ${direction}`).toEqual(expected);
          const paged: string[] = [];
          for (let offset = 0; offset < expected.length + 7; offset += 7) {
            paged.push(...store.listRequests({ ...filter, sort, direction, offset, limit: 7 }).map((r) => r.id));
          }
          expect(paged, `${sort} ${direction}`).toEqual(expected);
        }
      }
    });
  }

  // Issue 14: the store ordered by `due_on is null, due_on, reference`; the first term is in no
  // index, so SQLite read every matching row and sorted them all to return 50. It now reads the
  // rows with a deadline, then those without, each in the order of requests_due_idx.
  const DEADLINE_ORDER: [string, RequestFilter][] = [
    ['no filter', { openOnly: false }],
    ['open only', { openOnly: true }],
    ['allocation to settle', { openOnly: false, allocationStatus: 'to-settle' }],
    ['text search', { openOnly: false, q: 'martin' }],
    ['overdue (due before)', { openOnly: true, due: { before: '2026-11-24' } }],
    ['due soon (due between)', { openOnly: true, due: { from: TODAY, before: SOON } }],
    ['suspended (no deadline)', { openOnly: true, due: 'suspended' }],
    ['party', { openOnly: false, party: 'academie' }],
    ['default screen: open, own party', { openOnly: true, party: 'academie' }],
    ['statuses', { openOnly: false, statuses: ['received', 'in-progress'] }],
    ['right', { openOnly: false, right: 'erasure' }],
  ];
  // The SQL is run and its plan read first, so that a test below fails on the plan, not on a throw.
  const deadlinePlans = new Map<string, string[]>();
  it('runs the page query of each of these filters (one select on requests)', () => {
    for (const [name, filter] of DEADLINE_ORDER) deadlinePlans.set(name, listPlan(filter));
  });
  for (const [name] of DEADLINE_ORDER) {
    it(`${name}: walks the deadline index, no sort of all the rows`, () => {
      expectDeadlineOrder(deadlinePlans.get(name)!);
    });
  }

  const OWN_INDEX: [string, RequestFilter, RegExp][] = [
    ['agreement', { openOnly: false, agreementId: 'a1' }, /^SEARCH requests USING INDEX requests_agreement_ref_seq_unique \(agreement_id=\?\)/],
    ['received between', { openOnly: false, receivedFrom: '2026-03-01', receivedTo: '2026-05-31' }, /^SEARCH requests USING INDEX requests_received_idx \(received_on>\? AND received_on<\?\)/],
  ];
  for (const [name, filter, access] of OWN_INDEX) {
    it(`${name}: searches through its index`, () => {
      const lines = listPlan(filter);
      expect(requestsAccess(lines), lines.join('\n')).toMatch(access);
    });
  }

  it('right: one uncorrelated pass over request_rights_right_idx (store.ts: "evaluated once")', () => {
    const lines = listPlan({ openOnly: false, right: 'erasure' });
    expect(lines).toContain('LIST SUBQUERY 1');
    expect(lines.join('\n')).not.toMatch(/CORRELATED/);
    expect(lines).toContain('SEARCH request_rights USING COVERING INDEX request_rights_right_idx (right=?)');
  });

  it("reads the page's rights through request_rights_unique", () => {
    const statements = captured(() => store.listRequests(byDeadline({ openOnly: false })));
    const rights = statements.find((s) => s.includes('from "request_rights"'))!;
    expect(plan(rights).join('\n')).toMatch(/^SEARCH request_rights USING (COVERING )?INDEX request_rights_unique \(request_id=\?\)/m);
  });
});

describe('grouped count (facets of the list, dashboard)', () => {
  // A store of its own each time: the counts kept by the shared one would run no query.
  const groupsPlan = (filter: RequestFilter) => plan(statementOn('requests', () => createStore(db).requestGroups(filter, { today: TODAY, soon: SOON })));
  const expectOnePassOverGroupsIndex = (lines: string[]) => {
    expect(requestsAccess(lines), lines.join('\n')).toMatch(/^SCAN requests USING COVERING INDEX requests_groups_idx\b/);
    expect(lines).not.toContain('USE TEMP B-TREE FOR GROUP BY');
  };

  const PASSING: [string, RequestFilter][] = [
    ['no filter (list, dashboard of every agreement)', { openOnly: false }],
    ['allocation to settle', { openOnly: false, allocationStatus: 'to-settle' }],
    ['text search', { openOnly: false, q: 'martin' }],
  ];
  for (const [name, filter] of PASSING) {
    it(`${name}: one pass over the covering index requests_groups_idx, no sort`, () => {
      expectOnePassOverGroupsIndex(groupsPlan(filter));
    });
  }

  // Filters with an index of their own: SQLite would prefer it and then group with a temp b-tree
  // (e.g. SEARCH requests USING INDEX requests_received_idx (…) | USE TEMP B-TREE FOR GROUP BY);
  // db/schema.ts says of requests_groups_idx: "a filtered count reads only this index".
  const OWN_INDEX_FILTERS: [string, RequestFilter][] = [
    ['agreement (list filtered by agreement, dashboard of one agreement)', { openOnly: false, agreementId: 'a1' }],
    ['right', { openOnly: false, right: 'erasure' }],
    ['received between', { openOnly: false, receivedFrom: '2026-03-01', receivedTo: '2026-05-31' }],
  ];
  const ownIndexPlans = new Map<string, string[]>();
  it('runs the grouped count of each of these filters (one select on requests)', () => {
    for (const [name, filter] of OWN_INDEX_FILTERS) ownIndexPlans.set(name, groupsPlan(filter));
  });
  for (const [name] of OWN_INDEX_FILTERS) {
    it(`${name}: one pass over the covering index requests_groups_idx, no sort`, () => {
      expectOnePassOverGroupsIndex(ownIndexPlans.get(name)!);
    });
  }

  it('pending decisions (dashboard) read only the partial index requests_pending_idx', () => {
    for (const filter of [{ openOnly: false }, { openOnly: false, agreementId: 'a1' }]) {
      const lines = plan(statementOn('requests', () => store.countPendingDecisions(filter)));
      expect(requestsAccess(lines), lines.join('\n')).toMatch(/^(SCAN|SEARCH) requests USING (COVERING )?INDEX requests_pending_idx\b/);
    }
  });
});

describe('grouped count kept until the database changes', () => {
  const bounds = { today: TODAY, soon: SOON };
  const total = (filter: RequestFilter) => store.requestGroups(filter, bounds).reduce((n, g) => n + g.count, 0);
  const selects = (run: () => unknown) => captured(run).filter((st) => st.includes('from "requests"'));

  it('counts once for every page, sort and facet of the same filter, again after a write of this connection or a commit of another', () => {
    const filter: RequestFilter = { openOnly: false, q: 'martin' };
    const before = total(filter);
    expect(selects(() => total(filter)), 'second call').toEqual([]);
    // Same filter, keys in another order: still the same counts.
    expect(selects(() => total({ q: 'martin', openOnly: false }))).toEqual([]);
    // Another filter is counted.
    expect(selects(() => total({ openOnly: false, q: 'bernard' }))).toHaveLength(1);

    // A write through this connection (the writer worker).
    const row = store.getRequest(store.listRequests({ ...filter, sort: 'reference', direction: 'asc', offset: 0, limit: 1 })[0]!.id)!;
    store.updateRequest(row.id, { searchText: 'changee' });
    expect(total(filter)).toBe(before - 1);

    // A commit by another connection (the reader worker sees the writer's commits).
    const other = new Database(join(dir, 'plans.sqlite'));
    other.prepare('update requests set search_text = ? where id = ?').run(row.searchText, row.id);
    other.close();
    expect(total(filter)).toBe(before);
    expect(selects(() => total(filter))).toEqual([]);
  });
});

describe('agenda of a meeting', () => {
  it("reads the agreement's requests, then their rights, suspensions and quoted events, each by an index (no table scan)", () => {
    for (const scope of [{ closedAfter: '2026-10-01' }, { ids: ['r1', 'r2'] }]) {
      const statements = captured(() => store.agendaRows('a1', scope)).filter((s) => /^\s*select\b/i.test(s));
      expect(statements).toHaveLength(4);
      for (const statement of statements) {
        const lines = plan(statement);
        expect(lines.filter((l) => /^SCAN /.test(l)), lines.join('\n')).toEqual([]);
        if ('closedAfter' in scope) expect(requestsAccess(lines), lines.join('\n')).toBe('SEARCH requests USING INDEX requests_agreement_ref_seq_unique (agreement_id=?)');
      }
    }
  });

  it("lists the agreement's meetings through meetings_agreement_idx", () => {
    const lines = plan(statementOn('meetings', () => store.listMeetings('a1')));
    expect(lines[0]).toBe('SEARCH meetings USING INDEX meetings_agreement_idx (agreement_id=?)');
    expect(lines).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });

  it("reads each request's journal in order from events_request_seq_unique, its rights and suspensions by index", () => {
    const events = plan(statementOn('events', () => store.getEvents('r1')));
    expect(events).toEqual(['SEARCH events USING INDEX events_request_seq_unique (request_id=?)']);
    const last = plan(statementOn('events', () => store.lastEvent('r1')));
    expect(last).toEqual(['SEARCH events USING INDEX events_request_seq_unique (request_id=?)']);
    expect(plan(statementOn('request_rights', () => store.getRights('r1')))[0]).toMatch(/^SEARCH request_rights USING INDEX request_rights_unique \(request_id=\?\)/);
    expect(plan(statementOn('suspensions', () => store.getSuspensions(['r6', 'r12'])))[0]).toMatch(
      /^SEARCH suspensions USING INDEX suspensions_request_idx \(request_id=\?\)/,
    );
  });
});

describe('annual report', () => {
  it("reads a year's requests and their rights, of one agreement or all, each by an index (no table scan)", () => {
    for (const agreementId of ['a1', undefined]) {
      const statements = captured(() => store.reportRows({ agreementId, from: '2026-01-01', to: '2026-12-31' })).filter((s) => /^\s*select\b/i.test(s));
      expect(statements).toHaveLength(2);
      for (const statement of statements) {
        const lines = plan(statement);
        expect(lines.filter((l) => /^SCAN /.test(l)), lines.join('\n')).toEqual([]);
        expect(lines.filter((l) => /^SEARCH request_rights/.test(l)).every((l) => l.includes('request_rights_unique')), lines.join('\n')).toBe(true);
      }
    }
    const first = plan(statementOn('requests', () => store.firstReceivedOn('a1')));
    expect(first.filter((l) => /^SCAN /.test(l)), first.join('\n')).toEqual([]);
  });
});
