// Requests, read side: intake, list (filters, facets), detail, dashboard figures.
import { z } from 'zod';
import { CHANNELS, ERASURE_EXCEPTIONS, MEDIA, OUTCOMES, REQUESTER_CATEGORIES, RIGHTS, STATUSES } from '../../domain';
import { calendarDate, id, isoDate, partySchema, required, rightSchema, statusSchema, text } from '../../api/schemas';
import { ACTIONS } from '../../actions';
import { EVENT_TYPES } from '../../events';
import { schoolSchema } from '../agreements/calls';

const allocationSchema = z.object({
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
  dueOn: calendarDate('Échéance').nullable(),
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
  /**
   * A request handed over to the co-controller, which this office keeps following (domain.md,
   * "Handover"): the date of the other party's answer once known (its answers reached this
   * office), else null; the whole is null for a request not handed over.
   */
  handover: z.object({ answeredOn: z.string().nullable() }).nullable(),
});
export type RequestSummary = z.infer<typeof requestSummarySchema>;

const requestRightSchema = z.object({
  right: rightSchema,
  outcome: z.enum(OUTCOMES).nullable(),
  refusalReason: z.string().nullable(),
  erasureException: z.enum(ERASURE_EXCEPTIONS).nullable(),
  answeredOn: z.string().nullable(),
});

const eventSchema = z.object({
  id,
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  type: z.enum(EVENT_TYPES),
  /** Which office wrote it: this one, the other one of the agreement, or unknown (before the exchange existed). */
  author: z.enum(['self', 'other']).nullable(),
  data: z.unknown(),
  hash: z.string(),
});

export const requestDetailSchema = requestSummarySchema.extend({
  channel: z.enum(CHANNELS),
  medium: z.enum(MEDIA),
  requesterContact: z.string(),
  /** When its names, contacts and texts were removed, its retention period over (issue 15); null: not anonymised. */
  anonymisedOn: z.string().nullable(),
  subjectIsMinor: z.boolean().nullable(),
  subjectRelation: z.string().nullable(),
  school: schoolSchema.nullable(),
  moduleName: z.string().nullable(),
  moduleOwner: partySchema.nullable(),
  /** The module was typed outside the agreement's list (« module hors liste »), DSDEN 13 agreements. */
  moduleOffList: z.boolean(),
  schoolsScope: z.enum(['single', 'several']).nullable(),
  summary: z.string(),
  identityDocumentsReceived: z.array(z.string()),
  identityDocumentsMissing: z.array(z.string()),
  rightsDetail: z.array(requestRightSchema),
  suspensions: z.array(
    z.object({ id, kind: z.enum(['identity', 'clarification']), whatAsked: z.string(), doubt: z.string().nullable(), sentOn: z.string(), receivedOn: z.string().nullable(), days: z.number().int() }),
  ),
  extension: z
    /** late: notified after the one-month deadline, so not in force (GDPR art. 12(3), deadlines.md algorithm 6). */
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
  /** The processor's deadlines, where the agreement has a processor clause (seed 003 annex 2 X.4). */
  processor: z
    .object({
      receivedOn: z.string().nullable(),
      forwardBy: z.string().nullable(),
      forwardExplanation: z.string().nullable(),
      forwardedOn: z.string().nullable(),
      forwardLate: z.boolean(),
      deletionInstructedOn: z.string().nullable(),
      deleteBy: z.string().nullable(),
      deletionExplanation: z.string().nullable(),
      /** When the deletion deadline is not a working day: the clause's date stands, and this says so. */
      deletionNote: z.string().nullable(),
      deletedOn: z.string().nullable(),
      deletionLate: z.boolean(),
      deletionCertificate: z.string().nullable(),
    })
    .nullable(),
  /**
   * An extension decided at a meeting (its minutes) and not yet recorded on the request: a task
   * until the extension is recorded with its notice (GDPR art. 12(3)); null otherwise.
   */
  extensionDecided: z.object({ meetingDate: z.string(), reasons: z.string().nullable() }).nullable(),
  /** Every action and whether it is possible now, with the reason when not (core/actions.ts). */
  actions: z.record(z.enum(ACTIONS), z.object({ allowed: z.boolean(), reason: z.string().nullable() })),
  /** The party that may pre-empt this request, if any (core/allocation.ts). */
  preemptionParty: partySchema.nullable(),
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
      .max(RIGHTS.length, `Droits exercés : ${RIGHTS.length} au plus.`)
      .refine((r) => new Set(r).size === r.length, 'Droits exercés : un droit est coché deux fois.'),
    summary: text(5000, 'Résumé').default(''),
    identityDocumentsReceived: z.array(text(300, 'Pièce reçue')).max(30, 'Pièces reçues : 30 au plus.').default([]),
    identityDocumentsMissing: z.array(text(300, 'Pièce manquante')).max(30, 'Pièces manquantes : 30 au plus.').default([]),
    attachments: z.array(required(300, 'Pièce jointe')).max(50, 'Pièces jointes : 50 au plus.').default([]),
    processorReceivedOn: isoDate("Date de réception par l'éditeur").nullable().default(null),
    /**
     * The user confirmed an unlikely received date (in the future, months back, before the
     * agreement, already overdue: core/corrections.ts). Without it such a date is questioned.
     */
    confirmedDate: z.boolean().default(false),
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
    statuses: z.array(statusSchema).max(STATUSES.length, `Statuts : ${STATUSES.length} au plus.`).optional(),
    /** Only open requests (not answered, closed, handed over, inadmissible, withdrawn). */
    openOnly: z.boolean().default(false),
    /** The « annulées » list: only the requests cancelled as typed by mistake (otherwise left out). */
    cancelled: z.boolean().default(false),
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


export const requestCalls = {
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
      /** The same open figures for each agreement (one académie serves many communes), by name. */
      byAgreement: z.array(
        z.object({
          agreementId: id,
          name: z.string(),
          open: z.number().int(),
          overdue: z.number().int(),
          dueSoon: z.number().int(),
          suspended: z.number().int(),
          toSettle: z.number().int(),
        }),
      ),
    }),
  },
} as const;
