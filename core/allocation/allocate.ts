// Allocate: the party that answers a request, from the agreement's rule set (first matching
// rules, explicit overlaps, conflict, fallback), with the rule that decided and a French reason.
import { PARTY_LABELS, type Party, type PresetId } from '../domain';
import { resolveRuleSet } from './presets';
import type { Allocation, AllocationInput, AllocationRule, RuleCondition, RuleSet } from './types';
import { THE_PARTY, TO_PARTY, ruleRef } from './wording';

function matches(c: RuleCondition, input: AllocationInput): boolean {
  if (c.requesterCategories !== undefined && !c.requesterCategories.includes(input.requesterCategory)) return false;
  if (c.channels !== undefined && !c.channels.includes(input.channel)) return false;
  if (c.moduleOwners !== undefined) {
    const owner = input.module?.owner;
    if (owner === undefined || !c.moduleOwners.includes(owner)) return false;
  }
  if (c.schoolsScopes !== undefined) {
    const scope = input.schoolsScope;
    if (scope === undefined || scope === null || !c.schoolsScopes.includes(scope)) return false;
  }
  return true;
}

function partyName(party: Party): string {
  return PARTY_LABELS[party];
}

function ruleReason(rule: AllocationRule, agreeing: AllocationRule[]): string {
  const also =
    agreeing.length > 0
      ? ` ${agreeing.length > 1 ? 'Les lignes' : 'La ligne'} ${agreeing.map((r) => `« ${r.label} »`).join(' et ')} ${agreeing.length > 1 ? 'désignent' : 'désigne'} la même partie.`
      : '';
  return `${rule.label} : ${partyName(rule.party)} (${rule.source}).${also}`;
}

/**
 * Proposes the party that answers a request, with the rule that decided and a French reason.
 * `to-settle`: the monthly meeting must decide (party = the proposal, or null).
 * The rule set is trusted (validated when the agreement was saved: validateRuleSet).
 */
export function allocate(rules: RuleSet | PresetId, input: AllocationInput): Allocation {
  const ruleSet = resolveRuleSet(rules);
  let first: AllocationRule | undefined;
  let other: AllocationRule | undefined; // first rule naming another party than `first`
  let agreeing: AllocationRule[] | undefined;
  const matched: AllocationRule[] = [];
  for (const rule of ruleSet.rules) {
    if (!matches(rule.when, input)) continue;
    matched.push(rule);
    if (first === undefined) first = rule;
    else if (rule.party !== first.party) other ??= rule;
    else (agreeing ??= []).push(rule);
  }
  if (first === undefined) {
    // No rule applies: to confirm, proposed to the fallback's party if the rule set names one
    // (DSDEN 13: the académie, point of contact of art. 8.2), else to no party.
    return { party: ruleSet.fallback.party ?? null, status: 'to-settle', ruleId: ruleSet.fallback.id, reason: ruleSet.fallback.reason };
  }
  if (other === undefined) {
    return { party: first.party, status: 'decided', ruleId: first.id, reason: ruleReason(first, agreeing ?? []) };
  }
  // Rules name different parties: an explicit reading of that overlap, if the rule set has one
  // covering the rules that apply (domain.md: DSDEN 13, commune module + several schools).
  const ids = new Set(matched.map((r) => r.id));
  for (const overlap of ruleSet.overlaps) {
    if (ids.has(overlap.rules[0]) && ids.has(overlap.rules[1])) {
      return { party: overlap.party, status: overlap.status, ruleId: overlap.id, reason: overlap.reason };
    }
  }
  // Otherwise (domain.md, reading of overlapping rows): the first rule's party is proposed
  // when the rule set says so (Versailles: the category row, listed first) and answers from day
  // one; the allocation stays to confirm until both parties validate a decision.
  const proposal = ruleSet.conflict.proposal === 'first-rule' ? first.party : null;
  const head =
    proposal === null
      ? 'Aucune partie proposée, répartition à confirmer par les deux parties'
      : `Proposée ${TO_PARTY[proposal]}, à confirmer par les deux parties`;
  return {
    party: proposal,
    status: 'to-settle',
    ruleId: ruleSet.conflict.id,
    reason:
      `${head} : « ${first.label} » (${ruleRef(first)}) désigne ${THE_PARTY[first.party]}, ` +
      `mais « ${other.label} » (${ruleRef(other)}) désigne ${THE_PARTY[other.party]} (${ruleSet.source}). ${ruleSet.conflict.reason}`,
  };
}
