import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  FINGERPRINT_DIGITS,
  fingerprintFromHash,
  fingerprintLines,
  fingerprintMaterial,
  normalizeFingerprint,
  officeFingerprint,
  sameFingerprint,
} from '../../core/exchange/fingerprint';
import { makeOffice } from './offices';

const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());

describe('office fingerprint', () => {
  it('reads as 8 groups of 5 digits, each a 4-byte slice modulo 100 000', () => {
    const hash = new Uint8Array(32);
    hash.set([0x00, 0x00, 0x00, 0x07], 0); // 7
    hash.set([0xff, 0xff, 0xff, 0xff], 4); // 4294967295 → 67295
    hash.set([0x00, 0x01, 0x86, 0xa0], 8); // 100000 → 00000
    expect(fingerprintFromHash(hash)).toBe('00007 67295 00000 00000 00000 00000 00000 00000');
    expect(() => fingerprintFromHash(new Uint8Array(31))).toThrow();
  });

  it('is stable for the same keys and changes when either key changes', () => {
    const office = makeOffice('Mairie');
    const other = makeOffice('Académie');
    const fp = officeFingerprint(office.card.keys, sha256);
    expect(fp).toMatch(/^\d{5}( \d{5}){7}$/);
    expect(officeFingerprint({ ...office.card.keys }, sha256)).toBe(fp);
    expect(officeFingerprint(office.card.keys, office.crypto.sha256)).toBe(fp);
    expect(officeFingerprint({ ...office.card.keys, signingKey: other.card.keys.signingKey }, sha256)).not.toBe(fp);
    expect(officeFingerprint({ ...office.card.keys, encryptionKey: other.card.keys.encryptionKey }, sha256)).not.toBe(fp);
    // The order of the keys matters (a swapped pair is another identity).
    expect(
      officeFingerprint({ signingKey: office.card.keys.encryptionKey, encryptionKey: office.card.keys.signingKey }, sha256),
    ).not.toBe(fp);
  });

  it('is the SHA-256 of a labelled concatenation of both raw keys (a fixed vector)', () => {
    const keys = { signingKey: Buffer.alloc(32, 1).toString('base64'), encryptionKey: Buffer.alloc(32, 2).toString('base64') };
    const material = fingerprintMaterial(keys);
    expect(Buffer.from(material).toString('latin1')).toBe(`dsr-office-fingerprint/v1\0${'\x01'.repeat(32)}${'\x02'.repeat(32)}`);
    const fp = officeFingerprint(keys, sha256);
    expect(fp).toBe(fingerprintFromHash(sha256(material)));
    // Pinned so that a change of derivation (which would break every pairing) is noticed.
    expect(fp).toBe('83568 80941 19190 26977 32825 57553 66969 67807');
    expect(() => fingerprintMaterial({ ...keys, signingKey: 'AAAA' })).toThrow(/32 octets/);
  });

  it('shows on two lines and compares what a user types', () => {
    const fp = '12345 67890 11111 22222 33333 44444 55555 66666';
    expect(fingerprintLines(fp)).toEqual(['12345 67890 11111 22222', '33333 44444 55555 66666']);
    expect(normalizeFingerprint(' 12345-67890 11111.22222 3333344444 55555 66666 ')).toHaveLength(FINGERPRINT_DIGITS);
    expect(sameFingerprint(fp, '1234567890111112222233333444445555566666')).toBe(true);
    expect(sameFingerprint(fp, '1234567890111112222233333444445555566667')).toBe(false);
    expect(sameFingerprint(fp, '12345')).toBe(false);
    expect(normalizeFingerprint('12345 abcde')).toBeNull();
  });
});
