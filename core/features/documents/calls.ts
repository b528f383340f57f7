// The documents kept for a request or a meeting (letters sent, agendas and workbooks exported),
// listed and made again on demand.
import { z } from 'zod';
import { fileSchema, id } from '../../api/schemas';

export const documentSummarySchema = z.object({
  id,
  requestId: z.string().nullable(),
  meetingId: z.string().nullable(),
  kind: z.string(),
  label: z.string(),
  title: z.string(),
  format: z.string(),
  templateVersion: z.number().int(),
  createdAt: z.string(),
});
export type DocumentSummary = z.infer<typeof documentSummarySchema>;

export const documentCalls = {
  'documents.list': {
    input: z.union([z.object({ requestId: id }).strict(), z.object({ meetingId: id }).strict()]),
    output: z.array(documentSummarySchema),
  },
  'documents.download': { input: z.object({ id }).strict(), output: fileSchema },
} as const;
