// Storage of the breach register: the breaches (current state) and their hash-chained journals.
// `Store` (core/api/store.ts) extends this interface; db/breach-store.ts implements it on SQLite
// and parses the JSON and enumerated columns with `breachColumns` on the way out.
import { z } from 'zod';
import { BREACH_DEADLINE_KINDS, DISCOVERERS, ORIGINS, type BreachRuleSet } from '../breaches/rules';
import { BREACH_EVENT_TYPES, type BreachEventType } from '../breaches/events';
import { PARTIES, PRESETS } from '../domain';

const party = z.enum(PARTIES);

const ruleSetSchema: z.ZodType<BreachRuleSet> = z.object({
  preset: z.enum(PRESETS),
  source: z.string(),
  deadlines: z.array(
    z.object({
      kind: z.enum(BREACH_DEADLINE_KINDS),
      label: z.string(),
      to: z.string(),
      hours: z.number().nullable(),
      from: z.enum(['known', 'notified', 'last-update']),
      discoveredBy: z.array(z.enum(DISCOVERERS)).optional(),
      clause: z.string(),
    }),
  ),
  alertChain: z.array(z.object({ label: z.string(), email: z.string(), securityIncident: z.boolean(), clause: z.string() })),
  crisisCell: z.boolean(),
  notifyingParty: z.object(Object.fromEntries(ORIGINS.map((o) => [o, party.nullable()])) as Record<(typeof ORIGINS)[number], z.ZodNullable<typeof party>>),
  notifyingPartyClause: z.string(),
}) as z.ZodType<BreachRuleSet>;

export const cnilDecisionSchema = z.object({
  at: z.string(),
  decision: z.enum(['notify', 'not-notify']),
  reasons: z.string(),
  /** Held as the crisis cell of seed 000 annex 1 art. 4.2 (else: the parties' decision). */
  crisisCell: z.boolean(),
  participants: z.string(),
});

export const notifyingPartySchema = z.object({
  /** Proposed from the origin (seed 000 art. 4.2.2), or chosen by the parties. */
  party,
  proposed: party.nullable(),
  clause: z.string(),
  confirmations: z.array(z.object({ party, by: z.string(), at: z.string(), evidence: z.string().nullable() })),
});

/** The typed columns of a breach row (the others are plain strings and numbers). */
export const breachColumns = {
  status: z.enum(['open', 'closed']),
  rules: ruleSetSchema,
  discoveredBy: z.enum(DISCOVERERS),
  origin: z.enum(ORIGINS),
  notifiedTo: z.array(z.string()),
  updateTimes: z.array(z.string()),
  cnilDecision: cnilDecisionSchema.nullable(),
  notifyingParty: notifyingPartySchema.nullable(),
  cnilNotification: z.object({ at: z.string(), reference: z.string(), party }).nullable(),
  personsCommunication: z.object({ at: z.string(), who: z.string(), how: z.string() }).nullable(),
};

type Columns = { [K in keyof typeof breachColumns]: z.output<(typeof breachColumns)[K]> };

export interface BreachRow extends Columns {
  id: string;
  agreementId: string;
  /** <agreement code>-V-<office letter>-<year>-<n>: FAR-V-A-2026-0001. */
  reference: string;
  year: number;
  seq: number;
  refOffice: string;
  /** The instant the breach became known: every countdown starts from it. */
  knownAt: string;
  knownHow: string;
  discovererName: string;
  service: string;
  hosting: string;
  startedAt: string | null;
  endedAt: string | null;
  nature: string;
  dataCategories: string;
  personCategories: string;
  personsCount: number | null;
  recordsCount: number | null;
  consequences: string;
  measures: string;
  securityIncident: boolean;
  securityIncidentOnly: boolean;
  highRisk: boolean;
  notifiedAt: string | null;
  closedAt: string | null;
  closureNote: string | null;
  journalHead: string | null;
  eventCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface BreachEventRow {
  id: string;
  breachId: string;
  seq: number;
  at: string;
  actor: string;
  type: BreachEventType;
  data: unknown;
  prevHash: string;
  hash: string;
  /** The agreement, the office that wrote the event and its place in that office's chain (shared with the requests' events). */
  agreementId: string | null;
  officeId: string | null;
  officeSeq: number | null;
  officeHash: string | null;
}
export const breachEventType = z.enum(BREACH_EVENT_TYPES);

export interface BreachQuery {
  agreementId?: string | undefined;
  status?: 'open' | 'closed' | undefined;
  /** Words of the reference, service or nature. */
  q?: string | undefined;
}

export interface BreachStore {
  nextBreachSeq(agreementId: string, year: number, refOffice: string): number;
  insertBreach(row: BreachRow): void;
  getBreach(id: string): BreachRow | undefined;
  updateBreach(id: string, patch: Partial<BreachRow>): void;
  /** Open breaches first, then by knowledge, latest first. */
  listBreaches(query: BreachQuery): BreachRow[];
  getBreachEvents(breachId: string): BreachEventRow[];
  lastBreachEvent(breachId: string): BreachEventRow | undefined;
  /** Appends an event and moves the breach's journal head (hash, count) with it. */
  insertBreachEvent(row: BreachEventRow): void;
  /** An office's breach events for an agreement after sequence `after`, in sequence order. */
  officeBreachEvents(agreementId: string, officeId: string, after: number): BreachEventRow[];
  /** Breach events written without an office (before the install had an identity or before breaches travelled), in order. */
  breachEventsWithoutOffice(): (BreachEventRow & { breachAgreementId: string })[];
  setBreachEventOffice(id: string, link: Pick<BreachEventRow, 'agreementId' | 'officeId' | 'officeSeq' | 'officeHash'>): void;
  /** The breach whose reference this is, if any. */
  breachByReference(reference: string): BreachRow | undefined;
}
