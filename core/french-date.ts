// Dates as a French user types them: jj/mm/aaaa, whatever the browser's locale. The API keeps
// ISO dates ('YYYY-MM-DD'); the date field of the renderer (renderer/src/DateField.tsx) reads
// and writes through these two functions, so every form and filter says the same thing.
import { format, getDaysInMonth } from 'date-fns';
import { fr } from 'date-fns/locale/fr';
import type { IsoDate } from './domain';
import { formatDateFr } from './explain';

export type FrenchDateResult =
  | { kind: 'empty' }
  | { kind: 'date'; iso: IsoDate }
  | { kind: 'invalid'; message: string };

const EXAMPLE = 'Écrivez la date sous la forme jj/mm/aaaa, par exemple 05/03/2026.';

/**
 * Reads a date typed in French order: 5/3/2026, 05/03/2026, 05.03.2026, 05-03-2026, 05032026,
 * 05/03/26 (20xx), and an ISO date pasted as is (2026-03-05). An impossible date gets a French
 * sentence saying what is wrong; `min` and `max` (ISO) bound it.
 */
export function parseFrenchDate(text: string, bounds: { min?: IsoDate | undefined; max?: IsoDate | undefined } = {}): FrenchDateResult {
  const t = text.trim();
  if (t === '') return { kind: 'empty' };
  let d: number;
  let m: number;
  let y: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const french = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{2}|\d{4})$/.exec(t);
  const compact = /^(\d{2})(\d{2})(\d{4})$/.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (french) {
    [d, m, y] = [Number(french[1]), Number(french[2]), Number(french[3])];
    if (french[3]!.length === 2) y += 2000;
  } else if (compact) [d, m, y] = [Number(compact[1]), Number(compact[2]), Number(compact[3])];
  else return { kind: 'invalid', message: `Date illisible. ${EXAMPLE}` };
  if (y < 1900 || y > 2199) return { kind: 'invalid', message: `Année ${y} improbable. ${EXAMPLE}` };
  if (m < 1 || m > 12) return { kind: 'invalid', message: `Date impossible : il n'y a pas de mois ${m}, le mois va de 01 à 12.` };
  const monthName = format(new Date(y, m - 1, 1), 'LLLL', { locale: fr });
  const days = getDaysInMonth(new Date(y, m - 1, 1));
  if (d < 1 || d > days) {
    return {
      kind: 'invalid',
      message: `Date impossible : le ${d} ${monthName} ${y} n'existe pas (${monthName} ${y} compte ${days} jours).`,
    };
  }
  const value = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (bounds.min && value < bounds.min) return { kind: 'invalid', message: `La date ne peut pas être avant le ${formatDateFr(bounds.min)}.` };
  if (bounds.max && value > bounds.max) return { kind: 'invalid', message: `La date ne peut pas dépasser le ${formatDateFr(bounds.max)}.` };
  return { kind: 'date', iso: value };
}

/** An ISO date as the field shows it (jj/mm/aaaa); anything else is kept as typed. */
export function frenchDateText(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDateFr(value) : value;
}

/** Whether a value is an ISO date the API takes ('YYYY-MM-DD'). */
export const isIsoDate = (value: string): value is IsoDate => /^\d{4}-\d{2}-\d{2}$/.test(value);
