// Helpers of the documents tests: a host whose PDFs are printed by the machine's Chromium (as in
// browser mode), PDF text through poppler, .docx/.xlsx zip entries, and a Versailles scenario.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, expect } from 'vitest';
import type { ApiResult, CallInput, CallName, CallOutput, NewRequest } from '../../core/api/contract';
import { createBrowserPdfRenderer } from '../../electron/documents/pdf';
import { openHost } from '../../electron/host';
import { fixedClock, type TestHost } from './host';

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

function withPdfFile<T>(base64: string, fn: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'dsr-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, Buffer.from(base64, 'base64'));
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Text of a PDF, through poppler's pdftotext (layout kept, so lines read as printed). */
export const pdfText = (base64: string): string =>
  withPdfFile(base64, (file) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));

/** Number of pages of a PDF, after checking they are A4. */
export const pdfPages = (base64: string): number =>
  withPdfFile(base64, (file) => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    return Number(/Pages:\s+(\d+)/.exec(info)![1]);
  });

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
  ...over,
});
