// Suspensions (decree n° 2019-536): which requests for information suspend (identity ones, not
// clarifications), merged, and how they move a deadline (deadlines.md, algorithms 3 and 5).
import type { HolidayCalendar } from '../domain';
import { formatDateFr } from '../explain';
import type { DayNumber } from '../holidays';
import { parseDate, toIso } from './dates';
import { DeadlineInputError, type Suspension } from './types';
import { rollDate } from './working-days';

/** A suspension, parsed: day numbers, `to` = +Infinity while open. */
export interface SuspensionDays {
  from: DayNumber;
  to: number;
}

export interface SuspensionSet {
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
export function parseSuspensions(received: DayNumber, suspensions: readonly Suspension[] | undefined): SuspensionSet {
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
export interface SuspendedBase {
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
export function applySuspensions(base: DayNumber, set: SuspensionSet, calendar: HolidayCalendar): SuspendedBase {
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
