// Which backups to keep: the rotation is data (KEEP) and one small function, so the policy can be
// read and tested without files. Daily backups: one per day for the last 7 days that have one,
// then the newest of each of the 4 weeks before; the other kinds: the newest N.
import { dayNumber, weekdayOf } from '../../holidays';
import type { BackupKind } from './calls';

export const KEEP = {
  days: 7,
  weeks: 4,
  /** Copies taken before a migration: a start that fails again and again does not fill the disk. */
  'avant-migration': 3,
  manuelle: 10,
  /** Files set aside by a restoration (what the register held before it). */
  remplacee: 5,
} as const;

export interface RotatedBackup {
  name: string;
  kind: BackupKind;
  /** ISO instant it was taken. */
  at: string;
  /** Its calendar day in Europe/Paris, 'YYYY-MM-DD' (the host knows the time zone). */
  day: string;
}

/** Monday of the day's week, as a day number. */
function weekOf(day: string): number {
  const n = dayNumber(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)));
  return n - ((weekdayOf(n) + 6) % 7);
}

/** The names of the backups the rotation drops. */
export function backupsToDelete(backups: readonly RotatedBackup[]): string[] {
  const newestFirst = [...backups].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const drop: string[] = [];
  const days = new Set<string>();
  const weeks = new Set<number>();
  const counts: Partial<Record<BackupKind, number>> = {};
  for (const b of newestFirst) {
    if (b.kind === 'quotidienne') {
      if (!days.has(b.day) && days.size < KEEP.days) {
        days.add(b.day);
        continue;
      }
      const week = weekOf(b.day);
      if (!days.has(b.day) && !weeks.has(week) && weeks.size < KEEP.weeks) {
        weeks.add(week);
        continue;
      }
      drop.push(b.name);
      continue;
    }
    const n = (counts[b.kind] ?? 0) + 1;
    counts[b.kind] = n;
    if (n > KEEP[b.kind]) drop.push(b.name);
  }
  return drop;
}
