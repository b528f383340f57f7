import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, toBase64, toHex, utf8 } from '../../core/exchange/bytes';
import type { ExchangeCrypto, SealedBox } from '../../core/exchange/crypto-port';
import { createExchangeCrypto, generateOfficeKeys, publicKeyFromRaw, rawPublicKey } from '../../electron/exchange/crypto';

const alice = generateOfficeKeys();
const bob = generateOfficeKeys();
const aliceCrypto = createExchangeCrypto(alice);
const bobCrypto = createExchangeCrypto(bob);
const bobEncryption = rawPublicKey(bob.encryption);
const aliceSigning = rawPublicKey(alice.signing);

/** A sealed box as a file holds it: the parts `seal` gives, joined. */
function seal(crypto: ExchangeCrypto, ...args: Parameters<ExchangeCrypto['seal']>): SealedBox {
  const sealed = crypto.seal(...args);
  return { ephemeralPublicKey: sealed.ephemeralPublicKey, ciphertext: concatBytes(sealed.ciphertext) };
}

describe('node:crypto implementation of the port', () => {
  it('sha256 is SHA-256', () => {
    expect(toHex(aliceCrypto.sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('Ed25519: RFC 8032 test vector 1 through raw key import', () => {
    // RFC 8032 §7.1, TEST 1 (empty message).
    const publicKey = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');
    const signature = Buffer.from(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
      'hex',
    );
    expect(aliceCrypto.verify(new Uint8Array(0), signature, publicKey)).toBe(true);
    expect(aliceCrypto.verify(utf8('x'), signature, publicKey)).toBe(false);
  });

  it('signs and verifies; a changed message, signature or key fails; malformed input is false, not an exception', () => {
    const message = utf8('paquet');
    const signature = aliceCrypto.sign(message);
    expect(signature).toHaveLength(64);
    expect(bobCrypto.verify(message, signature, aliceSigning)).toBe(true);
    expect(bobCrypto.verify(utf8('paquet!'), signature, aliceSigning)).toBe(false);
    const flipped = Uint8Array.from(signature);
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    expect(bobCrypto.verify(message, flipped, aliceSigning)).toBe(false);
    expect(bobCrypto.verify(message, signature, rawPublicKey(bob.signing))).toBe(false);
    expect(bobCrypto.verify(message, signature.subarray(0, 63), aliceSigning)).toBe(false);
    expect(bobCrypto.verify(message, signature, new Uint8Array(5))).toBe(false);
  });

  it('seals for a recipient only; the associated data is authenticated', () => {
    const aad = utf8('en-tête');
    const box = seal(aliceCrypto, utf8('Données à protéger'), bobEncryption, aad);
    expect(box.ephemeralPublicKey).toHaveLength(32);
    expect(box.ciphertext).toHaveLength(utf8('Données à protéger').length + 16);
    expect(Buffer.from(bobCrypto.open(box, aad) ?? []).toString('utf8')).toBe('Données à protéger');
    // Not Alice (the sender cannot open what she sealed for Bob), not another AAD.
    expect(aliceCrypto.open(box, aad)).toBeNull();
    expect(bobCrypto.open(box, utf8('autre en-tête'))).toBeNull();
    // Any flipped byte of the ciphertext, tag or ephemeral key.
    for (let i = 0; i < box.ciphertext.length; i += 1) {
      const ciphertext = Uint8Array.from(box.ciphertext);
      ciphertext[i] = (ciphertext[i] ?? 0) ^ 0x20;
      expect(bobCrypto.open({ ...box, ciphertext }, aad)).toBeNull();
    }
    const ephemeral = Uint8Array.from(box.ephemeralPublicKey);
    ephemeral[0] = (ephemeral[0] ?? 0) ^ 1;
    expect(bobCrypto.open({ ...box, ephemeralPublicKey: ephemeral }, aad)).toBeNull();
    expect(bobCrypto.open({ ...box, ciphertext: box.ciphertext.subarray(0, 10) }, aad)).toBeNull();
  });

  it('a plaintext given in parts is sealed as their concatenation', () => {
    const aad = utf8('en-tête');
    const box = seal(aliceCrypto, [utf8('Données '), new Uint8Array(0), utf8('à protéger')], bobEncryption, aad);
    expect(box.ciphertext).toHaveLength(utf8('Données à protéger').length + 16);
    expect(Buffer.from(bobCrypto.open(box, aad) ?? []).toString('utf8')).toBe('Données à protéger');
  });

  it('opens in place: the plaintext over the ciphertext, megabyte by megabyte, the same bytes; a forged box is still refused', () => {
    const plaintext = new Uint8Array(2_500_000).map((_, i) => (i * 7919) & 0xff);
    const box = seal(aliceCrypto, plaintext, bobEncryption, utf8('en-tête'));
    const opened = bobCrypto.open(box, utf8('en-tête'), { inPlace: true });
    expect(opened).not.toBeNull();
    expect(opened!.buffer).toBe(box.ciphertext.buffer);
    expect(Buffer.from(opened!).equals(Buffer.from(plaintext))).toBe(true);
    // Also sha256 of parts is the sha256 of their concatenation.
    expect(toHex(aliceCrypto.sha256([plaintext.subarray(0, 10), plaintext.subarray(10)]))).toBe(toHex(aliceCrypto.sha256(plaintext)));

    const forged = seal(aliceCrypto, plaintext, bobEncryption, utf8('en-tête'));
    forged.ciphertext[1_234_567]! ^= 1;
    expect(bobCrypto.open(forged, utf8('en-tête'), { inPlace: true })).toBeNull();
  });

  it('each box uses a fresh ephemeral key', () => {
    const a = seal(aliceCrypto, utf8('même texte'), bobEncryption, new Uint8Array(0));
    const b = seal(aliceCrypto, utf8('même texte'), bobEncryption, new Uint8Array(0));
    expect(toHex(a.ephemeralPublicKey)).not.toBe(toHex(b.ephemeralPublicKey));
    expect(toHex(a.ciphertext)).not.toBe(toHex(b.ciphertext));
  });

  it('refuses a low-order (all-zero) recipient key', () => {
    expect(() => seal(aliceCrypto, utf8('x'), new Uint8Array(32), new Uint8Array(0))).toThrow();
    const box = seal(aliceCrypto, utf8('x'), bobEncryption, new Uint8Array(0));
    expect(bobCrypto.open({ ...box, ephemeralPublicKey: new Uint8Array(32) }, new Uint8Array(0))).toBeNull();
  });

  it('raw public keys round-trip through JWK import', () => {
    for (const type of ['ed25519', 'x25519'] as const) {
      const { publicKey } = generateKeyPairSync(type as 'ed25519');
      const raw = rawPublicKey(publicKey);
      expect(publicKeyFromRaw(type, raw).equals(publicKey)).toBe(true);
      // The raw key is the last 32 bytes of the SPKI DER.
      expect(toHex(raw)).toBe(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex'));
    }
    const { privateKey } = generateKeyPairSync('ed25519');
    const signature = sign(null, Buffer.from('m'), privateKey);
    expect(aliceCrypto.verify(utf8('m'), signature, rawPublicKey(privateKey))).toBe(true);
  });

  it('refuses keys of the wrong type', () => {
    expect(() => createExchangeCrypto({ signing: bob.encryption, encryption: bob.encryption })).toThrow(/Ed25519/);
    expect(() => createExchangeCrypto({ signing: bob.signing, encryption: bob.signing })).toThrow(/X25519/);
  });
});

describe('base64 and hex helpers (core, pure)', () => {
  it('match Buffer on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const b64 = toBase64(bytes);
        expect(b64).toBe(Buffer.from(bytes).toString('base64'));
        expect(Buffer.from(fromBase64(b64) ?? [0xff, 0xff]).equals(Buffer.from(bytes))).toBe(true);
        expect(toHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
      }),
    );
    expect(toHex(createHash('sha256').update('').digest())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('refuse anything but canonical padded base64', () => {
    for (const bad of ['QQ', 'QR==', 'QUI', 'Q===', 'QU-=', 'QUJD\n', 'é===']) expect(fromBase64(bad), bad).toBeNull();
    expect(fromBase64('')).toEqual(new Uint8Array(0));
  });
});
