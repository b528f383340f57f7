import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../core/exchange/bytes';
import { nodeUtf8 } from '../../electron/utf8';

describe("the hosts' strict UTF-8 decoding (node's buffer.isUtf8) and core's (TextDecoder, fatal)", () => {
  it('read any text back, accents, emoji and a leading BOM included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const bytes = utf8(text);
        expect(nodeUtf8(bytes)).toBe(fromUtf8(bytes));
      }),
      { numRuns: 500 },
    );
    for (const text of ['\ufeff{"a":1}', 'Élève d’accès 😀', 'ASCII seul']) expect(nodeUtf8(utf8(text))).toBe(text);
  });

  it('refuse the same bytes: truncated, overlong, surrogate or stray continuation bytes', () => {
    for (const bytes of [[0xc3], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x80], [0x41, 0xff], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
      expect({ bytes, node: nodeUtf8(Uint8Array.from(bytes)) }).toEqual({ bytes, node: null });
      expect({ bytes, core: fromUtf8(Uint8Array.from(bytes)) }).toEqual({ bytes, core: null });
    }
  });

  it('agree on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(nodeUtf8(bytes)).toBe(fromUtf8(bytes));
      }),
      { numRuns: 3000 },
    );
  });
});
