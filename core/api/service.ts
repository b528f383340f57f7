// The service: one handler per contract call, given a store, a clock and an id source.
// Every call is validated against the contract's input schema; every answer against its
// output schema; every refusal is { ok: false, error } with a French message.
import { z } from 'zod';
import { addDays as addDaysToDate, format, parseISO } from 'date-fns';
import { allocate, presetRuleSet, validateRuleSet, type RuleSet } from '../allocation';
import { DUE_SOON_DAYS, computeDeadlines, type Suspension } from '../deadlines';
import { explanationText } from '../explain';
import { appendEvent, verifyChain } from '../journal';
import {
  PRESETS,
  type HolidayCalendar,
  type IsoDate,
  type Party,
  type PresetId,
  type Right,
  type Status,
} from '../domain';
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
import { AppError, notFound } from './errors';
import { CLOSED_STATUSES, type AgreementRow, type RequestRow, type SchoolRow, type Store, type SuspensionRow } from './store';

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
  return {
    code: 'ENTREE_INVALIDE',
    message: `À corriger : ${messages.join(' ')}`,
    fields,
  };
}

export function createService({ store, clock, newId }: ServiceDeps): Service {
  // ---------- helpers ----------

  function office(): Office | null {
    const raw = store.getSetting(OFFICE_KEY) as { party: Party; communeName: string } | undefined;
    if (!raw) return null;
    return {
      party: raw.party,
      communeName: raw.communeName,
      label: raw.party === 'academie' ? "L'académie" : `La commune de ${raw.communeName}`,
    };
  }

  function actor(): string {
    return office()?.label ?? 'Office non configuré';
  }

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

  function schoolOut(row: SchoolRow): School {
    return { id: row.id, agreementId: row.agreementId, name: row.name, address: row.address, uai: row.uai };
  }

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

  function deadlineInfo(row: RequestRow, suspensionRows: SuspensionRow[], calendar: HolidayCalendar): DeadlineInfo {
    const suspensions: Suspension[] = suspensionRows.map((s) =>
      s.receivedOn ? { from: s.sentOn, to: s.receivedOn } : { from: s.sentOn },
    );
    const d = computeDeadlines({
      receivedOn: row.receivedOn,
      extended: row.extended,
      suspensions,
      calendar,
      today: clock.today(),
    });
    const closed = (CLOSED_STATUSES as readonly string[]).includes(row.status);
    return {
      dueOn: d.current,
      responseDeadline: d.responseDeadline,
      extendedDeadline: d.extendedDeadline,
      extensionNoticeDue: d.extensionNoticeDue,
      urgency: closed ? 'closed' : d.urgency,
      daysLeft: closed ? null : d.daysLeft,
      suspendedDays: d.suspendedDays,
      explanation: explanationText(d.explanation),
    };
  }

  function summaryOut(
    row: RequestRow,
    rights: Right[],
    suspensionRows: SuspensionRow[],
    calendar: HolidayCalendar,
  ): RequestSummary {
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

  function detailOut(id: string): RequestDetail {
    const row = store.getRequest(id);
    if (!row) throw notFound('Demande');
    const agreement = requireAgreement(row.agreementId);
    const rights = store.getRights(id);
    const events = store.getEvents(id);
    const chain = verifyChain(events);
    const school = row.schoolId ? store.getSchool(row.schoolId) : undefined;
    return {
      ...summaryOut(
        row,
        rights.map((r) => r.right as Right),
        store.getSuspensions([id]),
        agreement.holidayCalendar as HolidayCalendar,
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
        outcome: r.outcome as RequestDetail['rightsDetail'][number]['outcome'],
        refusalReason: r.refusalReason,
        answeredOn: r.answeredOn,
      })),
      events: events.map((e) => ({ id: e.id, seq: e.seq, at: e.at, actor: e.actor, type: e.type, data: e.data, hash: e.hash })),
      journal: chain.ok
        ? { ok: true, message: `Historique intègre (${events.length} événement${events.length > 1 ? 's' : ''}).` }
        : { ok: false, message: `Historique altéré : ${chain.reason}` },
    };
  }

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

  // ---------- handlers ----------

  const handlers: Handlers = {
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
      const rules: RuleSet = presetRuleSet(input.preset);
      return store.transaction(() => {
        store.insertAgreement({
          id,
          code,
          name: `${preset.academieName} / ${communeName}`,
          communeName,
          academieName: preset.academieName,
          preset: input.preset,
          rules,
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
        throw new AppError('CODE_PRIS', `Le code ${patch.code} est déjà celui d'une autre convention.`, {
          code: 'Code déjà utilisé.',
        });
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
          receivedOn: `La date de réception ne peut pas dépasser aujourd'hui (${frenchDate(today)}).`,
        });
      }
      if (input.processorReceivedOn && input.processorReceivedOn > today) {
        throw new AppError('DATE_FUTURE', "Date de réception par l'éditeur : elle ne peut pas être dans le futur.", {
          processorReceivedOn: "Cette date ne peut pas dépasser aujourd'hui.",
        });
      }
      if (input.schoolId) {
        const school = store.getSchool(input.schoolId);
        if (!school || school.agreementId !== agreement.id) {
          throw new AppError('ECOLE_INCONNUE', "École : elle ne fait pas partie de cette convention.", {
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
      const deadlines = computeDeadlines({ receivedOn: input.receivedOn, calendar, today });
      const year = Number(input.receivedOn.slice(0, 4));
      const now = clock.now();
      const id = newId();
      return store.transaction(() => {
        const seq = store.nextRequestSeq(agreement.id, year);
        const reference = `${agreement.code}-${year}-${String(seq).padStart(4, '0')}`;
        const row: RequestRow = {
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
          allocationParty: allocation.party,
          allocationStatus: allocation.status,
          allocationRuleId: allocation.ruleId,
          allocationReason: allocation.reason,
          preemption: null,
          identityDocumentsReceived: input.identityDocumentsReceived,
          identityDocumentsMissing: input.identityDocumentsMissing,
          attachments: [],
          extended: false,
          extensionReasons: null,
          extensionNotifiedOn: null,
          acknowledgedOn: null,
          responseDeadline: deadlines.responseDeadline,
          extendedDeadline: deadlines.extendedDeadline,
          dueOn: deadlines.current,
          status: 'received',
          closedOn: null,
          processorReceivedOn: input.processorReceivedOn,
          dataFileRequestedOn: null,
          dataFileReceivedOn: null,
          createdAt: now,
          updatedAt: now,
        };
        store.insertRequest(
          row,
          input.rights.map((right) => ({
            id: newId(),
            requestId: id,
            right,
            outcome: null,
            refusalReason: null,
            answeredOn: null,
          })),
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
      const due = input.urgency ? dueRange(input.urgency, today) : undefined;
      const { rows, total } = store.listRequests({
        ...input,
        openOnly: input.openOnly || input.urgency !== undefined,
        ...(due ? { due } : {}),
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
      return {
        rows: rows.map((r) =>
          summaryOut(
            r,
            r.rights,
            suspensions.filter((s) => s.requestId === r.id),
            calendarOf(r.agreementId),
          ),
        ),
        total,
      };
    },

    'requests.get': (input) => detailOut(input.id),

    'requests.stats': (input) => {
      const today = clock.today();
      const base = { openOnly: true, ...(input.agreementId ? { agreementId: input.agreementId } : {}) };
      return {
        open: store.openCounts(input.agreementId).map((c) => ({
          party: c.party as Party | null,
          status: c.status as Status,
          count: c.count,
        })),
        overdue: store.countRequests({ ...base, due: dueRange('overdue', today) as { before: IsoDate } }),
        dueSoon: store.countRequests({ ...base, due: dueRange('due-soon', today) as { from: IsoDate; before: IsoDate } }),
        suspended: store.countRequests({ ...base, due: 'suspended' }),
        toSettle: store.countRequests({ ...base, allocationStatus: 'to-settle' }),
      };
    },
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
        const message = e instanceof Error ? e.message : String(e);
        return {
          ok: false,
          error: {
            code: 'ERREUR_INTERNE',
            message: `L'opération n'a pas abouti et rien n'a été enregistré. Détail technique : ${message}`,
          },
        };
      }
    },
  };
}

/**
 * The stored due date range matching an urgency (core/deadlines.ts urgencyOf):
 * overdue = due before today; due soon = due today or within the next 7 days.
 */
function dueRange(urgency: 'overdue' | 'due-soon' | 'suspended', today: IsoDate) {
  if (urgency === 'suspended') return 'suspended' as const;
  if (urgency === 'overdue') return { before: addDays(today, -1) };
  return { from: today, before: addDays(today, DUE_SOON_DAYS) };
}

function addDays(iso: IsoDate, days: number): IsoDate {
  return format(addDaysToDate(parseISO(iso), days), 'yyyy-MM-dd');
}

function frenchDate(iso: IsoDate): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}
