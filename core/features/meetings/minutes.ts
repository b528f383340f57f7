// The minutes of a DPD meeting: every decision checked against its request as it is now (all
// refused if one is impossible), then, in one transaction, written as a `meeting.decision` event
// on its request, signed off by the meeting (allocation decisions through core/allocation/: both
// validations, the original allocation kept), and recorded in the meeting's minutes.
import {
  applyPreemption,
  proposeSettlement,
  validatePreemption,
  missingValidations,
  type AllocationState,
  type PendingDecision,
} from '../../allocation';
import type { ServiceContext } from '../../api/context';
import { DomainError } from '../../errors';
import type { MeetingRow } from '../../api/document-store';
import type { RequestRow } from '../../api/store';
import type { Party } from '../../domain';
import { formatDateFr } from '../../explain';
import { DECISION_LABELS, type AgendaRequest } from '../../documents/agenda';
import { dedupeDecisions, minutesProblems, type MinutesDecision } from '../../documents/minutes';
import type { MeetingAgendas } from './agenda-data';
import type { Meeting, Minutes } from './calls';

/** Recording the minutes of a meeting: `recordMinutes`, over the service's context. */
export function minutesRecorder(
  ctx: ServiceContext,
  { kindOf, agendaOf, agendaRequests }: MeetingAgendas,
  { requireMeeting, meetingOut }: { requireMeeting: (id: string) => MeetingRow; meetingOut: (row: MeetingRow) => Meeting },
) {
  const { store, clock } = ctx;
  const SIGNED_OFF = (meeting: MeetingRow) => `${kindOf(meeting.agreementId).title} du ${formatDateFr(meeting.date)}`;

  const { allocationStateOf } = ctx;
  const allocationColumns = (state: AllocationState): Partial<RequestRow> => ({ ...ctx.allocationColumns(state), preemption: null });

  /** Validates `pending` for every party that has not yet, signed off by the meeting, and applies it. */
  function signOff(pending: PendingDecision, by: string): AllocationState {
    let p = pending;
    for (const party of missingValidations(p)) p = validatePreemption(p, { party, by, at: clock.now() });
    return applyPreemption(p, clock.now());
  }

  /** Writes one decision as an event on its request (inside the caller's transaction). */
  function applyDecision(d: MinutesDecision, meeting: MeetingRow) {
    if (!d.requestId) return;
    const by = SIGNED_OFF(meeting);
    const at = `${kindOf(meeting.agreementId).at} du ${formatDateFr(meeting.date)}`;
    ctx.act(d.requestId, 'meeting.decision', (row) => {
      const data: Record<string, unknown> = {
        meetingId: meeting.id,
        meetingDate: meeting.date,
        decision: d.kind,
        label: DECISION_LABELS[d.kind],
        signedOffBy: by,
        summary: `${DECISION_LABELS[d.kind]} ${at}${d.text ? ` : ${d.text}` : ''}`,
        ...(d.text ? (d.kind === 'extension-decided' ? { reasons: d.text } : d.kind === 'comment' ? { comment: d.text } : { reason: d.text }) : {}),
      };
      const pending = row.preemption;
      if (d.kind === 'settle-commune' || d.kind === 'settle-academie') {
        const party: Party = d.kind === 'settle-commune' ? 'commune' : 'academie';
        const reason = d.text || `répartition arrêtée ${at}`;
        const base = pending?.kind === 'settlement' && pending.party === party ? pending : null;
        const proposal =
          base ??
          proposeSettlement(pending?.kind === 'settlement' ? pending.from : allocationStateOf(row), party, {
            proposedBy: ctx.office()?.party ?? party,
            by,
            at: clock.now(),
            reason,
          });
        const state = signOff(proposal, by);
        return { patch: allocationColumns(state), data: { ...data, party, allocation: { party: state.party, reason: state.reason } } };
      }
      if (d.kind === 'preemption-validated' && pending) {
        const state = signOff(pending, by);
        return { patch: allocationColumns(state), data: { ...data, party: pending.party, allocation: { party: state.party, reason: state.reason } } };
      }
      if (d.kind === 'preemption-refused' && pending) {
        return { patch: { preemption: null }, data: { ...data, party: pending.party } };
      }
      return { data };
    });
  }

  /** Checks then applies decisions, all in one transaction, and records them in the minutes. */
  function recordMinutes(meeting: MeetingRow, decisions: MinutesDecision[], notes: string | null, source: 'saisie' | 'classeur'): Meeting {
    if (meeting.date > clock.today()) {
      throw new DomainError(
        'REUNION_A_VENIR',
        `La réunion du ${formatDateFr(meeting.date)} n'a pas encore eu lieu : le relevé de décisions s'enregistre le jour de la réunion ou après.`,
      );
    }
    const itemKeys = new Set(agendaOf(meeting).sections.flatMap((s) => s.items.map((i) => i.key)));
    const ids = [...new Set(decisions.flatMap((d) => (d.requestId ? [d.requestId] : [])))];
    const states = new Map<string, AgendaRequest>(agendaRequests(meeting.agreementId, { ids }).map((r) => [r.id, r]));
    const problems = minutesProblems(decisions, states, meeting.date);
    decisions.forEach((d, index) => {
      const keyOk = itemKeys.has(d.itemKey) || (d.requestId !== null && d.itemKey === `all:${d.requestId}`);
      const keyMatches = d.requestId === null ? !d.itemKey.includes(':') : d.itemKey.endsWith(`:${d.requestId}`);
      if (!keyOk || !keyMatches) problems.push({ index, message: "ligne inconnue de l'ordre du jour de cette réunion." });
    });
    if (problems.length > 0) {
      const fields: Record<string, string> = {};
      for (const p of problems) fields[`decisions.${p.index}`] = p.message;
      const where = (i: number) => {
        const d = decisions[i]!;
        return d.requestId ? (states.get(d.requestId)?.reference ?? 'demande inconnue') : 'point divers';
      };
      throw new DomainError(
        'DECISIONS_INVALIDES',
        `Relevé non enregistré (rien n'a été modifié) : ${problems.map((p) => `${where(p.index)} : ${p.message}`).join(' ; ')}`,
        fields,
      );
    }
    const unique = dedupeDecisions(decisions);
    return store.transaction(() => {
      for (const d of unique) applyDecision(d, meeting);
      const previous = (meeting.minutes as Minutes | null) ?? null;
      const now = clock.now();
      const minutes: Minutes = {
        decisions: [
          ...(previous?.decisions ?? []),
          ...unique.map((d) => ({
            itemKey: d.itemKey,
            requestId: d.requestId,
            reference: d.requestId ? (states.get(d.requestId)?.reference ?? null) : null,
            kind: d.kind,
            label: DECISION_LABELS[d.kind],
            text: d.text,
            source,
            appliedAt: now,
          })),
        ],
        notes: notes ?? previous?.notes ?? '',
        recordedAt: now,
        recordedBy: ctx.actor(),
      };
      store.updateMeeting(meeting.id, { minutes, closedAt: meeting.closedAt ?? now });
      return meetingOut(requireMeeting(meeting.id));
    });
  }

  return { recordMinutes };
}
