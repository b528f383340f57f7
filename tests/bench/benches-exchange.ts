// Exchange benches (issue 12): exporting and importing a package of 10,000 requests with
// 100,000 events (target: under 5 s each), and an everyday package (a month of one agreement:
// 100 requests, 1,000 events; target: under 200 ms each). Baseline, measured in the same run on
// the same records: JSON serialisation plus node:crypto sealing (X25519 + HKDF + AES-256-GCM)
// and signing, i.e. what any package of these bytes costs before the database is touched.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestRow } from '../../core/api/store';
import { concatBytes } from '../../core/exchange/bytes';
import { officeEventHash } from '../../core/exchange/chain';
import { GENESIS_HASH, appendEvent } from '../../core/journal';
import { openDatabase } from '../../db/open';
import { createStore } from '../../db/store';
import { createExchangeCrypto, generateOfficeKeys, rawPublicKey } from '../../electron/exchange/crypto';
import { DB_FILE_NAME, defaultMigrationsDir } from '../../electron/host';
import { openOffice, passed, type Office } from '../helpers/offices';
import type { Bench } from './types';

const TODAY = '2026-11-25';
const dirs: string[] = [];
process.on('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A paired académie and commune; the académie holds `requests` requests with `perRequest` events each. */
async function pairedWith(requests: number, perRequest: number): Promise<{ academie: Office; commune: Office; agreementId: string }> {
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'dsr-bench-exchange-'));
    dirs.push(d);
    return d;
  };
  const academie = openOffice(dir(), TODAY);
  await academie.ok('office.set', { party: 'academie' });
  const { agreement } = await academie.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  const commune = openOffice(dir(), TODAY);
  await commune.ok('office.set', { party: 'commune', communeName: 'Fontenay-aux-Roses' });
  const invitation = await academie.ok('exchange.invitation', { agreementId: agreement.id });
  const joined = await commune.ok('exchange.join', { ...passed(invitation), fingerprint: academie.fingerprint, confirmedBy: 'bench' });
  await academie.ok('exchange.import', { agreementId: agreement.id, ...passed(joined.file), fingerprint: commune.fingerprint, confirmedBy: 'bench' });

  // The requests and their events, written straight into the académie's database with both chains.
  const { db } = openDatabase(join(academie.dir, DB_FILE_NAME), { migrationsDir: defaultMigrationsDir(), now: `${TODAY}T08:00:00Z` });
  const store = createStore(db);
  let officeSeq = 0;
  let officeHash = GENESIS_HASH;
  store.transaction(() => {
    for (let i = 1; i <= requests; i++) {
      const id = `bench-r${i}`;
      const receivedOn = `2026-${String(1 + (i % 10)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
      const row: RequestRow = {
        id, agreementId: agreement.id, reference: `FAR-A-2026-${String(i).padStart(5, '0')}`, year: 2026, seq: i, refOffice: 'A', receivedOn,
        channel: 'academie', medium: 'email', requesterName: `Parent ${i}`, requesterContact: `parent${i}@example.fr`, requesterCategory: 'parent',
        subjectName: `Élève ${i}`, subjectIsMinor: true, subjectRelation: 'mère', schoolId: null, moduleName: null, moduleOwner: null, schoolsScope: null,
        summary: 'Demande d’accès aux données de l’ENT.', searchText: `far-a-2026-${i} parent ${i} eleve ${i}`,
        allocationParty: 'academie', allocationStatus: 'decided', allocationRuleId: 'vf-requester-academie', allocationReason: 'Ligne 1',
        preemption: null, allocationState: null, journalHead: null, eventCount: 0, identityDocumentsReceived: [], identityDocumentsMissing: [], attachments: [],
        extended: false, extensionReasons: null, extensionNotifiedOn: null, acknowledgedOn: null, responseDeadline: null, extendedDeadline: null, dueOn: null,
        status: 'in-progress', closedOn: null, processorReceivedOn: null, processorDeletionInstructedOn: null, processorForwardedOn: null,
        processorDeletedOn: null, processorDeletionCertificate: null, dataFileRequestedOn: null, dataFileReceivedOn: null, anonymisedOn: null, createdAt: `${receivedOn}T09:00:00Z`, updatedAt: `${receivedOn}T09:00:00Z`,
      };
      store.insertRequest(row, [{ id: `${id}-access`, requestId: id, right: 'access', outcome: null, refusalReason: null, erasureException: null, answeredOn: null }]);
      let previous = GENESIS_HASH;
      for (let k = 0; k < perRequest; k++) {
        const base = {
          id: `${id}-e${k}`, requestId: id, at: `${receivedOn}T${String(9 + (k % 9)).padStart(2, '0')}:00:00Z`, actor: "L'académie",
          type: k === 0 ? ('request.created' as const) : ('status.changed' as const),
          data: k === 0 ? { reference: row.reference, receivedOn, rights: ['access'] } : { from: 'in-progress', to: 'in-progress', reason: `note ${k}`, on: receivedOn, changes: {} },
        };
        const event = appendEvent(previous, base);
        previous = event.hash;
        officeSeq += 1;
        officeHash = officeEventHash(officeHash, { ...base, agreementId: agreement.id, officeId: academie.officeId, officeSeq });
        store.insertEvent({ ...event, type: base.type, seq: k + 1, agreementId: agreement.id, officeId: academie.officeId, officeSeq, officeHash });
      }
    }
  });
  db.close();
  return { academie, commune, agreementId: agreement.id };
}

function exchangeBenches(label: string, requests: number, perRequest: number, targetMs: number): Bench[] {
  type Context = { academie: Office; commune: Office; agreementId: string; file?: { filename: string; base64: string } };
  let ctx: Context | null = null;
  const ready = async (): Promise<Context> => (ctx ??= await pairedWith(requests, perRequest));
  // The baseline's own records: built for it and dropped after it, so they do not sit in the
  // heap (and in every garbage collection) while the app's export and import are measured.
  const baselineRecords = () =>
    Array.from({ length: requests * perRequest }, (_, i) => ({
      kind: 'event',
      office: 'x',
      seq: i + 1,
      data: { id: `e${i}`, requestId: `r${Math.floor(i / perRequest)}`, at: `${TODAY}T09:00:00Z`, actor: "L'académie", type: 'status.changed', data: { from: 'in-progress', to: 'in-progress', reason: `note ${i}` }, officeHash: 'f'.repeat(64) },
    }));
  const keys = { a: generateOfficeKeys(), b: generateOfficeKeys() };
  const cryptoA = createExchangeCrypto(keys.a);
  return [
    {
      name: `exchange: raw serialise + seal + sign of the same records (${label})`,
      group: 'exchange',
      iterations: 1,
      single: true,
      setup: async () => {
        await ready();
        return { records: baselineRecords() };
      },
      run: (_i, context) => {
        const holder = context as { records: unknown[] | null };
        const bytes = new TextEncoder().encode(JSON.stringify(holder.records));
        holder.records = null;
        const box = cryptoA.seal(bytes, rawPublicKey(keys.b.encryption), new Uint8Array(8));
        return cryptoA.sign(concatBytes(box.ciphertext)).length;
      },
    },
    {
      name: `exchange: export ${label}`,
      group: 'exchange',
      iterations: 1,
      baseline: `exchange: raw serialise + seal + sign of the same records (${label})`,
      targetMs,
      single: true,
      setup: () => ready(),
      run: async () => {
        const c = await ready();
        const out = await c.academie.ok('exchange.export', { agreementId: c.agreementId, all: true });
        c.file = out.file;
        return out.package.changes;
      },
    },
    {
      name: `exchange: import ${label}`,
      group: 'exchange',
      iterations: 1,
      baseline: `exchange: raw serialise + seal + sign of the same records (${label})`,
      targetMs,
      single: true,
      // An import cannot run twice: instead of repeated runs, a small package between two other
      // offices is imported first, untimed, so the code is compiled as in an app already in use.
      setup: async () => {
        const warm = await pairedWith(5, 3);
        const file = (await warm.academie.ok('exchange.export', { agreementId: warm.agreementId })).file;
        await warm.commune.ok('exchange.import', { agreementId: warm.agreementId, ...passed(file) });
        return ready();
      },
      run: async () => {
        const c = await ready();
        const file = c.file ?? (await c.academie.ok('exchange.export', { agreementId: c.agreementId, all: true })).file;
        const r = await c.commune.ok('exchange.import', { agreementId: c.agreementId, ...passed(file) });
        return r.applied;
      },
    },
  ];
}

export const benches: Bench[] = [
  ...exchangeBenches('a month of one agreement: 100 requests, 1,000 events', 100, 10, 200),
  ...exchangeBenches('10,000 requests, 100,000 events', 10_000, 10, 5_000),
];
