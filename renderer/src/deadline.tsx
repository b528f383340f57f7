import { useId } from 'react';
import type { DeadlineInfo } from '../../core/api/contract';
import { frDate } from './format';

const URGENCY_LABELS: Record<DeadlineInfo['urgency'], string> = {
  overdue: 'En retard',
  'due-soon': 'Sous 7 jours',
  ok: 'Dans les délais',
  suspended: 'Suspendu',
  closed: 'Terminée',
};

/** Urgency as text and colour (never colour alone). */
export function UrgencyBadge({ urgency }: { urgency: DeadlineInfo['urgency'] }) {
  return <span className={`badge badge-${urgency}`}>{URGENCY_LABELS[urgency]}</span>;
}

export function daysLeftText(d: DeadlineInfo): string {
  if (!d.daysLeft) return d.urgency === 'suspended' ? `suspendu (${d.suspendedDays} j)` : '';
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
        {deadline.dueOn ? frDate(deadline.dueOn) : 'suspendu'}
      </span>
      <span role="tooltip" id={id} className="tip-text">
        {deadline.explanation}
      </span>
    </span>
  );
}
