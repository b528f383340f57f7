// Handover to the co-controller (GDPR art. 26(3); domain.md "Handover"): only once the
// allocation names the other party and is decided, never while a joint decision is pending.
import type { Party } from '../domain';
import { missingValidations, requireParty } from './decisions';
import { AllocationError, type Allocation, type PendingDecision } from './types';
import { THE_PARTY, TO_PARTY, otherParty } from './wording';

export type HandOverCheck = { ok: true; to: Party } | { ok: false; reason: string };

/**
 * Whether the office of `officeParty` may hand the request over to the co-controller: only when
 * its allocation names the other party and is decided (by a rule, or by a pre-emption or
 * settlement both parties validated). Not while it is to confirm, nor while a pre-emption or
 * settlement awaits validation (`pending`): a handover never bypasses the joint validation.
 * `reason` is French and says what to do instead.
 */
export function checkHandOver(state: Allocation, officeParty: Party, pending?: PendingDecision | null): HandOverCheck {
  const own = requireParty(officeParty, 'Partie de cet office');
  const other = otherParty(own);
  if (pending) {
    const missing = missingValidations(pending);
    const what = pending.kind === 'preemption' ? 'Une préemption' : "Une décision d'arbitrage";
    return {
      ok: false,
      reason:
        `${what} (${THE_PARTY[pending.party]}) attend ${missing.length > 0 ? `la validation de ${missing.map((p) => THE_PARTY[p]).join(' et de ')}` : "d'être appliquée"} : ` +
        `la demande ne peut être transmise ${TO_PARTY[other]} qu'une fois la répartition validée par les deux parties.`,
    };
  }
  if (state.party === null) {
    return {
      ok: false,
      reason:
        "Aucune partie n'est désignée pour répondre : la répartition doit être convenue et validée par les deux parties (décision d'arbitrage) avant toute transmission.",
    };
  }
  if (state.status === 'to-settle') {
    return {
      ok: false,
      reason:
        state.party === own
          ? `La répartition est à confirmer et proposée ${TO_PARTY[own]} (cet office), qui répond d'ici là : pas de transmission. ` +
            `Pour confier la demande ${TO_PARTY[other]}, proposez une décision d'arbitrage, qui prend effet une fois validée par les deux parties.`
          : `La répartition proposée ${TO_PARTY[other]} reste à confirmer par les deux parties : confirmez-la (décision validée par les deux parties) ` +
            'avant de transmettre la demande.',
    };
  }
  if (state.party === own) {
    return {
      ok: false,
      reason:
        `La demande est attribuée ${TO_PARTY[own]} (cet office), qui doit y répondre : pas de transmission. ` +
        `Pour la confier ${TO_PARTY[other]}, il faut une préemption (si la convention la prévoit pour cette demande) ou une décision d'arbitrage, validée par les deux parties.`,
    };
  }
  return { ok: true, to: other };
}

/** checkHandOver, throwing an AllocationError ('TRANSMISSION_IMPOSSIBLE'); returns the party handed to. */
export function assertHandOver(state: Allocation, officeParty: Party, pending?: PendingDecision | null): Party {
  const check = checkHandOver(state, officeParty, pending);
  if (!check.ok) throw new AllocationError('TRANSMISSION_IMPOSSIBLE', check.reason);
  return check.to;
}
