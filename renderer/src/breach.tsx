// Breaches on screen: live hour countdowns on the deadlines the service computed (core/breaches/
// countdowns.ts), re-read every second against the clock of this machine, and the Paris wall
// clock the forms type. The state words are never colour alone.
import { useEffect, useState } from 'react';
import type { BreachDeadlineOut } from '../../core/api/contract';
import { formatHours } from '../../core/breaches/countdowns';
import { parisLocal } from '../../core/breaches/time';
import { formatParisDateTime } from '../../core/deadlines';
import { DateField } from './DateField';
import { Field } from './ui';

/** The current instant (ms), updated every `everyMs`. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(t);
  }, [everyMs]);
  return now;
}

export const parisTime = (instant: string | null) => (instant ? formatParisDateTime(instant) : '—');

/** Now in Paris, as a form's date ('YYYY-MM-DD') and time ('HH:mm') fields hold it. */
export function parisNowParts(): { date: string; time: string } {
  const local = parisLocal(Date.now());
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

type Live = { tone: 'overdue' | 'due-soon' | 'ok' | 'closed' | 'suspended'; badge: string; text: string };

/** A deadline's state at `now`: the service's state, moved on by the time passed since. */
export function liveState(d: BreachDeadlineOut, now: number): Live {
  switch (d.state) {
    case 'done':
      return { tone: 'ok', badge: 'Fait', text: `fait le ${parisTime(d.doneAt)}` };
    case 'done-late':
      return { tone: 'overdue', badge: 'Fait en retard', text: `fait le ${parisTime(d.doneAt)}, en retard de ${formatHours(d.lateByMs ?? 0)}` };
    case 'not-required':
      return { tone: 'closed', badge: 'Plus dû', text: d.note };
    case 'not-applicable':
      return { tone: 'closed', badge: 'Sans objet', text: d.note };
    case 'waiting':
      return { tone: 'suspended', badge: 'En attente', text: d.note };
    default: {
      if (d.dueAt === null) return { tone: 'due-soon', badge: 'Sans délai', text: d.note };
      const left = Date.parse(d.dueAt) - now;
      if (left < 0) return { tone: 'overdue', badge: 'En retard', text: `en retard de ${formatHours(-left)}` };
      return { tone: left < 6 * 3_600_000 ? 'due-soon' : 'ok', badge: 'À faire', text: `reste ${formatHours(left)}` };
    }
  }
}

/** The live countdown of one deadline: badge, then time left or late, or when it was done. */
export function Countdown({ deadline, now }: { deadline: BreachDeadlineOut; now: number }) {
  const s = liveState(deadline, now);
  return (
    <span className="countdown">
      <span className={`badge badge-${s.tone}`}>{s.badge}</span> <span className="countdown-text">{s.text}</span>
    </span>
  );
}

/** 'H:mm' or 'HH:mm' (or 'HHhmm') as 'HH:mm'; anything else as typed, so the service names it. */
function normalTime(text: string): string {
  const m = /^\s*(\d{1,2})\s*[:hH]\s*(\d{2})\s*$/.exec(text);
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : text.trim();
}

/** A date and time field pair, read as Paris time; `value` is 'YYYY-MM-DDTHH:mm' (or what was typed). */
export function DateTimeField({ label, value, onChange, error, hint }: { label: string; value: string; onChange: (v: string) => void; error?: string | undefined; hint?: string }) {
  const [date = '', time = ''] = value.split('T');
  return (
    <fieldset className="datetime">
      <legend>{label}</legend>
      {hint && <p className="hint">{hint}</p>}
      <DateField label="Date" value={date} onChange={(d) => onChange(`${d}T${time}`)} error={error} />
      <Field label="Heure (Paris)" hint="hh:mm">
        {(p) => <input {...p} className="time-input" inputMode="numeric" autoComplete="off" placeholder="hh:mm" value={time} onChange={(e) => onChange(`${date}T${e.target.value}`)} onBlur={(e) => onChange(`${date}T${normalTime(e.target.value)}`)} />}
      </Field>
    </fieldset>
  );
}

/** A DateTimeField value as the service reads it ('YYYY-MM-DDTHH:mm'). */
export function asLocal(value: string): string {
  const [date = '', time = ''] = value.split('T');
  return `${date}T${normalTime(time)}`;
}

/** Now in Paris as a DateTimeField value. */
export const parisNowValue = () => {
  const n = parisNowParts();
  return `${n.date}T${n.time}`;
};
