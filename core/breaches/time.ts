// Paris wall-clock times as the user types them ('2026-11-13T17:40', a datetime field) and the
// instants the deadlines run on. The offset is read from the time-zone database (Intl), never
// assumed: +01:00 in winter, +02:00 in summer. A time that does not exist in Paris (the skipped
// hour, 29/03/2026 02:30) is refused; a time that exists twice (the repeated hour, 25/10/2026
// 02:30) is taken at its first occurrence, the earlier and so stricter start of every deadline.
// Pure.
import { DomainError } from '../errors';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

let formatter: Intl.DateTimeFormat | undefined;
/** The Paris wall-clock reading of an instant, as 'YYYY-MM-DDTHH:mm'. */
export function parisLocal(instant: string | number): string {
  formatter ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const p: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(instant))) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The instant (UTC ISO 'YYYY-MM-DDTHH:mm:00Z') of a Paris wall-clock time, or a French refusal
 * naming the field.
 */
export function parisInstant(local: string, field: string, label: string): string {
  const m = LOCAL.exec(local);
  const bad = (why: string) => new DomainError('HEURE_INVALIDE', `${label} : ${why}`, { [field]: `${label} : ${why}` });
  if (!m) throw bad('date et heure attendues (jj/mm/aaaa hh:mm).');
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // Paris is UTC+1 or UTC+2: try the larger offset first, so a repeated hour gives the earlier instant.
  for (const offsetHours of [2, 1]) {
    const candidate = asUtc - offsetHours * 3_600_000;
    if (parisLocal(candidate) === local) return `${new Date(candidate).toISOString().slice(0, 16)}:00Z`;
  }
  throw bad("cette heure n'existe pas à Paris (changement d'heure) ou la date n'existe pas.");
}
