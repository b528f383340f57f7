// Base64 for the files core hands out and reads back (letters, workbooks, exchange packages):
// @scure/base (audited, pure, no Buffer, so the same code runs in core, the host and the browser).
// Decoding is strict: one value has one accepted spelling, anything else is refused (null).
import { base64 } from '@scure/base';

export const toBase64 = (bytes: Uint8Array): string => base64.encode(bytes);

export function fromBase64(text: string): Uint8Array | null {
  try {
    return base64.decode(text);
  } catch {
    return null;
  }
}

/** Base64 both ways; the hosts pass node's Buffer (several times faster on a package of tens of megabytes). */
export interface Base64Codec {
  encode(bytes: Uint8Array): string;
  /** Strict, like fromBase64: null for anything but the one canonical spelling. */
  decode(text: string): Uint8Array | null;
}

export const pureBase64: Base64Codec = { encode: toBase64, decode: fromBase64 };
