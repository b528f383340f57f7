// Storage for the retention of requests (core/features/retention): what is past its period, and
// the writes anonymisation needs beyond a request's own row. `Store` (core/api/store.ts) extends
// this interface; db/retention-store.ts implements it on SQLite.
import type { IsoDate, Status } from '../domain';

export interface ClosedRequestRow {
  id: string;
  reference: string;
  receivedOn: IsoDate;
  closedOn: IsoDate;
  status: Status;
}

export interface RetentionStore {
  /** An agreement's closed requests not yet anonymised, closed on or before `closedBy`, oldest closure first. */
  closedRequests(agreementId: string, closedBy: IsoDate): ClosedRequestRow[];
  /** How many of an agreement's requests are anonymised. */
  countAnonymised(agreementId: string): number;
  /** Rewrites an event's stored data (its personal values replaced by their markers: its hashes stay right). */
  setEventData(eventId: string, data: unknown): void;
  /** Removes a request's saved documents (letters as printed); returns how many. */
  deleteRequestDocuments(requestId: string): number;
  /** Rewrites a stored document's content (a meeting's agenda quoting the request). */
  setDocumentContent(id: string, content: string): void;
  /** The documents of an agreement's meetings, with their content (agendas and minutes quote requests). */
  meetingDocuments(agreementId: string): { id: string; content: string }[];
  /** The values in dispute of a conflict, rewritten (names removed). */
  setConflictValues(id: string, values: { local: unknown; remote: unknown }): void;
  /** Every conflict of a request, open or decided. */
  requestConflicts(requestId: string): { id: string; field: string; local: unknown; remote: unknown }[];
  /**
   * Makes the removed values unreadable in the file: SQLite overwrites deleted content
   * (secure_delete, db/open.ts), then the WAL is written back into the file and truncated.
   * Outside any transaction.
   */
  purgeRemovedData(): void;
}
