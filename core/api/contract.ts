// The API contract: every call the UI can make, by name, with a zod schema for its input
// and its output. Both transports (Electron IPC, local HTTP) carry exactly these calls;
// core/api/service.ts implements one handler per name (a missing or extra handler is a
// type error). Names are keys of one object literal: a duplicate name is a TypeScript
// error (TS1117) and an ESLint error (no-dupe-keys), so the build fails.
import { z } from 'zod';
import {
  CHANNELS,
  HOLIDAY_CALENDARS,
  MEDIA,
  OUTCOMES,
  PARTIES,
  PRESETS,
  REQUESTER_CATEGORIES,
  RIGHTS,
  STATUSES,
} from '../domain';
import { documentCalls } from './documents';

// Messages zod writes itself (wrong type…) are French too; the fields a user fills carry
// their own messages below.
z.config(z.locales.fr());

// ---------- shared pieces ----------

/** A real calendar date 'YYYY-MM-DD' (zod's ISO date rejects 2026-02-30). */
export const isoDate = (what: string) =>
  z.iso.date({ error: `${what} : date invalide, attendu une date réelle au format AAAA-MM-JJ.` });

const id = z.string().min(1, 'Identifiant manquant.');
const text = (max: number, what: string) =>
  z.string().trim().max(max, `${what} : ${max} caractères au plus.`);
const required = (max: number, what: string) =>
  z.string().trim().min(1, `${what} : à renseigner.`).max(max, `${what} : ${max} caractères au plus.`);

export const partySchema = z.enum(PARTIES, { error: 'Partie inconnue : « commune » ou « académie » attendu.' });
export const rightSchema = z.enum(RIGHTS, { error: 'Droit inconnu.' });
export const statusSchema = z.enum(STATUSES, { error: 'Statut inconnu.' });

export const contactSchema = z.object({
  name: text(200, 'Nom du contact'),
  email: z.union([z.literal(''), z.email({ error: 'Adresse électronique du contact invalide.' })]),
  phone: text(40, 'Téléphone du contact'),
  address: text(400, 'Adresse du contact'),
});

export const officeSchema = z.object({
  party: partySchema,
  /** For a commune office: the commune's name. */
  communeName: z.string(),
  label: z.string(),
});
export type Office = z.infer<typeof officeSchema>;

export const schoolSchema = z.object({
  id,
  agreementId: id,
  name: z.string(),
  address: z.string(),
  uai: z.string(),
});
export type School = z.infer<typeof schoolSchema>;

export const agreementSchema = z.object({
  id,
  code: z.string(),
  name: z.string(),
  communeName: z.string(),
  academieName: z.string(),
  preset: z.enum(PRESETS),
  presetLabel: z.string(),
  rules: z.unknown(),
  holidayCalendar: z.enum(HOLIDAY_CALENDARS),
  dpdContacts: z.object({ commune: contactSchema, academie: contactSchema }),
  processorName: z.string().nullable(),
  identityDocuments: z.array(z.string()),
  schoolCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Agreement = z.infer<typeof agreementSchema>;

export const allocationSchema = z.object({
  party: partySchema.nullable(),
  status: z.enum(['decided', 'to-settle']),
  ruleId: z.string(),
  reason: z.string(),
});

/** A pre-emption claimed, or a settlement proposed at the meeting, waiting for both parties. */
export const pendingDecisionSchema = z.object({
  kind: z.enum(['preemption', 'settlement']),
  party: partySchema,
  claimedBy: partySchema,
  by: z.string(),
  at: z.string(),
  reason: z.string(),
  validations: z.array(z.object({ party: partySchema, by: z.string(), at: z.string() })),
  missing: z.array(partySchema),
});

export const deadlineInfoSchema = z.object({
  /** The deadline in force (the extended one once extended); null while suspended. */
  dueOn: isoDate('Échéance').nullable(),
  responseDeadline: z.string().nullable(),
  extendedDeadline: z.string().nullable(),
  extensionNoticeDue: z.string().nullable(),
  urgency: z.enum(['overdue', 'due-soon', 'ok', 'suspended', 'closed']),
  daysLeft: z.object({ calendar: z.number().int(), working: z.number().int() }).nullable(),
  suspendedDays: z.number().int(),
  /** One French sentence saying how the date was computed. */
  explanation: z.string(),
});
export type DeadlineInfo = z.infer<typeof deadlineInfoSchema>;

export const requestSummarySchema = z.object({
  id,
  agreementId: id,
  reference: z.string(),
  receivedOn: z.string(),
  requesterName: z.string(),
  requesterCategory: z.enum(REQUESTER_CATEGORIES),
  subjectName: z.string().nullable(),
  rights: z.array(rightSchema),
  allocation: allocationSchema,
  status: statusSchema,
  deadline: deadlineInfoSchema,
});
export type RequestSummary = z.infer<typeof requestSummarySchema>;

export const requestRightSchema = z.object({
  right: rightSchema,
  outcome: z.enum(OUTCOMES).nullable(),
  refusalReason: z.string().nullable(),
  answeredOn: z.string().nullable(),
});

export const eventSchema = z.object({
  id,
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  type: z.string(),
  data: z.unknown(),
  hash: z.string(),
});

export const requestDetailSchema = requestSummarySchema.extend({
  channel: z.enum(CHANNELS),
  medium: z.enum(MEDIA),
  requesterContact: z.string(),
  subjectIsMinor: z.boolean().nullable(),
  subjectRelation: z.string().nullable(),
  school: schoolSchema.nullable(),
  moduleName: z.string().nullable(),
  moduleOwner: partySchema.nullable(),
  schoolsScope: z.enum(['single', 'several']).nullable(),
  summary: z.string(),
  identityDocumentsReceived: z.array(z.string()),
  identityDocumentsMissing: z.array(z.string()),
  rightsDetail: z.array(requestRightSchema),
  suspensions: z.array(
    z.object({ id, kind: z.enum(['identity', 'clarification']), whatAsked: z.string(), sentOn: z.string(), receivedOn: z.string().nullable(), days: z.number().int() }),
  ),
  extension: z
    .object({ reasons: z.string(), notifiedOn: z.string().nullable(), late: z.boolean() })
    .nullable(),
  pendingDecision: pendingDecisionSchema.nullable(),
  /** Whether the agreement provides for pre-emption (Versailles/Fontenay does, DSDEN 13 does not). */
  preemptionAllowed: z.boolean(),
  /** Allocations replaced by a pre-emption or a settlement, oldest first. */
  allocationHistory: z.array(allocationSchema.extend({ replacedBy: z.enum(['preemption', 'settlement']) })),
  acknowledgedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  dataFile: z.object({ requestedOn: z.string().nullable(), receivedOn: z.string().nullable() }),
  /** For a request that reached the ENT vendor first (seed 003, annex 2). */
  processor: z
    .object({
      receivedOn: z.string().nullable(),
      forwardBy: z.string().nullable(),
      forwardExplanation: z.string().nullable(),
      deletionInstructedOn: z.string().nullable(),
      deleteBy: z.string().nullable(),
      deletionExplanation: z.string().nullable(),
    })
    .nullable(),
  /** References of the documents received with the request (not their content). */
  attachments: z.array(z.string()),
  /** Status changes open from here (core/lifecycle.ts), for the action buttons. */
  nextStatuses: z.array(z.object({ to: statusSchema, action: z.string(), requiresReason: z.boolean() })),
  events: z.array(eventSchema),
  journal: z.object({ ok: z.boolean(), message: z.string() }),
});
export type RequestDetail = z.infer<typeof requestDetailSchema>;

// ---------- inputs ----------

export const newRequestSchema = z
  .object({
    agreementId: id.describe('Convention'),
    receivedOn: isoDate('Date de réception'),
    channel: z.enum(CHANNELS, { error: 'Canal de réception : choisissez où la demande est arrivée.' }),
    medium: z.enum(MEDIA, { error: 'Mode de réception : courrier, courriel, formulaire ou en personne.' }),
    requesterName: required(200, 'Nom du demandeur'),
    requesterContact: text(400, 'Contact du demandeur').default(''),
    requesterCategory: z.enum(REQUESTER_CATEGORIES, {
      error: 'Catégorie du demandeur : choisissez une catégorie.',
    }),
    subjectName: text(200, 'Personne concernée').nullable().default(null),
    subjectIsMinor: z.boolean().nullable().default(null),
    subjectRelation: text(200, 'Lien avec le demandeur').nullable().default(null),
    schoolId: id.nullable().default(null),
    moduleName: text(200, 'Module concerné').nullable().default(null),
    moduleOwner: partySchema.nullable().default(null),
    schoolsScope: z.enum(['single', 'several']).nullable().default(null),
    rights: z
      .array(rightSchema)
      .min(1, 'Droits exercés : cochez au moins un droit.')
      .refine((r) => new Set(r).size === r.length, 'Droits exercés : un droit est coché deux fois.'),
    summary: text(5000, 'Résumé').default(''),
    identityDocumentsReceived: z.array(text(300, 'Pièce reçue')).default([]),
    identityDocumentsMissing: z.array(text(300, 'Pièce manquante')).default([]),
    attachments: z.array(required(300, 'Pièce jointe')).max(50, 'Pièces jointes : 50 au plus.').default([]),
    processorReceivedOn: isoDate("Date de réception par l'éditeur").nullable().default(null),
  })
  .strict();
export type NewRequest = z.input<typeof newRequestSchema>;

export const SORT_KEYS = [
  'reference',
  'receivedOn',
  'requesterName',
  'subjectName',
  'party',
  'status',
  'dueOn',
] as const;

export const requestListInputSchema = z
  .object({
    agreementId: id.optional(),
    party: partySchema.optional(),
    statuses: z.array(statusSchema).optional(),
    /** Only open requests (not answered, closed, handed over, inadmissible, withdrawn). */
    openOnly: z.boolean().default(false),
    urgency: z.enum(['overdue', 'due-soon', 'suspended']).optional(),
    /** 'to-settle': allocations the monthly meeting must decide. */
    allocationStatus: z.enum(['decided', 'to-settle']).optional(),
    right: rightSchema.optional(),
    receivedFrom: isoDate('Reçue à partir du').optional(),
    receivedTo: isoDate("Reçue jusqu'au").optional(),
    q: text(200, 'Recherche').optional(),
    sort: z.enum(SORT_KEYS).default('dueOn'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();
export type RequestListInput = z.input<typeof requestListInputSchema>;

const agreementPatchSchema = z
  .object({
    name: required(200, 'Nom de la convention'),
    code: z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{2,8}$/, 'Code : 2 à 8 lettres majuscules ou chiffres (il préfixe les références).'),
    communeName: required(200, 'Nom de la commune'),
    academieName: required(200, "Nom de l'académie"),
    holidayCalendar: z.enum(HOLIDAY_CALENDARS, { error: 'Calendrier des jours fériés inconnu.' }),
    dpdContacts: z.object({ commune: contactSchema, academie: contactSchema }),
    processorName: text(200, "Éditeur de l'ENT").nullable(),
    identityDocuments: z.array(required(300, 'Pièce justificative')).max(30),
    rules: z.unknown(),
  })
  .partial()
  .strict();

// ---------- request actions ----------

const requestId = z.object({ id });
const reason = (what: string) => required(2000, what);
const notFuture = (what: string) => isoDate(what);

export const requestActions = {
  'requests.askInformation': {
    input: requestId
      .extend({
        kind: z.enum(['identity', 'clarification'], { error: 'Objet de la demande : pièces d’identité ou précisions.' }),
        whatAsked: reason('Ce qui est demandé'),
        sentOn: notFuture("Date d'envoi de la demande de pièces"),
      })
      .strict(),
  },
  'requests.informationReceived': {
    input: requestId
      .extend({
        receivedOn: notFuture('Date de réception des pièces'),
        documentsReceived: z.array(text(300, 'Pièce reçue')).default([]),
      })
      .strict(),
  },
  'requests.extend': {
    input: requestId
      .extend({
        reasons: reason('Motifs de la prolongation'),
        /** When the person was told (default: today). */
        notifiedOn: notFuture('Date de notification de la prolongation').nullable().default(null),
      })
      .strict(),
  },
  'requests.claimPreemption': {
    input: requestId
      .extend({ party: partySchema, by: required(200, 'Auteur'), reason: reason('Motif de la préemption') })
      .strict(),
  },
  'requests.proposeSettlement': {
    input: requestId
      .extend({ party: partySchema, by: required(200, 'Auteur'), reason: reason("Motif de l'arbitrage") })
      .strict(),
  },
  'requests.validateDecision': {
    input: requestId.extend({ party: partySchema, by: required(200, 'Validé par') }).strict(),
  },
  'requests.cancelDecision': {
    input: requestId.extend({ reason: reason("Motif de l'abandon") }).strict(),
  },
  'requests.handOver': {
    input: requestId
      .extend({ on: notFuture('Date de transmission'), reason: reason('Motif de la transmission') })
      .strict(),
  },
  'requests.answerRight': {
    input: requestId
      .extend({
        right: rightSchema,
        outcome: z.enum(OUTCOMES, { error: 'Suite donnée : choisissez une suite.' }),
        refusalReason: text(2000, 'Motif du refus').nullable().default(null),
        answeredOn: notFuture('Date de la réponse'),
      })
      .strict()
      .refine((a) => a.outcome !== 'refused' || (a.refusalReason ?? '').length > 0, {
        message: 'Motif du refus : un refus doit être motivé (RGPD art. 12(4)).',
        path: ['refusalReason'],
      }),
  },
  'requests.changeStatus': {
    input: requestId
      .extend({
        to: z.enum(['in-progress', 'closed', 'inadmissible', 'withdrawn'], { error: 'Statut demandé inconnu.' }),
        reason: text(2000, 'Motif').default(''),
        on: notFuture('Date').optional(),
      })
      .strict(),
  },
  'requests.processorDeletion': {
    input: requestId.extend({ instructedOn: notFuture("Date de l'instruction d'effacement") }).strict(),
  },
  'requests.dataFile': {
    input: requestId
      .extend({
        requestedOn: notFuture('Fichier demandé le').nullable(),
        receivedOn: notFuture('Fichier reçu le').nullable(),
        from: text(200, 'Auprès de').default(''),
      })
      .strict()
      .refine((d) => !d.receivedOn || !d.requestedOn || d.receivedOn >= d.requestedOn, {
        message: 'Fichier reçu le : la réception ne peut pas précéder la demande.',
        path: ['receivedOn'],
      }),
  },
} as const;

// ---------- the table ----------

const empty = z.object({}).strict().default({});

const baseCalls = {
  'app.info': { input: empty, output: z.object({ today: isoDate("Aujourd'hui") }) },
  'office.get': { input: empty, output: officeSchema.nullable() },
  'office.set': {
    input: z
      .object({ party: partySchema, communeName: text(200, 'Nom de la commune').default('') })
      .strict()
      .refine((o) => o.party !== 'commune' || o.communeName.length > 0, {
        message: 'Nom de la commune : à renseigner pour un office de commune.',
        path: ['communeName'],
      }),
    output: officeSchema,
  },
  'agreements.presets': {
    input: empty,
    output: z.array(z.object({ id: z.enum(PRESETS), label: z.string(), source: z.string() })),
  },
  'agreements.createFromPreset': {
    input: z
      .object({
        preset: z.enum(PRESETS, { error: 'Modèle de convention : choisissez un modèle.' }),
        communeName: text(200, 'Nom de la commune').optional(),
        code: z
          .string()
          .trim()
          .regex(/^[A-Z0-9]{2,8}$/, 'Code : 2 à 8 lettres majuscules ou chiffres (il préfixe les références).')
          .optional(),
      })
      .strict(),
    output: z.object({
      agreement: agreementSchema,
      /** Lines of the preset's school list that were not imported, with why (French). */
      rejectedSchools: z.array(z.object({ line: z.number().int(), name: z.string(), uai: z.string(), reason: z.string() })),
    }),
  },
  'agreements.list': { input: empty, output: z.array(agreementSchema) },
  'agreements.get': { input: z.object({ id }).strict(), output: agreementSchema },
  'agreements.update': {
    input: z.object({ id, patch: agreementPatchSchema }).strict(),
    output: agreementSchema,
  },
  'schools.add': {
    input: z
      .object({
        agreementId: id,
        name: required(200, "Nom de l'école"),
        address: text(400, "Adresse de l'école").default(''),
        uai: required(20, 'Code UAI'),
      })
      .strict(),
    output: schoolSchema,
  },
  'schools.list': { input: z.object({ agreementId: id }).strict(), output: z.array(schoolSchema) },
  'requests.create': { input: newRequestSchema, output: requestDetailSchema },
  'requests.list': {
    input: requestListInputSchema,
    output: z.object({
      rows: z.array(requestSummarySchema),
      total: z.number().int(),
      /** How many requests each filter value would give, the other filters being kept. */
      facets: z.object({
        status: z.array(z.object({ value: statusSchema, count: z.number().int() })),
        party: z.array(z.object({ value: partySchema.nullable(), count: z.number().int() })),
        urgency: z.object({ overdue: z.number().int(), dueSoon: z.number().int(), suspended: z.number().int() }),
      }),
    }),
  },
  'requests.get': { input: z.object({ id }).strict(), output: requestDetailSchema },
  'requests.stats': {
    input: z.object({ agreementId: id.optional() }).strict(),
    output: z.object({
      /** Open requests by proposed party (null: none yet) and status. */
      open: z.array(z.object({ party: partySchema.nullable(), status: statusSchema, count: z.number().int() })),
      overdue: z.number().int(),
      dueSoon: z.number().int(),
      suspended: z.number().int(),
      toSettle: z.number().int(),
      pendingDecisions: z.number().int(),
      /** Requests received per month over the last 12 months, oldest first ('YYYY-MM'). */
      receivedByMonth: z.array(z.object({ month: z.string(), count: z.number().int() })),
      /** Median days from receipt to the last answer, over answered requests (null: none yet). */
      medianAnswerDays: z.number().nullable(),
      answeredCount: z.number().int(),
    }),
  },
  'requests.askInformation': { ...requestActions['requests.askInformation'], output: requestDetailSchema },
  'requests.informationReceived': { ...requestActions['requests.informationReceived'], output: requestDetailSchema },
  'requests.extend': { ...requestActions['requests.extend'], output: requestDetailSchema },
  'requests.claimPreemption': { ...requestActions['requests.claimPreemption'], output: requestDetailSchema },
  'requests.proposeSettlement': { ...requestActions['requests.proposeSettlement'], output: requestDetailSchema },
  'requests.validateDecision': { ...requestActions['requests.validateDecision'], output: requestDetailSchema },
  'requests.cancelDecision': { ...requestActions['requests.cancelDecision'], output: requestDetailSchema },
  'requests.handOver': { ...requestActions['requests.handOver'], output: requestDetailSchema },
  'requests.answerRight': { ...requestActions['requests.answerRight'], output: requestDetailSchema },
  'requests.changeStatus': { ...requestActions['requests.changeStatus'], output: requestDetailSchema },
  'requests.dataFile': { ...requestActions['requests.dataFile'], output: requestDetailSchema },
  'requests.processorDeletion': { ...requestActions['requests.processorDeletion'], output: requestDetailSchema },
} as const;

// Documents, letters and meetings: their calls live in ./documents.ts. A name in both tables
// would silently replace one call by the other: `_noSharedNames` fails to compile if that happens.
const _noSharedNames: Extract<keyof typeof baseCalls, keyof typeof documentCalls> extends never ? true : false = true;
export const contract = { ...baseCalls, ...documentCalls } as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallParsedInput<N extends CallName> = z.output<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;

export interface ApiError {
  code: string;
  /** French, says what to fix. */
  message: string;
  /** Per-field messages (path joined with '.'), for forms. */
  fields?: Record<string, string>;
}
export type ApiResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiError };

export const CALL_NAMES = Object.keys(contract) as CallName[];
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
