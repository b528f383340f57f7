// Schemas of the JSON columns and enumerated columns the store hands back: db/store.ts parses
// every agreement and request row with them on the way out, so core works on typed values and a
// hand-edited or damaged row is refused with its column named, not read with a cast.
import { z } from 'zod';
import { ruleSetSchema, type AllocationState, type PendingDecision } from '../allocation';
import { CHANNELS, HOLIDAY_CALENDARS, MEDIA, PARTIES, PRESETS, REQUESTER_CATEGORIES, STATUSES } from '../domain';

const party = z.enum(PARTIES);
const validation = z.object({ party, by: z.string(), at: z.string() });
const allocationBase = z.object({ party: party.nullable(), status: z.enum(['decided', 'to-settle']), ruleId: z.string(), reason: z.string() });
const decisionFields = z.object({
  kind: z.enum(['preemption', 'settlement']),
  party,
  claimedBy: party,
  by: z.string(),
  at: z.string(),
  reason: z.string(),
  validations: z.array(validation),
});

const allocationStateSchema: z.ZodType<AllocationState> = z.lazy(() =>
  allocationBase.extend({
    preemptedFrom: allocationStateSchema.optional(),
    settledFrom: allocationStateSchema.optional(),
    decision: decisionFields.extend({ appliedAt: z.string() }).optional(),
  }),
);
export const pendingDecisionSchema: z.ZodType<PendingDecision> = decisionFields.extend({ from: allocationStateSchema });

const storedContactSchema = z.object({ name: z.string(), email: z.string(), phone: z.string(), address: z.string() });
const strings = z.array(z.string());

/** The typed columns of an agreement row (the others are plain strings). */
export const agreementColumns = {
  preset: z.enum(PRESETS),
  rules: ruleSetSchema,
  holidayCalendar: z.enum(HOLIDAY_CALENDARS),
  dpdContacts: z.object({ commune: storedContactSchema, academie: storedContactSchema }),
  identityDocuments: strings,
  processorClause: z.object({ forwardWorkingDays: z.number().int(), deletionDays: z.number().int() }).nullable(),
  jointArrangement: z.string(),
  processing: z
    .object({ purposes: z.string(), categories: z.string(), recipients: z.string(), thirdCountryTransfers: z.string(), retention: z.string(), source: z.string() })
    .partial()
    .nullable(),
  modules: z.array(z.object({ name: z.string(), owner: party })),
  letterTemplates: z.record(z.string(), z.object({ version: z.number(), subject: z.string(), body: z.string(), updatedAt: z.string(), updatedBy: z.string() })),
};

/** The typed columns of a request row. */
export const requestColumns = {
  channel: z.enum(CHANNELS),
  medium: z.enum(MEDIA),
  requesterCategory: z.enum(REQUESTER_CATEGORIES),
  moduleOwner: party.nullable(),
  schoolsScope: z.enum(['single', 'several']).nullable(),
  allocationParty: party.nullable(),
  allocationStatus: z.enum(['decided', 'to-settle']),
  preemption: pendingDecisionSchema.nullable(),
  allocationState: allocationStateSchema.nullable(),
  identityDocumentsReceived: strings,
  identityDocumentsMissing: strings,
  attachments: strings,
  status: z.enum(STATUSES),
};

/** Parses the typed columns of `row` in place of the raw ones; a bad value names its table and column. */
export function parseColumns<S extends Record<string, z.ZodType>, R extends Record<string, unknown>>(
  table: string,
  columns: S,
  row: R,
): Omit<R, keyof S> & { [K in keyof S]: z.output<S[K]> } {
  return parseColumnsInPlace(table, columns, { ...row });
}

/**
 * parseColumns on a row made for this read alone (no one else holds it): its typed columns are
 * replaced in the object itself, with no copy. A list page copied each of its rows, and the
 * copies, made from objects still young, made each young-generation collection about ten times
 * longer (issue 14's list bench: garbage collections are its p95).
 */
export function parseColumnsInPlace<S extends Record<string, z.ZodType>, R extends Record<string, unknown>>(
  table: string,
  columns: S,
  row: R,
): Omit<R, keyof S> & { [K in keyof S]: z.output<S[K]> } {
  const out: Record<string, unknown> = row;
  for (const [key, schema] of Object.entries(columns)) {
    const parsed = schema.safeParse(row[key]);
    if (!parsed.success) {
      throw new Error(`Donnée illisible dans la base (${table}.${key}) : ${parsed.error.issues[0]?.message ?? 'valeur inattendue'}.`);
    }
    out[key] = parsed.data;
  }
  return out as Omit<R, keyof S> & { [K in keyof S]: z.output<S[K]> };
}
