// Exchange packages: format constants, the zod schemas of the header, manifest and records,
// the office card, the refusal codes and the build error. Overview: ./index.ts.
import { z } from 'zod';
import { decodePublicKey, type OfficePublicKeys } from '../fingerprint';

/**
 * The package formats this build reads: 1 (requests' events only), 2 (the records may also be
 * breaches' events). A package is written in the lowest format that holds its records, so an
 * install not yet updated still reads what it can (the caller says which: `BuildPackageInput`).
 */
export const FORMAT_VERSIONS = [1, 2] as const;
export type FormatVersion = (typeof FORMAT_VERSIONS)[number];
export const FORMAT_VERSION: FormatVersion = 2;
/** "DSRPKG", a zero byte, the format version. */
export const magicFor = (version: FormatVersion) => Uint8Array.of(0x44, 0x53, 0x52, 0x50, 0x4b, 0x47, 0x00, version);
export const MAGIC = magicFor(FORMAT_VERSION);
export const PACKAGE_EXTENSION = '.dsrpkg';
/** Largest package accepted (checked before anything is parsed). */
export const MAX_PACKAGE_BYTES = 64 * 1024 * 1024;
export const MAX_HEADER_BYTES = 16 * 1024;
export const SUITE = 'ed25519/x25519-hkdf-sha256-aes-256-gcm';

/** Office and agreement identifiers (UUIDs in practice); safe in file names and messages. */
export const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/);
export const publicKeySchema = z.string().refine((text) => decodePublicKey(text) !== null);
export const fingerprintSchema = z.string().regex(/^\d{5}( \d{5}){7}$/);
/** A record kind: 'request', 'event', 'suspension'… (the caller's schemas give its meaning). */
export const recordKindSchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);
const officeNameSchema = z.string().min(1).max(200);
const sequenceSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** The cleartext header: what the receiver needs before it can check and decrypt. */
export const envelopeHeaderSchema = z.strictObject({
  suite: z.literal(SUITE),
  sender: z.strictObject({
    officeId: idSchema,
    name: officeNameSchema,
    signingKey: publicKeySchema,
    encryptionKey: publicKeySchema,
  }),
  receiver: z.strictObject({
    officeId: idSchema,
    encryptionKey: publicKeySchema,
  }),
});
export type EnvelopeHeader = z.infer<typeof envelopeHeaderSchema>;

/** A contiguous run of one author office's changes, `from..to` inclusive. */
export const changeRangeSchema = z
  .strictObject({ office: idSchema, from: sequenceSchema, to: sequenceSchema })
  .refine((range) => range.from <= range.to);
export type ChangeRange = z.infer<typeof changeRangeSchema>;

/** The highest sequence number the sender has received from an author office. */
export const acknowledgementSchema = z.strictObject({ office: idSchema, upTo: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });
export type Acknowledgement = z.infer<typeof acknowledgementSchema>;

/** Readable after decryption: what the package is and what it holds. */
export const manifestSchema = z.strictObject({
  format: z.literal('dsr-package'),
  /** The format byte of the file's magic, repeated here under the signature. */
  version: z.union(FORMAT_VERSIONS.map((v) => z.literal(v))),
  /** Per sender and receiver, 1, 2, 3…; a package not newer than one imported is a replay. */
  packageNumber: sequenceSchema,
  sender: z.strictObject({ officeId: idSchema, name: officeNameSchema, fingerprint: fingerprintSchema }),
  receiver: z.strictObject({ officeId: idSchema, name: officeNameSchema, fingerprint: fingerprintSchema }),
  agreement: z.strictObject({ id: idSchema, code: z.string().min(1).max(40) }),
  appVersion: z.string().min(1).max(50),
  createdAt: z.iso.datetime(),
  /** The range of changes per author office (none when the package only acknowledges). */
  changes: z.array(changeRangeSchema).max(100),
  /** Number of records per kind. */
  counts: z.record(recordKindSchema, z.number().int().min(1)),
  recordCount: z.number().int().min(0),
  /** SHA-256 (hex) of the records bytes. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** What the sender has received from the receiver: its highest package and sequences. */
  acknowledges: z.strictObject({
    package: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    changes: z.array(acknowledgementSchema).max(100),
  }),
});
export type PackageManifest = z.infer<typeof manifestSchema>;

/** One change; `data` is opaque here and validated by the caller's schemas for its kind. */
export const exchangeRecordSchema = z.strictObject({
  kind: recordKindSchema,
  office: idSchema,
  seq: sequenceSchema,
  data: z.unknown(),
});
export type ExchangeRecord = z.infer<typeof exchangeRecordSchema>;

// ---------------------------------------------------------------------------------------------
// Offices, problems, errors
// ---------------------------------------------------------------------------------------------

/** An office as the other side knows it: id, name and public keys. */
export interface OfficeCard {
  officeId: string;
  name: string;
  keys: OfficePublicKeys;
}

export type PackageProblemCode =
  | 'TROP_VOLUMINEUX'
  | 'PAS_UN_PAQUET'
  | 'VERSION_INCONNUE'
  | 'TRONQUE'
  | 'ALTERE'
  | 'EN_TETE_INVALIDE'
  | 'SIGNATURE_INVALIDE'
  | 'AUTRE_DESTINATAIRE'
  | 'ANCIENNE_CLE_DESTINATAIRE'
  | 'NON_APPAIRE'
  | 'EXPEDITEUR_INCONNU'
  | 'CLE_EXPEDITEUR_CHANGEE'
  | 'DECHIFFREMENT_IMPOSSIBLE'
  | 'MANIFESTE_INVALIDE'
  | 'MANIFESTE_INCOHERENT'
  | 'AUTRE_CONVENTION'
  | 'EMPREINTE_CONTENU'
  | 'ENREGISTREMENTS_INVALIDES'
  | 'COMPTES_INCOHERENTS'
  | 'PLAGE_INCOHERENTE'
  | 'DEJA_IMPORTE'
  | 'CHANGEMENTS_MANQUANTS'
  | 'ACCUSE_INCOHERENT';

/** Why a package is refused, in French for the import report. */
export interface PackageProblem {
  code: PackageProblemCode;
  message: string;
}

/** Thrown by `buildPackage` when asked to build something invalid (a caller's bug). */
export class PackageBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageBuildError';
  }
}
