// Countdown: days left (calendar and working) and urgency, and `computeDeadlines`, everything
// the product shows about a request's deadlines for a given day.
import type { HolidayCalendar, IsoDate } from '../domain';
import { type Explanation, explanationText } from '../explain';
import type { DayNumber } from '../holidays';
import { assertCalendar, parseDate, toIso } from './dates';
import { type ResponseDeadlineInput, explainAll } from './response';
import { DUE_SOON_DAYS, type Urgency } from './types';
import { workingDaysAfter } from './working-days';

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
  return { calendar: cal, working: cal >= 0 ? workingDaysAfter(today, deadline, calendar) : -workingDaysAfter(deadline, today, calendar) };
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
