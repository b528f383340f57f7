// Reading generated PDFs in tests with pdfjs-dist (Mozilla's PDF.js, an npm package): text as
// printed lines, page count and page size. No system tool is needed beyond the Chromium that
// makes the PDFs.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

interface PositionedText {
  str: string;
  x: number;
  y: number;
  width: number;
}

export interface PdfContent {
  /** One string per page, its lines top to bottom, items on a line left to right. */
  pages: string[];
  /** Page sizes in points (A4 portrait ≈ 595 × 842). */
  sizes: { width: number; height: number }[];
}

/** Items whose baselines are this close (points) are on one printed line. */
const LINE_TOLERANCE = 2;

function linesOf(items: PositionedText[]): string {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PositionedText[][] = [];
  for (const item of sorted) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0]!.y - item.y) <= LINE_TOLERANCE) line.push(item);
    else lines.push([item]);
  }
  return lines
    .map((line) => {
      let text = '';
      let end: number | null = null;
      for (const item of line.sort((a, b) => a.x - b.x)) {
        // A visible gap between two runs on a line reads as a space, as pdftotext prints it.
        if (end !== null && item.x - end > 1 && !text.endsWith(' ') && !item.str.startsWith(' ')) text += ' ';
        text += item.str;
        end = item.x + item.width;
      }
      return text.trimEnd();
    })
    .join('\n');
}

export async function readPdf(bytes: Uint8Array): Promise<PdfContent> {
  // PDF.js takes ownership of the buffer it is given: pass a copy.
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    const sizes: PdfContent['sizes'] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      sizes.push({ width: x1 - x0, height: y1 - y0 });
      const content = await page.getTextContent();
      const items: PositionedText[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        items.push({ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width });
      }
      pages.push(linesOf(items));
    }
    return { pages, sizes };
  } finally {
    await doc.destroy();
  }
}

/** All the text of a PDF, pages separated by a form feed (as pdftotext does). */
export async function pdfTextOf(bytes: Uint8Array): Promise<string> {
  return (await readPdf(bytes)).pages.join('\n\f');
}

/** Whether a page size is A4 portrait, to the point. */
export const isA4 = (size: { width: number; height: number }) =>
  Math.abs(size.width - 595.3) < 1.5 && Math.abs(size.height - 841.9) < 1.5;
