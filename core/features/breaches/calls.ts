// The breach register's calls: declare, the steps of the alert chain and of the decision on the
// CNIL notification, closure, the documents and the register. Times are typed as Paris wall-clock
// times ('YYYY-MM-DDTHH:mm') and answered as UTC instants, which the screens show in Paris time.
import { z } from 'zod';
import { cnilDecisionSchema } from '../../api/breach-store';
import { fileSchema, id, partySchema, required, text } from '../../api/schemas';
import { DEADLINE_STATES } from '../../breaches/countdowns';
import { BREACH_EVENT_TYPES } from '../../breaches/events';
import { BREACH_DEADLINE_KINDS, DISCOVERERS, ORIGINS } from '../../breaches/rules';

/** A Paris wall-clock time as a datetime field gives it. */
const localTime = (what: string) =>
  z.string({ error: `${what} : date et heure à renseigner.` }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, `${what} : date et heure attendues (jj/mm/aaaa hh:mm).`);
const count = (what: string) =>
  z.number({ error: `${what} : un nombre entier, approximatif au besoin.` }).int(`${what} : un nombre entier.`).min(0, `${what} : pas de nombre négatif.`).max(100_000_000, `${what} : nombre trop grand.`);

export const breachDeadlineSchema = z.object({
  kind: z.enum(BREACH_DEADLINE_KINDS),
  label: z.string(),
  to: z.string(),
  clause: z.string(),
  hours: z.number().nullable(),
  dueAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  state: z.enum(DEADLINE_STATES),
  remainingMs: z.number().nullable(),
  lateByMs: z.number().nullable(),
  note: z.string(),
});
export type BreachDeadlineOut = z.infer<typeof breachDeadlineSchema>;

export const breachSummarySchema = z.object({
  id,
  agreementId: id,
  agreementCode: z.string(),
  reference: z.string(),
  status: z.enum(['open', 'closed']),
  knownAt: z.string(),
  service: z.string(),
  nature: z.string(),
  discoveredBy: z.enum(DISCOVERERS),
  securityIncidentOnly: z.boolean(),
  highRisk: z.boolean(),
  personsCount: z.number().nullable(),
  cnilDecision: z.enum(['notify', 'not-notify']).nullable(),
  cnilNotifiedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** The most urgent pending deadline (overdue first), null when none. */
  urgent: breachDeadlineSchema.nullable(),
  deadlines: z.array(breachDeadlineSchema),
  /** The instant the states were computed at (the screens count down from it live). */
  now: z.string(),
});
export type BreachSummary = z.infer<typeof breachSummarySchema>;

const formLineSchema = z.object({ label: z.string(), value: z.string() });

export const breachDetailSchema = breachSummarySchema.extend({
  knownHow: z.string(),
  discovererName: z.string(),
  origin: z.enum(ORIGINS),
  hosting: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  dataCategories: z.string(),
  personCategories: z.string(),
  recordsCount: z.number().nullable(),
  consequences: z.string(),
  measures: z.string(),
  securityIncident: z.boolean(),
  notifiedAt: z.string().nullable(),
  notifiedTo: z.array(z.string()),
  updateTimes: z.array(z.string()),
  decision: cnilDecisionSchema.nullable(),
  /** Who notifies the CNIL: proposed from the origin, confirmed by both parties. */
  notifyingParty: z
    .object({
      party: partySchema,
      proposed: partySchema.nullable(),
      clause: z.string(),
      confirmations: z.array(z.object({ party: partySchema, by: z.string(), at: z.string(), evidence: z.string().nullable() })),
      missing: z.array(partySchema),
    })
    .nullable(),
  /** The proposal the rules make for this origin (before the decision). */
  proposedNotifyingParty: z.object({ party: partySchema.nullable(), clause: z.string() }),
  cnilNotification: z.object({ at: z.string(), reference: z.string(), party: partySchema }).nullable(),
  personsCommunication: z.object({ at: z.string(), who: z.string(), how: z.string() }).nullable(),
  closureNote: z.string().nullable(),
  rulesSource: z.string(),
  crisisCell: z.boolean(),
  alertChain: z.array(z.object({ label: z.string(), email: z.string(), clause: z.string() })),
  /** Versions of the declaration form: 1 at declaration, one more per 24-hour update. */
  formVersions: z.number().int(),
  /** The CNIL's online notification asks for the same information: here in its order. */
  cnilCopy: z.array(z.object({ section: z.string(), lines: z.array(formLineSchema) })),
  events: z.array(
    z.object({ id, seq: z.number().int(), at: z.string(), actor: z.string(), type: z.enum(BREACH_EVENT_TYPES), label: z.string(), summary: z.string(), hash: z.string(),
      /** Which office wrote it: this one, the other one (through the exchange), or none (before offices had an identity). */
      author: z.enum(['self', 'other']).nullable() }),
  ),
  journal: z.object({ ok: z.boolean(), message: z.string() }),
});
export type BreachDetail = z.infer<typeof breachDetailSchema>;

/** The facts of the declaration form that a 24-hour update may change. */
const updatableFields = {
  endedAt: localTime('Fin de la violation').nullable(),
  nature: required(4000, 'Nature de la violation'),
  dataCategories: required(2000, 'Catégories de données'),
  personCategories: required(2000, 'Catégories de personnes'),
  personsCount: count('Nombre de personnes concernées').nullable(),
  recordsCount: count("Nombre d'enregistrements concernés").nullable(),
  consequences: text(4000, 'Conséquences probables'),
  measures: text(4000, 'Mesures prises ou envisagées'),
  highRisk: z.boolean(),
};

export const declareBreachSchema = z
  .object({
    agreementId: id,
    knownAt: localTime('Connaissance de la violation'),
    knownHow: required(2000, 'Comment la violation a été connue'),
    discoveredBy: z.enum(DISCOVERERS, { error: 'Découverte par : la commune, l’académie ou le sous-traitant.' }),
    discovererName: text(300, 'Qui l’a découverte'),
    origin: z.enum(ORIGINS, { error: 'Origine : choisissez d’où la violation provient (ou « encore inconnue »).' }),
    service: required(300, 'Service concerné'),
    hosting: text(300, "Localisation de l'hébergement"),
    startedAt: localTime('Début de la violation').nullable().default(null),
    ...updatableFields,
    endedAt: updatableFields.endedAt.default(null),
    personsCount: updatableFields.personsCount.default(null),
    recordsCount: updatableFields.recordsCount.default(null),
    consequences: updatableFields.consequences.default(''),
    measures: updatableFields.measures.default(''),
    highRisk: z.boolean().default(false),
    securityIncident: z.boolean().default(false),
    securityIncidentOnly: z.boolean().default(false),
  })
  .strict();
export type DeclareBreach = z.input<typeof declareBreachSchema>;

const breachId = z.object({ id });

export const breachCalls = {
  'breaches.declare': { input: declareBreachSchema, output: breachDetailSchema },
  'breaches.list': {
    input: z
      .object({ agreementId: id.optional(), status: z.enum(['open', 'closed']).optional(), q: text(200, 'Recherche').optional() })
      .strict(),
    output: z.object({ rows: z.array(breachSummarySchema) }),
  },
  'breaches.get': { input: breachId.strict(), output: breachDetailSchema },
  'breaches.notify': {
    input: breachId
      .extend({
        at: localTime('Notification envoyée le'),
        recipients: z.array(required(300, 'Destinataire')).min(1, 'Destinataires : au moins un (le DPD de chaque partie).').max(30),
      })
      .strict(),
    output: breachDetailSchema,
  },
  'breaches.update': {
    input: breachId
      .extend({ at: localTime('Mise à jour envoyée le'), summary: required(2000, 'Ce qui a changé') })
      .extend(z.object(updatableFields).partial().shape)
      .strict(),
    output: breachDetailSchema,
  },
  'breaches.decideCnil': {
    input: breachId
      .extend({
        at: localTime('Décision prise le'),
        decision: z.enum(['notify', 'not-notify'], { error: 'Décision : notifier la CNIL ou ne pas la notifier.' }),
        reasons: required(6000, 'Argumentation de la décision'),
        participants: text(1000, 'Participants'),
        /** The party that notifies, when the rules propose none (origin unknown) or the parties choose otherwise. */
        notifyingParty: partySchema.nullable().default(null),
      })
      .strict(),
    output: breachDetailSchema,
  },
  'breaches.confirmNotifyingParty': {
    input: breachId
      .extend({
        party: partySchema,
        by: required(200, 'Qui confirme'),
        /** For the other party's confirmation recorded here: what shows it gave it. */
        evidence: text(500, 'Preuve de la confirmation').nullable().default(null),
      })
      .strict(),
    output: breachDetailSchema,
  },
  'breaches.notifyCnil': {
    input: breachId.extend({ at: localTime('Notification à la CNIL le'), reference: required(100, 'Référence de la notification CNIL') }).strict(),
    output: breachDetailSchema,
  },
  'breaches.informPersons': {
    input: breachId
      .extend({ at: localTime('Personnes informées le'), who: required(1000, 'Personnes informées'), how: required(1000, 'Moyen de la communication') })
      .strict(),
    output: breachDetailSchema,
  },
  'breaches.close': {
    input: breachId.extend({ at: localTime('Résolution le'), note: required(4000, 'Note de clôture') }).strict(),
    output: breachDetailSchema,
  },
  'breaches.document': {
    input: breachId
      .extend({
        kind: z.enum(['form', 'minutes', 'persons'], { error: 'Document : formulaire, compte rendu ou communication.' }),
        format: z.enum(['pdf', 'docx', 'html']).default('pdf'),
        /** The form's version (1 = as declared); default the latest. */
        version: z.number().int().min(1).optional(),
      })
      .strict(),
    output: fileSchema,
  },
  'breaches.register': {
    input: z.object({ agreementId: id.optional(), status: z.enum(['open', 'closed']).optional() }).strict(),
    output: fileSchema,
  },
} as const;
