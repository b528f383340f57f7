import { describe, expect, it } from 'vitest';
import type { NewRequest } from '../../core/api/contract';
import { testHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();

async function setup(today: string, over: Partial<NewRequest> = {}, party: 'academie' | 'commune' = 'academie') {
  const host = testHost(tmp(), today);
  await host.ok('office.set', { party, communeName: 'Fontenay-aux-Roses' });
  const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  const request = await host.ok('requests.create', {
    agreementId: agreement.id,
    confirmedDate: true,
    receivedOn: '2026-02-10',
    channel: 'academie',
    medium: 'email',
    requesterName: 'Karim Haddad',
    requesterCategory: 'parent',
    subjectName: 'Inès Haddad',
    subjectIsMinor: true,
    rights: ['access', 'rectification'],
    identityDocumentsMissing: ["Copie d'une pièce d'identité"],
    attachments: ['Courriel du 10/02/2026', 'Copie du livret de famille (scan)'],
    ...over,
  });
  return { host, agreement, request };
}

describe('suspension while identity documents are awaited (decree 2019-536)', () => {
  it('shows "suspendu", then moves the deadline by the days waited (worked example: 8 days)', async () => {
    const { host, request } = await setup('2026-02-25');
    expect(request.deadline.dueOn).toBe('2026-03-10');
    const waiting = await host.ok('requests.askInformation', {
      id: request.id,
      kind: 'identity',
      whatAsked: "Copie d'une pièce d'identité du parent",
      sentOn: '2026-02-12',
    });
    expect(waiting.status).toBe('awaiting-documents');
    expect(waiting.attachments).toEqual(['Courriel du 10/02/2026', 'Copie du livret de famille (scan)']);
    expect(waiting.deadline.dueOn).toBeNull();
    expect(waiting.deadline.urgency).toBe('suspended');
    expect(waiting.deadline.suspendedDays).toBe(13); // 12 → 25 February, still open
    expect((await host.ok('requests.list', { urgency: 'suspended' })).total).toBe(1);

    const twice = await host.fail('requests.askInformation', { id: request.id, kind: 'identity', whatAsked: 'x', sentOn: '2026-02-13' });
    expect(twice.code).toBe('SUSPENSION_OUVERTE');
    expect(waiting.actions.askIdentity).toEqual({ allowed: false, reason: 'Une demande de pièces est déjà en attente : enregistrez d’abord leur réception.' });

    const early = await host.fail('requests.informationReceived', { id: request.id, receivedOn: '2026-02-11' });
    expect(early.code).toBe('DATE_ANTERIEURE');

    const resumed = await host.ok('requests.informationReceived', {
      id: request.id,
      receivedOn: '2026-02-20',
      // What intake listed and what the request for documents asked: both missing until received.
      documentsReceived: ["Copie d'une pièce d'identité", "Copie d'une pièce d'identité du parent"],
    });
    expect(resumed.status).toBe('in-progress');
    expect(resumed.deadline.dueOn).toBe('2026-03-18');
    expect(resumed.deadline.extendedDeadline).toBe('2026-05-18');
    expect(resumed.deadline.explanation).toContain('8');
    expect(resumed.identityDocumentsMissing).toEqual([]);
    expect(resumed.identityDocumentsReceived).toEqual(["Copie d'une pièce d'identité", "Copie d'une pièce d'identité du parent"]);
    expect(resumed.suspensions).toEqual([
      expect.objectContaining({ sentOn: '2026-02-12', receivedOn: '2026-02-20', days: 8 }),
    ]);
    expect(resumed.events.map((e) => e.type)).toEqual(['request.created', 'suspension.opened', 'suspension.closed']);
    const closed = resumed.events[2]!.data as { changes: Record<string, { before: unknown; after: unknown }> };
    expect(closed.changes.dueOn).toEqual({ before: null, after: '2026-03-18' });
    expect(resumed.journal.ok).toBe(true);
    host.close();
  });
});

describe('extension by two months (GDPR art. 12(3))', () => {
  it('records the reasons and the notice, and shows the new deadline', async () => {
    const { host, request } = await setup('2026-03-01');
    const extended = await host.ok('requests.extend', { id: request.id, reasons: 'Demande complexe : données dans trois traitements.' });
    expect(extended.status).toBe('extended');
    expect(extended.deadline.dueOn).toBe('2026-05-11'); // 10/05/2026 is a Sunday
    expect(extended.extension).toEqual({ reasons: 'Demande complexe : données dans trois traitements.', notifiedOn: '2026-03-01', late: false });
    const again = await host.fail('requests.extend', { id: request.id, reasons: 'encore' });
    expect(again.code).toBe('DEJA_PROLONGEE');
    host.close();
  });

  // deadlines.md, "Late extension": received 2026-03-02, notified 2026-04-10 (due by 2026-04-02):
  // recorded, shown as late, deadline in force 2026-04-02, overdue.
  it('records a late notice as late, and keeps the one-month deadline in force: the request is overdue', async () => {
    const { host, request } = await setup('2026-04-10', { receivedOn: '2026-03-02' });
    const recorded = await host.ok('requests.extend', { id: request.id, reasons: 'Volume important', notifiedOn: '2026-04-10' });
    expect(recorded.extension).toEqual({ reasons: 'Volume important', notifiedOn: '2026-04-10', late: true });
    expect(recorded.deadline.dueOn).toBe('2026-04-02');
    expect(recorded.deadline.urgency).toBe('overdue');
    expect(recorded.deadline.explanation).toContain('ne prolonge pas');
    const event = recorded.events.at(-1)!.data as { late: boolean; summary: string };
    expect(event.late).toBe(true);
    expect(event.summary).toContain("l'échéance reste le 02/04/2026");
    expect((await host.ok('requests.list', { urgency: 'overdue' })).total).toBe(1);
    host.close();
  });
});

describe('allocation: settlement and pre-emption validated by both parties', () => {
  it('settles a request to settle only once both DPDs validate, keeping the original allocation', async () => {
    const { host, request } = await setup('2026-02-25', { channel: 'commune' });
    // A parent writing to the commune: row 1 (académie) and row 4 (commune) disagree; the
    // académie is proposed and answers from day one, to confirm by both (domain.md).
    expect(request.allocation).toMatchObject({ party: 'academie', status: 'to-settle' });
    expect(request.allocation.reason).toContain('à confirmer par les deux parties');
    const proposed = await host.ok('requests.proposeSettlement', { id: request.id, party: 'academie', by: 'M. Durand (DPD académie)', reason: 'Parent d’élève : ligne 1' });
    // The proposing office (the académie) validates in the same step: only the commune is missing.
    expect(proposed.pendingDecision).toMatchObject({ kind: 'settlement', party: 'academie', missing: ['commune'] });
    expect((await host.ok('requests.stats', {})).pendingDecisions).toBe(1);
    const one = proposed;
    expect(one.allocation.status).toBe('to-settle');
    const dup = await host.fail('requests.validateDecision', { id: request.id, party: 'academie', by: 'M. Durand' });
    expect(dup.code).toBe('VALIDATION_EN_DOUBLE');
    // The commune does not use the app here: its validation is recorded on its behalf, with the evidence.
    const noEvidence = await host.fail('requests.validateDecision', { id: request.id, party: 'commune', by: 'Mme Roy (DPD commune)' });
    expect(noEvidence.code).toBe('PREUVE_REQUISE');
    const both = await host.ok('requests.validateDecision', { id: request.id, party: 'commune', by: 'Mme Roy (DPD commune)', evidence: 'courriel du 24/02/2026' });
    expect(both.events.at(-1)!.data).toMatchObject({ party: 'commune', onBehalf: true, evidence: 'courriel du 24/02/2026' });
    expect(both.pendingDecision).toBeNull();
    expect(both.allocation).toMatchObject({ party: 'academie', status: 'decided' });
    expect(both.allocationHistory).toEqual([expect.objectContaining({ status: 'to-settle', replacedBy: 'settlement' })]);
    expect(both.events.map((e) => e.type).slice(-2)).toEqual(['allocation.settlement-proposed', 'allocation.validated']);
    host.close();
  });

  // Seed 000 annex 1, 3.2.2: "Demande effectuée directement auprès de l'académie : X (sauf
  // préemption de la commune validée par les parties)".
  it('lets the commune pre-empt a request made directly to the académie (row 3), once both validate', async () => {
    const { host, request } = await setup('2026-02-25', { requesterCategory: 'other' }, 'commune');
    expect(request.allocation).toMatchObject({ party: 'academie', status: 'decided' });
    expect(request.preemptionParty).toBe('commune');
    const wrongSide = await host.fail('requests.claimPreemption', { id: request.id, party: 'academie', by: 'x', reason: 'y' });
    expect(wrongSide.code).toBe('PREEMPTION_INUTILE');
    const half = await host.ok('requests.claimPreemption', { id: request.id, party: 'commune', by: 'Mme Roy', reason: 'Concerne la cantine, module communal' });
    expect(half.pendingDecision?.missing).toEqual(['academie']);
    expect(half.allocation.party).toBe('academie');
    const done = await host.ok('requests.validateDecision', { id: request.id, party: 'academie', by: 'M. Durand', evidence: 'point mensuel du 25/02/2026' });
    expect(done.allocation.party).toBe('commune');
    expect(done.allocation.ruleId).toBe('preemption');
    expect(done.allocationHistory[0]).toMatchObject({ party: 'academie', replacedBy: 'preemption' });
    expect((await host.ok('requests.list', { party: 'commune' })).total).toBe(1);
    host.close();
  });

  it('refuses a pre-emption where the agreement has none (DSDEN 13)', async () => {
    const host = testHost(tmp(), '2026-02-25');
    await host.ok('office.set', { party: 'academie' });
    const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'dsden13', communeName: 'Aubagne' });
    const r = await host.ok('requests.create', {
      agreementId: agreement.id, confirmedDate: true, receivedOn: '2026-02-10', channel: 'academie', medium: 'letter', requesterName: 'A', requesterCategory: 'parent',
      rights: ['access'], moduleOwner: 'commune', schoolsScope: 'single',
    });
    expect(r.allocation.party).toBe('commune');
    const refused = await host.fail('requests.claimPreemption', { id: r.id, party: 'academie', by: 'x', reason: 'y' });
    expect(refused.code).toBe('PREEMPTION_NON_PREVUE');
    host.close();
  });
});

describe('answers and closure', () => {
  it('answers each right, needs a reason for a refusal, closes, reopens with a reason', async () => {
    const { host, request } = await setup('2026-03-01');
    const noReason = await host.fail('requests.answerRight', { id: request.id, right: 'access', outcome: 'refused', answeredOn: '2026-02-27' });
    expect(noReason.fields?.refusalReason).toBe('Motif : un refus, même partiel, doit être motivé (RGPD art. 12(4)).');
    const cannotClose = await host.fail('requests.changeStatus', { id: request.id, to: 'closed' });
    expect(cannotClose.code).toBe('TRANSITION_INTERDITE');
    const partly = await host.ok('requests.answerRight', { id: request.id, right: 'access', outcome: 'done', answeredOn: '2026-02-27' });
    expect(partly.status).toBe('in-progress');
    const wrongRight = await host.fail('requests.answerRight', { id: request.id, right: 'erasure', outcome: 'done', answeredOn: '2026-02-27' });
    expect(wrongRight.code).toBe('DROIT_NON_DEMANDE');
    const answered = await host.ok('requests.answerRight', {
      id: request.id, right: 'rectification', outcome: 'refused', refusalReason: 'Les données sont exactes.', answeredOn: '2026-02-28',
    });
    expect(answered.status).toBe('answered');
    expect(answered.deadline.urgency).toBe('closed');
    const closed = await host.ok('requests.changeStatus', { id: request.id, to: 'closed' });
    expect(closed.status).toBe('closed');
    expect(closed.closedOn).toBe('2026-03-01');
    const noWhy = await host.fail('requests.changeStatus', { id: request.id, to: 'in-progress' });
    expect(noWhy.code).toBe('MOTIF_REQUIS');
    const reopened = await host.ok('requests.changeStatus', { id: request.id, to: 'in-progress', reason: 'Complément demandé par le parent' });
    expect(reopened.status).toBe('in-progress');
    expect(reopened.closedOn).toBeNull();
    const stats = await host.ok('requests.stats', {});
    expect(stats.receivedByMonth.at(-2)).toEqual({ month: '2026-02', count: 1 });
    expect(stats.receivedByMonth).toHaveLength(12);
    host.close();
  });

  it('hands over to the co-controller and records the machine-readable data file', async () => {
    // A commune staff member's request logged at the académie: row 2 gives it to the commune.
    const { host, request } = await setup('2026-03-01', { requesterCategory: 'commune-staff' });
    // Row 2 (commune staff → commune) and row 3 (made to the académie) disagree: the commune is
    // proposed, to confirm; no handover before both parties have confirmed it.
    expect(request.allocation).toMatchObject({ party: 'commune', status: 'to-settle' });
    const early = await host.fail('requests.handOver', { id: request.id, on: '2026-02-28', reason: 'Relève de la commune' });
    expect(early.code).toBe('TRANSMISSION_IMPOSSIBLE');
    await host.ok('requests.proposeSettlement', { id: request.id, party: 'commune', by: 'M. Durand', reason: 'Personnel communal : ligne 2' });
    const confirmed = await host.ok('requests.validateDecision', { id: request.id, party: 'commune', by: 'Mme Roy', evidence: 'courriel du 27/02/2026' });
    expect(confirmed.allocation).toMatchObject({ party: 'commune', status: 'decided' });
    const file = await host.ok('requests.dataFile', { id: request.id, requestedOn: '2026-02-15', receivedOn: '2026-02-20', from: 'Beneylu' });
    expect(file.dataFile).toEqual({ requestedOn: '2026-02-15', receivedOn: '2026-02-20' });
    const backwards = await host.fail('requests.dataFile', { id: request.id, requestedOn: '2026-02-20', receivedOn: '2026-02-15' });
    expect(backwards.fields?.receivedOn).toContain('ne peut pas précéder');
    const handed = await host.ok('requests.handOver', { id: request.id, on: '2026-02-28', reason: 'Relève de la commune (cantine)' });
    expect(handed.status).toBe('handed-over');
    // GDPR art. 26(3): the handing office keeps following it ("transmise"), never closed here.
    expect(handed.closedOn).toBeNull();
    expect(handed.nextStatuses.map((s) => s.to)).toEqual(['closed', 'in-progress', 'cancelled']);
    expect((await host.ok('requests.list', { openOnly: true })).total).toBe(1);
    const noAnswer = await host.fail('requests.answerRight', { id: request.id, right: 'access', outcome: 'done', answeredOn: '2026-02-28' });
    expect(noAnswer.code).toBe('STATUT_INCOMPATIBLE');
    host.close();
  });

  it('computes the median answer time over answered requests', async () => {
    const { host, agreement, request } = await setup('2026-03-31');
    const base: Omit<NewRequest, 'receivedOn'> = { agreementId: agreement.id, confirmedDate: true, channel: 'academie', medium: 'email', requesterName: 'B', requesterCategory: 'teacher', rights: ['access'] };
    const second = await host.ok('requests.create', { ...base, receivedOn: '2026-03-01' });
    await host.ok('requests.answerRight', { id: request.id, right: 'access', outcome: 'done', answeredOn: '2026-02-20' });
    await host.ok('requests.answerRight', { id: request.id, right: 'rectification', outcome: 'no-data', answeredOn: '2026-03-02' }); // 20 days
    await host.ok('requests.answerRight', { id: second.id, right: 'access', outcome: 'done', answeredOn: '2026-03-11' }); // 10 days
    const stats = await host.ok('requests.stats', {});
    expect(stats.answeredCount).toBe(2);
    expect(stats.medianAnswerDays).toBe(15);
    host.close();
  });
});

describe('processor (seed 003 annex 2 X.4)', () => {
  async function dsden(today: string, over: Partial<NewRequest> = {}) {
    const host = testHost(tmp(), today);
    await host.ok('office.set', { party: 'academie' });
    const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'dsden13', communeName: 'Aubagne' });
    const request = await host.ok('requests.create', {
      agreementId: agreement.id, confirmedDate: true, receivedOn: '2026-05-15', channel: 'processor', medium: 'email', requesterName: 'A', requesterCategory: 'parent',
      rights: ['erasure'], moduleOwner: 'commune', schoolsScope: 'single', processorReceivedOn: '2026-05-07', ...over,
    });
    return { host, request };
  }

  it('shows the forwarding date (3 working days: 8 May is a holiday) and flags it late until done', async () => {
    const { host, request } = await dsden('2026-05-20');
    expect(request.processor).toMatchObject({ receivedOn: '2026-05-07', forwardBy: '2026-05-13', forwardedOn: null, forwardLate: true, deleteBy: null });
    const done = await host.ok('requests.processorDone', { id: request.id, forwardedOn: '2026-05-13' });
    expect(done.processor).toMatchObject({ forwardedOn: '2026-05-13', forwardLate: false });
    host.close();
  });

  // deadlines.md: deletion instructed 2026-12-10 → 2026-12-25, a holiday: said, not moved.
  it('deletion within "15 jours calendaires maximum": not rolled forward, with a note; the certificate recorded', async () => {
    const { host, request } = await dsden('2026-12-28', { receivedOn: '2026-12-01', processorReceivedOn: null });
    const instructed = await host.ok('requests.processorDeletion', { id: request.id, instructedOn: '2026-12-10' });
    expect(instructed.processor).toMatchObject({ deletionInstructedOn: '2026-12-10', deleteBy: '2026-12-25', deletionLate: true });
    expect(instructed.processor?.deletionNote).toContain('Noël');
    const done = await host.ok('requests.processorDone', { id: request.id, deletedOn: '2026-12-22', deletionCertificate: 'Attestation Beneylu n° 2026-118' });
    expect(done.processor).toMatchObject({ deletedOn: '2026-12-22', deletionLate: false, deletionCertificate: 'Attestation Beneylu n° 2026-118' });
    host.close();
  });

  it('has no processor deadlines where the agreement has no processor clause (Versailles/Fontenay)', async () => {
    const { host, request } = await setup('2026-05-20', { receivedOn: '2026-05-15', channel: 'processor', processorReceivedOn: '2026-05-07' });
    expect(request.processor).toBeNull();
    expect(request.actions.processor.allowed).toBe(false);
    const refused = await host.fail('requests.processorDeletion', { id: request.id, instructedOn: '2026-05-15' });
    expect(refused.code).toBe('SANS_SOUS_TRAITANT');
    host.close();
  });
});
