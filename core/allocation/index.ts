// Allocation ("répartition"): which party answers a request. Allocation is data: each agreement
// carries a RuleSet (stored as JSON in the agreement, shown to the user); the two agreements
// the app ships are presets. Every allocation records the rule that decided it.
// - Overlapping rows that name different parties give a PROPOSED party (it answers from day
//   one) and the status 'to-settle' until both parties validate a decision (domain.md).
// - Pre-emption (seed 000 annex 1, art. 3.2.2): only for a request allocated by a receipt-channel
//   row, and only by the party that did not receive it; the rule says which (`preemptibleBy`).
// - Settlement ("arbitrage"): either party proposes an allocation (confirming the proposal or
//   changing it); it takes effect once both parties have validated it.
// - The party that claims a pre-emption or proposes a settlement validates it in the same step:
//   only the other party's validation is then missing. The previous allocation is kept.
// - Handover to the co-controller only once the allocation names the other party and is decided
//   (or validated by both): `checkHandOver`.
// Pure: no clock (instants are parameters), no platform API.
//
// Files: types.ts (rule set, allocation, pending decision, error), presets.ts (the two shipped
// rule sets with their agreement texts), ruleset.ts (validation of a rule set), allocate.ts,
// preemption.ts (who may pre-empt, refusals), decisions.ts (pre-emption, settlement,
// validation), handover.ts (handover to the co-controller), wording.ts (shared French words).
// This file is the module's public API: import from here ('…/allocation'), not from the files.

export {
  AllocationError,
  SCHOOLS_SCOPES,
  type Allocation,
  type AllocationErrorCode,
  type AllocationInput,
  type AllocationRule,
  type AllocationState,
  type AllocationStatus,
  type OverlapResolution,
  type PendingDecision,
  type PendingPreemption,
  type RuleCondition,
  type RuleSet,
  type SchoolsScope,
  type Validation,
} from './types';
export { PRESET_LABELS, PRESET_RULESETS, presetRuleSet } from './presets';
export { parseRuleSet, ruleSetInputs, ruleSetSchema, validateRuleSet, type RuleSetValidation } from './ruleset';
export { allocate } from './allocate';
export { defaultPreemptionParty, preemptionRefusal } from './preemption';
export { applyPreemption, claimPreemption, decisionPartyChoices, missingValidations, proposeSettlement, validatePreemption, type PartyChoice } from './decisions';
export { assertHandOver, checkHandOver, type HandOverCheck } from './handover';
