// Pre-emption and settlement ("arbitrage"): claimed or proposed by one party, with its own
// validation, applied once both parties have validated it; the previous allocation is kept.
import { formatParisDateTime, isIsoInstant } from '../deadlines';
import { PARTIES, type Party, type PresetId } from '../domain';
import { preemptionRefusal } from './preemption';
import { AllocationError, type AllocationState, type PendingDecision, type RuleSet, type Validation } from './types';
import { THE_PARTY, TO_PARTY, capitalize } from './wording';

// ---------------------------------------------------------------------------------------------
// Field checks (pre-emption, settlement, validation)
// ---------------------------------------------------------------------------------------------

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AllocationError('CHAMP_REQUIS', `${what} : à renseigner.`);
  }
  return value.trim();
}

function requireInstant(value: unknown, what: string): string {
  if (!isIsoInstant(value)) {
    throw new AllocationError(
      'CHAMP_REQUIS',
      `${what} : horodatage attendu au format AAAA-MM-JJTHH:mm:ssZ (reçu : « ${String(value)} »).`,
    );
  }
  return value;
}

export function requireParty(value: unknown, what: string): Party {
  if (value !== 'commune' && value !== 'academie') {
    throw new AllocationError('CHAMP_REQUIS', `${what} : « commune » ou « académie » attendu.`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Pre-emption and settlement (validated by both parties)
// ---------------------------------------------------------------------------------------------

/**
 * A party claims a request (seed 000 annex 1, art. 3.2.2: "sauf préemption … validée par les
 * parties"): refused unless `preemptionRefusal` allows it. The claiming party's DPD is acting,
 * so the pending pre-emption carries its validation (same who, when); the other party's
 * validation is what remains (`validatePreemption`). Pass the agreement's rule set; without it,
 * the preset whose rule allocated the request is used.
 */
export function claimPreemption(
  current: AllocationState,
  claimingParty: Party,
  claim: { by: string; at: string; reason: string },
  ruleSet?: RuleSet | PresetId,
): PendingDecision {
  const party = requireParty(claimingParty, 'Partie qui préempte');
  const refusal = preemptionRefusal(current, party, ruleSet);
  if (refusal !== null) throw refusal;
  const by = requireText(claim.by, 'Auteur de la préemption');
  const at = requireInstant(claim.at, 'Date de la préemption');
  return {
    kind: 'preemption',
    from: current,
    party,
    claimedBy: party,
    by,
    at,
    reason: requireText(claim.reason, 'Motif de la préemption'),
    validations: [{ party, by, at }],
  };
}

/**
 * A party proposes who answers (settlement, "arbitrage"), to take effect once both parties have
 * validated it (domain.md: at any time, through the exchange between offices or at the monthly
 * meeting). For a request to confirm, the proposal may be the proposed party (a confirmation) or
 * the other; for a decided one, only the other party (a category row's decision is changed only
 * this way). The proposing party's DPD is acting: the pending decision carries its validation.
 */
export function proposeSettlement(
  current: AllocationState,
  party: Party,
  proposal: { proposedBy: Party; by: string; at: string; reason: string },
): PendingDecision {
  const target = requireParty(party, 'Partie retenue');
  if (current.status === 'decided' && current.party === target) {
    throw new AllocationError(
      'ARBITRAGE_INUTILE',
      `La demande est déjà attribuée ${TO_PARTY[target]} (répartition décidée) : il n'y a rien à arbitrer.`,
    );
  }
  const proposedBy = requireParty(proposal.proposedBy, 'Partie qui propose');
  const by = requireText(proposal.by, 'Auteur de la proposition');
  const at = requireInstant(proposal.at, 'Date de la proposition');
  return {
    kind: 'settlement',
    from: current,
    party: target,
    claimedBy: proposedBy,
    by,
    at,
    reason: requireText(proposal.reason, 'Motif'),
    validations: [{ party: proposedBy, by, at }],
  };
}

/** One party's validation (who, when) of a pending pre-emption or settlement. */
export function validatePreemption(pending: PendingDecision, validation: Validation): PendingDecision {
  const party = requireParty(validation.party, 'Partie qui valide');
  const existing = pending.validations.find((v) => v.party === party);
  if (existing !== undefined) {
    throw new AllocationError(
      'VALIDATION_EN_DOUBLE',
      `${capitalize(THE_PARTY[party])} a déjà validé (${existing.by}, le ${formatParisDateTime(existing.at)}).`,
    );
  }
  return {
    ...pending,
    validations: [
      ...pending.validations,
      {
        party,
        by: requireText(validation.by, 'Auteur de la validation'),
        at: requireInstant(validation.at, 'Date de la validation'),
      },
    ],
  };
}

/** Parties whose validation is still missing. */
export function missingValidations(pending: PendingDecision): Party[] {
  return PARTIES.filter((p) => !pending.validations.some((v) => v.party === p));
}

/** The words of the rule behind an allocation, never its internal id (issue 13: « vf-… » stays in the data). */
const ruleWords = (from: AllocationState) => `« ${from.reason.split(' : ')[0]!.trim().replace(/\.$/, '')} »`;

/**
 * Applies a pending pre-emption or settlement once both parties have validated it; refuses
 * otherwise. The result keeps the allocation it replaces (preemptedFrom / settledFrom).
 */
export function applyPreemption(pending: PendingDecision, appliedAt?: string): AllocationState {
  const missing = missingValidations(pending);
  const what = pending.kind === 'preemption' ? 'La préemption' : "L'arbitrage";
  if (missing.length > 0) {
    throw new AllocationError(
      'VALIDATION_INCOMPLETE',
      `${what} doit être validé${pending.kind === 'preemption' ? 'e' : ''} par les deux parties avant de prendre effet : manque la validation de ${missing.map((p) => THE_PARTY[p]).join(' et de ')}.`,
    );
  }
  const { from, ...rest } = pending;
  const last = pending.validations.reduce((a, v) => (v.at > a ? v.at : a), pending.at);
  const decision = { ...rest, appliedAt: appliedAt ?? last };
  const validations = pending.validations
    .map((v) => `${THE_PARTY[v.party]} (${v.by}, le ${formatParisDateTime(v.at)})`)
    .join(' et ');
  const previous = from.party === null ? 'aucune partie' : THE_PARTY[from.party];
  if (pending.kind === 'preemption') {
    return {
      party: pending.party,
      status: 'decided',
      ruleId: 'preemption',
      reason: `Préemption par ${THE_PARTY[pending.claimedBy]} (${pending.reason}), validée par ${validations}. Répartition initiale : ${previous} (${ruleWords(from)}).`,
      preemptedFrom: from,
      decision,
    };
  }
  const confirmed = from.status === 'to-settle' && from.party === pending.party;
  const initial =
    from.status === 'to-settle' ? `à confirmer, ${from.party === null ? 'aucune partie proposée' : `proposée ${TO_PARTY[from.party]}`}` : previous;
  return {
    party: pending.party,
    status: 'decided',
    ruleId: 'settlement',
    reason:
      `${confirmed ? 'Répartition confirmée par les deux parties' : 'Répartition arrêtée par les deux parties'} : ${THE_PARTY[pending.party]} ` +
      `(${pending.reason}) ; décision validée par ${validations}. Répartition initiale : ${initial} (${ruleWords(from)}).`,
    settledFrom: from,
    decision,
  };
}

/** The parties a decision form offers, first the one chosen by default. */
export interface PartyChoice {
  options: Party[];
  default: Party;
}

const otherParty = (p: Party): Party => (p === 'commune' ? 'academie' : 'commune');

/**
 * What each allocation form offers, so that no option is one the rules would refuse:
 * - settlement: a decided allocation may only go to the other party (proposing the same one is
 *   ARBITRAGE_INUTILE), by default; one to confirm may go to either, the proposed party first
 *   (confirming is the usual case);
 * - pre-emption: only the party that may pre-empt (seed 000 annex 1, 3.2.2: the one that did not
 *   receive the request);
 * - validation: only the parties whose validation is missing, this office's own first (its DPD
 *   acts here; the other party's needs its evidence).
 */
export function decisionPartyChoices(input: {
  allocation: Pick<AllocationState, 'party' | 'status'>;
  pending: Pick<PendingDecision, 'validations'> | null;
  preemptionParty: Party | null;
  office: Party;
}): { settlement: PartyChoice; preemption: PartyChoice | null; validation: PartyChoice | null } {
  const { allocation, pending, preemptionParty, office } = input;
  const settlement: PartyChoice =
    allocation.status === 'decided' && allocation.party
      ? { options: [otherParty(allocation.party)], default: otherParty(allocation.party) }
      : { options: [...PARTIES], default: allocation.party ?? office };
  const missing = pending ? PARTIES.filter((p) => !pending.validations.some((v) => v.party === p)) : [];
  const validation = missing.length ? { options: missing, default: missing.includes(office) ? office : missing[0]! } : null;
  return { settlement, preemption: preemptionParty ? { options: [preemptionParty], default: preemptionParty } : null, validation };
}
