// Requests, read side: the deadline figures of a request for today, and the request as the UI
// sees it (summary for lists, detail with its history and the checks of its journal).
import { isModuleOffList } from '../../modules';
import { computeDeadlines, daysBetween, deadlineDates, deletionDeadline, isProcessorDeadlineLate, processorDeadlines, type Suspension } from '../../deadlines';
import { defaultPreemptionParty, missingValidations, type AllocationState } from '../../allocation';
import { CLOSED_STATUSES, HANDED_OVER_STATUS, type HolidayCalendar, type IsoDate, type Right } from '../../domain';
import { formatDateFr } from '../../explain';
import { verifyChain, type Hasher } from '../../journal';
import { findTransition, nextStatuses } from '../../lifecycle';
import type { AgreementRow, RequestListRow, RequestRow, RightRow, Store, SuspensionRow } from '../../api/store';
import { ACTIONS, possibleActions, type ActionCheck, type ActionName, type ActionState } from '../../actions';
import { schoolOut } from '../agreements/read';
import { sentEventData, sentLetterFormats } from '../letters/sent';
import type { DeadlineInfo, RequestDetail, RequestSummary } from './calls';

export const toSuspensions = (rows: readonly SuspensionRow[]): Suspension[] =>
  rows.map((s) => (s.receivedOn ? { from: s.sentOn, to: s.receivedOn, kind: s.kind } : { from: s.sentOn, kind: s.kind }));

/**
 * The extension a meeting decided (the last `meeting.decision` « extension-decided »), while the
 * request is open and the extension itself is not recorded (core/features/meetings/minutes.ts).
 */
export function extensionDecidedAtMeeting(
  row: Pick<RequestRow, 'extended' | 'status'>,
  events: { type: string; data: unknown }[],
): RequestDetail['extensionDecided'] {
  if (row.extended || CLOSED_STATUSES.includes(row.status)) return null;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    const d = (e.data ?? {}) as { decision?: unknown; meetingDate?: unknown; reasons?: unknown };
    if (e.type === 'meeting.decision' && d.decision === 'extension-decided' && typeof d.meetingDate === 'string') {
      return { meetingDate: d.meetingDate, reasons: typeof d.reasons === 'string' && d.reasons.trim() ? d.reasons : null };
    }
  }
  return null;
}

export interface ReaderDeps {
  store: Store;
  /** What core/actions.ts needs, for the actions the detail offers. */
  actionStateOf(row: RequestRow): ActionState;
  hash: Hasher;
  /** This office's id in the exchange (null without an identity). */
  selfOfficeId: string | null;
  today(): IsoDate;
  requireAgreement(id: string): AgreementRow & { schoolCount: number };
  requireRequest(id: string): RequestRow;
}

export type RequestReader = ReturnType<typeof createRequestReader>;

export function createRequestReader({ store, today, requireAgreement, requireRequest, actionStateOf, hash, selfOfficeId }: ReaderDeps) {
  const clock = { today };
  /** Deadlines of a request as it is (or would be with `row`'s values), for today. */
  const deadlinesOf = (
    row: Pick<RequestRow, 'receivedOn' | 'extended' | 'extensionNotifiedOn'>,
    suspensionRows: readonly SuspensionRow[],
    calendar: HolidayCalendar,
    today: IsoDate = clock.today(),
  ) =>
    computeDeadlines({
      receivedOn: row.receivedOn,
      extended: row.extended,
      extensionNotifiedOn: row.extensionNotifiedOn,
      suspensions: toSuspensions(suspensionRows),
      calendar,
      today,
    });

  // The deadline figures of a request depend only on its receipt, extension, suspensions, open
  // or closed status, its agreement's calendar and today: kept by those (frozen, shared by the
  // rows that have the same), so a list page read again, or requests received the same day,
  // compute and phrase nothing again. Emptied when the day changes, or when it holds too many.
  const DEADLINE_MEMO_SIZE = 20_000;
  const deadlineMemo = new Map<string, DeadlineInfo>();
  let deadlineMemoDay = '';

  function deadlineInfo(
    row: Pick<RequestRow, 'receivedOn' | 'extended' | 'extensionNotifiedOn' | 'status'>,
    suspensionRows: readonly SuspensionRow[],
    calendar: HolidayCalendar,
    today: IsoDate = clock.today(),
  ): DeadlineInfo {
    if (today !== deadlineMemoDay) {
      deadlineMemo.clear();
      deadlineMemoDay = today;
    }
    const closed = CLOSED_STATUSES.includes(row.status);
    let key = `${calendar}|${row.receivedOn}|${row.extended ? 1 : 0}|${row.extensionNotifiedOn ?? ''}|${closed ? 1 : 0}`;
    for (const s of suspensionRows) key += `|${s.kind}:${s.sentOn}:${s.receivedOn ?? ''}`;
    let info = deadlineMemo.get(key);
    if (info === undefined) {
      const d = deadlinesOf(row, suspensionRows, calendar, today);
      const daysLeft = closed || d.daysLeft === null ? null : Object.freeze({ calendar: d.daysLeft.calendar, working: d.daysLeft.working });
      info = Object.freeze({
        dueOn: d.current,
        responseDeadline: d.responseDeadline,
        extendedDeadline: d.extendedDeadline,
        extensionNoticeDue: d.extensionNoticeDue,
        urgency: closed ? 'closed' : d.urgency,
        daysLeft,
        suspendedDays: d.suspendedDays + (d.openSuspensionDays ?? 0),
        explanation: d.sentence,
      });
      if (deadlineMemo.size >= DEADLINE_MEMO_SIZE) deadlineMemo.clear();
      deadlineMemo.set(key, info);
    }
    return info;
  }

  /** The other party's answer to a handed-over request: the last answer date of its rights, once every right has one. */
  const handoverOf = (row: Pick<RequestRow, 'status'>, rights: Pick<RightRow, 'answeredOn'>[]): RequestSummary['handover'] => {
    if (row.status !== HANDED_OVER_STATUS) return null;
    const dates = rights.map((r) => r.answeredOn);
    const answered = dates.length > 0 && dates.every((d) => d !== null);
    return { answeredOn: answered ? (dates as IsoDate[]).sort().at(-1)! : null };
  };

  function summaryOut(
    row: Omit<RequestListRow, 'rights' | 'answeredOn'>,
    rights: Right[],
    suspensionRows: readonly SuspensionRow[],
    calendar: HolidayCalendar,
    handover: RequestSummary['handover'] = null,
    today: IsoDate = clock.today(),
  ): RequestSummary {
    return {
      id: row.id,
      agreementId: row.agreementId,
      reference: row.reference,
      receivedOn: row.receivedOn,
      requesterName: row.requesterName,
      requesterCategory: row.requesterCategory,
      subjectName: row.subjectName,
      rights,
      allocation: {
        party: row.allocationParty,
        status: row.allocationStatus,
        ruleId: row.allocationRuleId,
        reason: row.allocationReason,
      },
      status: row.status,
      deadline: deadlineInfo(row, suspensionRows, calendar, today),
      handover,
    };
  }

  function allocationHistory(state: AllocationState | null): RequestDetail['allocationHistory'] {
    const out: RequestDetail['allocationHistory'] = [];
    let current = state;
    while (current) {
      const previous: AllocationState | undefined = current.preemptedFrom ?? current.settledFrom;
      if (!previous) break;
      out.unshift({
        party: previous.party,
        status: previous.status,
        ruleId: previous.ruleId,
        reason: previous.reason,
        replacedBy: current.preemptedFrom ? 'preemption' : 'settlement',
      });
      current = previous;
    }
    return out;
  }

  function detailOut(id: string): RequestDetail {
    const row = requireRequest(id);
    const agreement = requireAgreement(row.agreementId);
    const calendar = agreement.holidayCalendar;
    const rights = store.getRights(id);
    const suspensionRows = store.getSuspensions([id]);
    const events = store.getEvents(id);
    const chain = verifyChain(events, {
      hash,
      ...(row.journalHead ? { expectedHead: row.journalHead } : {}),
      expectedCount: row.eventCount,
    });
    const school = row.schoolId ? store.getSchool(row.schoolId) : undefined;
    const pending = row.preemption;
    const status = row.status;
    // Processor deadlines are the agreement's (seed 003 annex 2 X.4), not every request's.
    const clause = agreement.processorClause;
    const forward = clause && row.processorReceivedOn ? processorDeadlines(row.processorReceivedOn, calendar, clause.forwardWorkingDays) : null;
    const deletion =
      clause && row.processorDeletionInstructedOn ? deletionDeadline(row.processorDeletionInstructedOn, calendar, clause.deletionDays) : null;
    const deadlines = deadlinesOf(row, suspensionRows, calendar);
    const actionState = actionStateOf(row);
    // An anonymised request (its retention period over) is never changed again (core/api/context.ts `act`).
    let actions = possibleActions(actionState);
    if (row.anonymisedOn) {
      const refused: ActionCheck = { ok: false, code: 'DEMANDE_ANONYMISEE', reason: `Demande anonymisée le ${formatDateFr(row.anonymisedOn)} : elle ne peut plus être modifiée.` };
      actions = Object.fromEntries(ACTIONS.map((k) => [k, refused])) as Record<ActionName, ActionCheck>;
    }
    const today = clock.today();
    let letterFormats: Map<string, string[]> | undefined;
    return {
      ...summaryOut(
        row,
        rights.map((r) => r.right),
        suspensionRows,
        calendar,
        handoverOf(row, rights),
      ),
      channel: row.channel,
      medium: row.medium,
      requesterContact: row.requesterContact,
      anonymisedOn: row.anonymisedOn,
      subjectIsMinor: row.subjectIsMinor,
      subjectRelation: row.subjectRelation,
      school: school ? schoolOut(school) : null,
      moduleName: row.moduleName,
      moduleOwner: row.moduleOwner,
      moduleOffList: agreement.preset === 'dsden13' && isModuleOffList(agreement.modules, row.moduleName),
      schoolsScope: row.schoolsScope,
      summary: row.summary,
      identityDocumentsReceived: row.identityDocumentsReceived,
      identityDocumentsMissing: row.identityDocumentsMissing,
      rightsDetail: rights.map((r) => ({
        right: r.right,
        outcome: r.outcome,
        refusalReason: r.refusalReason,
        erasureException: r.erasureException,
        answeredOn: r.answeredOn,
      })),
      suspensions: suspensionRows.map((s) => ({
        id: s.id,
        kind: s.kind,
        whatAsked: s.whatAsked,
        doubt: s.doubt,
        sentOn: s.sentOn,
        receivedOn: s.receivedOn,
        days: daysBetween(s.sentOn, s.receivedOn ?? today),
      })),
      extension: row.extended
        ? {
            reasons: row.extensionReasons ?? '',
            notifiedOn: row.extensionNotifiedOn,
            late: deadlines.extensionLate,
          }
        : null,
      extensionDecided: extensionDecidedAtMeeting(row, events),
      pendingDecision: pending
        ? {
            kind: pending.kind,
            party: pending.party,
            claimedBy: pending.claimedBy,
            by: pending.by,
            at: pending.at,
            reason: pending.reason,
            validations: pending.validations,
            missing: missingValidations(pending),
          }
        : null,
      preemptionAllowed: agreement.rules.preemption?.allowed === true,
      allocationHistory: allocationHistory(row.allocationState),
      acknowledgedOn: row.acknowledgedOn,
      closedOn: row.closedOn,
      dataFile: { requestedOn: row.dataFileRequestedOn, receivedOn: row.dataFileReceivedOn },
      processor: clause
        ? {
            receivedOn: row.processorReceivedOn,
            forwardBy: forward?.forwardBy ?? null,
            forwardExplanation: forward?.sentence ?? null,
            forwardedOn: row.processorForwardedOn,
            forwardLate: forward !== null && isProcessorDeadlineLate({ dueOn: forward.forwardBy, doneOn: row.processorForwardedOn, today }),
            deletionInstructedOn: row.processorDeletionInstructedOn,
            deleteBy: deletion?.deleteBy ?? null,
            deletionExplanation: deletion?.sentence ?? null,
            deletionNote: deletion?.note ?? null,
            deletedOn: row.processorDeletedOn,
            deletionLate: deletion !== null && isProcessorDeadlineLate({ dueOn: deletion.deleteBy, doneOn: row.processorDeletedOn, today }),
            deletionCertificate: row.processorDeletionCertificate,
          }
        : null,
      actions: Object.fromEntries(
        Object.entries(actions).map(([name, check]) => [name, { allowed: check.ok, reason: check.ok ? null : check.reason }]),
      ) as RequestDetail['actions'],
      preemptionParty: actions.claimPreemption.ok ? defaultPreemptionParty(actionState.allocation, actionState.rules) : null,
      attachments: row.attachments,
      nextStatuses: nextStatuses(status).map((to) => {
        const t = findTransition(status, to)!;
        return { to, action: t.action, requiresReason: t.requiresReason === true };
      }),
      events: events.map((e) => ({
        id: e.id,
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        type: e.type,
        author: e.officeId === null ? null : e.officeId === selfOfficeId ? ('self' as const) : ('other' as const),
        // A letter saved in several formats: one event, which names them all (letters/sent.ts).
        data: e.type === 'letter.sent' ? sentEventData(e.data, (letterFormats ??= sentLetterFormats(store, id))) : e.data,
        hash: e.hash,
      })),
      journal: chain.ok
        ? { ok: true, message: `Historique intègre (${events.length} événement${events.length > 1 ? 's' : ''}).` }
        : { ok: false, message: `Historique altéré : ${chain.reason}` },
    };
  }

  /** The stored deadlines of a request after a change (null while a suspension is open). */
  function storedDeadlines(row: Pick<RequestRow, 'receivedOn' | 'extended' | 'extensionNotifiedOn'>, suspensionRows: SuspensionRow[], calendar: HolidayCalendar) {
    const d = deadlineDates({
      receivedOn: row.receivedOn,
      extended: row.extended,
      extensionNotifiedOn: row.extensionNotifiedOn,
      suspensions: toSuspensions(suspensionRows),
      calendar,
    });
    return { responseDeadline: d.responseDeadline, extendedDeadline: d.extendedDeadline, dueOn: d.current };
  }

  return { deadlinesOf, deadlineInfo, summaryOut, handoverOf, detailOut, storedDeadlines };
}
