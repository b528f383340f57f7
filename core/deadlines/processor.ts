// Processor obligations (seed 003, annex 2 X.4): contract deadlines of that agreement only
// (forwarding a rights request, deleting or modifying data), and whether one was missed.
import type { HolidayCalendar, IsoDate } from '../domain';
import { type Explanation, type ExplanationStep, type NonWorkingDay, contractNotRolledNote, explanationText } from '../explain';
import { assertCalendar, assertCount, parseDate, toIso } from './dates';
import { MAX_PERIOD_DAYS, addWorkingDaysDate, nonWorkingOf } from './working-days';

/**
 * Seed 003 annex 2 X.4: forward a rights request "au plus tard dans un délai de 3 jours
 * ouvrés". The default of processorDeadlines(); the agreement's data may give another count.
 */
export const PROCESSOR_FORWARD_WORKING_DAYS = 3;
/**
 * Seed 003 annex 2 X.4: delete or modify data "à bref délai et en tout état de cause dans un
 * délai de 15 jours calendaires maximum". The default of deletionDeadline().
 */
export const PROCESSOR_DELETION_DAYS = 15;

/**
 * When a processor (the ENT vendor) that received a rights request must have forwarded it to
 * the controllers: `workingDays` working days (default 3, seed 003 annex 2 X.4) counted from
 * the day after its receipt by the processor (deadlines.md, algorithm 7: "count N working days
 * starting the day after receipt").
 */
export function processorDeadlines(
  receivedByProcessorOn: IsoDate,
  calendar: HolidayCalendar = 'metropole',
  workingDays: number = PROCESSOR_FORWARD_WORKING_DAYS,
): { forwardBy: IsoDate; explanation: Explanation; sentence: string } {
  assertCalendar(calendar);
  assertCount(workingDays, 'Délai de transmission (jours ouvrés)', MAX_PERIOD_DAYS);
  const start = parseDate(receivedByProcessorOn, 'Date de réception par le sous-traitant');
  const skipped: NonWorkingDay[] = [];
  const d = toIso(addWorkingDaysDate(start, workingDays, calendar, skipped));
  const explanation: Explanation = {
    subject: 'processor-forward',
    calendar,
    steps: [
      { kind: 'start', event: 'processor-received', date: toIso(start) },
      { kind: 'add-working-days', days: workingDays, date: d, skipped },
      { kind: 'result', date: d },
    ],
    result: d,
    legalBasis: [
      `Convention (annexe 2, clause sous-traitant) : transmettre les demandes d’exercice de droit au plus tard dans un délai de ${workingDays} jour${workingDays >= 2 ? 's' : ''} ouvré${workingDays >= 2 ? 's' : ''}`,
      'Règlement n° 1182/71, art. 3(1) : le jour de la réception ne compte pas',
    ],
  };
  return { forwardBy: d, explanation, sentence: explanationText(explanation) };
}

/**
 * When a processor instructed to delete or modify data must have done it: the instruction
 * + `calendarDays` calendar days (default 15, seed 003 annex 2 X.4), with NO roll forward.
 * deadlines.md, algorithm 8: "A contract deadline 'N jours calendaires maximum' is receipt +
 * N days with no roll forward: the agreement's own words win, and the product notes when that
 * day is not a working day." `note` is that French note (null on a working day).
 */
export function deletionDeadline(
  instructedOn: IsoDate,
  calendar: HolidayCalendar = 'metropole',
  calendarDays: number = PROCESSOR_DELETION_DAYS,
): { deleteBy: IsoDate; explanation: Explanation; sentence: string; nonWorkingDay: NonWorkingDay | null; note: string | null } {
  assertCalendar(calendar);
  assertCount(calendarDays, 'Délai de suppression (jours calendaires)', MAX_PERIOD_DAYS);
  const start = parseDate(instructedOn, "Date de l'instruction");
  const end = start + calendarDays;
  const d = toIso(end);
  const day = nonWorkingOf(end, calendar);
  const steps: ExplanationStep[] = [
    { kind: 'start', event: 'deletion-instructed', date: toIso(start) },
    { kind: 'add-days', days: calendarDays, date: d },
    { kind: 'result', date: d },
  ];
  if (day !== null) steps.push({ kind: 'contract-not-rolled', day, days: calendarDays });
  const explanation: Explanation = {
    subject: 'deletion',
    calendar,
    steps,
    result: d,
    legalBasis: [
      `Convention (annexe 2, clause sous-traitant) : supprimer ou modifier les données à bref délai et en tout état de cause dans un délai de ${calendarDays} jour${calendarDays >= 2 ? 's' : ''} calendaire${calendarDays >= 2 ? 's' : ''} maximum`,
      'Délai contractuel en jours calendaires maximum : la date n’est pas reportée au jour ouvré suivant',
    ],
  };
  return {
    deleteBy: d,
    explanation,
    sentence: explanationText(explanation),
    nonWorkingDay: day,
    note: day === null ? null : contractNotRolledNote(day, calendarDays),
  };
}

/**
 * Whether a processor deadline (forwarding, deletion) was missed: done after `dueOn`, or not
 * done yet and `today` is after `dueOn`. The deadline day itself is in time.
 */
export function isProcessorDeadlineLate(input: { dueOn: IsoDate; doneOn?: IsoDate | null; today: IsoDate }): boolean {
  const due = parseDate(input.dueOn, 'Échéance');
  const done =
    input.doneOn === undefined || input.doneOn === null
      ? parseDate(input.today, 'Date du jour')
      : parseDate(input.doneOn, 'Date de réalisation');
  return done > due;
}
