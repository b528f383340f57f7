// Agenda generation and the minutes' decision checks, pure (requests and dates given).
import { describe, expect, it } from 'vitest';
import { agendaHtml, generateAgenda, MEETING_KINDS, possibleDecisions } from '../../core/documents/agenda';
import { agendaInput, agendaRequest } from '../helpers/agenda';
import { decisionProblem, dedupeDecisions, minutesProblems } from '../../core/documents/minutes';

const req = agendaRequest;
const input = agendaInput;

const keys = (a: ReturnType<typeof generateAgenda>, key: string) => a.sections.find((s) => s.key === key)!.items.map((i) => i.requestId ?? i.note);

describe('agenda generation', () => {
  it('puts each request where the meeting must look at it, judged at the meeting date', () => {
    const a = generateAgenda(
      input([
        req('1', { dueOn: '2026-11-24', extensionNoticeDue: '2026-11-24' }), // overdue by one day
        req('2', { dueOn: '2026-11-25', extensionNoticeDue: '2026-11-25' }), // due on the meeting day
        req('3', { dueOn: '2026-12-28', extensionNoticeDue: '2026-12-28' }), // due on the next meeting day
        req('4', { dueOn: '2026-12-29', extensionNoticeDue: '2026-12-29' }), // after it
        req('5', { dueOn: '2027-01-10', extended: true, extensionNoticeDue: '2026-11-10', status: 'extended' }),
        req('6', { dueOn: '2027-01-05', extensionNoticeDue: '2027-01-05', extensionDecidedOn: '2026-10-28' }),
        req('7', { dueOn: null, extensionNoticeDue: null, status: 'awaiting-documents' }),
        req('8', { allocationStatus: 'to-settle', party: null, dueOn: '2027-01-01', extensionNoticeDue: '2027-01-01' }),
        req('9', { pending: { kind: 'preemption', party: 'commune', claimedBy: 'commune', reason: 'module communal', missing: ['academie'] }, dueOn: '2027-01-01', extensionNoticeDue: '2027-01-01' }),
        req('10', { open: false, status: 'closed', closedOn: '2026-11-02', dueOn: null }),
        req('11', { open: false, status: 'answered', closedOn: '2026-10-28', dueOn: null }), // closed on the last meeting's day: already seen
        req('12', { open: false, status: 'withdrawn', closedOn: '2026-11-26', dueOn: null }), // after this meeting
      ]),
    );
    // One month later is Friday 25/12/2026, Christmas: the next working day.
    expect(a.nextDate).toBe('2026-12-28');
    expect(keys(a, 'overdue')).toEqual(['1']);
    expect(keys(a, 'due-soon')).toEqual(['2', '3']);
    // 2 and 3 are to answer or to extend: listed once, under their deadline, which says so.
    expect(noteOf(a, 'due-soon', '2')).toBe('À répondre ou à prolonger au plus tard le 25/11/2026.');
    expect(keys(a, 'extensions')).toEqual(['6']);
    expect(a.sections.find((s) => s.key === 'extensions')!.items[0]!.note).toBe(
      'Prolongation décidée le 28/10/2026 : à notifier à la personne avec ses motifs au plus tard le 05/01/2027 (nouvelle échéance : 01/02/2027).',
    );
    // 2.1 counts every open request and lists only those no other section holds.
    expect(keys(a, 'open')).toEqual(['7', '5', '4']);
    expect(keys(a, 'to-settle')).toEqual(['8']);
    expect(once(a)).toBe(true);
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

const section = (a: ReturnType<typeof generateAgenda>, key: string) => a.sections.find((s) => s.key === key);
const noteOf = (a: ReturnType<typeof generateAgenda>, key: string, id: string) => section(a, key)!.items.find((i) => i.requestId === id)?.note;
/** Every request at most once per section. */
const oncePerSection = (a: ReturnType<typeof generateAgenda>) => {
  for (const s of a.sections) expect(new Set(s.items.map((i) => i.key)).size, s.key).toBe(s.items.length);
};
/** Every request listed once in the whole agenda. */
const once = (a: ReturnType<typeof generateAgenda>) => {
  const ids = a.sections.flatMap((s) => s.items.flatMap((i) => (i.requestId ? [i.requestId] : [])));
  return new Set(ids).size === ids.length;
};
/** Due after the next meeting (28/12/2026): only the section under test holds the request. */
const later = { dueOn: '2027-01-15', extensionNoticeDue: '2027-01-15' };

describe('what art. 3.2.1 asks the meeting to review', () => {
  it('numbers the sections by group, without the processor section where the agreement has no processor clause', () => {
    const a = generateAgenda(input([]));
    expect(a.sections.map((s) => [s.number, s.key])).toEqual([
      ['1.1', 'overdue'],
      ['1.2', 'due-soon'],
      ['1.3', 'extensions'],
      ['1.4', 'suspended'],
      ['2.1', 'open'],
      ['2.2', 'handed-over'],
      ['2.3', 'unacknowledged'],
      ['2.4', 'data-files'],
      ['3.1', 'to-settle'],
      ['3.2', 'pending'],
      ['4', 'closed'],
      ['5', 'other'],
    ]);
    for (const s of a.sections) expect(s.empty, s.key).toMatch(/^Aucun/);
    const html = agendaHtml(a, { name: 'Office' });
    for (const t of ['1.4. Délais suspendus', '2. État des demandes en cours', '2.1. Demandes en cours par partie et par statut', '2.2. Transmises au co-responsable', '2.3. Accusés de réception non envoyés', '2.4. Fichiers des données demandés et non reçus', 'Aucun délai suspendu.', 'Aucun accusé de réception en attente.']) {
      expect(html).toContain(t);
    }
    expect(html).not.toContain('Sous-traitant');
    const d13 = generateAgenda(input([], { processorClause: { forwardWorkingDays: 3, deletionDays: 15 } }));
    expect(d13.sections.map((s) => s.number).slice(0, 6)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5', '2.1']);
    expect(section(d13, 'processor')).toMatchObject({ number: '1.5', empty: 'Aucune transmission ni aucun effacement du sous-traitant à suivre.' });
  });

  it('lists suspended deadlines with the days elapsed, and flags one already overdue before its suspension', () => {
    const a = generateAgenda(
      input([
        // Suspended while the period ran: no date (urgency 'suspended').
        req('1', { dueOn: null, extensionNoticeDue: null, status: 'awaiting-documents', suspension: { since: '2026-11-12', what: "Copie d'une pièce d'identité" } }),
        // Due 16/11, documents asked 18/11: the suspension suspends nothing, still overdue.
        req('2', { dueOn: '2026-11-16', extensionNoticeDue: '2026-11-16', status: 'awaiting-documents', suspension: { since: '2026-11-18', what: '' } }),
        req('3'),
      ]),
    );
    expect(keys(a, 'suspended')).toEqual(['1']);
    expect(noteOf(a, 'suspended', '1')).toBe("Délai suspendu depuis le 12/11/2026 (13 j écoulés) dans l’attente des pièces d’identité : Copie d'une pièce d'identité.");
    // Suspended after its deadline: listed once, as overdue, saying why the suspension changes nothing.
    expect(keys(a, 'overdue')).toEqual(['2']);
    expect(noteOf(a, 'overdue', '2')).toBe('Échéance dépassée depuis le 16/11/2026 (9 j) : pièces demandées le 18/11/2026, après l’échéance : la suspension ne la reporte pas.');
    expect(keys(a, 'open')).toEqual([]);
    expect(once(a)).toBe(true);
  });

  it('lists a late extension as overdue, "prolongation notifiée hors délai", with no extension left to decide', () => {
    const late = req('1', {
      status: 'extended',
      extended: true,
      extensionLate: true,
      extensionNotifiedOn: '2026-11-20',
      dueOn: '2026-11-16',
      extensionNoticeDue: '2026-11-16',
      extendedDeadline: '2027-01-18',
    });
    const a = generateAgenda(input([late]));
    expect(keys(a, 'overdue')).toEqual(['1']);
    expect(noteOf(a, 'overdue', '1')).toBe('Échéance dépassée depuis le 16/11/2026 (9 j) : prolongation notifiée hors délai (le 20/11/2026), sans effet (RGPD art. 12(3)).');
    expect(keys(a, 'due-soon')).toEqual([]);
    expect(keys(a, 'extensions')).toEqual([]);
    expect(possibleDecisions(late, '2026-11-25')).toEqual(['comment']);
    expect(decisionProblem('extension-decided', 'volume', late, '2026-11-25')).toBe(
      'prolongation impossible : une prolongation notifiée hors délai (le 20/11/2026) est déjà enregistrée pour FAR-2026-0001 ; elle est sans effet et la demande est en retard (RGPD art. 12(3)).',
    );
  });

  it('keeps requests handed over to the co-controller in the follow-up until closed, without an extension to decide here', () => {
    const handed = req('1', { status: 'handed-over', party: 'commune', handedOver: { on: '2026-11-12', to: 'commune' }, dueOn: '2026-12-10', extensionNoticeDue: '2026-12-10' });
    const a = generateAgenda(
      input([
        handed,
        req('2', { status: 'handed-over', party: 'commune', handedOver: { on: '2026-10-20', to: 'commune' }, dueOn: '2026-11-20', extensionNoticeDue: '2026-11-20' }),
        req('3', { status: 'closed', open: false, closedOn: '2026-11-20', handedOver: null, dueOn: null }),
        req('4', { status: 'handed-over', party: 'commune', handedOver: { on: '2026-11-12', to: 'commune' }, dueOn: '2027-01-12', extensionNoticeDue: '2027-01-12' }),
      ]),
    );
    expect(keys(a, 'handed-over')).toEqual(['4']);
    expect(noteOf(a, 'handed-over', '4')).toBe('Transmise à la commune le 12/11/2026 (13 j) : à suivre jusqu’à la réponse du co-responsable ; échéance le 12/01/2027.');
    expect(keys(a, 'open')).toEqual([]);
    // Due before the next meeting: listed there, the handover said once.
    expect(noteOf(a, 'due-soon', '1')).toBe('À répondre au plus tard le 10/12/2026. Transmise à la commune le 12/11/2026 : réponse attendue du co-responsable.');
    expect(noteOf(a, 'overdue', '2')).toBe('Échéance dépassée depuis le 20/11/2026 (5 j) : transmise à la commune le 20/10/2026, réponse attendue du co-responsable.');
    expect(keys(a, 'extensions')).toEqual([]);
    expect(keys(a, 'closed')).toEqual(['3']);
    expect(possibleDecisions(handed, '2026-11-25')).toEqual(['comment']);
    expect(decisionProblem('extension-decided', 'volume', handed, '2026-11-25')).toBe(
      "prolongation impossible : FAR-2026-0001 a été transmise au co-responsable, qui y répond et décide d'une prolongation.",
    );
    expect(a.openCounts).toContainEqual({ party: 'Commune', status: 'Transmise', count: 3 });
  });

  it('lists open requests whose acknowledgement was not sent', () => {
    const a = generateAgenda(
      input([
        req('1', { ...later, acknowledgedOn: null, receivedOn: '2026-11-20' }),
        req('2', { ...later, acknowledgedOn: null, receivedOn: '2026-11-03' }),
        req('3', later),
        req('5', { acknowledgedOn: null, receivedOn: '2026-11-03', dueOn: '2026-12-03' }),
        req('4', { acknowledgedOn: null, open: false, status: 'withdrawn', closedOn: '2026-11-10', dueOn: null }),
      ]),
    );
    expect(keys(a, 'unacknowledged')).toEqual(['2', '1']);
    expect(noteOf(a, 'unacknowledged', '1')).toBe('Aucun accusé de réception enregistré : demande reçue le 20/11/2026 (5 j).');
    // Due before the next meeting: listed there once, the missing acknowledgement said after « Aussi ».
    expect(noteOf(a, 'due-soon', '5')).toBe('À répondre ou à prolonger au plus tard le 03/12/2026. Aussi : aucun accusé de réception enregistré.');
    expect(keys(a, 'open')).toEqual(['3']);
  });

  it('lists the personal-data files asked and not received', () => {
    const a = generateAgenda(
      input([
        req('1', { ...later, dataFile: { requestedOn: '2026-11-05', receivedOn: null, from: 'Beneylu' } }),
        req('2', { ...later, dataFile: { requestedOn: '2026-11-05', receivedOn: '2026-11-10', from: null } }),
        req('3', { ...later, dataFile: { requestedOn: '2026-11-15', receivedOn: null, from: null } }),
        req('4', { dataFile: { requestedOn: '2026-11-05', receivedOn: null, from: null }, open: false, status: 'closed', closedOn: '2026-11-20', dueOn: null }),
      ]),
    );
    expect(keys(a, 'data-files')).toEqual(['1', '3']);
    expect(noteOf(a, 'data-files', '1')).toBe('Fichier des données (format structuré, lisible par machine) demandé le 05/11/2026 (auprès de : Beneylu), non reçu (20 j).');
    expect(noteOf(a, 'data-files', '3')).toBe('Fichier des données (format structuré, lisible par machine) demandé le 15/11/2026, non reçu (10 j).');
  });

  it('lists the processor forwardings and deletions late or due, and deletions without a certificate, once per request', () => {
    const none = { receivedOn: null, forwardBy: null, forwardedOn: null, deletionInstructedOn: null, deleteBy: null, deleteByNote: null, deletedOn: null, certificate: null };
    const requests = [
      req('1', { ...later, receivedOn: '2026-11-16', processor: { ...none, receivedOn: '2026-11-16', forwardBy: '2026-11-19' } }), // forwarding late
      req('2', { ...later, receivedOn: '2026-11-24', processor: { ...none, receivedOn: '2026-11-24', forwardBy: '2026-11-27' } }), // forwarding due
      req('3', { ...later, receivedOn: '2026-10-30', processor: { ...none, deletionInstructedOn: '2026-11-01', deleteBy: '2026-11-16' } }), // deletion late
      req('4', {
        ...later,
        receivedOn: '2026-11-20',
        processor: { ...none, deletionInstructedOn: '2026-12-10', deleteBy: '2026-12-25', deleteByNote: "jour férié (Noël) : la date n'est pas reportée, le contrat dit 15 jours calendaires maximum" },
      }), // deletion due before the next meeting (25/12/2026), on a holiday
      req('5', { open: false, status: 'closed', closedOn: '2026-11-12', dueOn: null, processor: { ...none, deletionInstructedOn: '2026-11-01', deleteBy: '2026-11-16', deletedOn: '2026-11-10' } }), // no certificate
      req('6', {
        ...later,
        receivedOn: '2026-11-02',
        processor: { receivedOn: '2026-11-02', forwardBy: '2026-11-05', forwardedOn: '2026-11-09', deletionInstructedOn: '2026-11-03', deleteBy: '2026-11-18', deleteByNote: null, deletedOn: '2026-11-20', certificate: null },
      }), // forwarded late, deleted late, no certificate: one line
      req('7', {
        ...later,
        receivedOn: '2026-11-02',
        processor: { receivedOn: '2026-11-02', forwardBy: '2026-11-05', forwardedOn: '2026-11-04', deletionInstructedOn: '2026-11-03', deleteBy: '2026-11-18', deleteByNote: null, deletedOn: '2026-11-17', certificate: 'CS-2026-12' },
      }), // all in time, certificate received
      req('8', { processor: { ...none, receivedOn: '2026-10-01', forwardBy: '2026-10-06', forwardedOn: '2026-10-09' } }), // forwarded late before the last meeting: already seen
    ];
    const clause = { forwardWorkingDays: 3, deletionDays: 15 };
    const a = generateAgenda(input(requests, { processorClause: clause }));
    expect(keys(a, 'processor')).toEqual(['3', '5', '6', '1', '4', '2']); // by date of receipt
    expect(noteOf(a, 'processor', '1')).toBe('Transmission par le sous-traitant en retard : reçue par lui le 16/11/2026, à transmettre dans les 3 jours ouvrés, au plus tard le 19/11/2026.');
    expect(noteOf(a, 'processor', '2')).toBe('Transmission par le sous-traitant attendue au plus tard le 27/11/2026 (reçue par lui le 24/11/2026, 3 jours ouvrés).');
    expect(noteOf(a, 'processor', '3')).toBe('Effacement par le sous-traitant en retard : demandé le 01/11/2026, à faire dans les 15 jours calendaires maximum, au plus tard le 16/11/2026.');
    expect(noteOf(a, 'processor', '4')).toBe(
      "Effacement par le sous-traitant demandé le 10/12/2026, à faire au plus tard le 25/12/2026 ; jour férié (Noël) : la date n'est pas reportée, le contrat dit 15 jours calendaires maximum.",
    );
    expect(noteOf(a, 'processor', '5')).toBe('Effacement fait le 10/11/2026 : certificat de suppression à obtenir du sous-traitant.');
    expect(noteOf(a, 'processor', '6')).toBe(
      'Transmise par le sous-traitant le 09/11/2026, après l’échéance du 05/11/2026 ; effacement fait par le sous-traitant le 20/11/2026, après l’échéance du 18/11/2026 ; effacement fait le 20/11/2026 : certificat de suppression à obtenir du sous-traitant.',
    );
    oncePerSection(a);
    // The same requests under an agreement without a processor clause (seed 000): no section.
    expect(section(generateAgenda(input(requests)), 'processor')).toBeUndefined();
  });

  it('calls a meeting "Réunion des DPD", never "point mensuel", where the agreement has no monthly meeting (seed 003 art. 4)', () => {
    const a = generateAgenda(input([req('1', { dueOn: '2026-11-20' })], { meeting: MEETING_KINDS.dsden13, processorClause: { forwardWorkingDays: 3, deletionDays: 15 } }));
    expect(a.title).toBe('Réunion des DPD');
    const html = agendaHtml(a, { name: 'DSDEN 13' }, [{ itemKey: 'overdue:1', kind: 'comment', text: 'relancer' }]);
    expect(html).toContain('Réunion des DPD : relevé de décisions');
    expect(html).toContain('<title>Réunion des DPD du 25/11/2026</title>');
    expect(html).not.toMatch(/point mensuel|3\.2\.1/i);
    expect(agendaHtml(generateAgenda(input([])), { name: 'Académie' })).toContain('Point mensuel des DPD : ordre du jour');
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
