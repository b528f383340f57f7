import { useId } from 'react';
import type { DeadlineInfo } from '../../core/api/contract';
import type { Status } from '../../core/domain';
import { frDate } from './format';

const URGENCY_LABELS: Record<DeadlineInfo['urgency'], string> = {
  overdue: 'En retard',
  'due-soon': 'Sous 7 jours',
  ok: 'Dans les délais',
  suspended: 'Suspendu',
  closed: 'Terminée',
};

/**
 * A deadline that no longer runs says why: « Terminée » only for a closed request; an answered
 * one is « Répondue »; for one declared inadmissible, withdrawn or cancelled it is « Sans objet ».
 */
const ENDED_LABELS: Partial<Record<Status, string>> = { closed: 'Terminée', answered: 'Répondue' };

/** Urgency as text and colour (never colour alone). */
export function UrgencyBadge({ urgency, status }: { urgency: DeadlineInfo['urgency']; status: Status }) {
  const label = urgency === 'closed' ? (ENDED_LABELS[status] ?? 'Sans objet') : URGENCY_LABELS[urgency];
  return <span className={`badge badge-${urgency}`}>{label}</span>;
}

export function daysLeftText(d: DeadlineInfo): string {
  // Beside the « Suspendu » badge: how long, without saying « suspendu » twice.
  if (!d.daysLeft) return d.urgency === 'suspended' ? `depuis ${d.suspendedDays} j` : '';
  const { calendar, working } = d.daysLeft;
  if (calendar < 0) return `dépassée de ${-calendar} j`;
  if (calendar === 0) return "aujourd'hui";
  return `J-${calendar} (${working} j ouvré${working > 1 ? 's' : ''})`;
}

/** The deadline, with how it was computed on hover and keyboard focus. */
export function DeadlineDate({ deadline }: { deadline: DeadlineInfo }) {
  const id = useId();
  return (
    <span className="tip">
      <span tabIndex={0} aria-describedby={id} className="tip-target">
        {deadline.dueOn ? frDate(deadline.dueOn) : 'en attente des pièces'}
      </span>
      <span role="tooltip" id={id} className="tip-text">
        {deadline.explanation}
      </span>
    </span>
  );
}

/**
 * What a handed-over request waits for, seen from this office: the handing office follows it
 * (« réponse du co-responsable le … » once known), the office it was handed to answers it.
 */
export function handoverText(handover: { answeredOn: string | null } | null, answeredHere: boolean): string | null {
  if (!handover) return null;
  if (answeredHere) return handover.answeredOn ? `réponse envoyée le ${frDate(handover.answeredOn)}` : 'reçue du co-responsable : à traiter';
  return handover.answeredOn ? `réponse du co-responsable le ${frDate(handover.answeredOn)}` : 'réponse attendue du co-responsable';
}
