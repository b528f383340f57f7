// Helpers of the documents tests: a host whose PDFs are printed by the machine's Chromium (as in
// browser mode), PDF text through PDF.js (tests/helpers/pdf.ts), .docx/.xlsx zip entries, and a
// Versailles scenario.
import * as XLSX from 'xlsx';
import { afterAll, expect } from 'vitest';
import type { ApiResult, CallInput, CallName, CallOutput, NewRequest } from '../../core/api/contract';
import { createBrowserPdfRenderer } from '../../electron/documents/pdf';
import { openHost } from '../../electron/host';
import { fixedClock, type TestHost } from './host';
import { isA4, readPdf } from './pdf';

/** One Chromium per test file, closed after it; hosts made by the returned function print with it. */
export function usePdfHosts(): (dataDir: string, today: string) => TestHost {
  const pdf = createBrowserPdfRenderer();
  afterAll(() => pdf.close());
  return (dataDir, today) => {
    const host = openHost(dataDir, { clock: fixedClock(today), pdf: { renderPdf: (html) => pdf.renderPdf(html) } });
    return {
      ...host,
      async ok<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
        const r = await host.call(name, input);
        if (!r.ok) throw new Error(`${name} refusé : ${r.error.code} ${r.error.message}`);
        return r.value as CallOutput<N>;
      },
      async fail(name: CallName, input: unknown) {
        const r = (await host.call(name, input)) as ApiResult;
        if (r.ok) throw new Error(`${name} aurait dû être refusé, a rendu ${JSON.stringify(r.value)}`);
        return r.error;
      },
    };
  };
}

const bytesOf = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

/** Text of a PDF, lines as printed, pages separated by a form feed. */
export const pdfText = async (base64: string): Promise<string> => (await readPdf(bytesOf(base64))).pages.join('\n\f');

/** Number of pages of a PDF, after checking they are all A4 portrait. */
export async function pdfPages(base64: string): Promise<number> {
  const { sizes } = await readPdf(bytesOf(base64));
  for (const size of sizes) expect(isA4(size), `page de ${size.width} × ${size.height} pt, A4 attendu`).toBe(true);
  return sizes.length;
}

/** Entries of a zip file (.docx, .xlsx) as text, read with SheetJS's zip reader. */
export function zipEntries(bytes: Uint8Array): Map<string, string> {
  const lib = XLSX as unknown as { CFB?: typeof XLSX.CFB; default?: { CFB: typeof XLSX.CFB } };
  const cfb = (lib.CFB ?? lib.default!.CFB)!;
  const zip = cfb.read(Buffer.from(bytes), { type: 'buffer' });
  const out = new Map<string, string>();
  zip.FullPaths.forEach((p: string, i: number) => {
    const c = zip.FileIndex[i]!.content;
    if (c && c.length) out.set(p.replace(/^Root Entry\//, ''), Buffer.from(c as Uint8Array).toString('utf8'));
  });
  return out;
}

/** The text of a .docx body: paragraphs and line breaks as new lines. */
export function docxText(base64: string): string {
  const xml = zipEntries(Buffer.from(base64, 'base64')).get('word/document.xml') ?? '';
  return xml
    .replace(/<w:br\/>/g, '\n')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export async function versailles(host: TestHost) {
  await host.ok('office.set', { party: 'academie' });
  const { agreement } = await host.ok('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  return agreement;
}

/** A parent writing to the académie about a minor pupil. */
export const parentRequest = (agreementId: string, over: Partial<NewRequest> = {}): NewRequest => ({
  agreementId,
  receivedOn: '2026-11-20',
  channel: 'academie',
  medium: 'letter',
  requesterName: 'Claire Martin',
  requesterContact: '12 rue des Lilas\n92260 Fontenay-aux-Roses',
  requesterCategory: 'parent',
  subjectName: 'Léo Martin',
  subjectIsMinor: true,
  subjectRelation: 'mère',
  rights: ['access', 'erasure'],
  identityDocumentsMissing: ["Justificatif de l'autorité parentale (livret de famille)"],
  confirmedDate: true,
  ...over,
});
