// A breach document (core/breaches/form.ts) as a Word file, for the offices that complete it in a
// word processor: the same sections as the PDF, A4. Built with the `docx` package in memory;
// loaded with a dynamic import so the renderer's bundle never carries it.
import { BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { BreachDoc } from './form';

const MM = 56.7; // twips per millimetre
const border = { style: BorderStyle.SINGLE, size: 2, color: 'BBBBBB' };
const borders = { top: border, bottom: border, left: border, right: border };

export async function breachDocx(doc: BreachDoc): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ children: [new TextRun({ text: doc.office.name, bold: true })] }),
    ...doc.office.lines.map((l) => new Paragraph({ children: [new TextRun({ text: l, size: 18 })] })),
    new Paragraph({ spacing: { before: 200 }, children: [new TextRun({ text: `Référence : ${doc.reference}`, bold: true })] }),
    new Paragraph({ spacing: { before: 200 }, children: [new TextRun({ text: doc.title, bold: true, size: 26 })] }),
    new Paragraph({ spacing: { after: 200 }, children: [new TextRun({ text: doc.subtitle })] }),
  ];
  for (const s of doc.sections) {
    children.push(new Paragraph({ spacing: { before: 240, after: 80 }, keepNext: true, children: [new TextRun({ text: s.heading, bold: true })] }));
    if (s.lines?.length) {
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: s.lines.map(
            (l) =>
              new TableRow({
                cantSplit: true,
                children: [
                  new TableCell({ borders, width: { size: 38, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text: l.label, bold: true })] })] }),
                  new TableCell({ borders, width: { size: 62, type: WidthType.PERCENTAGE }, children: l.value.split('\n').map((t) => new Paragraph({ text: t })) }),
                ],
              }),
          ),
        }),
      );
    }
    for (const p of s.paragraphs ?? []) children.push(new Paragraph({ spacing: { after: 120 }, text: p }));
  }
  children.push(new Paragraph({ spacing: { before: 360 }, children: [new TextRun({ text: doc.footer, size: 16 })] }));
  const document = new Document({
    creator: doc.office.name || 'Registre des droits ENT',
    title: `${doc.title} ${doc.reference}`,
    styles: { default: { document: { run: { font: 'Arial', size: 20 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: Math.round(18 * MM), right: Math.round(18 * MM), bottom: Math.round(20 * MM), left: Math.round(20 * MM) },
          },
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(document));
}
