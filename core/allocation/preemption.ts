// Which party may pre-empt a request (seed 000 annex 1, art. 3.2.2), and why a pre-emption is
// refused: `preemptionRefusal`, `defaultPreemptionParty`.
import { PARTIES, type Party, type PresetId } from '../domain';
import { PRESET_RULESETS, resolveRuleSet } from './presets';
import { AllocationError, type AllocationRule, type AllocationState, type RuleCondition, type RuleSet } from './types';
import { THE_PARTY, TO_PARTY, otherParty, ruleRef } from './wording';

/**
 * The party that may pre-empt a request decided by `rule`, or null.
 * Seed 000 annex 1, art. 3.2.2, rows 3 and 4: "Demandes de droit effectuées directement auprès
 * de l'académie : Académie (sauf préemption de la commune validée par les parties)" and
 * "… directement auprès de la commune : Commune (sauf préemption de l'académie validée par les
 * parties)": only those rows carry the exception, each for the party that did NOT receive the
 * request. The rule says so in `preemptibleBy`. A rule set stored before that field existed
 * (none of its rules carries it) is read the same way from its data: a row deciding by receipt
 * channel alone, giving the request to the party that received it, is pre-emptible by the other.
 */
function preemptingPartyOf(rule: AllocationRule, ruleSet: RuleSet): Party | null {
  if (!ruleSet.preemption.allowed) return null;
  if (rule.preemptibleBy !== undefined) return rule.preemptibleBy;
  if (ruleSet.rules.some((r) => r.preemptibleBy !== undefined)) return null;
  const { channels, ...others } = rule.when;
  const channelOnly = channels?.length === 1 && Object.values(others).every((v) => v === undefined);
  return channelOnly && channels[0] === rule.party ? otherParty(rule.party) : null;
}

/** The rule that first allocated a request, through the pre-emptions and settlements since. */
function originalRuleId(state: AllocationState): string {
  let current = state;
  for (let previous = current.preemptedFrom ?? current.settledFrom; previous; previous = current.preemptedFrom ?? current.settledFrom) {
    current = previous;
  }
  return current.ruleId;
}

/** The rule set `state` was allocated by: the one given, else the preset holding its rule. */
function ruleSetOf(state: AllocationState, rules: RuleSet | PresetId | undefined): RuleSet | undefined {
  if (rules !== undefined) return resolveRuleSet(rules);
  const id = originalRuleId(state);
  return Object.values(PRESET_RULESETS).find(
    (rs) => rs.rules.some((r) => r.id === id) || rs.overlaps.some((o) => o.id === id) || rs.conflict.id === id || rs.fallback.id === id,
  );
}

// What decided a rule's allocation, in a message ("répartie selon la catégorie du demandeur").
const RULE_BASIS: Record<keyof RuleCondition, string> = {
  requesterCategories: 'selon la catégorie du demandeur',
  channels: 'selon le lieu de réception',
  moduleOwners: 'selon le module concerné',
  schoolsScopes: "selon l'étendue de la demande (une ou plusieurs écoles)",
};

function ruleBasis(rule: AllocationRule): string {
  const keys = (Object.keys(rule.when) as (keyof RuleCondition)[]).filter((k) => rule.when[k] !== undefined);
  const only = keys.length === 1 ? keys[0] : undefined;
  return only !== undefined ? RULE_BASIS[only] : `par la règle « ${rule.label} »`;
}

/** French: for which rows the agreement provides pre-emption, and by whom. */
function preemptibleRows(ruleSet: RuleSet): string {
  const rows = ruleSet.rules.flatMap((r) => {
    const by = preemptingPartyOf(r, ruleSet);
    return by === null ? [] : [`« ${r.label} » (${ruleRef(r)}, par ${THE_PARTY[by]})`];
  });
  return rows.length === 0 ? "aucune ligne de la convention ne prévoit de préemption" : `la préemption n'est prévue que pour ${rows.join(' et ')}`;
}

const ONLY_SETTLEMENT = "seule une décision d'arbitrage validée par les deux parties peut changer la répartition.";

/**
 * Why `claimingParty` may not pre-empt the request allocated as `current`, or null when it may.
 * Seed 000 annex 1, art. 3.2.2 (see `preemptingPartyOf`): a pre-emption is possible only for a
 * request decided by a row that provides for it (rows 3 and 4: made directly to one party), and
 * only by the party that did not receive it. Refused, with what is possible instead: where the
 * agreement has no pre-emption (DSDEN 13, art. 8.1); for a request decided by a category row,
 * to confirm (overlap, no row), already pre-empted or settled: only a settlement both validate.
 * Without `ruleSet`, the preset whose rule allocated the request is used.
 */
export function preemptionRefusal(
  current: AllocationState,
  claimingParty: Party,
  ruleSet?: RuleSet | PresetId,
): AllocationError | null {
  const party = claimingParty;
  const rs = ruleSetOf(current, ruleSet);
  if (rs !== undefined && !rs.preemption.allowed) return new AllocationError('PREEMPTION_NON_PREVUE', rs.preemption.clause);
  const rule = current.status === 'decided' ? rs?.rules.find((r) => r.id === current.ruleId) : undefined;
  const by = rule !== undefined && rs !== undefined ? preemptingPartyOf(rule, rs) : null;
  const refuse = (message: string) => new AllocationError('PREEMPTION_IMPOSSIBLE', message);

  if (current.status === 'decided' && current.party === party) {
    const who = rule !== undefined && by !== null ? ` Elle relève de « ${rule.label} » (${ruleRef(rule)}) : seule ${THE_PARTY[by]} peut la préempter.` : '';
    return new AllocationError('PREEMPTION_INUTILE', `La demande est déjà attribuée ${TO_PARTY[party]} : il n'y a rien à préempter.${who}`);
  }
  if (current.ruleId === 'preemption') {
    const claimer = current.decision?.claimedBy ?? current.party;
    return refuse(
      `Cette demande a déjà été préemptée${claimer === null ? '' : ` par ${THE_PARTY[claimer]}`} (préemption validée par les deux parties) : ` +
        `elle ne se préempte pas une seconde fois ; ${ONLY_SETTLEMENT}`,
    );
  }
  if (current.ruleId === 'settlement') {
    return refuse(
      "La répartition de cette demande a été arrêtée par une décision validée par les deux parties : elle ne se préempte plus ; " +
        "seule une nouvelle décision d'arbitrage validée par les deux parties peut la changer.",
    );
  }
  if (current.status === 'to-settle') {
    const proposed = current.party;
    return refuse(
      proposed === null
        ? "Aucune ligne de la convention n'a réparti cette demande (aucune partie proposée) : elle ne se préempte pas. " +
            "Proposez une répartition par une décision d'arbitrage, qui prend effet une fois validée par les deux parties."
        : `La répartition de cette demande est à confirmer par les deux parties (proposée ${TO_PARTY[proposed]}) : elle ne se préempte pas. ` +
            `Validez la proposition, ou proposez de la confier ${TO_PARTY[otherParty(proposed)]} par une décision d'arbitrage, qui prend effet une fois validée par les deux parties.`,
    );
  }
  if (rs === undefined || rule === undefined) {
    const overlap = rs?.overlaps.find((o) => o.id === current.ruleId);
    if (overlap !== undefined) {
      return refuse(
        `Cette demande a été répartie par la lecture retenue quand plusieurs lignes s'appliquent (${overlap.reason}) : ` +
          `la préemption n'y est pas prévue ; ${ONLY_SETTLEMENT}`,
      );
    }
    return refuse(
      `La règle qui a réparti cette demande (${current.reason.trim().replace(/\.$/, '')}) ne figure plus dans les règles de la convention : ` +
        `la préemption ne peut pas être vérifiée ; ${ONLY_SETTLEMENT}`,
    );
  }
  if (by === null) {
    return refuse(`Cette demande a été répartie ${ruleBasis(rule)} (${ruleRef(rule)}) : ${preemptibleRows(rs)} ; ${ONLY_SETTLEMENT}`);
  }
  if (by !== party) {
    return refuse(`Cette demande relève de « ${rule.label} » (${ruleRef(rule)}) : seule ${THE_PARTY[by]} peut la préempter.`);
  }
  return null;
}

/**
 * The party a pre-emption form should offer by default: the one party allowed to pre-empt the
 * request (`preemptionRefusal`), or null when none is (the form should then not be offered).
 */
export function defaultPreemptionParty(current: AllocationState, ruleSet?: RuleSet | PresetId): Party | null {
  return PARTIES.find((p) => preemptionRefusal(current, p, ruleSet) === null) ?? null;
}
