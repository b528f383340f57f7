import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../electron/host';
import { callApi, expectAccessible, heading, launchBrowser, navigate, screenshot, startServer, type RunningServer } from './harness';

let browser: Browser;
let dataDir: string;
let server: RunningServer;
let page: Page;

const api = <T,>(name: string, input: unknown) => callApi<T>(server, name, input);
const h1 = () => heading(page);

beforeAll(async () => {
  browser = await launchBrowser();
  dataDir = mkdtempSync(join(tmpdir(), 'dsr-ui-dsden-'));
  server = await startServer(dataDir, { DSR_TODAY: '2026-11-25' });
  await api('office.set', { party: 'commune', communeName: 'Aubagne' });
  await api('agreements.createFromPreset', { preset: 'dsden13', communeName: 'Aubagne' });
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' })).newPage();
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
});

afterAll(async () => {
  await server?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('DSDEN 13 agreement: allocation by module, and a tampered history', () => {
  it('gives a commune module to the commune, and to the académie when several schools are concerned', async () => {
    for (const [several, expected] of [
      [false, 'Collectivité'],
      [true, 'Académie'],
    ] as const) {
      await navigate(page, 'Nouvelle demande');
      await expect.poll(h1).toBe('Nouvelle demande');
      await page.getByLabel('Canal de réception').selectOption({ label: 'Académie' });
      await page.getByLabel('Mode de réception').selectOption({ label: 'Formulaire' });
      await page.getByLabel('Nom du demandeur').fill('Nadia Ferhat');
      await page.getByLabel('Catégorie du demandeur').selectOption({ label: "Parent d'élève" });
      await page.getByLabel('Module concerné').fill('Réservation de la cantine');
      await page.getByLabel('Module propre à').selectOption({ label: 'la collectivité' });
      if (several) await page.getByLabel('La demande concerne plusieurs écoles').check();
      await page.getByRole('checkbox', { name: 'Accès', exact: true }).check();
      await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
      await expect.poll(h1).toMatch(/^Demande D13-2026-000\d$/);
      const allocation = await page.getByRole('region', { name: 'Répartition' }).textContent();
      expect(allocation).toContain(expected === 'Collectivité' ? 'Commune' : 'Académie');
      if (several) expect(allocation).toContain("excédant le champ d'une seule école");
      // Received today (25/11/2026) + 1 month = 25/12/2026, Christmas → Monday 28/12/2026.
      expect(await page.getByRole('region', { name: 'Échéance' }).textContent()).toContain('28/12/2026');
    }
    // The DSDEN 13 agreement provides for no pre-emption: the action is not offered.
    expect(await page.getByRole('button', { name: 'Préempter la demande' }).count()).toBe(0);
    await expectAccessible(page, 'demande DSDEN 13');
    await screenshot(page, '20-demande-dsden13');
  });

  it('shows a history edited behind the app as altered, loudly', async () => {
    const list = await api<{ rows: { id: string; reference: string }[] }>('requests.list', { q: 'D13-2026-0001' });
    const db = new Database(join(dataDir, DB_FILE_NAME));
    db.prepare("update events set actor = 'Quelqu''un d''autre' where request_id = ?").run(list.rows[0]!.id);
    db.close();
    await page.goto(`${server.url}#/demandes/${list.rows[0]!.id}`);
    await expect.poll(h1).toBe('Demande D13-2026-0001');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/^Historique altéré/);
    await screenshot(page, '21-historique-altere');
  });
});
