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
  contractNotRolledNote,
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
  contractNotRolledNote,
  explanationText,
  formatDateFr,
  formatDateLongFr,
  type Explanation,
  type ExplanationStep,
  type NonWorkingDay,
} from './explain';
import { DomainError } from './errors';

/**
 * A documented request for information sent to the requester: identity documents (GDPR
 * art. 12(6), decree n° 2019-536: suspends the time limits until received) or clarification
 * of what is asked (recital 63: recorded, suspends nothing). deadlines.md, Sources.
 */
export interface Suspension {
  /** Date the request for information was sent. */
  from: IsoDate;
  /** Date the information was received; absent or null while still awaited (open suspension). */
  to?: IsoDate | null;
  /** What was asked; absent = 'identity' (the only kind that suspends). */
  kind?: SuspensionKind;
}

export type SuspensionKind = 'identity' | 'clarification';

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
export class DeadlineInputError extends DomainError {
  declare readonly code: DeadlineErrorCode;
  constructor(code: DeadlineErrorCode, message: string) {
    super(code, message);
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

/** A suspension, parsed: day numbers, `to` = +Infinity while open. */
interface SuspensionDays {
  from: DayNumber;
  to: number;
}

interface SuspensionSet {
  /**
   * The identity suspensions, overlapping (or touching) ones merged, in order of start
   * (deadlines.md, algorithm 3). An open one absorbs every later one, so it is always last.
   */
  merged: SuspensionDays[];
  /** The clarification requests (recital 63): recorded, shown, never counted. */
  clarifications: SuspensionDays[];
}

const NO_SUSPENSION: SuspensionSet = { merged: [], clarifications: [] };

const FROM_LABEL = "Suspension, date de la demande d'informations";
const TO_LABEL = 'Suspension, date de réception des informations';

function suspensionError(index: number, count: number, message: string): DeadlineInputError {
  return new DeadlineInputError('SUSPENSION_INVALIDE', `Suspension${count > 1 ? ` n° ${index + 1}` : ''} : ${message}`);
}

/**
 * Checks the suspensions and keeps the ones that suspend.
 * deadlines.md, Sources: "The product suspends only for a documented identity request
 * (date sent, date received, what was asked). A request for clarification of what is asked
 * (recital 63) is recorded and sent as a letter, but does not suspend anything" (GDPR
 * art. 12(6), decree n° 2019-536). A suspension without `kind` is an identity one.
 * deadlines.md, algorithm 3: "merge the suspensions that overlap (a day is suspended once,
 * however many requests are pending), take them in order of start". Two periods that touch
 * (information received the day the next request is sent) are one continuous suspension.
 */
function parseSuspensions(received: DayNumber, suspensions: readonly Suspension[] | undefined): SuspensionSet {
  if (suspensions === undefined || suspensions.length === 0) return NO_SUSPENSION;
  const count = suspensions.length;
  const identity: SuspensionDays[] = [];
  const clarifications: SuspensionDays[] = [];
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
    const kind = s.kind ?? 'identity';
    if (kind !== 'identity' && kind !== 'clarification') {
      throw suspensionError(i, count, `nature inconnue « ${String(kind)} » (attendu : identité ou précisions).`);
    }
    const days: SuspensionDays = { from, to: to === null ? Number.POSITIVE_INFINITY : to };
    (kind === 'identity' ? identity : clarifications).push(days);
  }
  if (identity.length > 1) identity.sort((x, y) => x.from - y.from);
  const merged: SuspensionDays[] = [];
  for (const next of identity) {
    const last = merged[merged.length - 1];
    if (last !== undefined && next.from <= last.to) {
      if (next.to > last.to) last.to = next.to;
    } else {
      merged.push({ from: next.from, to: next.to });
    }
  }
  if (clarifications.length > 1) clarifications.sort((x, y) => x.from - y.from);
  return { merged, clarifications };
}

/** How the suspensions apply to one deadline. */
interface SuspendedBase {
  /** The base date moved by the suspensions counted (not rolled yet). */
  date: DayNumber;
  /** Calendar days of the closed suspensions counted. */
  days: number;
  counted: SuspensionDays[];
  /** Start of an open suspension that counts: the deadline is "suspendu", with no date. */
  openSince: DayNumber | null;
  /** Suspensions that started after this deadline had passed: they change nothing. */
  notCounted: SuspensionDays[];
}

/**
 * deadlines.md, algorithm 3: "for each one that starts on or before rollForward(base) (the
 * period is still running), add its length to base". "A suspension that starts after a
 * deadline has passed changes nothing for that deadline": a suspension stops a period that is
 * still running, it cannot revive one that has expired (compare Code civil art. 2230).
 * Algorithm 5: length = date information received − date it was asked for, in calendar days;
 * an open suspension that started while the period was running leaves no date.
 */
function applySuspensions(base: DayNumber, set: SuspensionSet, calendar: HolidayCalendar): SuspendedBase {
  let date = base;
  let days = 0;
  const counted: SuspensionDays[] = [];
  const merged = set.merged;
  for (let i = 0; i < merged.length; i += 1) {
    const s = merged[i] as SuspensionDays;
    if (s.from > rollDate(date, calendar)) {
      // Later suspensions start later still, and the base no longer moves: none counts.
      return { date, days, counted, openSince: null, notCounted: merged.slice(i) };
    }
    if (s.to === Number.POSITIVE_INFINITY) return { date, days, counted, openSince: s.from, notCounted: [] };
    const length = s.to - s.from;
    date += length;
    days += length;
    counted.push(s);
  }
  return { date, days, counted, openSince: null, notCounted: [] };
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

function deadlineFrom(
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
  extended?: boolean;
  /**
   * When the person was told of the extension, with its reasons. After the extension notice
   * due date (the one-month deadline) the extension does not take effect (deadlines.md,
   * algorithm 6). Absent or null: taken as notified in time.
   */
  extensionNotifiedOn?: IsoDate | null;
  /** Identity suspensions (and clarification requests, which suspend nothing). */
  suspensions?: readonly Suspension[];
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

function explainAll(input: ResponseDeadlineInput, today?: DayNumber): AllExplanations {
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
  /** An extension was recorded (`input.extended`), in force or not: see `extensionInForce`. */
  extended: boolean;
  /** The extension was recorded and notified in time: the extended deadline is in force. */
  extensionInForce: boolean;
  /**
   * The extension was notified after `extensionNoticeDue`: recorded and shown, but the
   * deadline in force stays the one-month deadline (deadlines.md, algorithm 6).
   */
  extensionLate: boolean;
  /**
   * Receipt + 1 month (+ the identity suspensions that started before it), rolled; null while
   * an open suspension suspends it.
   */
  responseDeadline: IsoDate | null;
  /**
   * Receipt + 3 months (+ the identity suspensions that started before it), rolled: what an
   * extension gives (or gave); null while an open suspension suspends it.
   */
  extendedDeadline: IsoDate | null;
  /** The person must be told of an extension by then (GDPR art. 12(3); deadlines.md, algorithm 6). */
  extensionNoticeDue: IsoDate | null;
  /** The deadline in force: the extended one once extended in time, else the one-month one. */
  current: IsoDate | null;
  /** Days of the closed suspensions counted for the deadline in force. */
  suspendedDays: number;
  /** Present while an open suspension suspends the deadline in force (urgency 'suspended'). */
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
  const today = parseDate(input.today, 'Date du jour');
  const { a, response, extended, current } = explainAll(input, today);
  const inForce = a.extensionInForce ? a.extended : a.response;
  // deadlines.md, algorithm 5: "suspendu" only for an open suspension that started while the
  // period in force was running; one opened after expiry leaves the date (and the overdue).
  const daysLeft = inForce.date === null ? null : daysLeftOf(inForce.date, today, a.calendar);
  const result: Deadlines = {
    calendar: a.calendar,
    extended: input.extended === true,
    extensionInForce: a.extensionInForce,
    extensionLate: a.extensionLate,
    responseDeadline: response.result,
    extendedDeadline: extended.result,
    extensionNoticeDue: response.result,
    current: current.result,
    suspendedDays: inForce.suspended.days,
    daysLeft,
    urgency: urgencyOf(daysLeft),
    explanation: current,
    sentence: explanationText(current),
    explanations: { response, extended },
  };
  const openSince = inForce.suspended.openSince;
  if (openSince !== null) {
    result.openSuspensionSince = toIso(openSince);
    result.openSuspensionDays = Math.max(0, today - openSince);
  }
  return result;
}

export type ExtensionCheck =
  | {
      ok: true;
      notifiedOn: IsoDate;
      noticeDue: IsoDate | null;
      /** Notified after `noticeDue`: recorded, but the extension does not take effect. */
      late: boolean;
      /** French warning, present when `late`. */
      warning?: string;
    }
  | {
      ok: false;
      /** 'PROLONGATION_TARDIVE' is no longer returned (a late notice is recorded, flagged late). */
      error: { code: 'PROLONGATION_TARDIVE' | 'NOTIFICATION_INVALIDE'; message: string };
    };

function lateExtensionWarning(notified: DayNumber, due: DayNumber): string {
  return `Prolongation notifiée le ${formatDateFr(toIso(notified))}, après le ${formatDateFr(toIso(due))}, date limite pour informer la personne (RGPD art. 12(3)) : elle est enregistrée mais ne prend pas effet ; l'échéance reste le ${formatDateFr(toIso(due))} et la demande est en retard.`;
}

/**
 * Whether an extension can be recorded (deadlines.md, algorithm 6). The person must be told of
 * it, with its reasons, within one month of receipt (GDPR art. 12(3)): the notice is due by the
 * one-month response deadline. Without `notifiedOn` the notice is taken as sent today. A notice
 * after the due date is recorded and flagged `late` (with a French `warning`): "A late notice
 * is recorded and shown, but the deadline in force stays the one-month deadline". A notice
 * date before receipt or after today is refused.
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
  const due = deadlineFrom(received, 1, parseSuspensions(received, input.suspensions), calendar).date;
  const dueIso = due === null ? null : toIso(due);
  let notified = today;
  if (input.notifiedOn !== undefined && input.notifiedOn !== null) {
    notified = parseDate(input.notifiedOn, 'Date de notification de la prolongation');
    if (notified < received || notified > today) {
      return {
        ok: false,
        error: {
          code: 'NOTIFICATION_INVALIDE',
          message: `La date de notification de la prolongation (${formatDateFr(input.notifiedOn)}) doit être comprise entre la réception de la demande (${formatDateFr(toIso(received))}) et aujourd'hui (${formatDateFr(toIso(today))}).`,
        },
      };
    }
  }
  // While the one-month period is suspended (no date) it has not expired: not late.
  if (due !== null && notified > due) {
    return { ok: true, notifiedOn: toIso(notified), noticeDue: dueIso, late: true, warning: lateExtensionWarning(notified, due) };
  }
  return { ok: true, notifiedOn: toIso(notified), noticeDue: dueIso, late: false };
}

// ---------------------------------------------------------------------------------------------
// Processor obligations (seed 003, annex 2 X.4): contract deadlines of that agreement only
// ---------------------------------------------------------------------------------------------

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
