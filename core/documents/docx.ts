// A letter as a Word document (.docx), for the offices that finish letters in a word processor:
// the same blocks as the PDF (core/documents/letters.ts), A4 with the same margins. Built with
// the `docx` package in memory (Packer.toArrayBuffer: no Node built-in on this path). Loaded with
// a dynamic import by core/api/documents.ts, so the renderer bundle never carries it.
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { formatDateFr } from '../explain';
import { LETTER_LABELS, textBlocks, type LetterDoc } from './letters';

const MM = 56.7; // twips per millimetre
const FONT = 'Arial';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function multiline(items: string[], opts: { bold?: boolean; indentMm?: number; afterPt?: number } = {}): Paragraph {
  return new Paragraph({
    ...(opts.indentMm ? { indent: { left: Math.round(opts.indentMm * MM) } } : {}),
    spacing: { after: (opts.afterPt ?? 0) * 20 },
    children: items.map(
      (text, i) => new TextRun({ text, ...(opts.bold && i === 0 ? { bold: true } : {}), ...(i > 0 ? { break: 1 } : {}) }),
    ),
  });
}

function labelled(label: string, value: string): Paragraph {
  return new Paragraph({ spacing: { after: 40 }, children: [new TextRun({ text: `${label} : `, bold: true }), new TextRun({ text: value })] });
}

export async function letterDocx(doc: LetterDoc): Promise<Uint8Array> {
  const lh = doc.letterhead;
  const contact = [lh.dpdName && `Délégué à la protection des données : ${lh.dpdName}`, lh.dpdEmail, lh.dpdPhone].filter(Boolean);
  const body = textBlocks(doc.body).flatMap((b) =>
    b.type === 'p'
      ? [
          new Paragraph({
            alignment: AlignmentType.JUSTIFIED,
            spacing: { after: 140 },
            children: b.lines.map((text, i) => new TextRun({ text, ...(i > 0 ? { break: 1 } : {}) })),
          }),
        ]
      : b.items.map((text, i) => new Paragraph({ text, bullet: { level: 0 }, spacing: { after: i === b.items.length - 1 ? 140 : 40 } })),
  );
  const document = new Document({
    creator: lh.officeName || 'Registre des droits ENT',
    title: `${LETTER_LABELS[doc.kind]} ${doc.reference}`,
    styles: { default: { document: { run: { font: FONT, size: 20 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: Math.round(18 * MM), right: Math.round(18 * MM), bottom: Math.round(20 * MM), left: Math.round(20 * MM) },
          },
        },
        children: [
          multiline([lh.officeName, ...lines(lh.address)], { bold: true, afterPt: 4 }),
          multiline(contact, { afterPt: 24 }),
          multiline([doc.recipient.name, ...doc.recipient.lines], { bold: true, indentMm: 95, afterPt: 24 }),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            spacing: { after: 400 },
            children: [new TextRun({ text: `${lh.city.trim() ? `${lh.city.trim()}, le ` : 'Le '}${formatDateFr(doc.date)}` })],
          }),
          labelled('Objet', doc.subject),
          labelled('Référence', doc.reference),
          ...(doc.concerning ? [labelled('Personne concernée', doc.concerning)] : []),
          new Paragraph({ spacing: { after: 240 }, children: [] }),
          ...body,
          new Paragraph({ spacing: { after: 240 }, children: [] }),
          multiline([lh.dpdName, 'Délégué à la protection des données', lh.officeName].filter(Boolean), { bold: true, indentMm: 95 }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(document));
}
