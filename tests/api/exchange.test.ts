// Two offices, two databases, files passed between them (issue 12): joining an agreement by
// its invitation with the fingerprint checked, round trips with changes on both sides,
// validations that arrive from the other office, conflicts decided on one side and seen on the
// other, and every refusal (flipped byte, replay, another office, unpaired sender) writing nothing.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../electron/host';
import type { NewRequest } from '../../core/api/contract';
import { flipped, openOffice, passed, type Office } from '../helpers/offices';
import { EXAMPLE_LETTERHEAD } from '../helpers/letter-examples';
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

const request = (agreementId: string, over: Partial<NewRequest> = {}): NewRequest => ({
  agreementId,
  receivedOn: '2026-03-02',
  channel: 'academie',
  medium: 'letter',
  requesterName: 'Claire Martin',
  requesterCategory: 'parent',
  subjectName: 'Léo Martin',
  subjectIsMinor: true,
  rights: ['access', 'erasure'],
  confirmedDate: true,
  ...over,
});

/** The académie with an agreement and two requests, and the commune joined to it by phone check. */
async function paired() {
  const academie = office();
  await academie.ok('office.set', { party: 'academie' });
  const { agreement } = await academie.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  const parent = await academie.ok('requests.create', request(agreement.id));
  const other = await academie.ok('requests.create', request(agreement.id, { requesterName: 'Jean Petit', requesterCategory: 'other', subjectName: null }));

  const commune = office();
  await commune.ok('office.set', { party: 'commune', communeName: 'Fontenay-aux-Roses' });
  const invitation = await academie.ok('exchange.invitation', { agreementId: agreement.id });
  const preview = await commune.ok('exchange.previewJoin', passed(invitation));
  expect(preview.from).toEqual({ name: "L'académie", party: 'academie', fingerprint: academie.fingerprint });
  const joined = await commune.ok('exchange.join', { ...passed(invitation), fingerprint: academie.fingerprint, confirmedBy: 'Mme Roy' });
  // The commune's first package carries its keys: the académie checks them by phone too.
  const check = await academie.ok('exchange.previewImport', { agreementId: agreement.id, ...passed(joined.file) });
  expect(check.pairing).toEqual({ name: 'La commune de Fontenay-aux-Roses', party: 'commune', fingerprint: commune.fingerprint });
  await academie.ok('exchange.import', { agreementId: agreement.id, ...passed(joined.file), fingerprint: commune.fingerprint, confirmedBy: 'M. Durand' });
  return { academie, commune, agreement, parent, other };
}

describe('joining an agreement', () => {
  it('needs the fingerprint read on the phone; then both hold the same agreement and each other’s keys', async () => {
    const academie = office();
    await academie.ok('office.set', { party: 'academie' });
    const { agreement } = await academie.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
    const commune = office();
    await commune.ok('office.set', { party: 'commune', communeName: 'Fontenay-aux-Roses' });
    const invitation = await academie.ok('exchange.invitation', { agreementId: agreement.id });

    const wrong = await commune.fail('exchange.join', { ...passed(invitation), fingerprint: '12345 12345 12345 12345 12345 12345 12345 12345', confirmedBy: 'Mme Roy' });
    expect(wrong.code).toBe('EMPREINTE_DIFFERENTE');
    expect(wrong.message).toContain('Rappelez l\'autre office');
    expect(await commune.ok('agreements.list', {})).toEqual([]);
    const tampered = await commune.fail('exchange.join', { ...flipped(invitation, 0.3), fingerprint: academie.fingerprint, confirmedBy: 'Mme Roy' });
    expect(tampered.code).toBe('INVITATION_INVALIDE');

    // Spaces and line breaks as read aloud do not matter.
    const typed = academie.fingerprint.replace(/ /g, '').replace(/(\d{20})/, '$1\n');
    const joined = await commune.ok('exchange.join', { ...passed(invitation), fingerprint: typed, confirmedBy: 'Mme Roy' });
    expect(joined.agreement).toMatchObject({ id: agreement.id, code: 'FAR', communeName: 'Fontenay-aux-Roses', schoolCount: agreement.schoolCount });
    const status = await commune.ok('exchange.status', { agreementId: agreement.id });
    expect(status.peer).toMatchObject({ name: "L'académie", party: 'academie', fingerprint: academie.fingerprint, pairedBy: 'Mme Roy' });
    expect(status.lastSent).toMatchObject({ number: 1, changes: 0 });

    const unconfirmed = await academie.fail('exchange.import', { agreementId: agreement.id, ...passed(joined.file) });
    expect(unconfirmed.code).toBe('APPAIRAGE_A_CONFIRMER');
    await academie.ok('exchange.import', { agreementId: agreement.id, ...passed(joined.file), fingerprint: commune.fingerprint, confirmedBy: 'M. Durand' });
    expect((await academie.ok('exchange.status', { agreementId: agreement.id })).peer).toMatchObject({ party: 'commune', fingerprint: commune.fingerprint });
  });
});

describe('an install that recorded requests before it had an office identity', () => {
  it('sends them in its first package, once, and the other office verifies their chain', async () => {
    const dir = tmp();
    const before = openOffice(dir, '2026-03-10', { identity: false });
    await before.ok('office.set', { party: 'academie' });
    const { agreement } = await before.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
    const old = await before.ok('requests.create', request(agreement.id));
    await before.ok('requests.changeStatus', { id: old.id, to: 'in-progress' });
    before.close();

    const academie = openOffice(dir, '2026-03-11');
    opened.push(academie);
    const commune = office('2026-03-11');
    await commune.ok('office.set', { party: 'commune', communeName: 'Fontenay-aux-Roses' });
    const invitation = await academie.ok('exchange.invitation', { agreementId: agreement.id });
    const joined = await commune.ok('exchange.join', { ...passed(invitation), fingerprint: academie.fingerprint, confirmedBy: 'Mme Roy' });
    await academie.ok('exchange.import', { agreementId: agreement.id, ...passed(joined.file), fingerprint: commune.fingerprint, confirmedBy: 'M. Durand' });

    expect((await academie.ok('exchange.status', { agreementId: agreement.id })).waiting).toBe(2);
    const first = await academie.ok('exchange.export', { agreementId: agreement.id });
    expect(first.package.changes).toBe(2);
    expect(await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(first.file) })).toMatchObject({ applied: 2, created: 1, conflicts: 0 });
    const there = await commune.ok('requests.get', { id: old.id });
    expect(there).toMatchObject({ reference: old.reference, status: 'in-progress' });
    expect(there.journal.ok).toBe(true);

    // Later events carry their office when written: once the commune has acknowledged the
    // first package, the next one holds only the new request.
    const ack = await commune.ok('exchange.export', { agreementId: agreement.id });
    await academie.ok('exchange.import', { agreementId: agreement.id, ...passed(ack.file) });
    const later = await academie.ok('requests.create', request(agreement.id, { requesterName: 'Jean Petit' }));
    const next = await academie.ok('exchange.export', { agreementId: agreement.id });
    expect(next.package.changes).toBe(1);
    await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(next.file) });
    expect((await commune.ok('requests.get', { id: later.id })).requesterName).toBe('Jean Petit');
  });
});

describe('letters', () => {
  it('travel as the fact that a letter was sent, and the letter itself when the sender joins it (also re-sent later)', async () => {
    const { academie, commune, agreement, parent } = await paired();
    await academie.ok('letterhead.set', EXAMPLE_LETTERHEAD);
    const draft = await academie.ok('letters.draft', { requestId: parent.id, kind: 'acknowledgement' });
    const saved = await academie.ok('letters.save', { requestId: parent.id, kind: 'acknowledgement', subject: draft.subject, body: draft.body, date: '2026-03-10', format: 'docx' });

    // Without the letters: the commune sees that it was sent, and when, not the letter.
    const plain = await academie.ok('exchange.export', { agreementId: agreement.id });
    expect((await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(plain.file) })).letters).toBe(0);
    const seen = await commune.ok('requests.get', { id: parent.id });
    expect(seen.acknowledgedOn).toBe('2026-03-10');
    expect(seen.events.at(-1)).toMatchObject({ type: 'letter.sent', actor: "L'académie" });
    expect(await commune.ok('documents.list', { requestId: parent.id })).toEqual([]);

    // Everything again with the letters: the letter is kept there, once, and made again on demand.
    const again = await academie.ok('exchange.export', { agreementId: agreement.id, all: true, letters: true });
    const imported = await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(again.file) });
    expect(imported).toMatchObject({ applied: 0, letters: 1 });
    const docs = await commune.ok('documents.list', { requestId: parent.id });
    expect(docs).toEqual([expect.objectContaining({ id: saved.document.id, kind: 'acknowledgement', format: 'docx', title: saved.document.title })]);
    const file = await commune.ok('documents.download', { id: saved.document.id });
    expect(file).toMatchObject({ filename: saved.file.filename, mimeType: saved.file.mimeType });
    const more = await academie.ok('exchange.export', { agreementId: agreement.id, all: true, letters: true });
    expect((await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(more.file) })).letters).toBe(0);
  });
});

describe('round trips', () => {
  it('académie → commune → académie: the same requests, histories with their authors, a pre-emption validated by both offices', async () => {
    const { academie, commune, agreement, parent, other } = await paired();
    // References say which office minted them.
    expect(parent.reference).toBe('FAR-A-2026-0001');

    const first = await academie.ok('exchange.export', { agreementId: agreement.id });
    expect(first.package.changes).toBe(2);
    const imported = await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(first.file) });
    expect(imported).toMatchObject({ applied: 2, created: 2, conflicts: 0 });
    const there = await commune.ok('requests.get', { id: other.id });
    expect(there).toMatchObject({ reference: other.reference, requesterName: 'Jean Petit', allocation: { party: 'academie', status: 'decided' } });
    expect(there.deadline.dueOn).toBe(other.deadline.dueOn);
    expect(there.events[0]).toMatchObject({ type: 'request.created', actor: "L'académie" });
    expect(there.journal.ok).toBe(true);

    // The commune pre-empts the request made directly to the académie (row 3): its own validation goes with it.
    await commune.ok('requests.claimPreemption', { id: other.id, party: 'commune', by: 'Mme Roy', reason: 'Concerne la cantine' });
    const back = await commune.ok('exchange.export', { agreementId: agreement.id });
    expect(back.package.changes).toBe(1);
    await academie.ok('exchange.import', { agreementId: agreement.id, ...passed(back.file) });
    const pending = await academie.ok('requests.get', { id: other.id });
    expect(pending.pendingDecision).toMatchObject({ kind: 'preemption', party: 'commune', missing: ['academie'] });
    expect(pending.events.at(-1)).toMatchObject({ type: 'allocation.preemption-claimed', actor: 'La commune de Fontenay-aux-Roses' });

    // The académie validates through its own office: no evidence needed, its event travels back.
    const validated = await academie.ok('requests.validateDecision', { id: other.id, party: 'academie', by: 'M. Durand' });
    expect(validated.allocation).toMatchObject({ party: 'commune', status: 'decided', ruleId: 'preemption' });
    const again = await academie.ok('exchange.export', { agreementId: agreement.id });
    expect(again.package.changes).toBe(1); // only what the commune has not acknowledged
    await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(again.file) });
    const both = await commune.ok('requests.get', { id: other.id });
    expect(both.allocation).toMatchObject({ party: 'commune', status: 'decided' });
    expect(both.allocationHistory[0]).toMatchObject({ party: 'academie', replacedBy: 'preemption' });
    expect(both.events.map((e) => e.actor)).toEqual(["L'académie", 'La commune de Fontenay-aux-Roses', "L'académie"]);

    // The commune's lists: the request is now the commune's to answer.
    expect((await commune.ok('requests.list', { party: 'commune' })).rows.map((r) => r.reference)).toEqual([other.reference]);
    const academieStatus = await academie.ok('exchange.status', { agreementId: agreement.id });
    expect(academieStatus).toMatchObject({ waiting: 1, lastReceived: { number: 2 }, lastSent: { number: 2 } });
  });

  it('the same package twice changes nothing; two packages in either order give the same state; a package sealed for another office is unreadable', async () => {
    const { academie, commune, agreement, parent } = await paired();
    const p1 = await academie.ok('exchange.export', { agreementId: agreement.id });
    await academie.ok('requests.answerRight', { id: parent.id, right: 'access', outcome: 'done', answeredOn: '2026-03-09' });
    // Not acknowledged yet: p2 carries p1's changes again, and the answer.
    const p2 = await academie.ok('exchange.export', { agreementId: agreement.id });
    expect(p2.package.changes).toBe(3);

    // Order 1 on one commune: p1 then p2 (p2 adds only the answer), then p1 again: refused as a replay.
    await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(p1.file) });
    const second = await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(p2.file) });
    expect(second).toMatchObject({ applied: 1, created: 0 });
    const replay = await commune.fail('exchange.import', { agreementId: agreement.id, ...passed(p1.file) });
    expect(replay.code).toBe('PAQUET_REFUSE');
    expect(replay.message).toContain('déjà');
    const twice = await commune.fail('exchange.import', { agreementId: agreement.id, ...passed(p2.file) });
    expect(twice.code).toBe('PAQUET_REFUSE');

    // Order 2 on a second commune office joined the same way: p2 first, then p1 (older): the same state.
    const other = office();
    await other.ok('office.set', { party: 'commune', communeName: 'Fontenay-aux-Roses' });
    const invitation = await academie.ok('exchange.invitation', { agreementId: agreement.id });
    await other.ok('exchange.join', { ...passed(invitation), fingerprint: academie.fingerprint, confirmedBy: 'Mme Roy' });
    // p1 and p2 were sealed for the first commune office: the second cannot read them.
    const foreign = await other.fail('exchange.import', { agreementId: agreement.id, ...passed(p2.file) });
    expect(foreign.message).toMatch(/autre office|destinataire/i);

    const state = (o: Office) => o.ok('requests.get', { id: parent.id }).then((r) => ({ rights: r.rightsDetail, status: r.status, dueOn: r.deadline.dueOn, events: r.events.map((e) => e.id) }));
    expect((await state(commune)).rights.find((r) => r.right === 'access')).toMatchObject({ outcome: 'done', answeredOn: '2026-03-09' });
    expect(await state(commune)).toEqual(await state(academie).then((s) => ({ ...s })));
  });

  it('refuses a flipped byte, a package for another agreement and an unpaired or changed sender, and writes nothing', async () => {
    const { academie, commune, agreement } = await paired();
    const p1 = await academie.ok('exchange.export', { agreementId: agreement.id });
    const before = await commune.ok('requests.list', {});
    for (const at of [0.01, 0.2, 0.5, 0.9, 0.999]) {
      const refused = await commune.fail('exchange.import', { agreementId: agreement.id, ...flipped(p1.file, at) });
      expect(refused.code, `octet ${at}`).toBe('PAQUET_REFUSE');
    }
    const truncated = { filename: p1.file.filename, base64: Buffer.from(p1.file.base64, 'base64').subarray(0, 500).toString('base64') };
    expect((await commune.fail('exchange.import', { agreementId: agreement.id, ...truncated })).code).toBe('PAQUET_REFUSE');
    expect(await commune.ok('requests.list', {})).toEqual(before);
    expect((await commune.ok('exchange.status', { agreementId: agreement.id })).history.filter((p) => p.direction === 'in')).toEqual([]);

    // Another agreement on the commune's install: the package names its own.
    const { agreement: dsden } = await commune.ok('agreements.createFromPreset', { preset: 'dsden13', communeName: 'Aubagne' });
    const wrongAgreement = await commune.ok('exchange.previewImport', { agreementId: dsden.id, ...passed(p1.file) });
    expect(wrongAgreement.problems.map((p) => p.code)).toContain('AUTRE_CONVENTION');

    // A third office (an impostor, or a reinstalled académie with new keys) writing for this agreement.
    const stranger = office();
    await stranger.ok('office.set', { party: 'academie' });
    const invitation = await academie.ok('exchange.invitation', { agreementId: agreement.id });
    const strangerCommune = office();
    await strangerCommune.ok('office.set', { party: 'commune', communeName: 'Fontenay-aux-Roses' });
    await strangerCommune.ok('exchange.join', { ...passed(invitation), fingerprint: academie.fingerprint, confirmedBy: 'x' });
    const fromStranger = await strangerCommune.ok('exchange.export', { agreementId: agreement.id });
    const refused = await academie.ok('exchange.previewImport', { agreementId: agreement.id, ...passed(fromStranger.file) });
    expect(refused.problems.length).toBeGreaterThan(0);
    expect(refused.problems.map((p) => p.message).join(' ')).toMatch(/empreinte|téléphone|inconnu/i);
    expect((await academie.fail('exchange.import', { agreementId: agreement.id, ...passed(fromStranger.file) })).code).toBe('PAQUET_REFUSE');
  });
});

describe("a sender whose journal was edited", () => {
  it('is refused at the first event that does not match its hash, with the events before it rolled back: nothing written', async () => {
    const { academie, commune, agreement } = await paired();
    await academie.ok('requests.create', request(agreement.id, { requesterName: 'Paul Roux' }));
    // Someone edits the académie's database behind the app: its last event's data no longer
    // matches the hash its office chain recorded. The package is signed all the same.
    const edit = new Database(join(academie.dir, DB_FILE_NAME));
    const last = edit.prepare('select max(office_seq) as seq from events where office_id = ?').get(academie.officeId) as { seq: number };
    expect(last.seq).toBeGreaterThan(2);
    edit.prepare(`update events set data = json_set(data, '$.forged', 1) where office_id = ? and office_seq = ?`).run(academie.officeId, last.seq);
    edit.close();
    const p1 = await academie.ok('exchange.export', { agreementId: agreement.id });
    expect(p1.package.changes).toBe(last.seq);

    // The commune's list and status are read (and cached) before the refused import.
    const listed = await commune.ok('requests.list', {});
    const statusBefore = await commune.ok('exchange.status', { agreementId: agreement.id });
    const preview = await commune.ok('exchange.previewImport', { agreementId: agreement.id, ...passed(p1.file) });
    expect(preview.problems.map((p) => p.message)).toEqual([
      `Journal de l'autre office : le changement n° ${last.seq} ne correspond pas à son empreinte : il a été modifié. Paquet refusé.`,
    ]);
    expect(preview.package).toBeNull();
    // The events before it were merged in the import's transaction: all rolled back.
    const refused = await commune.fail('exchange.import', { agreementId: agreement.id, ...passed(p1.file) });
    expect(refused.code).toBe('PAQUET_REFUSE');
    expect(refused.message).toContain(`le changement n° ${last.seq} ne correspond pas à son empreinte`);
    expect(await commune.ok('requests.list', {})).toEqual(listed);
    expect(listed.total).toBe(0);
    expect(await commune.ok('exchange.status', { agreementId: agreement.id })).toEqual(statusBefore);
  });
});

describe('conflicts', () => {
  it('two answers to the same right: listed on both sides, decided on one, and the decision travels to the other', async () => {
    const { academie, commune, agreement, parent } = await paired();
    await commune.ok('exchange.import', { agreementId: agreement.id, ...passed((await academie.ok('exchange.export', { agreementId: agreement.id })).file) });
    await academie.ok('exchange.import', { agreementId: agreement.id, ...passed((await commune.ok('exchange.export', { agreementId: agreement.id })).file) });

    // Both offices answer the access right before exchanging again.
    await academie.ok('requests.answerRight', { id: parent.id, right: 'access', outcome: 'done', answeredOn: '2026-03-09' });
    await commune.ok('requests.answerRight', { id: parent.id, right: 'access', outcome: 'no-data', answeredOn: '2026-03-09' });
    const fromAcademie = await academie.ok('exchange.export', { agreementId: agreement.id });
    const fromCommune = await commune.ok('exchange.export', { agreementId: agreement.id });
    const atCommune = await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(fromAcademie.file) });
    const atAcademie = await academie.ok('exchange.import', { agreementId: agreement.id, ...passed(fromCommune.file) });
    expect(atCommune.conflicts).toBe(1);
    expect(atAcademie.conflicts).toBe(1);
    // Nothing overwritten: each keeps its value until someone decides.
    const right = (o: Office) => o.ok('requests.get', { id: parent.id }).then((r) => r.rightsDetail.find((x) => x.right === 'access')!.outcome);
    expect(await right(academie)).toBe('done');
    expect(await right(commune)).toBe('no-data');
    const open = atAcademie.status.conflicts.filter((c) => c.resolvedAt === null);
    expect(open).toEqual([expect.objectContaining({ reference: parent.reference, label: 'Suite donnée : Accès', local: 'Fait le 09/03/2026', remote: 'Aucune donnée détenue le 09/03/2026' })]);

    // The académie decides: its value stays; the decision is an event that travels.
    const decided = await academie.ok('exchange.resolveConflict', { id: open[0]!.id, keep: 'local', by: 'M. Durand, après appel à Mme Roy' });
    expect(decided.conflicts[0]).toMatchObject({ resolution: 'local', resolvedBy: 'M. Durand, après appel à Mme Roy' });
    await commune.ok('exchange.import', { agreementId: agreement.id, ...passed((await academie.ok('exchange.export', { agreementId: agreement.id })).file) });
    expect(await right(commune)).toBe('done');
    const communeConflicts = (await commune.ok('exchange.status', { agreementId: agreement.id })).conflicts;
    expect(communeConflicts.every((c) => c.resolvedAt !== null)).toBe(true);
    const history = (await commune.ok('requests.get', { id: parent.id })).events.map((e) => e.type);
    expect(history.at(-1)).toBe('conflict.resolved');
    // And back: the académie sees nothing new to decide.
    const last = await academie.ok('exchange.import', { agreementId: agreement.id, ...passed((await commune.ok('exchange.export', { agreementId: agreement.id })).file) });
    expect(last.conflicts).toBe(0);
    expect(await right(academie)).toBe('done');
  });
});
