import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { officeEventHash } from '../../core/exchange/chain';
import { nodeSha256Hex } from '../../electron/hash';
import {
  GENESIS_HASH,
  JournalError,
  appendEvent,
  canonicalJson,
  eventBody,
  holdsPersonal,
  sealedJson,
  canonicalAndSealed,
  withoutPersonal,
  sha256Hex,
  verifyChain,
  type JournalEvent,
  type NewEvent,
} from '../../core/journal';

// The hosts' hasher (electron/hash.ts): the journal must hash the same in core and in the app.
const nodeSha256 = nodeSha256Hex;

describe('SHA-256 (pure TypeScript)', () => {
  it('gives the FIPS 180-4 / NIST test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(
      sha256Hex('abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu'),
    ).toBe('cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1');
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('hashes the UTF-8 bytes of accented text like node:crypto', () => {
    const text = "Demande d'accès : « Élève Zoé Lefèvre », école maternelle — données à effacer ; ça va ? 😀 ÆŒ ß";
    expect(sha256Hex(text)).toBe(nodeSha256(text));
    // 'é' is two UTF-8 bytes (c3 a9), not one Latin-1 byte.
    expect(sha256Hex('é')).toBe(createHash('sha256').update(Uint8Array.from([0xc3, 0xa9])).digest('hex'));
  });

  it('matches node:crypto at every padding boundary and on random strings', () => {
    for (let n = 0; n <= 130; n += 1) expect(sha256Hex('x'.repeat(n))).toBe(nodeSha256('x'.repeat(n)));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        expect(sha256Hex(s)).toBe(nodeSha256(s));
      }),
      { numRuns: 300 },
    );
  });
});

describe('canonical JSON', () => {
  it('sorts keys recursively, without whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'é' } })).toBe('{"a":{"c":"é","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 4, 4, 9)) })).toBe('{"at":"2026-05-04T09:00:00.000Z"}');
  });

  it('does not depend on key order, and survives a JSON round trip (what the store does)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        expect(canonicalJson(JSON.parse(JSON.stringify(v)))).toBe(text);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
          const reversed = Object.fromEntries(Object.entries(v).reverse());
          expect(canonicalJson(reversed)).toBe(text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses values JSON would silently change', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(JournalError);
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow(/nombre non fini/);
    expect(() => canonicalJson([undefined])).toThrow(/undefined/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/\$\.f/);
    expect(() => canonicalJson(10n)).toThrow(/bigint/);
    expect(() => canonicalJson({ a: [1, { b: Number.NaN }] })).toThrow(/\$\.a\[1\]\.b/);
  });
});

describe('canonical and sealed text in one walk (an import)', () => {
  // Data shaped like events': personal members (by name, or a correction's before/after of a
  // personal field), markers already in place, nested objects and arrays, any JSON around them.
  const personal = fc.constantFrom('requesterName', 'summary', 'reason', 'note', 'whatAsked');
  const marker = fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => ({ $removed: h }));
  const dataArb = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), marker, tie('object'), fc.array(tie('value'), { maxLength: 3 })),
    object: fc.oneof(
      fc.dictionary(fc.oneof(personal, fc.string({ maxLength: 6 })), tie('value'), { maxKeys: 5 }),
      fc.record({ field: fc.oneof(personal, fc.constant('status')), before: tie('value'), after: tie('value') }),
    ),
  })).value;

  it('gives what canonicalJson and sealedJson give, sealed null when they are the same', () => {
    fc.assert(
      fc.property(dataArb, (data) => {
        const { json, sealed } = canonicalAndSealed(data, nodeSha256);
        expect(json).toBe(canonicalJson(data));
        const expected = sealedJson(data, nodeSha256);
        expect(sealed ?? json).toBe(expected);
        expect(sealed === null).toBe(expected === json);
      }),
      { numRuns: 500 },
    );
  });

  it('hashes a personal value in place of the value, and refuses what canonicalJson refuses', () => {
    const { json, sealed } = canonicalAndSealed({ reason: 'Zoé', to: 'closed' }, nodeSha256);
    expect(json).toBe('{"reason":"Zoé","to":"closed"}');
    expect(sealed).toBe(`{"reason":{"$removed":"${nodeSha256('"Zoé"')}"},"to":"closed"}`);
    expect(() => canonicalAndSealed({ on: Number.NaN }, nodeSha256)).toThrow(/\$\.on/);
  });
});

describe('event bodies written from their data', () => {
  const eventArb = fc.record({
    id: fc.string({ minLength: 1 }),
    requestId: fc.string({ minLength: 1 }),
    at: fc.string({ minLength: 1 }),
    actor: fc.string({ minLength: 1 }),
    type: fc.string({ minLength: 1 }),
    data: fc.jsonValue(),
  });

  it('is the canonical JSON of the event, personal values as their hashes (what the journal hashes)', () => {
    fc.assert(
      fc.property(eventArb, (e) => {
        const expected = canonicalJson({ id: e.id, requestId: e.requestId, at: e.at, actor: e.actor, type: e.type, data: withoutPersonal(e.data) });
        expect(eventBody(e)).toBe(expected);
        expect(eventBody(e, sealedJson(e.data))).toBe(expected);
        expect(appendEvent(GENESIS_HASH, e, nodeSha256, sealedJson(e.data, nodeSha256)).hash).toBe(nodeSha256(GENESIS_HASH + expected));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the office chain the hash of its canonical JSON', () => {
    fc.assert(
      fc.property(eventArb, fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.nat(), (e, agreementId, officeId, officeSeq) => {
        const linked = { ...e, agreementId, officeId, officeSeq };
        const expected = nodeSha256(GENESIS_HASH + canonicalJson({ ...linked, data: withoutPersonal(e.data) }));
        expect(officeEventHash(GENESIS_HASH, linked, nodeSha256)).toBe(expected);
        expect(officeEventHash(GENESIS_HASH, linked, nodeSha256, sealedJson(e.data, nodeSha256))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

function makeChain(n: number): JournalEvent[] {
  const events: JournalEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 0; i < n; i += 1) {
    const e: NewEvent = {
      id: `evt-${i}`,
      requestId: 'req-1',
      at: `2026-05-${String(i + 1).padStart(2, '0')}T09:00:00Z`,
      actor: i % 2 === 0 ? 'Mme Martin' : 'M. Durand',
      type: i === 0 ? 'request.created' : 'status.changed',
      data: { before: { status: 'received' }, after: { status: 'in-progress', note: `étape ${i}` } },
    };
    const appended = appendEvent(prev, e);
    events.push(appended);
    prev = appended.hash;
  }
  return events;
}

describe('event journal', () => {
  it('chains each event to the previous hash', () => {
    const [first, second] = makeChain(2);
    expect(first?.prevHash).toBe(GENESIS_HASH);
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second?.prevHash).toBe(first?.hash);
    // hash = sha256(previousHash + canonical JSON of the event, each personal value as its hash).
    const { prevHash, hash, ...body } = first as JournalEvent;
    const note = { $removed: nodeSha256(canonicalJson('étape 0')) };
    expect(hash).toBe(nodeSha256(prevHash + canonicalJson({ ...body, data: { before: { status: 'received' }, after: { status: 'in-progress', note } } })));
  });

  it('verifies a chain whose personal values were removed, their hashes kept; any other change still breaks it', () => {
    const chain = makeChain(6).map((e, i) =>
      i === 2 ? { ...e, data: { ...(e.data as object), changes: { requesterName: { before: 'Inès Martin', after: 'Inès Martín' }, status: { before: 'a', after: 'b' } } } } : e,
    );
    // Rebuild the chain with the correction event holding a name.
    const rebuilt: JournalEvent[] = [];
    let prev = GENESIS_HASH;
    for (const e of chain) {
      const { prevHash: _p, hash: _h, ...body } = e;
      const next = appendEvent(prev, body);
      rebuilt.push(next);
      prev = next.hash;
    }
    const anonymised = rebuilt.map((e) => ({ ...e, data: withoutPersonal(e.data) }));
    const text = JSON.stringify(anonymised);
    expect(text).not.toContain('Inès');
    expect(text).not.toContain('étape');
    expect(holdsPersonal(rebuilt[2]?.data)).toBe(true);
    expect(holdsPersonal(anonymised[2]?.data)).toBe(false);
    expect(verifyChain(anonymised)).toMatchObject({ ok: true, count: 6 });
    // The status (kept) changed after anonymisation: detected.
    const edited = anonymised.map((e, i) => (i === 2 ? { ...e, data: { ...(e.data as Record<string, unknown>), changes: { ...((e.data as { changes: object }).changes), status: { before: 'a', after: 'c' } } } } : e));
    expect(verifyChain(edited)).toMatchObject({ ok: false, index: 2 });
    // A removed value's marker replaced by another hash: detected.
    const swapped = anonymised.map((e, i) => (i === 4 ? { ...e, data: { before: { status: 'received' }, after: { status: 'in-progress', note: { $removed: '0'.repeat(64) } } } } : e));
    expect(verifyChain(swapped)).toMatchObject({ ok: false, index: 4 });
  });

  it('hashes the same whatever the key order of data', () => {
    const base = { id: 'e', requestId: 'r', at: '2026-05-04T09:00:00Z', actor: 'A', type: 't' };
    expect(appendEvent(GENESIS_HASH, { ...base, data: { a: 1, b: [1, 2] } }).hash).toBe(
      appendEvent(GENESIS_HASH, { ...base, data: { b: [1, 2], a: 1 } }).hash,
    );
  });

  it('refuses an incomplete event or a malformed previous hash', () => {
    expect(() => appendEvent('abc', { id: 'e', requestId: 'r', at: 'x', actor: 'A', type: 't', data: null })).toThrow(/Empreinte/);
    expect(() => appendEvent(GENESIS_HASH, { id: 'e', requestId: 'r', at: 'x', actor: '', type: 't', data: null })).toThrow(/« actor »/);
  });

  it('verifies an intact chain, also after a JSON round trip through the store', () => {
    const chain = makeChain(10);
    expect(verifyChain(chain)).toEqual({ ok: true, count: 10, head: chain[9]?.hash });
    expect(verifyChain(JSON.parse(JSON.stringify(chain)) as JournalEvent[]).ok).toBe(true);
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: GENESIS_HASH });
  });

  it('finds an edited event', () => {
    const chain = makeChain(10);
    const edited = chain.map((e) => ({ ...e }));
    (edited[3] as JournalEvent).data = { after: { status: 'closed' } };
    const result = verifyChain(edited);
    expect(result).toMatchObject({ ok: false, index: 3, eventId: 'evt-3' });
    if (!result.ok) expect(result.reason).toContain("L'événement n° 4");
    if (!result.ok) expect(result.reason).toContain('modifié');
    const actor = chain.map((e) => ({ ...e }));
    (actor[0] as JournalEvent).actor = 'Quelqu’un d’autre';
    expect(verifyChain(actor)).toMatchObject({ ok: false, index: 0 });
  });

  it('finds an edited event whose hash was recomputed (the next link breaks)', () => {
    const chain = makeChain(10);
    const forged = chain.map((e) => ({ ...e }));
    const { prevHash, hash: _hash, ...body } = forged[3] as JournalEvent;
    forged[3] = appendEvent(prevHash, { ...body, data: { forged: true } });
    expect(verifyChain(forged)).toMatchObject({ ok: false, index: 4, eventId: 'evt-4' });
  });

  it('finds a deleted, a reordered and an inserted event', () => {
    const chain = makeChain(10);
    const deleted = chain.filter((_, i) => i !== 5);
    const d = verifyChain(deleted);
    expect(d).toMatchObject({ ok: false, index: 5, eventId: 'evt-6' });
    if (!d.ok) expect(d.reason).toContain('supprimé, inséré ou déplacé');
    const swapped = [...chain];
    [swapped[2], swapped[3]] = [swapped[3] as JournalEvent, swapped[2] as JournalEvent];
    expect(verifyChain(swapped)).toMatchObject({ ok: false, index: 2, eventId: 'evt-3' });
    expect(verifyChain(chain.slice(1))).toMatchObject({ ok: false, index: 0, eventId: 'evt-1' });
    const inserted = [...chain.slice(0, 4), appendEvent(chain[3]?.hash ?? '', { ...chain[3], id: 'evt-x', data: {} } as NewEvent), ...chain.slice(4)];
    expect(verifyChain(inserted)).toMatchObject({ ok: false, index: 5, eventId: 'evt-4' });
  });

  it('finds a chain cut at its end, given the head or count kept elsewhere', () => {
    const chain = makeChain(10);
    const cut = chain.slice(0, 8);
    expect(verifyChain(cut).ok).toBe(true); // undetectable without a reference
    const r = verifyChain(cut, { expectedHead: chain[9]?.hash, expectedCount: 10 });
    expect(r).toMatchObject({ ok: false, index: 8, eventId: 'evt-7' });
    if (!r.ok) expect(r.reason).toContain('10 événements attendus, 8 présents');
    expect(verifyChain(chain, { expectedHead: chain[9]?.hash, expectedCount: 10 }).ok).toBe(true);
  });

  it('detects any single change to any event of a chain', () => {
    const chain = makeChain(6);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom('id', 'requestId', 'at', 'actor', 'type', 'data', 'prevHash', 'hash') as fc.Arbitrary<keyof JournalEvent>,
        fc.string({ minLength: 1, maxLength: 8 }),
        (index, field, suffix) => {
          const copy = chain.map((e) => ({ ...e }));
          const target = copy[index] as JournalEvent;
          (target as unknown as Record<string, unknown>)[field] =
            field === 'data' ? { changed: suffix } : `${String(target[field])}${suffix}`;
          const result = verifyChain(copy);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.index).toBeLessThanOrEqual(index + 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
