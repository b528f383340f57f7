import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, expectAccessible, heading, launchBrowser, navigate, screenshot, startServer, type RunningServer } from './harness';

// "Today" is pinned so the deadlines below are those of deadlines.md's rules, whatever the date of the run.
const TODAY = '2026-11-25';
let browser: Browser;
let dataDir: string;
let server: RunningServer;
let page: Page;

const api = (name: string, input: unknown) => callApi(server, name, input);
const h1 = () => heading(page);
const nav = (name: string) => navigate(page, name);
const region = (name: string) => page.getByRole('region', { name, exact: true });
const status = () => page.locator('.status-line .badge').textContent();

/** Opens an action by its button, fills its form with `fill`, submits, and waits for the confirmation. */
async function act(button: string, fill: (form: Locator) => Promise<void>, submit: string) {
  await page.getByRole('button', { name: button, exact: true }).click();
  const form = page.getByRole('form', { name: button });
  await fill(form);
  await form.getByRole('button', { name: submit }).click();
  await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Enregistré');
}

async function newRequest(fields: { received: string; channel: string; name: string; category: string; rights: string[]; pupil?: string }) {
  await nav('Nouvelle demande');
  await expect.poll(h1).toBe('Nouvelle demande');
  await page.getByLabel('Date de réception').fill(fields.received);
  await page.getByLabel('Canal de réception').selectOption({ label: fields.channel });
  await page.getByLabel('Mode de réception').selectOption({ label: 'Courriel' });
  await page.getByLabel('Nom du demandeur').fill(fields.name);
  await page.getByLabel('Catégorie du demandeur').selectOption({ label: fields.category });
  if (fields.pupil) {
    await page.getByLabel('La demande concerne une autre personne').check();
    await page.getByLabel('Personne concernée', { exact: true }).fill(fields.pupil);
  }
  for (const r of fields.rights) await page.getByRole('checkbox', { name: r, exact: true }).check();
  await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
  await expect.poll(h1).toMatch(/^Demande FAR-2026-\d{4}$/);
}

beforeAll(async () => {
  browser = await launchBrowser();
  dataDir = mkdtempSync(join(tmpdir(), 'dsr-ui-requests-'));
  server = await startServer(dataDir, { DSR_TODAY: TODAY });
  await api('office.set', { party: 'academie' });
  await api('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
});

afterAll(async () => {
  await server?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a request from arrival to closure', () => {
  it("logs a parent's request received by the commune: proposed to the académie, to settle", async () => {
    await newRequest({ received: '2026-11-02', channel: 'Commune', name: 'Claire Martin', category: "Parent d'élève", rights: ['Accès', 'Rectification'], pupil: 'Léo Martin' });
    expect(await region('Répartition').textContent()).toContain('À arbitrer en réunion (proposée : Académie)');
    // 02/11/2026 + 1 month = 02/12/2026, a Wednesday.
    expect(await region('Échéance').textContent()).toContain('02/12/2026');
    await expectAccessible(page, 'demande, actions fermées');
  });

  it('suspends while documents are awaited, then resumes: the deadline moves by the days waited', async () => {
    await act(
      'Demander des pièces ou précisions',
      async (form) => {
        await form.getByLabel('Ce qui est demandé').fill("Copie d'une pièce d'identité du parent");
        await form.getByLabel("Date d'envoi").fill('2026-11-05');
      },
      'Enregistrer la demande de pièces',
    );
    await expect.poll(status).toBe('En attente de pièces');
    await expect.poll(() => region('Échéance').textContent()).toContain('suspendu');
    await expect.poll(() => region('Échéance').textContent()).toContain('Suspendu');
    await screenshot(page, '10-demande-suspendue');
    await act(
      'Enregistrer la réception des pièces',
      async (form) => form.getByLabel('Date de réception des pièces').fill('2026-11-13'),
      'Enregistrer la réception',
    );
    await expect.poll(status).toBe('En cours');
    // 8 days suspended: 02/12/2026 + 8 = 10/12/2026.
    await expect.poll(() => region('Échéance').textContent()).toContain('10/12/2026');
    expect(await page.getByRole('table', { name: /Demandes de pièces/ }).textContent()).toContain('8');
  });

  it('extends by two months with the reasons and shows the new date', async () => {
    await act(
      'Prolonger de deux mois',
      async (form) => form.getByLabel('Motifs de la prolongation').fill('Données réparties entre trois traitements'),
      'Enregistrer la prolongation',
    );
    await expect.poll(status).toBe('Prolongée');
    // 02/11/2026 + 3 months = 02/02/2027, + 8 days suspended = 10/02/2027.
    const deadline = await region('Échéance').textContent();
    expect(deadline).toContain('10/02/2027');
    expect(deadline).toContain('Données réparties entre trois traitements');
    await screenshot(page, '11-demande-prolongee');
  });

  it('settles the allocation once both DPDs validate', async () => {
    await act(
      'Arbitrer la répartition',
      async (form) => {
        await form.getByLabel('Partie qui répondra').selectOption({ label: 'Académie' });
        await form.getByLabel('Proposé par').fill('Point mensuel de novembre');
        await form.getByLabel("Motif de l'arbitrage").fill("Parent d'élève : ligne 1 du tableau");
      },
      "Proposer l'arbitrage",
    );
    expect(await region('Répartition').textContent()).toContain('Validation attendue : Commune et Académie');
    for (const [party, who] of [
      ['Commune', 'Mme Roy'],
      ['Académie', 'M. Durand'],
    ] as const) {
      await act(
        "Valider l'arbitrage",
        async (form) => {
          await form.getByLabel('Validée au nom de').selectOption({ label: party });
          await form.getByLabel('Validée par').fill(who);
        },
        'Enregistrer la validation',
      );
    }
    const allocation = await region('Répartition').textContent();
    expect(allocation).not.toContain('À arbitrer');
    expect(allocation).toContain('Académie');
    expect(allocation).toContain('Répartition initiale');
  });

  it('answers each right (a refusal needs its reason) and closes', async () => {
    const rights = region('Droits exercés');
    await rights.getByRole('button', { name: 'Suite : Accès' }).click();
    const accessForm = page.getByRole('form', { name: 'Suite : Accès' });
    await accessForm.getByLabel('Suite donnée').selectOption({ label: 'Fait' });
    await accessForm.getByRole('button', { name: 'Enregistrer la suite' }).click();
    await expect.poll(() => rights.textContent()).toContain('Fait');

    await rights.getByRole('button', { name: 'Suite : Rectification' }).click();
    const form = page.getByRole('form', { name: 'Suite : Rectification' });
    await form.getByLabel('Suite donnée').selectOption({ label: 'Refusé (motivé)' });
    await form.getByRole('button', { name: 'Enregistrer la suite' }).click();
    await expect.poll(() => form.getByText('un refus doit être motivé').first().isVisible()).toBe(true);
    await expectAccessible(page, 'suite refusée sans motif');
    await form.getByLabel('Motif du refus').fill('Les données sont exactes.');
    await form.getByRole('button', { name: 'Enregistrer la suite' }).click();
    await expect.poll(status).toBe('Répondue');

    await act('Clôturer', async () => undefined, 'Confirmer');
    await expect.poll(status).toBe('Clôturée');
    expect(await region('Échéance').textContent()).toContain('Terminée');
    const history = await region('Historique').textContent();
    expect(history).toContain('Historique intègre (10 événements)');
    expect(history).toContain('Délai prolongé de deux mois');
    await expectAccessible(page, 'demande clôturée');
    await screenshot(page, '12-demande-cloturee');
  });

  it('pre-empts from the commune and validates from both sides', async () => {
    await newRequest({ received: '2026-11-20', channel: 'Académie', name: 'Paul Petit', category: 'Enseignant', rights: ['Effacement'] });
    expect(await region('Répartition').textContent()).toContain('Académie');
    await act(
      'Préempter la demande',
      async (form) => {
        await form.getByLabel('Partie qui préempte').selectOption({ label: 'Commune' });
        await form.getByLabel('Demandée par').fill('Mme Roy');
        await form.getByLabel('Motif de la préemption').fill('Photos publiées sur le site de la commune');
      },
      'Enregistrer la préemption',
    );
    for (const [party, who] of [
      ['Commune', 'Mme Roy'],
      ['Académie', 'M. Durand'],
    ] as const) {
      expect(await region('Répartition').textContent()).toContain('Préemption en attente');
      await act(
        'Valider la préemption',
        async (form) => {
          await form.getByLabel('Validée au nom de').selectOption({ label: party });
          await form.getByLabel('Validée par').fill(who);
        },
        'Enregistrer la validation',
      );
    }
    const allocation = await region('Répartition').textContent();
    expect(allocation).toContain('Préemption par la commune');
    expect(allocation).toContain('Répartition initiale : Académie');
    await screenshot(page, '13-preemption');
  });

  it('lists, filters and counts; the dashboard links to the filtered list', async () => {
    await nav('Demandes');
    await expect.poll(h1).toBe('Demandes');
    // The académie office sees its own open requests by default: none left open.
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Aucune demande');
    await page.getByLabel('Partie', { exact: true }).selectOption({ label: 'Les deux' });
    await page.getByLabel('Demandes', { exact: true }).selectOption({ label: 'Toutes' });
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('2 demandes');
    expect(await page.getByLabel('Statut', { exact: true }).locator('option', { hasText: 'Clôturée' }).textContent()).toBe('Clôturée (1)');
    // Keyboard: arrows move between requests, Enter opens one.
    const order = await page.locator('table.requests tbody tr td:first-child a').allTextContents();
    expect(order.sort()).toEqual(['FAR-2026-0001', 'FAR-2026-0002']);
    const [first, second] = await page.locator('table.requests tbody tr td:first-child a').allTextContents();
    await page.getByRole('link', { name: first }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator(':focus').textContent()).toBe(second);
    await page.keyboard.press('ArrowUp');
    expect(await page.locator(':focus').textContent()).toBe(first);
    await page.getByLabel('Rechercher (nom, référence)').fill('PÉTIT');
    await page.getByLabel('Rechercher (nom, référence)').press('Enter');
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('1 demande');
    await page.getByRole('link', { name: 'FAR-2026-0002' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(h1).toBe('Demande FAR-2026-0002');

    await nav('Tableau de bord');
    await expect.poll(h1).toBe('Tableau de bord');
    expect(await page.getByRole('img', { name: /Demandes reçues par mois/ }).getAttribute('aria-label')).toContain('novembre 2026 : 2');
    await expectAccessible(page, 'tableau de bord');
    await screenshot(page, '14-tableau-de-bord');
  });
});
