// The register in and out: export of the requests (the list's filters) as XLSX or CSV, import
// of an existing register (preview with its report, then the importable lines).
import { z } from 'zod';
import { fileSchema, id } from '../../api/schemas';
import { REGISTER_FIELDS } from '../../documents/register-import';
import { requestListInputSchema } from '../requests/calls';

/** The list's own filters (requests.list), without its paging: every matching request is exported. */
export const registerExportInputSchema = requestListInputSchema.omit({ offset: true, limit: true }).extend({
  format: z.enum(['xlsx', 'csv'], { error: 'Format : « xlsx » ou « csv ».' }),
});
export type RegisterExportInput = z.input<typeof registerExportInputSchema>;


const fieldSchema = z.enum(REGISTER_FIELDS);
const mappingSchema = z.partialRecord(fieldSchema, z.number().int().min(0).max(200).nullable());

/** A register file picked by the user (base64), and the column of each field (absent: guessed from the headers). */
export const registerFileInputSchema = z
  .object({
    agreementId: id,
    filename: z.string().trim().min(1, 'Fichier : choisissez un fichier.').max(255, 'Nom du fichier : 255 caractères au plus.'),
    base64: z.string().min(1, 'Fichier vide.'),
    mapping: mappingSchema.optional(),
  })
  .strict();

const problemSchema = z.object({ row: z.number().int(), column: z.string(), value: z.string(), reason: z.string() });

export const registerPreviewSchema = z.object({
  /** The file's header line. */
  headers: z.array(z.string()),
  fields: z.array(z.object({ field: fieldSchema, label: z.string(), required: z.boolean() })),
  mapping: z.record(fieldSchema, z.number().int().nullable()),
  /** Lines with content (the header excepted), lines importable, and every problem found. */
  total: z.number().int(),
  valid: z.number().int(),
  problems: z.array(problemSchema),
  /** The first importable lines as they will be recorded. */
  preview: z.array(
    z.object({ row: z.number().int(), reference: z.string().nullable(), receivedOn: z.string(), requesterName: z.string(), rights: z.string(), status: z.string() }),
  ),
});
export type RegisterPreview = z.infer<typeof registerPreviewSchema>;

export const registerCalls = {
  'register.export': { input: registerExportInputSchema, output: fileSchema },
  /** Reads the file, maps its columns, checks every line: nothing written. */
  'register.preview': { input: registerFileInputSchema, output: registerPreviewSchema },
  /** Imports the importable lines in one transaction (the same checks made again). */
  'register.import': {
    input: registerFileInputSchema.extend({ mapping: mappingSchema }),
    output: z.object({ imported: z.number().int(), skipped: z.number().int(), references: z.array(z.string()) }),
  },
} as const;
