// Hours (breaches): instants with a time zone, periods in real hours, and Paris dates and times
// of an instant.
import type { IsoDate } from '../domain';
import { civilDate } from '../holidays';
import { assertCount, parseDate } from './dates';
import { DeadlineInputError } from './types';

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
