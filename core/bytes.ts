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
