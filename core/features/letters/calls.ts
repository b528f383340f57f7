// Letters to the requester (templates per agreement, drafts, saved PDF / DOCX / print), the
// office's letterhead, and the documents kept for a request or a meeting.
import { z } from 'zod';
import { LETTER_KINDS } from '../../documents/letters';
import { empty, fileSchema, id, isoDate, required, text } from '../../api/schemas';
import { documentSummarySchema } from '../documents/calls';

const letterKindSchema = z.enum(LETTER_KINDS, { error: 'Type de courrier inconnu.' });

const letterheadSchema = z.object({
  officeName: text(200, "Nom de l'office"),
  address: text(600, 'Adresse'),
  city: text(100, 'Ville (ligne de date)'),
  dpdName: text(200, 'Nom du DPD'),
  dpdEmail: z.union([z.literal(''), z.email({ error: 'Courriel du DPD invalide.' })]),
  dpdPhone: text(40, 'Téléphone du DPD'),
  /**
   * Who signs the letters that decide (extension, answer, refusal): the authority or its
   * delegate, not the DPD (who is the contact). Blank until set: a decision cannot be saved then.
   */
  signatoryName: text(200, 'Signataire des décisions (nom)').default(''),
  signatoryTitle: text(300, 'Qualité du signataire').default(''),
});

const templateOutSchema = z.object({
  kind: letterKindSchema,
  label: z.string(),
  subject: z.string(),
  body: z.string(),
  version: z.number().int(),
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
});

const placeholderOutSchema = z.object({ name: z.string(), type: z.enum(['text', 'list', 'flag']), description: z.string() });

export const letterCalls = {
  'letterhead.get': { input: empty, output: letterheadSchema.extend({ configured: z.boolean() }) },
  'letterhead.set': { input: letterheadSchema.strict(), output: letterheadSchema.extend({ configured: z.boolean() }) },
  'letters.templates': {
    input: z.object({ agreementId: id }).strict(),
    output: z.object({ templates: z.array(templateOutSchema), placeholders: z.array(placeholderOutSchema) }),
  },
  'letters.saveTemplate': {
    input: z
      .object({ agreementId: id, kind: letterKindSchema, subject: required(300, 'Objet du courrier'), body: required(20_000, 'Texte du modèle') })
      .strict(),
    output: templateOutSchema,
  },
  'letters.resetTemplate': { input: z.object({ agreementId: id, kind: letterKindSchema }).strict(), output: templateOutSchema },
  'letters.draft': {
    input: z.object({ requestId: id, kind: letterKindSchema }).strict(),
    output: z.object({
      kind: letterKindSchema,
      label: z.string(),
      subject: z.string(),
      body: z.string(),
      date: z.string(),
      templateVersion: z.number().int(),
      reference: z.string(),
      agreementId: z.string(),
      recipient: z.object({ name: z.string(), lines: z.array(z.string()) }),
      concerning: z.string().nullable(),
      letterhead: letterheadSchema,
      /** The signature block as printed: the signatory for a decision, the DPD otherwise. */
      signature: z.array(z.string()),
      /** "[à compléter : …]" markers left in the subject, body or signature: the letter cannot be saved with them. */
      missing: z.array(z.string()),
      /** French warnings about the request's state (extension not recorded…). */
      warnings: z.array(z.string()),
    }),
  },
  'letters.save': {
    input: z
      .object({
        requestId: id,
        kind: letterKindSchema,
        subject: required(300, 'Objet du courrier'),
        body: required(20_000, 'Texte du courrier'),
        date: isoDate('Date du courrier'),
        /** 'html': printed through the browser's own print dialog. */
        format: z.enum(['pdf', 'docx', 'html'], { error: 'Format : PDF, DOCX ou impression.' }),
      })
      .strict(),
    output: z.object({ document: documentSummarySchema, file: fileSchema, acknowledgedOn: z.string().nullable() }),
  },
} as const;
