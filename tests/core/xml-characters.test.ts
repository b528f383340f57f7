// Characters XML cannot carry (C0 controls other than tab, line feed and carriage return; lone
// surrogates; U+FFFE, U+FFFF and the other non-characters): refused at input with a French
// message naming the character, and stripped from every DOCX and XLSX on the way out, so no file
// is malformed whatever got into the data (an older row, a package from the other office).
import { DOMParser } from '@xmldom/xmldom';
import { unzipSync, strFromU8 } from 'fflate';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { newRequestSchema } from '../../core/features/requests/calls';
import { letterDocx } from '../../core/documents/docx';
import { stripXmlForbidden, xmlForbiddenCharacter } from '../../core/documents/text';
import type { LetterDoc } from '../../core/documents/letters';
import type { WorkbookSpec } from '../../core/documents/workbook';
import { writeWorkbook } from '../../core/documents/xlsx';

const HOSTILE = ['\uFFFE', '\uFFFF', '\uD800', '\uDFFF', '\u0000', '\u0001', '\u000B', '\u001F', '\uFDD0', '\u{1FFFE}', '\u{10FFFF}'];
const KEPT = 'Inès\tO’Brien\nl’école 😀 — « ok » & <b> \u00A0';
const dirty = (s: string) => HOSTILE.map((c, i) => `${s}${i}${c}`).join('');
const clean = (s: string) => HOSTILE.map((_, i) => `${s}${i}`).join('');

/**
 * Every XML part of a zip (DOCX, XLSX): only characters XML 1.0 allows (§2.2 Char, which the
 * parser below does not check itself), and parsed by xmldom without error.
 */
function xmlParts(bytes: Uint8Array): Map<string, string> {
  const parts = new Map<string, string>();
  for (const [name, content] of Object.entries(unzipSync(bytes))) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const xml = strFromU8(content);
    expect(xmlForbiddenCharacter(xml), name).toBeNull();
    const errors: string[] = [];
    const onError = (level: string, message: string) => void (level !== 'warning' && errors.push(`${name}: ${message}`));
    new DOMParser({ errorHandler: onError }).parseFromString(xml, 'text/xml');
    expect(errors).toEqual([]);
    parts.set(name, xml);
  }
  return parts;
}

describe('characters XML forbids', () => {
  it('are found with their code point and position; tab, line feed, carriage return, emoji and accents are kept', () => {
    expect(xmlForbiddenCharacter('ab\uFFFEc')).toEqual({ code: 'U+FFFE', position: 3 });
    expect(xmlForbiddenCharacter('😀\uD800')).toEqual({ code: 'U+D800', position: 2 });
    expect(xmlForbiddenCharacter('\u{1FFFF}')).toEqual({ code: 'U+1FFFF', position: 1 });
    expect(xmlForbiddenCharacter(KEPT)).toBeNull();
    expect(xmlForbiddenCharacter('a\r\nb')).toBeNull();
    expect(stripXmlForbidden(dirty('x'))).toBe(clean('x'));
  });

  it('are refused in what a user types, in French, naming the field, the character and where it is', () => {
    for (const c of HOSTILE) {
      const parsed = newRequestSchema.safeParse({
        agreementId: 'a',
        receivedOn: '2026-11-20',
        channel: 'commune',
        medium: 'email',
        requesterName: `Inès${c}Martin`,
        requesterCategory: 'parent',
        rights: ['access'],
      });
      expect(parsed.success, JSON.stringify(c)).toBe(false);
      const message = parsed.error!.issues.map((i) => i.message).join(' ');
      expect(message).toMatch(/^Nom du demandeur : caractère invisible non autorisé \(U\+[0-9A-F]{4,6}, en position 5\) : retirez-le ou retapez le texte\.$/);
    }
  });

  it('never reach a DOCX letter: every part parses as XML and the text reads without them', async () => {
    const doc: LetterDoc = {
      kind: 'acknowledgement',
      date: '2026-11-25',
      reference: dirty('FAR-A-2026-'),
      subject: dirty('Objet'),
      body: `${dirty('Madame')}\n\n- ${dirty('point')}\n\n${KEPT}`,
      letterhead: { officeName: dirty('Office'), address: dirty('1 rue'), city: dirty('Ville'), dpdName: dirty('DPD'), dpdEmail: 'dpd@example.fr', dpdPhone: dirty('01') },
      recipient: { name: dirty('Destinataire'), lines: [dirty('ligne')] },
      concerning: dirty('Léo'),
      templateVersion: 1,
      signature: { title: '', name: dirty('Signataire'), role: 'Délégué à la protection des données', office: dirty('Office'), deciding: false },
    };
    const parts = xmlParts(await letterDocx(doc));
    const text = (parts.get('word/document.xml') ?? '').replace(/<[^>]+>/g, '');
    for (const s of ['Objet', 'Madame', 'point', 'Destinataire', 'ligne', 'Léo', 'Signataire']) expect(text).toContain(clean(s));
    expect(text).toContain('l’école 😀 — « ok » &amp; &lt;b&gt;');
  });

  it('never reach an XLSX workbook: every part parses as XML and SheetJS reads the cells without them', () => {
    const spec: WorkbookSpec = {
      title: dirty('Titre'),
      author: dirty('Auteur'),
      sheets: [
        {
          name: 'Feuille',
          headers: [dirty('En-tête')],
          widths: [20],
          hidden: [],
          table: true,
          rows: [[{ t: 's', v: dirty('cellule') }], [{ t: 's', v: KEPT }], [{ t: 's', v: `=${dirty('formule')}` }]],
        },
      ],
    };
    const bytes = writeWorkbook(spec);
    xmlParts(bytes);
    const wb = XLSX.read(bytes, { type: 'array' });
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets.Feuille!, { header: 1 });
    expect(rows).toEqual([[clean('En-tête')], [clean('cellule')], [KEPT], [`=${clean('formule')}`]]);
    expect(wb.Props?.Title).toBe(clean('Titre'));
  });
});
