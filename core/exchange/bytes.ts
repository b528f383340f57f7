// Byte helpers for the exchange format: base64 (core/bytes.ts), hex, UTF-8,
// big-endian 32-bit lengths and concatenation. Pure: Uint8Array, TextEncoder/TextDecoder only
// (no Buffer, so the same code runs in core, the host and the browser).

export { fromBase64, toBase64 } from '../bytes';

/** Lowercase hex (@noble/hashes). */
export { bytesToHex as toHex } from '@noble/hashes/utils.js';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Strict UTF-8 decoding: the text, or null when the bytes are not valid UTF-8 (a BOM is kept). */
export type Utf8Decoder = (bytes: Uint8Array) => string | null;

/** Decodes UTF-8; null when the bytes are not valid UTF-8. The hosts pass node's (electron/utf8.ts). */
export const fromUtf8: Utf8Decoder = (bytes) => {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return null;
  }
};

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function u32be(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`u32 out of range: ${value}`);
  return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

export function readU32be(bytes: Uint8Array, offset: number): number {
  return (((bytes[offset] ?? 0) << 24) >>> 0) + ((bytes[offset + 1] ?? 0) << 16) + ((bytes[offset + 2] ?? 0) << 8) + (bytes[offset + 3] ?? 0);
}

