// Retention (issue 15, « Keep it only as long as needed »): each agreement's retention period,
// the closed requests past it, listed for review, and their anonymisation on confirmation.
import { z } from 'zod';
import { calendarDate, id, required } from '../../api/schemas';
import { STATUSES } from '../../domain';
import { MAX_RETENTION_YEARS, MIN_RETENTION_YEARS } from '../../retention';

const yearsSchema = z
  .number({ error: "Durée de conservation : un nombre d'années." })
  .int(`Durée de conservation : un nombre entier d'années entre ${MIN_RETENTION_YEARS} et ${MAX_RETENTION_YEARS}.`)
  .min(MIN_RETENTION_YEARS, `Durée de conservation : au moins ${MIN_RETENTION_YEARS} an.`)
  .max(MAX_RETENTION_YEARS, `Durée de conservation : ${MAX_RETENTION_YEARS} ans au plus.`);

export const retentionOverviewSchema = z.object({
  agreementId: z.string(),
  agreementName: z.string(),
  years: z.number().int(),
  /** Why this period, shown beside it. */
  reason: z.string(),
  today: calendarDate("Aujourd'hui"),
  /** The closed requests past their retention, not yet anonymised, oldest closure first. */
  due: z.array(
    z.object({
      id: z.string(),
      reference: z.string(),
      receivedOn: calendarDate('Reçue le'),
      closedOn: calendarDate('Clôturée le'),
      retentionEnd: calendarDate('Fin de conservation'),
      status: z.enum(STATUSES),
    }),
  ),
  anonymised: z.number().int(),
});
export type RetentionOverview = z.infer<typeof retentionOverviewSchema>;

const agreementInput = z.object({ agreementId: id }).strict();

export const retentionCalls = {
  'retention.overview': { input: agreementInput, output: retentionOverviewSchema },
  'retention.setPeriod': { input: z.object({ agreementId: id, years: yearsSchema }).strict(), output: retentionOverviewSchema },
  'retention.anonymise': {
    input: z
      .object({
        agreementId: id,
        requestIds: z.array(id).min(1, 'Choisissez au moins une demande à anonymiser.').max(1000, 'Mille demandes au plus à la fois.'),
        /** Who confirmed, for the journal. */
        confirmedBy: required(200, 'Confirmé par'),
      })
      .strict(),
    output: z.object({ anonymised: z.number().int(), references: z.array(z.string()), overview: retentionOverviewSchema }),
  },
} as const;
