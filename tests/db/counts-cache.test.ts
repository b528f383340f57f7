// The grouped counts behind the list's total and facets and the dashboard are kept per
// connection until what they count changes (db/store.ts `requestGroups`): another connection's
// commit, or a write by this one to a request added or removed, to a column the count groups,
// sums or filters on, to a request's rights or to the schools. Whatever was kept, every count
// must equal a fresh count on a new connection, and a write that touches none of them keeps
// the counts without counting again.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RequestFilter } from '../../core/api/store';
import { createService, type Service } from '../../core/api/service';
import { openDatabase } from '../../db/open';
import { COUNTED_REQUEST_COLUMNS, createStore } from '../../db/store';
import { uaiCorrection } from '../../core/uai';
import { nodeHash } from '../helpers/generator';
import { MIGRATIONS_DIR, useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const TODAY = '2026-03-05';
const BOUNDS = { today: TODAY, soon: '2026-03-12' };
/** A school's UAI with its right check letter, not in the preset's list. */
const SCHOOL_UAI = uaiCorrection('0929999A') ?? '0929999A';

async function setup() {
  const file = join(tmp(), 'registre.sqlite');
  const now = `${TODAY}T12:00:00.000Z`;
  const { db } = openDatabase(file, { migrationsDir: MIGRATIONS_DIR, now });
  const store = createStore(db);
  let n = 0;
  const service = createService({ store, clock: { today: () => TODAY, now: () => now }, newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, hash: nodeHash });
  const ok = async <T>(name: string, input: unknown): Promise<T> => {
    const r = await service.call(name, input);
    if (!r.ok) throw new Error(`${name} : ${r.error.message}`);
    return r.value as T;
  };
  await ok('office.set', { party: 'academie' });
  const { agreement } = await ok<{ agreement: { id: string } }>('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  const create = (over: Record<string, unknown> = {}) =>
    ok<{ id: string }>('requests.create', {
      agreementId: agreement.id,
      receivedOn: '2026-02-10',
      channel: 'commune',
      medium: 'email',
      requesterName: 'Claire Martin',
      requesterCategory: 'parent',
      rights: ['access', 'erasure'],
      confirmedDate: true,
      ...over,
    });
  const filters: RequestFilter[] = [
    { openOnly: false },
    { openOnly: false, cancelled: false },
    { openOnly: false, agreementId: agreement.id },
    { openOnly: false, allocationStatus: 'to-settle' },
    { openOnly: false, right: 'erasure' },
    { openOnly: false, q: 'martin' },
    { openOnly: false, receivedFrom: '2026-02-01', receivedTo: '2026-02-28' },
  ];
  /** Every filter's counts from this store, each checked against a store on a new connection. */
  const expectExact = () => {
    const fresh = createStore(openDatabase(file, { migrationsDir: MIGRATIONS_DIR, now }).db);
    return filters.map((f) => {
      const kept = store.requestGroups(f, BOUNDS);
      expect(kept, JSON.stringify(f)).toEqual(fresh.requestGroups(f, BOUNDS));
      return kept;
    });
  };
  const counted = () => filters.map((f) => store.requestGroups(f, BOUNDS));
  return { file, db, store, service: service as Service, ok, create, agreementId: agreement.id, expectExact, counted };
}

describe('the counts kept between list calls', () => {
  it('equal a fresh count after creates, status and deadline changes, an import-like batch, rights and schools, a rollback and another connection', async () => {
    const { db, store, ok, create, agreementId, expectExact, counted } = await setup();
    const first = await create();
    await create({ requesterName: 'Léo Dubois', channel: 'academie', rights: ['access'] });
    let before = expectExact();

    // Nothing counted changes: a data file asked for (an event, the journal head, its date).
    await ok('requests.dataFile', { id: first.id, requestedOn: '2026-03-01', receivedOn: null });
    const kept = counted();
    kept.forEach((groups, i) => expect(groups, 'kept without counting again').toBe(before[i]));
    before = expectExact();

    // A create, a status change, deadline changes (suspension, extension).
    const third = await create({ receivedOn: '2026-01-05', requesterName: 'Inès Martin' });
    expectExact();
    await ok('requests.askInformation', { id: third.id, kind: 'identity', whatAsked: "Pièce d'identité", sentOn: '2026-01-20' });
    expectExact();
    await ok('requests.extend', { id: first.id, reasons: 'Demande complexe : trois traitements.' });
    expectExact();
    await ok('requests.changeStatus', { id: third.id, to: 'withdrawn', reason: 'Retirée par courriel.' });
    expectExact();

    // An import-like batch: many requests inserted in one transaction.
    const row = store.getRequest(first.id)!;
    store.transaction(() => {
      for (let i = 0; i < 20; i++) {
        const id = `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        store.insertRequest({ ...row, id, reference: `IMP-${i}`, seq: 1000 + i, status: i % 2 ? 'in-progress' : 'closed', dueOn: i % 3 ? '2026-03-10' : null }, [
          { id: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`, requestId: id, right: 'erasure', outcome: null, refusalReason: null, erasureException: null, answeredOn: null },
        ]);
      }
    });
    expectExact();

    // A right added (the right filter), a school added (the text search matches school names).
    store.insertRight({ id: '30000000-0000-4000-8000-000000000001', requestId: third.id, right: 'rectification', outcome: null, refusalReason: null, erasureException: null, answeredOn: null });
    expectExact();
    await ok('schools.add', { agreementId, name: 'École Martin-Luther-King', uai: SCHOOL_UAI, address: '' });
    expectExact();

    // A rolled-back transaction: what it changed is not counted.
    expect(() =>
      store.transaction(() => {
        db.prepare("update requests set status = 'closed', due_on = null where id = ?").run(first.id);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expectExact();

    // Another connection commits.
    const other = openDatabase(join(db.name), { migrationsDir: MIGRATIONS_DIR, now: `${TODAY}T12:00:00.000Z` }).db;
    other.prepare("update requests set allocation_status = 'to-settle' where id = ?").run(first.id);
    other.close();
    expectExact();
  });

  it('count again after a change to any counted column, and not after a write that changes none', async () => {
    const { db, store, create, counted, expectExact } = await setup();
    const { id } = await create();
    const before = counted();
    // Written again unchanged, counted or not; other columns changed.
    for (const column of COUNTED_REQUEST_COLUMNS) db.prepare(`update requests set "${column}" = "${column}" where id = ?`).run(id);
    db.prepare("update requests set updated_at = 'changed', journal_head = 'changed', acknowledged_on = '2026-03-01' where id = ?").run(id);
    db.prepare("update request_rights set outcome = 'done', answered_on = '2026-03-02' where request_id = ?").run(id);
    db.prepare("update schools set address = 'changed'").run();
    counted().forEach((groups, i) => expect(groups).toBe(before[i]));
    expectExact();
    // Each counted column changed (and back, foreign keys off for the ids): counted again.
    db.pragma('foreign_keys = OFF');
    const change = (table: string, column: string, where: string) => {
      const was = counted();
      db.prepare(`update ${table} set "${column}" = coalesce("${column}", '') || 'x' ${where}`).run();
      counted().forEach((groups, i) => expect(groups, `${table}.${column}`).not.toBe(was[i]));
      db.prepare(`update ${table} set "${column}" = nullif(substr("${column}", 1, length("${column}") - 1), '') ${where}`).run();
    };
    for (const column of COUNTED_REQUEST_COLUMNS) change('requests', column, `where rowid = (select rowid from requests limit 1)`);
    for (const column of ['request_id', 'right']) change('request_rights', column, '');
    for (const column of ['id', 'agreement_id', 'name', 'uai']) change('schools', column, '');
    // A row added, then removed, alone (no right, no event with it): counted again each time.
    const recounted = (what: string, write: () => void) => {
      const was = counted();
      write();
      counted().forEach((groups, i) => expect(groups, what).not.toBe(was[i]));
    };
    const copy = '10000000-0000-4000-8000-000000000001';
    recounted('request added', () => store.insertRequest({ ...store.getRequest(id)!, id: copy, reference: 'COPIE-1', seq: 999 }, []));
    recounted('right added', () => store.insertRight({ id: '20000000-0000-4000-8000-000000000001', requestId: copy, right: 'objection', outcome: null, refusalReason: null, erasureException: null, answeredOn: null }));
    recounted('right removed', () => store.deleteRight(copy, 'objection'));
    recounted('request removed', () => db.prepare('delete from requests where id = ?').run(copy));
    const school = db.prepare('select * from schools limit 1').get() as Record<string, unknown>;
    recounted('school removed', () => db.prepare('delete from schools where id = ?').run(school.id));
    recounted('school added', () => db.prepare(`insert into schools (${Object.keys(school).map((k) => `"${k}"`).join(', ')}) values (${Object.keys(school).map(() => '?').join(', ')})`).run(...Object.values(school)));
    db.pragma('foreign_keys = ON');
    expectExact();
  });
});
