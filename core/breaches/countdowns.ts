// The hour deadlines of a breach, on real instants (../shared/deadlines.md, algorithm 9: the
// instant of knowledge plus N elapsed hours, so a window across a daylight-saving change is
// still N real hours; core/deadlines/hours.ts computes it), and their state now: running,
// overdue, done on time, done late, waiting for the step they run from, or not applicable (with
// why). `now` is an argument: no clock here. Pure.
import { formatParisDateTime, hoursDeadline } from '../deadlines';
import type { BreachDeadlineKind, BreachDeadlineRule, BreachRuleSet, Discoverer } from './rules';

export const DEADLINE_STATES = ['running', 'overdue', 'done', 'done-late', 'waiting', 'not-required', 'not-applicable'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

/** What has happened to a breach so far, as its deadlines need it (instants ISO, with zone). */
export interface BreachFacts {
  knownAt: string;
  discoveredBy: Discoverer;
  /** An IT security incident with no personal data: no CNIL, no persons, no crisis cell. */
  securityIncidentOnly: boolean;
  /** When the DPDs (and RSSI) were notified on the declaration form. */
  notifiedAt: string | null;
  /** When each 24-hour update of the form was sent, in order. */
  updates: string[];
  crisisCellAt: string | null;
  /** The crisis cell's (or the parties') decision on the CNIL notification. */
  cnilDecision: { decision: 'notify' | 'not-notify'; at: string } | null;
  cnilNotifiedAt: string | null;
  highRisk: boolean;
  personsInformedAt: string | null;
  closedAt: string | null;
}

export interface BreachDeadline {
  kind: BreachDeadlineKind;
  label: string;
  to: string;
  clause: string;
  hours: number | null;
  /** The instant due (UTC ISO); null for "sans délai excessif" or when nothing runs yet. */
  dueAt: string | null;
  doneAt: string | null;
  state: DeadlineState;
  /** Milliseconds: left before dueAt (running), or late (overdue, done late); else null. */
  remainingMs: number | null;
  lateByMs: number | null;
  /** French: how it was computed, or why it does not apply. */
  note: string;
}

const ms = (instant: string) => Date.parse(instant);
const at = (instant: string) => formatParisDateTime(instant);

/** "23 h 05 min", "2 h 00 min", "0 h 45 min": hours are the unit of these deadlines. */
export function formatHours(milliseconds: number): string {
  const minutes = Math.floor(Math.abs(milliseconds) / 60_000);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function doneOrRunning(rule: BreachDeadlineRule, dueAt: string, doneAt: string | null, now: string, note: string): BreachDeadline {
  const base = { kind: rule.kind, label: rule.label, to: rule.to, clause: rule.clause, hours: rule.hours, dueAt, doneAt };
  if (doneAt !== null) {
    const late = ms(doneAt) - ms(dueAt);
    return late > 0
      ? { ...base, state: 'done-late', remainingMs: null, lateByMs: late, note: `${note} Fait le ${at(doneAt)}, en retard de ${formatHours(late)}.` }
      : { ...base, state: 'done', remainingMs: null, lateByMs: null, note: `${note} Fait le ${at(doneAt)}.` };
  }
  const left = ms(dueAt) - ms(now);
  return left >= 0
    ? { ...base, state: 'running', remainingMs: left, lateByMs: null, note }
    : { ...base, state: 'overdue', remainingMs: null, lateByMs: -left, note };
}

function without(rule: BreachDeadlineRule, state: DeadlineState, note: string, dueAt: string | null = null, doneAt: string | null = null): BreachDeadline {
  return { kind: rule.kind, label: rule.label, to: rule.to, clause: rule.clause, hours: rule.hours, dueAt, doneAt, state, remainingMs: null, lateByMs: null, note };
}

const plus = (instant: string, hours: number) => hoursDeadline(instant, hours);

/** Each deadline of the rule set for this breach, as it stands at `now`. */
export function breachDeadlines(rules: BreachRuleSet, facts: BreachFacts, now: string): BreachDeadline[] {
  const personalData = !facts.securityIncidentOnly;
  const known = `à compter de la connaissance (${at(facts.knownAt)})`;
  return rules.deadlines.map((rule): BreachDeadline => {
    const hours = rule.hours ?? 0;
    if (rule.discoveredBy && !rule.discoveredBy.includes(facts.discoveredBy)) {
      return without(rule, 'not-applicable', 'Ne s’applique pas : la violation n’a pas été découverte par cette partie.');
    }
    switch (rule.kind) {
      case 'processor-notification':
      case 'commune-alert':
      case 'dpd-notification':
        return doneOrRunning(rule, plus(facts.knownAt, hours), facts.notifiedAt, now, `${hours} heures ${known}.`);
      case 'crisis-cell': {
        if (!personalData) return without(rule, 'not-applicable', 'Incident de sécurité sans données personnelles : pas de décision de notification à prendre.');
        if (facts.notifiedAt === null) {
          const latest = plus(plus(facts.knownAt, 24), hours);
          return without(rule, 'waiting', `Court à compter de la notification aux DPD, pas encore faite (au plus tard le ${at(latest)} si elle est faite à son échéance).`, latest);
        }
        return doneOrRunning(rule, plus(facts.notifiedAt, hours), facts.crisisCellAt, now, `${hours} heures à compter de la notification (${at(facts.notifiedAt)}).`);
      }
      case 'update': {
        if (facts.notifiedAt === null) return without(rule, 'waiting', 'Court à compter de la notification aux DPD, pas encore faite.');
        const last = facts.updates.length > 0 ? facts.updates[facts.updates.length - 1]! : facts.notifiedAt;
        const what = facts.updates.length > 0 ? `la mise à jour n° ${facts.updates.length}` : 'la notification';
        if (facts.closedAt !== null) {
          return without(rule, 'not-required', `Incident résolu le ${at(facts.closedAt)} : plus de mise à jour due (${facts.updates.length} mise${facts.updates.length > 1 ? 's' : ''} à jour envoyée${facts.updates.length > 1 ? 's' : ''}).`, null, facts.closedAt);
        }
        return doneOrRunning(rule, plus(last, hours), null, now, `Prochaine mise à jour ${hours} heures après ${what} (${at(last)}), jusqu’à résolution.`);
      }
      case 'cnil-agreement':
      case 'cnil-gdpr': {
        if (!personalData) return without(rule, 'not-applicable', 'Incident de sécurité sans données personnelles : pas de notification à la CNIL.');
        const dueAt = plus(facts.knownAt, hours);
        if (facts.cnilNotifiedAt === null && facts.cnilDecision?.decision === 'not-notify') {
          return without(rule, 'not-required', `Décision de ne pas notifier, motivée et conservée au registre, le ${at(facts.cnilDecision.at)}.`, dueAt, facts.cnilDecision.at);
        }
        return doneOrRunning(rule, dueAt, facts.cnilNotifiedAt, now, `${hours} heures ${known}.`);
      }
      case 'persons': {
        if (!personalData || !facts.highRisk) {
          return without(rule, 'not-applicable', 'Seulement si la violation est susceptible d’engendrer un risque élevé pour les personnes (RGPD art. 34).');
        }
        if (facts.personsInformedAt !== null) return without(rule, 'done', `Personnes informées le ${at(facts.personsInformedAt)}.`, null, facts.personsInformedAt);
        return { ...without(rule, 'running', 'Risque élevé : informer les personnes sans délai excessif, sans attendre la fin de l’enquête.'), remainingMs: null };
      }
    }
  });
}

/** Whether a deadline still asks for something (running, overdue or waiting). */
export const isPending = (d: BreachDeadline) => d.state === 'running' || d.state === 'overdue' || d.state === 'waiting';

/**
 * The most urgent deadline of an open breach: an overdue one first (the longest overdue), then
 * the running one due soonest; null when nothing with an hour count is pending.
 */
export function mostUrgent(deadlines: BreachDeadline[]): BreachDeadline | null {
  const overdue = deadlines.filter((d) => d.state === 'overdue').sort((a, b) => (b.lateByMs ?? 0) - (a.lateByMs ?? 0));
  if (overdue[0]) return overdue[0];
  const running = deadlines.filter((d) => d.state === 'running' && d.dueAt !== null).sort((a, b) => ms(a.dueAt!) - ms(b.dueAt!));
  return running[0] ?? null;
}
