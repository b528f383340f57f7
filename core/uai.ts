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
