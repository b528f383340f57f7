// Deadline engine: every "à répondre avant le …" the product shows comes from here.
// Rules: ../shared/deadlines.md (the product's reading of GDPR art. 12(3), Regulation (EEC,
// Euratom) No 1182/71 art. 3, decree n° 2019-536, and the agreements' own time limits).
// Pure: no clock (today is a parameter), no platform API. Dates are day numbers (core/holidays.ts
// says why, and the tests check that arithmetic against date-fns); French formatting is date-fns.
import type { HolidayCalendar, IsoDate } from './domain';
import {
  type Explanation,
  type ExplanationStep,
  type NonWorkingDay,
  type SuspensionPeriod,
  explanationText,
  formatDateFr,
} from './explain';
import {
  type DayNumber,
  MAX_YEAR,
  MIN_YEAR,
  addMonthsClamped,
  civilDate,
  dayNumber,
  daysInMonth,
  holidayNameOfDay,
  holidayTable,
  isoOfDay,
  weekdayOf,
} from './holidays';

export { easterSunday, frenchPublicHolidays, type PublicHoliday } from './holidays';
export {
  explanationText,
  formatDateFr,
  formatDateLongFr,
  type Explanation,
  type ExplanationStep,
  type NonWorkingDay,
} from './explain';

/** A documented request for identity information or clarification (decree n° 2019-536). */
export interface Suspension {
  /** Date the request for information was sent. */
  from: IsoDate;
  /** Date the information was received; absent or null while still awaited (open suspension). */
  to?: IsoDate | null;
}

export type Urgency = 'overdue' | 'due-soon' | 'ok' | 'suspended';

/** "Due within 7 days" (deadlines.md, "What the user sees"). */
export const DUE_SOON_DAYS = 7;

export type DeadlineErrorCode =
  | 'DATE_INVALIDE'
  | 'INSTANT_INVALIDE'
  | 'DUREE_INVALIDE'
  | 'SUSPENSION_INVALIDE'
  | 'CALENDRIER_INVALIDE'
  | 'NOTIFICATION_INVALIDE';

/** Bad input to the deadline engine; `message` is French and says what to fix. */
export class DeadlineInputError extends Error {
  readonly code: DeadlineErrorCode;
  constructor(code: DeadlineErrorCode, message: string) {
    super(message);
    this.name = 'DeadlineInputError';
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const MONTHS_FR = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

// Digits of 'YYYY-MM-DD' read from char codes (a regular expression costs more than the whole
// deadline computation); -1 when the shape is wrong.
function digit(value: string, i: number): number {
  const c = value.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function parseDate(value: unknown, label: string): DayNumber {
  let year = -1;
  let month = -1;
  let day = -1;
  if (typeof value === 'string' && value.length === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45) {
    const y0 = digit(value, 0);
    const y1 = digit(value, 1);
    const y2 = digit(value, 2);
    const y3 = digit(value, 3);
    const m0 = digit(value, 5);
    const m1 = digit(value, 6);
    const d0 = digit(value, 8);
    const d1 = digit(value, 9);
    if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) >= 0) {
      year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
      month = m0 * 10 + m1;
      day = d0 * 10 + d1;
    }
  }
  if (year < 0) {
    throw new DeadlineInputError(
      'DATE_INVALIDE',
      value === undefined || value === null || value === ''
        ? `${label} : date manquante (format attendu AAAA-MM-JJ, ex. 2026-04-14).`
        : `${label} : « ${String(value)} » n'est pas une date au format AAAA-MM-JJ (ex. 2026-04-14).`,
    );
  }
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new DeadlineInputError('DATE_INVALIDE', `${label} : l'année ${year} est hors de la plage acceptée (${MIN_YEAR}–${MAX_YEAR}).`);
  }
  if (month < 1 || month > 12) {
    throw new DeadlineInputError('DATE_INVALIDE', `${label} : « ${value} » n'existe pas (le mois ${month} n'existe pas).`);
  }
  const max = daysInMonth(year, month);
  if (day < 1 || day > max) {
    throw new DeadlineInputError(
      'DATE_INVALIDE',
      `${label} : « ${value} » n'existe pas (${MONTHS_FR[month - 1] ?? ''} ${year} compte ${max} jours).`,
    );
  }
  return dayNumber(year, month, day);
}

const toIso = isoOfDay;

/** Checks that `value` is an existing calendar date 'YYYY-MM-DD'; throws a French DeadlineInputError otherwise. */
export function assertIsoDate(value: unknown, label = 'Date'): IsoDate {
  parseDate(value, label);
  return value as IsoDate;
}

/** True when `value` is an existing calendar date 'YYYY-MM-DD'. */
export function isIsoDate(value: unknown): value is IsoDate {
  try {
    parseDate(value, 'Date');
    return true;
  } catch {
    return false;
  }
}

function assertCalendar(calendar: HolidayCalendar): void {
  if (calendar !== 'metropole' && calendar !== 'alsace-moselle') {
    throw new DeadlineInputError(
      'CALENDRIER_INVALIDE',
      `Calendrier des jours fériés inconnu : « ${String(calendar)} » (attendu : métropole ou Alsace-Moselle).`,
    );
  }
}

function assertCount(days: number, label: string, max: number): void {
  if (!Number.isInteger(days) || days < 0 || days > max) {
    throw new DeadlineInputError('DUREE_INVALIDE', `${label} : « ${String(days)} » doit être un nombre entier entre 0 et ${max}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Working days
// ---------------------------------------------------------------------------------------------

// Working day (jour ouvré): Monday to Friday, not a public holiday (deadlines.md, Definitions).
function computeWorking(n: DayNumber, calendar: HolidayCalendar): boolean {
  const weekday = weekdayOf(n);
  if (weekday === 0 || weekday === 6) return false;
  return !holidayTable(civilDate(n)[0], calendar).has(n);
}

// Memo per calendar for the days 1970 … 2328: 0 = not computed yet, 1 = working, 2 = not.
const WORKING_MEMO_SIZE = 1 << 17;
const workingMemo: Partial<Record<HolidayCalendar, Uint8Array>> = {};

function isWorkingDate(n: DayNumber, calendar: HolidayCalendar): boolean {
  if (n < 0 || n >= WORKING_MEMO_SIZE) return computeWorking(n, calendar);
  const memo = (workingMemo[calendar] ??= new Uint8Array(WORKING_MEMO_SIZE));
  const known = memo[n];
  if (known === 1) return true;
  if (known === 2) return false;
  const working = computeWorking(n, calendar);
  memo[n] = working ? 1 : 2;
  return working;
}

function nonWorkingOf(n: DayNumber, calendar: HolidayCalendar): NonWorkingDay | null {
  const weekday = weekdayOf(n);
  const weekend = weekday === 6 ? 'saturday' : weekday === 0 ? 'sunday' : null;
  const holiday = holidayNameOfDay(n, calendar);
  if (weekend === null && holiday === null) return null;
  return { date: toIso(n), weekend, holiday };
}

/** True for Monday to Friday outside French public holidays of the given calendar. */
export function isWorkingDay(date: IsoDate, calendar: HolidayCalendar = 'metropole'): boolean {
  assertCalendar(calendar);
  return isWorkingDate(parseDate(date, 'Date'), calendar);
}

/** Why a day is not worked (weekend, holiday name), or null for a working day. */
export function nonWorkingDay(date: IsoDate, calendar: HolidayCalendar = 'metropole'): NonWorkingDay | null {
  assertCalendar(calendar);
  return nonWorkingOf(parseDate(date, 'Date'), calendar);
}

// Reg. 1182/71 art. 3(4): if the last day of a period (other than one in hours) is a Saturday,
// a Sunday or a public holiday, the period ends at the end of the next working day.
function rollDate(date: DayNumber, calendar: HolidayCalendar, steps?: ExplanationStep[]): DayNumber {
  let d = date;
  while (!isWorkingDate(d, calendar)) {
    if (steps !== undefined) {
      const day = nonWorkingOf(d, calendar);
      if (day !== null) steps.push({ kind: 'skip', day });
    }
    d += 1;
  }
  return d;
}

/** The date itself if it is a working day, else the next working day (Reg. 1182/71 art. 3(4)). */
export function rollForward(date: IsoDate, calendar: HolidayCalendar = 'metropole'): IsoDate {
  assertCalendar(calendar);
  return toIso(rollDate(parseDate(date, 'Date'), calendar));
}

const MAX_PERIOD_DAYS = 3660;

function addWorkingDaysDate(
  from: DayNumber,
  days: number,
  calendar: HolidayCalendar,
  skipped?: NonWorkingDay[],
): DayNumber {
  let d = from;
  let counted = 0;
  while (counted < days) {
    d += 1;
    if (isWorkingDate(d, calendar)) counted += 1;
    else if (skipped !== undefined) {
      const day = nonWorkingOf(d, calendar);
      if (day !== null) skipped.push(day);
    }
  }
  return d;
}

/**
 * `days` working days counted from the day after `from` (deadlines.md, algorithm 7;
 * Reg. 1182/71 art. 3(1): the day of the event is not counted). 0 days gives `from`.
 */
export function addWorkingDays(from: IsoDate, days: number, calendar: HolidayCalendar = 'metropole'): IsoDate {
  assertCalendar(calendar);
  assertCount(days, 'Nombre de jours ouvrés', MAX_PERIOD_DAYS);
  return toIso(addWorkingDaysDate(parseDate(from, 'Date de départ'), days, calendar));
}

/**
 * `from` + `days` calendar days, then the next working day if that day is not one
 * (deadlines.md, algorithm 8; Reg. 1182/71 art. 3(3) and 3(4)).
 */
export function calendarDaysDeadline(from: IsoDate, days: number, calendar: HolidayCalendar = 'metropole'): IsoDate {
  assertCalendar(calendar);
  assertCount(days, 'Nombre de jours', MAX_PERIOD_DAYS);
  return toIso(rollDate(parseDate(from, 'Date de départ') + days, calendar));
}

// ---------------------------------------------------------------------------------------------
// Hours (breaches)
// ---------------------------------------------------------------------------------------------

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

function parseInstant(value: unknown, label: string): number {
  const m = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  const bad = (): DeadlineInputError =>
    new DeadlineInputError(
      'INSTANT_INVALIDE',
      `${label} : « ${String(value)} » n'est pas un horodatage valide ; format attendu AAAA-MM-JJTHH:mm avec fuseau (ex. 2026-03-28T10:00:00+01:00).`,
    );
  if (m === null) throw bad();
  const [, datePart = '', hh = '', mm = '', ss = '0', frac = '', zone = 'Z'] = m;
  const [year, month, day] = civilDate(parseDate(datePart, label));
  const hour = Number(hh);
  const minute = Number(mm);
  const second = Number(ss);
  if (hour > 23 || minute > 59 || second > 59) throw bad();
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 18 || om > 59) throw bad();
    offsetMinutes = sign * (oh * 60 + om);
  }
  const millis = frac === '' ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  return (
    Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000
  );
}

/** True for an ISO 8601 instant with a time zone ('2026-03-28T10:00:00+01:00', '…Z'). */
export function isIsoInstant(value: unknown): value is string {
  try {
    parseInstant(value, 'Horodatage');
    return true;
  } catch {
    return false;
  }
}

function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * The instant `hours` real hours after `knownAt` (deadlines.md, algorithm 9), as
 * 'YYYY-MM-DDTHH:mm:ssZ'. Computed on instants, so a window across a daylight-saving change
 * is still N real hours. Reg. 1182/71 art. 3(1) would start an hours period at the next full
 * hour; the product keeps the earlier, stricter instant (sub-second precision is dropped,
 * which only makes it earlier).
 */
export function hoursDeadline(knownAt: string, hours: number): string {
  assertCount(hours, "Nombre d'heures", 24 * 3660);
  return formatUtc(parseInstant(knownAt, 'Horodatage') + hours * 3_600_000);
}

let parisFormatter: Intl.DateTimeFormat | undefined;
function parisParts(ms: number): Record<string, string> {
  parisFormatter ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts: Record<string, string> = {};
  for (const p of parisFormatter.formatToParts(new Date(ms))) parts[p.type] = p.value;
  return parts;
}

/**
 * The Europe/Paris calendar date of an instant: a request received at 23:30 Paris time on
 * the 31st was received on the 31st, whatever UTC says (deadlines.md, Definitions).
 */
export function parisDateOf(instant: string): IsoDate {
  const p = parisParts(parseInstant(instant, 'Horodatage'));
  return `${p.year ?? ''}-${p.month ?? ''}-${p.day ?? ''}`;
}

/** An instant shown in Paris time, French style: "29/03/2026 à 11:00". */
export function formatParisDateTime(instant: string): string {
  const p = parisParts(parseInstant(instant, 'Horodatage'));
  return `${p.day ?? ''}/${p.month ?? ''}/${p.year ?? ''} à ${p.hour ?? ''}:${p.minute ?? ''}`;
}

// ---------------------------------------------------------------------------------------------
// Suspensions (decree n° 2019-536)
// ---------------------------------------------------------------------------------------------

interface SuspensionPeriodDays {
  from: DayNumber;
  to: DayNumber;
  days: number;
}

interface SuspensionSummary {
  /** Calendar days of the closed suspensions (union of the periods). */
  days: number;
  periods: SuspensionPeriodDays[];
  /** Start of the open suspension, if any. */
  openSince: DayNumber | null;
}

const NO_SUSPENSION: SuspensionSummary = { days: 0, periods: [], openSince: null };

// deadlines.md, algorithm 5: suspended days = (information received − request for information
// sent), in calendar days, summed over the documented suspensions. Overlapping periods are
// counted once (union): the time limit is suspended while information is awaited
// (decree n° 2019-536), and two requests awaited at the same time do not suspend it twice.
// An open suspension (nothing received yet) leaves no date.
const FROM_LABEL = "Suspension, date de la demande d'informations";
const TO_LABEL = 'Suspension, date de réception des informations';

interface Interval {
  /** Days after receipt. */
  start: number;
  /** Days after receipt; +Infinity while open. */
  end: number;
}

function suspensionError(index: number, count: number, message: string): DeadlineInputError {
  return new DeadlineInputError('SUSPENSION_INVALIDE', `Suspension${count > 1 ? ` n° ${index + 1}` : ''} : ${message}`);
}

function summarizeSuspensions(received: DayNumber, suspensions: readonly Suspension[] | undefined): SuspensionSummary {
  if (suspensions === undefined || suspensions.length === 0) return NO_SUSPENSION;
  const count = suspensions.length;
  const intervals: Interval[] = [];
  for (let i = 0; i < count; i += 1) {
    const s = suspensions[i];
    if (s === undefined) continue;
    const from = parseDate(s.from, count > 1 ? `${FROM_LABEL} (n° ${i + 1})` : FROM_LABEL);
    const to = s.to === undefined || s.to === null ? null : parseDate(s.to, count > 1 ? `${TO_LABEL} (n° ${i + 1})` : TO_LABEL);
    if (from < received) {
      throw suspensionError(
        i,
        count,
        `la demande d'informations (${formatDateFr(toIso(from))}) ne peut pas précéder la réception de la demande (${formatDateFr(toIso(received))}).`,
      );
    }
    if (to !== null && to < from) {
      throw suspensionError(
        i,
        count,
        `les informations ne peuvent pas être reçues (${formatDateFr(toIso(to))}) avant d'avoir été demandées (${formatDateFr(toIso(from))}).`,
      );
    }
    intervals.push({ start: from - received, end: to === null ? Number.POSITIVE_INFINITY : to - received });
  }
  if (intervals.length > 1) intervals.sort((x, y) => x.start - y.start);
  const periods: SuspensionPeriodDays[] = [];
  let days = 0;
  let start = Number.NaN;
  let end = Number.NaN;
  for (let i = 0; i <= intervals.length; i += 1) {
    const next = intervals[i];
    if (next !== undefined && next.start <= end) {
      // Overlapping or touching the current period: extend it.
      if (next.end > end) end = next.end;
      continue;
    }
    if (!Number.isNaN(start)) {
      if (end === Number.POSITIVE_INFINITY) return { days, periods, openSince: received + start };
      days += end - start;
      periods.push({ from: received + start, to: received + end, days: end - start });
    }
    if (next !== undefined) {
      start = next.start;
      end = next.end;
    }
  }
  return { days, periods, openSince: null };
}

// ---------------------------------------------------------------------------------------------
// Response deadline (GDPR art. 12(3))
// ---------------------------------------------------------------------------------------------

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

function deadlineFrom(
  received: DayNumber,
  months: number,
  susp: SuspensionSummary,
  calendar: HolidayCalendar,
  steps?: ExplanationStep[],
  today?: DayNumber,
): DayNumber | null {
  // GDPR art. 12(3) and Reg. 1182/71 art. 3(1), 3(2)(c): a period in months ends on the day of
  // the last month with the same date as the receipt; if that date does not exist in that
  // month, on its last day. deadlines.md, algorithms 1-3: the extended period (3 months) runs
  // from receipt, not from the first deadline.
  const added = addMonthsClamped(received, months);
  let d = added.day;
  steps?.push({ kind: 'add-months', months, date: toIso(d), clampedDay: added.clampedDay });
  // Decree n° 2019-536: the closed suspensions push the end of the period by their length.
  if (susp.days > 0) {
    d += susp.days;
    steps?.push({
      kind: 'suspension',
      days: susp.days,
      date: toIso(d),
      periods: susp.periods.map((p): SuspensionPeriod => ({ from: toIso(p.from), to: toIso(p.to), days: p.days })),
    });
  }
  if (susp.openSince !== null) {
    steps?.push({
      kind: 'suspension-open',
      since: toIso(susp.openSince),
      today: today === undefined ? null : toIso(today),
      elapsedDays: today === undefined ? null : Math.max(0, today - susp.openSince),
    });
    return null;
  }
  d = rollDate(d, calendar, steps);
  steps?.push({ kind: 'result', date: toIso(d) });
  return d;
}

export interface ResponseDeadlineInput {
  receivedOn: IsoDate;
  /** Extended by two months (GDPR art. 12(3)): the deadline becomes receipt + 3 months. */
  extended?: boolean;
  suspensions?: readonly Suspension[];
  calendar?: HolidayCalendar;
}

/**
 * The deadline to answer a request: receipt + 1 month (+ 3 months once extended), plus the
 * days of closed suspensions, rolled to a working day (deadlines.md, algorithms 1-5).
 * Null while a suspension is open.
 */
export function responseDeadline(input: ResponseDeadlineInput): IsoDate | null {
  const calendar = input.calendar ?? 'metropole';
  assertCalendar(calendar);
  const received = parseDate(input.receivedOn, 'Date de réception');
  const susp = summarizeSuspensions(received, input.suspensions);
  const d = deadlineFrom(received, input.extended === true ? 3 : 1, susp, calendar);
  return d === null ? null : toIso(d);
}

function explain(
  subject: 'response' | 'extended',
  received: DayNumber,
  susp: SuspensionSummary,
  calendar: HolidayCalendar,
  today?: DayNumber,
): Explanation {
  const steps: ExplanationStep[] = [{ kind: 'start', event: 'request-received', date: toIso(received) }];
  const d = deadlineFrom(received, subject === 'extended' ? 3 : 1, susp, calendar, steps, today);
  const legalBasis = [...(subject === 'extended' ? LEGAL_EXTENDED : LEGAL_RESPONSE)];
  if (susp.days > 0 || susp.openSince !== null) legalBasis.push(LEGAL_SUSPENSION);
  return { subject, calendar, steps, result: d === null ? null : toIso(d), legalBasis };
}

/**
 * How the response deadline (or the extended one, if `extended`) is computed, step by step:
 * receipt, + 1 or 3 months, clamping, suspension days, each non-working day skipped with its
 * name, result. `today` only serves to count the days of an open suspension.
 */
export function explainDeadline(input: ResponseDeadlineInput & { today?: IsoDate }): Explanation {
  const calendar = input.calendar ?? 'metropole';
  assertCalendar(calendar);
  const received = parseDate(input.receivedOn, 'Date de réception');
  const today = input.today === undefined ? undefined : parseDate(input.today, "Date du jour");
  const susp = summarizeSuspensions(received, input.suspensions);
  return explain(input.extended === true ? 'extended' : 'response', received, susp, calendar, today);
}

// ---------------------------------------------------------------------------------------------
// Countdown
// ---------------------------------------------------------------------------------------------

export interface DaysLeft {
  /** Calendar days from today to the deadline: 0 on the day itself, negative once overdue. */
  calendar: number;
  /**
   * Working days after today up to the deadline included (0 on the day itself); once overdue,
   * minus the working days after the deadline up to today included.
   */
  working: number;
}

function daysLeftOf(deadline: DayNumber, today: DayNumber, calendar: HolidayCalendar): DaysLeft {
  const cal = deadline - today;
  const [lo, hi, sign] = cal >= 0 ? [today, deadline, 1] : [deadline, today, -1];
  let working = 0;
  for (let d = lo + 1; d <= hi; d += 1) {
    if (isWorkingDate(d, calendar)) working += 1;
  }
  return { calendar: cal, working: sign * working };
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return parseDate(to, 'Date') - parseDate(from, 'Date');
}

/** Days left (calendar and working) from `today` to `deadline`. */
export function daysRemaining(deadline: IsoDate, today: IsoDate, calendar: HolidayCalendar = 'metropole'): DaysLeft {
  assertCalendar(calendar);
  return daysLeftOf(parseDate(deadline, 'Échéance'), parseDate(today, 'Date du jour'), calendar);
}

/** Urgency of a deadline: suspended (null deadline), overdue, due within 7 calendar days, or ok. */
export function urgencyOf(daysLeft: DaysLeft | null): Urgency {
  if (daysLeft === null) return 'suspended';
  if (daysLeft.calendar < 0) return 'overdue';
  if (daysLeft.calendar <= DUE_SOON_DAYS) return 'due-soon';
  return 'ok';
}

export interface DeadlinesInput extends ResponseDeadlineInput {
  today: IsoDate;
}

export interface Deadlines {
  calendar: HolidayCalendar;
  extended: boolean;
  /** Receipt + 1 month (+ suspensions), rolled; null while a suspension is open. */
  responseDeadline: IsoDate | null;
  /** Receipt + 3 months (+ suspensions), rolled: what an extension gives (or gave); null while suspended. */
  extendedDeadline: IsoDate | null;
  /** The person must be told of an extension by then (GDPR art. 12(3); deadlines.md, algorithm 6). */
  extensionNoticeDue: IsoDate | null;
  /** The deadline in force: the extended one once extended, else the plain one. */
  current: IsoDate | null;
  /** Days of the closed suspensions. */
  suspendedDays: number;
  /** Present while a suspension is open. */
  openSuspensionSince?: IsoDate;
  /** Days elapsed since the open suspension started, at `today`. */
  openSuspensionDays?: number;
  daysLeft: DaysLeft | null;
  urgency: Urgency;
  /** Explanation of `current`. */
  explanation: Explanation;
  /** explanationText(explanation): the French sentence. */
  sentence: string;
  explanations: { response: Explanation; extended: Explanation };
}

/** Everything the product shows about a request's deadlines, for a given `today`. */
export function computeDeadlines(input: DeadlinesInput): Deadlines {
  const calendar = input.calendar ?? 'metropole';
  assertCalendar(calendar);
  const received = parseDate(input.receivedOn, 'Date de réception');
  const today = parseDate(input.today, 'Date du jour');
  const susp = summarizeSuspensions(received, input.suspensions);
  const extended = input.extended === true;
  const response = explain('response', received, susp, calendar, today);
  const ext = explain('extended', received, susp, calendar, today);
  const current = extended ? ext : response;
  const daysLeft = current.result === null ? null : daysLeftOf(parseDate(current.result, 'Échéance'), today, calendar);
  const result: Deadlines = {
    calendar,
    extended,
    responseDeadline: response.result,
    extendedDeadline: ext.result,
    extensionNoticeDue: response.result,
    current: current.result,
    suspendedDays: susp.days,
    daysLeft,
    urgency: urgencyOf(daysLeft),
    explanation: current,
    sentence: explanationText(current),
    explanations: { response, extended: ext },
  };
  if (susp.openSince !== null) {
    result.openSuspensionSince = toIso(susp.openSince);
    result.openSuspensionDays = Math.max(0, today - susp.openSince);
  }
  return result;
}

export type ExtensionCheck =
  | { ok: true; notifiedOn: IsoDate; noticeDue: IsoDate | null; late: boolean }
  | { ok: false; error: { code: 'PROLONGATION_TARDIVE' | 'NOTIFICATION_INVALIDE'; message: string } };

/**
 * Whether an extension can be recorded (deadlines.md, algorithm 6). The person must be told of
 * it, with its reasons, within one month of receipt (GDPR art. 12(3)). Without `notifiedOn`
 * the notice is taken as sent today, and refused once the notice date has passed; with
 * `notifiedOn` the extension is recorded, and flagged `late` if that date is after the due date
 * (the late date stays visible).
 */
export function checkExtension(input: {
  receivedOn: IsoDate;
  suspensions?: readonly Suspension[];
  calendar?: HolidayCalendar;
  today: IsoDate;
  notifiedOn?: IsoDate | null;
}): ExtensionCheck {
  const calendar = input.calendar ?? 'metropole';
  assertCalendar(calendar);
  const received = parseDate(input.receivedOn, 'Date de réception');
  const today = parseDate(input.today, 'Date du jour');
  const due = deadlineFrom(received, 1, summarizeSuspensions(received, input.suspensions), calendar);
  const dueIso = due === null ? null : toIso(due);
  if (input.notifiedOn !== undefined && input.notifiedOn !== null) {
    const notified = parseDate(input.notifiedOn, 'Date de notification de la prolongation');
    if (notified < received || notified > today) {
      return {
        ok: false,
        error: {
          code: 'NOTIFICATION_INVALIDE',
          message: `La date de notification de la prolongation (${formatDateFr(input.notifiedOn)}) doit être comprise entre la réception de la demande (${formatDateFr(toIso(received))}) et aujourd'hui (${formatDateFr(toIso(today))}).`,
        },
      };
    }
    return { ok: true, notifiedOn: input.notifiedOn, noticeDue: dueIso, late: due !== null && notified > due };
  }
  if (due !== null && today > due) {
    return {
      ok: false,
      error: {
        code: 'PROLONGATION_TARDIVE',
        message: `La prolongation devait être notifiée à la personne, avec ses motifs, au plus tard le ${formatDateFr(toIso(due))} (RGPD art. 12(3)). Si elle l'a été, indiquez la date à laquelle elle a été notifiée : une date postérieure restera signalée comme tardive.`,
      },
    };
  }
  return { ok: true, notifiedOn: toIso(today), noticeDue: dueIso, late: false };
}

// ---------------------------------------------------------------------------------------------
// Processor obligations (seed 003, annex 2)
// ---------------------------------------------------------------------------------------------

/** Seed 003 annex 2: forward a rights request "au plus tard dans un délai de 3 jours ouvrés". */
export const PROCESSOR_FORWARD_WORKING_DAYS = 3;
/** Seed 003 annex 2: delete or modify data "dans un délai de 15 jours calendaires maximum". */
export const PROCESSOR_DELETION_DAYS = 15;

/**
 * When a processor (the ENT vendor) that received a rights request must have forwarded it to
 * the controllers: 3 working days counted from the day after receipt (seed 003 annex 2;
 * deadlines.md, algorithm 7).
 */
export function processorDeadlines(
  receivedByProcessorOn: IsoDate,
  calendar: HolidayCalendar = 'metropole',
): { forwardBy: IsoDate; explanation: Explanation; sentence: string } {
  assertCalendar(calendar);
  const start = parseDate(receivedByProcessorOn, 'Date de réception par le sous-traitant');
  const skipped: NonWorkingDay[] = [];
  const d = toIso(addWorkingDaysDate(start, PROCESSOR_FORWARD_WORKING_DAYS, calendar, skipped));
  const explanation: Explanation = {
    subject: 'processor-forward',
    calendar,
    steps: [
      { kind: 'start', event: 'processor-received', date: toIso(start) },
      { kind: 'add-working-days', days: PROCESSOR_FORWARD_WORKING_DAYS, date: d, skipped },
      { kind: 'result', date: d },
    ],
    result: d,
    legalBasis: [
      'Convention (annexe 2, clause sous-traitant) : transmettre les demandes d’exercice de droit au plus tard dans un délai de 3 jours ouvrés',
      'Règlement n° 1182/71, art. 3(1) : le jour de la réception ne compte pas',
    ],
  };
  return { forwardBy: d, explanation, sentence: explanationText(explanation) };
}

/**
 * When a processor instructed to delete or modify data must have done it: 15 calendar days
 * after the instruction, rolled to the next working day (seed 003 annex 2; deadlines.md,
 * algorithm 8; Reg. 1182/71 art. 3(3), 3(4)).
 */
export function deletionDeadline(
  instructedOn: IsoDate,
  calendar: HolidayCalendar = 'metropole',
): { deleteBy: IsoDate; explanation: Explanation; sentence: string } {
  assertCalendar(calendar);
  const start = parseDate(instructedOn, "Date de l'instruction");
  const plain = start + PROCESSOR_DELETION_DAYS;
  const steps: ExplanationStep[] = [
    { kind: 'start', event: 'deletion-instructed', date: toIso(start) },
    { kind: 'add-days', days: PROCESSOR_DELETION_DAYS, date: toIso(plain) },
  ];
  const d = toIso(rollDate(plain, calendar, steps));
  steps.push({ kind: 'result', date: d });
  const explanation: Explanation = {
    subject: 'deletion',
    calendar,
    steps,
    result: d,
    legalBasis: [
      'Convention (annexe 2, clause sous-traitant) : supprimer ou modifier les données dans un délai de 15 jours calendaires maximum',
      'Règlement n° 1182/71, art. 3(3) et 3(4) : jours calendaires ; un délai qui expire un samedi, un dimanche ou un jour férié expire le jour ouvré suivant',
    ],
  };
  return { deleteBy: d, explanation, sentence: explanationText(explanation) };
}
