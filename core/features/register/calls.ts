// The register in and out: export of the requests (the list's filters) as XLSX or CSV, import
// of an existing register (preview with its report, then the importable lines).
import { z } from 'zod';
import { fileSchema, id } from '../../api/schemas';
import { REGISTER_FIELDS } from '../../documents/register-import';
import { SCHOOL_FIELDS } from '../../documents/schools-import';
import { requestListInputSchema } from '../requests/calls';

/** The list's own filters (requests.list), without its paging: every matching request is exported. */
export const registerExportInputSchema = requestListInputSchema.omit({ offset: true, limit: true }).extend({
  format: z.enum(['xlsx', 'csv'], { error: 'Format : « xlsx » ou « csv ».' }),
});
export type RegisterExportInput = z.input<typeof registerExportInputSchema>;


const fieldSchema = z.enum(REGISTER_FIELDS);
/** A column (0 = the first) or null: the field is not in the file (« ignorer »). */
const columnSchema = z.number({ error: 'Colonne : un numéro de colonne.' }).int().min(0).max(200, 'Colonne : 200 colonnes au plus.').nullable();
const mappingSchema = z.partialRecord(fieldSchema, columnSchema);
const schoolFieldSchema = z.enum(SCHOOL_FIELDS);
const schoolMappingSchema = z.partialRecord(schoolFieldSchema, columnSchema);

const fileFields = {
  agreementId: id,
  filename: z.string().trim().min(1, 'Fichier : choisissez un fichier.').max(255, 'Nom du fichier : 255 caractères au plus.'),
  base64: z.string().min(1, 'Fichier vide.'),
};

/**
 * A register file picked by the user (base64), and the column of each field the user chose
 * (a field absent: guessed from the headers; null: not imported). A column given to two fields,
 * or outside the file, is refused.
 */
export const registerFileInputSchema = z.object({ ...fileFields, mapping: mappingSchema.optional() }).strict();
/** A list of schools (name, address, UAI) picked by the user, with the same mapping rule. */
export const schoolsFileInputSchema = z.object({ ...fileFields, mapping: schoolMappingSchema.optional() }).strict();

const problemSchema = z.object({ row: z.number().int(), column: z.string(), value: z.string(), reason: z.string() });

/** What every import preview tells: the header line, the fields and their columns, the counts and the report. */
const previewBase = {
  /** The file's header line. */
  headers: z.array(z.string()),
  /** Lines with content (the header excepted), lines importable. */
  total: z.number().int(),
  valid: z.number().int(),
  /** Every problem found (its count), the first 2,000 listed. */
  problemCount: z.number().int(),
  problems: z.array(problemSchema),
};

export const registerPreviewSchema = z.object({
  ...previewBase,
  fields: z.array(z.object({ field: fieldSchema, label: z.string(), required: z.boolean() })),
  mapping: z.record(fieldSchema, z.number().int().nullable()),
  /** The first importable lines as they will be recorded (the party that answers as allocated at import). */
  preview: z.array(
    z.object({
      row: z.number().int(),
      reference: z.string().nullable(),
      receivedOn: z.string(),
      requesterName: z.string(),
      rights: z.string(),
      school: z.string().nullable(),
      party: z.string(),
      status: z.string(),
    }),
  ),
});
export type RegisterPreview = z.infer<typeof registerPreviewSchema>;

export const schoolsPreviewSchema = z.object({
  ...previewBase,
  fields: z.array(z.object({ field: schoolFieldSchema, label: z.string(), required: z.boolean() })),
  mapping: z.record(schoolFieldSchema, z.number().int().nullable()),
  preview: z.array(z.object({ row: z.number().int(), name: z.string(), address: z.string(), uai: z.string() })),
});
export type SchoolsPreview = z.infer<typeof schoolsPreviewSchema>;

export const registerCalls = {
  'register.export': { input: registerExportInputSchema, output: fileSchema },
  /** Reads the file, maps its columns, checks every line: nothing written. */
  'register.preview': { input: registerFileInputSchema, output: registerPreviewSchema },
  /** Imports the importable lines in one transaction (the same checks made again). */
  'register.import': {
    input: registerFileInputSchema.extend({ mapping: mappingSchema }),
    output: z.object({ imported: z.number().int(), skipped: z.number().int(), references: z.array(z.string()) }),
  },
  /** Reads a list of schools for the agreement, maps its columns, checks every line: nothing written. */
  'register.previewSchools': { input: schoolsFileInputSchema, output: schoolsPreviewSchema },
  /** Adds the importable schools to the agreement in one transaction (the same checks made again). */
  'register.importSchools': {
    input: schoolsFileInputSchema.extend({ mapping: schoolMappingSchema }),
    output: z.object({ imported: z.number().int(), skipped: z.number().int() }),
  },
} as const;
