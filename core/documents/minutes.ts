// The minutes of a monthly meeting: which decisions are possible on a request as it is now,
// and why one is not. Used by the minutes form and by the workbook re-import, so both refuse
// the same things with the same French reasons. Pure.
import { PARTY_LABELS } from '../domain';
import { formatDateFr } from '../explain';
import { DECISION_LABELS, type AgendaRequest, type DecisionKind } from './agenda';

export interface MinutesDecision {
  /** The agenda line it was taken on (section:requestId, or other-n). */
  itemKey: string;
  requestId: string | null;
  kind: DecisionKind;
  /** Reasons (extension, settlement) or the comment. */
  text: string;
}

/** Why `kind` cannot be decided on this request at a meeting held on `date`; null when it can. */
export function decisionProblem(kind: DecisionKind, text: string, r: AgendaRequest, date: string): string | null {
  const closed = `la demande ${r.reference} est terminée.`;
  switch (kind) {
    case 'comment':
      return text.trim() ? null : 'commentaire vide : écrivez-le dans la colonne « Motifs ou commentaire ».';
    case 'settle-commune':
    case 'settle-academie': {
      if (!r.open) return `arbitrage impossible : ${closed}`;
      if (r.pending?.kind === 'preemption') {
        return `arbitrage impossible : une préemption par ${PARTY_LABELS[r.pending.claimedBy].toLowerCase()} attend validation ; validez-la ou refusez-la.`;
      }
      if (r.allocationStatus !== 'to-settle' && r.pending === null) {
        return `arbitrage impossible : la répartition est déjà décidée (${r.party ? PARTY_LABELS[r.party].toLowerCase() : 'aucune partie'}) ; pour la changer, passez par une préemption.`;
      }
      return null;
    }
    case 'preemption-validated':
    case 'preemption-refused':
      if (!r.open) return `${DECISION_LABELS[kind].toLowerCase()} impossible : ${closed}`;
      if (r.pending?.kind !== 'preemption') return `aucune préemption n'attend de validation pour ${r.reference}.`;
      return null;
    case 'extension-decided':
      if (!r.open) return `prolongation impossible : ${closed}`;
      // GDPR art. 26(3): the co-controller the request was handed over to answers it, and
      // extends its deadline if need be.
      if (r.handedOver) return `prolongation impossible : ${r.reference} a été transmise au co-responsable, qui y répond et décide d'une prolongation.`;
      // deadlines.md, algorithm 6: a late notice does not take effect, and there is only one extension.
      if (r.extended && r.extensionLate) {
        return `prolongation impossible : une prolongation notifiée hors délai${r.extensionNotifiedOn ? ` (le ${formatDateFr(r.extensionNotifiedOn)})` : ''} est déjà enregistrée pour ${r.reference} ; elle est sans effet et la demande est en retard (RGPD art. 12(3)).`;
      }
      if (r.extended) return `prolongation impossible : le délai de ${r.reference} est déjà prolongé (une seule fois, RGPD art. 12(3)).`;
      if (r.extensionDecidedOn) return `prolongation déjà décidée le ${formatDateFr(r.extensionDecidedOn)} : reste à la notifier.`;
      if (r.extensionNoticeDue === null) return 'prolongation impossible pendant la suspension du délai : attendez la réception des pièces.';
      if (r.extensionNoticeDue < date) {
        return `prolongation impossible : la personne devait en être informée au plus tard le ${formatDateFr(r.extensionNoticeDue)} (RGPD art. 12(3)).`;
      }
      if (!text.trim()) return 'motifs de la prolongation manquants (complexité, nombre de demandes) : écrivez-les dans « Motifs ou commentaire ».';
      return null;
  }
}

const ALLOCATION_KINDS: DecisionKind[] = ['settle-commune', 'settle-academie', 'preemption-validated', 'preemption-refused'];

/**
 * Problems of a set of decisions, by index: each one checked against its request, and two
 * allocation decisions (or two extensions) on the same request refused unless identical.
 */
export function minutesProblems(
  decisions: readonly MinutesDecision[],
  requests: ReadonlyMap<string, AgendaRequest>,
  date: string,
): { index: number; message: string }[] {
  const problems: { index: number; message: string }[] = [];
  const seen = new Map<string, { index: number; kind: DecisionKind; text: string }>();
  decisions.forEach((d, index) => {
    if (d.requestId === null) {
      if (d.kind !== 'comment') problems.push({ index, message: 'un point divers ne reçoit qu’un commentaire.' });
      else if (!d.text.trim()) problems.push({ index, message: 'commentaire vide.' });
      return;
    }
    const r = requests.get(d.requestId);
    if (!r) {
      problems.push({ index, message: 'demande inconnue de cette convention.' });
      return;
    }
    const problem = decisionProblem(d.kind, d.text, r, date);
    if (problem) {
      problems.push({ index, message: problem });
      return;
    }
    const group = ALLOCATION_KINDS.includes(d.kind) ? 'allocation' : d.kind === 'extension-decided' ? 'extension' : null;
    if (!group) return;
    const key = `${d.requestId}|${group}`;
    const before = seen.get(key);
    if (!before) seen.set(key, { index, kind: d.kind, text: d.text });
    else if (before.kind !== d.kind) {
      problems.push({ index, message: `décision contradictoire pour ${r.reference} : « ${DECISION_LABELS[before.kind]} » est déjà décidé.` });
    }
  });
  return problems;
}

/** The decisions with identical repeats of an allocation or extension decision removed (kept once). */
export function dedupeDecisions(decisions: readonly MinutesDecision[]): MinutesDecision[] {
  const seen = new Set<string>();
  return decisions.filter((d) => {
    if (d.kind === 'comment' || d.requestId === null) return true;
    const group = d.kind === 'extension-decided' ? 'extension' : 'allocation';
    const key = `${d.requestId}|${group}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
