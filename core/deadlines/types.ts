// Deadline engine types: suspensions, urgency, and the input error. Overview: ./index.ts.
import type { IsoDate } from '../domain';
import { DomainError } from '../errors';

/**
 * A documented request for information sent to the requester: identity documents (GDPR
 * art. 12(6), decree n° 2019-536: suspends the time limits until received) or clarification
 * of what is asked (recital 63: recorded, suspends nothing). deadlines.md, Sources.
 */
export interface Suspension {
  /** Date the request for information was sent. */
  from: IsoDate;
  /** Date the information was received; absent or null while still awaited (open suspension). */
  to?: IsoDate | null;
  /** What was asked; absent = 'identity' (the only kind that suspends). */
  kind?: SuspensionKind;
}

export type SuspensionKind = 'identity' | 'clarification';

export type Urgency = 'overdue' | 'due-soon' | 'ok' | 'suspended';

/** "Due within 7 days" (deadlines.md, "What the user sees"). */
export const DUE_SOON_DAYS = 7;

export type DeadlineErrorCode =
  | 'DATE_INVALIDE'
  | 'INSTANT_INVALIDE'
  | 'DUREE_INVALIDE'
  | 'SUSPENSION_INVALIDE'
  | 'CALENDRIER_INVALIDE'
  | 'NOTIFICATION_INVALIDE';

/** Bad input to the deadline engine; `message` is French and says what to fix. */
export class DeadlineInputError extends DomainError {
  declare readonly code: DeadlineErrorCode;
  constructor(code: DeadlineErrorCode, message: string) {
    super(code, message);
  }
}
