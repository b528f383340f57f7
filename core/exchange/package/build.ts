// Building a package: checks what is exported, writes the manifest, seals and signs (frame.ts),
// and checks the signature with this office's public key before handing the file over.
import { z } from 'zod';
import { SIGNATURE_BYTES, type ExchangeCrypto } from '../crypto-port';
import { concatBytes, toHex, u32be, utf8 } from '../bytes';
import { decodePublicKey, officeFingerprint } from '../fingerprint';
import { sealEnvelope } from './frame';
import { describeIssues, rangesOf } from './helpers';
import {
  FORMAT_VERSION,
  PACKAGE_EXTENSION,
  PackageBuildError,
  SUITE,
  envelopeHeaderSchema,
  exchangeRecordSchema,
  manifestSchema,
  type Acknowledgement,
  type EnvelopeHeader,
  type ExchangeRecord,
  type FormatVersion,
  type OfficeCard,
  type PackageManifest,
} from './schemas';

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
  /** The format to write (default: the latest); the caller knows which its records need. */
  formatVersion?: FormatVersion;
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

  const recordsBytes = asciiJson(records.data);
  const manifest = manifestSchema.safeParse({
    format: 'dsr-package',
    version: input.formatVersion ?? FORMAT_VERSION,
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

  const bytes = sealEnvelope(crypto, header.data, plaintextParts(manifest.data, recordsBytes), manifest.data.version);
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

/**
 * The records as JSON in ASCII, one record per line (the reader parses them one by one:
 * helpers.ts readRecords), in parts of about a megabyte: every other character written as
 * its \\u escape. The same JSON for any reader, and the receiver's host reads ASCII bytes as a
 * one-byte string (electron/utf8.ts): half the memory of the two-byte string a single accent
 * makes of tens of megabytes of text. Written record by record into reused-size parts, never as
 * one text of the whole package: a large package's text would be a hundred megabytes of
 * two-byte string, then as many of bytes, each paid for in fresh memory.
 */
export function asciiJson(records: readonly unknown[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let part = new Uint8Array(PART_BYTES);
  let at = 0;
  const room = (needed: number) => {
    if (at + needed <= part.length) return;
    parts.push(part.subarray(0, at));
    part = new Uint8Array(Math.max(PART_BYTES, needed));
    at = 0;
  };
  room(2);
  part[at++] = 0x5b; // [
  part[at++] = 0x0a; // a line per record (helpers.ts readRecords)
  for (let r = 0; r < records.length; r += 1) {
    // As JSON.stringify writes an array: null for what it cannot write.
    const text = JSON.stringify(records[r]) ?? 'null';
    room(text.length * 6 + 2);
    if (r > 0) {
      part[at++] = 0x2c; // ,
      part[at++] = 0x0a;
    }
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        part[at++] = c;
        continue;
      }
      // A UTF-16 code unit (a surrogate pair's two halves each), lowercase hex as JSON.stringify.
      part[at] = 0x5c; // \
      part[at + 1] = 0x75; // u
      for (let k = 0; k < 4; k += 1) {
        const digit = (c >> (12 - 4 * k)) & 0xf;
        part[at + 2 + k] = digit < 10 ? 0x30 + digit : 0x57 + digit;
      }
      at += 6;
    }
  }
  room(2);
  part[at++] = 0x0a;
  part[at++] = 0x5d; // ]
  parts.push(part.subarray(0, at));
  return parts;
}

const PART_BYTES = 1 << 20;

/** Plaintext = manifest length | manifest JSON | records bytes, in parts (sealed without joining them). */
function plaintextParts(manifest: PackageManifest, recordsBytes: Uint8Array | readonly Uint8Array[]): Uint8Array[] {
  const manifestBytes = utf8(JSON.stringify(manifest));
  return [u32be(manifestBytes.length), manifestBytes, ...(recordsBytes instanceof Uint8Array ? [recordsBytes] : recordsBytes)];
}

/** The plaintext as one array of bytes (the layout above). */
export function encodePlaintext(manifest: PackageManifest, recordsBytes: Uint8Array | readonly Uint8Array[]): Uint8Array {
  return concatBytes(plaintextParts(manifest, recordsBytes));
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
