// Anonymising one request once its retention period is over (issue 15): its names, contacts,
// summary, free-text notes and reasons, saved letters, and the places that quote it (meeting
// agendas and minutes, conflicts between offices) lose their personal values; its statistics row
// stays (dates, rights and outcomes, party, channel, school, status), so counts and the annual
// report are unchanged. Its journal keeps every event: each personal value in an event's data is
// replaced by its marker, the SHA-256 the chains already hashed in its place (core/journal.ts
// sealedJson), so both chains still verify and no value can be read back.
// Used by `retention.anonymise` and by the exchange's merge when the other office's
// 'request.anonymised' event arrives, inside the caller's transaction.
import type { ServiceContext } from '../../api/context';
import type { AllocationState } from '../../allocation';
import type { RequestRow } from '../../api/store';
import type { IsoDate } from '../../domain';
import { PERSONAL_KEYS, holdsPersonal, withoutPersonal } from '../../journal';
import { requestSearchText } from '../../search';

/** The members of an agenda line, a minutes decision or any stored item that quote a request's person. */
const QUOTING_KEYS: Record<string, string | null> = { requester: '', subject: null, requesterName: '', subjectName: null, comment: '', notes: '' };

/** `value` with every object naming `requestId` stripped of its quoting members; the same value when none. */
function scrub(value: unknown, requestId: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    value.forEach((item, i) => {
      const next = scrub(item, requestId);
      if (next !== item) (out ??= value.slice())[i] = next;
    });
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  const quotes = record.requestId === requestId;
  for (const [key, member] of Object.entries(record)) {
    let next = scrub(member, requestId);
    if (quotes && key in QUOTING_KEYS && member !== QUOTING_KEYS[key] && (typeof member === 'string' || member === null)) next = QUOTING_KEYS[key];
    if (next !== member) (out ??= { ...record })[key] = next;
  }
  return out ?? value;
}

/** An allocation state without the reasons typed for its pre-emptions and settlements. */
function allocationWithoutReasons(state: AllocationState | null): AllocationState | null {
  if (!state) return state;
  return {
    ...state,
    ...(state.decision ? { decision: { ...state.decision, reason: '' } } : {}),
    ...(state.preemptedFrom ? { preemptedFrom: allocationWithoutReasons(state.preemptedFrom)! } : {}),
    ...(state.settledFrom ? { settledFrom: allocationWithoutReasons(state.settledFrom)! } : {}),
  };
}

/** The request's personal columns emptied; every other column as it is. */
export function anonymisedColumns(row: RequestRow, on: IsoDate): Partial<RequestRow> {
  const blank = { requesterName: '', requesterContact: '', subjectName: null, summary: '' };
  return {
    ...blank,
    subjectRelation: null,
    attachments: [],
    // The documents asked and received, as the user named them (« Pièce d'identité de Mme … »).
    identityDocumentsReceived: [],
    identityDocumentsMissing: [],
    extensionReasons: row.extensionReasons === null ? null : '',
    preemption: row.preemption ? { ...row.preemption, reason: '' } : null,
    allocationState: allocationWithoutReasons(row.allocationState),
    searchText: requestSearchText({ reference: row.reference, ...blank }),
    anonymisedOn: on,
  };
}

/**
 * What a refused right's reason becomes: the free text may name people, so it goes; the refusal
 * and its art. 17(3) point stay, and reports (core/reports/annual.ts) show this as its ground.
 */
export const REMOVED_REASON = 'Motif retiré à l’anonymisation de la demande';

/** Removes a request's personal values everywhere this install keeps them (inside the caller's transaction). */
export function anonymiseRequest(ctx: ServiceContext, row: RequestRow, on: IsoDate): { events: number; documents: number } {
  const { store } = ctx;
  store.updateRequest(row.id, { ...anonymisedColumns(row, on), updatedAt: ctx.clock.now() });
  for (const right of store.getRights(row.id)) {
    if (right.refusalReason) store.updateRight(row.id, right.right, { refusalReason: REMOVED_REASON });
  }
  for (const s of store.getSuspensions([row.id])) {
    if (s.whatAsked || s.doubt) store.updateSuspension(s.id, { whatAsked: '', doubt: s.doubt === null ? null : '' });
  }
  let events = 0;
  for (const event of store.getEvents(row.id)) {
    if (!holdsPersonal(event.data)) continue;
    store.setEventData(event.id, withoutPersonal(event.data, ctx.hash));
    events += 1;
  }
  const documents = store.deleteRequestDocuments(row.id);
  for (const meeting of store.listMeetings(row.agreementId)) {
    const agenda = scrub(meeting.agenda, row.id);
    const minutes = scrub(meeting.minutes, row.id);
    if (agenda !== meeting.agenda || minutes !== meeting.minutes) store.updateMeeting(meeting.id, { agenda, minutes });
  }
  for (const doc of store.meetingDocuments(row.agreementId)) {
    let content: unknown;
    try {
      content = JSON.parse(doc.content);
    } catch {
      continue;
    }
    const next = scrub(content, row.id);
    if (next !== content) store.setDocumentContent(doc.id, JSON.stringify(next));
  }
  for (const c of store.requestConflicts(row.id)) {
    if (PERSONAL_KEYS.has(c.field) && (c.local !== null || c.remote !== null)) store.setConflictValues(c.id, { local: null, remote: null });
  }
  return { events, documents };
}
