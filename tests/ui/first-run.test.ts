import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, screenshot, startServer, type RunningServer } from './harness';

let browser: Browser;
let dataDir: string;
let server: RunningServer | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
  dataDir = mkdtempSync(join(tmpdir(), 'dsr-ui-'));
});

afterAll(async () => {
  await server?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  return context.newPage();
}

describe('first run, agreement, a request that survives a restart', () => {
  it('refuses an API call without the token (401) and from another origin (403)', async () => {
    server = await startServer(dataDir);
    const without = await fetch(`${server.origin}/api/office.get`, { method: 'POST', body: '{}' });
    expect(without.status).toBe(401);
    expect(((await without.json()) as { error: { message: string } }).error.message).toContain('Jeton');
    const wrong = await fetch(`${server.origin}/api/office.get`, { method: 'POST', body: '{}', headers: { 'x-dsr-token': 'faux' } });
    expect(wrong.status).toBe(401);
    const foreign = await fetch(`${server.origin}/api/office.get`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-dsr-token': server.token, origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const good = await fetch(`${server.origin}/api/office.get`, { method: 'POST', body: '{}', headers: { 'x-dsr-token': server.token } });
    expect(await good.json()).toEqual({ ok: true, value: null });
  });

  it('sets the office and the first agreement on the first-run screen', async () => {
    const page = await newPage();
    await page.goto(server!.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Bienvenue');
    await expectAccessible(page, 'premier lancement');
    await screenshot(page, '01-premier-lancement');

    // Submitting empty says what to fix, next to each field.
    await page.getByRole('button', { name: 'Commencer' }).click();
    await expect.poll(() => page.getByText("Choisissez si cet office est celui de l'académie ou d'une commune.").isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Choisissez le modèle de la première convention.').isVisible()).toBe(true);

    const party = page.getByRole('group', { name: 'Cet office est' });
    await party.getByRole('radio', { name: "L'académie" }).check();
    expect(await party.getByRole('radio', { name: 'La commune' }).isChecked()).toBe(false);
    const presetOptions = await page.getByLabel('Modèle de convention').locator('option').allTextContents();
    expect(presetOptions.some((o) => o.includes('Versailles'))).toBe(true);
    expect(presetOptions.some((o) => o.includes('DSDEN 13'))).toBe(true);
    await page.getByLabel('Modèle de convention').selectOption({ label: 'Versailles / Fontenay-aux-Roses' });
    expect(await page.getByLabel('Nom de la commune').inputValue()).toBe('Fontenay-aux-Roses');
    await page.getByRole('button', { name: 'Commencer' }).click();

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Convention créée');
    await expect.poll(() => page.getByText('10 écoles importées', { exact: false }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText(/Ligne 2, École maternelle Scarron : « 0920546Ux » n'est pas un code UAI/).isVisible()).toBe(true);
    await expectAccessible(page, 'convention créée');
    await screenshot(page, '02-convention-creee');
    await page.getByRole('button', { name: 'Ouvrir le registre' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tableau de bord');
    await expect.poll(() => page.getByText("Office : L'académie").isVisible()).toBe(true);
    await expectAccessible(page, 'tableau de bord');
    await page.context().close();
  });

  it('shows the agreement: allocation table, schools, and a refused UAI', async () => {
    const page = await newPage();
    await page.goto(server!.url);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Conventions' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Conventions');
    await expectAccessible(page, 'conventions');
    await screenshot(page, '03-conventions');
    await page.getByRole('link', { name: /Fontenay-aux-Roses/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Convention Académie de Versailles');
    await expect.poll(() => page.getByRole('cell', { name: "Demande effectuée par un enseignant, un parent d'élève ou un élève" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('cell', { name: '0920484B' }).isVisible()).toBe(true);

    await page.getByLabel("Nom de l'école", { exact: true }).fill('École élémentaire Scarron');
    await page.getByLabel('Code UAI').fill('0920546X');
    await page.getByRole('button', { name: "Ajouter l'école" }).click();
    await expect.poll(() => page.getByText('pour 0920546, la lettre de contrôle est U').first().isVisible()).toBe(true);
    expect(await page.getByLabel('Code UAI').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Code UAI').fill('0920546U');
    await page.getByRole('button', { name: "Ajouter l'école" }).click();
    await expect.poll(() => page.getByRole('cell', { name: '0920546U' }).isVisible()).toBe(true);
    await expectAccessible(page, 'convention');
    await screenshot(page, '04-convention');
    await page.context().close();
  });

  it('records a request from the form and finds it in the list after a restart', async () => {
    const page = await newPage();
    await page.goto(server!.url);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Nouvelle demande' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Nouvelle demande');

    // Nothing is saved until the form is valid.
    await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
    await expect.poll(() => page.getByText('Cochez au moins un droit.').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Indiquez le nom du demandeur.').isVisible()).toBe(true);
    await expectAccessible(page, 'nouvelle demande (erreurs)');

    await page.getByLabel('Date de réception').fill('2026-04-14');
    await page.getByLabel('Canal de réception').selectOption({ label: 'Commune' });
    await page.getByLabel('Mode de réception').selectOption({ label: 'Courrier' });
    await page.getByLabel('Nom du demandeur').fill('Claire Martin');
    await page.getByLabel('Catégorie du demandeur').selectOption({ label: "Parent d'élève" });
    await page.getByLabel('La demande concerne une autre personne').check();
    await page.getByLabel('Personne concernée', { exact: true }).fill('Léo Martin');
    await page.getByLabel('École', { exact: true }).selectOption({ label: 'École maternelle Jean Macé (0920484B)' });
    await page.getByRole('checkbox', { name: 'Accès' }).check();
    await page.getByRole('checkbox', { name: 'Effacement' }).check();
    await screenshot(page, '05-nouvelle-demande');
    await page.getByRole('button', { name: 'Enregistrer la demande' }).click();

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Demande FAR-2026-0001');
    const allocation = page.getByRole('region', { name: 'Répartition' });
    await expect.poll(() => allocation.textContent()).toContain('À arbitrer en réunion (proposée : Académie)');
    const deadline = page.getByRole('region', { name: 'Échéance' });
    await expect.poll(() => deadline.textContent()).toContain('15/05/2026');
    // The explanation of the date is tied to it for hover and keyboard focus.
    const date = deadline.getByText('15/05/2026', { exact: true });
    await date.focus();
    const tipId = await date.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${tipId}"]`).textContent()).toContain('Ascension');
    expect(await page.locator(`[id="${tipId}"]`).isVisible()).toBe(true);
    await expectAccessible(page, 'demande');
    await screenshot(page, '06-demande');
    await page.context().close();

    // Restart the server on the same data: new token, same request.
    await server!.stop();
    server = await startServer(dataDir);
    const again = await newPage();
    await again.goto(server.url);
    await again.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Demandes', exact: true }).click();
    await expect.poll(() => again.getByRole('heading', { level: 1 }).textContent()).toBe('Demandes');
    await expect.poll(() => again.getByRole('link', { name: 'FAR-2026-0001' }).isVisible()).toBe(true);
    const row = again.getByRole('row', { name: /FAR-2026-0001/ });
    expect(await row.textContent()).toContain('Claire Martin');
    expect(await row.textContent()).toContain('Léo Martin');
    await expectAccessible(again, 'demandes');
    await screenshot(again, '07-demandes');

    for (const [link, title] of [
      ['Réunions', 'Réunions'],
      ['Paramètres', 'Paramètres'],
      ['Tableau de bord', 'Tableau de bord'],
    ] as const) {
      await again.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: link }).click();
      await expect.poll(() => again.getByRole('heading', { level: 1 }).textContent()).toBe(title);
      await expectAccessible(again, title);
      await screenshot(again, `08-${link}`);
    }
    await again.context().close();
  });
});
