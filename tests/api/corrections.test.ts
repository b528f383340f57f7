// Correcting what was typed and cancelling a request typed by mistake (issue 13), through the
// service: each correction one event with its reason and before/after, deadlines and allocation
// recomputed and explained, unlikely dates questioned (not refused), and both travelling to the
// other office.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewRequest, RequestDetail } from '../../core/api/contract';
import { testHost, type TestHost } from '../helpers/host';
import { openOffice, passed, type Office } from '../helpers/offices';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const hosts: { close(): void }[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.close();
});

async function versailles(today: string): Promise<{ host: TestHost; agreementId: string }> {
  const host = testHost(tmp(), today);
  hosts.push(host);
  await host.ok('office.set', { party: 'academie' });
  const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  return { host, agreementId: agreement.id };
}

const parent = (agreementId: string, over: Partial<NewRequest> = {}): NewRequest => ({
  agreementId,
  receivedOn: '2026-03-05',
  channel: 'academie',
  medium: 'letter',
  requesterName: 'Claire Martin',
  requesterCategory: 'parent',
  subjectName: 'Léo Martin',
  subjectIsMinor: true,
  rights: ['access', 'erasure'],
  ...over,
});

/** What the correction form sends: the request's facts as they are, with the fields the user changed. */
function facts(r: RequestDetail) {
  return {
    id: r.id,
    receivedOn: r.receivedOn,
    channel: r.channel,
    medium: r.medium,
    requesterName: r.requesterName,
    requesterContact: r.requesterContact,
    requesterCategory: r.requesterCategory,
    subjectName: r.subjectName,
    subjectIsMinor: r.subjectIsMinor,
    subjectRelation: r.subjectRelation,
    schoolId: r.school?.id ?? null,
    moduleName: r.moduleName,
    moduleOwner: r.moduleOwner,
    schoolsScope: r.schoolsScope,
    rights: r.rights,
    summary: r.summary,
    processorReceivedOn: r.processor?.receivedOn ?? null,
  };
}

type Corrected = { reason: string; summary?: string; corrections: { label: string; before: string; after: string }[]; changes: Record<string, { before: unknown; after: unknown }> };

describe('correcting a saved request', () => {
  it('a received date typed wrong: one event with the reason and before/after, the deadline recomputed and explained', async () => {
    const { host, agreementId } = await versailles('2026-04-20');
    const r = await host.ok('requests.create', parent(agreementId, { receivedOn: '2026-04-04' }));
    expect(r.deadline.dueOn).toBe('2026-05-04');

    const noReason = await host.fail('requests.correct', { ...facts(r), receivedOn: '2026-04-14', reason: '' });
    expect(noReason.fields?.reason).toBe('Motif de la correction : à renseigner.');
    const nothing = await host.fail('requests.correct', { ...facts(r), reason: 'Relecture' });
    expect(nothing.code).toBe('AUCUNE_CORRECTION');

    const fixed = await host.ok('requests.correct', { ...facts(r), receivedOn: '2026-04-14', reason: 'Date du tampon mal lue (14 et non 04)' });
    expect(fixed.receivedOn).toBe('2026-04-14');
    expect(fixed.deadline.dueOn).toBe('2026-05-15'); // 14/05/2026 is Ascension (deadlines.md)
    expect(fixed.reference).toBe(r.reference);
    const event = fixed.events.at(-1)!;
    expect(event.type).toBe('request.corrected');
    const data = event.data as Corrected;
    expect(data.reason).toBe('Date du tampon mal lue (14 et non 04)');
    expect(data.corrections).toEqual([{ field: 'receivedOn', label: 'Date de réception', before: '04/04/2026', after: '14/04/2026' }]);
    expect(data.changes.receivedOn).toEqual({ before: '2026-04-04', after: '2026-04-14' });
    expect(data.changes.dueOn).toEqual({ before: '2026-05-04', after: '2026-05-15' });
    expect(data.summary).toBe(`échéance recalculée : 15/05/2026 (au lieu du 04/05/2026) ; ${fixed.deadline.explanation}`);
    expect(data.summary).toContain('Ascension');
    expect(fixed.journal.ok).toBe(true);
  });

  it('a received date cannot pass what the record already holds after it', async () => {
    const { host, agreementId } = await versailles('2026-04-20');
    const r = await host.ok('requests.create', parent(agreementId, { receivedOn: '2026-04-04' }));
    await host.ok('requests.askInformation', { id: r.id, kind: 'clarification', whatAsked: 'Quelle année scolaire ?', sentOn: '2026-04-08' });
    const refused = await host.fail('requests.correct', { ...facts(r), receivedOn: '2026-04-10', reason: 'Erreur' });
    expect(refused.code).toBe('DATE_POSTERIEURE');
    expect(refused.fields?.receivedOn).toBe('Pas après le 08/04/2026 (la demande de précisions).');
  });

  it('names, category, summary and contact: the history reads each change; the search finds what was corrected', async () => {
    const { host, agreementId } = await versailles('2026-03-10');
    const r = await host.ok('requests.create', parent(agreementId));
    const fixed = await host.ok('requests.correct', {
      ...facts(r),
      requesterName: 'Claire Martinez',
      requesterCategory: 'commune-staff',
      subjectName: null,
      summary: 'Accès à son dossier de personnel',
      reason: 'Agent communal, pas un parent',
    });
    const data = fixed.events.at(-1)!.data as Corrected;
    expect(data.corrections.map((c) => `${c.label} : ${c.before} → ${c.after}`)).toEqual([
      'Nom du demandeur : Claire Martin → Claire Martinez',
      "Catégorie du demandeur : Parent d'élève → Personnel communal",
      'Personne concernée : Léo Martin → —',
      'Personne concernée mineure : oui → —',
      'Résumé : — → Accès à son dossier de personnel',
    ]);
    // Row 2 (commune staff) now proposes the commune (row 3, received by the académie, disagrees:
    // to confirm): the allocation follows, and the history says so.
    expect(fixed.allocation).toMatchObject({ party: 'commune', status: 'to-settle' });
    expect(data.summary).toMatch(/^répartition recalculée : Académie → Commune \(à confirmer\) \(Proposée à la commune/);
    expect(data.summary).not.toContain('vf-');
    expect((await host.ok('requests.list', { q: 'martinez' })).rows.map((x) => x.id)).toEqual([r.id]);
    // A corrected summary or contact is searched too.
    expect((await host.ok('requests.list', { q: 'dossier personnel' })).rows.map((x) => x.id)).toEqual([r.id]);
    await host.ok('requests.correct', { ...facts(fixed), requesterContact: 'c.martinez@fontenay.fr', reason: 'Adresse donnée au téléphone' });
    expect((await host.ok('requests.list', { q: 'fontenay.fr' })).rows.map((x) => x.id)).toEqual([r.id]);
  });

  it('rights: one added reopens an answered request; one without outcome may be removed, one answered may not', async () => {
    const { host, agreementId } = await versailles('2026-03-10');
    const r = await host.ok('requests.create', parent(agreementId, { rights: ['access'] }));
    const answered = await host.ok('requests.answerRight', { id: r.id, right: 'access', outcome: 'done', answeredOn: '2026-03-09' });
    expect(answered.status).toBe('answered');
    const more = await host.ok('requests.correct', { ...facts(answered), rights: ['access', 'rectification'], reason: 'Le courrier demande aussi la rectification' });
    expect(more.rights).toEqual(['access', 'rectification']);
    expect(more.status).toBe('in-progress');
    expect((more.events.at(-1)!.data as Corrected).corrections.at(-1)).toEqual({ field: 'rights', label: 'Droits exercés', before: 'Accès', after: 'Accès, Rectification' });

    const kept = await host.fail('requests.correct', { ...facts(more), rights: ['rectification'], reason: 'Erreur' });
    expect(kept.code).toBe('DROIT_AVEC_SUITE');
    expect(kept.message).toBe('Le droit « Accès » a déjà une suite (fait, le 09/03/2026) : il ne peut pas être retiré de la demande.');
    const back = await host.ok('requests.correct', { ...facts(more), rights: ['access'], reason: 'Rectification cochée par erreur' });
    expect(back.rights).toEqual(['access']);
    expect(back.status).toBe('answered');
  });

  it('an allocation both parties validated is not replaced without confirmation', async () => {
    const { host, agreementId } = await versailles('2026-03-10');
    // "Other" requester, received by the académie: row 3, which the commune may pre-empt.
    const r = await host.ok('requests.create', parent(agreementId, { requesterCategory: 'other', subjectName: null }));
    await host.ok('requests.claimPreemption', { id: r.id, party: 'commune', by: 'Mme Roy', reason: 'Cantine', evidence: 'Courriel du DPD du 06/03/2026' });
    const preempted = await host.ok('requests.validateDecision', { id: r.id, party: 'academie', by: 'M. Durand' });
    expect(preempted.allocation).toMatchObject({ party: 'commune', ruleId: 'preemption' });

    const asked = await host.fail('requests.correct', { ...facts(preempted), requesterCategory: 'parent', reason: 'Un parent, en fait' });
    expect(asked.code).toBe('REPARTITION_A_CONFIRMER');
    expect(asked.message).toContain("la répartition en vigueur (Commune) résulte d'une préemption validée par les deux parties");
    expect(asked.message).toContain('Confirmez pour appliquer la nouvelle répartition');
    expect((await host.ok('requests.get', { id: r.id })).requesterCategory).toBe('other');

    const confirmed = await host.ok('requests.correct', { ...facts(preempted), requesterCategory: 'parent', reason: 'Un parent, en fait', confirmed: ['allocation'] });
    expect(confirmed.allocation).toMatchObject({ party: 'academie', status: 'decided' });
    expect((confirmed.events.at(-1)!.data as Corrected).changes.allocationState?.before).toMatchObject({ ruleId: 'preemption' });
  });

  it('a cancelled request is no longer corrected', async () => {
    const { host, agreementId } = await versailles('2026-03-10');
    const r = await host.ok('requests.create', parent(agreementId));
    const cancelled = await host.ok('requests.cancel', { id: r.id, reason: 'Doublon de la demande saisie le même jour' });
    expect(cancelled.actions.correct).toEqual({ allowed: false, reason: 'La demande est annulée (saisie par erreur) : elle ne se corrige plus, son historique reste consultable.' });
    expect((await host.fail('requests.correct', { ...facts(r), requesterName: 'X', reason: 'y' })).code).toBe('DEMANDE_ANNULEE');
  });
});

describe('unlikely input is questioned, not refused', () => {
  it('a request already overdue at intake: asked, nothing written; confirmed, saved', async () => {
    const { host, agreementId } = await versailles('2026-04-20');
    const asked = await host.fail('requests.create', parent(agreementId));
    expect(asked.code).toBe('DATE_A_CONFIRMER');
    expect(asked.fields?.receivedOn).toBe('Cette demande est déjà en retard de 13 jours (échéance le 07/04/2026) : confirmez la date de réception.');
    expect((await host.ok('requests.list', {})).total).toBe(0);
    const saved = await host.ok('requests.create', parent(agreementId, { confirmedDate: true }));
    expect(saved.deadline.urgency).toBe('overdue');
  });

  it('a date in the future or months back is asked at intake and at correction', async () => {
    const { host, agreementId } = await versailles('2026-09-01');
    const future = await host.fail('requests.create', parent(agreementId, { receivedOn: '2026-09-03' }));
    expect(future.message).toBe("La date de réception (03/09/2026) est dans le futur : aujourd'hui est le 01/09/2026 : confirmez la date de réception.");
    const r = await host.ok('requests.create', parent(agreementId, { receivedOn: '2026-08-31' }));
    const old = await host.fail('requests.correct', { ...facts(r), receivedOn: '2026-05-20', reason: 'Courrier retrouvé' });
    expect(old.code).toBe('DATE_A_CONFIRMER');
    expect(old.message).toBe(
      'La date de réception (20/05/2026) remonte à plus de 3 mois ; cette demande est déjà en retard de 71 jours (échéance le 22/06/2026) : confirmez la date de réception.',
    );
    const kept = await host.ok('requests.correct', { ...facts(r), receivedOn: '2026-05-20', reason: 'Courrier retrouvé', confirmed: ['date'] });
    expect(kept.deadline.dueOn).toBe('2026-06-22'); // 20/06/2026 is a Saturday
  });

  it('a date before the agreement (seed 000 is dated 04/11/2025) is asked at intake and at correction, and kept once confirmed', async () => {
    const { host, agreementId } = await versailles('2025-11-20');
    const before = await host.fail('requests.create', parent(agreementId, { receivedOn: '2025-11-03' }));
    expect(before.code).toBe('DATE_A_CONFIRMER');
    expect(before.fields?.receivedOn).toBe('La date de réception (03/11/2025) précède la convention, datée du 04/11/2025 : confirmez la date de réception.');
    expect((await host.ok('requests.list', {})).total).toBe(0);
    // The agreement's own day is not before it.
    const r = await host.ok('requests.create', parent(agreementId, { receivedOn: '2025-11-04' }));
    const corrected = await host.fail('requests.correct', { ...facts(r), receivedOn: '2025-10-30', reason: 'Date du tampon' });
    expect(corrected.message).toBe('La date de réception (30/10/2025) précède la convention, datée du 04/11/2025 : confirmez la date de réception.');
    expect((await host.ok('requests.get', { id: r.id })).receivedOn).toBe('2025-11-04');
    const kept = await host.ok('requests.correct', { ...facts(r), receivedOn: '2025-10-30', reason: 'Date du tampon', confirmed: ['date'] });
    expect(kept.receivedOn).toBe('2025-10-30');
  });
});

describe('cancelling a request typed by mistake', () => {
  it('leaves the lists and figures, stays readable under « annulées » with its history; nothing is deleted', async () => {
    const { host, agreementId } = await versailles('2026-03-10');
    const kept = await host.ok('requests.create', parent(agreementId));
    const duplicate = await host.ok('requests.create', parent(agreementId, { requesterName: 'Claire Martin (doublon)' }));
    expect((await host.fail('requests.cancel', { id: duplicate.id, reason: ' ' })).fields?.reason).toBe("Motif de l'annulation : à renseigner.");

    const cancelled = await host.ok('requests.cancel', { id: duplicate.id, reason: 'Doublon de ' + kept.reference });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.events.map((e) => e.type)).toEqual(['request.created', 'request.cancelled']);
    expect(cancelled.events[1]!.data).toMatchObject({ reason: `Doublon de ${kept.reference}`, from: 'received', changes: { status: { before: 'received', after: 'cancelled' } } });
    expect(cancelled.journal.ok).toBe(true);
    expect(cancelled.actions.cancel.allowed).toBe(false);

    const list = await host.ok('requests.list', {});
    expect(list.rows.map((r) => r.id)).toEqual([kept.id]);
    expect(list.total).toBe(1);
    const stats = await host.ok('requests.stats', {});
    expect(stats.open.reduce((n, g) => n + g.count, 0)).toBe(1);
    expect(stats.receivedByMonth.at(-1)).toEqual({ month: '2026-03', count: 1 });

    const annulled = await host.ok('requests.list', { cancelled: true });
    expect(annulled.rows.map((r) => [r.id, r.status])).toEqual([[duplicate.id, 'cancelled']]);
    expect(annulled.total).toBe(1);
    expect((await host.ok('requests.get', { id: duplicate.id })).requesterName).toBe('Claire Martin (doublon)');
  });
});

describe('corrections and cancellations between the two offices', () => {
  it('a correction made at the académie and a cancellation appear at the commune', async () => {
    const opened: Office[] = [];
    const academie = openOffice(tmp(), '2026-04-20');
    const commune = openOffice(tmp(), '2026-04-20');
    opened.push(academie, commune);
    hosts.push({ close: () => opened.forEach((o) => o.close()) });
    await academie.ok('office.set', { party: 'academie' });
    const { agreement } = await academie.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
    const r = await academie.ok('requests.create', parent(agreement.id, { receivedOn: '2026-04-04' }));
    const duplicate = await academie.ok('requests.create', parent(agreement.id, { receivedOn: '2026-04-04', requesterName: 'Doublon' }));
    await commune.ok('office.set', { party: 'commune', communeName: 'Fontenay-aux-Roses' });
    const invitation = await academie.ok('exchange.invitation', { agreementId: agreement.id });
    const joined = await commune.ok('exchange.join', { ...passed(invitation), fingerprint: academie.fingerprint, confirmedBy: 'Mme Roy' });
    await academie.ok('exchange.import', { agreementId: agreement.id, ...passed(joined.file), fingerprint: commune.fingerprint, confirmedBy: 'M. Durand' });
    await commune.ok('exchange.import', { agreementId: agreement.id, ...passed((await academie.ok('exchange.export', { agreementId: agreement.id })).file) });
    expect((await commune.ok('requests.get', { id: r.id })).deadline.dueOn).toBe('2026-05-04');

    await academie.ok('requests.correct', {
      ...facts(r),
      receivedOn: '2026-04-14',
      requesterName: 'Claire Martinez',
      rights: ['access', 'erasure', 'objection'],
      reason: 'Relecture du courrier',
    });
    await academie.ok('requests.cancel', { id: duplicate.id, reason: 'Doublon' });
    const pkg = await academie.ok('exchange.export', { agreementId: agreement.id });
    const imported = await commune.ok('exchange.import', { agreementId: agreement.id, ...passed(pkg.file) });
    expect(imported).toMatchObject({ applied: 2, conflicts: 0 });

    const there = await commune.ok('requests.get', { id: r.id });
    expect(there).toMatchObject({ receivedOn: '2026-04-14', requesterName: 'Claire Martinez', rights: ['access', 'erasure', 'objection'] });
    expect(there.deadline.dueOn).toBe('2026-05-15');
    expect(there.events.at(-1)).toMatchObject({ type: 'request.corrected', author: 'other', data: { reason: 'Relecture du courrier' } });
    expect(there.journal.ok).toBe(true);
    expect((await commune.ok('requests.list', { q: 'martinez' })).rows.map((x) => x.id)).toEqual([r.id]);
    expect((await commune.ok('requests.get', { id: duplicate.id })).status).toBe('cancelled');
    expect((await commune.ok('requests.list', {})).rows.map((x) => x.id)).toEqual([r.id]);
    expect((await commune.ok('requests.list', { cancelled: true })).rows.map((x) => x.id)).toEqual([duplicate.id]);
  });
});
