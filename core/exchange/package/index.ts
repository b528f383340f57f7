// Exchange packages between the two offices of an agreement (../shared/design.md, "Two offices,
// one register"): one file holding the changes the other office has not acknowledged yet,
// sealed for that office only and signed by the sender. Pure: all cryptography goes through
// the ExchangeCrypto port, and nothing here reads a file, a clock or a database.
//
// File layout (magic, header, ephemeral key, ciphertext, signature): at the top of frame.ts.
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
//
// Files: schemas.ts (constants, schemas, office card, problems, errors), frame.ts (the file
// layout: seal, parse), build.ts (buildPackage), open.ts (openPackage), helpers.ts.
// This file is the module's public API: import from here ('…/exchange/package').

export {
  FORMAT_VERSION,
  FORMAT_VERSIONS,
  MAGIC,
  MAX_HEADER_BYTES,
  MAX_PACKAGE_BYTES,
  PACKAGE_EXTENSION,
  PackageBuildError,
  SUITE,
  acknowledgementSchema,
  changeRangeSchema,
  envelopeHeaderSchema,
  exchangeRecordSchema,
  fingerprintSchema,
  idSchema,
  magicFor,
  manifestSchema,
  publicKeySchema,
  recordKindSchema,
  type Acknowledgement,
  type ChangeRange,
  type EnvelopeHeader,
  type ExchangeRecord,
  type FormatVersion,
  type OfficeCard,
  type PackageManifest,
  type PackageProblem,
  type PackageProblemCode,
} from './schemas';
export { parseFrame, sealEnvelope, type PackageFrame } from './frame';
export { asciiJson, buildPackage, encodePlaintext, packageFileName, type BuildPackageInput, type BuiltPackage } from './build';
export {
  openEnvelope,
  openPackage,
  type ImportState,
  type OpenEnvelopeResult,
  type OpenPackageInput,
  type OpenPackageResult,
  type OpenedEnvelope,
  type OpenedPackage,
} from './open';
export { describeIssues } from './helpers';
