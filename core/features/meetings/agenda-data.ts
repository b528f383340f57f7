// The agenda of a DPD meeting built from the requests of its agreement at the meeting's date
// (core/documents/agenda.ts generates it from each request as the agenda sees it: its detail,
// the extensions decided at earlier meetings, the processor's deadlines under the agreement's
// clause), and the stored agenda read back. Used by the meetings' handlers and the minutes.
import type { ServiceContext } from '../../api/context';
import type { MeetingRow } from '../../api/document-store';
import type { AgreementRow, RequestRow } from '../../api/store';
import { deletionDeadline, processorDeadlines } from '../../deadlines';
import { CLOSED_STATUSES, type IsoDate } from '../../domain';
import { generateAgenda, meetingKind, oneMonthBefore, type Agenda, type AgendaProcessor, type AgendaRequest } from '../../documents/agenda';
import type { RequestDetail } from '../requests/calls';
import type { Minutes } from './calls';

/** What a meeting keeps beside its agenda (the `agenda` column). */
export interface StoredAgenda {
  otherItems: string[];
  generatedAt: string;
  agenda: Agenda;
}

/** The agenda-building helpers of the meetings, over the service's context. */
export function meetingAgendas(ctx: ServiceContext) {
  const { store } = ctx;

  /** The meeting's name for its agreement: "Point mensuel des DPD" only where the agreement provides for one. */
  const kindOf = (agreementId: string) => meetingKind(ctx.requireAgreement(agreementId).preset);

  /** The stored agenda, with the meeting's name and purpose filled in if it predates them. */
  function agendaOf(row: MeetingRow): Agenda {
    const agenda = (row.agenda as StoredAgenda).agenda;
    if (agenda.title && agenda.shortTitle && agenda.purpose) return agenda;
    const kind = kindOf(row.agreementId);
    return { ...agenda, title: agenda.title || kind.title, shortTitle: agenda.shortTitle || kind.shortTitle, purpose: agenda.purpose || kind.purpose };
  }

  /** Extensions decided at a meeting (minutes), latest date per request. */
  function decidedExtensions(agreementId: string): Map<string, IsoDate> {
    const out = new Map<string, IsoDate>();
    for (const m of store.listMeetings(agreementId)) {
      const minutes = m.minutes as Minutes | null;
      for (const d of minutes?.decisions ?? []) {
        if (d.kind === 'extension-decided' && d.requestId && (out.get(d.requestId) ?? '') < m.date) out.set(d.requestId, m.date);
      }
    }
    return out;
  }

  /**
   * The processor's deadlines of a request under the agreement's own clause (seed 003 annex 2
   * X.4: forward within N working days, delete within N calendar days maximum); null where the
   * agreement has no such clause (seed 000) or nothing reached the processor.
   */
  function processorOf(row: RequestRow, agreement: AgreementRow): AgendaProcessor | null {
    const clause = agreement.processorClause;
    if (!clause) return null;
    const calendar = agreement.holidayCalendar;
    const forward = row.processorReceivedOn ? processorDeadlines(row.processorReceivedOn, calendar, clause.forwardWorkingDays) : null;
    const deletion = row.processorDeletionInstructedOn ? deletionDeadline(row.processorDeletionInstructedOn, calendar, clause.deletionDays) : null;
    if (!forward && !deletion && !row.processorDeletedOn) return null;
    return {
      receivedOn: row.processorReceivedOn,
      forwardBy: forward?.forwardBy ?? null,
      forwardedOn: row.processorForwardedOn,
      deletionInstructedOn: row.processorDeletionInstructedOn,
      deleteBy: deletion?.deleteBy ?? null,
      deleteByNote: deletion?.note ?? null,
      deletedOn: row.processorDeletedOn,
      certificate: row.processorDeletionCertificate,
    };
  }

  /** The latest event of a type, if any (its `data` as recorded). */
  const lastEvent = (d: RequestDetail, type: string) => [...d.events].reverse().find((e) => e.type === type);
  const dataOf = (e: { data: unknown } | undefined): Record<string, unknown> => (e && typeof e.data === 'object' && e.data !== null ? (e.data as Record<string, unknown>) : {});
  const textOf = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

  /** The agenda's view of a request: its detail, plus the processor columns of its row. */
  function agendaRequest(d: RequestDetail, decided: Map<string, IsoDate>): AgendaRequest {
    const open = !CLOSED_STATUSES.includes(d.status);
    const lastAnswer = d.rightsDetail.reduce<string | null>((a, r) => (r.answeredOn && (!a || r.answeredOn > a) ? r.answeredOn : a), null);
    const p = d.pendingDecision;
    const row = store.getRequest(d.id);
    const agreement = ctx.requireAgreement(d.agreementId);
    // Decree 2019-536: only a request for identity information suspends the deadline.
    const suspension = d.suspensions.find((x) => x.kind === 'identity' && x.receivedOn === null) ?? null;
    const handedOn = d.status === 'handed-over' ? (textOf(dataOf(lastEvent(d, 'request.handed-over')).on) ?? d.closedOn) : null;
    return {
      id: d.id,
      reference: d.reference,
      receivedOn: d.receivedOn,
      requesterName: d.requesterName,
      subjectName: d.subjectName,
      rights: d.rights,
      status: d.status,
      open,
      party: d.allocation.party,
      allocationStatus: d.allocation.status,
      allocationReason: d.allocation.reason,
      dueOn: d.deadline.dueOn,
      extensionNoticeDue: d.deadline.extensionNoticeDue,
      extendedDeadline: d.deadline.extendedDeadline,
      extended: d.extension !== null,
      extensionLate: d.extension?.late === true,
      extensionNotifiedOn: d.extension?.notifiedOn ?? null,
      pending: p ? { kind: p.kind, party: p.party, claimedBy: p.claimedBy, reason: p.reason, missing: p.missing } : null,
      closedOn: open ? null : (d.closedOn ?? lastAnswer),
      extensionDecidedOn: d.extension ? null : (decided.get(d.id) ?? null),
      suspension: suspension ? { since: suspension.sentOn, what: suspension.whatAsked } : null,
      // The handover goes to the party the allocation names (domain.md, "Handover").
      handedOver: handedOn ? { on: handedOn, to: d.allocation.party } : null,
      acknowledgedOn: d.acknowledgedOn,
      dataFile: {
        requestedOn: d.dataFile.requestedOn,
        receivedOn: d.dataFile.receivedOn,
        from: d.dataFile.requestedOn ? textOf(dataOf(lastEvent(d, 'data-file.recorded')).from) : null,
      },
      processor: row ? processorOf(row, agreement) : null,
    };
  }

  function buildAgenda(agreementId: string, date: IsoDate, participants: string[], otherItems: string[], selfId: string | null): Agenda {
    const agreement = ctx.requireAgreement(agreementId);
    const meetings = store.listMeetings(agreementId).filter((m) => m.id !== selfId);
    const next = meetings.filter((m) => m.date > date).map((m) => m.date).sort()[0] ?? null;
    const last = meetings.filter((m) => m.date < date && m.closedAt !== null).map((m) => m.date).sort().reverse()[0] ?? null;
    const closedAfter = last ?? oneMonthBefore(date);
    const decided = decidedExtensions(agreementId);
    const requests = store.agendaRequestIds(agreementId, closedAfter).map((rid) => agendaRequest(ctx.detailOut(rid), decided));
    return generateAgenda({
      meeting: meetingKind(agreement.preset),
      agreementName: agreement.name,
      processorClause: agreement.processorClause,
      date,
      nextMeetingDate: next,
      lastMeetingDate: last,
      closedAfter,
      participants,
      otherItems,
      requests,
    });
  }

  return { kindOf, agendaOf, decidedExtensions, agendaRequest, buildAgenda };
}

export type MeetingAgendas = ReturnType<typeof meetingAgendas>;
