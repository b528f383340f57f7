// The register in and out: export of the requests (the list's filters) as XLSX or CSV.
import { z } from 'zod';
import { fileSchema } from '../../api/schemas';
import { requestListInputSchema } from '../requests/calls';

/** The list's own filters (requests.list), without its paging: every matching request is exported. */
export const registerExportInputSchema = requestListInputSchema.omit({ offset: true, limit: true }).extend({
  format: z.enum(['xlsx', 'csv'], { error: 'Format : « xlsx » ou « csv ».' }),
});
export type RegisterExportInput = z.input<typeof registerExportInputSchema>;

export const registerCalls = {
  'register.export': { input: registerExportInputSchema, output: fileSchema },
} as const;
