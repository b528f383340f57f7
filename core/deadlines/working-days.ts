// Working days (deadlines.md, Definitions) and the roll to the next working day
// (Reg. 1182/71 art. 3(4)); periods in working days and in calendar days.
import type { HolidayCalendar, IsoDate } from '../domain';
import type { ExplanationStep, NonWorkingDay } from '../explain';
import { type DayNumber, civilDate, holidayNameOfDay, holidayTable, weekdayOf } from '../holidays';
import { assertCalendar, assertCount, parseDate, toIso } from './dates';

// Working day (jour ouvré): Monday to Friday, not a public holiday (deadlines.md, Definitions).
function computeWorking(n: DayNumber, calendar: HolidayCalendar): boolean {
  const weekday = weekdayOf(n);
  if (weekday === 0 || weekday === 6) return false;
  return !holidayTable(civilDate(n)[0], calendar).has(n);
}

// Memo per calendar for the days 1970 … 2328: 0 = not computed yet, 1 = working, 2 = not.
const WORKING_MEMO_SIZE = 1 << 17;
const workingMemo: Partial<Record<HolidayCalendar, Uint8Array>> = {};

export function isWorkingDate(n: DayNumber, calendar: HolidayCalendar): boolean {
  if (n < 0 || n >= WORKING_MEMO_SIZE) return computeWorking(n, calendar);
  const memo = (workingMemo[calendar] ??= new Uint8Array(WORKING_MEMO_SIZE));
  const known = memo[n];
  if (known === 1) return true;
  if (known === 2) return false;
  const working = computeWorking(n, calendar);
  memo[n] = working ? 1 : 2;
  return working;
}

// Working days from 1970-01-01 up to each day included, per calendar, over the memo's range
// (filled as far as used): the working days between two dates in two reads, not one per day
// (a list page counts them from today to each of its deadlines, years back for the oldest).
const workingCounts: Partial<Record<HolidayCalendar, { counts: Int32Array; filled: number }>> = {};

function workingCountTo(n: DayNumber, calendar: HolidayCalendar): number {
  const table = (workingCounts[calendar] ??= { counts: new Int32Array(WORKING_MEMO_SIZE), filled: -1 });
  const { counts } = table;
  for (let d = table.filled + 1; d <= n; d++) counts[d] = (d > 0 ? counts[d - 1]! : 0) + (isWorkingDate(d, calendar) ? 1 : 0);
  if (n > table.filled) table.filled = n;
  return counts[n]!;
}

/** The working days after `from` up to `to` included (0 when `to` is not after `from`). */
export function workingDaysAfter(from: DayNumber, to: DayNumber, calendar: HolidayCalendar): number {
  if (to <= from) return 0;
  if (from >= 0 && to < WORKING_MEMO_SIZE) return workingCountTo(to, calendar) - workingCountTo(from, calendar);
  let working = 0;
  for (let d = from + 1; d <= to; d += 1) if (isWorkingDate(d, calendar)) working += 1;
  return working;
}

export function nonWorkingOf(n: DayNumber, calendar: HolidayCalendar): NonWorkingDay | null {
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
export function rollDate(date: DayNumber, calendar: HolidayCalendar, steps?: ExplanationStep[]): DayNumber {
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

export const MAX_PERIOD_DAYS = 3660;

export function addWorkingDaysDate(
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
