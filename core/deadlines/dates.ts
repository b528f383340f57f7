// Dates: reading 'YYYY-MM-DD' into day numbers (core/holidays.ts) with French errors, and the
// checks of the other inputs (calendar, counts).
import type { HolidayCalendar, IsoDate } from '../domain';
import { type DayNumber, MAX_YEAR, MIN_YEAR, dayNumber, daysInMonth, isoOfDay } from '../holidays';
import { DeadlineInputError } from './types';

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

export function parseDate(value: unknown, label: string): DayNumber {
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

export const toIso = isoOfDay;

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

export function assertCalendar(calendar: HolidayCalendar): void {
  if (calendar !== 'metropole' && calendar !== 'alsace-moselle') {
    throw new DeadlineInputError(
      'CALENDRIER_INVALIDE',
      `Calendrier des jours fériés inconnu : « ${String(calendar)} » (attendu : métropole ou Alsace-Moselle).`,
    );
  }
}

export function assertCount(days: number, label: string, max: number): void {
  if (!Number.isInteger(days) || days < 0 || days > max) {
    throw new DeadlineInputError('DUREE_INVALIDE', `${label} : « ${String(days)} » doit être un nombre entier entre 0 et ${max}.`);
  }
}
