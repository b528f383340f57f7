// An office's fingerprint: a short text two DPDs read to each other on the phone to check that
// the public keys each app holds for the other office are the right ones (the way Signal's
// safety numbers read). 8 groups of 5 digits, derived from SHA-256 over both public keys.
// Pure: the hash is computed by the caller (or through the crypto port).

import { PUBLIC_KEY_BYTES } from './crypto-port';
import { concatBytes, fromBase64, utf8 } from './bytes';

/** An office's two public keys, each the raw 32 bytes in standard base64. */
export interface OfficePublicKeys {
  /** Ed25519, verifies the office's signatures. */
  signingKey: string;
  /** X25519, what packages for this office are sealed to. */
  encryptionKey: string;
}

/** Raw bytes of a base64 public key; null when it is not 32 bytes of canonical base64. */
export function decodePublicKey(base64: string): Uint8Array | null {
  const bytes = fromBase64(base64);
  return bytes !== null && bytes.length === PUBLIC_KEY_BYTES ? bytes : null;
}

/** Domain separation: these bytes are hashed for nothing else. */
const FINGERPRINT_LABEL = 'dsr-office-fingerprint/v1';

const FINGERPRINT_GROUPS = 8;
const FINGERPRINT_GROUP_DIGITS = 5;
export const FINGERPRINT_DIGITS = FINGERPRINT_GROUPS * FINGERPRINT_GROUP_DIGITS;

/**
 * The bytes whose SHA-256 is the fingerprint: label, a zero byte, the signing key, then the
 * encryption key (both raw). Throws when a key is not a 32-byte base64 key (a programming error:
 * keys are validated where they enter the app).
 */
export function fingerprintMaterial(keys: OfficePublicKeys): Uint8Array {
  const signing = decodePublicKey(keys.signingKey);
  const encryption = decodePublicKey(keys.encryptionKey);
  if (signing === null || encryption === null) throw new Error('Clé publique invalide : 32 octets en base64 attendus.');
  return concatBytes([utf8(FINGERPRINT_LABEL), Uint8Array.of(0), signing, encryption]);
}

/**
 * 8 groups of 5 digits from a 32-byte hash: each group is a 4-byte big-endian slice modulo
 * 100 000 (about 16.6 bits each, 133 bits in all; the modulo bias is under 0.003 %).
 */
export function fingerprintFromHash(hash: Uint8Array): string {
  if (hash.length < FINGERPRINT_GROUPS * 4) throw new Error('Empreinte : 32 octets de hachage attendus.');
  const groups: string[] = [];
  for (let g = 0; g < FINGERPRINT_GROUPS; g += 1) {
    const o = g * 4;
    const n = (((hash[o] ?? 0) << 24) >>> 0) + ((hash[o + 1] ?? 0) << 16) + ((hash[o + 2] ?? 0) << 8) + (hash[o + 3] ?? 0);
    groups.push(String(n % 10 ** FINGERPRINT_GROUP_DIGITS).padStart(FINGERPRINT_GROUP_DIGITS, '0'));
  }
  return groups.join(' ');
}

/** The fingerprint of an office's keys, e.g. "03614 27709 81532 …" (8 groups). */
export function officeFingerprint(keys: OfficePublicKeys, sha256: (data: Uint8Array) => Uint8Array): string {
  return fingerprintFromHash(sha256(fingerprintMaterial(keys)));
}

/** The fingerprint on two lines of 4 groups, the way Settings shows it. */
export function fingerprintLines(fingerprint: string): [string, string] {
  const groups = fingerprint.split(' ');
  return [groups.slice(0, 4).join(' '), groups.slice(4).join(' ')];
}

/** The 40 digits of a fingerprint typed by a user (spaces, dashes, dots ignored); null if not 40 digits. */
export function normalizeFingerprint(text: string): string | null {
  const digits = text.replace(/[\s.\-–]/g, '');
  return new RegExp(`^\\d{${FINGERPRINT_DIGITS}}$`).test(digits) ? digits : null;
}

/** Whether two fingerprints (as shown or as typed) are the same. */
export function sameFingerprint(a: string, b: string): boolean {
  const na = normalizeFingerprint(a);
  return na !== null && na === normalizeFingerprint(b);
}
