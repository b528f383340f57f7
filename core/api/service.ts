// The service: one handler per contract call, given a store, a clock and an id source.
// Every call is validated against the contract's input schema; every answer against its
// output schema; every refusal is { ok: false, error } with a French message. Every change
// to a request is written with its journal event in one transaction.
import { addDays as addDaysToDate, format, parseISO, subMonths } from 'date-fns';
import { z } from 'zod';
import {
  AllocationError,
  allocate,
  applyPreemption,
  claimPreemption,
  missingValidations,
  presetRuleSet,
  proposeSettlement,
  validatePreemption,
  validateRuleSet,
  type AllocationState,
  type PendingDecision,
  type RuleSet,
} from '../allocation';
import {
  DUE_SOON_DAYS,
  DeadlineInputError,
  checkExtension,
  computeDeadlines,
  daysBetween,
  deletionDeadline,
  processorDeadlines,
  type Suspension,
} from '../deadlines';
import {
  PARTY_LABELS,
  PRESETS,
  type HolidayCalendar,
  type IsoDate,
  type Outcome,
  type Party,
  type PresetId,
  type Right,
  type Status,
} from '../domain';
import { explanationText, formatDateFr } from '../explain';
import { appendEvent, verifyChain } from '../journal';
import { LifecycleError, assertTransition, nextStatuses, findTransition } from '../lifecycle';
import { DEFAULT_IDENTITY_DOCUMENTS, PRESET_DEFAULTS } from '../presets';
import { normalizeUai, uaiProblem } from '../uai';
import {
  contract,
  isCallName,
  type Agreement,
  type ApiError,
  type ApiResult,
  type CallName,
  type CallOutput,
  type CallParsedInput,
  type DeadlineInfo,
  type Office,
  type RequestDetail,
  type RequestSummary,
  type School,
} from './contract';
import { createDocumentHandlers } from './documents';
import type { ParsedSheet } from '../documents/workbook';
import { AppError, notFound } from './errors';
import { listFacets, openFigures } from './facets';
import { requestSearchText } from '../search';
import {
  CLOSED_STATUSES,
  type AgreementRow,
  type RequestFilter,
  type RequestRow,
  type SchoolRow,
  type Store,
  type SuspensionRow,
} from './store';

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
  /** Reads an .xlsx as plain rows, host side (size and time limits): see core/api/documents.ts. */
  readWorkbook?: (bytes: Uint8Array) => Promise<ParsedSheet[]>;
}

/** What a group of handlers defined in another module gets from the service. */
export interface ServiceContext extends ServiceDeps {
  office(): Office | null;
  /** Who acts, for the journal: this office's label. */
  actor(): string;
  requireAgreement(id: string): AgreementRow & { schoolCount: number };
  requireRequest(id: string): RequestRow;
  agreementOut(row: AgreementRow & { schoolCount: number }): Agreement;
  detailOut(id: string): RequestDetail;
  /** Appends one event to a request's journal (inside the caller's transaction). */
  record(requestId: string, type: string, data: unknown): void;
  /** One action on a request, with its event, in one transaction (see `act` below). */
  act(
    id: string,
    type: string,
    change: (row: RequestRow, calendar: HolidayCalendar) => { patch?: Partial<RequestRow>; data?: Record<string, unknown> },
  ): RequestDetail;
  /** A user-given date: not in the future, not before the request's receipt. */
  checkDate(date: IsoDate, row: RequestRow, field: string, label: string): void;
  /** The allocation of a request as core/allocation.ts sees it. */
  allocationStateOf(row: RequestRow): AllocationState;
  /** The request columns that store an allocation. */
  allocationColumns(state: AllocationState): Partial<RequestRow>;
}

export interface Service {
  call(name: string, input: unknown): Promise<ApiResult>;
}

type Handlers = {
  [N in CallName]: (input: CallParsedInput<N>) => CallOutput<N> | Promise<CallOutput<N>>;
};

const OFFICE_KEY = 'office';

/** Turns zod issues into one French message plus a message per field. */
export function validationError(error: z.ZodError): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    const message =
      issue.code === 'unrecognized_keys' ? `Champ(s) inconnu(s) : ${issue.keys.join(', ')}.` : issue.message;
    fields[key] ??= message;
  }
  const messages = [...new Set(Object.values(fields))];
  return { code: 'ENTREE_INVALIDE', message: `À corriger : ${messages.join(' ')}`, fields };
}

/** Bounds of the due-date buckets (core/deadlines.ts urgencyOf): before today is overdue, up to today + 7 is due soon. */
const dueBounds = (today: IsoDate) => ({ today, soon: addDays(today, DUE_SOON_DAYS) });

function addDays(iso: IsoDate, days: number): IsoDate {
  return format(addDaysToDate(parseISO(iso), days), 'yyyy-MM-dd');
}

/**
 * The stored due-date range matching an urgency (core/deadlines.ts urgencyOf):
 * overdue = due before today; due soon = due today or within the next 7 days.
 */
function dueRange(urgency: 'overdue' | 'due-soon' | 'suspended', today: IsoDate): RequestFilter['due'] {
  if (urgency === 'suspended') return 'suspended';
  if (urgency === 'overdue') return { before: addDays(today, -1) };
  return { from: today, before: addDays(today, DUE_SOON_DAYS) };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}


const toSuspensions = (rows: SuspensionRow[]): Suspension[] =>
  rows.map((s) => (s.receivedOn ? { from: s.sentOn, to: s.receivedOn } : { from: s.sentOn }));

export function createService({ store, clock, newId, renderPdf, readWorkbook }: ServiceDeps): Service {
  // ---------- reading ----------

  function office(): Office | null {
    const raw = store.getSetting(OFFICE_KEY) as { party: Party; communeName: string } | undefined;
    if (!raw) return null;
    return {
      party: raw.party,
      communeName: raw.communeName,
      label: raw.party === 'academie' ? "L'académie" : `La commune de ${raw.communeName}`,
    };
  }

  const actor = () => office()?.label ?? 'Office non configuré';

  function agreementOut(row: AgreementRow & { schoolCount: number }): Agreement {
    const preset = row.preset as PresetId;
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      communeName: row.communeName,
      academieName: row.academieName,
      preset,
      presetLabel: PRESET_DEFAULTS[preset]?.label ?? row.preset,
      rules: row.rules,
      holidayCalendar: row.holidayCalendar as HolidayCalendar,
      dpdContacts: row.dpdContacts as Agreement['dpdContacts'],
      processorName: row.processorName,
      identityDocuments: row.identityDocuments as string[],
      schoolCount: row.schoolCount,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

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

  const schoolOut = (row: SchoolRow): School => ({
    id: row.id,
    agreementId: row.agreementId,
    name: row.name,
    address: row.address,
    uai: row.uai,
  });

  /** Validates and inserts one school; returns the French reason when it cannot be added. */
  function addSchool(agreementId: string, name: string, address: string, rawUai: string): SchoolRow | string {
    const problem = uaiProblem(rawUai);
    if (problem) return problem;
    const uai = normalizeUai(rawUai);
    if (store.findSchoolByUai(agreementId, uai)) return `L'école ${uai} figure déjà dans cette convention.`;
    const row: SchoolRow = { id: newId(), agreementId, name, address, uai, createdAt: clock.now() };
    store.insertSchool(row);
    return row;
  }

  /** Deadlines of a request as it is (or would be with `row`'s values), for today. */
  const deadlinesOf = (row: Pick<RequestRow, 'receivedOn' | 'extended'>, suspensionRows: SuspensionRow[], calendar: HolidayCalendar) =>
    computeDeadlines({
      receivedOn: row.receivedOn,
      extended: row.extended,
      suspensions: toSuspensions(suspensionRows),
      calendar,
      today: clock.today(),
    });

  function deadlineInfo(row: RequestRow, suspensionRows: SuspensionRow[], calendar: HolidayCalendar): DeadlineInfo {
    const d = deadlinesOf(row, suspensionRows, calendar);
    const closed = (CLOSED_STATUSES as readonly string[]).includes(row.status);
    return {
      dueOn: d.current,
      responseDeadline: d.responseDeadline,
      extendedDeadline: d.extendedDeadline,
      extensionNoticeDue: d.extensionNoticeDue,
      urgency: closed ? 'closed' : d.urgency,
      daysLeft: closed ? null : d.daysLeft,
      suspendedDays: d.suspendedDays + (d.openSuspensionDays ?? 0),
      explanation: explanationText(d.explanation),
    };
  }

  function summaryOut(row: RequestRow, rights: Right[], suspensionRows: SuspensionRow[], calendar: HolidayCalendar): RequestSummary {
    return {
      id: row.id,
      agreementId: row.agreementId,
      reference: row.reference,
      receivedOn: row.receivedOn,
      requesterName: row.requesterName,
      requesterCategory: row.requesterCategory as RequestSummary['requesterCategory'],
      subjectName: row.subjectName,
      rights,
      allocation: {
        party: row.allocationParty as Party | null,
        status: row.allocationStatus as RequestSummary['allocation']['status'],
        ruleId: row.allocationRuleId,
        reason: row.allocationReason,
      },
      status: row.status as Status,
      deadline: deadlineInfo(row, suspensionRows, calendar),
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
    const calendar = agreement.holidayCalendar as HolidayCalendar;
    const rights = store.getRights(id);
    const suspensionRows = store.getSuspensions([id]);
    const events = store.getEvents(id);
    const chain = verifyChain(events, {
      ...(row.journalHead ? { expectedHead: row.journalHead } : {}),
      expectedCount: row.eventCount,
    });
    const school = row.schoolId ? store.getSchool(row.schoolId) : undefined;
    const pending = row.preemption as PendingDecision | null;
    const status = row.status as Status;
    const forward = row.processorReceivedOn ? processorDeadlines(row.processorReceivedOn, calendar) : null;
    const deletion = row.processorDeletionInstructedOn ? deletionDeadline(row.processorDeletionInstructedOn, calendar) : null;
    const today = clock.today();
    return {
      ...summaryOut(
        row,
        rights.map((r) => r.right as Right),
        suspensionRows,
        calendar,
      ),
      channel: row.channel as RequestDetail['channel'],
      medium: row.medium as RequestDetail['medium'],
      requesterContact: row.requesterContact,
      subjectIsMinor: row.subjectIsMinor,
      subjectRelation: row.subjectRelation,
      school: school ? schoolOut(school) : null,
      moduleName: row.moduleName,
      moduleOwner: row.moduleOwner as Party | null,
      schoolsScope: row.schoolsScope as RequestDetail['schoolsScope'],
      summary: row.summary,
      identityDocumentsReceived: row.identityDocumentsReceived as string[],
      identityDocumentsMissing: row.identityDocumentsMissing as string[],
      rightsDetail: rights.map((r) => ({
        right: r.right as Right,
        outcome: r.outcome as Outcome | null,
        refusalReason: r.refusalReason,
        answeredOn: r.answeredOn,
      })),
      suspensions: suspensionRows.map((s) => ({
        id: s.id,
        kind: s.kind as 'identity' | 'clarification',
        whatAsked: s.whatAsked,
        sentOn: s.sentOn,
        receivedOn: s.receivedOn,
        days: daysBetween(s.sentOn, s.receivedOn ?? today),
      })),
      extension: row.extended
        ? {
            reasons: row.extensionReasons ?? '',
            notifiedOn: row.extensionNotifiedOn,
            late: row.extensionNotifiedOn !== null && row.responseDeadline !== null && row.extensionNotifiedOn > row.responseDeadline,
          }
        : null,
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
      preemptionAllowed: (agreement.rules as RuleSet).preemption?.allowed === true,
      allocationHistory: allocationHistory(row.allocationState as AllocationState | null),
      acknowledgedOn: row.acknowledgedOn,
      closedOn: row.closedOn,
      dataFile: { requestedOn: row.dataFileRequestedOn, receivedOn: row.dataFileReceivedOn },
      processor:
        forward || deletion
          ? {
              receivedOn: row.processorReceivedOn,
              forwardBy: forward?.forwardBy ?? null,
              forwardExplanation: forward?.sentence ?? null,
              deletionInstructedOn: row.processorDeletionInstructedOn,
              deleteBy: deletion?.deleteBy ?? null,
              deletionExplanation: deletion?.sentence ?? null,
            }
          : null,
      attachments: row.attachments as string[],
      nextStatuses: nextStatuses(status).map((to) => {
        const t = findTransition(status, to)!;
        return { to, action: t.action, requiresReason: t.requiresReason === true };
      }),
      events: events.map((e) => ({ id: e.id, seq: e.seq, at: e.at, actor: e.actor, type: e.type, data: e.data, hash: e.hash })),
      journal: chain.ok
        ? { ok: true, message: `Historique intègre (${events.length} événement${events.length > 1 ? 's' : ''}).` }
        : { ok: false, message: `Historique altéré : ${chain.reason}` },
    };
  }

  // ---------- writing ----------

  /** Appends one event to a request's hash-chained journal. */
  function record(requestId: string, type: string, data: unknown): void {
    const last = store.lastEvent(requestId);
    const event = appendEvent(last?.hash ?? '0'.repeat(64), {
      id: newId(),
      requestId,
      at: clock.now(),
      actor: actor(),
      type,
      data,
    });
    store.insertEvent({ ...event, seq: (last?.seq ?? 0) + 1 });
  }

  /** The stored deadlines of a request after a change (null while a suspension is open). */
  function storedDeadlines(row: Pick<RequestRow, 'receivedOn' | 'extended'>, suspensionRows: SuspensionRow[], calendar: HolidayCalendar) {
    const d = deadlinesOf(row, suspensionRows, calendar);
    return { responseDeadline: d.responseDeadline, extendedDeadline: d.extendedDeadline, dueOn: d.current };
  }

  /** A date given by the user: not in the future, not before the request was received. */
  function checkDate(date: IsoDate, row: RequestRow, field: string, label: string): void {
    if (date > clock.today()) {
      throw new AppError('DATE_FUTURE', `${label} : elle ne peut pas être dans le futur.`, {
        [field]: `${label} : pas après aujourd'hui (${formatDateFr(clock.today())}).`,
      });
    }
    if (date < row.receivedOn) {
      throw new AppError('DATE_ANTERIEURE', `${label} : elle ne peut pas précéder la réception de la demande.`, {
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
    type: string,
    change: (row: RequestRow, calendar: HolidayCalendar) => { patch?: Partial<RequestRow>; data?: Record<string, unknown> },
  ): RequestDetail {
    return store.transaction(() => {
      const row = requireRequest(id);
      const calendar = requireAgreement(row.agreementId).holidayCalendar as HolidayCalendar;
      const { patch = {}, data = {} } = change(row, calendar);
      const next = { ...row, ...patch };
      const full: Partial<RequestRow> = {
        ...patch,
        ...storedDeadlines(next, store.getSuspensions([id]), calendar),
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
    assertTransition(row.status as Status, to, {
      reason: reason ?? null,
      rights: store.getRights(row.id).map((r) => ({ right: r.right as Right, outcome: r.outcome as Outcome | null, refusalReason: r.refusalReason })),
    });
    return { status: to };
  }

  const allocationStateOf = (row: RequestRow): AllocationState =>
    (row.allocationState as AllocationState | null) ?? {
      party: row.allocationParty as Party | null,
      status: row.allocationStatus as 'decided' | 'to-settle',
      ruleId: row.allocationRuleId,
      reason: row.allocationReason,
    };

  const allocationColumns = (state: AllocationState): Partial<RequestRow> => ({
    allocationParty: state.party,
    allocationStatus: state.status,
    allocationRuleId: state.ruleId,
    allocationReason: state.reason,
    allocationState: state,
  });

  const openSuspension = (id: string) => store.getSuspensions([id]).find((s) => s.receivedOn === null);

  const ctx: ServiceContext = {
    store,
    clock,
    newId,
    office,
    actor,
    requireAgreement,
    requireRequest,
    agreementOut,
    detailOut,
    record,
    act,
    checkDate,
    allocationStateOf,
    allocationColumns,
    renderPdf,
    readWorkbook,
  };

  // ---------- handlers ----------

  const handlers: Handlers = {
    ...createDocumentHandlers(ctx),
    'app.info': () => ({ today: clock.today() }),

    'office.get': () => office(),

    'office.set': (input) => {
      const value = { party: input.party, communeName: input.party === 'commune' ? input.communeName : '' };
      store.setSetting(OFFICE_KEY, value, clock.now());
      return office()!;
    },

    'agreements.presets': () =>
      PRESETS.map((id) => ({ id, label: PRESET_DEFAULTS[id].label, source: PRESET_DEFAULTS[id].source })),

    'agreements.createFromPreset': (input) => {
      const preset = PRESET_DEFAULTS[input.preset];
      const communeName = input.communeName?.trim() || preset.communeName;
      if (!communeName) {
        throw new AppError('ENTREE_INVALIDE', 'Nom de la commune : à renseigner pour ce modèle de convention.', {
          communeName: 'Indiquez le nom de la commune signataire.',
        });
      }
      const code = input.code ?? uniqueCode(preset.code);
      if (store.isAgreementCodeTaken(code)) {
        throw new AppError('CODE_PRIS', `Le code ${code} est déjà celui d'une autre convention : choisissez-en un autre.`, {
          code: 'Code déjà utilisé.',
        });
      }
      const now = clock.now();
      const id = newId();
      return store.transaction(() => {
        store.insertAgreement({
          id,
          code,
          name: `${preset.academieName} / ${communeName}`,
          communeName,
          academieName: preset.academieName,
          preset: input.preset,
          rules: presetRuleSet(input.preset),
          holidayCalendar: 'metropole',
          dpdContacts: preset.contacts,
          processorName: preset.processorName,
          identityDocuments: DEFAULT_IDENTITY_DOCUMENTS,
          letterTemplates: {},
          createdAt: now,
          updatedAt: now,
        });
        const rejectedSchools: { line: number; name: string; uai: string; reason: string }[] = [];
        preset.schools.forEach((s, i) => {
          const added = addSchool(id, s.name, s.address, s.uai);
          if (typeof added === 'string') rejectedSchools.push({ line: i + 1, name: s.name, uai: s.uai, reason: added });
        });
        return { agreement: agreementOut(store.getAgreement(id)!), rejectedSchools };
      });
    },

    'agreements.list': () => store.listAgreements().map(agreementOut),

    'agreements.get': (input) => agreementOut(requireAgreement(input.id)),

    'agreements.update': (input) => {
      requireAgreement(input.id);
      const patch = { ...input.patch };
      if (patch.code && store.isAgreementCodeTaken(patch.code, input.id)) {
        throw new AppError('CODE_PRIS', `Le code ${patch.code} est déjà celui d'une autre convention.`, { code: 'Code déjà utilisé.' });
      }
      if ('rules' in patch) {
        const checked = validateRuleSet(patch.rules);
        if (!checked.ok) throw new AppError('REGLES_INVALIDES', checked.message, { rules: checked.message });
        patch.rules = checked.ruleSet;
      }
      store.updateAgreement(input.id, { ...patch, updatedAt: clock.now() });
      return agreementOut(requireAgreement(input.id));
    },

    'schools.add': (input) => {
      requireAgreement(input.agreementId);
      const added = addSchool(input.agreementId, input.name, input.address, input.uai);
      if (typeof added === 'string') throw new AppError('UAI_INVALIDE', added, { uai: added });
      return schoolOut(added);
    },

    'schools.list': (input) => {
      requireAgreement(input.agreementId);
      return store.listSchools(input.agreementId).map(schoolOut);
    },

    'requests.create': (input) => {
      const agreement = requireAgreement(input.agreementId);
      const today = clock.today();
      if (input.receivedOn > today) {
        throw new AppError('DATE_FUTURE', 'Date de réception : elle ne peut pas être dans le futur.', {
          receivedOn: `La date de réception ne peut pas dépasser aujourd'hui (${formatDateFr(today)}).`,
        });
      }
      if (input.processorReceivedOn && (input.processorReceivedOn > today || input.processorReceivedOn > input.receivedOn)) {
        throw new AppError('DATE_INCOHERENTE', "Date de réception par l'éditeur : entre la réception par l'éditeur et celle par le responsable, pas dans le futur.", {
          processorReceivedOn: "Cette date ne peut être ni dans le futur ni après la date de réception par le responsable.",
        });
      }
      if (input.schoolId) {
        const school = store.getSchool(input.schoolId);
        if (!school || school.agreementId !== agreement.id) {
          throw new AppError('ECOLE_INCONNUE', 'École : elle ne fait pas partie de cette convention.', {
            schoolId: 'Choisissez une école de la liste de la convention.',
          });
        }
      }
      const allocation = allocate(agreement.rules as RuleSet, {
        requesterCategory: input.requesterCategory,
        channel: input.channel,
        ...(input.moduleOwner ? { module: { owner: input.moduleOwner } } : {}),
        ...(input.schoolsScope ? { schoolsScope: input.schoolsScope } : {}),
      });
      const calendar = agreement.holidayCalendar as HolidayCalendar;
      const deadlines = storedDeadlines({ receivedOn: input.receivedOn, extended: false }, [], calendar);
      const year = Number(input.receivedOn.slice(0, 4));
      const now = clock.now();
      const id = newId();
      return store.transaction(() => {
        const seq = store.nextRequestSeq(agreement.id, year);
        const reference = `${agreement.code}-${year}-${String(seq).padStart(4, '0')}`;
        store.insertRequest(
          {
            id,
            agreementId: agreement.id,
            reference,
            year,
            seq,
            receivedOn: input.receivedOn,
            channel: input.channel,
            medium: input.medium,
            requesterName: input.requesterName,
            requesterContact: input.requesterContact,
            requesterCategory: input.requesterCategory,
            subjectName: input.subjectName || null,
            subjectIsMinor: input.subjectIsMinor,
            subjectRelation: input.subjectRelation || null,
            schoolId: input.schoolId,
            moduleName: input.moduleName || null,
            moduleOwner: input.moduleOwner,
            schoolsScope: input.schoolsScope,
            summary: input.summary,
            searchText: requestSearchText({ reference, requesterName: input.requesterName, subjectName: input.subjectName || null }),
            ...allocationColumns(allocation),
            preemption: null,
            journalHead: null,
            eventCount: 0,
            identityDocumentsReceived: input.identityDocumentsReceived,
            identityDocumentsMissing: input.identityDocumentsMissing,
            attachments: input.attachments,
            extended: false,
            extensionReasons: null,
            extensionNotifiedOn: null,
            acknowledgedOn: null,
            ...deadlines,
            status: 'received',
            closedOn: null,
            processorReceivedOn: input.processorReceivedOn,
            processorDeletionInstructedOn: null,
            dataFileRequestedOn: null,
            dataFileReceivedOn: null,
            createdAt: now,
            updatedAt: now,
          } as RequestRow,
          input.rights.map((right) => ({ id: newId(), requestId: id, right, outcome: null, refusalReason: null, answeredOn: null })),
        );
        record(id, 'request.created', {
          reference,
          receivedOn: input.receivedOn,
          rights: input.rights,
          allocation,
          responseDeadline: deadlines.responseDeadline,
        });
        return detailOut(id);
      });
    },

    'requests.list': (input) => {
      const today = clock.today();
      const { sort, direction, offset, limit, urgency, statuses, party, openOnly, ...base } = input;
      const rows = store.listRequests({
        ...base,
        openOnly: openOnly || urgency !== undefined,
        ...(statuses ? { statuses } : {}),
        ...(party ? { party } : {}),
        ...(urgency ? { due: dueRange(urgency, today) } : {}),
        sort,
        direction,
        offset,
        limit,
      });
      const suspensions = store.getSuspensions(rows.map((r) => r.id));
      const calendars = new Map<string, HolidayCalendar>();
      const calendarOf = (agreementId: string) => {
        let c = calendars.get(agreementId);
        if (!c) {
          c = (store.getAgreement(agreementId)?.holidayCalendar ?? 'metropole') as HolidayCalendar;
          calendars.set(agreementId, c);
        }
        return c;
      };
      // Total and facets from one grouped count over the filters other than status, party and urgency.
      const groups = store.requestGroups({ ...base, openOnly: false }, dueBounds(today));
      return {
        rows: rows.map((r) =>
          summaryOut(
            r,
            r.rights,
            suspensions.filter((s) => s.requestId === r.id),
            calendarOf(r.agreementId),
          ),
        ),
        ...listFacets(groups, { statuses, party, urgency, openOnly }),
      };
    },

    'requests.get': (input) => detailOut(input.id),

    'requests.stats': (input) => {
      const today = clock.today();
      const scope: RequestFilter = { openOnly: false, ...(input.agreementId ? { agreementId: input.agreementId } : {}) };
      const firstMonth = format(subMonths(parseISO(today), 11), 'yyyy-MM');
      const counted = new Map(store.receivedByMonth(`${firstMonth}-01`, input.agreementId).map((m) => [m.month, m.count]));
      const receivedByMonth = Array.from({ length: 12 }, (_, i) => {
        const month = format(subMonths(parseISO(today), 11 - i), 'yyyy-MM');
        return { month, count: counted.get(month) ?? 0 };
      });
      const times = store.answerTimes(scope).map((t) => daysBetween(t.receivedOn, t.answeredOn));
      return {
        ...openFigures(store.requestGroups(scope, dueBounds(today))),
        pendingDecisions: store.countPendingDecisions(scope),
        receivedByMonth,
        medianAnswerDays: median(times),
        answeredCount: times.length,
      };
    },

    // Decree 2019-536: asking for the information needed to confirm the requester's identity
    // suspends the GDPR art. 12(3) time limits until it is received.
    'requests.askInformation': (input) =>
      act(input.id, 'suspension.opened', (row) => {
        checkDate(input.sentOn, row, 'sentOn', "Date d'envoi");
        if (openSuspension(row.id)) {
          throw new AppError('SUSPENSION_OUVERTE', 'Une demande de pièces est déjà en attente : enregistrez d’abord leur réception.');
        }
        const status = transition(row, 'awaiting-documents');
        store.insertSuspension({ id: newId(), requestId: row.id, kind: input.kind, whatAsked: input.whatAsked, sentOn: input.sentOn, receivedOn: null });
        return { patch: status, data: { kind: input.kind, whatAsked: input.whatAsked, sentOn: input.sentOn } };
      }),

    'requests.informationReceived': (input) =>
      act(input.id, 'suspension.closed', (row) => {
        const open = openSuspension(row.id);
        if (!open) throw new AppError('AUCUNE_SUSPENSION', "Aucune demande de pièces n'est en attente pour cette demande.");
        checkDate(input.receivedOn, row, 'receivedOn', 'Date de réception des pièces');
        if (input.receivedOn < open.sentOn) {
          throw new AppError('DATE_ANTERIEURE', 'Date de réception des pièces : elle ne peut pas précéder leur demande.', {
            receivedOn: `Pas avant l'envoi de la demande de pièces (${formatDateFr(open.sentOn)}).`,
          });
        }
        store.updateSuspension(open.id, { receivedOn: input.receivedOn });
        const missing = (row.identityDocumentsMissing as string[]).filter((d) => !input.documentsReceived.includes(d));
        const received = [...new Set([...(row.identityDocumentsReceived as string[]), ...input.documentsReceived])];
        return {
          patch: {
            ...transition(row, row.extended ? 'extended' : 'in-progress'),
            identityDocumentsMissing: missing,
            identityDocumentsReceived: received,
          },
          data: { sentOn: open.sentOn, receivedOn: input.receivedOn, days: daysBetween(open.sentOn, input.receivedOn) },
        };
      }),

    // GDPR art. 12(3): +2 months given complexity and number of requests, the person told
    // of it with the reasons within the first month (deadlines.md, algorithm 6).
    'requests.extend': (input) =>
      act(input.id, 'deadline.extended', (row, calendar) => {
        if (row.extended) throw new AppError('DEJA_PROLONGEE', 'Le délai de cette demande est déjà prolongé : il ne peut l’être qu’une fois (RGPD art. 12(3)).');
        if (openSuspension(row.id)) {
          throw new AppError('SUSPENSION_OUVERTE', 'Des pièces sont attendues : enregistrez leur réception avant de prolonger le délai.');
        }
        const check = checkExtension({
          receivedOn: row.receivedOn,
          suspensions: toSuspensions(store.getSuspensions([row.id])),
          calendar,
          today: clock.today(),
          notifiedOn: input.notifiedOn,
        });
        if (!check.ok) throw new AppError(check.error.code, check.error.message, { notifiedOn: check.error.message });
        return {
          patch: {
            ...transition(row, 'extended'),
            extended: true,
            extensionReasons: input.reasons,
            extensionNotifiedOn: check.notifiedOn,
          },
          data: { reasons: input.reasons, notifiedOn: check.notifiedOn, noticeDue: check.noticeDue, late: check.late },
        };
      }),

    // Seed 000 annex 1, 3.2.2: "sauf préemption … validée par les parties".
    'requests.claimPreemption': (input) =>
      act(input.id, 'allocation.preemption-claimed', (row) => {
        if (row.preemption) throw new AppError('DECISION_EN_ATTENTE', 'Une préemption ou un arbitrage attend déjà la validation des parties.');
        const rules = requireAgreement(row.agreementId).rules as RuleSet;
        const pending = claimPreemption(allocationStateOf(row), input.party, { by: input.by, at: clock.now(), reason: input.reason }, rules);
        return { patch: { preemption: pending }, data: { party: input.party, by: input.by, reason: input.reason } };
      }),

    // domain.md: a request to settle stays in the agenda until both DPDs validate the decision.
    'requests.proposeSettlement': (input) =>
      act(input.id, 'allocation.settlement-proposed', (row) => {
        if (row.preemption) throw new AppError('DECISION_EN_ATTENTE', 'Une préemption ou un arbitrage attend déjà la validation des parties.');
        const proposedBy = office()?.party ?? input.party;
        const pending = proposeSettlement(allocationStateOf(row), input.party, { proposedBy, by: input.by, at: clock.now(), reason: input.reason });
        return { patch: { preemption: pending }, data: { party: input.party, by: input.by, reason: input.reason } };
      }),

    'requests.validateDecision': (input) =>
      act(input.id, 'allocation.validated', (row) => {
        const pending = row.preemption as PendingDecision | null;
        if (!pending) throw new AppError('AUCUNE_DECISION', "Aucune préemption ni aucun arbitrage n'attend de validation pour cette demande.");
        const validated = validatePreemption(pending, { party: input.party, by: input.by, at: clock.now() });
        if (missingValidations(validated).length > 0) {
          return { patch: { preemption: validated }, data: { party: input.party, by: input.by, applied: false } };
        }
        const state = applyPreemption(validated, clock.now());
        return {
          patch: { ...allocationColumns(state), preemption: null },
          data: { party: input.party, by: input.by, applied: true, kind: validated.kind, allocation: { party: state.party, reason: state.reason } },
        };
      }),

    'requests.cancelDecision': (input) =>
      act(input.id, 'allocation.decision-cancelled', (row) => {
        if (!row.preemption) throw new AppError('AUCUNE_DECISION', "Aucune préemption ni aucun arbitrage n'est en attente pour cette demande.");
        return { patch: { preemption: null }, data: { reason: input.reason } };
      }),

    // GDPR art. 26(3): the request and its documents go to the co-controller; the person is told who answers.
    'requests.handOver': (input) =>
      act(input.id, 'request.handed-over', (row) => {
        checkDate(input.on, row, 'on', 'Date de transmission');
        const to: Party | null = row.allocationParty as Party | null;
        return {
          patch: { ...transition(row, 'handed-over'), closedOn: input.on },
          data: { on: input.on, reason: input.reason, to: to ? PARTY_LABELS[to] : null },
        };
      }),

    'requests.answerRight': (input) =>
      act(input.id, 'right.answered', (row) => {
        checkDate(input.answeredOn, row, 'answeredOn', 'Date de la réponse');
        const rights = store.getRights(row.id);
        const target = rights.find((r) => r.right === input.right);
        if (!target) throw new AppError('DROIT_NON_DEMANDE', "Ce droit n'a pas été exercé dans cette demande.", { right: 'Choisissez un droit de la demande.' });
        if (!['received', 'in-progress', 'extended', 'answered'].includes(row.status)) {
          throw new AppError('STATUT_INCOMPATIBLE', `Une demande « ${row.status === 'awaiting-documents' ? 'en attente de pièces' : 'terminée'} » ne reçoit pas de réponse : ${row.status === 'awaiting-documents' ? 'enregistrez d’abord la réception des pièces' : 'rouvrez-la d’abord'}.`);
        }
        const patch = { outcome: input.outcome, refusalReason: input.outcome === 'refused' ? input.refusalReason : null, answeredOn: input.answeredOn };
        store.updateRight(row.id, input.right, patch);
        const allAnswered = rights.every((r) => r.right === input.right || r.outcome !== null);
        const status: Status = allAnswered ? 'answered' : row.status === 'received' ? 'in-progress' : (row.status as Status);
        return {
          patch: transition(row, status),
          data: { right: input.right, before: { outcome: target.outcome, answeredOn: target.answeredOn }, after: patch },
        };
      }),

    'requests.changeStatus': (input) =>
      act(input.id, 'status.changed', (row) => {
        const on = input.on ?? clock.today();
        if (input.on) checkDate(input.on, row, 'on', 'Date');
        const patch: Partial<RequestRow> = transition(row, input.to, input.reason);
        if (input.to === 'closed' || input.to === 'inadmissible' || input.to === 'withdrawn') patch.closedOn = on;
        if (input.to === 'in-progress') patch.closedOn = null;
        return { patch, data: { from: row.status, to: input.to, reason: input.reason, on } };
      }),

    // Seed 003 annex 2: the processor deletes or modifies the data within 15 calendar days of
    // the controller's instruction (deadlines.md, algorithm 8).
    'requests.processorDeletion': (input) =>
      act(input.id, 'processor.deletion-instructed', (row) => {
        checkDate(input.instructedOn, row, 'instructedOn', "Date de l'instruction d'effacement");
        return { patch: { processorDeletionInstructedOn: input.instructedOn }, data: { instructedOn: input.instructedOn } };
      }),

    // Seed 000 annex 1, 3.2.1: the DPDs must be able to receive, from each controller and
    // processor, a machine-readable file with all the requester's data.
    'requests.dataFile': (input) =>
      act(input.id, 'data-file.recorded', (row) => {
        if (input.requestedOn) checkDate(input.requestedOn, row, 'requestedOn', 'Fichier demandé le');
        if (input.receivedOn) checkDate(input.receivedOn, row, 'receivedOn', 'Fichier reçu le');
        return {
          patch: { dataFileRequestedOn: input.requestedOn, dataFileReceivedOn: input.receivedOn },
          data: { from: input.from },
        };
      }),
  };

  function uniqueCode(base: string): string {
    if (!store.isAgreementCodeTaken(base)) return base;
    for (let i = 2; ; i++) {
      const code = `${base}${i}`;
      if (!store.isAgreementCodeTaken(code)) return code;
    }
  }

  return {
    async call(name, rawInput) {
      if (!isCallName(name)) {
        return { ok: false, error: { code: 'APPEL_INCONNU', message: `Appel inconnu : « ${String(name)} ».` } };
      }
      const spec = contract[name];
      const parsed = spec.input.safeParse(rawInput ?? {});
      if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
      try {
        const handler = handlers[name] as (input: unknown) => unknown;
        const value = await handler(parsed.data);
        // The output is checked too: a handler never sends the UI something off-contract.
        return { ok: true, value: spec.output.parse(value) };
      } catch (e) {
        if (e instanceof AppError) return { ok: false, error: e.toApiError() };
        if (e instanceof LifecycleError || e instanceof AllocationError || e instanceof DeadlineInputError) {
          return { ok: false, error: { code: e.code, message: e.message } };
        }
        const message = e instanceof Error ? e.message : String(e);
        return {
          ok: false,
          error: { code: 'ERREUR_INTERNE', message: `L'opération n'a pas abouti et rien n'a été enregistré. Détail technique : ${message}` },
        };
      }
    },
  };
}
