// Response deadline (GDPR art. 12(3)): receipt + 1 month, or 3 months once extended in time,
// moved by the identity suspensions and rolled to a working day, with its explanation step by
// step (deadlines.md, algorithms 1-6).
import type { HolidayCalendar, IsoDate } from '../domain';
import type { Explanation, ExplanationStep, SuspensionPeriod } from '../explain';
import { type DayNumber, addMonthsClamped } from '../holidays';
import { assertCalendar, parseDate, toIso } from './dates';
import { type SuspendedBase, type SuspensionDays, type SuspensionSet, applySuspensions, parseSuspensions } from './suspensions';
import type { Suspension } from './types';
import { rollDate } from './working-days';

const LEGAL_RESPONSE = [
  'RGPD art. 12(3) : réponse dans un délai d’un mois à compter de la réception de la demande',
  'Règlement (CEE, Euratom) n° 1182/71, art. 3(1) : le jour de la réception ne compte pas',
  'Règlement n° 1182/71, art. 3(2)(c) : le délai en mois expire le jour de même quantième, ou le dernier jour du mois',
  'Règlement n° 1182/71, art. 3(4) : un délai qui expire un samedi, un dimanche ou un jour férié expire le jour ouvré suivant',
];
const LEGAL_EXTENDED = [
  'RGPD art. 12(3) : délai prolongeable de deux mois compte tenu de la complexité et du nombre de demandes ; les trois mois courent de la réception',
  ...LEGAL_RESPONSE.slice(1),
];
const LEGAL_SUSPENSION = 'Décret n° 2019-536 : délai suspendu jusqu’à la réception des informations demandées pour vérifier l’identité';
const LEGAL_NOT_COUNTED =
  'Un délai expiré ne peut plus être suspendu (comparer Code civil art. 2230) : seule une demande de pièces faite avant l’échéance la reporte';
const LEGAL_CLARIFICATION =
  'RGPD art. 12(6) et décret n° 2019-536 : seule la demande d’informations pour confirmer l’identité suspend le délai ; une demande de précisions (considérant 63) ne le suspend pas';
const LEGAL_EXTENSION_LATE =
  'RGPD art. 12(3) : la personne est informée de la prolongation et de ses motifs dans un délai d’un mois à compter de la réception ; notifiée après, la prolongation ne prend pas effet';

const periodOf = (s: SuspensionDays): SuspensionPeriod => ({ from: toIso(s.from), to: toIso(s.to), days: s.to - s.from });
const openIso = (s: SuspensionDays): IsoDate | null => (s.to === Number.POSITIVE_INFINITY ? null : toIso(s.to));

interface DeadlineResult {
  /** The deadline; null while an open suspension that counts is pending. */
  date: DayNumber | null;
  suspended: SuspendedBase;
}

export function deadlineFrom(
  received: DayNumber,
  months: number,
  set: SuspensionSet,
  calendar: HolidayCalendar,
  steps?: ExplanationStep[],
  today?: DayNumber,
): DeadlineResult {
  // GDPR art. 12(3) and Reg. 1182/71 art. 3(1), 3(2)(c): a period in months ends on the day of
  // the last month with the same date as the receipt; if that date does not exist in that
  // month, on its last day. deadlines.md, algorithms 1-3: the extended period (3 months) runs
  // from receipt, not from the first deadline.
  const added = addMonthsClamped(received, months);
  steps?.push({ kind: 'add-months', months, date: toIso(added.day), clampedDay: added.clampedDay });
  // Decree n° 2019-536 (deadlines.md, algorithms 3 and 5): the identity suspensions that
  // started while this period was running push its end by their length.
  const suspended = applySuspensions(added.day, set, calendar);
  if (suspended.days > 0) {
    steps?.push({ kind: 'suspension', days: suspended.days, date: toIso(suspended.date), periods: suspended.counted.map(periodOf) });
  }
  let date: DayNumber | null = null;
  if (suspended.openSince !== null) {
    // Algorithm 5: shown as "suspendu" with the days already elapsed, not as a date.
    steps?.push({
      kind: 'suspension-open',
      since: toIso(suspended.openSince),
      today: today === undefined ? null : toIso(today),
      elapsedDays: today === undefined ? null : Math.max(0, today - suspended.openSince),
    });
  } else {
    date = rollDate(suspended.date, calendar, steps);
    steps?.push({ kind: 'result', date: toIso(date) });
  }
  if (steps !== undefined) {
    for (const s of suspended.notCounted) steps.push({ kind: 'suspension-not-counted', from: toIso(s.from), to: openIso(s) });
    for (const s of set.clarifications) steps.push({ kind: 'clarification', from: toIso(s.from), to: openIso(s) });
  }
  return { date, suspended };
}

export interface ResponseDeadlineInput {
  receivedOn: IsoDate;
  /** Extended by two months (GDPR art. 12(3)): the deadline becomes receipt + 3 months. */
  extended?: boolean | undefined;
  /**
   * When the person was told of the extension, with its reasons. After the extension notice
   * due date (the one-month deadline) the extension does not take effect (deadlines.md,
   * algorithm 6). Absent or null: taken as notified in time.
   */
  extensionNotifiedOn?: IsoDate | null | undefined;
  /** Identity suspensions (and clarification requests, which suspend nothing). */
  suspensions?: readonly Suspension[] | undefined;
  calendar?: HolidayCalendar;
}

interface Assessed {
  calendar: HolidayCalendar;
  received: DayNumber;
  set: SuspensionSet;
  response: DeadlineResult;
  extended: DeadlineResult;
  notifiedOn: DayNumber | null;
  /** `extended` asked, but notified after the notice due date: no effect (algorithm 6). */
  extensionLate: boolean;
  extensionInForce: boolean;
}

function assess(input: ResponseDeadlineInput, responseSteps?: ExplanationStep[], extendedSteps?: ExplanationStep[], today?: DayNumber): Assessed {
  const calendar = input.calendar ?? 'metropole';
  assertCalendar(calendar);
  const received = parseDate(input.receivedOn, 'Date de réception');
  const set = parseSuspensions(received, input.suspensions);
  const notifiedOn =
    input.extensionNotifiedOn === undefined || input.extensionNotifiedOn === null
      ? null
      : parseDate(input.extensionNotifiedOn, 'Date de notification de la prolongation');
  const extendedAsked = input.extended === true;
  const response = deadlineFrom(received, 1, set, calendar, responseSteps, today);
  const extended =
    extendedAsked || extendedSteps !== undefined ? deadlineFrom(received, 3, set, calendar, extendedSteps, today) : response;
  // deadlines.md, algorithm 6: "Extension notice due = the response deadline of step 2. An
  // extension takes effect only if the person was told of it (with its reasons) on or before
  // that date. A late notice is recorded and shown, but the deadline in force stays the
  // one-month deadline." While the one-month period is suspended (no date), it has not
  // expired, so no notice is late.
  const extensionLate = extendedAsked && notifiedOn !== null && response.date !== null && notifiedOn > response.date;
  return {
    calendar,
    received,
    set,
    response,
    extended,
    notifiedOn,
    extensionLate,
    extensionInForce: extendedAsked && !extensionLate,
  };
}

/**
 * The deadline in force to answer a request: receipt + 1 month (+ 3 months once extended,
 * if the extension was notified in time), plus the days of the identity suspensions that
 * started while the period was running, rolled to a working day (deadlines.md,
 * algorithms 1-6). Null while an open suspension suspends it.
 */
export function responseDeadline(input: ResponseDeadlineInput): IsoDate | null {
  const a = assess(input);
  const d = a.extensionInForce ? a.extended.date : a.response.date;
  return d === null ? null : toIso(d);
}

/**
 * The three dates `computeDeadlines` gives (one month, extended, the one in force), without
 * building their explanations: what is stored on every change to a request (and recomputed for
 * every request an import touches).
 */
export function deadlineDates(input: ResponseDeadlineInput): { responseDeadline: IsoDate | null; extendedDeadline: IsoDate | null; current: IsoDate | null } {
  const a = assess(input);
  const extended = input.extended === true ? a.extended : deadlineFrom(a.received, 3, a.set, a.calendar);
  const iso = (d: DayNumber | null) => (d === null ? null : toIso(d));
  return { responseDeadline: iso(a.response.date), extendedDeadline: iso(extended.date), current: iso(a.extensionInForce ? a.extended.date : a.response.date) };
}

function explanationOf(
  subject: 'response' | 'extended',
  a: Pick<Assessed, 'calendar' | 'received' | 'set'>,
  result: DeadlineResult,
  steps: ExplanationStep[],
): Explanation {
  const legalBasis = [...(subject === 'extended' ? LEGAL_EXTENDED : LEGAL_RESPONSE)];
  if (result.suspended.days > 0 || result.suspended.openSince !== null) legalBasis.push(LEGAL_SUSPENSION);
  if (result.suspended.notCounted.length > 0) legalBasis.push(LEGAL_NOT_COUNTED);
  if (a.set.clarifications.length > 0) legalBasis.push(LEGAL_CLARIFICATION);
  return { subject, calendar: a.calendar, steps, result: result.date === null ? null : toIso(result.date), legalBasis };
}

/** The one-month explanation, with the late extension notice said at its end. */
function withLateExtension(response: Explanation, notifiedOn: DayNumber, due: IsoDate): Explanation {
  return {
    ...response,
    steps: [...response.steps, { kind: 'extension-late', notifiedOn: toIso(notifiedOn), due }],
    legalBasis: [...response.legalBasis, LEGAL_EXTENSION_LATE],
  };
}

interface AllExplanations {
  a: Assessed;
  response: Explanation;
  extended: Explanation;
  /** Explanation of the deadline in force. */
  current: Explanation;
}

export function explainAll(input: ResponseDeadlineInput, today?: DayNumber): AllExplanations {
  // assess() throws unless receivedOn is exactly an existing 'YYYY-MM-DD': it can head the steps.
  const start = (): ExplanationStep[] => [{ kind: 'start', event: 'request-received', date: input.receivedOn }];
  const responseSteps = start();
  const extendedSteps = start();
  const a = assess(input, responseSteps, extendedSteps, today);
  const response = explanationOf('response', a, a.response, responseSteps);
  const extended = explanationOf('extended', a, a.extended, extendedSteps);
  let current = a.extensionInForce ? extended : response;
  if (a.extensionLate && a.notifiedOn !== null && response.result !== null) {
    current = withLateExtension(response, a.notifiedOn, response.result);
  }
  return { a, response, extended, current };
}

/**
 * How the deadline in force is computed, step by step: receipt, + 1 or 3 months, clamping,
 * suspension days, each non-working day skipped with its name, result; then the suspensions
 * not counted (started after the deadline), the clarification requests (which suspend
 * nothing), and a late extension notice. `today` only serves to count the days of an open
 * suspension.
 */
export function explainDeadline(input: ResponseDeadlineInput & { today?: IsoDate }): Explanation {
  const today = input.today === undefined ? undefined : parseDate(input.today, 'Date du jour');
  return explainAll(input, today).current;
}
