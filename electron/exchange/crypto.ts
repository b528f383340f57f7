// The exchange's cryptography, from node:crypto primitives only (no home-made primitive):
//   - signatures: Ed25519 (crypto.sign / crypto.verify with a null digest, RFC 8032);
//   - sealing for a recipient (an ECIES / sealed-box construction, like HPKE's base mode):
//     a fresh X25519 key pair per package, ECDH with the recipient's X25519 public key
//     (crypto.diffieHellman), HKDF-SHA256 (crypto.hkdfSync) over the shared secret with
//     salt = ephemeral public key || recipient public key, giving a 32-byte AES key and the
//     12-byte GCM nonce (both single-use because the ephemeral key is), then AES-256-GCM with
//     the caller's associated data; the output is the ciphertext followed by the 16-byte tag.
// Public keys cross the port as their raw 32 bytes (RFC 7748 / RFC 8032 encodings), imported
// and exported through JWK. Private keys stay KeyObjects: they never become strings here.

import {
  createCipheriv,
  createHash,
  createDecipheriv,
  hash,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto';
import { AEAD_TAG_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type ExchangeCrypto, type SealedParts } from '../../core/exchange/crypto-port';

/** This office's private keys, as node KeyObjects (never serialised by this module). */
export interface OfficePrivateKeys {
  signing: KeyObject;
  encryption: KeyObject;
}

const HKDF_INFO = Buffer.from('dsr-package/v1 x25519-hkdf-sha256-aes-256-gcm', 'utf8');
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
/** In-place decryption's step: small enough for node to reuse its buffers, large enough to stay fast. */
const IN_PLACE_CHUNK = 1 << 20;

/** A new pair of private keys: Ed25519 for signing, X25519 for encryption. */
export function generateOfficeKeys(): OfficePrivateKeys {
  return {
    signing: generateKeyPairSync('ed25519').privateKey,
    encryption: generateKeyPairSync('x25519').privateKey,
  };
}

/** The raw 32-byte public key of an Ed25519 / X25519 key (private or public KeyObject). */
export function rawPublicKey(key: KeyObject): Uint8Array {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('Clé publique sans composante x.');
  const raw = Buffer.from(jwk.x, 'base64url');
  if (raw.length !== PUBLIC_KEY_BYTES) throw new Error('Clé publique de longueur inattendue.');
  return new Uint8Array(raw);
}

/** A public KeyObject from raw bytes; throws when the bytes are not a 32-byte key. */
export function publicKeyFromRaw(type: 'ed25519' | 'x25519', raw: Uint8Array): KeyObject {
  if (raw.length !== PUBLIC_KEY_BYTES) throw new Error('Clé publique de longueur inattendue.');
  return createPublicKey({
    key: { kty: 'OKP', crv: type === 'ed25519' ? 'Ed25519' : 'X25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  });
}

/** The ExchangeCrypto port bound to this office's private keys. */
export function createExchangeCrypto(keys: OfficePrivateKeys): ExchangeCrypto {
  if (keys.signing.type !== 'private' || keys.signing.asymmetricKeyType !== 'ed25519') {
    throw new Error('La clé de signature doit être une clé privée Ed25519.');
  }
  if (keys.encryption.type !== 'private' || keys.encryption.asymmetricKeyType !== 'x25519') {
    throw new Error('La clé de chiffrement doit être une clé privée X25519.');
  }
  const ownEncryptionKey = rawPublicKey(keys.encryption);

  return {
    sha256(data) {
      if (data instanceof Uint8Array) return toBytes(hash('sha256', data, 'buffer'));
      const digest = createHash('sha256');
      for (const part of data) digest.update(part);
      return toBytes(digest.digest());
    },

    sign: (message) => toBytes(nodeSign(null, message, keys.signing)),

    verify(message, signature, signingPublicKey) {
      if (signature.length !== SIGNATURE_BYTES) return false;
      try {
        return nodeVerify(null, message, publicKeyFromRaw('ed25519', signingPublicKey), signature);
      } catch {
        return false;
      }
    },

    seal(plaintext, recipientPublicKey, associatedData): SealedParts {
      const recipient = publicKeyFromRaw('x25519', recipientPublicKey);
      const ephemeral = generateKeyPairSync('x25519');
      const ephemeralPublicKey = rawPublicKey(ephemeral.publicKey);
      const { key, nonce } = deriveKey(ephemeral.privateKey, recipient, ephemeralPublicKey, recipientPublicKey);
      try {
        const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: AEAD_TAG_BYTES });
        cipher.setAAD(associatedData);
        // Each part's output as the cipher gives it, then the tag: the caller copies them once into the file.
        const parts = (plaintext instanceof Uint8Array ? [plaintext] : plaintext).map((part) => toBytes(cipher.update(part)));
        const rest = cipher.final();
        return { ephemeralPublicKey, ciphertext: [...parts, ...(rest.length > 0 ? [toBytes(rest)] : []), toBytes(cipher.getAuthTag())] };
      } finally {
        key.fill(0);
      }
    },

    open(box, associatedData, options) {
      if (box.ephemeralPublicKey.length !== PUBLIC_KEY_BYTES || box.ciphertext.length < AEAD_TAG_BYTES) return null;
      let key: Buffer | undefined;
      try {
        const derived = deriveKey(keys.encryption, publicKeyFromRaw('x25519', box.ephemeralPublicKey), box.ephemeralPublicKey, ownEncryptionKey);
        key = derived.key;
        const tagAt = box.ciphertext.length - AEAD_TAG_BYTES;
        const decipher = createDecipheriv('aes-256-gcm', key, derived.nonce, { authTagLength: AEAD_TAG_BYTES });
        decipher.setAAD(associatedData);
        decipher.setAuthTag(box.ciphertext.subarray(tagAt));
        // final() checks the tag (and throws when it does not authenticate); GCM gives no more
        // bytes there, so the plaintext is update()'s buffer as it is, not a copy of it.
        if (options?.inPlace) {
          // A megabyte at a time, each written back where its ciphertext was (GCM keeps lengths).
          const target = box.ciphertext;
          let written = 0;
          for (let at = 0; at < tagAt; at += IN_PLACE_CHUNK) {
            const out = decipher.update(target.subarray(at, Math.min(tagAt, at + IN_PLACE_CHUNK)));
            target.set(out, written);
            written += out.length;
          }
          const rest = decipher.final();
          target.set(rest, written);
          return target.subarray(0, written + rest.length);
        }
        const plaintext = decipher.update(box.ciphertext.subarray(0, tagAt));
        const rest = decipher.final();
        return toBytes(rest.length === 0 ? plaintext : Buffer.concat([plaintext, rest]));
      } catch {
        return null;
      } finally {
        key?.fill(0);
      }
    },
  };
}

/** X25519 then HKDF-SHA256: the AES-256 key and the GCM nonce of one sealed box. */
function deriveKey(
  privateKey: KeyObject,
  publicKey: KeyObject,
  ephemeralPublicKey: Uint8Array,
  recipientPublicKey: Uint8Array,
): { key: Buffer; nonce: Buffer } {
  const shared = diffieHellman({ privateKey, publicKey });
  try {
    // A low-order public key gives an all-zero secret (RFC 7748 §6.1): refuse it.
    if (shared.every((byte) => byte === 0)) throw new Error('Clé publique X25519 invalide.');
    const salt = Buffer.concat([ephemeralPublicKey, recipientPublicKey]);
    const okm = Buffer.from(hkdfSync('sha256', shared, salt, HKDF_INFO, KEY_BYTES + NONCE_BYTES));
    const key = Buffer.from(okm.subarray(0, KEY_BYTES));
    const nonce = Buffer.from(okm.subarray(KEY_BYTES));
    okm.fill(0);
    return { key, nonce };
  } finally {
    shared.fill(0);
  }
}

/** A plain Uint8Array view of a Buffer (what crosses the port). */
function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
