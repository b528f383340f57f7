// Exchange packages between the two offices of an agreement (../shared/design.md, "Two offices,
// one register"): one file holding the changes the other office has not acknowledged yet,
// sealed for that office only and signed by the sender. Pure: all cryptography goes through
// the ExchangeCrypto port, and nothing here reads a file, a clock or a database.
//
// File layout (all integers unsigned 32-bit big-endian):
//
//   magic        8 bytes   "DSRPKG" 0x00 <format version = 0x01>
//   headerLength 4 bytes   H, 1..MAX_HEADER_BYTES
//   header       H bytes   JSON (UTF-8), `envelopeHeaderSchema`: suite, sender office id, name
//                          and both public keys, receiver office id and encryption key
//   ephemeralKey 32 bytes  the sender's one-time X25519 public key
//   cipherLength 4 bytes   C, at least the 16-byte tag
//   ciphertext   C bytes   AES-256-GCM of the plaintext, then its tag; the associated data is
//                          magic + headerLength + header, so the header cannot be swapped
//   signature    64 bytes  Ed25519 by the sender over every byte before it
//   (end of file: any byte more or less is refused)
//
// Plaintext: manifestLength (4 bytes) | manifest JSON (`manifestSchema`) | records JSON (an
// array of `{ kind, office, seq, data }`). The manifest's `contentHash` is the SHA-256 of the
// exact records bytes, so no canonical re-serialisation is needed to check it.
//
// Sequences: every change has a number in its author office's sequence for the agreement
// (1, 2, 3 … without gaps). A package carries, per author office, a contiguous range
// `from..to`; the receiver keeps the highest number it has received from each office and the
// highest package number it has imported, refuses a package older than one already imported,
// refuses a range that leaves a gap, and skips the changes it already has (a package re-sent
// before an acknowledgement arrived overlaps the previous one: that is normal).

import { z } from 'zod';
import { AEAD_TAG_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type ExchangeCrypto } from './crypto-port';
import { concatBytes, fromUtf8, readU32be, toHex, u32be, utf8 } from './bytes';
import { decodePublicKey, officeFingerprint, type OfficePublicKeys } from './fingerprint';

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

export const FORMAT_VERSION = 1;
/** "DSRPKG", a zero byte, the format version. */
export const MAGIC = Uint8Array.of(0x44, 0x53, 0x52, 0x50, 0x4b, 0x47, 0x00, FORMAT_VERSION);
export const PACKAGE_EXTENSION = '.dsrpkg';
/** Largest package accepted (checked before anything is parsed). */
export const MAX_PACKAGE_BYTES = 64 * 1024 * 1024;
export const MAX_HEADER_BYTES = 16 * 1024;
export const SUITE = 'ed25519/x25519-hkdf-sha256-aes-256-gcm';

const FIXED_PREFIX = MAGIC.length + 4; // magic + header length
const FRAME_OVERHEAD = FIXED_PREFIX + PUBLIC_KEY_BYTES + 4 + SIGNATURE_BYTES;

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

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
  version: z.literal(FORMAT_VERSION),
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

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

export interface BuildPackageInput {
  crypto: ExchangeCrypto;
  /** This office; its keys must be those of `crypto`. */
  sender: OfficeCard;
  /** The paired office the package is sealed for. */
  receiver: OfficeCard;
  agreement: { id: string; code: string };
  appVersion: string;
  /** ISO instant (UTC), from the caller's clock. */
  createdAt: string;
  /** 1 + the number of the last package exported to this receiver for this agreement. */
  packageNumber: number;
  /** Changes to send, in ascending sequence per author office, without gaps. */
  records: readonly ExchangeRecord[];
  /** What this office has received from the receiver. */
  acknowledges: { package: number; changes: readonly Acknowledgement[] };
}

export interface BuiltPackage {
  bytes: Uint8Array;
  manifest: PackageManifest;
  /** Suggested file name, e.g. `FAR-mairie-de-farges-20260314-153012.dsrpkg`. */
  fileName: string;
}

/** Builds, seals and signs one package. Throws PackageBuildError on invalid input. */
export function buildPackage(input: BuildPackageInput): BuiltPackage {
  const { crypto, sender, receiver } = input;
  const records = z.array(exchangeRecordSchema).safeParse(input.records);
  if (!records.success) throw new PackageBuildError(`Changements à exporter invalides : ${describeIssues(records.error.issues)}.`);
  const ranges = rangesOf(records.data);
  if (typeof ranges === 'string') throw new PackageBuildError(ranges);
  const counts: Record<string, number> = {};
  for (const record of records.data) counts[record.kind] = (counts[record.kind] ?? 0) + 1;

  const recordsBytes = utf8(JSON.stringify(records.data));
  const manifest = manifestSchema.safeParse({
    format: 'dsr-package',
    version: FORMAT_VERSION,
    packageNumber: input.packageNumber,
    sender: { officeId: sender.officeId, name: sender.name, fingerprint: officeFingerprint(sender.keys, crypto.sha256) },
    receiver: { officeId: receiver.officeId, name: receiver.name, fingerprint: officeFingerprint(receiver.keys, crypto.sha256) },
    agreement: { id: input.agreement.id, code: input.agreement.code },
    appVersion: input.appVersion,
    createdAt: input.createdAt,
    changes: ranges,
    counts,
    recordCount: records.data.length,
    contentHash: toHex(crypto.sha256(recordsBytes)),
    acknowledges: { package: input.acknowledges.package, changes: [...input.acknowledges.changes] },
  } satisfies PackageManifest);
  if (!manifest.success) throw new PackageBuildError(`Manifeste invalide : ${describeIssues(manifest.error.issues)}.`);

  const header = envelopeHeaderSchema.safeParse({
    suite: SUITE,
    sender: { officeId: sender.officeId, name: sender.name, signingKey: sender.keys.signingKey, encryptionKey: sender.keys.encryptionKey },
    receiver: { officeId: receiver.officeId, encryptionKey: receiver.keys.encryptionKey },
  } satisfies EnvelopeHeader);
  if (!header.success) throw new PackageBuildError(`En-tête invalide : ${describeIssues(header.error.issues)}.`);

  const bytes = sealEnvelope(crypto, header.data, encodePlaintext(manifest.data, recordsBytes));
  // A package this office's own public key cannot verify would be refused on the other side:
  // check now rather than by email a week later.
  const signed = bytes.subarray(0, bytes.length - SIGNATURE_BYTES);
  const signingKey = decodePublicKey(sender.keys.signingKey);
  if (signingKey === null || !crypto.verify(signed, bytes.subarray(bytes.length - SIGNATURE_BYTES), signingKey)) {
    throw new PackageBuildError("Les clés publiques de cet office ne correspondent pas à ses clés privées : le paquet n'a pas été créé.");
  }
  return {
    bytes,
    manifest: manifest.data,
    fileName: packageFileName(input.agreement.code, sender.name, input.createdAt),
  };
}

/** Plaintext = manifest length | manifest JSON | records bytes. */
export function encodePlaintext(manifest: PackageManifest, recordsBytes: Uint8Array): Uint8Array {
  const manifestBytes = utf8(JSON.stringify(manifest));
  return concatBytes([u32be(manifestBytes.length), manifestBytes, recordsBytes]);
}

/** Frames, seals and signs a plaintext (the layout at the top of this file). */
export function sealEnvelope(crypto: ExchangeCrypto, header: EnvelopeHeader, plaintext: Uint8Array): Uint8Array {
  const headerBytes = utf8(JSON.stringify(header));
  if (headerBytes.length > MAX_HEADER_BYTES) throw new PackageBuildError('En-tête du paquet trop long.');
  const recipient = decodePublicKey(header.receiver.encryptionKey);
  if (recipient === null) throw new PackageBuildError('Clé de chiffrement du destinataire invalide.');
  const associatedData = concatBytes([MAGIC, u32be(headerBytes.length), headerBytes]);
  const box = crypto.seal(plaintext, recipient, associatedData);
  if (box.ephemeralPublicKey.length !== PUBLIC_KEY_BYTES) throw new PackageBuildError('Clé éphémère de longueur inattendue.');
  const signedLength = associatedData.length + PUBLIC_KEY_BYTES + 4 + box.ciphertext.length;
  if (signedLength + SIGNATURE_BYTES > MAX_PACKAGE_BYTES) {
    throw new PackageBuildError(
      `Le paquet dépasserait ${formatMegabytes(MAX_PACKAGE_BYTES)} : exportez en plusieurs fois (par exemple après un accusé de réception).`,
    );
  }
  // One allocation for the whole file; the signature goes in its last 64 bytes.
  const file = new Uint8Array(signedLength + SIGNATURE_BYTES);
  let offset = 0;
  for (const part of [associatedData, box.ephemeralPublicKey, u32be(box.ciphertext.length), box.ciphertext]) {
    file.set(part, offset);
    offset += part.length;
  }
  const signature = crypto.sign(file.subarray(0, signedLength));
  if (signature.length !== SIGNATURE_BYTES) throw new PackageBuildError('Signature de longueur inattendue.');
  file.set(signature, signedLength);
  return file;
}

/** `<agreement code>-<sender>-<YYYYMMDD-HHmmss>.dsrpkg`, ASCII only. */
export function packageFileName(agreementCode: string, senderName: string, createdAt: string): string {
  const stamp = createdAt.replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${slug(agreementCode, 20).toUpperCase()}-${slug(senderName, 40)}-${stamp}${PACKAGE_EXTENSION}`;
}

function slug(text: string, max: number): string {
  const ascii = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return ascii.slice(0, max).replace(/-+$/, '') || 'office';
}

// ---------------------------------------------------------------------------------------------
// Opening
// ---------------------------------------------------------------------------------------------

/** What this office has already imported from the sender, for this agreement. */
export interface ImportState {
  /** Highest package number imported (0: none). */
  lastPackage: number;
  /** Highest sequence number received, per author office id. */
  received: Readonly<Record<string, number>>;
}

export interface OpenPackageInput {
  crypto: ExchangeCrypto;
  file: Uint8Array;
  /** This office. */
  self: OfficeCard;
  /** The office paired with this one for the agreement; null when none is paired yet. */
  peer: OfficeCard | null;
  /** The agreement the user is importing into. */
  agreement: { id: string; code: string };
  state: ImportState;
  /** This office's last sequence number for the agreement: an acknowledgement above it is refused. */
  ownLastSequence?: number;
}

export interface OpenedPackage {
  header: EnvelopeHeader;
  manifest: PackageManifest;
  /** Every record of the package, in order. */
  records: ExchangeRecord[];
  /** The records not received before (sequence above `state.received`), in order. */
  fresh: ExchangeRecord[];
  /** The state to store, in the same transaction as the merge of `fresh`. */
  nextState: ImportState;
}

export type OpenPackageResult = { ok: true; value: OpenedPackage } | { ok: false; problems: PackageProblem[] };

const RESEND = "Demandez à l'autre office de vous renvoyer le paquet.";

/**
 * Checks and opens a package: size, format, signature, recipient, sender pairing and key,
 * decryption, manifest, agreement, content hash, records, counts, ranges and order. Returns
 * the records or every problem found (in French); the caller writes nothing on a refusal.
 */
export function openPackage(input: OpenPackageInput): OpenPackageResult {
  const { crypto, file, self, peer } = input;
  const refuse = (...problems: PackageProblem[]): OpenPackageResult => ({ ok: false, problems });

  // 1. Frame: size first, then magic and lengths, before any parsing.
  const frame = parseFrame(file);
  if ('problem' in frame) return refuse(frame.problem);

  // 2. Header.
  const header = parseJson(frame.headerBytes, envelopeHeaderSchema);
  if (!header.ok) {
    return refuse({ code: 'EN_TETE_INVALIDE', message: `L'en-tête du paquet est illisible (${header.detail}) : le fichier est abîmé ou a été modifié. ${RESEND}` });
  }
  const h = header.value;

  // 3. Signature, with the key the header names (a mismatch with the paired key is step 5):
  // a damaged or edited file fails here whatever byte was touched.
  const senderSigningKey = decodePublicKey(h.sender.signingKey);
  if (senderSigningKey === null || !crypto.verify(frame.signed, frame.signature, senderSigningKey)) {
    return refuse({
      code: 'SIGNATURE_INVALIDE',
      message: `La signature du paquet n'est pas valide : le fichier a été abîmé ou modifié après son envoi. ${RESEND}`,
    });
  }

  // 4. Recipient, then 5. sender.
  const problems: PackageProblem[] = [];
  if (h.receiver.officeId !== self.officeId) {
    problems.push({
      code: 'AUTRE_DESTINATAIRE',
      message: `Ce paquet de « ${h.sender.name} » est destiné à un autre office (identifiant ${h.receiver.officeId}) : cet office ne peut pas l'importer.`,
    });
  } else if (h.receiver.encryptionKey !== self.keys.encryptionKey) {
    problems.push({
      code: 'ANCIENNE_CLE_DESTINATAIRE',
      message: `Ce paquet a été chiffré pour une ancienne clé de cet office : « ${h.sender.name} » doit enregistrer l'empreinte actuelle de cet office (${officeFingerprint(self.keys, crypto.sha256)}) puis exporter à nouveau.`,
    });
  }
  const headerKeys: OfficePublicKeys = { signingKey: h.sender.signingKey, encryptionKey: h.sender.encryptionKey };
  const headerFingerprint = officeFingerprint(headerKeys, crypto.sha256);
  if (peer === null) {
    problems.push({
      code: 'NON_APPAIRE',
      message: `Aucun office n'est appairé à cette convention : enregistrez d'abord l'office « ${h.sender.name} » et vérifiez son empreinte (${headerFingerprint}) par téléphone avec son DPD.`,
    });
  } else if (h.sender.officeId !== peer.officeId) {
    problems.push({
      code: 'EXPEDITEUR_INCONNU',
      message: `Ce paquet vient de « ${h.sender.name} » (empreinte ${headerFingerprint}), qui n'est pas l'office appairé à cette convention (« ${peer.name} ») : il est refusé.`,
    });
  } else if (h.sender.signingKey !== peer.keys.signingKey || h.sender.encryptionKey !== peer.keys.encryptionKey) {
    problems.push({
      code: 'CLE_EXPEDITEUR_CHANGEE',
      message:
        `Les clés de « ${peer.name} » ont changé : empreinte reçue ${headerFingerprint}, empreinte enregistrée ${officeFingerprint(peer.keys, crypto.sha256)}. ` +
        `Vérifiez la nouvelle empreinte par téléphone avec le DPD de cet office avant de l'accepter ; tant que ce n'est pas fait, ses paquets sont refusés.`,
    });
  }
  if (problems.length > 0) return refuse(...problems);

  // 6. Decryption (the header is the associated data).
  const plaintext = crypto.open(
    { ephemeralPublicKey: frame.ephemeralPublicKey, ciphertext: frame.ciphertext },
    frame.associatedData,
  );
  if (plaintext === null) {
    return refuse({
      code: 'DECHIFFREMENT_IMPOSSIBLE',
      message: `Le paquet ne peut pas être déchiffré avec la clé de cet office. ${RESEND}`,
    });
  }

  // 7. Manifest.
  const manifestLength = plaintext.length >= 4 ? readU32be(plaintext, 0) : -1;
  if (manifestLength < 2 || 4 + manifestLength > plaintext.length) {
    return refuse({ code: 'MANIFESTE_INVALIDE', message: `Le manifeste du paquet est absent ou tronqué. ${RESEND}` });
  }
  const parsedManifest = parseJson(plaintext.subarray(4, 4 + manifestLength), manifestSchema);
  if (!parsedManifest.ok) {
    return refuse({ code: 'MANIFESTE_INVALIDE', message: `Le manifeste du paquet est invalide (${parsedManifest.detail}). ${RESEND}` });
  }
  const m = parsedManifest.value;
  const recordsBytes = plaintext.subarray(4 + manifestLength);

  // 8. The manifest agrees with the signed header and with this office.
  if (m.sender.officeId !== h.sender.officeId || m.sender.name !== h.sender.name || m.sender.fingerprint !== headerFingerprint) {
    problems.push({ code: 'MANIFESTE_INCOHERENT', message: "L'expéditeur nommé dans le manifeste n'est pas celui qui a signé le paquet : il est refusé." });
  }
  if (m.receiver.officeId !== self.officeId || m.receiver.fingerprint !== officeFingerprint(self.keys, crypto.sha256)) {
    problems.push({ code: 'MANIFESTE_INCOHERENT', message: "Le destinataire nommé dans le manifeste n'est pas cet office : le paquet est refusé." });
  }

  // 9. Agreement.
  if (m.agreement.id !== input.agreement.id) {
    problems.push({
      code: 'AUTRE_CONVENTION',
      message: `Ce paquet concerne la convention « ${m.agreement.code} », pas la convention « ${input.agreement.code} » : importez-le depuis la convention ${m.agreement.code}.`,
    });
  }

  // 10. Content hash, then 11. records.
  if (toHex(crypto.sha256(recordsBytes)) !== m.contentHash) {
    problems.push({
      code: 'EMPREINTE_CONTENU',
      message: `Le contenu du paquet ne correspond pas à l'empreinte de son manifeste : il est incomplet ou a été modifié. ${RESEND}`,
    });
    return refuse(...problems);
  }
  const parsedRecords = parseRecords(recordsBytes);
  if (!parsedRecords.ok) {
    problems.push({ code: 'ENREGISTREMENTS_INVALIDES', message: `Les changements du paquet sont illisibles : ${parsedRecords.detail}.` });
    return refuse(...problems);
  }
  const records = parsedRecords.value;

  // 12. Counts per kind.
  const counts: Record<string, number> = {};
  for (const record of records) counts[record.kind] = (counts[record.kind] ?? 0) + 1;
  if (records.length !== m.recordCount || !sameCounts(counts, m.counts)) {
    problems.push({
      code: 'COMPTES_INCOHERENTS',
      message: `Le paquet annonce ${describeCounts(m.counts, m.recordCount)} mais contient ${describeCounts(counts, records.length)} : il est refusé.`,
    });
  }

  // 13. Ranges: only the sender's own changes, contiguous, as announced.
  const foreign = records.find((record) => record.office !== h.sender.officeId);
  if (foreign !== undefined) {
    problems.push({
      code: 'PLAGE_INCOHERENTE',
      message: `Le paquet contient des changements attribués à un autre office que « ${h.sender.name} » (${foreign.office}) : il est refusé.`,
    });
  }
  const ranges = rangesOf(records);
  if (typeof ranges === 'string') {
    problems.push({ code: 'PLAGE_INCOHERENTE', message: `${ranges} Le paquet est refusé.` });
  } else if (!sameRanges(ranges, m.changes)) {
    problems.push({
      code: 'PLAGE_INCOHERENTE',
      message: `Le paquet annonce les changements ${describeRanges(m.changes)} mais contient ${describeRanges(ranges)} : il est refusé.`,
    });
  }

  // 14. Order: a package not newer than the last one imported is a replay; a range that starts
  // after the next expected change leaves a gap.
  const { state } = input;
  if (m.packageNumber <= state.lastPackage) {
    problems.push({
      code: 'DEJA_IMPORTE',
      message:
        m.packageNumber === state.lastPackage
          ? `Le paquet n° ${m.packageNumber} de « ${h.sender.name} » a déjà été importé : rien n'a été modifié.`
          : `Le paquet n° ${m.packageNumber} de « ${h.sender.name} » est plus ancien que le paquet n° ${state.lastPackage} déjà importé : ses changements sont déjà connus ou remplacés, rien n'a été modifié.`,
    });
  }
  for (const range of m.changes) {
    const last = state.received[range.office] ?? 0;
    if (range.from > last + 1) {
      problems.push({
        code: 'CHANGEMENTS_MANQUANTS',
        message:
          `Il manque les changements n° ${last + 1} à ${range.from - 1} de « ${h.sender.name} » avant ceux de ce paquet (n° ${range.from} à ${range.to}) : ` +
          `importez d'abord le paquet précédent, ou demandez à « ${h.sender.name} » un nouvel export.`,
      });
    }
  }

  // 15. Acknowledgements of this office's changes cannot exceed what it has written.
  if (input.ownLastSequence !== undefined) {
    const ack = m.acknowledges.changes.find((a) => a.office === self.officeId);
    if (ack !== undefined && ack.upTo > input.ownLastSequence) {
      problems.push({
        code: 'ACCUSE_INCOHERENT',
        message: `Le paquet accuse réception du changement n° ${ack.upTo} de cet office, qui n'en a écrit que ${input.ownLastSequence} : il est refusé.`,
      });
    }
  }
  if (problems.length > 0) return refuse(...problems);

  const received: Record<string, number> = { ...state.received };
  for (const range of m.changes) received[range.office] = Math.max(received[range.office] ?? 0, range.to);
  const fresh = records.filter((record) => record.seq > (state.received[record.office] ?? 0));
  return {
    ok: true,
    value: { header: h, manifest: m, records, fresh, nextState: { lastPackage: m.packageNumber, received } },
  };
}

// ---------------------------------------------------------------------------------------------
// Frame parsing
// ---------------------------------------------------------------------------------------------

export interface PackageFrame {
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
  if (version !== FORMAT_VERSION) {
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
    headerBytes: file.subarray(FIXED_PREFIX, headerEnd),
    associatedData: file.subarray(0, headerEnd),
    ephemeralPublicKey: file.subarray(headerEnd, cipherLengthAt),
    ciphertext: file.subarray(cipherLengthAt + 4, signedEnd),
    signed: file.subarray(0, signedEnd),
    signature: file.subarray(signedEnd, expected),
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

type Parsed<T> = { ok: true; value: T } | { ok: false; detail: string };

function parseJson<T>(bytes: Uint8Array, schema: z.ZodType<T>): Parsed<T> {
  const text = fromUtf8(bytes);
  if (text === null) return { ok: false, detail: 'texte non UTF-8' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, detail: 'JSON illisible' };
  }
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, detail: describeIssues(result.error.issues) };
}

function parseRecords(bytes: Uint8Array): Parsed<ExchangeRecord[]> {
  const text = fromUtf8(bytes);
  if (text === null) return { ok: false, detail: 'texte non UTF-8' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, detail: 'JSON illisible' };
  }
  if (!Array.isArray(value)) return { ok: false, detail: 'une liste de changements était attendue' };
  const details: string[] = [];
  const records: ExchangeRecord[] = [];
  value.forEach((item: unknown, index) => {
    const result = exchangeRecordSchema.safeParse(item);
    if (result.success) records.push(result.data);
    else details.push(`changement n° ${index + 1} : ${describeIssues(result.error.issues)}`);
  });
  if (details.length === 0) return { ok: true, value: records };
  const shown = details.slice(0, 5).join(' ; ');
  return { ok: false, detail: details.length > 5 ? `${shown} ; et ${details.length - 5} autre(s)` : shown };
}

/** Zod issues in French: which field, and what is wrong. */
export function describeIssues(issues: z.ZodError['issues']): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length > 0 ? `champ « ${issue.path.map(String).join('.')} »` : 'valeur';
      switch (issue.code) {
        case 'unrecognized_keys':
          return `champ(s) inattendu(s) ${issue.keys.map((k) => `« ${k} »`).join(', ')}`;
        case 'invalid_type':
          return `${where} manquant ou de mauvais type`;
        default:
          return `${where} invalide`;
      }
    })
    .join(', ');
}

/** Per author office, the contiguous range of its records, or a French message. */
function rangesOf(records: readonly ExchangeRecord[]): ChangeRange[] | string {
  const byOffice = new Map<string, ChangeRange>();
  for (const record of records) {
    const range = byOffice.get(record.office);
    if (range === undefined) {
      byOffice.set(record.office, { office: record.office, from: record.seq, to: record.seq });
    } else if (record.seq === range.to + 1) {
      range.to = record.seq;
    } else {
      return `Les changements de l'office ${record.office} ne se suivent pas (n° ${record.seq} après n° ${range.to}).`;
    }
  }
  return [...byOffice.values()];
}

function sameRanges(a: readonly ChangeRange[], b: readonly ChangeRange[]): boolean {
  if (a.length !== b.length) return false;
  const key = (r: ChangeRange) => `${r.office}:${r.from}:${r.to}`;
  const setB = new Set(b.map(key));
  return setB.size === b.length && a.every((r) => setB.has(key(r)));
}

function sameCounts(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if ((a[key] ?? 0) !== (b[key] ?? 0)) return false;
  return true;
}

function describeCounts(counts: Readonly<Record<string, number>>, total: number): string {
  const parts = Object.keys(counts)
    .sort()
    .map((kind) => `${counts[kind]} « ${kind} »`);
  return `${total} changement(s)${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

function describeRanges(ranges: readonly ChangeRange[]): string {
  if (ranges.length === 0) return 'aucun changement';
  return ranges.map((r) => `n° ${r.from} à ${r.to}`).join(', ');
}

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} Mo`;
}
