// Extension of the response deadline (GDPR art. 12(3); deadlines.md, algorithm 6): whether it
// can be recorded, and whether its notice is late.
import type { HolidayCalendar, IsoDate } from '../domain';
import { formatDateFr } from '../explain';
import type { DayNumber } from '../holidays';
import { assertCalendar, parseDate, toIso } from './dates';
import { deadlineFrom } from './response';
import { parseSuspensions } from './suspensions';
import type { Suspension } from './types';

export type ExtensionCheck =
  | {
      ok: true;
      notifiedOn: IsoDate;
      noticeDue: IsoDate | null;
      /** Notified after `noticeDue`: recorded, but the extension does not take effect. */
      late: boolean;
      /** French warning, present when `late`. */
      warning?: string;
    }
  | {
      ok: false;
      /** 'PROLONGATION_TARDIVE' is no longer returned (a late notice is recorded, flagged late). */
      error: { code: 'PROLONGATION_TARDIVE' | 'NOTIFICATION_INVALIDE'; message: string };
    };

function lateExtensionWarning(notified: DayNumber, due: DayNumber): string {
  return `Prolongation notifiée le ${formatDateFr(toIso(notified))}, après le ${formatDateFr(toIso(due))}, date limite pour informer la personne (RGPD art. 12(3)) : elle est enregistrée mais ne prend pas effet ; l'échéance reste le ${formatDateFr(toIso(due))} et la demande est en retard.`;
}

/**
 * Whether an extension can be recorded (deadlines.md, algorithm 6). The person must be told of
 * it, with its reasons, within one month of receipt (GDPR art. 12(3)): the notice is due by the
 * one-month response deadline. Without `notifiedOn` the notice is taken as sent today. A notice
 * after the due date is recorded and flagged `late` (with a French `warning`): "A late notice
 * is recorded and shown, but the deadline in force stays the one-month deadline". A notice
 * date before receipt or after today is refused.
 */
export function checkExtension(input: {
  receivedOn: IsoDate;
  suspensions?: readonly Suspension[] | undefined;
  calendar?: HolidayCalendar;
  today: IsoDate;
  notifiedOn?: IsoDate | null;
}): ExtensionCheck {
  const calendar = input.calendar ?? 'metropole';
  assertCalendar(calendar);
  const received = parseDate(input.receivedOn, 'Date de réception');
  const today = parseDate(input.today, 'Date du jour');
  const due = deadlineFrom(received, 1, parseSuspensions(received, input.suspensions), calendar).date;
  const dueIso = due === null ? null : toIso(due);
  let notified = today;
  if (input.notifiedOn !== undefined && input.notifiedOn !== null) {
    notified = parseDate(input.notifiedOn, 'Date de notification de la prolongation');
    if (notified < received || notified > today) {
      return {
        ok: false,
        error: {
          code: 'NOTIFICATION_INVALIDE',
          message: `La date de notification de la prolongation (${formatDateFr(input.notifiedOn)}) doit être comprise entre la réception de la demande (${formatDateFr(toIso(received))}) et aujourd'hui (${formatDateFr(toIso(today))}).`,
        },
      };
    }
  }
  // While the one-month period is suspended (no date) it has not expired: not late.
  if (due !== null && notified > due) {
    return { ok: true, notifiedOn: toIso(notified), noticeDue: dueIso, late: true, warning: lateExtensionWarning(notified, due) };
  }
  return { ok: true, notifiedOn: toIso(notified), noticeDue: dueIso, late: false };
}
