import { describe, expect, it } from 'vitest';
import {
  DeadlineInputError,
  addWorkingDays,
  calendarDaysDeadline,
  checkExtension,
  computeDeadlines,
  daysRemaining,
  deletionDeadline,
  easterSunday,
  explainDeadline,
  explanationText,
  formatParisDateTime,
  frenchPublicHolidays,
  hoursDeadline,
  isIsoDate,
  isWorkingDay,
  nonWorkingDay,
  parisDateOf,
  processorDeadlines,
  responseDeadline,
  rollForward,
} from '../../core/deadlines';

// deadlines.md, "Worked examples (metropolitan calendar)".
const WORKED_EXAMPLES = [
  { received: '2026-03-05', oneMonth: '2026-04-05', deadline: '2026-04-07', threeMonths: '2026-06-05', extended: '2026-06-05' },
  { received: '2026-01-31', oneMonth: '2026-02-28', deadline: '2026-03-02', threeMonths: '2026-04-30', extended: '2026-04-30' },
  { received: '2026-03-31', oneMonth: '2026-04-30', deadline: '2026-04-30', threeMonths: '2026-06-30', extended: '2026-06-30' },
  { received: '2026-04-08', oneMonth: '2026-05-08', deadline: '2026-05-11', threeMonths: '2026-07-08', extended: '2026-07-08' },
  { received: '2026-04-14', oneMonth: '2026-05-14', deadline: '2026-05-15', threeMonths: '2026-07-14', extended: '2026-07-15' },
  { received: '2026-11-30', oneMonth: '2026-12-30', deadline: '2026-12-30', threeMonths: '2027-02-28', extended: '2027-03-01' },
  { received: '2027-11-29', oneMonth: '2027-12-29', deadline: '2027-12-29', threeMonths: '2028-02-29', extended: '2028-02-29' },
];

describe('response deadline: worked examples of deadlines.md', () => {
  for (const ex of WORKED_EXAMPLES) {
    it(`received ${ex.received}: due ${ex.deadline}, extended ${ex.extended}`, () => {
      expect(responseDeadline({ receivedOn: ex.received })).toBe(ex.deadline);
      expect(responseDeadline({ receivedOn: ex.received, extended: true })).toBe(ex.extended);
      const plain = explainDeadline({ receivedOn: ex.received });
      const months = plain.steps.find((s) => s.kind === 'add-months');
      expect(months).toMatchObject({ months: 1, date: ex.oneMonth });
      expect(plain.result).toBe(ex.deadline);
      const ext = explainDeadline({ receivedOn: ex.received, extended: true });
      expect(ext.steps.find((s) => s.kind === 'add-months')).toMatchObject({ months: 3, date: ex.threeMonths });
      expect(ext.result).toBe(ex.extended);
    });
  }

  it('suspension: identity documents asked 12/02, received 20/02 (8 days)', () => {
    const suspensions = [{ from: '2026-02-12', to: '2026-02-20' }];
    expect(responseDeadline({ receivedOn: '2026-02-10', suspensions })).toBe('2026-03-18');
    expect(responseDeadline({ receivedOn: '2026-02-10', suspensions, extended: true })).toBe('2026-05-18');
  });
});

describe('explanation shown to the user', () => {
  it('is the one French sentence of deadlines.md', () => {
    expect(explanationText(explainDeadline({ receivedOn: '2026-04-14' }))).toBe(
      'reçue le 14/04/2026 · + 1 mois = 14/05/2026 (Ascension) → vendredi 15/05/2026',
    );
  });

  it('names every skipped day, and the clamping to the last day of the month', () => {
    expect(explanationText(explainDeadline({ receivedOn: '2026-03-05' }))).toBe(
      'reçue le 05/03/2026 · + 1 mois = 05/04/2026 (dimanche) → 06/04/2026 (Lundi de Pâques) → mardi 07/04/2026',
    );
    expect(explanationText(explainDeadline({ receivedOn: '2026-01-31' }))).toBe(
      'reçue le 31/01/2026 · + 1 mois = 28/02/2026 (pas de 31/02 : dernier jour du mois ; samedi) → 01/03/2026 (dimanche) → lundi 02/03/2026',
    );
    const ext = explainDeadline({ receivedOn: '2026-04-14', extended: true });
    expect(explanationText(ext)).toBe('reçue le 14/04/2026 · + 3 mois = 14/07/2026 (Fête nationale) → mercredi 15/07/2026');
    expect(ext.steps.filter((s) => s.kind === 'skip')).toEqual([
      { kind: 'skip', day: { date: '2026-07-14', weekend: null, holiday: 'Fête nationale' } },
    ]);
  });

  it('shows the suspension days, and no date while a suspension is open', () => {
    const closed = explainDeadline({ receivedOn: '2026-02-10', suspensions: [{ from: '2026-02-12', to: '2026-02-20' }] });
    expect(explanationText(closed)).toBe(
      'reçue le 10/02/2026 · + 1 mois = 10/03/2026 · + 8 jours de suspension (du 12/02/2026 au 20/02/2026) = mercredi 18/03/2026',
    );
    expect(closed.legalBasis.some((l) => l.includes('2019-536'))).toBe(true);
    const open = explainDeadline({ receivedOn: '2026-02-10', suspensions: [{ from: '2026-02-12' }], today: '2026-02-20' });
    expect(open.result).toBeNull();
    expect(explanationText(open)).toBe(
      "reçue le 10/02/2026 · + 1 mois = 10/03/2026 · suspendu depuis le 12/02/2026 (8 jours écoulés au 20/02/2026), dans l'attente des informations demandées",
    );
  });
});

describe('suspensions', () => {
  it('an open suspension leaves no deadline', () => {
    expect(responseDeadline({ receivedOn: '2026-02-10', suspensions: [{ from: '2026-02-12' }] })).toBeNull();
    expect(responseDeadline({ receivedOn: '2026-02-10', suspensions: [{ from: '2026-02-12', to: null }], extended: true })).toBeNull();
  });

  it('adds the days of several closed suspensions', () => {
    // 3 + 4 days → 10/03 + 7 = 17/03 (Tue).
    const suspensions = [
      { from: '2026-02-11', to: '2026-02-14' },
      { from: '2026-02-20', to: '2026-02-24' },
    ];
    expect(responseDeadline({ receivedOn: '2026-02-10', suspensions })).toBe('2026-03-17');
  });

  it('counts overlapping periods once', () => {
    // 12/02 → 20/02 and 15/02 → 22/02 overlap: suspended 12/02 → 22/02 = 10 days, not 8 + 7.
    const suspensions = [
      { from: '2026-02-15', to: '2026-02-22' },
      { from: '2026-02-12', to: '2026-02-20' },
    ];
    const d = computeDeadlines({ receivedOn: '2026-02-10', suspensions, today: '2026-02-25' });
    expect(d.suspendedDays).toBe(10);
    expect(d.responseDeadline).toBe('2026-03-20');
  });

  it('refuses a suspension before receipt or answered before it was asked, in French', () => {
    expect(() => responseDeadline({ receivedOn: '2026-02-10', suspensions: [{ from: '2026-02-09', to: '2026-02-12' }] })).toThrow(
      /ne peut pas précéder la réception de la demande \(10\/02\/2026\)/,
    );
    expect(() => responseDeadline({ receivedOn: '2026-02-10', suspensions: [{ from: '2026-02-15', to: '2026-02-12' }] })).toThrow(
      /avant d'avoir été demandées/,
    );
  });
});

describe('processor and breach time limits', () => {
  it('forwards within 3 working days (seed 003 annex 2)', () => {
    expect(processorDeadlines('2026-05-07').forwardBy).toBe('2026-05-13');
    expect(processorDeadlines('2026-12-24').forwardBy).toBe('2026-12-30');
    expect(processorDeadlines('2026-05-07').sentence).toBe(
      'reçue par le sous-traitant le 07/05/2026 · + 3 jours ouvrés, sans compter 08/05/2026 (Victoire 1945), 09/05/2026 (samedi), 10/05/2026 (dimanche) = mercredi 13/05/2026',
    );
  });

  // Was "rolled to a working day" (2026-12-28): deadlines.md, algorithm 8, says the contract's
  // "15 jours calendaires maximum" is not rolled forward; the product notes the holiday.
  it('deletes within 15 calendar days maximum, not rolled forward, noting a holiday', () => {
    const d = deletionDeadline('2026-12-10');
    expect(d.deleteBy).toBe('2026-12-25');
    expect(d.note).toBe("jour férié (Noël) : la date n'est pas reportée, le contrat dit 15 jours calendaires maximum");
    expect(d.sentence).toBe(
      "instruction donnée le 10/12/2026 · + 15 jours = vendredi 25/12/2026 · jour férié (Noël) : la date n'est pas reportée, le contrat dit 15 jours calendaires maximum",
    );
  });

  it('counts hours on real instants across the daylight-saving change', () => {
    const known = '2026-03-28T10:00:00+01:00';
    expect(hoursDeadline(known, 24)).toBe('2026-03-29T09:00:00Z');
    expect(formatParisDateTime(hoursDeadline(known, 24))).toBe('29/03/2026 à 11:00');
    expect(formatParisDateTime(hoursDeadline(known, 48))).toBe('30/03/2026 à 11:00');
    expect(formatParisDateTime(hoursDeadline(known, 72))).toBe('31/03/2026 à 11:00');
    expect(hoursDeadline('2026-03-28T09:00:00.999Z', 1)).toBe('2026-03-28T10:00:00Z');
  });

  it('refuses a malformed instant', () => {
    expect(() => hoursDeadline('2026-03-28 10:00', 24)).toThrow(DeadlineInputError);
    expect(() => hoursDeadline('2026-02-30T10:00:00Z', 24)).toThrow(/n'existe pas/);
    expect(() => hoursDeadline('2026-03-28T10:00:00', 24)).toThrow(/fuseau/);
  });

  it('takes the Paris calendar date of an instant', () => {
    expect(parisDateOf('2026-01-31T22:30:00Z')).toBe('2026-01-31'); // 23:30 in Paris
    expect(parisDateOf('2026-01-31T23:30:00Z')).toBe('2026-02-01'); // 00:30 in Paris
    expect(parisDateOf('2026-07-31T22:30:00Z')).toBe('2026-08-01'); // 00:30 summer time
  });
});

describe('working days and calendars', () => {
  it('knows weekends and the 11 metropolitan holidays of 2026', () => {
    expect(frenchPublicHolidays(2026)).toEqual([
      { date: '2026-01-01', name: "Jour de l'an" },
      { date: '2026-04-06', name: 'Lundi de Pâques' },
      { date: '2026-05-01', name: 'Fête du Travail' },
      { date: '2026-05-08', name: 'Victoire 1945' },
      { date: '2026-05-14', name: 'Ascension' },
      { date: '2026-05-25', name: 'Lundi de Pentecôte' },
      { date: '2026-07-14', name: 'Fête nationale' },
      { date: '2026-08-15', name: 'Assomption' },
      { date: '2026-11-01', name: 'Toussaint' },
      { date: '2026-11-11', name: 'Armistice 1918' },
      { date: '2026-12-25', name: 'Noël' },
    ]);
    expect(isWorkingDay('2026-05-14')).toBe(false);
    expect(isWorkingDay('2026-05-15')).toBe(true);
    expect(isWorkingDay('2026-05-16')).toBe(false);
    expect(nonWorkingDay('2026-08-15')).toEqual({ date: '2026-08-15', weekend: 'saturday', holiday: 'Assomption' });
  });

  it('Alsace-Moselle adds Good Friday and 26 December', () => {
    const am = frenchPublicHolidays(2026, 'alsace-moselle');
    expect(am).toHaveLength(13);
    expect(am).toContainEqual({ date: '2026-04-03', name: 'Vendredi saint' });
    expect(am).toContainEqual({ date: '2026-12-26', name: 'Saint-Étienne' });
    expect(isWorkingDay('2026-04-03')).toBe(true);
    expect(isWorkingDay('2026-04-03', 'alsace-moselle')).toBe(false);
    // Received 03/03/2026: one month = Good Friday 03/04 → Tuesday 07/04 after Easter Monday.
    expect(responseDeadline({ receivedOn: '2026-03-03' })).toBe('2026-04-03');
    expect(responseDeadline({ receivedOn: '2026-03-03', calendar: 'alsace-moselle' })).toBe('2026-04-07');
    expect(computeDeadlines({ receivedOn: '2026-03-03', calendar: 'alsace-moselle', today: '2026-03-10' }).sentence).toBe(
      'reçue le 03/03/2026 · + 1 mois = 03/04/2026 (Vendredi saint) → 04/04/2026 (samedi) → 05/04/2026 (dimanche) → 06/04/2026 (Lundi de Pâques) → mardi 07/04/2026',
    );
  });

  it('keeps both names when Ascension falls on 1 May (2008)', () => {
    const h2008 = frenchPublicHolidays(2008);
    expect(h2008).toHaveLength(10);
    expect(h2008).toContainEqual({ date: '2008-05-01', name: 'Fête du Travail et Ascension' });
  });

  it('computes Easter for known years', () => {
    const known: Record<number, string> = {
      1818: '1818-03-22',
      1943: '1943-04-25',
      2000: '2000-04-23',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2038: '2038-04-25',
      2285: '2285-03-22',
    };
    for (const [year, date] of Object.entries(known)) expect(easterSunday(Number(year))).toBe(date);
  });

  it('counts working days from the day after, and calendar days then rolls', () => {
    expect(addWorkingDays('2026-05-07', 3)).toBe('2026-05-13');
    expect(addWorkingDays('2026-05-07', 0)).toBe('2026-05-07');
    expect(addWorkingDays('2026-05-15', 1)).toBe('2026-05-18');
    expect(calendarDaysDeadline('2026-12-10', 15)).toBe('2026-12-28');
    expect(calendarDaysDeadline('2026-12-10', 15, 'alsace-moselle')).toBe('2026-12-28');
    expect(calendarDaysDeadline('2026-12-01', 15)).toBe('2026-12-16');
    expect(rollForward('2026-05-14')).toBe('2026-05-15');
    expect(rollForward('2026-05-15')).toBe('2026-05-15');
    expect(() => addWorkingDays('2026-05-07', -1)).toThrow(/nombre entier/);
    expect(() => calendarDaysDeadline('2026-05-07', 1.5)).toThrow(/nombre entier/);
  });
});

describe('input dates', () => {
  it('refuses dates that do not exist, with a French message', () => {
    expect(() => responseDeadline({ receivedOn: '2026-02-30' })).toThrow(
      'Date de réception : « 2026-02-30 » n\'existe pas (février 2026 compte 28 jours).',
    );
    expect(() => responseDeadline({ receivedOn: '2027-02-29' })).toThrow(/février 2027 compte 28 jours/);
    expect(responseDeadline({ receivedOn: '2028-02-29' })).toBe('2028-03-29');
    expect(() => responseDeadline({ receivedOn: '2026-13-01' })).toThrow(/le mois 13 n'existe pas/);
    expect(() => responseDeadline({ receivedOn: '2026-04-31' })).toThrow(/avril 2026 compte 30 jours/);
    expect(() => responseDeadline({ receivedOn: '14/04/2026' })).toThrow(/format AAAA-MM-JJ/);
    expect(() => responseDeadline({ receivedOn: '' })).toThrow(/date manquante/);
    expect(() => responseDeadline({ receivedOn: '2026-4-14' })).toThrow(DeadlineInputError);
    expect(() => responseDeadline({ receivedOn: '2026-04-14', calendar: 'guyane' as never })).toThrow(/Calendrier/);
    try {
      responseDeadline({ receivedOn: '2026-02-30' });
    } catch (e) {
      expect((e as DeadlineInputError).code).toBe('DATE_INVALIDE');
    }
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
  });
});

describe('countdown for a given today', () => {
  const receivedOn = '2026-04-14'; // due Fri 15/05/2026

  it('counts calendar and working days left, and the urgency', () => {
    const soon = computeDeadlines({ receivedOn, today: '2026-05-08' });
    expect(soon.current).toBe('2026-05-15');
    // 09 Sat, 10 Sun, 11, 12, 13, 14 Ascension, 15: 4 working days.
    expect(soon.daysLeft).toEqual({ calendar: 7, working: 4 });
    expect(soon.urgency).toBe('due-soon');
    expect(computeDeadlines({ receivedOn, today: '2026-05-07' }).urgency).toBe('ok');
    const dueToday = computeDeadlines({ receivedOn, today: '2026-05-15' });
    expect(dueToday.daysLeft).toEqual({ calendar: 0, working: 0 });
    expect(dueToday.urgency).toBe('due-soon');
    const late = computeDeadlines({ receivedOn, today: '2026-05-18' });
    expect(late.daysLeft).toEqual({ calendar: -3, working: -1 });
    expect(late.urgency).toBe('overdue');
    expect(daysRemaining('2026-05-15', '2026-05-08')).toEqual({ calendar: 7, working: 4 });
  });

  it('uses the extended deadline once extended; the notice stays due at the first deadline', () => {
    const d = computeDeadlines({ receivedOn, extended: true, today: '2026-05-18' });
    expect(d.responseDeadline).toBe('2026-05-15');
    expect(d.extendedDeadline).toBe('2026-07-15');
    expect(d.current).toBe('2026-07-15');
    expect(d.extensionNoticeDue).toBe('2026-05-15');
    expect(d.urgency).toBe('ok');
    expect(d.sentence).toBe('reçue le 14/04/2026 · + 3 mois = 14/07/2026 (Fête nationale) → mercredi 15/07/2026');
  });

  it('shows "suspended" with the days elapsed while waiting for documents', () => {
    const d = computeDeadlines({ receivedOn: '2026-02-10', suspensions: [{ from: '2026-02-12' }], today: '2026-03-20' });
    expect(d).toMatchObject({
      responseDeadline: null,
      extendedDeadline: null,
      extensionNoticeDue: null,
      current: null,
      daysLeft: null,
      urgency: 'suspended',
      openSuspensionSince: '2026-02-12',
      openSuspensionDays: 36,
    });
  });
});

describe('extension notice', () => {
  // Was "refuses it after unless the notice date is given" (PROLONGATION_TARDIVE): deadlines.md,
  // algorithm 6, says a late notice is recorded and shown, and does not take effect.
  it('accepts an extension before the first deadline, records a later one as late', () => {
    expect(checkExtension({ receivedOn: '2026-04-14', today: '2026-05-15' })).toEqual({
      ok: true,
      notifiedOn: '2026-05-15',
      noticeDue: '2026-05-15',
      late: false,
    });
    const late = checkExtension({ receivedOn: '2026-04-14', today: '2026-05-18' });
    expect(late).toMatchObject({ ok: true, notifiedOn: '2026-05-18', noticeDue: '2026-05-15', late: true });
    if (late.ok) expect(late.warning).toContain('après le 15/05/2026');
    expect(checkExtension({ receivedOn: '2026-04-14', today: '2026-05-18', notifiedOn: '2026-05-12' })).toMatchObject({
      ok: true,
      late: false,
    });
    expect(checkExtension({ receivedOn: '2026-04-14', today: '2026-05-20', notifiedOn: '2026-05-18' })).toMatchObject({
      ok: true,
      notifiedOn: '2026-05-18',
      late: true,
    });
    const future = checkExtension({ receivedOn: '2026-04-14', today: '2026-05-10', notifiedOn: '2026-05-12' });
    expect(future.ok).toBe(false);
  });
});
