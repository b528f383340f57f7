// Office: which party this install serves (académie or a commune), and the app's clock.
import { z } from 'zod';
import { calendarDate, empty, partySchema, text } from '../../api/schemas';

export const officeSchema = z.object({
  party: partySchema,
  /** For a commune office: the commune's name. */
  communeName: z.string(),
  label: z.string(),
});
export type Office = z.infer<typeof officeSchema>;

export const officeCalls = {
  'app.info': { input: empty, output: z.object({ today: calendarDate("Aujourd'hui") }) },
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
} as const;
