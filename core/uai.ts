// UAI (ex-RNE) school identifiers: 7 digits and a check letter
// (../shared/domain.md, "Schools"): letter = ALPHABET[n mod 23], n = the 7 digits as a number.
// Example from seed 000 annex 2: 0920484B → 920484 mod 23 = 1 → B.
const ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ';

function uaiCheckLetter(digits: string): string {
  return ALPHABET.charAt(Number(digits) % 23);
}

/** null when valid, else a French message saying what to fix. */
export function uaiProblem(raw: string): string | null {
  const uai = raw.trim().toUpperCase();
  if (!/^\d{7}[A-Z]$/.test(uai)) {
    return `« ${raw.trim()} » n'est pas un code UAI : il faut 7 chiffres suivis d'une lettre (ex. 0920484B).`;
  }
  const expected = uaiCheckLetter(uai.slice(0, 7));
  if (uai.charAt(7) !== expected) {
    return `Le code UAI « ${uai} » est incorrect : pour ${uai.slice(0, 7)}, la lettre de contrôle est ${expected}.`;
  }
  return null;
}

export function normalizeUai(raw: string): string {
  return raw.trim().toUpperCase();
}

/**
 * The valid UAI a malformed or wrong entry most likely meant: its first 7 digits with the check
 * letter they call for (the seed's « 0920546Ux » → 0920546U). null when the entry is valid or
 * does not start with 7 digits (then nothing can be proposed).
 */
export function uaiCorrection(raw: string): string | null {
  const uai = normalizeUai(raw);
  const digits = /^\d{7}/.exec(uai)?.[0];
  if (!digits || uaiProblem(uai) === null) return null;
  return digits + uaiCheckLetter(digits);
}
