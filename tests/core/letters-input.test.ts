// The adapter from the API's RequestDetail to the letters' LetterRequest (letter-input.ts): what
// the service passes to the letters (core/features/letters/handlers.ts).
import type { EventType } from '../../core/events';
import { describe, expect, it } from 'vitest';
import type { RequestDetail } from '../../core/api/contract';
import { letterRequestFromDetail } from '../../core/documents/letter-input';
import { letterValues } from '../../core/documents/letters';
import {
  EXAMPLE_VERSAILLES,
  exampleContext,
} from '../helpers/letter-examples';

// Fixtures: core/documents/letter-examples.ts (a fictitious request, both agreements, a letterhead).
const context = exampleContext;
const versailles = EXAMPLE_VERSAILLES;

const event = (seq: number, type: EventType, data: unknown) => ({ id: `e${seq}`, seq, at: '2026-02-01T10:00:00Z', actor: 'x', type, author: null, data, hash: '' });

const detail = (over: Partial<RequestDetail> = {}): RequestDetail =>
  ({
    id: 'r1',
    agreementId: 'a1',
    reference: 'FAR-2026-0003',
    receivedOn: '2026-02-10',
    requesterName: 'Claire Martin',
    requesterCategory: 'parent',
    subjectName: 'Léo Martin',
    rights: ['erasure', 'access'],
    allocation: { party: 'commune', status: 'to-settle', ruleId: 'r1', reason: '' },
    status: 'in-progress',
    deadline: {
      dueOn: '2026-03-18',
      responseDeadline: '2026-03-18',
      extendedDeadline: '2026-05-18',
      extensionNoticeDue: '2026-03-18',
      urgency: 'ok',
      daysLeft: null,
      suspendedDays: 8,
      explanation: '',
    },
    channel: 'academie',
    medium: 'email',
    requesterContact: 'claire@example.org',
    subjectIsMinor: true,
    subjectRelation: 'mère',
    school: { id: 's1', agreementId: 'a1', name: 'École maternelle Jean Macé', address: '', uai: '0920484B' },
    moduleName: null,
    moduleOwner: null,
    schoolsScope: null,
    summary: '',
    identityDocumentsReceived: ["Copie d'une pièce d'identité"],
    identityDocumentsMissing: ['Livret de famille'],
    rightsDetail: [{ right: 'erasure', outcome: 'refused', refusalReason: ' conservation requise ', erasureException: null, answeredOn: '2026-03-01' }],
    suspensions: [{ id: 's1', kind: 'identity', whatAsked: "- Copie d'une pièce d'identité", doubt: null, sentOn: '2026-02-12', receivedOn: '2026-02-20', days: 8 }],
    extension: null,
    pendingDecision: null,
    preemptionAllowed: true,
    allocationHistory: [],
    acknowledgedOn: null,
    closedOn: null,
    dataFile: { requestedOn: null, receivedOn: null },
    processor: null,
    attachments: [],
    nextStatuses: [],
    events: [],
    journal: { ok: true, message: '' },
    ...over,
  }) as RequestDetail;

describe('letterRequestFromDetail', () => {
  it('maps the wire request: requester, pupil, school, rights with their outcome, allocation, deadlines, documents', () => {
    const r = letterRequestFromDetail(detail(), versailles);
    expect(r.requester).toEqual({ name: 'Claire Martin', contact: 'claire@example.org', gender: 'f', viaEntAccount: null });
    expect(r.subject).toEqual({ name: 'Léo Martin', minor: true, gender: null, requesterIsGuardian: true, guardianOnSchoolRecords: null });
    expect(r.school).toEqual({ name: 'École maternelle Jean Macé', uai: '0920484B' });
    expect(r.rights).toEqual([
      { right: 'erasure', outcome: 'refused', refusalReason: 'conservation requise', erasureException: null, answeredOn: '2026-03-01' },
      { right: 'access', outcome: null, refusalReason: null, erasureException: null, answeredOn: null },
    ]);
    expect(r.allocation).toEqual({ party: 'commune', status: 'to-settle' });
    expect(r.deadlines).toMatchObject({ dueOn: '2026-03-18', suspended: false, dueBeforeSuspension: null, suspendedDays: 8 });
    expect(r.identityRequest).toBeNull();
    expect(r.clarificationRequest).toBeNull();
    expect(r.identityDocuments).toEqual({ missing: ['Livret de famille'], received: ["Copie d'une pièce d'identité"] });
    expect(r.inadmissibleReason).toBeNull();
    expect(r.handover).toBeNull();
    expect(letterRequestFromDetail(detail({ subjectName: 'Claire Martin' })).subject).toBeNull();
    expect(letterRequestFromDetail(detail({ subjectRelation: 'père' })).requester.gender).toBe('m');
    expect(letterRequestFromDetail(detail({ subjectRelation: null, requesterCategory: 'teacher' })).subject?.requesterIsGuardian).toBeNull();
  });

  it('an open identity request suspends (decree 2019-536), and the deadline as it stood then is computed (deadlines.md example: 18/03/2026)', () => {
    const open = { id: 's2', kind: 'identity' as const, whatAsked: "Justificatif de l'autorité parentale\n\n- Nom de l'école", doubt: null, sentOn: '2026-03-01', receivedOn: null, days: 3 };
    const r = letterRequestFromDetail(
      detail({ deadline: { ...detail().deadline, dueOn: null, responseDeadline: null }, suspensions: [...detail().suspensions, open] }),
      versailles,
    );
    expect(r.deadlines.suspended).toBe(true);
    expect(r.deadlines.dueBeforeSuspension).toBe('2026-03-18');
    expect(r.identityRequest).toEqual({ whatAsked: ["Justificatif de l'autorité parentale", "Nom de l'école"], sentOn: '2026-03-01', doubt: null });
    // A clarification suspends nothing: it is a clarification request, and the deadline stays.
    const clar = letterRequestFromDetail(detail({ suspensions: [{ ...open, kind: 'clarification' }] }));
    expect(clar.deadlines.suspended).toBe(false);
    expect(clar.identityRequest).toBeNull();
    expect(clar.clarificationRequest).toEqual({ whatAsked: ["Justificatif de l'autorité parentale", "Nom de l'école"], sentOn: '2026-03-01' });
  });

  it('reads the art. 17(3) point of each right and the doubt of the open identity request, dropping an unknown point', () => {
    const d = detail({
      rightsDetail: [
        { right: 'erasure', outcome: 'partly', refusalReason: 'registre d’appel conservé', erasureException: 'b', answeredOn: '2026-03-01' },
        { right: 'access', outcome: 'done', refusalReason: null, erasureException: null, answeredOn: '2026-03-01' },
      ],
      suspensions: [{ id: 's2', kind: 'identity', whatAsked: 'x', doubt: '  homonymie avec un autre parent  ', sentOn: '2026-03-01', receivedOn: null, days: 0 }],
    });
    const r = letterRequestFromDetail(d);
    expect(r.rights).toEqual([
      { right: 'erasure', outcome: 'partly', refusalReason: 'registre d’appel conservé', erasureException: 'b', answeredOn: '2026-03-01' },
      { right: 'access', outcome: 'done', refusalReason: null, erasureException: null, answeredOn: '2026-03-01' },
    ]);
    expect(r.identityRequest?.doubt).toBe('homonymie avec un autre parent');
    // A blank doubt is none (the letter shows a marker); a clarification has no doubt.
    const blank = detail({ suspensions: [{ id: 's2', kind: 'identity', whatAsked: 'x', doubt: ' ', sentOn: '2026-03-01', receivedOn: null, days: 0 }] });
    expect(letterRequestFromDetail(blank).identityRequest?.doubt).toBeNull();
    // A point outside a–e (a hand-edited database) is dropped, not printed.
    const bad = detail({
      rightsDetail: [{ right: 'erasure', outcome: 'refused', refusalReason: 'x', answeredOn: null, erasureException: 'z' } as unknown as RequestDetail['rightsDetail'][number]],
    });
    expect(letterRequestFromDetail(bad).rights[0]!.erasureException).toBeNull();
  });

  it('reads the facts the wire type does not carry yet (gender, ENT account) when present', () => {
    const d = detail();
    Object.assign(d, { requesterGender: 'm', viaEntAccount: true });
    const r = letterRequestFromDetail(d);
    expect(r.requester.gender).toBe('m');
    expect(r.requester.viaEntAccount).toBe(true);
  });

  it('takes the inadmissibility reason and the handover from the journal', () => {
    const events = [
      event(1, 'request.handed-over', { on: '2026-02-15', reason: 'agent communal' }),
      event(2, 'status.changed', { from: 'in-progress', to: 'inadmissible', reason: 'demande manifestement infondée', on: '2026-02-20' }),
    ];
    const r = letterRequestFromDetail(detail({ status: 'inadmissible', events }));
    expect(r.inadmissibleReason).toBe('demande manifestement infondée');
    expect(r.handover).toEqual({ on: '2026-02-15', reason: 'agent communal' });
    // Declared inadmissible without reasons: '' (the letter shows a marker); reopened: none.
    expect(letterRequestFromDetail(detail({ status: 'inadmissible', events: [event(1, 'status.changed', { to: 'inadmissible', reason: '' })] })).inadmissibleReason).toBe('');
    expect(letterRequestFromDetail(detail({ status: 'in-progress', events })).inadmissibleReason).toBeNull();
  });
});

describe('the letter context built as the service builds it', () => {
  it('gives the letters the adapter output: who answers, civility and guardian from the recorded relation', () => {
    const v = letterValues(context({}, { request: letterRequestFromDetail(detail(), versailles), date: '2026-02-20' }));
    expect(v.partie_qui_repond).toBe('la commune de Fontenay-aux-Roses');
    expect(v.repartition_a_arreter).toBe(true);
    expect(v.civilite).toBe('Madame');
    expect(v.representant_legal).toBe('la représentante légale');
  });
});
