// Reports: the annual report of the register (issue 15), for one agreement or all of them, over
// a calendar year: figures on screen, and the same figures as PDF and XLSX.
import { z } from 'zod';
import { fileSchema, id } from '../../api/schemas';

/** The GDPR applies from 2018 (art. 99(2)): no register holds an earlier year. */
export const FIRST_REPORT_YEAR = 2018;

export const annualReportInputSchema = z
  .object({
    /** Absent: every agreement of the register. */
    agreementId: id.optional(),
    /** A calendar year; absent: the last full one. The current year (so far) may be chosen; a later one is refused. */
    year: z
      .number({ error: 'Année : un nombre, par exemple 2025.' })
      .int('Année : un nombre entier, par exemple 2025.')
      .min(FIRST_REPORT_YEAR, `Année : ${FIRST_REPORT_YEAR} au plus tôt (le RGPD s'applique depuis le 25/05/2018).`)
      .max(2099, "Année : 2099 au plus tard : vérifiez l'année.")
      .optional(),
  })
  .strict();
export type AnnualReportInput = z.input<typeof annualReportInputSchema>;

const tally = {
  /** Requests received (in this line: of this right, party, channel or month). */
  requests: z.number().int(),
  /** Of them, answered (every right's answer recorded; its last answer date is the answer's). */
  answered: z.number().int(),
  /** Answered on or before the request's deadline in force (extension and suspensions included). */
  onTime: z.number().int(),
  late: z.number().int(),
  /** Not answered yet (or closed with no answer date recorded). */
  pending: z.number().int(),
  /** Ended without an answer to the rights: declared inadmissible (GDPR art. 12(5)) or withdrawn. */
  other: z.number().int(),
};
const line = z.object({ key: z.string(), label: z.string(), ...tally });

export const annualReportSchema = z.object({
  year: z.number().int(),
  /** First and last day counted: the year, or the current year up to today. */
  from: z.string(),
  to: z.string(),
  /** The date the figures describe (answers recorded up to it). */
  asOf: z.string(),
  /** The year is over (false: the current year so far). */
  complete: z.boolean(),
  /** The agreement reported on; null: every agreement. */
  agreement: z.object({ id: z.string(), name: z.string(), code: z.string() }).nullable(),
  /** The years a report can be asked for, most recent first (the current one included). */
  years: z.array(z.number().int()),
  totals: z.object({
    ...tally,
    /** Of the requests not answered, those whose deadline in force has passed at `asOf`. */
    pendingOverdue: z.number().int(),
    inadmissible: z.number().int(),
    withdrawn: z.number().int(),
    /** Requests extended by two months (GDPR art. 12(3)), and those whose notice came too late to take effect. */
    extensions: z.number().int(),
    extensionsNotInForce: z.number().int(),
    /** Rights refused or partly done, with their grounds. */
    refusals: z.number().int(),
    /** Days from receipt to answer, over the answered requests; null when none. */
    medianDays: z.number().nullable(),
    p90Days: z.number().nullable(),
  }),
  byRight: z.array(line),
  byParty: z.array(line),
  byChannel: z.array(line),
  /** Month of receipt: each line counts the requests received that month. */
  months: z.array(line),
  refusals: z.array(z.object({ reference: z.string(), right: z.string(), outcome: z.string(), ground: z.string(), answeredOn: z.string().nullable() })),
  /** The refusals counted by ground, most frequent first. */
  refusalGrounds: z.array(z.object({ ground: z.string(), count: z.number().int() })),
});
export type AnnualReport = z.infer<typeof annualReportSchema>;
export type ReportLine = z.infer<typeof line>;

export const reportCalls = {
  /** The annual report's figures. */
  'reports.annual': { input: annualReportInputSchema, output: annualReportSchema },
  /** The annual report as a file: PDF (printed by Chromium, with its month-by-month chart) or XLSX. */
  'reports.annualFile': {
    input: annualReportInputSchema.extend({ format: z.enum(['pdf', 'xlsx'], { error: 'Format : « pdf » ou « xlsx ».' }) }),
    output: fileSchema,
  },
} as const;
