// Agreements (one per commune–académie pair: parties, allocation rules, calendar, contacts) and
// their schools.
import { z } from 'zod';
import { HOLIDAY_CALENDARS, PARTIES, PRESETS } from '../../domain';
import { contactSchema, empty, id, partySchema, required, text } from '../../api/schemas';

export const schoolSchema = z.object({
  id,
  agreementId: id,
  name: z.string(),
  address: z.string(),
  uai: z.string(),
});
export type School = z.infer<typeof schoolSchema>;

/** Facts about the joint processing told in an access answer (GDPR art. 15(1)); blank: to complete in the letter. */
const processingSchema = z.object({
  purposes: z.string(),
  categories: z.string(),
  recipients: z.string(),
  thirdCountryTransfers: z.string(),
  retention: z.string(),
  source: z.string(),
});
export type Processing = z.infer<typeof processingSchema>;

const processingPatchSchema = z
  .object({
    purposes: text(2000, 'Finalités du traitement'),
    categories: text(2000, 'Catégories de données'),
    recipients: text(2000, 'Destinataires'),
    thirdCountryTransfers: text(2000, 'Transferts hors de l’Union européenne'),
    retention: text(2000, 'Durée de conservation'),
    source: text(2000, 'Source des données'),
  })
  .partial()
  .strict();

/**
 * A line of the agreement's own school list (its preset) that could not be imported, with why and,
 * when its code starts with 7 digits, the valid UAI they call for (core/uai.ts uaiCorrection).
 */
const rejectedSchoolSchema = z.object({
  line: z.number().int(),
  name: z.string(),
  address: z.string(),
  uai: z.string(),
  reason: z.string(),
  correction: z.string().nullable(),
});
export type RejectedSchool = z.infer<typeof rejectedSchoolSchema>;

const schoolFields = {
  name: required(200, "Nom de l'école"),
  address: text(400, "Adresse de l'école").default(''),
  uai: required(20, 'Code UAI'),
};

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
  /** Where the essence of the joint arrangement can be read (GDPR art. 26(2)): a link or an address; '' if not set. */
  jointArrangement: z.string(),
  /** Art. 15(1) facts for the access answer; null if never set. */
  processing: processingSchema.partial().nullable(),
  /** The ENT's modules with their owner (core/modules.ts): intake picks from them (seed 003 art. 8.1). */
  modules: z.array(z.object({ name: z.string(), owner: partySchema })),
  schoolCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Agreement = z.infer<typeof agreementSchema>;

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
    jointArrangement: text(1000, "Où lire l'essentiel de l'accord"),
    processing: processingPatchSchema.nullable(),
    modules: z
      .array(
        z
          .object({
            name: required(200, 'Nom du module'),
            owner: z.enum(PARTIES, { error: 'Module propre à : la collectivité ou l’académie.' }),
          })
          .strict(),
      )
      .max(50, 'Modules : 50 au plus.'),
    rules: z.unknown(),
  })
  .partial()
  .strict();

export const agreementCalls = {
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
      rejectedSchools: z.array(rejectedSchoolSchema),
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
      .object({ agreementId: id, ...schoolFields })
      .strict(),
    output: schoolSchema,
  },
  'schools.list': { input: z.object({ agreementId: id }).strict(), output: z.array(schoolSchema) },
  /** Name, address and UAI of a school corrected (requests point at the school: they follow). */
  'schools.update': {
    input: z.object({ id, ...schoolFields }).strict(),
    output: schoolSchema,
  },
  /** A school no request uses; otherwise refused, saying how many requests use it. */
  'schools.remove': {
    input: z.object({ id }).strict(),
    output: z.object({ id }),
  },
  /** Lines of the agreement's own school list (its preset) still missing because their UAI is wrong, with the correction to accept. */
  'schools.toReview': {
    input: z.object({ agreementId: id }).strict(),
    output: z.array(rejectedSchoolSchema),
  },
} as const;
