// Agenda generation and the minutes' decision checks, pure (requests and dates given).
import { describe, expect, it } from 'vitest';
import { agendaHtml, generateAgenda, possibleDecisions, type AgendaInput, type AgendaRequest } from '../../core/documents/agenda';
import { agendaRequest } from '../helpers/agenda';
import { decisionProblem, dedupeDecisions, minutesProblems } from '../../core/documents/minutes';

const req = agendaRequest;

const input = (requests: AgendaRequest[], over: Partial<AgendaInput> = {}): AgendaInput => ({
  agreementName: 'Académie de Versailles / Fontenay-aux-Roses',
  date: '2026-11-25',
  nextMeetingDate: null,
  lastMeetingDate: '2026-10-28',
  closedAfter: '2026-10-28',
  participants: ['A', 'B'],
  otherItems: [],
  requests,
  ...over,
});

const keys = (a: ReturnType<typeof generateAgenda>, key: string) => a.sections.find((s) => s.key === key)!.items.map((i) => i.requestId ?? i.note);

describe('agenda generation', () => {
  it('puts each request where the meeting must look at it, judged at the meeting date', () => {
    const a = generateAgenda(
      input([
        req('1', { dueOn: '2026-11-24', extensionNoticeDue: '2026-11-24' }), // overdue by one day
        req('2', { dueOn: '2026-11-25', extensionNoticeDue: '2026-11-25' }), // due on the meeting day
        req('3', { dueOn: '2026-12-25', extensionNoticeDue: '2026-12-25' }), // due on the next meeting day
        req('4', { dueOn: '2026-12-26', extensionNoticeDue: '2026-12-26' }), // after it
        req('5', { dueOn: '2027-01-10', extended: true, extensionNoticeDue: '2026-11-10', status: 'extended' }),
        req('6', { dueOn: '2027-01-05', extensionNoticeDue: '2027-01-05', extensionDecidedOn: '2026-10-28' }),
        req('7', { dueOn: null, extensionNoticeDue: null, status: 'awaiting-documents' }),
        req('8', { allocationStatus: 'to-settle', party: null, dueOn: '2027-01-01', extensionNoticeDue: '2027-01-01' }),
        req('9', { pending: { kind: 'preemption', party: 'commune', claimedBy: 'commune', reason: 'module communal', missing: ['academie'] }, dueOn: '2027-01-01', extensionNoticeDue: '2027-01-01' }),
        req('10', { open: false, status: 'closed', closedOn: '2026-11-02', dueOn: null }),
        req('11', { open: false, status: 'answered', closedOn: '2026-10-28', dueOn: null }), // closed on the last meeting's day: already seen
        req('12', { open: false, status: 'handed-over', closedOn: '2026-11-26', dueOn: null }), // after this meeting
      ]),
    );
    expect(a.nextDate).toBe('2026-12-25');
    expect(keys(a, 'overdue')).toEqual(['1']);
    expect(keys(a, 'due-soon')).toEqual(['2', '3']);
    expect(keys(a, 'extensions')).toEqual(['2', '3', '6']);
    expect(a.sections.find((s) => s.key === 'extensions')!.items[2]!.note).toBe(
      'Prolongation décidée le 28/10/2026 : à notifier à la personne avec ses motifs au plus tard le 05/01/2027 (nouvelle échéance : 01/02/2027).',
    );
    expect(keys(a, 'open')).toHaveLength(9);
    expect(keys(a, 'open').at(-1)).toBe('8'); // to settle last, after académie's
    expect(keys(a, 'to-settle')).toEqual(['8']);
    expect(keys(a, 'pending')).toEqual(['9']);
    expect(keys(a, 'closed')).toEqual(['10']);
    expect(a.sections.find((s) => s.key === 'closed')!.title).toBe('Clôturées depuis la réunion du 28/10/2026');
    expect(a.openCounts).toContainEqual({ party: 'Académie', status: 'En cours', count: 6 });
    expect(a.openCounts).toContainEqual({ party: 'Académie', status: 'En attente de pièces', count: 1 });
  });

  it('takes the next planned meeting as the horizon, and numbers the free items', () => {
    const a = generateAgenda(input([req('3', { dueOn: '2026-12-25' })], { nextMeetingDate: '2026-12-09', otherItems: [' Bilan ', '', 'Charte'] }));
    expect(a.nextDate).toBe('2026-12-09');
    expect(keys(a, 'due-soon')).toEqual([]);
    expect(a.sections.find((s) => s.key === 'other')!.items.map((i) => [i.key, i.note])).toEqual([
      ['other-1', 'Bilan'],
      ['other-2', 'Charte'],
    ]);
  });

  it('offers only the decisions a request allows', () => {
    expect(possibleDecisions(req('1'), '2026-11-25')).toEqual(['extension-decided', 'comment']);
    expect(possibleDecisions(req('1', { extended: true }), '2026-11-25')).toEqual(['comment']);
    expect(possibleDecisions(req('1', { extensionNoticeDue: '2026-11-24' }), '2026-11-25')).toEqual(['comment']);
    expect(possibleDecisions(req('1', { allocationStatus: 'to-settle' }), '2026-11-25')).toEqual(['settle-commune', 'settle-academie', 'extension-decided', 'comment']);
    const pending = { kind: 'preemption' as const, party: 'commune' as const, claimedBy: 'commune' as const, reason: '', missing: [] };
    expect(possibleDecisions(req('1', { pending, extended: true }), '2026-11-25')).toEqual(['preemption-validated', 'preemption-refused', 'comment']);
  });

  it('prints the agenda with every text escaped, and the decisions once recorded', () => {
    const a = generateAgenda(input([req('1', { requesterName: '<script>x</script>', dueOn: '2026-11-20' })], { otherItems: ['<b>Point</b>'] }));
    const html = agendaHtml(a, { name: 'Office & co' }, [{ itemKey: 'overdue:1', kind: 'comment', text: '<i>relancer</i>' }]);
    expect(html).not.toMatch(/<script>x|<b>Point|<i>relancer/);
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('Commentaire : &lt;i&gt;relancer&lt;/i&gt;');
    expect(html).toContain('Office &amp; co');
    expect(html).toContain('relevé de décisions');
    expect(html).toContain('class="doc agenda"');
  });
});

describe('decisions of the minutes', () => {
  const at = '2026-11-25';
  it('says why a decision is impossible', () => {
    expect(decisionProblem('settle-commune', '', req('1'), at)).toBe(
      'arbitrage impossible : la répartition est déjà décidée (académie) ; pour la changer, passez par une préemption.',
    );
    expect(decisionProblem('settle-commune', '', req('1', { allocationStatus: 'to-settle' }), at)).toBeNull();
    expect(decisionProblem('settle-commune', '', req('1', { open: false }), at)).toBe('arbitrage impossible : la demande FAR-2026-0001 est terminée.');
    expect(decisionProblem('preemption-validated', '', req('1'), at)).toBe("aucune préemption n'attend de validation pour FAR-2026-0001.");
    expect(decisionProblem('extension-decided', 'complexe', req('1', { extensionNoticeDue: '2026-11-24' }), at)).toBe(
      'prolongation impossible : la personne devait en être informée au plus tard le 24/11/2026 (RGPD art. 12(3)).',
    );
    expect(decisionProblem('extension-decided', '', req('1'), at)).toContain('motifs de la prolongation manquants');
    expect(decisionProblem('extension-decided', 'x', req('1', { dueOn: null, extensionNoticeDue: null }), at)).toContain('pendant la suspension');
    expect(decisionProblem('comment', '  ', req('1'), at)).toContain('commentaire vide');
  });

  it('refuses contradictory decisions on one request and keeps identical repeats once', () => {
    const requests = new Map([['1', req('1', { allocationStatus: 'to-settle' })]]);
    const settle = { itemKey: 'to-settle:1', requestId: '1', kind: 'settle-academie' as const, text: '' };
    expect(minutesProblems([settle, { ...settle, itemKey: 'all:1' }], requests, at)).toEqual([]);
    expect(dedupeDecisions([settle, { ...settle, itemKey: 'all:1' }, { ...settle, kind: 'comment', text: 'ok' }])).toHaveLength(2);
    expect(minutesProblems([settle, { ...settle, kind: 'settle-commune' }], requests, at)).toEqual([
      { index: 1, message: 'décision contradictoire pour FAR-2026-0001 : « Arbitrage : académie » est déjà décidé.' },
    ]);
    expect(minutesProblems([{ ...settle, requestId: 'x' }], requests, at)).toEqual([{ index: 0, message: 'demande inconnue de cette convention.' }]);
    expect(minutesProblems([{ itemKey: 'other-1', requestId: null, kind: 'settle-commune', text: '' }], requests, at)[0]!.message).toBe(
      'un point divers ne reçoit qu’un commentaire.',
    );
  });
});
