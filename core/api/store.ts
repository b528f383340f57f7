// The storage interface the service is given. db/store.ts implements it on SQLite;
// core never sees a driver. Rows mirror the tables of db/schema.ts (same field names).
import type { z } from 'zod';
import type {
  Channel,
  HolidayCalendar,
  IsoDate,
  Medium,
  Outcome,
  Party,
  PresetId,
  RequesterCategory,
  Right,
  Status,
} from '../domain';
import type { AllocationState, AllocationStatus, PendingDecision, RuleSet, SchoolsScope } from '../allocation';
import type { agreementColumns } from './row-schemas';
import type { ErasureException, ProcessorClause } from '../domain';
import type { BreachStore } from './breach-store';
import type { DocumentStore } from './document-store';
import type { ExchangeStore } from './exchange-store';
import type { RetentionStore } from './retention-store';
import type { EventRow } from './event-row';
import type { AgreementModule } from '../modules';

export type { EventRow };

export interface AgreementRow {
  id: string;
  code: string;
  name: string;
  communeName: string;
  academieName: string;
  preset: PresetId;
  rules: RuleSet;
  holidayCalendar: HolidayCalendar;
  dpdContacts: z.output<(typeof agreementColumns)['dpdContacts']>;
  processorName: string | null;
  identityDocuments: string[];
  letterTemplates: z.output<(typeof agreementColumns)['letterTemplates']>;
  processorClause: ProcessorClause | null;
  jointArrangement: string;
  processing: z.output<(typeof agreementColumns)['processing']>;
  /** The ENT's modules with their owner (core/modules.ts). */
  modules: AgreementModule[];
  /** Years a closed request is kept after its closure before it is anonymised (issue 15; default 5). */
  retentionYears: number;
  createdAt: string;
  updatedAt: string;
}

export interface SchoolRow {
  id: string;
  agreementId: string;
  name: string;
  address: string;
  uai: string;
  createdAt: string;
}

export interface RequestRow {
  id: string;
  agreementId: string;
  reference: string;
  year: number;
  seq: number;
  /** 'A' or 'C': the office that minted the reference; '' before the exchange existed. */
  refOffice: string;
  receivedOn: IsoDate;
  channel: Channel;
  medium: Medium;
  requesterName: string;
  requesterContact: string;
  requesterCategory: RequesterCategory;
  subjectName: string | null;
  subjectIsMinor: boolean | null;
  subjectRelation: string | null;
  schoolId: string | null;
  moduleName: string | null;
  moduleOwner: Party | null;
  schoolsScope: SchoolsScope | null;
  summary: string;
  searchText: string;
  allocationParty: Party | null;
  allocationStatus: AllocationStatus;
  allocationRuleId: string;
  allocationReason: string;
  preemption: PendingDecision | null;
  allocationState: AllocationState | null;
  journalHead: string | null;
  eventCount: number;
  identityDocumentsReceived: string[];
  identityDocumentsMissing: string[];
  attachments: string[];
  extended: boolean;
  extensionReasons: string | null;
  extensionNotifiedOn: string | null;
  acknowledgedOn: string | null;
  responseDeadline: string | null;
  extendedDeadline: string | null;
  dueOn: string | null;
  status: Status;
  closedOn: string | null;
  processorReceivedOn: string | null;
  processorDeletionInstructedOn: string | null;
  processorForwardedOn: string | null;
  processorDeletedOn: string | null;
  processorDeletionCertificate: string | null;
  dataFileRequestedOn: string | null;
  dataFileReceivedOn: string | null;
  /** When its names, contacts and texts were removed (retention over); null: not anonymised. */
  anonymisedOn: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RightRow {
  id: string;
  requestId: string;
  right: Right;
  outcome: Outcome | null;
  refusalReason: string | null;
  erasureException: ErasureException | null;
  answeredOn: string | null;
}

export interface SuspensionRow {
  id: string;
  requestId: string;
  kind: 'identity' | 'clarification';
  whatAsked: string;
  doubt: string | null;
  sentOn: string;
  receivedOn: string | null;
}

/** A partial row to write: an absent or undefined field is left as it is. */
export type Patch<T> = { [K in keyof T]?: T[K] | undefined };

export interface RequestQuery {
  agreementId?: string | undefined;
  /** The requests this party answers, and every one handed over (its handing office keeps following it). */
  party?: Party | undefined;
  statuses?: Status[] | undefined;
  openOnly: boolean;
  /** Only the requests cancelled as typed by mistake (true); otherwise they are left out. */
  cancelled?: boolean | undefined;
  /** Only requests whose allocation has (true) or has not (false) a pending pre-emption/settlement. */
  pendingDecision?: boolean | undefined;
  /** Computed by the service from `today`: inclusive bounds on dueOn, or only suspended ones. */
  due?: { before?: IsoDate | undefined; from?: IsoDate | undefined } | 'suspended' | undefined;
  allocationStatus?: string | undefined;
  right?: Right | undefined;
  receivedFrom?: IsoDate | undefined;
  receivedTo?: IsoDate | undefined;
  q?: string | undefined;
  sort: 'reference' | 'receivedOn' | 'requesterName' | 'subjectName' | 'party' | 'status' | 'dueOn';
  direction: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export type RequestFilter = Omit<RequestQuery, 'sort' | 'direction' | 'offset' | 'limit'>;

/**
 * The columns a list page reads (its summary and deadlines), not the request's whole row: a page
 * of 50 then reads, decodes and checks 15 values a request, not 50 with its JSON.
 */
export const REQUEST_LIST_COLUMNS = [
  'id',
  'agreementId',
  'reference',
  'receivedOn',
  'requesterName',
  'requesterCategory',
  'subjectName',
  'allocationParty',
  'allocationStatus',
  'allocationRuleId',
  'allocationReason',
  'status',
  'extended',
  'extensionNotifiedOn',
  'dueOn',
] as const satisfies readonly (keyof RequestRow)[];
export type RequestListRow = Pick<RequestRow, (typeof REQUEST_LIST_COLUMNS)[number]> & { rights: Right[]; answeredOn: (IsoDate | null)[] };

/**
 * Requests counted by status and proposed party, with how many of them have their deadline in
 * force suspended (none), passed, or within the due-soon window, and how many are to settle.
 */
export interface RequestGroup {
  status: string;
  party: string | null;
  count: number;
  suspended: number;
  overdue: number;
  dueSoon: number;
  toSettle: number;
}

export interface Store extends DocumentStore, ExchangeStore, BreachStore, RetentionStore {
  /** Runs fn in one transaction: all of it is written, or nothing. */
  transaction<T>(fn: () => T): T;

  /**
   * What an agenda reads of an agreement's requests, in a few queries (not one request at a
   * time): with `closedAfter`, every open request and the closed ones whose closing date (or,
   * for an answered one, last answer date) is after it; with `ids`, those requests of the
   * agreement. Their rights, suspensions and the events the agenda quotes (the handover's
   * date, the data file's source), events in journal order.
   */
  agendaRows(agreementId: string, scope: { closedAfter: IsoDate } | { ids: string[] }): AgendaRows;

  getSetting(key: string): unknown;
  setSetting(key: string, value: unknown, at: string): void;

  listAgreements(): (AgreementRow & { schoolCount: number })[];
  getAgreement(id: string): (AgreementRow & { schoolCount: number }) | undefined;
  /** The holiday calendars alone of these agreements (a list page needs one for each agreement it shows); an unknown id is left out. */
  getHolidayCalendars(ids: string[]): Map<string, HolidayCalendar>;
  isAgreementCodeTaken(code: string, exceptId?: string): boolean;
  insertAgreement(row: AgreementRow): void;
  updateAgreement(id: string, patch: Patch<AgreementRow>): void;

  listSchools(agreementId: string): SchoolRow[];
  getSchool(id: string): SchoolRow | undefined;
  findSchoolByUai(agreementId: string, uai: string): SchoolRow | undefined;
  insertSchool(row: SchoolRow): void;
  updateSchool(id: string, patch: Pick<SchoolRow, 'name' | 'address' | 'uai'>): void;
  deleteSchool(id: string): void;
  /** How many requests (cancelled ones included: their history names the school) point at a school. */
  countRequestsOfSchool(id: string): number;

  /** The next number of the references an office mints for an agreement and a year. */
  nextRequestSeq(agreementId: string, year: number, refOffice: string): number;
  insertRequest(row: RequestRow, rights: RightRow[]): void;
  getRequest(id: string): RequestRow | undefined;
  /** Whether a reference is already used on this install. */
  isReferenceTaken(reference: string): boolean;
  /** Several requests at once, with their rights (an export's snapshots). */
  getRequestsWithRights(ids: string[]): { row: RequestRow; rights: RightRow[] }[];
  /** The deadlines stored for a request (a prepared statement: an import sets thousands). */
  setDeadlines(id: string, deadlines: Pick<RequestRow, 'responseDeadline' | 'extendedDeadline' | 'dueOn' | 'updatedAt'>): void;
  /** One page of requests matching `query`, with the rights asked. */
  /** A page of requests (the list's columns), each with its rights and their answer dates (in the same order). */
  listRequests(query: RequestQuery): RequestListRow[];
  /**
   * Counts of the requests matching `filter`, grouped by status, proposed party and where the
   * deadline in force falls against `today` (core/api/facets.ts turns them into totals and facets).
   * One grouped query over a covering index, instead of one count per figure.
   */
  requestGroups(filter: RequestFilter, bounds: { today: IsoDate; soon: IsoDate }): RequestGroup[];
  /** Requests matching `filter` with a pre-emption or settlement waiting for validation. */
  countPendingDecisions(filter: RequestFilter): number;
  /** [receivedOn, last answer date] of the answered requests matching `query`. */
  answerTimes(query: RequestFilter): { receivedOn: string; answeredOn: string }[];
  /** Requests received per month ('YYYY-MM') from `from` on. */
  receivedByMonth(from: IsoDate, agreementId?: string): { month: string; count: number }[];
  /**
   * What an annual report counts: the requests of one agreement (or all) received between two
   * dates inclusive, cancelled ones left out, and their rights. Two queries over the receipt
   * date's index, not one request at a time.
   */
  reportRows(scope: { agreementId?: string | undefined; from: IsoDate; to: IsoDate }): ReportRows;
  /** The earliest date of receipt of the register's requests (or of one agreement's), cancelled ones left out. */
  firstReceivedOn(agreementId?: string): IsoDate | null;
  getRights(requestId: string): RightRow[];
  getSuspensions(requestIds: string[]): SuspensionRow[];

  getEvents(requestId: string): EventRow[];
  /** The head of a request's journal: its last event's hash and number. */
  lastEvent(requestId: string): { hash: string; seq: number } | undefined;
  /** Appends an event and moves the request's journal head (hash, count) with it. */
  insertEvent(row: EventRow): void;
  /**
   * Appends an event without moving the head: for a merge that appends many events to a
   * request in one transaction and then sets its head once (`setJournalHead`).
   */
  /** `dataJson`, when the caller has it, is the JSON text of `row.data` to store (not re-serialised). */
  appendJournalEvent(row: EventRow, dataJson?: string): void;
  setJournalHead(requestId: string, hash: string, count: number): void;
  updateRequest(id: string, patch: Partial<RequestRow>): void;
  insertSuspension(row: SuspensionRow): void;
  updateSuspension(id: string, patch: Partial<SuspensionRow>): void;
  updateRight(requestId: string, right: Right, patch: Partial<RightRow>): void;
  /** A right added by a correction (issue 13). */
  insertRight(row: RightRow): void;
  /** A right removed by a correction: only one without an outcome (the service checks). */
  deleteRight(requestId: string, right: Right): void;
}

/** The request columns an annual report reads (its stored deadline in force included: lists and reports agree). */
export type ReportRequestRow = Pick<RequestRow, 'id' | 'agreementId' | 'reference' | 'receivedOn' | 'channel' | 'allocationParty' | 'status' | 'extended' | 'extendedDeadline' | 'dueOn'>;
export type ReportRightRow = Pick<RightRow, 'requestId' | 'right' | 'outcome' | 'refusalReason' | 'erasureException' | 'answeredOn'>;

export interface ReportRows {
  /** By date of receipt, then reference. */
  requests: ReportRequestRow[];
  rights: ReportRightRow[];
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
