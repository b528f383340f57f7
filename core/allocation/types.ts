// Allocation types: a rule set as data (rules, overlaps, conflict, fallback, pre-emption), the
// input and result of `allocate`, a pending pre-emption or settlement with its validations, the
// stored allocation state, and the allocation error. Overview: ./index.ts.
import type { Channel, Party, PresetId, RequesterCategory } from '../domain';
import { DomainError } from '../errors';

export const SCHOOLS_SCOPES = ['single', 'several'] as const;
export type SchoolsScope = (typeof SCHOOLS_SCOPES)[number];

export type AllocationStatus = 'decided' | 'to-settle';

/** What a rule looks at. A rule applies when every list it gives contains the request's value. */
export interface RuleCondition {
  requesterCategories?: RequesterCategory[] | undefined;
  /** Where the request was received. */
  channels?: Channel[] | undefined;
  /** Owner of the module / processing concerned (DSDEN 13 style). */
  moduleOwners?: Party[] | undefined;
  schoolsScopes?: SchoolsScope[] | undefined;
}

export interface AllocationRule {
  /** Stable id, recorded on every allocation it decides ('vf-requester-academie'). */
  id: string;
  /** French, short: what requests the rule covers. */
  label: string;
  /** French text of the agreement clause the rule implements. */
  clause: string;
  /** Where the clause is in the agreement. */
  source: string;
  when: RuleCondition;
  party: Party;
  /** Short reference of the row, for messages ('ligne 1 du tableau'); `source` when absent. */
  ref?: string | undefined;
  /**
   * The party that may pre-empt a request this rule decided ("sauf préemption de la commune
   * validée par les parties"); absent: no pre-emption of requests it decides. Rule sets stored
   * before this field existed: see `preemptingPartyOf` (receipt-channel rows, derived).
   */
  preemptibleBy?: Party | undefined;
}

/** How to read two rules that apply together and name different parties. */
export interface OverlapResolution {
  id: string;
  /** The two rule ids. */
  rules: [string, string];
  party: Party | null;
  status: AllocationStatus;
  /** French: the reading, as shown to the user. */
  reason: string;
}

export interface RuleSet {
  version: 1;
  /** The preset it was copied from, if any. */
  preset: PresetId | null;
  label: string;
  /** The agreement and article the table comes from. */
  source: string;
  /** French: how rows are read when several apply (shown to the user next to the table). */
  reading: string;
  /** In priority order: when rules disagree, the first one gives the proposal (see `conflict`). */
  rules: AllocationRule[];
  overlaps: OverlapResolution[];
  /** Rules apply together, name different parties, and no overlap resolves it: to settle. */
  conflict: { id: string; proposal: 'first-rule' | 'none'; reason: string };
  /** No rule applies: to settle, with the party proposed (DSDEN 13: the point of contact), or none. */
  fallback: { id: string; reason: string; party?: Party | null | undefined };
  /** Whether the agreement provides for pre-emption, with the clause (French). */
  preemption: { allowed: boolean; clause: string };
}

export interface AllocationInput {
  requesterCategory: RequesterCategory;
  /** Where the request was received. */
  channel: Channel;
  /** The module / processing concerned, when known (DSDEN 13 style rules). */
  module?: { owner: Party } | null | undefined;
  schoolsScope?: SchoolsScope | null | undefined;
}

export interface Allocation {
  /**
   * The party that answers: decided, or (to-settle) proposed, in which case it answers from
   * day one and the acknowledgement names it; null when no party is proposed.
   */
  party: Party | null;
  /** 'to-settle': to confirm (or change) by a decision both parties validate. */
  status: AllocationStatus;
  /** The rule (or overlap / conflict / fallback entry, or 'preemption' / 'settlement') that decided. */
  ruleId: string;
  /** French, for the user. */
  reason: string;
}

export interface Validation {
  party: Party;
  /** Who validated (name of the DPD). */
  by: string;
  /** ISO instant. */
  at: string;
}

/**
 * A pre-emption claimed or a settlement proposed, waiting for both parties' validation. It is
 * created with the validation of the party that claimed / proposed it (its DPD is acting).
 */
export interface PendingDecision {
  kind: 'preemption' | 'settlement';
  /** The allocation it would replace (kept in the result). */
  from: AllocationState;
  /** The party that would answer. */
  party: Party;
  /** For a pre-emption, the claiming party; for a settlement, the party that proposed it. */
  claimedBy: Party;
  by: string;
  at: string;
  reason: string;
  validations: Validation[];
}

/** Alias kept for readability where only pre-emptions are handled. */
export type PendingPreemption = PendingDecision;

/** An allocation as stored on a request, with what changed it. */
export interface AllocationState extends Allocation {
  /** The allocation before a pre-emption took effect (the original one stays visible). */
  preemptedFrom?: AllocationState | undefined;
  /** The allocation before the monthly meeting settled it. */
  settledFrom?: AllocationState | undefined;
  /** The pre-emption or settlement that produced this allocation: who claimed, who validated. */
  decision?: (Omit<PendingDecision, 'from'> & { appliedAt: string }) | undefined;
}

export type AllocationErrorCode =
  | 'REGLES_INVALIDES'
  | 'PRESET_INCONNU'
  | 'PREEMPTION_INUTILE'
  | 'PREEMPTION_NON_PREVUE'
  | 'PREEMPTION_IMPOSSIBLE'
  | 'ARBITRAGE_INUTILE'
  | 'TRANSMISSION_IMPOSSIBLE'
  | 'VALIDATION_EN_DOUBLE'
  | 'VALIDATION_INCOMPLETE'
  | 'CHAMP_REQUIS';

/** A refused allocation operation; `message` is French and says what to do. */
export class AllocationError extends DomainError {
  declare readonly code: AllocationErrorCode;
  constructor(code: AllocationErrorCode, message: string) {
    super(code, message);
  }
}
