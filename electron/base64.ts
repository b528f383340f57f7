// Base64 with node's Buffer for the service (ServiceDeps.base64): an exchange package of tens
// of megabytes decodes several times faster than with the pure codec of core/bytes.ts. Just as
// strict: Buffer accepts any spelling (whitespace, missing padding, stray characters, the URL
// alphabet's - and _, a character beyond U+00FF read as its low byte), so what it decodes is
// checked to be the one canonical spelling of its bytes: the text is ASCII (its UTF-8 length is
// its length); a character outside the alphabet is skipped by Buffer and so leaves the bytes
// shorter than a text of that length gives; - and _ (which Buffer reads as + and /) and an =
// other than the final padding are looked for; the last group must be the canonical spelling of
// the bytes it gives (the unused bits of a padded group are zero). Scans, not a regular
// expression: on the 40 MB text of a large package one took longer than the decoding itself.
import type { Base64Codec } from '../core/bytes';

export const nodeBase64: Base64Codec = {
  encode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  decode: (text) => {
    if (text.length % 4 !== 0) return null;
    const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
    if (text.indexOf('=') !== text.length - padding && padding > 0) return null;
    if (padding === 0 && text.includes('=')) return null;
    if (text.includes('-') || text.includes('_') || Buffer.byteLength(text, 'utf8') !== text.length) return null;
    const buffer = Buffer.from(text, 'base64');
    if (buffer.length !== (text.length / 4) * 3 - padding) return null;
    if (padding > 0 && buffer.subarray(buffer.length - (3 - padding)).toString('base64') !== text.slice(-4)) return null;
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  },
};
