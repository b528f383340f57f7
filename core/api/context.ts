// What every feature's handlers get from the service: the ports (store, clock, ids, hosts'
// renderers), this office, the lookups that refuse with INTROUVABLE, the journal writer, and
// `act`, the one way a request changes (one transaction, recomputed deadlines, one event).
import { pureBase64, type Base64Codec } from '../bytes';
import { assertAction, type ActionName, type ActionState } from '../actions';
import type { AllocationState } from '../allocation';
import type { HolidayCalendar, IsoDate, Party, Status } from '../domain';
import { formatDateFr } from '../explain';
import { deFr } from '../documents/text';
import { GENESIS_HASH, appendEvent, sha256Hex, type Hasher } from '../journal';
import { officeEventHash } from '../exchange/chain';
import { fromUtf8, type Utf8Decoder } from '../exchange/bytes';
import type { ExchangeCrypto } from '../exchange/crypto-port';
import type { OfficePublicKeys } from '../exchange/fingerprint';
import { assertTransition } from '../lifecycle';
import type { ParsedSheet } from '../documents/workbook';
import type { EventType } from '../events';
import type { Agreement } from '../features/agreements/calls';
import type { BackupDetails, BackupEntry, StartupProblem } from '../features/backups/calls';
import { agreementOut } from '../features/agreements/read';
import type { Office } from '../features/office/calls';
import type { RequestDetail } from '../features/requests/calls';
import { createRequestReader, type RequestReader } from '../features/requests/read';
import { DomainError, notFound } from '../errors';
import type { AgreementRow, EventRow, RequestRow, Store, SuspensionRow } from './store';

export interface Clock {
  /** Today's date in Europe/Paris, 'YYYY-MM-DD'. */
  today(): IsoDate;
  /** The current instant, ISO UTC. */
  now(): string;
}

export interface ServiceDeps {
  store: Store;
  clock: Clock;
  newId(): string;
  /** HTML → PDF by Chromium (Electron printToPDF, or the browser found in browser mode). Absent: PDF calls say so. */
  renderPdf?: (html: string) => Promise<Uint8Array>;
  /** Reads an .xlsx as plain rows, host side (size and time limits): see core/features/meetings. */
  readWorkbook?: (bytes: Uint8Array) => Promise<ParsedSheet[]>;
  /** Reads a register to import (.xlsx, .ods, CSV) as plain rows, host side: see core/features/register. */
  readRegister?: (bytes: Uint8Array) => Promise<ParsedSheet[]>;
  /** This office's identity and keys, for the exchange with the other office (absent: no exchange). */
  exchange?: ExchangeDeps;
  /** SHA-256 for the journals (node:crypto in the hosts; default: the pure one of core/journal.ts). */
  hash?: Hasher;
  /** Base64 of the files calls carry (node's Buffer in the hosts; default: core/bytes.ts). */
  base64?: Base64Codec;
  /** Strict UTF-8 decoding of the packages' contents (node's buffer.isUtf8 in the hosts; default: core/exchange/bytes.ts). */
  utf8?: Utf8Decoder;
  /** The register's backups (files, SQLite's backup API, restoring), host side: see core/features/backups. */
  backups?: BackupsPort;
}

/** What core/features/backups asks of the host. Refusals are DomainErrors with a French message. */
export interface BackupsPort {
  /** The folder holding the backups, shown to the user. */
  folder: string;
  /** Why the register could not be opened (the service then runs without it), else null. */
  problem: StartupProblem | null;
  /** Every backup, newest first. */
  list(): BackupEntry[];
  /** One backup, checked and counted. */
  inspect(name: string): BackupDetails;
  latestGood(): BackupDetails | null;
  create(): Promise<BackupEntry>;
  /** Replaces the register by the backup and reopens it; `keptAs`: the name the replaced file was kept under. */
  restore(name: string): Promise<{ restored: BackupDetails; keptAs: string | null }>;
}

export interface ExchangeDeps {
  self: { officeId: string; keys: OfficePublicKeys; fingerprint: string };
  /** Signs, seals and opens with this office's private keys (node:crypto in the host). */
  crypto: ExchangeCrypto;
  appVersion: string;
}

export type ActChange = (row: RequestRow, calendar: HolidayCalendar) => { patch?: Partial<RequestRow>; data?: Record<string, unknown> };

export interface ServiceContext extends ServiceDeps {
  hash: Hasher;
  base64: Base64Codec;
  utf8: Utf8Decoder;
  office(): Office | null;
  /** Who acts, for the journal: this office's label. */
  actor(): string;
  requireAgreement(id: string): AgreementRow & { schoolCount: number };
  requireRequest(id: string): RequestRow;
  agreementOut(row: AgreementRow & { schoolCount: number }): Agreement;
  /** The request read model (deadlines for today, summary, detail). */
  read: RequestReader;
  detailOut(id: string): RequestDetail;
  /**
   * Appends one event to a request's journal (inside the caller's transaction). `agreementId`:
   * the request's, when the caller holds it (a bulk import), so its row is not read again.
   */
  record(requestId: string, type: EventType, data: unknown, agreementId?: string): void;
  /** The event fields that place it in this office's chain for an agreement. */
  officeLink(agreementId: string, event: { id: string; requestId: string; at: string; actor: string; type: string; data: unknown }): Pick<EventRow, 'agreementId' | 'officeId' | 'officeSeq' | 'officeHash'>;
  /**
   * One action on a request, with its event, in one transaction; when `action` is given, it is
   * first checked against core/actions.ts (refused with its French reason when not possible now).
   */
  act(id: string, type: EventType, change: ActChange, action?: ActionName): RequestDetail;
  /** What core/actions.ts needs to know about a request. */
  actionStateOf(row: RequestRow): ActionState;
  /** A user-given date: not in the future, not before the request's receipt. */
  checkDate(date: IsoDate, row: RequestRow, field: string, label: string): void;
  /** The status change to `to` as a patch, refused with the lifecycle's French reason. */
  transition(row: RequestRow, to: Status, reason?: string): Partial<RequestRow>;
  /** The allocation of a request as core/allocation.ts sees it. */
  allocationStateOf(row: RequestRow): AllocationState;
  /** The request columns that store an allocation. */
  allocationColumns(state: AllocationState): AllocationColumns;
  openSuspension(requestId: string): SuspensionRow | undefined;
}

export const OFFICE_KEY = 'office';

export type AllocationColumns = Pick<RequestRow, 'allocationParty' | 'allocationStatus' | 'allocationRuleId' | 'allocationReason' | 'allocationState'>;

export function createContext(deps: ServiceDeps): ServiceContext {
  const { store, clock, newId } = deps;
  const hash = deps.hash ?? sha256Hex;

  function office(): Office | null {
    const raw = store.getSetting(OFFICE_KEY) as { party: Party; communeName: string } | undefined;
    if (!raw) return null;
    return {
      party: raw.party,
      communeName: raw.communeName,
      label: raw.party === 'academie' ? "L'académie" : `La commune ${deFr(raw.communeName)}`, // « La commune d'Aubagne »
    };
  }

  const actor = () => office()?.label ?? 'Office non configuré';

  function requireAgreement(id: string) {
    const row = store.getAgreement(id);
    if (!row) throw notFound('Convention');
    return row;
  }

  function requireRequest(id: string) {
    const row = store.getRequest(id);
    if (!row) throw notFound('Demande');
    return row;
  }

  function actionStateOf(row: RequestRow): ActionState {
    const agreement = requireAgreement(row.agreementId);
    const open = store.getSuspensions([row.id]).filter((s) => s.receivedOn === null);
    return {
      status: row.status,
      openIdentity: open.some((s) => s.kind === 'identity'),
      openClarification: open.some((s) => s.kind === 'clarification'),
      extended: row.extended,
      allocation: allocationStateOf(row),
      pending: row.preemption,
      rules: agreement.rules,
      office: office()?.party ?? null,
      processorClause: agreement.processorClause,
    };
  }

  const read = createRequestReader({ store, today: () => clock.today(), requireAgreement, requireRequest, actionStateOf: (row) => actionStateOf(row), hash, selfOfficeId: deps.exchange?.self.officeId ?? null });
  const detailOut = read.detailOut;

  /**
   * Appends one event to a request's hash-chained journal and, when this install has an office
   * identity, to this office's chain for the agreement (what the exchange carries).
   */
  function record(requestId: string, type: EventType, data: unknown, knownAgreementId?: string): void {
    const last = store.lastEvent(requestId);
    const event = appendEvent(
      last?.hash ?? GENESIS_HASH,
      {
        id: newId(),
        requestId,
        at: clock.now(),
        actor: actor(),
        type,
        data,
      },
      hash,
    );
    const agreementId = knownAgreementId ?? requireRequest(requestId).agreementId;
    store.insertEvent({ ...event, type, seq: (last?.seq ?? 0) + 1, ...officeLink(agreementId, event) });
  }

  /** The event's place in this office's chain for the agreement (nulls without an identity). */
  function officeLink(agreementId: string, event: { id: string; requestId: string; at: string; actor: string; type: string; data: unknown }) {
    const self = deps.exchange?.self;
    if (!self) return { agreementId, officeId: null, officeSeq: null, officeHash: null };
    const previous = store.lastOfficeEvent(agreementId, self.officeId);
    const officeSeq = (previous?.officeSeq ?? 0) + 1;
    const officeHash = officeEventHash(previous?.officeHash ?? GENESIS_HASH, { ...event, agreementId, officeId: self.officeId, officeSeq }, hash);
    return { agreementId, officeId: self.officeId, officeSeq, officeHash };
  }

  /** A date given by the user: not in the future, not before the request was received. */
  function checkDate(date: IsoDate, row: RequestRow, field: string, label: string): void {
    if (date > clock.today()) {
      throw new DomainError('DATE_FUTURE', `${label} : elle ne peut pas être dans le futur.`, {
        [field]: `${label} : pas après aujourd'hui (${formatDateFr(clock.today())}).`,
      });
    }
    if (date < row.receivedOn) {
      throw new DomainError('DATE_ANTERIEURE', `${label} : elle ne peut pas précéder la réception de la demande.`, {
        [field]: `${label} : pas avant la réception (${formatDateFr(row.receivedOn)}).`,
      });
    }
  }

  /**
   * One action on a request, in one transaction: `change` returns the new values (and may do
   * other writes); the row is updated with recomputed deadlines, the event is appended with
   * the before/after of every changed field, and the request is returned as it now is.
   */
  function act(
    id: string,
    type: EventType,
    change: (row: RequestRow, calendar: HolidayCalendar) => { patch?: Partial<RequestRow>; data?: Record<string, unknown> },
    action?: ActionName,
  ): RequestDetail {
    return store.transaction(() => {
      const row = requireRequest(id);
      // Anonymised once its retention period was over: kept for the statistics, never changed again.
      if (row.anonymisedOn) {
        throw new DomainError('DEMANDE_ANONYMISEE', `La demande ${row.reference} a été anonymisée le ${formatDateFr(row.anonymisedOn)} (durée de conservation écoulée) : elle ne peut plus être modifiée.`);
      }
      if (action) assertAction(actionStateOf(row), action);
      // The calendar alone (one small query), not the whole agreement parsed on every action.
      const calendar = store.getHolidayCalendars([row.agreementId]).get(row.agreementId);
      if (!calendar) throw notFound('Convention');
      const { patch = {}, data = {} } = change(row, calendar);
      const next = { ...row, ...patch };
      const full: Partial<RequestRow> = {
        ...patch,
        ...read.storedDeadlines(next, store.getSuspensions([id]), calendar),
        updatedAt: clock.now(),
      };
      const changes: Record<string, { before: unknown; after: unknown }> = {};
      for (const [key, after] of Object.entries(full)) {
        if (key === 'updatedAt') continue;
        const before = row[key as keyof RequestRow];
        if (JSON.stringify(before) !== JSON.stringify(after)) changes[key] = { before, after };
      }
      store.updateRequest(id, full);
      record(id, type, { ...data, changes });
      return detailOut(id);
    });
  }

  function transition(row: RequestRow, to: Status, reason?: string): Partial<RequestRow> {
    if (row.status === to) return {};
    assertTransition(row.status, to, {
      reason: reason ?? null,
      rights: store.getRights(row.id).map((r) => ({ right: r.right, outcome: r.outcome, refusalReason: r.refusalReason })),
    });
    return { status: to };
  }

  const allocationStateOf = (row: RequestRow): AllocationState =>
    row.allocationState ?? {
      party: row.allocationParty,
      status: row.allocationStatus,
      ruleId: row.allocationRuleId,
      reason: row.allocationReason,
    };

  const allocationColumns = (state: AllocationState): AllocationColumns => ({
    allocationParty: state.party,
    allocationStatus: state.status,
    allocationRuleId: state.ruleId,
    allocationReason: state.reason,
    allocationState: state,
  });

  const openSuspension = (id: string) => store.getSuspensions([id]).find((s) => s.receivedOn === null);

  return {
    ...deps,
    hash,
    base64: deps.base64 ?? pureBase64,
    utf8: deps.utf8 ?? fromUtf8,
    office,
    actor,
    requireAgreement,
    requireRequest,
    agreementOut,
    read,
    detailOut,
    record,
    officeLink,
    act,
    checkDate,
    transition,
    allocationStateOf,
    allocationColumns,
    openSuspension,
    actionStateOf,
  };
}
