// Breaches between the two offices (issues 12 and 16): both DPDs' registers hold the same breach
// through the exchange packages, with the same countdowns; each step says which office took it,
// each office confirms the notifying party for its own party, and the packages' guarantees hold
// for breaches as for requests (double import, either order, tampering refused, nothing written).
import { afterEach, describe, expect, it } from 'vitest';
import type { BreachDetail, CallOutput, DeclareBreach } from '../../core/api/contract';
import { buildPackage, openPackage, type ExchangeRecord } from '../../core/exchange/package';
import { identityCrypto, loadOrCreateIdentity } from '../../electron/exchange/identity';
import { flipped, openOffice, passed, type Office } from '../helpers/offices';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const opened: Office[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

function office(today = '2026-03-10') {
  const o = openOffice(tmp(), today);
  opened.push(o);
  return o;
}

/** The académie's agreement, joined by the commune after the phone check of both fingerprints. */
async function paired() {
  const academie = office();
  await academie.ok('office.set', { party: 'academie' });
  const { agreement } = await academie.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  const commune = office();
  await commune.ok('office.set', { party: 'commune', communeName: 'Fontenay-aux-Roses' });
  const invitation = await academie.ok('exchange.invitation', { agreementId: agreement.id });
  const joined = await commune.ok('exchange.join', { ...passed(invitation), fingerprint: academie.fingerprint, confirmedBy: 'Mme Roy' });
  await academie.ok('exchange.import', { agreementId: agreement.id, ...passed(joined.file), fingerprint: commune.fingerprint, confirmedBy: 'M. Durand' });
  return { academie, commune, agreement };
}

/** Paris wall-clock times (the offices' clocks stand at 09:00 Paris on 10/03/2026). */
const declaration = (agreementId: string, over: Partial<DeclareBreach> = {}): DeclareBreach => ({
  agreementId,
  knownAt: '2026-03-09T17:40',
  knownHow: "Courriel d'un enseignant : des bulletins visibles par d'autres familles",
  discoveredBy: 'academie',
  discovererName: 'M. Leroy, directeur de l’école Jean Macé',
  origin: 'academie-tool',
  service: 'ENT des écoles – cahier de liaison',
  hosting: 'France',
  startedAt: '2026-03-09T08:00',
  nature: 'Bulletins de 3 classes partagés par erreur avec toutes les familles.',
  dataCategories: 'Identité, appréciations scolaires',
  personCategories: 'Élèves (mineurs), parents',
  personsCount: 75,
  recordsCount: 75,
  consequences: 'Divulgation d’appréciations scolaires.',
  measures: 'Partage retiré à 18:10.',
  ...over,
});

const importInto = (o: Office, agreementId: string, file: { filename: string; base64: string }) => o.ok('exchange.import', { agreementId, ...passed(file) });

/**
 * What both registers must hold alike: the breach's facts, steps and deadlines (due instants and
 * states), without what each install computes for itself (the instant read, its own journal's
 * order and hashes, whose office "this" is, and the CNIL copy, which gives this office's DPD as contact).
 */
function shared(b: BreachDetail) {
  const { now: _now, events, journal, urgent, deadlines, cnilCopy: _copy, ...rest } = b;
  const deadline = (d: BreachDetail['deadlines'][number]) => ({ kind: d.kind, dueAt: d.dueAt, doneAt: d.doneAt, state: d.state });
  return {
    ...rest,
    urgent: urgent && deadline(urgent),
    deadlines: deadlines.map(deadline),
    journalOk: journal.ok,
    events: events.map((e) => ({ id: e.id, at: e.at, actor: e.actor, type: e.type, summary: e.summary })).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

describe('a breach declared at the académie', () => {
  it('is in the commune’s register after one package, with the same deadlines; steps taken at the commune come back with their office', async () => {
    const { academie, commune, agreement } = await paired();
    // Before any breach, packages stay in format 1: an install not yet updated still reads them.
    const before = await academie.ok('exchange.export', { agreementId: agreement.id });
    expect(Buffer.from(before.file.base64, 'base64')[7]).toBe(1);
    await importInto(commune, agreement.id, before.file);

    const declared = await academie.ok('breaches.declare', declaration(agreement.id));
    expect(declared.reference).toBe('FAR-V-A-2026-0001');
    await academie.ok('breaches.notify', { id: declared.id, at: '2026-03-09T19:00', recipients: ['dpd@ac-versailles.fr', 'dpd@fontenay-aux-roses.fr'] });
    expect((await academie.ok('exchange.status', { agreementId: agreement.id })).waiting).toBe(2);

    const p1 = await academie.ok('exchange.export', { agreementId: agreement.id });
    expect(p1.package.counts).toEqual({ 'breach-event': 2 });
    expect(Buffer.from(p1.file.base64, 'base64')[7]).toBe(2);
    const imported = await importInto(commune, agreement.id, p1.file);
    expect(imported).toMatchObject({ applied: 2, created: 0, breaches: 1, conflicts: 0 });

    // The commune's register lists it, open, with its most urgent deadline, as the académie's does.
    const [listed] = (await commune.ok('breaches.list', {})).rows;
    expect(listed).toMatchObject({ reference: 'FAR-V-A-2026-0001', status: 'open', knownAt: '2026-03-09T16:40:00Z' });
    const there = await commune.ok('breaches.get', { id: declared.id });
    const here = await academie.ok('breaches.get', { id: declared.id });
    expect(shared(there)).toEqual(shared(here));
    expect(there.deadlines.find((d) => d.kind === 'cnil-agreement')).toMatchObject({ dueAt: '2026-03-11T16:40:00Z', state: 'running' });
    expect(there.deadlines.find((d) => d.kind === 'dpd-notification')).toMatchObject({ doneAt: '2026-03-09T18:00:00Z', state: 'done' });
    expect(there.journal).toMatchObject({ ok: true, message: 'Journal intègre (2 événements).' });
    expect(there.events.map((e) => e.author)).toEqual(['other', 'other']);
    expect(here.events.map((e) => e.author)).toEqual(['self', 'self']);

    // The commune sends the 24-hour update (a new version of the form); it travels back.
    await commune.ok('breaches.update', { id: declared.id, at: '2026-03-10T08:30', summary: 'Journal d’accès reçu : 12 familles ont ouvert les bulletins.', personsCount: 36 });
    const p2 = await commune.ok('exchange.export', { agreementId: agreement.id });
    expect(await importInto(academie, agreement.id, p2.file)).toMatchObject({ applied: 1, breaches: 0 });
    const back = await academie.ok('breaches.get', { id: declared.id });
    expect(back).toMatchObject({ personsCount: 36, formVersions: 2, updateTimes: ['2026-03-10T07:30:00Z'] });
    expect(back.events.at(-1)).toMatchObject({ type: 'breach.updated', actor: 'La commune de Fontenay-aux-Roses', author: 'other' });
    expect(shared(back)).toEqual(shared(await commune.ok('breaches.get', { id: declared.id })));
    // The commune's own breach has a reference of its own: the two never collide.
    const own = await commune.ok('breaches.declare', declaration(agreement.id, { discoveredBy: 'commune', origin: 'commune-tool' }));
    expect(own.reference).toBe('FAR-V-C-2026-0001');
  });

  it('the notifying party proposed from the origin is confirmed by each office from its own install, and both see it confirmed by both', async () => {
    const { academie, commune, agreement } = await paired();
    const b = await academie.ok('breaches.declare', declaration(agreement.id));
    await academie.ok('breaches.notify', { id: b.id, at: '2026-03-09T19:00', recipients: ['dpd@ac-versailles.fr'] });
    const decided = await academie.ok('breaches.decideCnil', { id: b.id, at: '2026-03-10T08:00', decision: 'notify', reasons: 'Données de mineurs, risque pour les familles.', participants: 'DPD des deux parties, RSSI' });
    expect(decided.notifyingParty).toMatchObject({ party: 'academie', proposed: 'academie', missing: ['commune', 'academie'] });
    await importInto(commune, agreement.id, (await academie.ok('exchange.export', { agreementId: agreement.id })).file);

    // Each office confirms for its own party; the académie cannot confirm for the commune without evidence.
    const forOther = await academie.fail('breaches.confirmNotifyingParty', { id: b.id, party: 'commune', by: 'M. Durand', evidence: null });
    expect(forOther.code).toBe('PREUVE');
    await commune.ok('breaches.confirmNotifyingParty', { id: b.id, party: 'commune', by: 'Mme Roy', evidence: null });
    await academie.ok('breaches.confirmNotifyingParty', { id: b.id, party: 'academie', by: 'M. Durand', evidence: null });
    // Both confirmations were taken at once, each on its install: they cross in the packages.
    const fromCommune = await commune.ok('exchange.export', { agreementId: agreement.id });
    const fromAcademie = await academie.ok('exchange.export', { agreementId: agreement.id });
    await importInto(academie, agreement.id, fromCommune.file);
    await importInto(commune, agreement.id, fromAcademie.file);

    const a = await academie.ok('breaches.get', { id: b.id });
    const c = await commune.ok('breaches.get', { id: b.id });
    expect(a.notifyingParty?.missing).toEqual([]);
    expect(a.notifyingParty?.confirmations.map(({ party, by, evidence }) => ({ party, by, evidence }))).toEqual([
      { party: 'commune', by: 'Mme Roy', evidence: null },
      { party: 'academie', by: 'M. Durand', evidence: null },
    ]);
    expect(shared(c)).toEqual(shared(a));
    const confirmedAtCommune = a.events.find((e) => e.type === 'breach.notifying-party-confirmed' && e.author === 'other');
    expect(confirmedAtCommune?.actor).toBe('La commune de Fontenay-aux-Roses');

    // The académie notifies the CNIL and closes; the commune's register follows.
    await academie.ok('breaches.notifyCnil', { id: b.id, at: '2026-03-10T08:50', reference: 'CNIL-2026-0451' });
    await academie.ok('breaches.close', { id: b.id, at: '2026-03-10T08:55', note: 'Partage corrigé, familles informées.' });
    await importInto(commune, agreement.id, (await academie.ok('exchange.export', { agreementId: agreement.id })).file);
    const closed = await commune.ok('breaches.get', { id: b.id });
    expect(closed).toMatchObject({ status: 'closed', closureNote: 'Partage corrigé, familles informées.', cnilNotification: { reference: 'CNIL-2026-0451', party: 'academie' } });
    expect(shared(closed)).toEqual(shared(await academie.ok('breaches.get', { id: b.id })));
  });
});

describe('breaches recorded before they travelled', () => {
  it('join the office’s chain in the order they were written and go in the next package, once', async () => {
    const dir = tmp();
    const before = openOffice(dir, '2026-03-10', { identity: false });
    await before.ok('office.set', { party: 'academie' });
    const { agreement } = await before.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
    const b = await before.ok('breaches.declare', declaration(agreement.id));
    await before.ok('breaches.decideCnil', { id: b.id, at: '2026-03-09T19:30', decision: 'not-notify', reasons: 'Aucun bulletin ouvert (journal d’accès).', participants: 'DPD des deux parties' });
    await before.ok('breaches.close', { id: b.id, at: '2026-03-09T20:00', note: 'Fausse alerte : aucun bulletin ouvert.' });
    before.close();

    const academie = openOffice(dir, '2026-03-10');
    opened.push(academie);
    const commune = office();
    await commune.ok('office.set', { party: 'commune', communeName: 'Fontenay-aux-Roses' });
    const invitation = await academie.ok('exchange.invitation', { agreementId: agreement.id });
    const joined = await commune.ok('exchange.join', { ...passed(invitation), fingerprint: academie.fingerprint, confirmedBy: 'Mme Roy' });
    await academie.ok('exchange.import', { agreementId: agreement.id, ...passed(joined.file), fingerprint: commune.fingerprint, confirmedBy: 'M. Durand' });
    expect((await academie.ok('exchange.status', { agreementId: agreement.id })).waiting).toBe(3);

    const p1 = await academie.ok('exchange.export', { agreementId: agreement.id });
    expect(await importInto(commune, agreement.id, p1.file)).toMatchObject({ applied: 3, breaches: 1 });
    const there = await commune.ok('breaches.get', { id: b.id });
    expect(there).toMatchObject({ status: 'closed', closureNote: 'Fausse alerte : aucun bulletin ouvert.', decision: { decision: 'not-notify' }, journal: { ok: true } });
    expect(there.events.map((e) => e.type)).toEqual(['breach.declared', 'breach.cnil-decided', 'breach.closed']);
    await importInto(academie, agreement.id, (await commune.ok('exchange.export', { agreementId: agreement.id })).file);
    expect((await academie.ok('exchange.status', { agreementId: agreement.id })).waiting).toBe(0);
  });
});

describe('the packages’ guarantees hold for breaches', () => {
  it('the same package twice changes nothing; steps taken on both sides at once converge whatever the order of imports', async () => {
    const { academie, commune, agreement } = await paired();
    const b = await academie.ok('breaches.declare', declaration(agreement.id));
    await academie.ok('breaches.notify', { id: b.id, at: '2026-03-09T19:00', recipients: ['dpd@ac-versailles.fr'] });
    const p1 = await academie.ok('exchange.export', { agreementId: agreement.id });
    await importInto(commune, agreement.id, p1.file);
    const once = await commune.ok('breaches.get', { id: b.id });
    const twice = await commune.fail('exchange.import', { agreementId: agreement.id, ...passed(p1.file) });
    expect(twice.code).toBe('PAQUET_REFUSE');
    expect(twice.message).toContain('déjà été importé');
    expect(await commune.ok('breaches.get', { id: b.id })).toEqual({ ...once, now: expect.any(String), deadlines: expect.any(Array), urgent: expect.anything(), cnilCopy: expect.any(Array) });
    expect((await commune.ok('breaches.get', { id: b.id })).events).toHaveLength(2);

    // Both offices send an update before receiving the other's: the same field, two values.
    await academie.ok('breaches.update', { id: b.id, at: '2026-03-10T08:40', summary: 'Estimation de l’académie.', personsCount: 50 });
    await commune.ok('breaches.update', { id: b.id, at: '2026-03-10T08:20', summary: 'Estimation de la commune.', personsCount: 40, measures: 'Comptes réinitialisés.' });
    // The académie also sends a second package before the first is acknowledged: it repeats the update.
    const a2 = await academie.ok('exchange.export', { agreementId: agreement.id });
    await academie.ok('breaches.update', { id: b.id, at: '2026-03-10T08:45', summary: 'Les familles sont prévenues.', consequences: 'Divulgation limitée à 12 familles.' });
    const a3 = await academie.ok('exchange.export', { agreementId: agreement.id });
    expect(a3.package.changes).toBe(4);
    const c2 = await commune.ok('exchange.export', { agreementId: agreement.id });

    // The commune imports the newer package first: the older one is then refused, and nothing is missing.
    await importInto(commune, agreement.id, a3.file);
    expect((await commune.fail('exchange.import', { agreementId: agreement.id, ...passed(a2.file) })).code).toBe('PAQUET_REFUSE');
    await importInto(academie, agreement.id, c2.file);

    const a = await academie.ok('breaches.get', { id: b.id });
    const c = await commune.ok('breaches.get', { id: b.id });
    expect(shared(c)).toEqual(shared(a));
    // The latest update (by its instant) sets the count; every update is a version, in order.
    expect(a).toMatchObject({ personsCount: 50, measures: 'Comptes réinitialisés.', consequences: 'Divulgation limitée à 12 familles.', formVersions: 4 });
    expect(a.updateTimes).toEqual(['2026-03-10T07:20:00Z', '2026-03-10T07:40:00Z', '2026-03-10T07:45:00Z']);
    expect(a.journal.ok && c.journal.ok).toBe(true);
    expect(a.events).toHaveLength(5);
  });

  it('a changed byte in a breach record is refused with nothing written, whether the file is flipped or re-sealed', async () => {
    const { academie, commune, agreement } = await paired();
    const b = await academie.ok('breaches.declare', declaration(agreement.id));
    const p1 = await academie.ok('exchange.export', { agreementId: agreement.id });
    const statusBefore = await commune.ok('exchange.status', { agreementId: agreement.id });

    // Flipped anywhere in the file: the signature fails.
    for (const at of [0.3, 0.6, 0.95]) expect((await commune.fail('exchange.import', { agreementId: agreement.id, ...flipped(p1.file, at) })).code).toBe('PAQUET_REFUSE');

    // Sealed and signed again by the académie's own keys after a letter of the breach was changed
    // (a faulty export, or a copy edited on the académie's machine): its office chain refuses it.
    const sender = loadOrCreateIdentity(academie.dir).identity;
    const receiver = loadOrCreateIdentity(commune.dir).identity;
    const card = (o: Office, id: typeof sender, name: string) => ({ officeId: o.officeId, name, keys: id.publicKeys });
    const academieCard = card(academie, sender, "L'académie");
    const communeCard = card(commune, receiver, 'La commune de Fontenay-aux-Roses');
    const open = openPackage({
      crypto: identityCrypto(receiver),
      file: Buffer.from(p1.file.base64, 'base64'),
      self: communeCard,
      peer: academieCard,
      agreement: { id: agreement.id, code: agreement.code },
      state: { lastPackage: statusBefore.lastReceived?.number ?? 0, received: {} },
    });
    if (!open.ok) throw new Error(open.problems.map((p) => p.message).join(' ; '));
    const resealed = (records: ExchangeRecord[]) => {
      const built = buildPackage({
        crypto: identityCrypto(sender),
        sender: academieCard,
        receiver: communeCard,
        agreement: { id: agreement.id, code: agreement.code },
        appVersion: open.value.manifest.appVersion,
        createdAt: open.value.manifest.createdAt,
        packageNumber: open.value.manifest.packageNumber,
        records,
        acknowledges: open.value.manifest.acknowledges,
        formatVersion: 2,
      });
      return { filename: p1.file.filename, base64: Buffer.from(built.bytes).toString('base64') };
    };
    const edit = (change: (data: { data: { form: Record<string, unknown> } }) => void) =>
      open.value.records.map((r) => {
        const copy = structuredClone(r) as ExchangeRecord & { data: { data: { form: Record<string, unknown> } } };
        change(copy.data);
        return copy;
      });
    const oneLetter = edit((d) => {
      d.data.form.nature = String(d.data.form.nature).replace('3 classes', '2 classes');
    });
    const refused = await commune.fail('exchange.import', { agreementId: agreement.id, ...resealed(oneLetter) });
    expect(refused.code).toBe('PAQUET_REFUSE');
    expect(refused.message).toContain('ne correspond pas à son empreinte');
    // A step whose content does not match its kind is refused before any chain is checked.
    const malformed = edit((d) => {
      d.data.form.knownAt = 'vendredi soir';
    });
    const preview = await commune.ok('exchange.previewImport', { agreementId: agreement.id, ...resealed(malformed) });
    expect(preview.problems.map((p) => p.code)).toEqual(['ENREGISTREMENTS_INVALIDES']);

    // Nothing was written: no breach, no package received; the genuine package still imports.
    expect((await commune.ok('breaches.list', {})).rows).toEqual([]);
    expect(await commune.ok('exchange.status', { agreementId: agreement.id })).toEqual(statusBefore);
    const imported: CallOutput<'exchange.import'> = await importInto(commune, agreement.id, p1.file);
    expect(imported.breaches).toBe(1);
    expect((await commune.ok('breaches.get', { id: b.id })).nature).toContain('3 classes');
  });
});
