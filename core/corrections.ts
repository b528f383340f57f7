// Correcting what was typed (issue 13): which facts of a saved request may be corrected, how a
// change reads in the history, which received dates are unlikely enough to be questioned, and
// what a correction does to the allocation. Pure: today and the rules are arguments.
//
// A correction never rewrites the past silently: each one is an event with its reason and the
// before/after of every column it changed (core/api/context.ts `act`), and the deadlines and the
// allocation are recomputed from the corrected facts (deadlines.md, "What the user sees":
// "Changing the received date … recomputes the dates and writes an event").
import { format, parseISO, subMonths } from 'date-fns';
import type { Allocation, AllocationState, PendingDecision } from './allocation';
import { daysBetween } from './deadlines';
import {
  CHANNEL_LABELS,
  MEDIUM_LABELS,
  PARTY_LABELS,
  REQUESTER_CATEGORY_LABELS,
  RIGHT_LABELS,
  type Channel,
  type IsoDate,
  type Medium,
  type Party,
  type RequesterCategory,
  type Right,
} from './domain';
import { DomainError } from './errors';
import { formatDateFr } from './explain';

/** The facts of a request a correction may change, with their French names. */
export const CORRECTABLE_FIELDS = {
  receivedOn: 'Date de réception',
  channel: 'Canal de réception',
  medium: 'Mode de réception',
  processorReceivedOn: "Date de réception par l'éditeur",
  requesterName: 'Nom du demandeur',
  requesterContact: 'Contact du demandeur',
  requesterCategory: 'Catégorie du demandeur',
  subjectName: 'Personne concernée',
  subjectIsMinor: 'Personne concernée mineure',
  subjectRelation: 'Lien avec le demandeur',
  schoolId: 'École',
  moduleName: 'Module concerné',
  moduleOwner: 'Module propre à',
  schoolsScope: 'Écoles concernées',
  summary: 'Résumé',
} as const;
export type CorrectableField = keyof typeof CORRECTABLE_FIELDS;
export const CORRECTABLE_FIELD_NAMES = Object.keys(CORRECTABLE_FIELDS) as CorrectableField[];

/** One corrected fact as the history shows it: French name, value before, value after. */
export interface CorrectionLine {
  field: CorrectableField | 'rights';
  label: string;
  before: string;
  after: string;
}

/** A value as the user reads it (schools are named by the caller, which knows them). */
export function correctionValue(field: CorrectableField, value: unknown, schoolName?: (id: string) => string): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (field) {
    case 'receivedOn':
    case 'processorReceivedOn':
      return formatDateFr(String(value));
    case 'channel':
      return CHANNEL_LABELS[value as Channel] ?? String(value);
    case 'medium':
      return MEDIUM_LABELS[value as Medium] ?? String(value);
    case 'requesterCategory':
      return REQUESTER_CATEGORY_LABELS[value as RequesterCategory] ?? String(value);
    case 'moduleOwner':
      return PARTY_LABELS[value as Party] ?? String(value);
    case 'schoolsScope':
      return value === 'several' ? 'plusieurs écoles' : 'une seule école';
    case 'subjectIsMinor':
      return value === true ? 'oui' : 'non';
    case 'schoolId':
      return schoolName ? schoolName(String(value)) : String(value);
    default:
      return String(value);
  }
}

export const rightsText = (rights: readonly Right[]) => (rights.length ? rights.map((r) => RIGHT_LABELS[r]).join(', ') : '—');

/** How far back a received date stays likely: older ones are questioned (issue 13: "more than a few months back"). */
export const LIKELY_MONTHS_BACK = 3;

/**
 * Why a received date is unlikely, in French, one sentence each; empty when nothing is odd.
 * Unlikely is questioned, never refused: the user confirms and the date is kept.
 * - in the future (nothing can have been received tomorrow);
 * - before the date the agreement bears (issue 13: "a date before the agreement exists");
 * - more than LIKELY_MONTHS_BACK months back;
 * - a deadline already passed (the request would be overdue the moment it is saved).
 */
export function receivedDateDoubts(input: {
  receivedOn: IsoDate;
  today: IsoDate;
  /** The deadline in force for that date (null while suspended). */
  dueOn: IsoDate | null;
  /** The date the agreement bears (core/presets.ts), when known. */
  agreementDate?: IsoDate | null | undefined;
}): string[] {
  const { receivedOn, today, agreementDate } = input;
  const doubts: string[] = [];
  if (receivedOn > today) {
    doubts.push(`la date de réception (${formatDateFr(receivedOn)}) est dans le futur : aujourd'hui est le ${formatDateFr(today)}`);
  } else if (agreementDate && receivedOn < agreementDate) {
    doubts.push(`la date de réception (${formatDateFr(receivedOn)}) précède la convention, datée du ${formatDateFr(agreementDate)}`);
  } else if (receivedOn < format(subMonths(parseISO(today), LIKELY_MONTHS_BACK), 'yyyy-MM-dd')) {
    doubts.push(`la date de réception (${formatDateFr(receivedOn)}) remonte à plus de ${LIKELY_MONTHS_BACK} mois`);
  }
  if (input.dueOn !== null && input.dueOn < today) {
    const late = daysBetween(input.dueOn, today);
    doubts.push(`cette demande est déjà en retard de ${late} jour${late > 1 ? 's' : ''} (échéance le ${formatDateFr(input.dueOn)})`);
  }
  return doubts;
}

/** The question asked when a received date is unlikely (one French message). */
export function receivedDateQuestion(doubts: string[]): string {
  const [first, ...rest] = doubts;
  const text = [first ? first.charAt(0).toUpperCase() + first.slice(1) : '', ...rest].join(' ; ');
  return `${text} : confirmez la date de réception.`;
}

/** Asks for the confirmation of an unlikely received date (refusal DATE_A_CONFIRMER), unless given. */
export function questionReceivedDate(doubts: string[], confirmed: boolean): void {
  if (doubts.length === 0 || confirmed) return;
  const question = receivedDateQuestion(doubts);
  throw new DomainError('DATE_A_CONFIRMER', question, { receivedOn: question });
}

/** The first date after receipt that the request's record already holds, which a received date may not pass. */
export function laterRecordedDate(dates: { label: string; date: IsoDate | null }[], receivedOn: IsoDate): { label: string; date: IsoDate } | null {
  const earliest = dates.filter((d): d is { label: string; date: IsoDate } => d.date !== null && d.date < receivedOn).sort((a, b) => (a.date < b.date ? -1 : 1));
  return earliest[0] ?? null;
}

/** What a correction does to the allocation. */
export type AllocationChange =
  | { kind: 'same' }
  /** The rules give another allocation: applied, said in the history. */
  | { kind: 'recomputed'; allocation: Allocation; sentence: string }
  /**
   * The allocation in force is a decision both parties validated (or one awaiting their
   * validation): replacing it needs the user's confirmation, said in `question`.
   */
  | { kind: 'confirm'; allocation: Allocation; sentence: string; question: string };

/** The allocation the rules gave before any decision (pre-emption, settlement) replaced it. */
export function ruleAllocation(state: AllocationState): AllocationState {
  let s = state;
  while (s.preemptedFrom ?? s.settledFrom) s = (s.preemptedFrom ?? s.settledFrom)!;
  return s;
}

const partyText = (a: Pick<Allocation, 'party' | 'status'>) =>
  `${a.party ? PARTY_LABELS[a.party] : 'aucune partie'}${a.status === 'to-settle' ? ' (à confirmer)' : ''}`;

/**
 * Compares the allocation the rules give for the corrected facts with the one in force.
 * The rules answered once for the facts as typed; if the corrected facts give the same answer,
 * nothing changes (a decision taken since stays). Otherwise the new answer replaces the
 * allocation, unless a decision validated by both parties (or awaiting validation) made it:
 * then the user confirms first, and the decision stays in the history.
 */
export function allocationAfterCorrection(current: AllocationState, pending: PendingDecision | null, fresh: Allocation): AllocationChange {
  const base = ruleAllocation(current);
  if (base.party === fresh.party && base.status === fresh.status && base.ruleId === fresh.ruleId) return { kind: 'same' };
  const allocation: Allocation = { party: fresh.party, status: fresh.status, ruleId: fresh.ruleId, reason: fresh.reason };
  const sentence = `répartition recalculée : ${partyText(current)} → ${partyText(fresh)} (${fresh.reason.trim().replace(/\.$/, '')})`;
  const decided = current.preemptedFrom ?? current.settledFrom;
  if (decided || pending) {
    const what = decided
      ? `la répartition en vigueur (${partyText(current)}) résulte d'${current.preemptedFrom ? 'une préemption' : 'un arbitrage'} validé${current.preemptedFrom ? 'e' : ''} par les deux parties`
      : `${pending!.kind === 'preemption' ? 'une préemption' : 'un arbitrage'} attend la validation des parties et serait abandonné${pending!.kind === 'preemption' ? 'e' : ''}`;
    return {
      kind: 'confirm',
      allocation,
      sentence,
      question: `Cette correction change la répartition : ${what}. Les faits corrigés donnent ${partyText(fresh)} (${fresh.reason.trim().replace(/\.$/, '')}). Confirmez pour appliquer la nouvelle répartition ; la décision reste dans l'historique.`,
    };
  }
  return { kind: 'recomputed', allocation, sentence };
}
