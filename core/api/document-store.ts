// Storage of the documents produced (letters, meeting exports) and of the monthly meetings.
// `Store` (core/api/store.ts) extends this interface; db/document-store.ts implements it on SQLite.
// Rows mirror the tables `documents` and `meetings` of db/schema.ts.
import type { IsoDate } from '../domain';
import type { RequestRow, RightRow, SuspensionRow } from './store';

export interface DocumentRow {
  id: string;
  requestId: string | null;
  meetingId: string | null;
  /** A letter kind (core/documents/letters.ts) or 'agenda' / 'workbook'. */
  kind: string;
  templateVersion: number;
  title: string;
  /** 'pdf' | 'docx' | 'html' (printed through the browser) | 'xlsx'. */
  format: string;
  /** JSON: what is needed to produce the same file again (the letter or the agenda as saved). */
  content: string;
  createdAt: string;
}

export interface MeetingRow {
  id: string;
  agreementId: string;
  date: IsoDate;
  participants: unknown;
  /** The generated agenda plus the items typed by the user (core/documents/agenda.ts). */
  agenda: unknown;
  /** The decisions recorded (core/documents/minutes.ts), null until recorded. */
  minutes: unknown;
  createdAt: string;
  /** When the minutes were first recorded. */
  closedAt: string | null;
}

export interface DocumentStore {
  insertDocument(row: DocumentRow): void;
  getDocument(id: string): DocumentRow | undefined;
  /** Documents of a request or of a meeting, newest first, without their content. */
  listDocuments(of: { requestId: string } | { meetingId: string }): Omit<DocumentRow, 'content'>[];

  insertMeeting(row: MeetingRow): void;
  updateMeeting(id: string, patch: Partial<Omit<MeetingRow, 'id' | 'agreementId' | 'createdAt'>>): void;
  getMeeting(id: string): MeetingRow | undefined;
  /** Meetings, latest date first (of one agreement when given). */
  listMeetings(agreementId?: string): MeetingRow[];
  /** An agreement's meetings without their agenda (the largest column), latest date first. */
  meetingHeads(agreementId: string): Omit<MeetingRow, 'agenda' | 'participants'>[];

  /**
   * What an agenda reads of an agreement's requests, in a few queries (not one request at a
   * time): with `closedAfter`, every open request and the closed ones whose closing date (or,
   * for an answered one, last answer date) is after it; with `ids`, those requests of the
   * agreement. Their rights, suspensions and the events the agenda quotes (the handover's
   * date, the data file's source), events in journal order.
   */
  agendaRows(agreementId: string, scope: { closedAfter: IsoDate } | { ids: string[] }): AgendaRows;
}

/** The request columns an agenda reads (its stored deadlines included: lists and agendas agree). */
export type AgendaRequestRow = Pick<
  RequestRow,
  | 'id'
  | 'reference'
  | 'receivedOn'
  | 'requesterName'
  | 'subjectName'
  | 'status'
  | 'allocationParty'
  | 'allocationStatus'
  | 'allocationReason'
  | 'preemption'
  | 'extended'
  | 'extensionNotifiedOn'
  | 'responseDeadline'
  | 'extendedDeadline'
  | 'dueOn'
  | 'closedOn'
  | 'acknowledgedOn'
  | 'dataFileRequestedOn'
  | 'dataFileReceivedOn'
  | 'processorReceivedOn'
  | 'processorDeletionInstructedOn'
  | 'processorForwardedOn'
  | 'processorDeletedOn'
  | 'processorDeletionCertificate'
>;

export interface AgendaRows {
  /** By reference. */
  requests: AgendaRequestRow[];
  rights: RightRow[];
  suspensions: SuspensionRow[];
  events: { requestId: string; seq: number; type: string; data: unknown }[];
}
