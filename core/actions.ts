// Which action on a request is possible now, and why not: one table the service enforces and
// the UI asks for (the request detail carries it), so no screen keeps its own copy of a rule.
// Each rule cites the text it implements; the allocation and deadline rules themselves live in
// core/allocation.ts and core/deadlines.ts, the status transitions in core/lifecycle.ts.
import { checkHandOver, defaultPreemptionParty, preemptionRefusal, type AllocationState, type PendingDecision, type RuleSet } from './allocation';
import { ANSWERABLE_STATUSES, STATUS_LABELS, type Party, type ProcessorClause, type Status } from './domain';
import { DomainError } from './errors';
import { canTransition } from './lifecycle';

export const ACTIONS = [
  'askIdentity',
  'askClarification',
  'informationReceived',
  'extend',
  'claimPreemption',
  'proposeSettlement',
  'validateDecision',
  'cancelDecision',
  'handOver',
  'answerRight',
  'dataFile',
  'processor',
  'correct',
  'cancel',
] as const;
export type ActionName = (typeof ACTIONS)[number];

/** What the rules look at. */
export interface ActionState {
  status: Status;
  /** The identity request awaiting documents, if any (decree 2019-536 suspension). */
  openIdentity: boolean;
  /** A request for clarification awaiting an answer (recital 63: no suspension). */
  openClarification: boolean;
  extended: boolean;
  allocation: AllocationState;
  pending: PendingDecision | null;
  rules: RuleSet;
  /** The party this office serves (null before first run). */
  office: Party | null;
  processorClause: ProcessorClause | null;
}

export type ActionCheck = { ok: true } | { ok: false; code: string; reason: string };

const ok: ActionCheck = { ok: true };
const no = (code: string, reason: string): ActionCheck => ({ ok: false, code, reason });

/** Statuses in which the request is still being handled (allocation may change, documents be asked). */
const HANDLED: readonly Status[] = ['received', 'awaiting-documents', 'in-progress', 'extended'];

const ended = (s: ActionState) =>
  no('STATUT_INCOMPATIBLE', `La demande est « ${STATUS_LABELS[s.status].toLowerCase()} » : rouvrez-la d'abord si elle doit être reprise.`);

const RULES: Record<ActionName, (s: ActionState) => ActionCheck> = {
  // GDPR art. 12(6), decree 2019-536: a documented identity request suspends the time limits.
  askIdentity: (s) =>
    s.openIdentity
      ? no('SUSPENSION_OUVERTE', 'Une demande de pièces est déjà en attente : enregistrez d’abord leur réception.')
      : canTransition(s.status, 'awaiting-documents')
        ? ok
        : ended(s),
  // Recital 63: a clarification is a letter and an event; the deadline keeps running.
  askClarification: (s) =>
    s.openClarification
      ? no('PRECISIONS_EN_ATTENTE', 'Une demande de précisions est déjà en attente : enregistrez d’abord la réponse.')
      : HANDLED.includes(s.status)
        ? ok
        : ended(s),
  informationReceived: (s) =>
    s.openIdentity || s.openClarification ? ok : no('AUCUNE_SUSPENSION', "Aucune demande de pièces ni de précisions n'est en attente pour cette demande."),
  // GDPR art. 12(3): one extension, decided before the answer.
  extend: (s) => {
    if (s.extended) return no('DEJA_PROLONGEE', 'Le délai de cette demande est déjà prolongé : il ne peut l’être qu’une fois (RGPD art. 12(3)).');
    if (s.openIdentity) return no('SUSPENSION_OUVERTE', 'Des pièces sont attendues : enregistrez leur réception avant de prolonger le délai.');
    return canTransition(s.status, 'extended') ? ok : ended(s);
  },
  // Seed 000 annex 1, 3.2.2: pre-emption on a receipt-channel row, by the party that did not receive it.
  claimPreemption: (s) => {
    if (!HANDLED.includes(s.status)) return ended(s);
    if (s.pending) return no('DECISION_EN_ATTENTE', 'Une préemption ou un arbitrage attend déjà la validation des parties.');
    if (!s.rules.preemption.allowed) return no('PREEMPTION_NON_PREVUE', s.rules.preemption.clause);
    if (defaultPreemptionParty(s.allocation, s.rules) !== null) return ok;
    // Nobody may: say why, as core/allocation.ts words it for this office's party.
    const refusal = preemptionRefusal(s.allocation, s.office ?? 'commune', s.rules);
    return no(refusal?.code ?? 'PREEMPTION_IMPOSSIBLE', refusal?.message ?? 'Aucune partie ne peut préempter cette demande.');
  },
  // domain.md: either party may propose the other allocation, in effect once both validate.
  proposeSettlement: (s) => {
    if (!HANDLED.includes(s.status)) return ended(s);
    return s.pending ? no('DECISION_EN_ATTENTE', 'Une préemption ou un arbitrage attend déjà la validation des parties.') : ok;
  },
  validateDecision: (s) =>
    !s.pending ? no('AUCUNE_DECISION', "Aucune préemption ni aucun arbitrage n'attend de validation pour cette demande.") : HANDLED.includes(s.status) ? ok : ended(s),
  cancelDecision: (s) => (s.pending ? ok : no('AUCUNE_DECISION', "Aucune préemption ni aucun arbitrage n'est en attente pour cette demande.")),
  // GDPR art. 26(3) and domain.md: hand over only what the allocation gives the other party.
  handOver: (s) => {
    if (!canTransition(s.status, 'handed-over')) return ended(s);
    if (!s.office) return no('OFFICE_NON_CONFIGURE', "Indiquez d'abord dans Paramètres quelle partie sert cet office.");
    const check = checkHandOver(s.allocation, s.office, s.pending);
    return check.ok ? ok : no('TRANSMISSION_IMPOSSIBLE', check.reason);
  },
  // A request handed over is answered by the party it was handed to (GDPR art. 26(3)), in its
  // own office; the handing office follows it and records nothing in its place.
  answerRight: (s) =>
    ANSWERABLE_STATUSES.includes(s.status) || (s.status === 'handed-over' && s.office !== null && s.office === s.allocation.party)
      ? ok
      : s.status === 'awaiting-documents'
        ? no('STATUT_INCOMPATIBLE', 'Une demande « en attente de pièces » ne reçoit pas de réponse : enregistrez d’abord la réception des pièces.')
        : s.status === 'handed-over'
          ? no('STATUT_INCOMPATIBLE', 'La demande a été transmise au co-responsable, qui y répond ; reprenez-la si elle vous est renvoyée.')
          : ended(s),
  // Seed 000 annex 1, 3.2.1: the data file may be asked and received at any time.
  dataFile: () => ok,
  // Seed 003 annex 2 X.4: only where the agreement has a processor clause.
  processor: (s) =>
    s.processorClause ? ok : no('SANS_SOUS_TRAITANT', "Cette convention ne prévoit pas de délais pour le sous-traitant (pas de clause de sous-traitance avec délais)."),
  // Issue 13: what was typed may be corrected at any time (each correction is an event with its
  // reason and before/after), but not once the request is cancelled as typed by mistake.
  correct: (s) =>
    s.status === 'cancelled' ? no('DEMANDE_ANNULEE', 'La demande est annulée (saisie par erreur) : elle ne se corrige plus, son historique reste consultable.') : ok,
  cancel: (s) => (canTransition(s.status, 'cancelled') ? ok : no('DEMANDE_ANNULEE', 'La demande est déjà annulée.')),
};

/** Every action with whether it is possible now and, if not, why (French). */
export function possibleActions(state: ActionState): Record<ActionName, ActionCheck> {
  return Object.fromEntries(ACTIONS.map((a) => [a, RULES[a](state)])) as Record<ActionName, ActionCheck>;
}


/** Refuses an impossible action with its French reason. */
export function assertAction(state: ActionState, action: ActionName): void {
  const check = RULES[action](state);
  if (!check.ok) throw new DomainError(check.code, check.reason);
}
