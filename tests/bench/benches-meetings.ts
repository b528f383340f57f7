// The agenda of a DPD meeting over one agreement with 2,000 open requests (issue 14: "creating a
// meeting over 2,000 open requests takes 2.5 s; target < 300 ms"), through the real service and
// SQLite. Same-run baselines: the same requests, rights and suspensions read with bare
// better-sqlite3, and the former way (each request's detail read one by one).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { CallInput, CallName, CallOutput, NewRequest } from '../../core/api/contract';
import { createService, type Service } from '../../core/api/service';
import { openDatabase } from '../../db/open';
import { createStore } from '../../db/store';
import type { Bench } from './types';

const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', 'db', 'migrations');
const TODAY = '2026-11-25';
const OPEN = 2000;

interface Ctx {
  service: Service;
  sqlite: Database.Database;
  agreementId: string;
  meetingId: string;
  ids: string[];
}

let shared: Promise<Ctx> | null = null;

async function ok<N extends CallName>(name: N, input: CallInput<N>, service: Service): Promise<CallOutput<N>> {
  const r = await service.call(name, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as CallOutput<N>;
}

/** One agreement with 2,000 open requests made through the service (journal, allocation, deadlines), built once. */
function context(): Promise<Ctx> {
  shared ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsr-bench-meetings-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const { db: sqlite } = openDatabase(join(dir, 'bench.sqlite'), { migrationsDir: MIGRATIONS_DIR, now: `${TODAY}T10:00:00Z` });
    let n = 0;
    const service = createService({ store: createStore(sqlite), clock: { today: () => TODAY, now: () => `${TODAY}T10:00:00Z` }, newId: () => `id-${++n}` });
    const started = performance.now();
    await ok('office.set', { party: 'academie' }, service);
    const { agreement } = await ok('agreements.createFromPreset', { preset: 'versailles-fontenay' }, service);
    const ids: string[] = [];
    for (let i = 0; i < OPEN; i++) {
      const request: NewRequest = {
        agreementId: agreement.id,
        // Received from 01/09/2026 to 24/11/2026: overdue, due before the next meeting, or later.
        receivedOn: new Date(Date.UTC(2026, 8, 1 + (i % 85))).toISOString().slice(0, 10),
        channel: i % 5 === 0 ? 'commune' : 'academie',
        medium: 'email',
        requesterName: `Demandeur ${i}`,
        requesterContact: `demandeur${i}@example.fr`,
        requesterCategory: 'parent',
        subjectName: `Élève ${i}`,
        subjectIsMinor: true,
        rights: i % 3 ? ['access'] : ['access', 'erasure'],
        // Some are already overdue on purpose: the intake's doubt about such a date is answered.
        confirmedDate: true,
      };
      const r = await ok('requests.create', request, service);
      if (i % 7 === 3) {
        await ok('requests.askInformation', { id: r.id, kind: 'identity', whatAsked: "Copie d'une pièce d'identité", doubt: 'Adresse différente', sentOn: TODAY }, service);
      }
      ids.push(r.id);
    }
    const meeting = await ok('meetings.create', { agreementId: agreement.id, date: TODAY, participants: [], otherItems: [] }, service);
    sqlite.pragma('optimize');
    console.log(`(db: ${OPEN.toLocaleString('en-US')} open requests of one agreement made through the service in ${Math.round(performance.now() - started)} ms)`);
    return { service, sqlite, agreementId: agreement.id, meetingId: meeting.id, ids };
  })();
  return shared;
}

export const benches: Bench[] = [
  {
    name: 'sqlite: one agreement\'s open requests, their rights and suspensions (bare better-sqlite3)',
    group: 'meetings (one agreement, 2,000 open requests)',
    iterations: 20,
    setup: context,
    run: (_i, c) => {
      const { sqlite, agreementId } = c as Ctx;
      const scope = "r.agreement_id = ? and r.status not in ('answered', 'closed', 'withdrawn', 'inadmissible')";
      return [
        sqlite.prepare(`select * from requests r where ${scope} order by r.reference`).all(agreementId).length,
        sqlite.prepare(`select rr.* from request_rights rr join requests r on r.id = rr.request_id where ${scope}`).all(agreementId).length,
        sqlite.prepare(`select s.* from suspensions s join requests r on r.id = s.request_id where ${scope}`).all(agreementId).length,
      ];
    },
  },
  {
    name: 'meetings.update (agenda of 2,000 open requests generated and stored)',
    group: 'meetings (one agreement, 2,000 open requests)',
    iterations: 20,
    setup: context,
    run: async (_i, c) => {
      const { service, meetingId } = c as Ctx;
      return (await ok('meetings.update', { id: meetingId, date: TODAY, participants: ['A', 'B'], otherItems: [] }, service)).id;
    },
    baseline: "sqlite: one agreement's open requests, their rights and suspensions (bare better-sqlite3)",
    targetMs: 20 * 300,
  },
  {
    name: 'requests.get × 2,000 (the agenda read one request at a time, as before)',
    group: 'meetings (one agreement, 2,000 open requests)',
    iterations: 1,
    single: true,
    setup: context,
    run: async (_i, c) => {
      const { service, ids } = c as Ctx;
      let n = 0;
      for (const id of ids) if ((await service.call('requests.get', { id })).ok) n++;
      return n;
    },
  },
];
