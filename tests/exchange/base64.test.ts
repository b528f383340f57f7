import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pureBase64 } from '../../core/bytes';
import { nodeBase64 } from '../../electron/base64';

describe("the hosts' base64 (node's Buffer) and core's", () => {
  it('write the same text and read it back to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = pureBase64.encode(bytes);
        expect(nodeBase64.encode(bytes)).toBe(text);
        expect(nodeBase64.decode(text)).toEqual(bytes);
        expect(pureBase64.decode(text)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('refuse the same spellings a damaged or hand-edited file has', () => {
    for (const text of ['QQ', 'QQ=', 'QQ==\n', ' QQ==', 'Q Q==', 'Q$==', 'QR==', 'QUI=QQ==', 'QUJD=', '====', 'QUJD-_==', 'QUJ=', 'QUJDRA==QUJD', 'QUJ\u0144', 'QU\u0100JD', 'QUJ\u00c4']) {
      expect({ text, node: nodeBase64.decode(text) }).toEqual({ text, node: null });
      expect({ text, pure: pureBase64.decode(text) }).toEqual({ text, pure: null });
    }
  });

  it('agree on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ABCQRabc019+/=-_ \n\u00c4\u0144'.split('')), maxLength: 16 }), (text) => {
        expect(nodeBase64.decode(text)).toEqual(pureBase64.decode(text));
      }),
      { numRuns: 2000 },
    );
  });
});
