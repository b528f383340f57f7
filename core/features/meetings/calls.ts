// The DPD meeting (monthly under seed 000 annex 1, 3.2.1): agenda generated from the data, minutes
// whose decisions become events on the requests, and the joint-review workbook.
import { z } from 'zod';
import { DECISION_KINDS, MEETING_FORMATS, SECTION_KEYS } from '../../documents/agenda';
import { MAX_WORKBOOK_BYTES } from '../../api/host-errors';
import { DECISION_TEXT_MAX } from '../../documents/workbook';
import { fileSchema, id, isoDate, required, text } from '../../api/schemas';
import { documentSummarySchema } from '../documents/calls';

const decisionKindSchema = z.enum(DECISION_KINDS, { error: 'Décision inconnue.' });

const agendaItemSchema = z.object({
  key: z.string(),
  requestId: z.string().nullable(),
  reference: z.string().nullable(),
  receivedOn: z.string().nullable(),
  requester: z.string(),
  subject: z.string().nullable(),
  rights: z.string(),
  status: z.string(),
  party: z.string(),
  dueOn: z.string().nullable(),
  note: z.string(),
  decisions: z.array(decisionKindSchema),
});

const agendaSchema = z.object({
  /** "Point mensuel des DPD" where the agreement provides for one, else "Réunion des DPD". */
  title: z.string(),
  /** Its name on screen before the date: "Point mensuel", "Réunion des DPD". */
  shortTitle: z.string(),
  purpose: z.string(),
  agreementName: z.string(),
  date: z.string(),
  time: z.string().nullable(),
  format: z.enum(MEETING_FORMATS).nullable(),
  nextDate: z.string(),
  lastMeetingDate: z.string().nullable(),
  participants: z.array(z.string()),
  openCounts: z.array(z.object({ party: z.string(), status: z.string(), count: z.number().int() })),
  sections: z.array(
    z.object({
      key: z.enum(SECTION_KEYS),
      number: z.string(),
      title: z.string(),
      empty: z.string(),
      items: z.array(agendaItemSchema),
    }),
  ),
});

const recordedDecisionSchema = z.object({
  itemKey: z.string(),
  requestId: z.string().nullable(),
  reference: z.string().nullable(),
  kind: decisionKindSchema,
  label: z.string(),
  text: z.string(),
  source: z.enum(['saisie', 'classeur']),
  appliedAt: z.string(),
});

const minutesSchema = z.object({
  decisions: z.array(recordedDecisionSchema),
  notes: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
export type Minutes = z.infer<typeof minutesSchema>;

export const meetingSchema = z.object({
  id,
  agreementId: id,
  agreementName: z.string(),
  date: z.string(),
  /** « 14:30 », Paris time; null when not given. */
  time: z.string().nullable(),
  format: z.enum(MEETING_FORMATS).nullable(),
  participants: z.array(z.string()),
  otherItems: z.array(z.string()),
  agenda: agendaSchema,
  agendaGeneratedAt: z.string(),
  minutes: minutesSchema.nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  documents: z.array(documentSummarySchema),
});
export type Meeting = z.infer<typeof meetingSchema>;

const meetingSummarySchema = z.object({
  id,
  agreementId: id,
  agreementName: z.string(),
  title: z.string(),
  shortTitle: z.string(),
  date: z.string(),
  participants: z.array(z.string()),
  closedAt: z.string().nullable(),
  decisions: z.number().int(),
  counts: z.object({ overdue: z.number().int(), dueSoon: z.number().int(), toSettle: z.number().int(), pending: z.number().int() }),
});

/** « 14:30 », « 9h », « 14 h 30 » → « 14:30 »; anything else refused with what to type. */
const meetingTime = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3])\s*[h:]\s*([0-5]\d)?$/i, 'Heure de la réunion : indiquez-la comme 14:30 ou 14 h 30.')
  .transform((t) => {
    const [, h = '0', m = '00'] = /^(\d{1,2})\s*[h:]\s*(\d{2})?$/i.exec(t) ?? [];
    return `${h.padStart(2, '0')}:${m || '00'}`;
  });

const meetingFields = {
  date: isoDate('Date de la réunion'),
  time: meetingTime.nullable().default(null),
  format: z.enum(MEETING_FORMATS, { error: 'Modalité de la réunion : en présentiel, en visioconférence ou par téléphone.' }).nullable().default(null),
  participants: z.array(required(200, 'Participant')).max(30, 'Participants : 30 au plus.').default([]),
  otherItems: z.array(required(1000, 'Autre point')).max(50, 'Autres points : 50 au plus.').default([]),
};

const decisionInputSchema = z
  .object({
    itemKey: required(120, "Ligne de l'ordre du jour"),
    requestId: id.nullable(),
    kind: decisionKindSchema,
    text: text(DECISION_TEXT_MAX, 'Motifs ou commentaire').default(''),
  })
  .strict();

const workbookFileSchema = {
  filename: text(300, 'Nom du fichier'),
  base64: z
    .string()
    .min(1, 'Fichier vide.')
    .max(Math.ceil((MAX_WORKBOOK_BYTES * 4) / 3) + 8, `Classeur trop volumineux : ${MAX_WORKBOOK_BYTES / 1_000_000} Mo au plus.`),
};

const importReportSchema = z.object({
  decisions: z.array(
    z.object({ sheet: z.string(), row: z.number().int(), reference: z.string().nullable(), kind: decisionKindSchema, label: z.string(), text: z.string() }),
  ),
  problems: z.array(z.object({ sheet: z.string(), row: z.number().int(), column: z.string(), reason: z.string() })),
});

export const meetingCalls = {
  'meetings.list': { input: z.object({ agreementId: id.optional() }).strict().default({}), output: z.array(meetingSummarySchema) },
  'meetings.create': { input: z.object({ agreementId: id, ...meetingFields }).strict(), output: meetingSchema },
  'meetings.get': { input: z.object({ id }).strict(), output: meetingSchema },
  'meetings.update': { input: z.object({ id, ...meetingFields }).strict(), output: meetingSchema },
  'meetings.saveMinutes': {
    input: z
      .object({ id, decisions: z.array(decisionInputSchema).max(2000), notes: text(10_000, 'Notes').default('') })
      .strict(),
    output: meetingSchema,
  },
  'meetings.exportAgenda': {
    input: z.object({ id, format: z.enum(['pdf', 'html'], { error: 'Format : PDF ou impression.' }).default('pdf') }).strict(),
    output: fileSchema,
  },
  'meetings.exportWorkbook': { input: z.object({ id }).strict(), output: fileSchema },
  'meetings.previewImport': { input: z.object({ id, ...workbookFileSchema }).strict(), output: importReportSchema },
  'meetings.applyImport': {
    input: z.object({ id, ...workbookFileSchema }).strict(),
    output: z.object({ meeting: meetingSchema, applied: z.number().int() }),
  },
} as const;
