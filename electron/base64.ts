// Base64 with node's Buffer for the service (ServiceDeps.base64): an exchange package of tens
// of megabytes decodes several times faster than with the pure codec of core/bytes.ts. Just as
// strict: Buffer accepts any spelling (whitespace, missing padding, stray characters), so the
// text is first checked to be base64 with its padding, and its last group to be the canonical
// spelling of the bytes it gives (the unused bits of a padded group are zero).
import type { Base64Codec } from '../core/bytes';

const BASE64 = /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const nodeBase64: Base64Codec = {
  encode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  decode: (text) => {
    if (text.length % 4 !== 0 || !BASE64.test(text)) return null;
    const buffer = Buffer.from(text, 'base64');
    const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
    if (buffer.length !== (text.length / 4) * 3 - padding) return null;
    if (padding > 0 && buffer.subarray(buffer.length - (3 - padding)).toString('base64') !== text.slice(-4)) return null;
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  },
};
