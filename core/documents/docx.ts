// A letter as a Word document (.docx), for the offices that finish letters in a word processor:
// the same blocks as the PDF (core/documents/letters.ts), A4 with the same margins. Built with
// the `docx` package in memory (Packer.toArrayBuffer: no Node built-in on this path). Loaded with
// a dynamic import by core/features/documents/files.ts, so the renderer bundle never carries it.
// The signature is the letter's own (signatureLines): the authority or its delegate for a
// decision, the DPD otherwise.
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { formatDateFr } from '../explain';
import { LETTER_LABELS, signatureLines, textBlocks, type LetterDoc } from './letters';
import { xmlSafe } from './text';

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

/** The signature block, the signer's name in bold (after the capacity line of a decision). */
function signature(doc: LetterDoc): Paragraph {
  const lines = signatureLines(doc);
  const nameAt = doc.signature?.deciding && doc.signature.title.trim() ? 1 : 0;
  return new Paragraph({
    indent: { left: Math.round(95 * MM) },
    keepLines: true,
    children: lines.map((text, i) => new TextRun({ text, ...(i === nameAt ? { bold: true } : {}), ...(i > 0 ? { break: 1 } : {}) })),
  });
}

export async function letterDocx(letter: LetterDoc): Promise<Uint8Array> {
  // Whatever the data's origin, nothing XML cannot carry reaches the file (text.ts).
  const doc = xmlSafe(letter);
  const lh = doc.letterhead;
  const contact = [lh.dpdName && `Délégué à la protection des données : ${lh.dpdName}`, lh.dpdEmail, lh.dpdPhone].filter(Boolean);
  const blocks = textBlocks(doc.body);
  // The last paragraph (the salutation) is kept on the page of the signature.
  const body = blocks.flatMap((b, n) =>
    b.type === 'p'
      ? [
          new Paragraph({
            alignment: AlignmentType.JUSTIFIED,
            spacing: { after: 140 },
            ...(n === blocks.length - 1 ? { keepNext: true, keepLines: true } : {}),
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
          new Paragraph({ spacing: { after: 240 }, keepNext: true, children: [] }),
          signature(doc),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(document));
}
