// The French calendar the deadline engine runs on: day numbers, Easter, public holidays.
// Pure: no clock, no platform API.
//
// Why day numbers and not date-fns here: the deadline engine must answer 1,000,000
// responseDeadline calls in under a second (issue 4, "Speed"), and every date-fns operation
// goes through local-time Date objects (a time-zone lookup each time), which alone costs about
// that budget. Dates are therefore handled as integers (days since 1970-01-01, proleptic
// Gregorian calendar, no time zone at all), with the two classic conversions below. The
// property tests (tests/core/calendar.test.ts) check them day by day against date-fns
// (addDays, addMonths, getDay) over 2000–2100; date-fns formats the French dates (explain.ts).
import type { HolidayCalendar, IsoDate } from './domain';
import { DomainError } from './errors';

/** Years accepted: the Gregorian computus is valid from 1583; ISO dates have 4-digit years. */
export const MIN_YEAR = 1583;
export const MAX_YEAR = 9999;

export class InvalidYearError extends DomainError {
  constructor(year: unknown) {
    super('ANNEE_INVALIDE', `Année invalide : « ${String(year)} ». Indiquez une année entière entre ${MIN_YEAR} et ${MAX_YEAR}.`);
  }
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) throw new InvalidYearError(year);
}

// ---------------------------------------------------------------------------------------------
// Day numbers
// ---------------------------------------------------------------------------------------------

/** A calendar date as the number of days since 1970-01-01 (a Thursday). */
export type DayNumber = number;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Number of days in a month (1-12). */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_LENGTHS[month - 1] ?? 0);
}

/** Day number of a civil date (H. Hinnant, "chrono-compatible low-level date algorithms"). */
export function dayNumber(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date [year, month 1-12, day] of a day number (inverse of dayNumber). */
export function civilDate(n: DayNumber): [year: number, month: number, day: number] {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Day of the week, 0 = Sunday … 6 = Saturday (as Date#getDay). */
export function weekdayOf(n: DayNumber): number {
  return (((n + 4) % 7) + 7) % 7;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// Memo of the ISO strings of the days 1970-01-01 … 2328 (filled as used): formatting is the
// costliest step of a deadline computation.
const ISO_MEMO_SIZE = 1 << 17;
const isoMemo: (string | undefined)[] = [];

/** 'YYYY-MM-DD' of a day number. */
export function isoOfDay(n: DayNumber): IsoDate {
  const inRange = n >= 0 && n < ISO_MEMO_SIZE;
  if (inRange) {
    const hit = isoMemo[n];
    if (hit !== undefined) return hit;
  }
  const [y, m, d] = civilDate(n);
  const iso = `${y}-${pad2(m)}-${pad2(d)}`;
  if (inRange) isoMemo[n] = iso;
  return iso;
}

/**
 * Same day-of-month `months` later, clamped to the last day of that month when it does not
 * exist (Reg. 1182/71 art. 3(2)(c); deadlines.md, algorithm 1). Returns the day number and the
 * day-of-month that had to be clamped (null when none).
 */
export function addMonthsClamped(n: DayNumber, months: number): { day: DayNumber; clampedDay: number | null } {
  const [y, m, d] = civilDate(n);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = daysInMonth(year, month);
  return d > last ? { day: dayNumber(year, month, last), clampedDay: d } : { day: dayNumber(year, month, d), clampedDay: null };
}

// ---------------------------------------------------------------------------------------------
// Easter and public holidays
// ---------------------------------------------------------------------------------------------

export interface PublicHoliday {
  date: IsoDate;
  /** French name, shown to the user ("Lundi de Pâques"). */
  name: string;
}

/**
 * Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher),
 * as [month 1-12, day].
 */
function easterMonthDay(year: number): [month: number, day: number] {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

/** Easter Sunday as an IsoDate. */
export function easterSunday(year: number): IsoDate {
  const [month, day] = easterMonthDay(year);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Holidays of one year: day number → French name. */
type YearTable = Map<DayNumber, string>;

// Cache per (calendar, year): deadlines are computed millions of times (bench), holidays once.
const cache: Record<HolidayCalendar, Map<number, YearTable>> = {
  metropole: new Map(),
  'alsace-moselle': new Map(),
};

function buildYear(year: number, calendar: HolidayCalendar): YearTable {
  const [em, ed] = easterMonthDay(year);
  const easter = dayNumber(year, em, ed);
  const fixed = (month: number, day: number): DayNumber => dayNumber(year, month, day);
  const table: YearTable = new Map();
  // Ascension can fall on 1 or 8 May (2008: 1 May): keep both names on the same day.
  const add = (n: DayNumber, name: string): void => {
    const existing = table.get(n);
    table.set(n, existing === undefined ? name : `${existing} et ${name}`);
  };
  // Code du travail, art. L3133-1: the 11 public holidays (metropolitan France).
  add(fixed(1, 1), "Jour de l'an");
  add(easter + 1, 'Lundi de Pâques');
  add(fixed(5, 1), 'Fête du Travail');
  add(fixed(5, 8), 'Victoire 1945');
  add(easter + 39, 'Ascension');
  add(easter + 50, 'Lundi de Pentecôte');
  add(fixed(7, 14), 'Fête nationale');
  add(fixed(8, 15), 'Assomption');
  add(fixed(11, 1), 'Toussaint');
  add(fixed(11, 11), 'Armistice 1918');
  add(fixed(12, 25), 'Noël');
  if (calendar === 'alsace-moselle') {
    // Code du travail, art. L3134-13 (local law of Bas-Rhin, Haut-Rhin, Moselle): 26 December
    // (Saint-Étienne) and Good Friday are also public holidays. The text limits Good Friday to
    // communes with a Protestant or mixed church; the product applies it to the whole
    // calendar, as deadlines.md says (in practice the day is off in all three départements).
    add(easter - 2, 'Vendredi saint');
    add(fixed(12, 26), 'Saint-Étienne');
  }
  return table;
}

/** The holidays of a year, day number → name (cached; do not mutate). */
export function holidayTable(year: number, calendar: HolidayCalendar = 'metropole'): ReadonlyMap<DayNumber, string> {
  const perCalendar = cache[calendar] as Map<number, YearTable> | undefined;
  if (perCalendar === undefined) {
    throw new Error(`Calendrier des jours fériés inconnu : « ${String(calendar)} » (attendu : métropole ou Alsace-Moselle).`);
  }
  let table = perCalendar.get(year);
  if (table === undefined) {
    assertYear(year);
    table = buildYear(year, calendar);
    perCalendar.set(year, table);
  }
  return table;
}

/** French name of the public holiday on that day, or null. */
export function holidayNameOfDay(n: DayNumber, calendar: HolidayCalendar = 'metropole'): string | null {
  return holidayTable(civilDate(n)[0], calendar).get(n) ?? null;
}

/**
 * French public holidays of a year, sorted by date. Metropolitan calendar by default
 * (Code du travail art. L3133-1, the list in force today applied to any year);
 * 'alsace-moselle' adds Good Friday and 26 December (art. L3134-13).
 */
export function frenchPublicHolidays(year: number, calendar: HolidayCalendar = 'metropole'): PublicHoliday[] {
  const table = holidayTable(year, calendar);
  return [...table.entries()].sort(([a], [b]) => a - b).map(([n, name]) => ({ date: isoOfDay(n), name }));
}
