// Base64 with node's Buffer for the service (ServiceDeps.base64): an exchange package of tens
// of megabytes decodes several times faster than with the pure codec of core/bytes.ts. Just as
// strict: Buffer accepts any spelling (whitespace, missing padding, stray characters), so a text
// is taken only when it is the canonical encoding of the bytes it gives.
import type { Base64Codec } from '../core/bytes';

export const nodeBase64: Base64Codec = {
  encode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  decode: (text) => {
    const buffer = Buffer.from(text, 'base64');
    if (buffer.toString('base64') !== text) return null;
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  },
};
