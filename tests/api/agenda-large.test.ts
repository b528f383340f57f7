// The agenda of an agreement with 300 open requests, printed by Chromium and read back with
// PDF.js: each request listed once, in the section that matters most, and every page numbered
// « Page n / N ». The PDF is kept in tests/ui/screens/ (not committed) to be looked at.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parentRequest, usePdfHosts, versailles } from '../helpers/documents';
import { readPdf } from '../helpers/pdf';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const pdfHost = usePdfHosts();
const TODAY = '2026-11-25';
const COUNT = 300;
const SCREENS = join(import.meta.dirname, '..', 'ui', 'screens');

describe('agenda of a 300-request agreement', () => {
  it('lists each request once and numbers every page of the PDF', async () => {
    const host = pdfHost(tmp(), TODAY);
    const agreement = await versailles(host);
    const references: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      // Received from 01/09/2026 to 24/11/2026: overdue, due before the next meeting or later;
      // one in five written to the commune (to settle), one in seven with identity documents asked.
      const day = new Date(Date.UTC(2026, 8, 1 + Math.floor((i * 85) / COUNT)));
      const r = await host.ok(
        'requests.create',
        parentRequest(agreement.id, {
          identityDocumentsMissing: [],
          receivedOn: day.toISOString().slice(0, 10),
          requesterName: `Demandeur ${i + 1}`,
          channel: i % 5 === 0 ? 'commune' : 'academie',
        }),
      );
      if (i % 7 === 3) {
        await host.ok('requests.askInformation', { id: r.id, kind: 'identity', whatAsked: "Copie d'une pièce d'identité", doubt: 'Adresse différente', sentOn: TODAY });
      }
      references.push(r.reference);
    }
    const meeting = await host.ok('meetings.create', { agreementId: agreement.id, date: TODAY, participants: ['Anne Dupuis (académie)', 'Paul Roux (commune)'], otherItems: [] });
    const listed = meeting.agenda.sections.flatMap((s) => s.items.flatMap((i) => (i.reference ? [i.reference] : [])));
    expect(listed.sort()).toEqual([...references].sort());

    const file = await host.ok('meetings.exportAgenda', { id: meeting.id, format: 'pdf' });
    const bytes = new Uint8Array(Buffer.from(file.base64, 'base64'));
    mkdirSync(SCREENS, { recursive: true });
    writeFileSync(join(SCREENS, 'agenda-300.pdf'), bytes);
    const { pages, sizes } = await readPdf(bytes);
    const n = pages.length;
    expect(n).toBeGreaterThan(5);
    pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain(`Page ${i + 1} / ${n}`);
      // Landscape A4.
      expect(sizes[i]!.width).toBeGreaterThan(sizes[i]!.height);
    });
    // Each reference printed once in the whole document.
    const all = pages.join('\n');
    for (const reference of references) expect(all.split(reference).length - 1, reference).toBe(1);
    host.close();
  }, 120_000);
});
