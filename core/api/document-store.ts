// Storage of the documents produced (letters, meeting exports) and of the monthly meetings.
// `Store` (core/api/store.ts) extends this interface; db/document-store.ts implements it on SQLite.
// Rows mirror the tables `documents` and `meetings` of db/schema.ts.
import type { IsoDate } from '../domain';

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
  /** « 14:30 » (Paris), null when not given. */
  time: string | null;
  /** How it is held (MEETING_FORMATS); null when not given. */
  format: string | null;
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
  meetingHeads(agreementId: string): Omit<MeetingRow, 'agenda' | 'participants' | 'time' | 'format'>[];

}
