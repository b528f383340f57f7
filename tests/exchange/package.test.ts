import { describe, expect, it } from 'vitest';
import { concatBytes, toHex, u32be, utf8 } from '../../core/exchange/bytes';
import { officeFingerprint } from '../../core/exchange/fingerprint';
import {
  FORMAT_VERSION,
  MAGIC,
  MAX_PACKAGE_BYTES,
  PackageBuildError,
  SUITE,
  asciiJson,
  encodePlaintext,
  openEnvelope,
  openPackage,
  packageFileName,
  parseFrame,
  sealEnvelope,
  type EnvelopeHeader,
  type ExchangeRecord,
  type OpenPackageResult,
  type PackageManifest,
} from '../../core/exchange/package';
import { AGREEMENT, OTHER_AGREEMENT, build, changes, makeOffice, openInput, type TestOffice } from './offices';

const commune = makeOffice('Mairie de Farges-lès-Chalon');
const academie = makeOffice('Académie de Dijon — DPD');

function codes(result: OpenPackageResult): string[] {
  return result.ok ? [] : result.problems.map((p) => p.code);
}

function messages(result: OpenPackageResult): string {
  return result.ok ? '' : result.problems.map((p) => p.message).join('\n');
}

function header(sender: TestOffice, receiver: TestOffice): EnvelopeHeader {
  return {
    suite: SUITE,
    sender: { officeId: sender.card.officeId, name: sender.card.name, signingKey: sender.card.keys.signingKey, encryptionKey: sender.card.keys.encryptionKey },
    receiver: { officeId: receiver.card.officeId, encryptionKey: receiver.card.keys.encryptionKey },
  };
}

/** A validly sealed and signed package whose manifest or records the test chooses (a lying sender). */
function forge(sender: TestOffice, receiver: TestOffice, edit: (m: PackageManifest) => PackageManifest, records: ExchangeRecord[], recordsText?: string): Uint8Array {
  const built = build(sender, receiver, { records });
  const recordsBytes = recordsText === undefined ? asciiJson(records) : utf8(recordsText);
  return sealEnvelope(sender.crypto, header(sender, receiver), encodePlaintext(edit(built.manifest), recordsBytes));
}

describe('buildPackage / openPackage', () => {
  it('round trip: the receiver gets the records, the manifest and its next state', () => {
    const records = changes(commune, 1, 6);
    const built = build(commune, academie, {
      records,
      acknowledges: { package: 2, changes: [{ office: academie.card.officeId, upTo: 9 }] },
    });
    expect(built.fileName).toBe('FAR-mairie-de-farges-les-chalon-20260314-153012.dsrpkg');
    expect(built.manifest).toMatchObject({
      packageNumber: 1,
      sender: { officeId: commune.card.officeId, fingerprint: officeFingerprint(commune.card.keys, commune.crypto.sha256) },
      receiver: { officeId: academie.card.officeId, fingerprint: officeFingerprint(academie.card.keys, academie.crypto.sha256) },
      agreement: AGREEMENT,
      appVersion: '0.1.0',
      changes: [{ office: commune.card.officeId, from: 1, to: 6 }],
      counts: { request: 1, event: 4, suspension: 1 },
      recordCount: 6,
      contentHash: toHex(commune.crypto.sha256(asciiJson(records))),
      acknowledges: { package: 2, changes: [{ office: academie.card.officeId, upTo: 9 }] },
    });

    const result = openPackage(openInput(academie, commune, built.bytes, { ownLastSequence: 9 }));
    expect(messages(result)).toBe('');
    if (!result.ok) return;
    expect(result.value.records).toEqual(records);
    expect(result.value.fresh).toEqual(records);
    expect(result.value.manifest).toEqual(built.manifest);
    expect(result.value.nextState).toEqual({ lastPackage: 1, received: { [commune.card.officeId]: 6 } });
  });

  it('records are written as ASCII JSON (every other character escaped), read back to the same values', () => {
    const value = [{ note: 'Demande d’accès — élève Zoé Lefèvre 😀 Œ ß', odd: '\ud800', ctl: '\u007f\u0000' }];
    const bytes = concatBytes(asciiJson(value));
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    const text = new TextDecoder().decode(bytes);
    expect(text).toMatch(/^\[\n[\x20-\x7f]*\n\]$/);
    expect(text).toContain('\\u00e8ve');
    // Each character as JSON.stringify writes it, escaped: 2-, 3- and 4-byte UTF-8 alike.
    expect(text).toContain('\\u2019acc\\u00e8s \\u2014');
    expect(text).toContain('\\ud83d\\ude00');
    expect(text).toContain('\\ud800');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('a large package’s records are written in parts of about a megabyte, read back as one JSON', () => {
    const records = Array.from({ length: 20_000 }, (_, i) => ({ kind: 'event', seq: i + 1, data: { actor: "L'académie", note: `Élève n° ${i} — d’accord 😀` } }));
    const parts = asciiJson(records);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts.slice(0, -1)) expect(part.length).toBeGreaterThan(900_000);
    const text = new TextDecoder().decode(concatBytes(parts));
    expect(text).toMatch(/^[\n\x20-\x7f]*$/);
    expect(JSON.parse(text)).toEqual(records);
    // One record per line, each as JSON.stringify writes it, escaped.
    expect(text.replace(/\\u([0-9a-f]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))).toBe(`[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]`);
  });

  it('records written as raw UTF-8 JSON (packages of earlier versions) still open', () => {
    const records = changes(commune, 1, 4);
    const text = JSON.stringify(records);
    expect(text).toContain('élève');
    const bytes = forge(commune, academie, (m) => ({ ...m, contentHash: toHex(commune.crypto.sha256(utf8(text))) }), records, text);
    const result = openPackage(openInput(academie, commune, bytes));
    expect(messages(result)).toBe('');
    expect(result.ok && result.value.records).toEqual(records);
  });

  it('records are read one per line; a text that starts with a line break must keep to one record per line', () => {
    const records = changes(commune, 1, 4);
    const lines = `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]`;
    const open = (text: string) =>
      openPackage(openInput(academie, commune, forge(commune, academie, (m) => ({ ...m, contentHash: toHex(commune.crypto.sha256(utf8(text))) }), records, text)));
    const read = open(lines);
    expect(messages(read)).toBe('');
    expect(read.ok && read.value.records).toEqual(records);
    // Valid JSON all the same, but a record split over two lines, or two on one line: refused.
    const split = lines.replace('{"kind":"event"', '{\n"kind":"event"');
    expect(JSON.parse(split)).toEqual(records);
    expect(messages(open(split))).toMatch(/illisibles : JSON illisible/);
    expect(messages(open(lines.replace(',\n{', ',{')))).toMatch(/illisibles : JSON illisible/);
  });

  it('records are handed over in order until one is refused; each refused one is reported', () => {
    const records = changes(commune, 1, 6);
    const bad = records.map((r) => (r.seq === 3 || r.seq === 5 ? { ...r, seq: -r.seq } : r)) as ExchangeRecord[];
    const text = new TextDecoder().decode(concatBytes(asciiJson(bad)));
    const bytes = forge(commune, academie, (m) => ({ ...m, contentHash: toHex(commune.crypto.sha256(utf8(text))) }), records, text);
    const opened = openEnvelope(openInput(academie, commune, bytes));
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const seen: number[] = [];
    const problems = opened.value.readRecords((record) => seen.push(record.seq));
    expect(seen).toEqual([1, 2]);
    expect(problems.map((p) => p.message).join(' ')).toMatch(/changement n° 3 : .*seq.* ; changement n° 5 : .*seq/);
  });

  it('the plaintext is not in the file: neither the records nor the agreement', () => {
    const built = build(commune, academie);
    const text = Buffer.from(built.bytes).toString('latin1');
    expect(text).not.toContain('FAR-2026');
    expect(text).not.toContain(AGREEMENT.id);
    expect(text).not.toContain('Zoé');
    // Two packages of the same content differ (fresh ephemeral key each time).
    expect(Buffer.from(build(commune, academie).bytes).equals(Buffer.from(built.bytes))).toBe(false);
  });

  it('a package with no change only acknowledges, and is accepted', () => {
    const built = build(commune, academie, { records: [], packageNumber: 3, acknowledges: { package: 1, changes: [{ office: academie.card.officeId, upTo: 4 }] } });
    const result = openPackage(openInput(academie, commune, built.bytes, { state: { lastPackage: 2, received: { [commune.card.officeId]: 8 } } }));
    expect(messages(result)).toBe('');
    if (result.ok) {
      expect(result.value.fresh).toEqual([]);
      expect(result.value.manifest.acknowledges.changes).toEqual([{ office: academie.card.officeId, upTo: 4 }]);
      expect(result.value.nextState).toEqual({ lastPackage: 3, received: { [commune.card.officeId]: 8 } });
    }
  });

  it('a flipped byte anywhere in the file is refused', () => {
    const { bytes } = build(commune, academie, { records: changes(commune, 1, 2) });
    const seen = new Set<string>();
    for (let i = 0; i < bytes.length; i += 1) {
      for (const mask of [0x01, 0x80]) {
        const copy = Uint8Array.from(bytes);
        copy[i] = (copy[i] ?? 0) ^ mask;
        const result = openPackage(openInput(academie, commune, copy));
        expect(result.ok, `byte ${i} ^ ${mask}`).toBe(false);
        for (const code of codes(result)) seen.add(code);
      }
    }
    // Most flips break the signature; the framing bytes are caught before it.
    expect(seen).toContain('SIGNATURE_INVALIDE');
    expect(seen).toContain('PAS_UN_PAQUET');
    expect([...seen].every((c) => ['SIGNATURE_INVALIDE', 'PAS_UN_PAQUET', 'VERSION_INCONNUE', 'TRONQUE', 'ALTERE', 'EN_TETE_INVALIDE'].includes(c))).toBe(true);
  });

  it('a truncated or extended file is refused', () => {
    const { bytes } = build(commune, academie);
    for (let length = 0; length < bytes.length; length += 1) {
      const result = openPackage(openInput(academie, commune, bytes.subarray(0, length)));
      expect(result.ok, `length ${length}`).toBe(false);
    }
    const cut = openPackage(openInput(academie, commune, bytes.subarray(0, bytes.length - 100)));
    expect(codes(cut)).toEqual(['TRONQUE']);
    expect(messages(cut)).toContain('tronqué');
    const longer = openPackage(openInput(academie, commune, Uint8Array.from([...bytes, 0])));
    expect(codes(longer)).toEqual(['ALTERE']);
  });

  it('a file that is not a package, or from a newer version, is refused with a French message', () => {
    expect(messages(openPackage(openInput(academie, commune, utf8('{"hello":1}'))))).toContain("n'est pas un paquet d'échange");
    const { bytes } = build(commune, academie);
    const newer = Uint8Array.from(bytes);
    newer[MAGIC.length - 1] = FORMAT_VERSION + 1;
    expect(messages(openPackage(openInput(academie, commune, newer)))).toContain('version plus récente');
  });

  it('a package in the earlier format 1 (requests only, from an install not yet updated) still opens; its format byte is under the signature', () => {
    const { bytes, manifest } = build(commune, academie, { formatVersion: 1 });
    expect(manifest.version).toBe(1);
    expect(bytes[MAGIC.length - 1]).toBe(1);
    const opened = openPackage(openInput(academie, commune, bytes));
    expect(opened.ok && opened.value.manifest.version).toBe(1);
    const relabelled = Uint8Array.from(bytes);
    relabelled[MAGIC.length - 1] = 2;
    expect(codes(openPackage(openInput(academie, commune, relabelled)))).toEqual(['SIGNATURE_INVALIDE']);
  });

  it('a file over the size limit is refused before anything is parsed', () => {
    const huge = new Uint8Array(MAX_PACKAGE_BYTES + 1);
    huge.set(MAGIC);
    const result = openPackage(openInput(academie, commune, huge));
    expect(codes(result)).toEqual(['TROP_VOLUMINEUX']);
    expect(messages(result)).toContain('64 Mo');
  });

  it('a package for another office is refused', () => {
    const mairieVoisine = makeOffice('Mairie voisine');
    const built = build(commune, mairieVoisine);
    const result = openPackage(openInput(academie, commune, built.bytes));
    expect(codes(result)).toEqual(['AUTRE_DESTINATAIRE']);
    expect(messages(result)).toContain('destiné à un autre office');
  });

  it('a package sealed for an old key of this office is refused', () => {
    const academieBefore = makeOffice('Académie de Dijon — DPD', academie.card.officeId);
    const built = build(commune, academieBefore);
    const result = openPackage(openInput(academie, commune, built.bytes));
    expect(codes(result)).toEqual(['ANCIENNE_CLE_DESTINATAIRE']);
    expect(messages(result)).toContain(officeFingerprint(academie.card.keys, academie.crypto.sha256));
  });

  it('a package from an office that is not paired is refused', () => {
    const built = build(commune, academie);
    const unpaired = openPackage(openInput(academie, null, built.bytes));
    expect(codes(unpaired)).toEqual(['NON_APPAIRE']);
    expect(messages(unpaired)).toContain('par téléphone');

    const stranger = makeOffice('Mairie inconnue');
    const fromStranger = build(stranger, academie, { records: changes(stranger, 1, 2) });
    const foreign = openPackage(openInput(academie, commune, fromStranger.bytes));
    expect(codes(foreign)).toEqual(['EXPEDITEUR_INCONNU']);
    expect(messages(foreign)).toContain('« Mairie inconnue »');
  });

  it("a sender whose keys changed is refused until its fingerprint is checked by phone", () => {
    const communeNewKeys = makeOffice(commune.card.name, commune.card.officeId);
    const built = build(communeNewKeys, academie);
    const result = openPackage(openInput(academie, commune, built.bytes));
    expect(codes(result)).toEqual(['CLE_EXPEDITEUR_CHANGEE']);
    const message = messages(result);
    expect(message).toContain('Vérifiez la nouvelle empreinte par téléphone');
    expect(message).toContain(officeFingerprint(communeNewKeys.card.keys, communeNewKeys.crypto.sha256));
    expect(message).toContain(officeFingerprint(commune.card.keys, commune.crypto.sha256));
  });

  it('another office cannot pass its package off as the paired one', () => {
    // It names the paired office's keys in the header but signs with its own: bad signature.
    const impostor = makeOffice('Imposteur');
    const forged = sealEnvelope(impostor.crypto, header(commune, academie), encodePlaintext(build(commune, academie).manifest, utf8('[]')));
    expect(codes(openPackage(openInput(academie, commune, forged)))).toEqual(['SIGNATURE_INVALIDE']);
  });

  it('a package for another agreement is refused', () => {
    const built = build(commune, academie, { agreement: OTHER_AGREEMENT });
    const result = openPackage(openInput(academie, commune, built.bytes));
    expect(codes(result)).toEqual(['AUTRE_CONVENTION']);
    expect(messages(result)).toContain('convention « VIL », pas la convention « FAR »');
  });

  describe('order', () => {
    const first = build(commune, academie, { packageNumber: 1, records: changes(commune, 1, 3) });
    const second = build(commune, academie, { packageNumber: 2, records: changes(commune, 4, 5) });

    it('imports in order, then refuses the old package replayed', () => {
      const r1 = openPackage(openInput(academie, commune, first.bytes));
      if (!r1.ok) throw new Error(messages(r1));
      const r2 = openPackage(openInput(academie, commune, second.bytes, { state: r1.value.nextState }));
      if (!r2.ok) throw new Error(messages(r2));
      expect(r2.value.nextState).toEqual({ lastPackage: 2, received: { [commune.card.officeId]: 5 } });

      const replay = openPackage(openInput(academie, commune, first.bytes, { state: r2.value.nextState }));
      expect(codes(replay)).toEqual(['DEJA_IMPORTE']);
      expect(messages(replay)).toContain('plus ancien que le paquet n° 2');
      const twice = openPackage(openInput(academie, commune, second.bytes, { state: r2.value.nextState }));
      expect(messages(twice)).toContain('a déjà été importé');
    });

    it('refuses a package that leaves a gap', () => {
      const result = openPackage(openInput(academie, commune, second.bytes));
      expect(codes(result)).toEqual(['CHANGEMENTS_MANQUANTS']);
      expect(messages(result)).toContain('Il manque les changements n° 1 à 3');
    });

    it('accepts a newer package that overlaps what was received, and keeps only the new changes', () => {
      const r1 = openPackage(openInput(academie, commune, first.bytes));
      if (!r1.ok) throw new Error(messages(r1));
      // Sent again before the acknowledgement arrived: 1..5 in package 2.
      const again = build(commune, academie, { packageNumber: 2, records: changes(commune, 1, 5) });
      const r2 = openPackage(openInput(academie, commune, again.bytes, { state: r1.value.nextState }));
      if (!r2.ok) throw new Error(messages(r2));
      expect(r2.value.fresh.map((r) => r.seq)).toEqual([4, 5]);
      expect(r2.value.records).toHaveLength(5);
    });

    it('refuses an acknowledgement of changes this office never wrote', () => {
      const built = build(commune, academie, { acknowledges: { package: 1, changes: [{ office: academie.card.officeId, upTo: 12 }] } });
      const result = openPackage(openInput(academie, commune, built.bytes, { ownLastSequence: 10 }));
      expect(codes(result)).toEqual(['ACCUSE_INCOHERENT']);
    });
  });

  describe('a signed package whose manifest does not match its content', () => {
    const records = changes(commune, 1, 4);

    it('content hash mismatch', () => {
      const forged = forge(commune, academie, (m) => ({ ...m, contentHash: '0'.repeat(64) }), records);
      expect(codes(openPackage(openInput(academie, commune, forged)))).toEqual(['EMPREINTE_CONTENU']);
    });

    it('records dropped (truncated content, hash recomputed)', () => {
      const kept = records.slice(0, 2);
      const forged = forge(
        commune,
        academie,
        (m) => ({ ...m, contentHash: toHex(commune.crypto.sha256(utf8(JSON.stringify(kept)))) }),
        records,
        JSON.stringify(kept),
      );
      const result = openPackage(openInput(academie, commune, forged));
      expect(codes(result)).toEqual(['COMPTES_INCOHERENTS', 'PLAGE_INCOHERENTE']);
      expect(messages(result)).toContain('annonce 4 changement(s)');
    });

    it('a record that breaks the schema, or a gap inside the range', () => {
      const bad = [...records.slice(0, 3), { kind: 'event', office: commune.card.officeId, seq: 'quatre' }];
      const text = JSON.stringify(bad);
      const forged = forge(commune, academie, (m) => ({ ...m, contentHash: toHex(commune.crypto.sha256(utf8(text))) }), records, text);
      const result = openPackage(openInput(academie, commune, forged));
      expect(codes(result)).toEqual(['ENREGISTREMENTS_INVALIDES']);
      expect(messages(result)).toContain('changement n° 4 : champ « seq »');

      const gap = [...records.slice(0, 2), records[3] as ExchangeRecord];
      const gapText = JSON.stringify(gap);
      const forgedGap = forge(commune, academie, (m) => ({ ...m, contentHash: toHex(commune.crypto.sha256(utf8(gapText))), recordCount: 3, counts: { request: 1, event: 2 } }), records, gapText);
      expect(codes(openPackage(openInput(academie, commune, forgedGap)))).toEqual(['PLAGE_INCOHERENTE']);
    });

    it('a manifest naming another sender than the signer', () => {
      const forged = forge(commune, academie, (m) => ({ ...m, sender: { ...m.sender, name: 'Quelqu’un d’autre' } }), records);
      expect(codes(openPackage(openInput(academie, commune, forged)))).toEqual(['MANIFESTE_INCOHERENT']);
    });

    it('an invalid manifest', () => {
      const built = build(commune, academie);
      const manifestBytes = utf8(JSON.stringify({ ...built.manifest, extra: true }));
      const plaintext = new Uint8Array([...u32be(manifestBytes.length), ...manifestBytes, ...utf8('[]')]);
      const forged = sealEnvelope(commune.crypto, header(commune, academie), plaintext);
      const result = openPackage(openInput(academie, commune, forged));
      expect(codes(result)).toEqual(['MANIFESTE_INVALIDE']);
      expect(messages(result)).toContain('champ(s) inattendu(s) « extra »');
    });
  });

  it('refuses to build an invalid package', () => {
    expect(() => build(commune, academie, { records: [...changes(commune, 1, 2), ...changes(commune, 4, 4)] })).toThrow(PackageBuildError);
    expect(() => build(commune, academie, { packageNumber: 0 })).toThrow(/packageNumber/);
    expect(() => build(commune, academie, { createdAt: '14/03/2026' })).toThrow(/createdAt/);
    // Public keys that are not this office's: nothing is produced.
    expect(() => build({ ...commune, card: { ...commune.card, keys: academie.card.keys } }, academie)).toThrow(/ne correspondent pas/);
  });

  it('parseFrame splits a package into its parts', () => {
    const { bytes } = build(commune, academie);
    const frame = parseFrame(bytes);
    if ('problem' in frame) throw new Error(frame.problem.message);
    expect(JSON.parse(Buffer.from(frame.headerBytes).toString('utf8'))).toEqual(header(commune, academie));
    expect(frame.ephemeralPublicKey).toHaveLength(32);
    expect(frame.signature).toHaveLength(64);
  });

  it('file names are ASCII and sortable', () => {
    expect(packageFileName('far', 'Académie de Dijon — DPD', '2026-01-02T03:04:05.678Z')).toBe('FAR-academie-de-dijon-dpd-20260102-030405.dsrpkg');
    expect(packageFileName('X', '***', '2026-01-02T03:04:05Z')).toBe('X-office-20260102-030405.dsrpkg');
  });

  it('seals and opens a 20 MB payload (timing printed)', () => {
    const blob = 'x'.repeat(1000);
    const records: ExchangeRecord[] = [];
    for (let seq = 1; seq <= 20_000; seq += 1) records.push({ kind: 'event', office: commune.card.officeId, seq, data: { blob } });
    const t0 = performance.now();
    const built = build(commune, academie, { records });
    const t1 = performance.now();
    const result = openPackage(openInput(academie, commune, built.bytes));
    const t2 = performance.now();
    expect(messages(result)).toBe('');
    expect(result.ok && result.value.fresh.length).toBe(20_000);
    console.log(
      `exchange package: ${(built.bytes.length / 1e6).toFixed(1)} MB, 20,000 records; build (serialise + hash + seal + sign + self-check) ${(t1 - t0).toFixed(0)} ms, open (verify + decrypt + hash + parse + checks) ${(t2 - t1).toFixed(0)} ms`,
    );
  }, 60_000); // 20 MB sealed and opened: slow on a loaded machine
});
