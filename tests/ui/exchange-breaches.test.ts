// A breach between the two offices in the browser (issues 12 and 16): the académie declares a
// breach and notifies the DPDs, exports its package for the commune; the commune imports it and
// sees the open breach first on its dashboard, with the same deadlines as the académie, and each
// step marked as written by the other office. Two servers, two data folders, files passed as
// downloads and uploads. Axe on each screen; screenshots in tests/ui/screens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisLocal } from '../../core/breaches/time';
import { launchBrowser } from './harness';
import { BreachPage, DashboardPage, NewBreachPage, Office, Screen } from './pages';

type File = { filename: string; base64: string };

let browser: Browser;
let academie: Office;
let commune: Office;
let folder: string;

beforeAll(async () => {
  browser = await launchBrowser();
  folder = mkdtempSync(join(tmpdir(), 'dsr-ui-breach-exchange-'));
  [academie, commune] = await Promise.all([
    Office.open(browser, { party: 'academie', preset: 'versailles-fontenay' }),
    Office.open(browser, { party: 'commune', communeName: 'Fontenay-aux-Roses' }),
  ]);
  // Paired as tests/ui/exchange.test.ts does on screen: invitation, fingerprints checked both ways.
  const fingerprint = (o: Office) => o.api<{ fingerprint: string }>('exchange.identity', {}).then((i) => i.fingerprint);
  const invitation = await academie.api<File>('exchange.invitation', { agreementId: academie.agreementId });
  const joined = await commune.api<{ file: File }>('exchange.join', { filename: invitation.filename, base64: invitation.base64, fingerprint: await fingerprint(academie), confirmedBy: 'Mme Roy' });
  await academie.api('exchange.import', { agreementId: academie.agreementId, filename: joined.file.filename, base64: joined.file.base64, fingerprint: await fingerprint(commune), confirmedBy: 'M. Durand' });
  commune.agreementId = academie.agreementId;
});

afterAll(async () => {
  await Promise.all([academie?.close(), commune?.close()]);
  await browser?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** The dashboard's open-breach alert, without its live countdown (« reste 23 h 40 min »), which ticks. */
async function breachAlert(page: Page): Promise<string> {
  const alert = page.getByRole('region', { name: /Violation de données en cours/ });
  await expect.poll(() => alert.getByRole('listitem').count()).toBe(1);
  const text = (await alert.getByRole('listitem').textContent()) ?? '';
  return text.split(' : ')[0]!.trim();
}

describe('a breach declared at the académie reaches the commune', () => {
  it('through one package: the commune sees it first on its dashboard, with the same deadlines, written by the other office', async () => {
    // The académie declares the breach it learnt of 30 minutes ago and notifies the DPDs.
    const pageA = await academie.newPage();
    await new DashboardPage(pageA).waitUntilShown();
    const form = await new NewBreachPage(pageA).open();
    const knownAt = parisLocal(Date.now() - 30 * 60_000);
    await form.fill({
      knownAt,
      knownHow: "Appel d'un directeur d'école : des bulletins visibles par d'autres familles",
      discoveredBy: 'Académie',
      origin: "Action d'un membre de la communauté éducative",
      service: 'ENT des écoles – cahier de liaison',
      nature: 'Perte de confidentialité : bulletins partagés par erreur avec toutes les familles.',
      dataCategories: 'Identité, appréciations scolaires',
      personCategories: 'Élèves (mineurs), parents',
      personsCount: '75',
    });
    await form.submit();
    const reference = `FAR-V-A-${knownAt.slice(0, 4)}-0001`;
    const breachA = await new BreachPage(pageA).waitFor(reference);
    await breachA.step('Notifier les DPD et RSSI', 'Enregistrer la notification', async () => undefined, 'Notification aux DPD et RSSI enregistrée.');
    const dashboardA = await new DashboardPage(pageA).open();
    const atAcademie = await breachAlert(pageA);
    expect(atAcademie).toContain(reference);
    expect(atAcademie).toMatch(/Cellule de crise .* avant le /);
    await dashboardA.screenshot('50-echange-violation-academie-tableau-de-bord');

    // « Exporter pour l'autre partie »: the declaration and the notification, as 2 changes.
    const exchangesA = new Screen(pageA);
    await exchangesA.navigate('Échanges');
    await exchangesA.expectTitle(/^Échanges : /);
    const pkg = await exchangesA.download("Exporter pour l'autre partie", folder);
    expect(pkg.name).toMatch(/\.dsrpkg$/);
    await exchangesA.expectText(/Paquet n° 1 enregistré .* \(2 changements\)\. Envoyez-le par courriel à La commune de Fontenay-aux-Roses/);
    await exchangesA.expectText(/Dernier paquet envoyé : n° 1, le .* : 2 changements \(dont 2 étapes de violations\)\./, pageA.getByRole('region', { name: 'Paquets', exact: true }));
    await exchangesA.checkAccessible('échanges, paquet avec une violation');

    // The commune imports it.
    const pageC = await commune.newPage();
    const exchangesC = new Screen(pageC);
    await exchangesC.navigate('Échanges');
    await exchangesC.expectTitle(/^Échanges : /);
    await exchangesC.upload('Importer un paquet', pkg.path);
    const report = pageC.getByRole('region', { name: /^Paquet « / });
    await exchangesC.expectText('2 changements nouveaux', report);
    await exchangesC.checkAccessible('import, paquet avec une violation');
    await exchangesC.button('Importer ces changements', report).click();
    await exchangesC.expectText('2 changements appliqués, 0 demande créée, 1 violation reçue.');

    // Its dashboard opens on the open breach, above everything else, with the same deadline.
    const dashboardC = await new DashboardPage(pageC).open();
    expect(await breachAlert(pageC)).toBe(atAcademie);
    expect(await pageC.locator('main h2').first().textContent()).toBe('Violation de données en cours');
    await dashboardC.checkAccessible('tableau de bord de la commune avec la violation reçue');
    await dashboardC.screenshot('51-echange-violation-commune-tableau-de-bord');

    // The breach's screen: the same deadlines row for row, each step by « L'académie (autre office) ».
    await pageC.getByRole('link', { name: reference }).click();
    const breachC = await new BreachPage(pageC).waitFor(reference);
    const due = async (page: Page) =>
      (await page.getByRole('region', { name: 'Échéances' }).getByRole('row').allTextContents()).map((row) => row.replace(/(reste|en retard de) [^A-Z]*min/g, '…'));
    await breachA.goto(`#/violations/${(await commune.api<{ rows: { id: string }[] }>('breaches.list', {})).rows[0]!.id}`);
    await breachA.waitFor(reference);
    expect(await due(pageC)).toEqual(await due(pageA));
    const history = pageC.getByRole('region', { name: 'Historique', exact: true });
    await expect.poll(() => history.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining("L'académie (autre office)"),
      expect.stringContaining("L'académie (autre office)"),
    ]);
    await breachC.expectText(/Journal intègre \(2 événements\)/);
    await breachC.checkAccessible('violation reçue de l’autre office');
    await breachC.screenshot('52-echange-violation-commune');
  }, 240_000);
});
