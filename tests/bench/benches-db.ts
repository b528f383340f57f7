// Benchmarks of the request list and the dashboard on the generated register (100,000 requests
// at full size), through the real service and SQLite. Issue 14's target: the list call (page and
// counts) p95 < 10 ms and within 2× of the same page read with raw better-sqlite3 through the
// best index, the baseline measured in the same run.
import type Database from 'better-sqlite3';
import type { Service } from '../../core/api/service';
import { CLOSED_STATUSES } from '../../core/domain';
import { register, type Register } from './register';
import type { Bench } from './types';

const GROUP = 'request list and dashboard (generated register)';

async function list(service: Service, input: unknown) {
  const r = await service.call('requests.list', input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const closed = CLOSED_STATUSES.map((s) => `'${s}'`).join(', ');

/** The default screen's page (open requests of one party, by deadline, suspended last) read with raw SQL through the deadline index. */
function rawDefaultPage(db: Database.Database) {
  const page = (nulls: boolean) =>
    db.prepare(
      `select * from requests indexed by requests_due_idx
       where status not in (${closed}) and allocation_party = ? and due_on is ${nulls ? '' : 'not '}null
       order by due_on, reference limit ?`,
    );
  const valued = page(false);
  const suspended = page(true);
  return () => {
    const rows = valued.all('academie', 50) as unknown[];
    return rows.length < 50 ? [...rows, ...suspended.all('academie', 50 - rows.length)] : rows;
  };
}

/** The default screen called right after `column` of the first request is set to `value(i)`. */
function afterWrite(name: string, iterations: number, column: 'received_on' | 'updated_at', value: (i: number) => string): Bench {
  return {
    name,
    group: GROUP,
    iterations,
    perCall: true,
    setup: register,
    run: (i, ctx) => {
      const r = ctx as Register;
      r.db.prepare(`update requests set ${column} = ? where rowid = 1`).run(value(i));
      return list(r.service, { openOnly: true, party: 'academie' });
    },
  };
}

let raw: (() => unknown[]) | null = null;

export const benches: Bench[] = [
  {
    name: 'raw SQL: default page through requests_due_idx (50 rows)',
    group: GROUP,
    iterations: 200,
    perCall: true,
    setup: async () => {
      const r = await register();
      raw = rawDefaultPage(r.db);
      return r;
    },
    run: () => raw!(),
  },
  {
    name: 'store.listRequests: default page (open, one party, by deadline, 50 rows)',
    group: GROUP,
    iterations: 200,
    perCall: true,
    setup: register,
    run: (_i, ctx) => (ctx as Register).store.listRequests({ openOnly: true, party: 'academie', sort: 'dueOn', direction: 'asc', offset: 0, limit: 50 }),
    baseline: 'raw SQL: default page through requests_due_idx (50 rows)',
  },
  {
    name: 'requests.list: default screen (open, own party, by deadline, with counts)',
    group: GROUP,
    iterations: 200,
    perCall: true,
    setup: register,
    run: (_i, ctx) => list((ctx as Register).service, { openOnly: true, party: 'academie' }),
    baseline: 'raw SQL: default page through requests_due_idx (50 rows)',
    targetValueMs: 10,
    maxRatio: 2,
  },
  {
    name: 'requests.list: pages 1 to 20 of the open requests, by deadline',
    group: GROUP,
    iterations: 200,
    perCall: true,
    setup: register,
    run: (i, ctx) => list((ctx as Register).service, { openOnly: true, offset: (i % 20) * 50 }),
    targetValueMs: 10,
  },
  {
    name: 'requests.list: name search, sorted by requester',
    group: GROUP,
    iterations: 50,
    perCall: true,
    setup: register,
    run: (i, ctx) => list((ctx as Register).service, { q: i % 2 ? 'haddad' : 'martin', sort: 'requesterName', direction: 'desc' }),
  },
  {
    name: 'requests.list: overdue, right = erasure',
    group: GROUP,
    iterations: 50,
    perCall: true,
    setup: register,
    run: (_i, ctx) => list((ctx as Register).service, { urgency: 'overdue', right: 'erasure' }),
  },
  // The counts are kept until a column they count changes (db/store.ts requestGroups): the call
  // right after such a change (a request's receipt date, alternately two values)…
  afterWrite('requests.list: default screen after a write (counts recounted)', 30, 'received_on', (i) => (i % 2 ? '2026-01-05' : '2026-01-06')),
  // …and after a write that changes no counted column (the row's updated_at, as every action's
  // journal head and acknowledgements do): the counts are kept.
  afterWrite('requests.list: default screen after a write that changes no count (counts kept)', 200, 'updated_at', (i) => `2026-11-25T17:00:${String(i % 60).padStart(2, '0')}.000Z`),
  {
    name: 'requests.stats (dashboard)',
    group: GROUP,
    iterations: 10,
    perCall: true,
    setup: register,
    run: async (_i, ctx) => (await (ctx as Register).service.call('requests.stats', {})).ok,
  },
];
