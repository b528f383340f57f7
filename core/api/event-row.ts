// The journal row the store hands back, shared by core/api/store.ts and core/api/exchange-store.ts.
import type { EventType } from '../events';
import type { JournalEvent } from '../journal';

/** A journal event (core/journal.ts) with its position in the request's history. */
export interface EventRow extends JournalEvent {
  seq: number;
  type: EventType;
  /** The agreement, and the office that wrote the event with its place in that office's chain (core/exchange/chain.ts). */
  agreementId: string | null;
  officeId: string | null;
  officeSeq: number | null;
  officeHash: string | null;
}
