// The browser mode's PDF printer (electron/documents/pdf.ts) keeps its page open between
// documents: nothing of one document may show in the next, documents printed at the same time
// must each come out whole, and the kept page still runs no script and fetches nothing.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { documentHtml } from '../../core/documents/letter-doc';
import { createBrowserPdfRenderer } from '../../electron/documents/pdf';
import { isA4, readPdf } from '../helpers/pdf';

const pdf = createBrowserPdfRenderer();
afterAll(() => pdf.close());

const letter = (text: string) => documentHtml('Courrier', `<div class="doc letter"><p>${text}</p></div>`);
const agenda = (text: string) => documentHtml('Ordre du jour', `<div class="doc agenda"><p>${text}</p></div>`);

describe('browser-mode PDF printer', () => {
  it('prints each document alone: a portrait letter after a landscape agenda, then the agenda again', async () => {
    const first = await readPdf(await pdf.renderPdf(agenda('Point mensuel des DPD du 02/03/2027')));
    expect(first.pages).toEqual(['Point mensuel des DPD du 02/03/2027\nPage 1 / 1']);
    expect(first.sizes[0]!.width).toBeGreaterThan(first.sizes[0]!.height);

    const second = await readPdf(await pdf.renderPdf(letter('Accusé de réception')));
    expect(second.pages).toEqual(['Accusé de réception']);
    expect(isA4(second.sizes[0]!)).toBe(true);

    const third = await readPdf(await pdf.renderPdf(agenda('Réunion des DPD du 09/03/2027')));
    expect(third.pages).toEqual(['Réunion des DPD du 09/03/2027\nPage 1 / 1']);
  });

  it('prints documents asked at the same time each with its own text', async () => {
    const texts = Array.from({ length: 4 }, (_, i) => `Courrier numéro ${i + 1}`);
    const files = await Promise.all(texts.map((t) => pdf.renderPdf(letter(t))));
    const read = await Promise.all(files.map((f) => readPdf(f)));
    expect(read.map((r) => r.pages)).toEqual(texts.map((t) => [t]));
  });

  it('runs no script and fetches nothing, on a new page as on a kept one', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests += 1;
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // No CSP here, unlike the app's documents: the printer itself must refuse.
      const html = `<!doctype html><html><head><link rel="stylesheet" href="http://127.0.0.1:${port}/style.css"></head><body>
<p id="t">Texte imprimé</p><img src="http://127.0.0.1:${port}/logo.png" alt="">
<script>document.getElementById('t').textContent = 'Script exécuté';</script></body></html>`;
      const twice = await Promise.all([pdf.renderPdf(html), pdf.renderPdf(html)]);
      twice.push(await pdf.renderPdf(html));
      for (const file of twice) expect((await readPdf(file)).pages).toEqual(['Texte imprimé']);
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });
});
