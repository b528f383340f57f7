// Benchmarks of the list and dashboard calls on 100,000 requests (issue 5: "fast on 100k
// requests"), through the real service and SQLite, with same-run baselines: the bare store
// query and a plain SQLite count over the table.
import { presetRuleSet } from '../../core/allocation';
import { PRESET_DEFAULTS } from '../../core/presets';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, format } from 'date-fns';
import type { Service } from '../../core/api/service';
import { createService } from '../../core/api/service';
import type { RequestRow, Store } from '../../core/api/store';
import { REQUESTER_CATEGORIES, RIGHTS, STATUSES } from '../../core/domain';
import { requestSearchText } from '../../core/search';
import { openDatabase } from '../../db/open';
import { createStore } from '../../db/store';
import type { Bench } from './types';

const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', 'db', 'migrations');
const COUNT = 100_000;
const TODAY = '2026-11-25';
const NAMES = ['Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Haddad', 'Nguyen', 'Benali'];
const FIRST = ['Claire', 'Paul', 'Inès', 'Léo', 'Karim', 'Emma', 'Louis', 'Chloé', 'Hugo', 'Manon'];

interface Ctx {
  service: Service;
  store: Store;
  db: ReturnType<typeof openDatabase>['db'];
}

let shared: Ctx | null = null;

/** One database of 100k requests for all the benches of this file, built once. */
function context(): Ctx {
  if (shared) return shared;
  const dir = mkdtempSync(join(tmpdir(), 'dsr-bench-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const { db } = openDatabase(join(dir, 'bench.sqlite'), { migrationsDir: MIGRATIONS_DIR, now: `${TODAY}T10:00:00Z` });
  const store = createStore(db);
  let n = 0;
  const service = createService({ store, clock: { today: () => TODAY, now: () => `${TODAY}T10:00:00Z` }, newId: () => `id-${++n}` });
  const started = performance.now();
  const agreementId = 'agreement-1';
  store.insertAgreement({
    id: agreementId, code: 'FAR', name: 'Bench', communeName: 'Fontenay-aux-Roses', academieName: 'Académie de Versailles',
    preset: 'versailles-fontenay', rules: presetRuleSet('versailles-fontenay'), holidayCalendar: 'metropole', dpdContacts: PRESET_DEFAULTS['versailles-fontenay'].contacts, processorName: null,
    identityDocuments: [], letterTemplates: {}, processorClause: null, jointArrangement: '', processing: null, createdAt: TODAY, updatedAt: TODAY,
  });
  store.transaction(() => {
    for (let i = 0; i < COUNT; i++) {
      const received = format(addDays(new Date(2024, 0, 1, 12), i % 1060), 'yyyy-MM-dd');
      const year = Number(received.slice(0, 4));
      const due = format(addDays(new Date(`${received}T12:00:00`), 31), 'yyyy-MM-dd');
      const status = STATUSES[i % STATUSES.length]!;
      const id = `r-${i}`;
      const row: RequestRow = {
        id, agreementId, reference: `FAR-${year}-${String(i).padStart(6, '0')}`, year, seq: i, refOffice: '', receivedOn: received,
        channel: i % 2 ? 'commune' : 'academie', medium: 'email',
        requesterName: `${FIRST[i % FIRST.length]} ${NAMES[(i * 7) % NAMES.length]}`, requesterContact: '',
        requesterCategory: REQUESTER_CATEGORIES[i % REQUESTER_CATEGORIES.length]!, subjectName: i % 3 ? `Élève ${i}` : null,
        subjectIsMinor: true, subjectRelation: null, schoolId: null, moduleName: null, moduleOwner: null, schoolsScope: null,
        summary: '', searchText: '', allocationParty: i % 5 === 0 ? null : i % 2 ? 'commune' : 'academie', allocationStatus: i % 5 === 0 ? 'to-settle' : 'decided',
        allocationRuleId: 'r', allocationReason: 'r', preemption: null, allocationState: null, journalHead: null, eventCount: 0,
        identityDocumentsReceived: [], identityDocumentsMissing: [], attachments: [], extended: false, extensionReasons: null,
        extensionNotifiedOn: null, acknowledgedOn: null, responseDeadline: due, extendedDeadline: due, dueOn: i % 17 === 0 ? null : due,
        status, closedOn: null, processorReceivedOn: null, processorDeletionInstructedOn: null, processorForwardedOn: null, processorDeletedOn: null, processorDeletionCertificate: null, dataFileRequestedOn: null,
        dataFileReceivedOn: null, createdAt: TODAY, updatedAt: TODAY,
      };
      row.searchText = requestSearchText(row);
      store.insertRequest(row, [{ id: `${id}-r`, requestId: id, right: RIGHTS[i % RIGHTS.length]!, outcome: null, refusalReason: null, erasureException: null, answeredOn: null }]);
    }
  });
  db.pragma('optimize');
  console.log(`(db: ${COUNT.toLocaleString('en-US')} requests inserted in ${Math.round(performance.now() - started)} ms)`);
  shared = { service, store, db };
  return shared;
}

async function list(ctx: unknown, input: unknown) {
  const r = await (ctx as Ctx).service.call('requests.list', input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export const benches: Bench[] = [
  {
    name: 'sqlite count(*) over 100k requests',
    group: 'db (100k requests)',
    iterations: 50,
    setup: context,
    run: (_i, ctx) => (ctx as Ctx).db.prepare("select count(*) n from requests where status not in ('answered','closed')").get(),
  },
  {
    name: 'store.listRequests: open, one party, by deadline, 50 rows',
    group: 'db (100k requests)',
    iterations: 50,
    setup: context,
    run: (_i, ctx) =>
      (ctx as Ctx).store.listRequests({ openOnly: true, party: 'academie', sort: 'dueOn', direction: 'asc', offset: 0, limit: 50 }),
    baseline: 'sqlite count(*) over 100k requests',
  },
  {
    name: 'requests.list (default screen: open, own party, by deadline, with facets)',
    group: 'db (100k requests)',
    iterations: 50,
    setup: context,
    run: (_i, ctx) => list(ctx, { openOnly: true, party: 'academie' }),
    baseline: ['sqlite count(*) over 100k requests', 'store.listRequests: open, one party, by deadline, 50 rows'],
    targetMs: 50 * 100,
  },
  {
    name: 'requests.list (name search "haddad", sorted by requester, page 20)',
    group: 'db (100k requests)',
    iterations: 50,
    setup: context,
    run: (i, ctx) => list(ctx, { q: i % 2 ? 'haddad' : 'martin', sort: 'requesterName', direction: 'desc', offset: 1000 }),
    baseline: 'sqlite count(*) over 100k requests',
    targetMs: 50 * 100,
  },
  {
    name: 'requests.list (overdue, right = erasure)',
    group: 'db (100k requests)',
    iterations: 50,
    setup: context,
    run: (_i, ctx) => list(ctx, { urgency: 'overdue', right: 'erasure' }),
    baseline: 'sqlite count(*) over 100k requests',
    targetMs: 50 * 100,
  },
  {
    name: 'requests.stats (dashboard)',
    group: 'db (100k requests)',
    iterations: 20,
    setup: context,
    run: async (_i, ctx) => (await (ctx as Ctx).service.call('requests.stats', {})).ok,
    baseline: 'sqlite count(*) over 100k requests',
    targetMs: 20 * 200,
  },
];
