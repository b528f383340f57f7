// Every worked example of deadlines.md, and the rules of issue 11: a suspension stops only a
// period still running (algorithm 3), an open suspension hides no overdue (algorithm 5), only
// identity requests suspend (Sources: decree n° 2019-536), a late extension does not extend
// (algorithm 6), processor deadlines belong to the agreement (algorithms 7 and 8).
import { describe, expect, it } from 'vitest';
import {
  DeadlineInputError,
  PROCESSOR_DELETION_DAYS,
  PROCESSOR_FORWARD_WORKING_DAYS,
  checkExtension,
  computeDeadlines,
  deletionDeadline,
  explainDeadline,
  formatParisDateTime,
  hoursDeadline,
  isProcessorDeadlineLate,
  processorDeadlines,
  responseDeadline,
  type Suspension,
} from '../../core/deadlines';

describe('deadlines.md worked examples', () => {
  // | received | one month | deadline | extended (3 months) | extended deadline |
  const TABLE = [
    ['2026-03-05', '2026-04-05', '2026-04-07', '2026-06-05', '2026-06-05'],
    ['2026-01-31', '2026-02-28', '2026-03-02', '2026-04-30', '2026-04-30'],
    ['2026-03-31', '2026-04-30', '2026-04-30', '2026-06-30', '2026-06-30'],
    ['2026-04-08', '2026-05-08', '2026-05-11', '2026-07-08', '2026-07-08'],
    ['2026-04-14', '2026-05-14', '2026-05-15', '2026-07-14', '2026-07-15'],
    ['2026-11-30', '2026-12-30', '2026-12-30', '2027-02-28', '2027-03-01'],
    ['2027-11-29', '2027-12-29', '2027-12-29', '2028-02-29', '2028-02-29'],
  ] as const;
  for (const [received, oneMonth, deadline, threeMonths, extended] of TABLE) {
    it(`table: received ${received} → ${deadline}, extended ${extended}`, () => {
      const d = computeDeadlines({ receivedOn: received, today: received });
      expect(d.responseDeadline).toBe(deadline);
      expect(d.extendedDeadline).toBe(extended);
      expect(d.extensionNoticeDue).toBe(deadline);
      expect(d.current).toBe(deadline);
      expect(d.explanations.response.steps.find((s) => s.kind === 'add-months')).toMatchObject({ date: oneMonth });
      expect(d.explanations.extended.steps.find((s) => s.kind === 'add-months')).toMatchObject({ date: threeMonths });
      const ext = computeDeadlines({ receivedOn: received, extended: true, extensionNotifiedOn: received, today: received });
      expect(ext.current).toBe(extended);
      expect(ext.extensionInForce).toBe(true);
    });
  }

  it('suspension: asked 12/02, received 20/02 (8 days) → 18/03, extended 18/05', () => {
    const suspensions: Suspension[] = [{ from: '2026-02-12', to: '2026-02-20', kind: 'identity' }];
    const d = computeDeadlines({ receivedOn: '2026-02-10', suspensions, today: '2026-02-25' });
    expect(d.responseDeadline).toBe('2026-03-18');
    expect(d.extendedDeadline).toBe('2026-05-18');
    expect(d.suspendedDays).toBe(8);
  });

  it('late suspension: documents asked after the one-month deadline change nothing, the request stays overdue', () => {
    const suspensions: Suspension[] = [{ from: '2026-04-10', to: '2026-04-20' }];
    const d = computeDeadlines({ receivedOn: '2026-03-02', suspensions, today: '2026-04-21' });
    expect(d.responseDeadline).toBe('2026-04-02');
    expect(d.current).toBe('2026-04-02');
    expect(d.suspendedDays).toBe(0);
    expect(d.urgency).toBe('overdue');
    expect(d.sentence).toBe(
      "reçue le 02/03/2026 · + 1 mois = jeudi 02/04/2026 · pièces d'identité demandées le 10/04/2026, reçues le 20/04/2026 : après l'échéance, le délai déjà expiré n'est pas suspendu",
    );
    // What an extension would have given: the extended period was still running.
    expect(d.extendedDeadline).toBe('2026-06-12');
  });

  it('late suspension with an extension notified by 02/04: only the extended deadline moves, to 12/06', () => {
    const suspensions: Suspension[] = [{ from: '2026-04-10', to: '2026-04-20' }];
    const d = computeDeadlines({
      receivedOn: '2026-03-02',
      extended: true,
      extensionNotifiedOn: '2026-04-02',
      suspensions,
      today: '2026-04-21',
    });
    expect(d.extensionLate).toBe(false);
    expect(d.responseDeadline).toBe('2026-04-02');
    expect(d.extensionNoticeDue).toBe('2026-04-02');
    expect(d.extendedDeadline).toBe('2026-06-12');
    expect(d.current).toBe('2026-06-12');
    expect(d.suspendedDays).toBe(10);
    expect(d.urgency).toBe('ok');
    expect(d.sentence).toBe(
      'reçue le 02/03/2026 · + 3 mois = 02/06/2026 · + 10 jours de suspension (du 10/04/2026 au 20/04/2026) = vendredi 12/06/2026',
    );
  });

  it('overlap: 05/03→15/03 and 10/03→20/03 are one suspension of 15 days, not 20', () => {
    const suspensions: Suspension[] = [
      { from: '2026-03-10', to: '2026-03-20' },
      { from: '2026-03-05', to: '2026-03-15' },
    ];
    const d = computeDeadlines({ receivedOn: '2026-03-02', suspensions, today: '2026-03-25' });
    expect(d.suspendedDays).toBe(15);
    // 02/04 + 15 = 17/04 (Fri).
    expect(d.responseDeadline).toBe('2026-04-17');
    expect(d.explanations.response.steps.find((s) => s.kind === 'suspension')).toEqual({
      kind: 'suspension',
      days: 15,
      date: '2026-04-17',
      periods: [{ from: '2026-03-05', to: '2026-03-20', days: 15 }],
    });
  });

  it('late extension: notified 10/04, due by 02/04 → recorded, shown as late, deadline in force 02/04, overdue', () => {
    const d = computeDeadlines({ receivedOn: '2026-03-02', extended: true, extensionNotifiedOn: '2026-04-10', today: '2026-04-10' });
    expect(d.extended).toBe(true);
    expect(d.extensionLate).toBe(true);
    expect(d.extensionInForce).toBe(false);
    expect(d.extensionNoticeDue).toBe('2026-04-02');
    expect(d.current).toBe('2026-04-02');
    expect(d.urgency).toBe('overdue');
    expect(d.sentence).toBe(
      'reçue le 02/03/2026 · + 1 mois = jeudi 02/04/2026 · prolongation notifiée le 10/04/2026, après le 02/04/2026 : tardive, elle ne prolonge pas le délai',
    );
    expect(d.explanation.legalBasis.some((l) => l.includes('ne prend pas effet'))).toBe(true);
    const check = checkExtension({ receivedOn: '2026-03-02', today: '2026-04-10', notifiedOn: '2026-04-10' });
    expect(check).toMatchObject({ ok: true, notifiedOn: '2026-04-10', noticeDue: '2026-04-02', late: true });
  });

  it('processor (DSDEN 13): forward within 3 working days, delete within 15 calendar days maximum', () => {
    expect(processorDeadlines('2026-05-07').forwardBy).toBe('2026-05-13');
    expect(processorDeadlines('2026-12-24').forwardBy).toBe('2026-12-30');
    const christmas = deletionDeadline('2026-12-10');
    expect(christmas.deleteBy).toBe('2026-12-25');
    expect(christmas.nonWorkingDay).toEqual({ date: '2026-12-25', weekend: null, holiday: 'Noël' });
    expect(christmas.note).toBe("jour férié (Noël) : la date n'est pas reportée, le contrat dit 15 jours calendaires maximum");
    const assumption = deletionDeadline('2026-07-31');
    expect(assumption.deleteBy).toBe('2026-08-15');
    expect(assumption.note).toBe(
      "samedi, jour férié (Assomption) : la date n'est pas reportée, le contrat dit 15 jours calendaires maximum",
    );
  });

  it('breach: hours across the daylight-saving change are real hours', () => {
    const known = '2026-03-28T10:00:00+01:00';
    expect(hoursDeadline(known, 24)).toBe('2026-03-29T09:00:00Z');
    expect(formatParisDateTime(hoursDeadline(known, 24))).toBe('29/03/2026 à 11:00');
    expect(formatParisDateTime(hoursDeadline(known, 48))).toBe('30/03/2026 à 11:00');
    expect(formatParisDateTime(hoursDeadline(known, 72))).toBe('31/03/2026 à 11:00');
  });
});

describe('a suspension stops only a period still running (algorithm 3)', () => {
  it('counts one that starts on the deadline itself, not one that starts the day after', () => {
    // Received 02/03: due Thu 02/04.
    expect(responseDeadline({ receivedOn: '2026-03-02', suspensions: [{ from: '2026-04-02', to: '2026-04-05' }] })).toBe(
      // 02/04 + 3 = 05/04 Easter Sunday → 06/04 Easter Monday → 07/04.
      '2026-04-07',
    );
    expect(responseDeadline({ receivedOn: '2026-03-02', suspensions: [{ from: '2026-04-03', to: '2026-04-05' }] })).toBe('2026-04-02');
  });

  it('compares with the deadline rolled forward: a start on the following holiday still counts', () => {
    // Received 05/03: 05/04 Sunday → 07/04. Documents asked Easter Monday 06/04.
    expect(responseDeadline({ receivedOn: '2026-03-05', suspensions: [{ from: '2026-04-06', to: '2026-04-09' }] })).toBe('2026-04-08');
    expect(responseDeadline({ receivedOn: '2026-03-05', suspensions: [{ from: '2026-04-08', to: '2026-04-09' }] })).toBe('2026-04-07');
  });

  it('takes suspensions in order, against the deadline as moved so far', () => {
    // 02/04 + 10 = 12/04 Sunday → running until Mon 13/04: a request of 10/04 counts.
    const first = { from: '2026-03-20', to: '2026-03-30' };
    expect(responseDeadline({ receivedOn: '2026-03-02', suspensions: [{ from: '2026-04-10', to: '2026-04-15' }, first] })).toBe(
      '2026-04-17',
    );
    // One of 14/04 starts after 13/04: it changes nothing.
    expect(responseDeadline({ receivedOn: '2026-03-02', suspensions: [first, { from: '2026-04-14', to: '2026-04-15' }] })).toBe(
      '2026-04-13',
    );
  });

  it('one that starts after the one-month deadline, within an extension in force, never moves the notice due date', () => {
    const d = computeDeadlines({
      receivedOn: '2026-03-02',
      extended: true,
      extensionNotifiedOn: '2026-03-20',
      suspensions: [{ from: '2026-04-10', to: '2026-04-20' }],
      today: '2026-04-21',
    });
    expect(d.responseDeadline).toBe('2026-04-02');
    expect(d.extensionNoticeDue).toBe('2026-04-02');
    expect(d.current).toBe('2026-06-12');
    expect(d.explanations.response.steps.some((s) => s.kind === 'suspension')).toBe(false);
    expect(d.explanations.response.steps.at(-1)).toEqual({ kind: 'suspension-not-counted', from: '2026-04-10', to: '2026-04-20' });
  });

  it('one that starts after the extended deadline changes nothing either', () => {
    const d = computeDeadlines({
      receivedOn: '2026-03-02',
      extended: true,
      extensionNotifiedOn: '2026-03-20',
      suspensions: [{ from: '2026-06-03', to: '2026-06-10' }],
      today: '2026-06-11',
    });
    expect(d.current).toBe('2026-06-02');
    expect(d.urgency).toBe('overdue');
  });
});

describe('an open suspension shows "suspendu" only if it started while the period in force was running (algorithm 5)', () => {
  it('opened before the deadline: suspended, no date', () => {
    const d = computeDeadlines({ receivedOn: '2026-03-02', suspensions: [{ from: '2026-03-20' }], today: '2026-04-21' });
    expect(d).toMatchObject({ current: null, responseDeadline: null, urgency: 'suspended', daysLeft: null, openSuspensionSince: '2026-03-20', openSuspensionDays: 32 });
  });

  it('opened after expiry: the request stays overdue, with its date', () => {
    const d = computeDeadlines({ receivedOn: '2026-03-02', suspensions: [{ from: '2026-04-10', to: null }], today: '2026-04-21' });
    expect(d.current).toBe('2026-04-02');
    expect(d.responseDeadline).toBe('2026-04-02');
    expect(d.urgency).toBe('overdue');
    expect(d.daysLeft).toEqual({ calendar: -19, working: -12 });
    expect(d.openSuspensionSince).toBeUndefined();
    expect(d.openSuspensionDays).toBeUndefined();
    expect(d.suspendedDays).toBe(0);
    expect(d.sentence).toBe(
      "reçue le 02/03/2026 · + 1 mois = jeudi 02/04/2026 · pièces d'identité demandées le 10/04/2026, toujours attendues : après l'échéance, le délai déjà expiré n'est pas suspendu",
    );
    // The extended period was still running on 10/04: what an extension would give is suspended.
    expect(d.extendedDeadline).toBeNull();
    expect(responseDeadline({ receivedOn: '2026-03-02', suspensions: [{ from: '2026-04-10' }] })).toBe('2026-04-02');
  });

  it('opened after the one-month deadline with an extension in force: suspended, the one-month dates stay', () => {
    const d = computeDeadlines({
      receivedOn: '2026-03-02',
      extended: true,
      extensionNotifiedOn: '2026-03-30',
      suspensions: [{ from: '2026-04-10' }],
      today: '2026-04-21',
    });
    expect(d).toMatchObject({
      responseDeadline: '2026-04-02',
      extensionNoticeDue: '2026-04-02',
      extendedDeadline: null,
      current: null,
      urgency: 'suspended',
      openSuspensionSince: '2026-04-10',
      openSuspensionDays: 11,
    });
  });

  it('opened after the one-month deadline with a late extension: overdue', () => {
    const d = computeDeadlines({
      receivedOn: '2026-03-02',
      extended: true,
      extensionNotifiedOn: '2026-04-08',
      suspensions: [{ from: '2026-04-10' }],
      today: '2026-04-21',
    });
    expect(d).toMatchObject({ extensionLate: true, current: '2026-04-02', urgency: 'overdue' });
    expect(d.openSuspensionSince).toBeUndefined();
  });
});

describe('only identity requests suspend (GDPR art. 12(6), decree n° 2019-536)', () => {
  it('a clarification request changes no date, closed or open', () => {
    const closed = computeDeadlines({
      receivedOn: '2026-02-10',
      suspensions: [{ from: '2026-02-12', to: '2026-02-20', kind: 'clarification' }],
      today: '2026-02-25',
    });
    expect(closed.responseDeadline).toBe('2026-03-10');
    expect(closed.extendedDeadline).toBe('2026-05-11'); // 10/05 is a Sunday
    expect(closed.suspendedDays).toBe(0);
    expect(closed.sentence).toBe(
      "reçue le 10/02/2026 · + 1 mois = mardi 10/03/2026 · demande de précisions du 12/02/2026 (réponse reçue le 20/02/2026) : elle ne suspend pas le délai (seule la vérification de l'identité le suspend)",
    );
    expect(closed.explanation.legalBasis.some((l) => l.includes('considérant 63'))).toBe(true);
    const open = computeDeadlines({ receivedOn: '2026-02-10', suspensions: [{ from: '2026-02-12', kind: 'clarification' }], today: '2026-03-11' });
    expect(open).toMatchObject({ current: '2026-03-10', urgency: 'overdue' });
    expect(open.openSuspensionSince).toBeUndefined();
  });

  it('a suspension without kind is an identity one; clarifications are not merged with identity ones', () => {
    expect(responseDeadline({ receivedOn: '2026-02-10', suspensions: [{ from: '2026-02-12', to: '2026-02-20' }] })).toBe('2026-03-18');
    const suspensions: Suspension[] = [
      { from: '2026-02-12', to: '2026-02-20', kind: 'clarification' },
      { from: '2026-02-15', to: '2026-02-18', kind: 'identity' },
    ];
    // Only the 3 identity days: 10/03 + 3 = 13/03 (Fri).
    expect(computeDeadlines({ receivedOn: '2026-02-10', suspensions, today: '2026-02-25' })).toMatchObject({
      responseDeadline: '2026-03-13',
      suspendedDays: 3,
    });
    expect(checkExtension({ receivedOn: '2026-02-10', suspensions, today: '2026-02-25' })).toMatchObject({ noticeDue: '2026-03-13' });
  });

  it('still checks the dates of a clarification, and refuses an unknown kind', () => {
    expect(() =>
      responseDeadline({ receivedOn: '2026-02-10', suspensions: [{ from: '2026-02-15', to: '2026-02-12', kind: 'clarification' }] }),
    ).toThrow(/avant d'avoir été demandées/);
    expect(() => responseDeadline({ receivedOn: '2026-02-10', suspensions: [{ from: '2026-02-12', kind: 'other' as never }] })).toThrow(
      DeadlineInputError,
    );
  });
});

describe('a late extension does not extend (algorithm 6)', () => {
  it('notified on the due date: in force', () => {
    const d = computeDeadlines({ receivedOn: '2026-03-02', extended: true, extensionNotifiedOn: '2026-04-02', today: '2026-04-03' });
    expect(d).toMatchObject({ extensionLate: false, extensionInForce: true, current: '2026-06-02', urgency: 'ok' });
  });

  it('notified the day after the due date: late, the one-month deadline stays in force', () => {
    const d = computeDeadlines({ receivedOn: '2026-03-02', extended: true, extensionNotifiedOn: '2026-04-03', today: '2026-04-03' });
    expect(d).toMatchObject({ extensionLate: true, extensionInForce: false, current: '2026-04-02', extendedDeadline: '2026-06-02' });
    expect(responseDeadline({ receivedOn: '2026-03-02', extended: true, extensionNotifiedOn: '2026-04-03' })).toBe('2026-04-02');
    expect(explainDeadline({ receivedOn: '2026-03-02', extended: true, extensionNotifiedOn: '2026-04-03' }).steps.at(-1)).toEqual({
      kind: 'extension-late',
      notifiedOn: '2026-04-03',
      due: '2026-04-02',
    });
  });

  it('the due date is the one-month deadline moved by the suspensions counted', () => {
    // 8 days suspended: due 18/03, so a notice of 15/03 is in time.
    const d = computeDeadlines({
      receivedOn: '2026-02-10',
      extended: true,
      extensionNotifiedOn: '2026-03-15',
      suspensions: [{ from: '2026-02-12', to: '2026-02-20' }],
      today: '2026-03-20',
    });
    expect(d).toMatchObject({ extensionNoticeDue: '2026-03-18', extensionLate: false, current: '2026-05-18' });
  });

  it('without a notice date, an extension is taken as notified in time (older records)', () => {
    const d = computeDeadlines({ receivedOn: '2026-03-02', extended: true, today: '2026-04-10' });
    expect(d).toMatchObject({ extensionLate: false, extensionInForce: true, current: '2026-06-02' });
  });

  it('checkExtension records a late notice, with a French warning, and refuses impossible dates', () => {
    const today = checkExtension({ receivedOn: '2026-03-02', today: '2026-04-10' });
    expect(today).toEqual({
      ok: true,
      notifiedOn: '2026-04-10',
      noticeDue: '2026-04-02',
      late: true,
      warning:
        "Prolongation notifiée le 10/04/2026, après le 02/04/2026, date limite pour informer la personne (RGPD art. 12(3)) : elle est enregistrée mais ne prend pas effet ; l'échéance reste le 02/04/2026 et la demande est en retard.",
    });
    expect(checkExtension({ receivedOn: '2026-03-02', today: '2026-04-10', notifiedOn: '2026-04-01' })).toEqual({
      ok: true,
      notifiedOn: '2026-04-01',
      noticeDue: '2026-04-02',
      late: false,
    });
    const before = checkExtension({ receivedOn: '2026-03-02', today: '2026-04-10', notifiedOn: '2026-03-01' });
    expect(before).toMatchObject({ ok: false, error: { code: 'NOTIFICATION_INVALIDE' } });
    const future = checkExtension({ receivedOn: '2026-03-02', today: '2026-04-10', notifiedOn: '2026-04-11' });
    expect(future).toMatchObject({ ok: false, error: { code: 'NOTIFICATION_INVALIDE' } });
    if (!future.ok) expect(future.error.message).toContain('aujourd\'hui (10/04/2026)');
  });
});

describe('processor deadlines belong to the agreement (seed 003 annex 2 X.4)', () => {
  it('exports the seed-003 day counts as defaults', () => {
    expect(PROCESSOR_FORWARD_WORKING_DAYS).toBe(3);
    expect(PROCESSOR_DELETION_DAYS).toBe(15);
  });

  it('takes the agreement’s own numbers of days', () => {
    // 5 working days after Thu 07/05: 11, 12, 13, 15 (14 is Ascension), 18.
    const forward = processorDeadlines('2026-05-07', 'metropole', 5);
    expect(forward.forwardBy).toBe('2026-05-18');
    expect(forward.explanation.legalBasis[0]).toContain('5 jours ouvrés');
    const deletion = deletionDeadline('2026-12-10', 'metropole', 10);
    expect(deletion.deleteBy).toBe('2026-12-20');
    expect(deletion.note).toBe("dimanche : la date n'est pas reportée, le contrat dit 10 jours calendaires maximum");
    expect(() => processorDeadlines('2026-05-07', 'metropole', -1)).toThrow(/nombre entier/);
    expect(() => deletionDeadline('2026-05-07', 'metropole', 2.5)).toThrow(/nombre entier/);
  });

  it('notes nothing on a working day; Alsace-Moselle knows 26 December', () => {
    const d = deletionDeadline('2026-12-01');
    expect(d).toMatchObject({ deleteBy: '2026-12-16', note: null, nonWorkingDay: null });
    expect(d.sentence).toBe('instruction donnée le 01/12/2026 · + 15 jours = mercredi 16/12/2026');
    expect(deletionDeadline('2026-12-11', 'alsace-moselle').note).toBe(
      "samedi, jour férié (Saint-Étienne) : la date n'est pas reportée, le contrat dit 15 jours calendaires maximum",
    );
    expect(deletionDeadline('2026-12-11').note).toBe("samedi : la date n'est pas reportée, le contrat dit 15 jours calendaires maximum");
  });

  it('says whether the deadline was missed, by the date done or by today', () => {
    expect(isProcessorDeadlineLate({ dueOn: '2026-05-13', doneOn: '2026-05-13', today: '2026-06-01' })).toBe(false);
    expect(isProcessorDeadlineLate({ dueOn: '2026-05-13', doneOn: '2026-05-14', today: '2026-06-01' })).toBe(true);
    expect(isProcessorDeadlineLate({ dueOn: '2026-05-13', doneOn: null, today: '2026-05-13' })).toBe(false);
    expect(isProcessorDeadlineLate({ dueOn: '2026-05-13', today: '2026-05-14' })).toBe(true);
    expect(() => isProcessorDeadlineLate({ dueOn: '13/05/2026', today: '2026-05-14' })).toThrow(DeadlineInputError);
  });
});
