// Storage of the exchange between the two offices of an agreement: the paired office, where
// the exchange stands, the packages' history, the conflicts to decide, and the events by author
// office. `Store` (core/api/store.ts) extends this interface; db/exchange-store.ts implements it.
import type { Party } from '../domain';
import type { EventRow } from './event-row';

/** An event as a package carries it (core/features/exchange/records.ts eventRecordOf). */
export type OfficeEventRow = Pick<EventRow, 'id' | 'requestId' | 'at' | 'actor' | 'type' | 'data' | 'officeSeq' | 'officeHash'>;

export interface PeerRow {
  agreementId: string;
  officeId: string;
  name: string;
  party: Party;
  signingKey: string;
  encryptionKey: string;
  fingerprint: string;
  pairedAt: string;
  pairedBy: string;
}

export interface ExchangeStateRow {
  agreementId: string;
  lastPackageOut: number;
  lastPackageIn: number;
  /** Highest sequence received, per author office id. */
  received: Record<string, number>;
  /** Highest of this office's sequences the other office has acknowledged. */
  peerAcknowledged: number;
}

export interface PackageRow {
  id: string;
  agreementId: string;
  direction: 'out' | 'in';
  number: number;
  at: string;
  fileName: string;
  counts: Record<string, number>;
  changes: number;
  conflicts: number;
}

export interface ConflictRow {
  id: string;
  agreementId: string;
  requestId: string;
  field: string;
  local: unknown;
  remote: unknown;
  remoteEventId: string;
  remoteOffice: string;
  createdAt: string;
  resolvedAt: string | null;
  resolution: 'local' | 'remote' | null;
  resolvedBy: string | null;
}

export interface ExchangeStore {
  getPeer(agreementId: string): PeerRow | undefined;
  insertPeer(row: PeerRow): void;

  getExchangeState(agreementId: string): ExchangeStateRow | undefined;
  saveExchangeState(row: ExchangeStateRow): void;

  insertPackage(row: PackageRow): void;
  listPackages(agreementId: string): PackageRow[];

  insertConflict(row: ConflictRow): void;
  getConflict(id: string): ConflictRow | undefined;
  listConflicts(agreementId: string, openOnly: boolean): ConflictRow[];
  resolveConflict(id: string, patch: Pick<ConflictRow, 'resolvedAt' | 'resolution' | 'resolvedBy'>): void;

  getEvent(id: string): EventRow | undefined;
  /** The head of an office's chain for an agreement: its last event, request's or breach's. */
  lastOfficeEvent(agreementId: string, officeId: string): { officeSeq: number; officeHash: string } | undefined;
  /**
   * An office's events for an agreement after sequence `after`, in sequence order, with what a
   * package carries of them (not their request chain's hashes, nor the agreement and office
   * asked for: a large export reads a hundred thousand).
   */
  officeEvents(agreementId: string, officeId: string, after: number): OfficeEventRow[];
  /** Events written before the exchange existed (no office yet), in the order they were written. */
  eventsWithoutOffice(): EventRow[];
  setEventOffice(id: string, link: Pick<EventRow, 'agreementId' | 'officeId' | 'officeSeq' | 'officeHash'>): void;
  /** How many of an office's events (requests' and breaches') for an agreement come after sequence `after`. */
  countOfficeEvents(agreementId: string, officeId: string, after: number): number;
}
