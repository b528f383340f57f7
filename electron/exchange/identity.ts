// This office's identity for the exchange: an office id, an Ed25519 signing key pair and an
// X25519 encryption key pair, created at first run in the data folder (`office-keys.json`,
// mode 0600, written atomically and never overwritten) and loaded afterwards. The private keys
// leave this module only as KeyObjects (no string, not enumerable on the identity), so logging
// or serialising an identity shows no secret.
//
// Recreating the file would change the office's fingerprint and the other office would refuse
// its packages until the new fingerprint is checked by phone: a damaged file is therefore an
// error with a French message, never a reason to generate new keys.

import { randomBytes, randomUUID, createPrivateKey, type KeyObject } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { toBase64 } from '../../core/exchange/bytes';
import { officeFingerprint, type OfficePublicKeys } from '../../core/exchange/fingerprint';
import { idSchema, publicKeySchema } from '../../core/exchange/package';
import { createExchangeCrypto, generateOfficeKeys, rawPublicKey, type OfficePrivateKeys } from './crypto';
import type { ExchangeCrypto } from '../../core/exchange/crypto-port';

export const IDENTITY_FILE = 'office-keys.json';

export interface OfficeIdentity {
  officeId: string;
  /** ISO instant of the first run. */
  createdAt: string;
  publicKeys: OfficePublicKeys;
  /** 8 groups of 5 digits, for Settings and the phone check. */
  fingerprint: string;
  /** Not enumerable: JSON.stringify and console.log of an identity leave it out. */
  readonly privateKeys: OfficePrivateKeys;
}

export interface LoadedIdentity {
  identity: OfficeIdentity;
  /** True when this call created the keys (first run). */
  created: boolean;
  /** True when the file was readable by others and its mode was set back to 0600. */
  permissionsFixed: boolean;
}

/** A French message for the user; `cause` keeps the system error, never key material. */
export class IdentityError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityError';
  }
}

const pemSchema = z.string().regex(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n?$/);
const keyPairSchema = z.strictObject({ publicKey: publicKeySchema, privateKey: pemSchema });
const fileSchema = z.strictObject({
  format: z.literal('dsr-office-keys'),
  version: z.literal(1),
  officeId: idSchema,
  createdAt: z.iso.datetime(),
  signing: keyPairSchema,
  encryption: keyPairSchema,
});
type IdentityFile = z.infer<typeof fileSchema>;

const isWindows = process.platform === 'win32';

/**
 * Loads this office's identity from `dataDir`, creating it on first run. Two processes
 * starting together end with the same identity (the file is created with an atomic link that
 * fails if it already exists).
 */
export function loadOrCreateIdentity(
  dataDir: string,
  options: { now?: () => Date; newId?: () => string } = {},
): LoadedIdentity {
  const loaded = loadIdentity(dataDir);
  if (loaded !== null) return { ...loaded, created: false };

  const keys = generateOfficeKeys();
  const file: IdentityFile = {
    format: 'dsr-office-keys',
    version: 1,
    officeId: (options.newId ?? randomUUID)(),
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    signing: { publicKey: toBase64(rawPublicKey(keys.signing)), privateKey: exportPem(keys.signing) },
    encryption: { publicKey: toBase64(rawPublicKey(keys.encryption)), privateKey: exportPem(keys.encryption) },
  };
  const won = createExclusively(dataDir, `${JSON.stringify(file, null, 2)}\n`);
  if (!won) {
    // Another process created it first: use that one.
    const theirs = loadIdentity(dataDir);
    if (theirs === null) throw new IdentityError(`Le fichier des clés de cet office n'a pas pu être créé dans ${dataDir}.`);
    return { ...theirs, created: false };
  }
  return { identity: toIdentity(file, keys), created: true, permissionsFixed: false };
}

/** The identity stored in `dataDir`, or null when there is none yet. Throws IdentityError if damaged. */
export function loadIdentity(dataDir: string): { identity: OfficeIdentity; permissionsFixed: boolean } | null {
  const path = join(dataDir, IDENTITY_FILE);
  let text: string;
  let permissionsFixed = false;
  try {
    const mode = statSync(path).mode;
    if (!isWindows && (mode & 0o077) !== 0) {
      chmodSync(path, 0o600);
      permissionsFixed = true;
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new IdentityError(`Le fichier des clés de cet office (${path}) ne peut pas être lu.`, { cause: error });
  }

  const damaged = `Le fichier des clés de cet office (${path}) est abîmé : restaurez-le depuis une sauvegarde. Le recréer changerait l'empreinte de l'office, que l'autre office devrait vérifier à nouveau par téléphone.`;
  let file: IdentityFile;
  let keys: OfficePrivateKeys;
  try {
    file = fileSchema.parse(JSON.parse(text));
    keys = {
      signing: createPrivateKey({ key: file.signing.privateKey, format: 'pem' }),
      encryption: createPrivateKey({ key: file.encryption.privateKey, format: 'pem' }),
    };
  } catch {
    // No cause: it could quote part of the file, that is of the private keys.
    throw new IdentityError(damaged);
  }
  if (
    keys.signing.asymmetricKeyType !== 'ed25519' ||
    keys.encryption.asymmetricKeyType !== 'x25519' ||
    toBase64(rawPublicKey(keys.signing)) !== file.signing.publicKey ||
    toBase64(rawPublicKey(keys.encryption)) !== file.encryption.publicKey
  ) {
    throw new IdentityError(damaged);
  }
  return { identity: toIdentity(file, keys), permissionsFixed };
}

/** The ExchangeCrypto port of this office. */
export function identityCrypto(identity: OfficeIdentity): ExchangeCrypto {
  return createExchangeCrypto(identity.privateKeys);
}

function toIdentity(file: IdentityFile, keys: OfficePrivateKeys): OfficeIdentity {
  const publicKeys: OfficePublicKeys = { signingKey: file.signing.publicKey, encryptionKey: file.encryption.publicKey };
  const crypto = createExchangeCrypto(keys);
  const identity = {
    officeId: file.officeId,
    createdAt: file.createdAt,
    publicKeys,
    fingerprint: officeFingerprint(publicKeys, crypto.sha256),
  };
  Object.defineProperty(identity, 'privateKeys', { value: Object.freeze({ ...keys }), enumerable: false, writable: false });
  return identity as OfficeIdentity;
}

function exportPem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/**
 * Writes `text` to `<dataDir>/office-keys.json` only if that file does not exist: a temporary
 * file (created with mode 0600, written, flushed), then a hard link to the final name (which
 * fails if another process got there first), then the folder flushed. False if the file
 * already existed.
 */
function createExclusively(dataDir: string, text: string): boolean {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new IdentityError(`Le dossier de données ${dataDir} ne peut pas être créé.`, { cause: error });
  }
  const finalPath = join(dataDir, IDENTITY_FILE);
  const tmpPath = join(dataDir, `.${IDENTITY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmpPath, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!isWindows) chmodSync(tmpPath, 0o600);
    try {
      linkSync(tmpPath, finalPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      // File systems without hard links (FAT, some network shares): rename, after checking.
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(code ?? '')) throw error;
      try {
        statSync(finalPath);
        return false;
      } catch {
        renameSync(tmpPath, finalPath);
      }
    }
    syncFolder(dataDir);
    return true;
  } catch (error) {
    if (error instanceof IdentityError) throw error;
    throw new IdentityError(`Le fichier des clés de cet office ne peut pas être écrit dans ${dataDir}.`, { cause: error });
  } finally {
    try {
      unlinkSync(tmpPath);
    } catch {
      // Already renamed, or never created.
    }
  }
}

function syncFolder(dir: string): void {
  if (isWindows) return;
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort: some file systems cannot flush a folder.
  }
}
