// Strict UTF-8 decoding for the service (ServiceDeps.utf8): the records of an exchange package
// are tens of megabytes of JSON text. node's buffer.isUtf8 checks them (simdutf) in a few
// milliseconds where TextDecoder's fatal mode took most of a second; text that is ASCII only
// (the records of the packages this version writes: their JSON escapes every other character,
// core/exchange/package/build.ts `asciiJson`) is then read as Latin-1, which gives V8 a
// one-byte string (half the memory, parsed faster by JSON.parse).
// Same answers as core's decoder (tests/exchange/utf8.test.ts): a BOM is kept, invalid bytes give null.
import { isAscii, isUtf8 } from 'node:buffer';
import type { Utf8Decoder } from '../core/exchange/bytes';

export const nodeUtf8: Utf8Decoder = (bytes) => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isAscii(buffer)) return buffer.toString('latin1');
  return isUtf8(buffer) ? buffer.toString('utf8') : null;
};
