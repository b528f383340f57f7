// Issue 15, « Le registre »: « Exporter le registre » on the request list downloads the requests
// its filters select (every page), as CSV for French Excel and as XLSX.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/tmp';
import { launchBrowser } from './harness';
import { Office, RequestListPage } from './pages';

const TODAY = '2026-03-20';
const tmp = useTempDir();
let browser: Browser;
let academie: Office;

beforeAll(async () => {
  browser = await launchBrowser();
  academie = await Office.open(browser, { party: 'academie', preset: 'versailles-fontenay', today: TODAY });
});

afterAll(async () => {
  await academie?.close();
  await browser?.close();
});

describe('register export', () => {
  it('downloads the filtered register as CSV (BOM, « ; », jj/mm/aaaa) and as XLSX', async () => {
    await academie.createRequest({ receivedOn: '2026-03-02', requesterName: 'Zoé Lefèvre' });
    await academie.createRequest({ receivedOn: '2026-03-10', requesterName: 'Hugo Bernard', rights: ['access', 'erasure'] });
    const list = await new RequestListPage(await academie.newPage()).open();
    await list.search('Zoé');
    await list.expectCount('1 demande');
    await list.checkAccessible('liste et export du registre');
    await list.screenshot('40-registre-export');
    const folder = tmp();
    const csv = await list.download('Exporter le registre (CSV)', folder);
    expect(csv.name).toBe(`Registre-toutes-conventions-${TODAY}.csv`);
    const text = readFileSync(csv.path, 'utf8');
    expect(text.startsWith('\uFEFFRéférence;Convention;Reçue le;')).toBe(true);
    const lines = text.split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^FAR-A-2026-\d{4};FAR;02\/03\/2026;Académie;Courriel;Zoé Lefèvre;/);
    expect(await list.page.getByRole('status').filter({ hasText: 'Registre exporté' }).textContent()).toBe(`Registre exporté : ${csv.name}.`);

    await list.search('');
    await list.expectCount('2 demandes');
    const xlsx = await list.download('Exporter le registre (XLSX)', folder);
    const rows = XLSX.utils.sheet_to_json<Record<string, string>>(XLSX.read(readFileSync(xlsx.path)).Sheets['Registre']!, { raw: false });
    expect(rows.map((r) => [r['Demandeur'], r['Droit(s)'], r['Reçue le']])).toEqual([
      ['Zoé Lefèvre', 'Accès', '02/03/2026'],
      ['Hugo Bernard', 'Accès ; Effacement', '10/03/2026'],
    ]);
  });
});
