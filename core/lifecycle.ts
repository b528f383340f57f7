// Request lifecycle: the statuses (core/domain.ts) and the transitions allowed between them,
// as a table (../shared/design.md, "Request lifecycle"):
//   reçue → en attente de pièces (suspension) → en cours → prolongée → répondue / clôturée;
//   also transmise (handed to the co-controller), irrecevable or retirée.
// A request closes only when each right asked has an outcome. Pure.
import {
  OUTCOMES,
  OUTCOME_LABELS,
  RIGHT_LABELS,
  STATUS_LABELS,
  type Outcome,
  type Right,
  type Status,
} from './domain';
import { DomainError } from './errors';

export interface Transition {
  from: Status;
  to: Status;
  /** French name of the action, for buttons and the journal. */
  action: string;
  /** A reason must be given (reopening, correcting a final status). */
  requiresReason?: boolean;
}

const t = (from: Status, to: Status, action: string, requiresReason = false): Transition =>
  requiresReason ? { from, to, action, requiresReason } : { from, to, action };

/**
 * The allowed transitions. Anything not listed is refused.
 * - Identity documents or clarification may be asked at any point before the answer
 *   (GDPR art. 12(6); decree n° 2019-536 suspends the deadline meanwhile).
 * - An extension (GDPR art. 12(3)) is decided before the answer; the notice-date rule is in
 *   core/deadlines.ts (checkExtension).
 * - Handing over to the co-controller (GDPR art. 26(3)) is possible until the answer.
 * - The final statuses (clôturée, transmise, irrecevable) can be reopened with a reason
 *   (a complement is needed, the co-controller sends the request back, the documents arrive
 *   late); a withdrawal by the person is final.
 */
export const TRANSITIONS: readonly Transition[] = [
  t('received', 'awaiting-documents', 'Demander des pièces ou précisions'),
  t('received', 'in-progress', 'Commencer le traitement'),
  t('received', 'extended', 'Prolonger le délai'),
  t('received', 'answered', 'Enregistrer la réponse'),
  t('received', 'handed-over', 'Transmettre au co-responsable'),
  t('received', 'inadmissible', 'Déclarer irrecevable', true),
  t('received', 'withdrawn', 'Enregistrer le retrait'),

  t('awaiting-documents', 'in-progress', 'Pièces reçues : reprendre le traitement'),
  t('awaiting-documents', 'extended', 'Pièces reçues : prolonger le délai'),
  t('awaiting-documents', 'handed-over', 'Transmettre au co-responsable'),
  t('awaiting-documents', 'inadmissible', 'Déclarer irrecevable', true),
  t('awaiting-documents', 'withdrawn', 'Enregistrer le retrait'),

  t('in-progress', 'awaiting-documents', 'Demander des pièces ou précisions'),
  t('in-progress', 'extended', 'Prolonger le délai'),
  t('in-progress', 'answered', 'Enregistrer la réponse'),
  t('in-progress', 'handed-over', 'Transmettre au co-responsable'),
  t('in-progress', 'inadmissible', 'Déclarer irrecevable', true),
  t('in-progress', 'withdrawn', 'Enregistrer le retrait'),

  t('extended', 'awaiting-documents', 'Demander des pièces ou précisions'),
  t('extended', 'answered', 'Enregistrer la réponse'),
  t('extended', 'handed-over', 'Transmettre au co-responsable'),
  t('extended', 'withdrawn', 'Enregistrer le retrait'),

  t('answered', 'closed', 'Clôturer'),
  t('answered', 'in-progress', 'Rouvrir (complément de réponse)', true),

  t('closed', 'in-progress', 'Rouvrir', true),
  // GDPR art. 26(3): the handing office keeps following the request until the co-controller has answered.
  // Its outcomes are the co-controller's record: closing says, as its reason, which answer was received.
  t('handed-over', 'closed', 'Clôturer (réponse du co-responsable reçue)', true),
  t('handed-over', 'in-progress', 'Reprendre (renvoyée par le co-responsable)', true),
  t('inadmissible', 'in-progress', 'Reprendre (pièces reçues ou erreur)', true),
  // A request typed by mistake (a duplicate, a test) is cancelled with its reason, whatever its
  // status: it leaves the lists and figures, its history is kept, nothing is deleted. Final.
  ...(['received', 'awaiting-documents', 'in-progress', 'extended', 'answered', 'closed', 'handed-over', 'inadmissible', 'withdrawn'] as const).map((from) =>
    t(from, 'cancelled', 'Annuler la demande (saisie par erreur)', true),
  ),
];


const index = new Map<string, Transition>(TRANSITIONS.map((tr) => [`${tr.from}>${tr.to}`, tr]));

/** The transition from → to, or undefined if not allowed. */
export function findTransition(from: Status, to: Status): Transition | undefined {
  return index.get(`${from}>${to}`);
}

export function canTransition(from: Status, to: Status): boolean {
  return index.has(`${from}>${to}`);
}

/** The statuses reachable from `from`, in table order. */
export function nextStatuses(from: Status): Status[] {
  return TRANSITIONS.filter((tr) => tr.from === from).map((tr) => tr.to);
}

export type LifecycleErrorCode = 'TRANSITION_INTERDITE' | 'MOTIF_REQUIS' | 'CLOTURE_IMPOSSIBLE' | 'STATUT_INCONNU';

export interface LifecycleErrorInfo {
  code: LifecycleErrorCode;
  /** French, names the statuses by their labels and says what is possible. */
  message: string;
}

export class LifecycleError extends DomainError implements LifecycleErrorInfo {
  declare readonly code: LifecycleErrorCode;
  constructor(info: LifecycleErrorInfo) {
    super(info.code, info.message);
  }
}

export interface RightState {
  right: Right;
  outcome?: Outcome | null;
  refusalReason?: string | null;
}

export type CloseCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether a request can be closed: each right asked has an outcome (done, partly done,
 * refused with its reason, no data held). A refusal must give its reasons (GDPR art. 12(4)).
 */
export function canClose(rights: readonly RightState[]): CloseCheck {
  if (rights.length === 0) return { ok: false, reason: "Aucun droit n'est enregistré pour cette demande : indiquez le ou les droits exercés." };
  const problems: string[] = [];
  for (const r of rights) {
    const label = RIGHT_LABELS[r.right] ?? r.right;
    if (r.outcome === undefined || r.outcome === null) problems.push(`« ${label} » n'a pas de suite`);
    else if (!(OUTCOMES as readonly string[]).includes(r.outcome)) problems.push(`« ${label} » a une suite inconnue`);
    else if (r.outcome === 'refused' && (r.refusalReason ?? '').trim() === '') {
      problems.push(`« ${label} » est refusé sans motif (RGPD art. 12(4) : le refus doit être motivé)`);
    }
  }
  if (problems.length === 0) return { ok: true };
  const outcomes = OUTCOMES.map((o) => OUTCOME_LABELS[o].toLowerCase()).join(', ');
  return {
    ok: false,
    reason: `La demande ne peut pas être clôturée : ${problems.join(' ; ')}. Chaque droit doit avoir une suite (${outcomes}).`,
  };
}

function label(status: Status): string {
  return STATUS_LABELS[status] ?? String(status);
}

export type TransitionCheck = { ok: true; transition: Transition } | { ok: false; error: LifecycleErrorInfo };

/**
 * Checks a status change: allowed by the table, with a reason where one is required, and for
 * closing, every right with an outcome (`rights` must then be given), except for a request handed
 * over, whose answer is the co-controller's (the reason says which answer was received).
 */
export function checkTransition(
  from: Status,
  to: Status,
  context: { reason?: string | null; rights?: readonly RightState[] } = {},
): TransitionCheck {
  for (const s of [from, to]) {
    if (!(s in STATUS_LABELS)) {
      return { ok: false, error: { code: 'STATUT_INCONNU', message: `Statut inconnu : « ${String(s)} ».` } };
    }
  }
  const transition = findTransition(from, to);
  if (transition === undefined) {
    const next = nextStatuses(from).map(label);
    const message =
      from === to
        ? `La demande est déjà au statut « ${label(from)} ».`
        : `Transition interdite : une demande « ${label(from)} » ne peut pas passer au statut « ${label(to)} ». ` +
          (next.length > 0
            ? `Statuts possibles depuis « ${label(from)} » : ${next.join(', ')}.`
            : `Le statut « ${label(from)} » est définitif.`);
    return { ok: false, error: { code: 'TRANSITION_INTERDITE', message } };
  }
  if (transition.requiresReason === true && (context.reason ?? '').trim() === '') {
    return {
      ok: false,
      error: {
        code: 'MOTIF_REQUIS',
        message: `Indiquez le motif pour passer la demande de « ${label(from)} » à « ${label(to)} » (${transition.action.toLowerCase()}).`,
      },
    };
  }
  if (to === 'closed' && from !== 'handed-over') {
    const close = canClose(context.rights ?? []);
    if (!close.ok) return { ok: false, error: { code: 'CLOTURE_IMPOSSIBLE', message: close.reason } };
  }
  return { ok: true, transition };
}

/** checkTransition, throwing a LifecycleError (code, French message) when refused. */
export function assertTransition(
  from: Status,
  to: Status,
  context: { reason?: string | null; rights?: readonly RightState[] } = {},
): Transition {
  const result = checkTransition(from, to, context);
  if (!result.ok) throw new LifecycleError(result.error);
  return result.transition;
}
