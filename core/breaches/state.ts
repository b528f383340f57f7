// A breach's state is a function of its journal: the declared facts, then each step. Both the
// office that takes a step and the office that receives it through the exchange compute the row
// with this one fold, so the two registers hold the same breach and the same countdowns.
//
// The two offices may record steps at the same time, before either has the other's: the fold
// gives the same state whatever order the events arrived in. Each rule is order-free:
// - a step done once (DPDs notified, CNIL decision, CNIL notified, persons informed, closure):
//   the earliest one counts (by its instant, then event id); a later one stays in the journal;
// - the 24-hour updates: every one counts, sorted by instant; a fact changed by two updates
//   takes the value of the latest;
// - the notifying party's confirmations (seed 000 annex 1 art. 4.2.2, "confirmed by both"):
//   one per party, the earliest; each office confirms for its own party from its install.
import { z } from 'zod';
import { PARTIES, type Party } from '../domain';
import { DISCOVERERS, ORIGINS } from './rules';
import type { BreachEventType } from './events';
import type { FormFacts } from './form';

const party = z.enum(PARTIES);
const instant = z.iso.datetime({ offset: true });
const text = z.string().max(20_000);

/** The facts of the declaration form as the journal keeps them (instants in UTC). */
export const formFactsSchema = z.strictObject({
  service: text,
  hosting: text,
  startedAt: instant.nullable(),
  endedAt: instant.nullable(),
  knownAt: instant,
  knownHow: text,
  discoveredBy: z.enum(DISCOVERERS),
  discovererName: text,
  origin: z.enum(ORIGINS),
  nature: text,
  dataCategories: text,
  personCategories: text,
  personsCount: z.number().int().min(0).nullable(),
  recordsCount: z.number().int().min(0).nullable(),
  consequences: text,
  measures: text,
  securityIncident: z.boolean(),
  securityIncidentOnly: z.boolean(),
  highRisk: z.boolean(),
}) satisfies z.ZodType<FormFacts>;

const decisionSchema = z.strictObject({
  at: instant,
  decision: z.enum(['notify', 'not-notify']),
  reasons: text,
  crisisCell: z.boolean(),
  participants: text,
});
const notifyingPartySchema = z.strictObject({
  party,
  proposed: party.nullable(),
  clause: text,
  confirmations: z.array(z.unknown()).max(0),
});
const summary = text;

/**
 * What each kind of event holds, checked on every event a package brings (and read by the fold).
 * Fields added later (a confirmation's `by` and `evidence`, the closure's `note`, the notifying
 * party of a CNIL notification) are optional: events written before them stay readable.
 */
export const breachEventDataSchemas = {
  'breach.declared': z.looseObject({ summary, form: formFactsSchema }),
  'breach.notified': z.looseObject({ summary, at: instant, recipients: z.array(text).max(50) }),
  'breach.updated': z.looseObject({ summary, at: instant, changes: formFactsSchema.partial(), before: formFactsSchema.partial().optional() }),
  'breach.cnil-decided': z.looseObject({ summary, decision: decisionSchema, notifyingParty: notifyingPartySchema.nullable() }),
  'breach.notifying-party-confirmed': z.looseObject({ summary, party, by: text.optional(), evidence: text.nullable().optional() }),
  'breach.cnil-notified': z.looseObject({ summary, at: instant, reference: text, party: party.optional() }),
  'breach.persons-informed': z.looseObject({ summary, at: instant, who: text, how: text }),
  'breach.closed': z.looseObject({ summary, at: instant, note: text.optional() }),
  'breach.document': z.looseObject({ summary }),
} satisfies Record<BreachEventType, z.ZodType>;

/** An event as the fold reads it. */
export interface BreachStep {
  id: string;
  at: string;
  actor: string;
  type: BreachEventType;
  data: unknown;
}

type Decision = z.infer<typeof decisionSchema>;
type Confirmation = { party: Party; by: string; at: string; evidence: string | null };

/** The columns of a breach row that follow from its journal. */
export interface BreachState extends FormFacts {
  status: 'open' | 'closed';
  notifiedAt: string | null;
  notifiedTo: string[];
  updateTimes: string[];
  cnilDecision: Decision | null;
  notifyingParty: { party: Party; proposed: Party | null; clause: string; confirmations: Confirmation[] } | null;
  cnilNotification: { at: string; reference: string; party: Party } | null;
  personsCommunication: { at: string; who: string; how: string } | null;
  closedAt: string | null;
  closureNote: string | null;
}

/** Checks one event's data against its kind: the data, or a French reason. */
export function checkBreachEventData(type: BreachEventType, data: unknown): { ok: true } | { ok: false; reason: string } {
  const parsed = breachEventDataSchemas[type].safeParse(data);
  return parsed.success ? { ok: true } : { ok: false, reason: `contenu de l'étape « ${type} » invalide` };
}

/** (instant, id): the order-free key of "the earliest" and "the latest". */
const key = (at: string, id: string) => `${new Date(at).toISOString()}|${id}`;

/** The 24-hour updates in their order (instant, then id): the form's versions 2, 3… */
export function orderedUpdates<T extends { id: string; data: unknown }>(events: readonly (T & { type: string })[]) {
  return events
    .filter((e) => e.type === 'breach.updated')
    .map((e) => ({ event: e, data: breachEventDataSchemas['breach.updated'].parse(e.data) }))
    .sort((a, b) => (key(a.data.at, a.event.id) < key(b.data.at, b.event.id) ? -1 : 1));
}

/**
 * The state of a breach from its events (any order). Throws when the declaration is missing or
 * an event's data does not match its kind (the journal was written by something else).
 */
export function breachState(events: readonly BreachStep[]): BreachState {
  const parse = <T extends BreachEventType>(e: BreachStep, type: T) => breachEventDataSchemas[type].parse(e.data) as z.infer<(typeof breachEventDataSchemas)[T]>;
  const declared = events.find((e) => e.type === 'breach.declared');
  if (!declared) throw new Error('breach journal without its declaration');
  const facts: FormFacts = { ...parse(declared, 'breach.declared').form };

  // The earliest of each step done once.
  const first = new Map<BreachEventType, { k: string; e: BreachStep }>();
  const confirmations = new Map<Party, { k: string; c: Confirmation }>();
  for (const e of events) {
    if (e.type === 'breach.notifying-party-confirmed') {
      const d = parse(e, e.type);
      const k = key(e.at, e.id);
      const held = confirmations.get(d.party);
      if (!held || k < held.k) confirmations.set(d.party, { k, c: { party: d.party, by: d.by ?? e.actor, at: e.at, evidence: d.evidence ?? null } });
      continue;
    }
    if (e.type === 'breach.declared' || e.type === 'breach.updated' || e.type === 'breach.document') continue;
    const d = parse(e, e.type) as { at?: string; decision?: { at: string } };
    const k = key(d.at ?? d.decision?.at ?? e.at, e.id);
    const held = first.get(e.type);
    if (!held || k < held.k) first.set(e.type, { k, e });
  }
  const step = <T extends BreachEventType>(type: T) => {
    const held = first.get(type);
    return held ? (parse(held.e, type) as z.infer<(typeof breachEventDataSchemas)[T]>) : null;
  };

  const updates = orderedUpdates(events);
  for (const u of updates) Object.assign(facts, u.data.changes);

  const notified = step('breach.notified');
  const decided = step('breach.cnil-decided');
  const cnil = step('breach.cnil-notified');
  const persons = step('breach.persons-informed');
  const closed = step('breach.closed');
  const np = decided?.notifyingParty ?? null;
  return {
    ...facts,
    // Closing without an end date records the closure as the end (as the closure step does).
    endedAt: facts.endedAt ?? closed?.at ?? null,
    status: closed ? 'closed' : 'open',
    notifiedAt: notified?.at ?? null,
    notifiedTo: notified?.recipients ?? [],
    updateTimes: updates.map((u) => u.data.at),
    cnilDecision: decided?.decision ?? null,
    notifyingParty: np
      ? { ...np, confirmations: PARTIES.flatMap((p) => (confirmations.has(p) ? [confirmations.get(p)!.c] : [])).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)) }
      : null,
    // A CNIL notification follows a decision to notify (the step refuses otherwise): its party is the decision's.
    cnilNotification: cnil && (cnil.party ?? np?.party) ? { at: cnil.at, reference: cnil.reference, party: (cnil.party ?? np?.party)! } : null,
    personsCommunication: persons ? { at: persons.at, who: persons.who, how: persons.how } : null,
    closedAt: closed?.at ?? null,
    // Closures written before the note was kept in the event: the note is the summary's end.
    closureNote: closed ? (closed.note ?? noteFromSummary(closed.summary)) : null,
  };
}

function noteFromSummary(summaryText: string): string {
  const at = summaryText.indexOf(' : ');
  return at >= 0 ? summaryText.slice(at + 3) : summaryText;
}
