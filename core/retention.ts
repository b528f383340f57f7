// How long a closed request is kept (issue 15, « Keep it only as long as needed »): GDPR art.
// 5(1)(e) (storage limitation: kept no longer than necessary for the purposes) read with art. 5(2)
// and 24 (accountability: the controllers must be able to demonstrate that they answered). The
// agreement's default, 5 years after closure, is the time the joint controllers may need to prove
// their answer: the ordinary limitation period of actions (Code civil art. 2224, five years), the
// longest of the remedies a person may bring about an answer. After it, the request is anonymised:
// its personal values removed, its statistics row kept. Pure.
import type { IsoDate } from './domain';

export const DEFAULT_RETENTION_YEARS = 5;
export const MIN_RETENTION_YEARS = 1;
export const MAX_RETENTION_YEARS = 30;

/** Shown beside the value in the agreement's settings. */
export const RETENTION_REASON =
  "Le temps dont les responsables conjoints peuvent avoir besoin pour prouver leur réponse (RGPD art. 5.2 et 24) : la prescription de droit commun des actions est de cinq ans (Code civil art. 2224). Au-delà, la demande est anonymisée (RGPD art. 5.1.e, limitation de la conservation) : ses statistiques restent.";

/** The French refusal of a period that is not one, or null. */
export function retentionProblem(years: number): string | null {
  if (!Number.isInteger(years) || years < MIN_RETENTION_YEARS || years > MAX_RETENTION_YEARS) {
    return `Durée de conservation : un nombre entier d'années entre ${MIN_RETENTION_YEARS} et ${MAX_RETENTION_YEARS} (5 ans par défaut).`;
  }
  return null;
}

/**
 * The day a closed request's retention ends: the same day `years` later (a 29 February closure
 * ends on 28 February of a common year). The request may be anonymised from that day on.
 */
export function retentionEnd(closedOn: IsoDate, years: number): IsoDate {
  const [y, m, d] = closedOn.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether a request closed on `closedOn` is past its retention on `today`. */
export const isPastRetention = (closedOn: IsoDate, years: number, today: IsoDate): boolean => retentionEnd(closedOn, years) <= today;
