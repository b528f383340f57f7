// Issue 11 through the service: what the law refuses, the API refuses with a French message, and
// the dates of ../shared/deadlines.md come out of the real calls.
import { describe, expect, it } from 'vitest';
import type { NewRequest } from '../../core/api/contract';
import { testHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();

async function versailles(today: string, over: Partial<NewRequest> = {}, party: 'academie' | 'commune' = 'academie') {
  const host = testHost(tmp(), today);
  await host.ok('office.set', { party, communeName: 'Fontenay-aux-Roses' });
  const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  const request = await host.ok('requests.create', {
    agreementId: agreement.id,
    confirmedDate: true,
    receivedOn: '2026-03-02',
    channel: 'academie',
    medium: 'letter',
    requesterName: 'Claire Martin',
    requesterCategory: 'parent',
    subjectName: 'Léo Martin',
    subjectIsMinor: true,
    rights: ['access', 'erasure'],
    ...over,
  });
  return { host, agreement, request };
}

describe('a suspension only stops a period still running (deadlines.md, "Late suspension")', () => {
  it('documents asked 10/04 after a 02/04 deadline: the deadline stays 02/04 and the request stays overdue, even while waiting', async () => {
    const { host, request } = await versailles('2026-04-15');
    expect(request.deadline.dueOn).toBe('2026-04-02');
    const waiting = await host.ok('requests.askInformation', { id: request.id, kind: 'identity', whatAsked: "Pièce d'identité", doubt: 'Signature différente', sentOn: '2026-04-10' });
    expect(waiting.deadline.urgency).toBe('overdue');
    expect(waiting.deadline.dueOn).toBe('2026-04-02');
    expect((await host.ok('requests.list', { urgency: 'overdue' })).total).toBe(1);
    expect((await host.ok('requests.list', { urgency: 'suspended' })).total).toBe(0);
    host.close();
  });

  it('received 20/04: deadline still 02/04; had the extension been notified by 02/04, the extended one moves by 10 days to 12/06', async () => {
    const { host, request } = await versailles('2026-04-25');
    await host.ok('requests.askInformation', { id: request.id, kind: 'identity', whatAsked: "Pièce d'identité", sentOn: '2026-04-10' });
    const back = await host.ok('requests.informationReceived', { id: request.id, receivedOn: '2026-04-20' });
    expect(back.deadline.dueOn).toBe('2026-04-02');
    expect(back.deadline.urgency).toBe('overdue');

    const other = await versailles('2026-04-25');
    await other.host.ok('requests.extend', { id: other.request.id, reasons: 'Complexité', notifiedOn: '2026-04-01' });
    await other.host.ok('requests.askInformation', { id: other.request.id, kind: 'identity', whatAsked: "Pièce d'identité", sentOn: '2026-04-10' });
    const extended = await other.host.ok('requests.informationReceived', { id: other.request.id, receivedOn: '2026-04-20' });
    expect(extended.deadline).toMatchObject({ responseDeadline: '2026-04-02', extendedDeadline: '2026-06-12', dueOn: '2026-06-12', extensionNoticeDue: '2026-04-02' });
    host.close();
    other.host.close();
  });

  it('a request for clarification is a letter and an event: the deadline keeps running (recital 63)', async () => {
    const { host, request } = await versailles('2026-03-20');
    const asked = await host.ok('requests.askInformation', { id: request.id, kind: 'clarification', whatAsked: 'Quelles données de la cantine ?', sentOn: '2026-03-10' });
    expect(asked.status).toBe('received');
    expect(asked.deadline).toMatchObject({ dueOn: '2026-04-02', urgency: 'ok', suspendedDays: 0 });
    expect(asked.events.at(-1)!.type).toBe('suspension.opened');
    const answered = await host.ok('requests.informationReceived', { id: request.id, kind: 'clarification', receivedOn: '2026-03-18' });
    expect(answered.deadline.dueOn).toBe('2026-04-02');
    host.close();
  });
});

describe('the API refuses what the law refuses', () => {
  it('no pre-emption, settlement or answer on a withdrawn, inadmissible or closed request', async () => {
    const { host, agreement, request } = await versailles('2026-03-20', { requesterCategory: 'other' }, 'commune');
    const withdrawn = await host.ok('requests.changeStatus', { id: request.id, to: 'withdrawn', reason: 'Retrait par courriel' });
    for (const [name, input] of [
      ['requests.claimPreemption', { id: request.id, party: 'commune', by: 'Mme Roy', reason: 'x' }],
      ['requests.proposeSettlement', { id: request.id, party: 'commune', by: 'Mme Roy', reason: 'x' }],
      ['requests.answerRight', { id: request.id, right: 'access', outcome: 'done', answeredOn: '2026-03-10' }],
    ] as const) {
      const refused = await host.fail(name, input);
      expect(refused.code, name).toBe('STATUT_INCOMPATIBLE');
      expect(refused.message).toContain('« retirée »');
    }
    expect(withdrawn.actions.claimPreemption.allowed).toBe(false);

    const second = await host.ok('requests.create', { ...baseOf(agreement.id), requesterCategory: 'other' });
    const noReason = await host.fail('requests.changeStatus', { id: second.id, to: 'inadmissible' });
    expect(noReason.code).toBe('MOTIF_REQUIS');
    await host.ok('requests.changeStatus', { id: second.id, to: 'inadmissible', reason: 'Demande manifestement infondée : elle ne porte sur aucune donnée de l’ENT.' });
    expect((await host.fail('requests.claimPreemption', { id: second.id, party: 'commune', by: 'Mme Roy', reason: 'x' })).code).toBe('STATUT_INCOMPATIBLE');
    host.close();
  });

  it('a request decided by the requester category (row 1) cannot be pre-empted by either party', async () => {
    const { host, request } = await versailles('2026-03-10', { requesterCategory: 'teacher' }, 'commune');
    expect(request.preemptionParty).toBeNull();
    expect(request.actions.claimPreemption.allowed).toBe(false);
    const refused = await host.fail('requests.claimPreemption', { id: request.id, party: 'commune', by: 'Mme Roy', reason: 'Cantine' });
    expect(refused.code).toBe('PREEMPTION_IMPOSSIBLE');
    expect(refused.message).toContain('ligne 1');
    host.close();
  });

  it('a request made directly to the commune may be pre-empted by the académie only (row 4)', async () => {
    const { host, request } = await versailles('2026-03-10', { requesterCategory: 'other', channel: 'commune' });
    expect(request.allocation).toMatchObject({ party: 'commune', status: 'decided' });
    expect(request.preemptionParty).toBe('academie');
    const claimed = await host.ok('requests.claimPreemption', { id: request.id, party: 'academie', by: 'M. Durand', reason: 'Concerne la messagerie académique' });
    expect(claimed.pendingDecision).toMatchObject({ kind: 'preemption', party: 'academie', missing: ['commune'] });
    host.close();
  });
});

describe('each party acts through its own office', () => {
  it("the académie cannot record the commune's pre-emption without the evidence the commune made it", async () => {
    const { host, request } = await versailles('2026-03-10', { requesterCategory: 'other' });
    expect(request.preemptionParty).toBe('commune');
    const bare = await host.fail('requests.claimPreemption', { id: request.id, party: 'commune', by: 'Mme Roy', reason: 'Cantine' });
    expect(bare.code).toBe('PREUVE_REQUISE');
    expect(bare.fields?.evidence).toContain('preuve');
    const recorded = await host.ok('requests.claimPreemption', { id: request.id, party: 'commune', by: 'Mme Roy', reason: 'Cantine', evidence: 'courriel du 09/03/2026' });
    expect(recorded.pendingDecision?.validations[0]?.by).toBe('Mme Roy (enregistrée au nom de la commune ; preuve : courriel du 09/03/2026)');
    expect(recorded.events.at(-1)!.data).toMatchObject({ onBehalf: true, evidence: 'courriel du 09/03/2026' });
    host.close();
  });
});

describe('DSDEN 13 (seed 003 art. 8)', () => {
  it('an unknown module is proposed to the académie (art. 8.2 point of contact), to confirm; no pre-emption', async () => {
    const host = testHost(tmp(), '2026-03-10');
    await host.ok('office.set', { party: 'academie' });
    const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'dsden13', communeName: 'Aubagne' });
    const r = await host.ok('requests.create', { ...baseOf(agreement.id), channel: 'academie' });
    expect(r.allocation).toMatchObject({ party: 'academie', status: 'to-settle' });
    expect(r.actions.claimPreemption).toMatchObject({ allowed: false });
    expect((await host.fail('requests.claimPreemption', { id: r.id, party: 'commune', by: 'x', reason: 'y' })).code).toBe('PREEMPTION_NON_PREVUE');
    host.close();
  });
});

function baseOf(agreementId: string): NewRequest {
  return { agreementId, confirmedDate: true, receivedOn: '2026-03-02', channel: 'academie', medium: 'letter', requesterName: 'Paul Durand', requesterCategory: 'parent', rights: ['access'] };
}
