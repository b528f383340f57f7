// The package file's frame: sealing and signing a plaintext into it, and splitting a file into
// its parts before anything is parsed. Overview: ./index.ts.
//
// File layout (all integers unsigned 32-bit big-endian):
//
//   magic        8 bytes   "DSRPKG" 0x00 <format version: 0x01 or 0x02, schemas.ts>
//   headerLength 4 bytes   H, 1..MAX_HEADER_BYTES
//   header       H bytes   JSON (UTF-8), `envelopeHeaderSchema`: suite, sender office id, name
//                          and both public keys, receiver office id and encryption key
//   ephemeralKey 32 bytes  the sender's one-time X25519 public key
//   cipherLength 4 bytes   C, at least the 16-byte tag
//   ciphertext   C bytes   AES-256-GCM of the plaintext, then its tag; the associated data is
//                          magic + headerLength + header, so the header cannot be swapped
//   signature    64 bytes  Ed25519 by the sender over every byte before it
//   (end of file: any byte more or less is refused)
import { AEAD_TAG_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type ExchangeCrypto } from '../crypto-port';
import { concatBytes, readU32be, u32be, utf8 } from '../bytes';
import { decodePublicKey } from '../fingerprint';
import { RESEND, formatMegabytes } from './helpers';
import {
  FORMAT_VERSION,
  FORMAT_VERSIONS,
  MAGIC,
  MAX_HEADER_BYTES,
  MAX_PACKAGE_BYTES,
  PackageBuildError,
  magicFor,
  type EnvelopeHeader,
  type FormatVersion,
  type PackageProblem,
  type PackageProblemCode,
} from './schemas';

const FIXED_PREFIX = MAGIC.length + 4; // magic + header length
const FRAME_OVERHEAD = FIXED_PREFIX + PUBLIC_KEY_BYTES + 4 + SIGNATURE_BYTES;

/** Frames, seals and signs a plaintext (the layout at the top of this file). */
export function sealEnvelope(
  crypto: ExchangeCrypto,
  header: EnvelopeHeader,
  plaintext: Uint8Array | readonly Uint8Array[],
  version: FormatVersion = FORMAT_VERSION,
): Uint8Array {
  const headerBytes = utf8(JSON.stringify(header));
  if (headerBytes.length > MAX_HEADER_BYTES) throw new PackageBuildError('En-tête du paquet trop long.');
  const recipient = decodePublicKey(header.receiver.encryptionKey);
  if (recipient === null) throw new PackageBuildError('Clé de chiffrement du destinataire invalide.');
  const associatedData = concatBytes([magicFor(version), u32be(headerBytes.length), headerBytes]);
  const box = crypto.seal(plaintext, recipient, associatedData);
  if (box.ephemeralPublicKey.length !== PUBLIC_KEY_BYTES) throw new PackageBuildError('Clé éphémère de longueur inattendue.');
  let cipherLength = 0;
  for (const part of box.ciphertext) cipherLength += part.length;
  const signedLength = associatedData.length + PUBLIC_KEY_BYTES + 4 + cipherLength;
  if (signedLength + SIGNATURE_BYTES > MAX_PACKAGE_BYTES) {
    throw new PackageBuildError(
      `Le paquet dépasserait ${formatMegabytes(MAX_PACKAGE_BYTES)} : exportez en plusieurs fois (par exemple après un accusé de réception).`,
    );
  }
  // One allocation for the whole file; the signature goes in its last 64 bytes.
  const file = new Uint8Array(signedLength + SIGNATURE_BYTES);
  let offset = 0;
  for (const part of [associatedData, box.ephemeralPublicKey, u32be(cipherLength), ...box.ciphertext]) {
    file.set(part, offset);
    offset += part.length;
  }
  const signature = crypto.sign(file.subarray(0, signedLength));
  if (signature.length !== SIGNATURE_BYTES) throw new PackageBuildError('Signature de longueur inattendue.');
  file.set(signature, signedLength);
  return file;
}

export interface PackageFrame {
  version: FormatVersion;
  headerBytes: Uint8Array;
  /** magic + header length + header: the AEAD's associated data. */
  associatedData: Uint8Array;
  ephemeralPublicKey: Uint8Array;
  ciphertext: Uint8Array;
  /** Every byte before the signature. */
  signed: Uint8Array;
  signature: Uint8Array;
}

/** Splits a file into its parts, checking size, magic, version and lengths; no JSON is parsed. */
export function parseFrame(file: Uint8Array): PackageFrame | { problem: PackageProblem } {
  const fail = (code: PackageProblemCode, message: string) => ({ problem: { code, message } });
  if (file.length > MAX_PACKAGE_BYTES) {
    return fail('TROP_VOLUMINEUX', `Le fichier dépasse ${formatMegabytes(MAX_PACKAGE_BYTES)} : ce n'est pas un paquet que l'application a pu produire.`);
  }
  const notPackage = "Ce fichier n'est pas un paquet d'échange du Registre des droits ENT (fichier .dsrpkg).";
  if (file.length < MAGIC.length) return fail('PAS_UN_PAQUET', notPackage);
  for (let i = 0; i < MAGIC.length - 1; i += 1) if (file[i] !== MAGIC[i]) return fail('PAS_UN_PAQUET', notPackage);
  const version = file[MAGIC.length - 1] ?? 0;
  if (!(FORMAT_VERSIONS as readonly number[]).includes(version)) {
    return fail(
      'VERSION_INCONNUE',
      version > FORMAT_VERSION
        ? `Ce paquet a été produit par une version plus récente de l'application (format ${version}) : mettez l'application à jour pour l'importer.`
        : `Format de paquet inconnu (${version}) : ${RESEND}`,
    );
  }
  const truncated = (expected: number) =>
    fail('TRONQUE', `Le fichier est incomplet (${file.length} octets${expected > 0 ? ` au lieu d'au moins ${expected}` : ''}) : il a été tronqué. ${RESEND}`);
  if (file.length < FRAME_OVERHEAD + 1 + AEAD_TAG_BYTES) return truncated(FRAME_OVERHEAD + 1 + AEAD_TAG_BYTES);
  const headerLength = readU32be(file, MAGIC.length);
  if (headerLength < 1 || headerLength > MAX_HEADER_BYTES) {
    return fail('EN_TETE_INVALIDE', `La longueur de l'en-tête du paquet est invalide : le fichier est abîmé ou a été modifié. ${RESEND}`);
  }
  const headerEnd = FIXED_PREFIX + headerLength;
  const cipherLengthAt = headerEnd + PUBLIC_KEY_BYTES;
  if (file.length < cipherLengthAt + 4 + AEAD_TAG_BYTES + SIGNATURE_BYTES) return truncated(cipherLengthAt + 4 + AEAD_TAG_BYTES + SIGNATURE_BYTES);
  const cipherLength = readU32be(file, cipherLengthAt);
  const expected = cipherLengthAt + 4 + cipherLength + SIGNATURE_BYTES;
  if (cipherLength < AEAD_TAG_BYTES || expected > MAX_PACKAGE_BYTES) {
    return fail('ALTERE', `La longueur du contenu chiffré est invalide : le fichier est abîmé ou a été modifié. ${RESEND}`);
  }
  if (file.length < expected) return truncated(expected);
  if (file.length > expected) {
    return fail('ALTERE', `Le fichier contient ${file.length - expected} octet(s) de trop après la signature : il a été modifié. ${RESEND}`);
  }
  const signedEnd = expected - SIGNATURE_BYTES;
  return {
    version: version as FormatVersion,
    headerBytes: file.subarray(FIXED_PREFIX, headerEnd),
    associatedData: file.subarray(0, headerEnd),
    ephemeralPublicKey: file.subarray(headerEnd, cipherLengthAt),
    ciphertext: file.subarray(cipherLengthAt + 4, signedEnd),
    signed: file.subarray(0, signedEnd),
    signature: file.subarray(signedEnd, expected),
  };
}
