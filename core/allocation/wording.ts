// French wording shared by the allocation messages: the parties in running text, how a rule is
// cited.
import type { Party } from '../domain';
import type { AllocationRule } from './types';

// French articles for the parties, in running text.
export const THE_PARTY: Record<Party, string> = { commune: 'la commune', academie: "l'académie" };
export const TO_PARTY: Record<Party, string> = { commune: 'à la commune', academie: "à l'académie" };
export const capitalize = (text: string): string => text.replace(/^./, (c) => c.toUpperCase());
export const otherParty = (party: Party): Party => (party === 'commune' ? 'academie' : 'commune');

/** How a rule is cited in a message: its short reference, else its source. */
export function ruleRef(rule: AllocationRule): string {
  return rule.ref ?? rule.source;
}
