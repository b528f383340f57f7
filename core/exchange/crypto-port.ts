// What the pure exchange code needs from cryptography, so core/ stays free of node:crypto
// (docs/architecture.md, "Layers"). The host implements it with node:crypto only
// (electron/exchange/crypto.ts); tests use the same implementation. No primitive is written in
// core: it only frames bytes and asks this port to hash, sign, verify, seal and open them.
//
// One port instance is bound to this office's identity: `sign` and `open` use its private keys,
// which therefore never enter core. Every key and value crossing the port is raw bytes:
// Ed25519 / X25519 public keys are 32 bytes, signatures 64 bytes.

/** What `seal` produces: the sender's fresh X25519 public key and the AEAD output (tag included). */
export interface SealedBox {
  /** 32 bytes: the ephemeral X25519 public key whose private half was discarded after sealing. */
  ephemeralPublicKey: Uint8Array;
  /** The ciphertext followed by the 16-byte authentication tag. */
  ciphertext: Uint8Array;
}

/**
 * What `seal` produces: the ciphertext as the cipher gave it, in parts (the tag last), not
 * joined: the package frame copies each part once into the file (tens of megabytes each time).
 */
export interface SealedParts {
  /** 32 bytes: the ephemeral X25519 public key whose private half was discarded after sealing. */
  ephemeralPublicKey: Uint8Array;
  /** Joined in order: the ciphertext followed by the 16-byte authentication tag. */
  ciphertext: readonly Uint8Array[];
}

export interface ExchangeCrypto {
  /** SHA-256 of the bytes, or of the parts' concatenation without joining them (32 bytes). */
  sha256(data: Uint8Array | readonly Uint8Array[]): Uint8Array;
  /** Ed25519 signature of the message with this office's private signing key (64 bytes). */
  sign(message: Uint8Array): Uint8Array;
  /** Ed25519 verification against a raw 32-byte public key; false for any malformed input. */
  verify(message: Uint8Array, signature: Uint8Array, signingPublicKey: Uint8Array): boolean;
  /**
   * Encrypts for the holder of the raw 32-byte X25519 public key (sealed box: ephemeral ECDH,
   * HKDF-SHA256, AES-256-GCM). `associatedData` is authenticated, not encrypted. The plaintext
   * may come in parts (encrypted as their concatenation, without joining them first).
   */
  seal(plaintext: Uint8Array | readonly Uint8Array[], recipientPublicKey: Uint8Array, associatedData: Uint8Array): SealedParts;
  /**
   * Opens a box sealed for this office's X25519 key; null when it does not authenticate. With
   * `inPlace`, the plaintext is written over the box's own ciphertext (the caller gives the
   * bytes up: they are garbage after a refusal) and returned as a view of it, so a large
   * package needs no second buffer of its size.
   */
  open(box: SealedBox, associatedData: Uint8Array, options?: { inPlace?: boolean }): Uint8Array | null;
}

/** Lengths fixed by the algorithms (RFC 8032, RFC 7748, AES-GCM). */
export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const AEAD_TAG_BYTES = 16;
