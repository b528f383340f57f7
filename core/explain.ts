// Structured explanation of a computed date, and its rendering as one French sentence
// ("reçue le 14/04/2026 · + 1 mois = 14/05/2026 (Ascension) → vendredi 15/05/2026").
// core/deadlines.ts builds the explanations; the UI shows explanationText() on hover or in the
// detail view, and may render the steps itself.
import type { Day } from 'date-fns';
import { fr } from 'date-fns/locale/fr';
import type { HolidayCalendar, IsoDate } from './domain';

export type DeadlineSubject = 'response' | 'extended' | 'processor-forward' | 'deletion';

/** The event the period runs from (its day is not counted: Reg. 1182/71 art. 3(1)). */
export type StartEvent = 'request-received' | 'processor-received' | 'deletion-instructed';

/** A day that is not a working day, and why. */
export interface NonWorkingDay {
  date: IsoDate;
  weekend: 'saturday' | 'sunday' | null;
  /** French name of the public holiday, or null. */
  holiday: string | null;
}

export interface SuspensionPeriod {
  from: IsoDate;
  to: IsoDate;
  days: number;
}

export type ExplanationStep =
  | { kind: 'start'; event: StartEvent; date: IsoDate }
  /** Same day-of-month `months` later; `clampedDay` is the day that does not exist in that month. */
  | { kind: 'add-months'; months: number; date: IsoDate; clampedDay: number | null }
  | { kind: 'add-days'; days: number; date: IsoDate }
  /** N working days counted from the day after the start; the non-working days met on the way. */
  | { kind: 'add-working-days'; days: number; date: IsoDate; skipped: NonWorkingDay[] }
  | { kind: 'suspension'; days: number; date: IsoDate; periods: SuspensionPeriod[] }
  /** An open suspension: no date until the information asked for is received. */
  | { kind: 'suspension-open'; since: IsoDate; today: IsoDate | null; elapsedDays: number | null }
  /** The date reached is not a working day: the period ends on the next one (Reg. 1182/71 art. 3(4)). */
  | { kind: 'skip'; day: NonWorkingDay }
  | { kind: 'result'; date: IsoDate }
  /**
   * Identity documents asked for after the deadline had passed: the expired period is not
   * suspended (deadlines.md, algorithm 3). `to` is null while they are still awaited.
   */
  | { kind: 'suspension-not-counted'; from: IsoDate; to: IsoDate | null }
  /** A request for clarification (recital 63): recorded, suspends nothing. */
  | { kind: 'clarification'; from: IsoDate; to: IsoDate | null }
  /** The extension was notified after `due`: it does not take effect (deadlines.md, algorithm 6). */
  | { kind: 'extension-late'; notifiedOn: IsoDate; due: IsoDate }
  /**
   * A contract deadline "N jours calendaires maximum" that falls on a non-working day: not
   * moved (deadlines.md, algorithm 8).
   */
  | { kind: 'contract-not-rolled'; day: NonWorkingDay; days: number };

export interface Explanation {
  subject: DeadlineSubject;
  calendar: HolidayCalendar;
  steps: ExplanationStep[];
  /** The computed date; null while a suspension is open. */
  result: IsoDate | null;
  /** French citations of the texts applied, for a tooltip or a footnote. */
  legalBasis: string[];
}

// Explanations hold dates that were validated when computed: a light parse is enough here.
function toDate(iso: IsoDate): Date {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return new Date(y, m - 1, d, 12);
}

/** 'dd/MM/yyyy' (e.g. 15/05/2026): the digits of the ISO date, reordered (same as date-fns format, faster). */
export function formatDateFr(iso: IsoDate): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** 'EEEE dd/MM/yyyy' in French (e.g. vendredi 15/05/2026): date-fns' French day name, then the digits (a list page formats hundreds). */
export function formatDateLongFr(iso: IsoDate): string {
  return `${fr.localize.day(toDate(iso).getDay() as Day, { width: 'wide' })} ${formatDateFr(iso)}`;
}

/** French label of a non-working day: "samedi", "Ascension", "samedi, Assomption". */
function nonWorkingDayLabel(day: NonWorkingDay): string {
  const weekend = day.weekend === 'saturday' ? 'samedi' : day.weekend === 'sunday' ? 'dimanche' : null;
  if (weekend !== null && day.holiday !== null) return `${weekend}, ${day.holiday}`;
  return weekend ?? day.holiday ?? 'jour non ouvré';
}

/**
 * The note of a contract deadline in calendar days that falls on a non-working day
 * (deadlines.md, algorithm 8): "jour férié (Noël) : la date n'est pas reportée, le contrat dit
 * 15 jours calendaires maximum".
 */
export function contractNotRolledNote(day: NonWorkingDay, days: number): string {
  const what: string[] = [];
  if (day.weekend !== null) what.push(day.weekend === 'saturday' ? 'samedi' : 'dimanche');
  if (day.holiday !== null) what.push(`jour férié (${day.holiday})`);
  return `${what.join(', ')} : la date n'est pas reportée, le contrat dit ${plural(days, 'jour calendaire', 'jours calendaires')} maximum`;
}

const START_LABELS: Record<StartEvent, string> = {
  'request-received': 'reçue le',
  'processor-received': 'reçue par le sous-traitant le',
  'deletion-instructed': 'instruction donnée le',
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${Math.abs(n) >= 2 ? many : one}`;
}

interface ChainNode {
  prefix: string;
  date: IsoDate;
  notes: string[];
  final: boolean;
}

/**
 * The explanation as one French sentence: segments joined by " · ", each non-working day
 * met when rolling forward shown with its name, the final date with its weekday.
 */
export function explanationText(explanation: Explanation): string {
  const segments: string[] = [];
  let chain: ChainNode[] = [];

  const flush = (): void => {
    if (chain.length === 0) return;
    segments.push(
      chain
        .map((node) => {
          const date = node.final ? formatDateLongFr(node.date) : formatDateFr(node.date);
          const notes = node.notes.length > 0 ? ` (${node.notes.join(' ; ')})` : '';
          return `${node.prefix}${date}${notes}`;
        })
        .join(' → '),
    );
    chain = [];
  };
  const startChain = (prefix: string, date: IsoDate, notes: string[] = []): void => {
    flush();
    chain = [{ prefix, date, notes, final: false }];
  };

  for (const step of explanation.steps) {
    switch (step.kind) {
      case 'start':
        flush();
        segments.push(`${START_LABELS[step.event]} ${formatDateFr(step.date)}`);
        break;
      case 'add-months': {
        const notes =
          step.clampedDay === null
            ? []
            : [`pas de ${String(step.clampedDay).padStart(2, '0')}/${step.date.slice(5, 7)} : dernier jour du mois`];
        startChain(`+ ${step.months} mois = `, step.date, notes);
        break;
      }
      case 'add-days':
        startChain(`+ ${plural(step.days, 'jour', 'jours')} = `, step.date);
        break;
      case 'add-working-days': {
        const skipped =
          step.skipped.length > 0
            ? `, sans compter ${step.skipped.map((d) => `${formatDateFr(d.date)} (${nonWorkingDayLabel(d)})`).join(', ')}`
            : '';
        startChain(`+ ${plural(step.days, 'jour ouvré', 'jours ouvrés')}${skipped} = `, step.date);
        break;
      }
      case 'suspension': {
        const periods = step.periods.map((p) => `du ${formatDateFr(p.from)} au ${formatDateFr(p.to)}`).join(', ');
        startChain(`+ ${plural(step.days, 'jour', 'jours')} de suspension (${periods}) = `, step.date);
        break;
      }
      case 'suspension-open': {
        flush();
        const elapsed =
          step.elapsedDays !== null && step.today !== null
            ? ` (${plural(step.elapsedDays, 'jour écoulé', 'jours écoulés')} au ${formatDateFr(step.today)})`
            : '';
        segments.push(`suspendu depuis le ${formatDateFr(step.since)}${elapsed}, dans l'attente des informations demandées`);
        break;
      }
      case 'skip': {
        const last = chain[chain.length - 1];
        const note = nonWorkingDayLabel(step.day);
        if (last !== undefined && last.date === step.day.date) last.notes.push(note);
        else chain.push({ prefix: '', date: step.day.date, notes: [note], final: false });
        break;
      }
      case 'suspension-not-counted': {
        flush();
        const received = step.to === null ? ', toujours attendues' : `, reçues le ${formatDateFr(step.to)}`;
        segments.push(
          `pièces d'identité demandées le ${formatDateFr(step.from)}${received} : après l'échéance, le délai déjà expiré n'est pas suspendu`,
        );
        break;
      }
      case 'clarification': {
        flush();
        const received = step.to === null ? '' : ` (réponse reçue le ${formatDateFr(step.to)})`;
        segments.push(
          `demande de précisions du ${formatDateFr(step.from)}${received} : elle ne suspend pas le délai (seule la vérification de l'identité le suspend)`,
        );
        break;
      }
      case 'extension-late':
        flush();
        segments.push(
          `prolongation notifiée le ${formatDateFr(step.notifiedOn)}, après le ${formatDateFr(step.due)} : tardive, elle ne prolonge pas le délai`,
        );
        break;
      case 'contract-not-rolled':
        flush();
        segments.push(contractNotRolledNote(step.day, step.days));
        break;
      case 'result': {
        const last = chain[chain.length - 1];
        // A skipped day is never the result, so a node with the same date is the one reached
        // by the last addition (possibly with a clamping note): show its weekday.
        if (last !== undefined && last.date === step.date) last.final = true;
        else chain.push({ prefix: chain.length === 0 ? '= ' : '', date: step.date, notes: [], final: true });
        break;
      }
    }
  }
  flush();
  return segments.join(' · ');
}
