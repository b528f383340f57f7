// Opening a package: every check, in order (frame, header, signature, recipient, sender,
// decryption, manifest, agreement, content hash, records, counts, ranges, order,
// acknowledgements), every problem reported in French; nothing is written on a refusal.
import type { z } from 'zod';
import type { ExchangeCrypto } from '../crypto-port';
import { fromUtf8, readU32be, toHex, type Utf8Decoder } from '../bytes';
import { decodePublicKey, officeFingerprint, type OfficePublicKeys } from '../fingerprint';
import { parseFrame } from './frame';
import { RESEND, describeCounts, describeRanges, parseJson, rangeTracker, readRecords, sameCounts, sameRanges } from './helpers';
import {
  envelopeHeaderSchema,
  manifestSchema,
  type EnvelopeHeader,
  type ExchangeRecord,
  type OfficeCard,
  type PackageManifest,
  type PackageProblem,
} from './schemas';

/** What this office has already imported from the sender, for this agreement. */
export interface ImportState {
  /** Highest package number imported (0: none). */
  lastPackage: number;
  /** Highest sequence number received, per author office id. */
  received: Readonly<Record<string, number>>;
}

export interface OpenPackageInput<R extends ExchangeRecord = ExchangeRecord> {
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
  /**
   * The schema of one record (default: `exchangeRecordSchema`, whose data is opaque): a caller
   * that knows its kinds passes one checking the data too, so each record is checked in one pass.
   */
  recordSchema?: z.ZodType<R>;
  /** Strict UTF-8 decoding of the manifest and records (default: core's; the hosts pass node's). */
  decodeUtf8?: Utf8Decoder;
  /**
   * The caller gives `file` up: it is decrypted in place (ExchangeCrypto.open `inPlace`) and
   * must not be read again. A large package then costs one buffer of its size, not two.
   */
  consumeFile?: boolean;
}

export interface OpenedPackage<R extends ExchangeRecord = ExchangeRecord> {
  header: EnvelopeHeader;
  manifest: PackageManifest;
  /** Every record of the package, in order. */
  records: R[];
  /** The records not received before (sequence above `state.received`), in order. */
  fresh: R[];
  /** The state to store, in the same transaction as the merge of `fresh`. */
  nextState: ImportState;
}

export type OpenPackageResult<R extends ExchangeRecord = ExchangeRecord> = { ok: true; value: OpenedPackage<R> } | { ok: false; problems: PackageProblem[] };

/** A package whose envelope and manifest passed every check; its records are read one by one. */
export interface OpenedEnvelope<R extends ExchangeRecord = ExchangeRecord> {
  header: EnvelopeHeader;
  manifest: PackageManifest;
  /** The state to store, in the same transaction as the merge of the fresh records. */
  nextState: ImportState;
  /**
   * Reads the records in order, each checked (schema, author, sequence) and handed to `visit`
   * with whether it is fresh (not received before), until one is refused; then checks the
   * counts and ranges against the manifest. Returns every problem (none: the package is whole).
   * A caller that merges as it reads does so in a transaction it rolls back on a problem.
   */
  readRecords(visit: (record: R, fresh: boolean) => void): PackageProblem[];
}

export type OpenEnvelopeResult<R extends ExchangeRecord = ExchangeRecord> = { ok: true; value: OpenedEnvelope<R> } | { ok: false; problems: PackageProblem[] };

/**
 * Checks and opens a package: every check (openEnvelope), then its records read whole (see
 * OpenedEnvelope.readRecords to read them one by one). Returns the records or every problem
 * found (in French); the caller writes nothing on a refusal.
 */
export function openPackage<R extends ExchangeRecord = ExchangeRecord>(input: OpenPackageInput<R>): OpenPackageResult<R> {
  const opened = openEnvelope(input);
  if (!opened.ok) return opened;
  const records: R[] = [];
  const fresh: R[] = [];
  const problems = opened.value.readRecords((record, isFresh) => {
    records.push(record);
    if (isFresh) fresh.push(record);
  });
  if (problems.length > 0) return { ok: false, problems };
  const { header, manifest, nextState } = opened.value;
  return { ok: true, value: { header, manifest, records, fresh, nextState } };
}

/**
 * Checks a package's envelope and manifest: size, format, signature, recipient, sender pairing
 * and key, decryption, manifest, agreement, content hash, order and acknowledgements; its
 * records (their schema, counts and ranges) are checked as they are read.
 */
export function openEnvelope<R extends ExchangeRecord = ExchangeRecord>(input: OpenPackageInput<R>): OpenEnvelopeResult<R> {
  const { crypto, file, self, peer } = input;
  const decodeUtf8 = input.decodeUtf8 ?? fromUtf8;
  const refuse = (...problems: PackageProblem[]): OpenEnvelopeResult<R> => ({ ok: false, problems });

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
    { inPlace: input.consumeFile === true },
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
  const parsedManifest = parseJson(plaintext.subarray(4, 4 + manifestLength), manifestSchema, decodeUtf8);
  if (!parsedManifest.ok) {
    return refuse({ code: 'MANIFESTE_INVALIDE', message: `Le manifeste du paquet est invalide (${parsedManifest.detail}). ${RESEND}` });
  }
  const m = parsedManifest.value;
  const recordsBytes = plaintext.subarray(4 + manifestLength);

  // 8. The manifest agrees with the signed header and with this office.
  if (m.sender.officeId !== h.sender.officeId || m.sender.name !== h.sender.name || m.sender.fingerprint !== headerFingerprint) {
    problems.push({ code: 'MANIFESTE_INCOHERENT', message: "L'expéditeur nommé dans le manifeste n'est pas celui qui a signé le paquet : il est refusé." });
  }
  if (m.version !== frame.version) {
    problems.push({ code: 'MANIFESTE_INCOHERENT', message: `Le manifeste annonce le format ${m.version} mais le fichier est au format ${frame.version} : le paquet est refusé.` });
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

  // 10. Content hash (the records, 11 to 13, are checked as they are read: readRecords below).
  if (toHex(crypto.sha256(recordsBytes)) !== m.contentHash) {
    problems.push({
      code: 'EMPREINTE_CONTENU',
      message: `Le contenu du paquet ne correspond pas à l'empreinte de son manifeste : il est incomplet ou a été modifié. ${RESEND}`,
    });
    return refuse(...problems);
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
  return {
    ok: true,
    value: {
      header: h,
      manifest: m,
      nextState: { lastPackage: m.packageNumber, received },
      readRecords: checkRecords,
    },
  };

  /** 11. Records, 12. counts per kind, 13. ranges: only the sender's, contiguous, as announced. */
  function checkRecords(visit: (record: R, fresh: boolean) => void): PackageProblem[] {
    const found: PackageProblem[] = [];
    const counts: Record<string, number> = {};
    let total = 0;
    let foreign: string | null = null;
    const ranges = rangeTracker();
    const unreadable = readRecords(
      recordsBytes,
      (record) => {
        total += 1;
        counts[record.kind] = (counts[record.kind] ?? 0) + 1;
        if (record.office !== h.sender.officeId) foreign ??= record.office;
        // Nothing more is handed over once something is wrong: the package will be refused.
        if (ranges.add(record) && foreign === null) visit(record, record.seq > (state.received[record.office] ?? 0));
      },
      input.recordSchema,
      decodeUtf8,
    );
    if (unreadable !== null) {
      return [{ code: 'ENREGISTREMENTS_INVALIDES', message: `Les changements du paquet sont illisibles : ${unreadable}.` }];
    }
    if (total !== m.recordCount || !sameCounts(counts, m.counts)) {
      found.push({
        code: 'COMPTES_INCOHERENTS',
        message: `Le paquet annonce ${describeCounts(m.counts, m.recordCount)} mais contient ${describeCounts(counts, total)} : il est refusé.`,
      });
    }
    if (foreign !== null) {
      found.push({
        code: 'PLAGE_INCOHERENTE',
        message: `Le paquet contient des changements attribués à un autre office que « ${h.sender.name} » (${foreign}) : il est refusé.`,
      });
    }
    const contained = ranges.ranges();
    const broken = ranges.broken();
    if (broken !== null) {
      found.push({ code: 'PLAGE_INCOHERENTE', message: `${broken} Le paquet est refusé.` });
    } else if (!sameRanges(contained, m.changes)) {
      found.push({
        code: 'PLAGE_INCOHERENTE',
        message: `Le paquet annonce les changements ${describeRanges(m.changes)} mais contient ${describeRanges(contained)} : il est refusé.`,
      });
    }
    return found;
  }
}
