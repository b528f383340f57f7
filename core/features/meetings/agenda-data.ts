// The agenda of a DPD meeting built from the requests of its agreement at the meeting's date
// (core/documents/agenda.ts generates it from each request as the agenda sees it: its row, rights
// and suspensions read for the whole agreement at once, the extensions decided at earlier
// meetings, the processor's deadlines under the agreement's clause), and the stored agenda read
// back. Used by the meetings' handlers and the minutes.
import type { ServiceContext } from '../../api/context';
import type { MeetingRow } from '../../api/document-store';
import type { AgendaRequestRow, AgreementRow } from '../../api/store';
import { deletionDeadline, processorDeadlines } from '../../deadlines';
import { missingValidations } from '../../allocation';
import { CLOSED_STATUSES, type IsoDate } from '../../domain';
import { generateAgenda, MEETING_FORMATS, meetingKind, oneMonthBefore, type Agenda, type AgendaProcessor, type AgendaRequest, type MeetingFormat } from '../../documents/agenda';
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
  /** The stored agenda with the meeting's time and format as they are now (agendas made before them have none). */
  function agendaOf(row: MeetingRow): Agenda & { time: string | null; format: MeetingFormat | null } {
    const stored = (row.agenda as StoredAgenda).agenda;
    const agenda = { ...stored, time: row.time, format: meetingFormatOf(row.format) };
    if (agenda.title && agenda.shortTitle && agenda.purpose) return agenda;
    const kind = kindOf(row.agreementId);
    return { ...agenda, title: agenda.title || kind.title, shortTitle: agenda.shortTitle || kind.shortTitle, purpose: agenda.purpose || kind.purpose };
  }

  /** Extensions decided at a meeting (minutes), latest date per request. */
  function decidedExtensions(agreementId: string): Map<string, IsoDate> {
    const out = new Map<string, IsoDate>();
    for (const m of store.meetingHeads(agreementId)) {
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
  function processorOf(row: AgendaRequestRow, agreement: AgreementRow): AgendaProcessor | null {
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

  const textOf = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const field = (data: unknown, key: string): unknown => (typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined);

  /**
   * The agenda's view of requests of an agreement, read in a few queries (store.agendaRows) and
   * judged as the request detail judges them: the deadlines stored with the request, the
   * pending decision's missing validations, the open identity suspension (decree 2019-536).
   */
  function agendaRequests(agreementId: string, scope: { closedAfter: IsoDate } | { ids: string[] }, decided = decidedExtensions(agreementId)): AgendaRequest[] {
    const agreement = ctx.requireAgreement(agreementId);
    const data = store.agendaRows(agreementId, scope);
    const group = <T extends { requestId: string }>(list: T[]) => {
      const out = new Map<string, T[]>();
      for (const x of list) {
        const l = out.get(x.requestId);
        if (l) l.push(x);
        else out.set(x.requestId, [x]);
      }
      return out;
    };
    const rights = group(data.rights);
    const suspensions = group(data.suspensions);
    /** The last event of a type for a request (events come in journal order). */
    const last = new Map<string, unknown>();
    for (const e of data.events) last.set(`${e.requestId}|${e.type}`, e.data);
    return data.requests.map((row) => {
      const open = !CLOSED_STATUSES.includes(row.status);
      const ownRights = rights.get(row.id) ?? [];
      const ownSuspensions = suspensions.get(row.id) ?? [];
      const lastAnswer = ownRights.reduce<string | null>((a, r) => (r.answeredOn && (!a || r.answeredOn > a) ? r.answeredOn : a), null);
      // The deadlines stored with the request (recomputed by every change, as the lists read
      // them): the one-month deadline is also the last day to notify an extension; a notice
      // after it has no effect (GDPR art. 12(3); deadlines.md, algorithm 6).
      const extensionLate = row.extended && row.extensionNotifiedOn !== null && row.responseDeadline !== null && row.extensionNotifiedOn > row.responseDeadline;
      const p = row.preemption;
      // Decree 2019-536: only a request for identity information suspends the deadline.
      const suspension = ownSuspensions.find((x) => x.kind === 'identity' && x.receivedOn === null) ?? null;
      const handedOn = row.status === 'handed-over' ? (textOf(field(last.get(`${row.id}|request.handed-over`), 'on')) ?? row.closedOn) : null;
      return {
        id: row.id,
        reference: row.reference,
        receivedOn: row.receivedOn,
        requesterName: row.requesterName,
        subjectName: row.subjectName,
        rights: ownRights.map((r) => r.right),
        status: row.status,
        open,
        party: row.allocationParty,
        allocationStatus: row.allocationStatus,
        allocationReason: row.allocationReason,
        dueOn: row.dueOn,
        extensionNoticeDue: row.responseDeadline,
        extendedDeadline: row.extendedDeadline,
        extended: row.extended,
        extensionLate,
        extensionNotifiedOn: row.extended ? row.extensionNotifiedOn : null,
        pending: p ? { kind: p.kind, party: p.party, claimedBy: p.claimedBy, reason: p.reason, missing: missingValidations(p) } : null,
        closedOn: open ? null : (row.closedOn ?? lastAnswer),
        extensionDecidedOn: row.extended ? null : (decided.get(row.id) ?? null),
        suspension: suspension ? { since: suspension.sentOn, what: suspension.whatAsked } : null,
        // The handover goes to the party the allocation names (domain.md, "Handover").
        handedOver: handedOn ? { on: handedOn, to: row.allocationParty } : null,
        acknowledgedOn: row.acknowledgedOn,
        dataFile: {
          requestedOn: row.dataFileRequestedOn,
          receivedOn: row.dataFileReceivedOn,
          from: row.dataFileRequestedOn ? textOf(field(last.get(`${row.id}|data-file.recorded`), 'from')) : null,
        },
        processor: processorOf(row, agreement),
      };
    });
  }

  function buildAgenda(agreementId: string, date: IsoDate, participants: string[], otherItems: string[], selfId: string | null): Agenda {
    const agreement = ctx.requireAgreement(agreementId);
    const meetings = store.meetingHeads(agreementId).filter((m) => m.id !== selfId);
    const next = meetings.filter((m) => m.date > date).map((m) => m.date).sort()[0] ?? null;
    const last = meetings.filter((m) => m.date < date && m.closedAt !== null).map((m) => m.date).sort().reverse()[0] ?? null;
    const closedAfter = last ?? oneMonthBefore(date);
    return generateAgenda({
      meeting: meetingKind(agreement.preset),
      agreementName: agreement.name,
      processorClause: agreement.processorClause,
      holidayCalendar: agreement.holidayCalendar,
      date,
      nextMeetingDate: next,
      lastMeetingDate: last,
      closedAfter,
      participants,
      otherItems,
      requests: agendaRequests(agreementId, { closedAfter }),
    });
  }

  return { kindOf, agendaOf, decidedExtensions, agendaRequests, buildAgenda };
}

/** A stored format checked against the known ones (null for none or an unknown one). */
export const meetingFormatOf = (v: string | null): MeetingFormat | null => ((MEETING_FORMATS as readonly string[]).includes(v ?? '') ? (v as MeetingFormat) : null);

export type MeetingAgendas = ReturnType<typeof meetingAgendas>;
