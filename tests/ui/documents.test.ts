// Browser tests of the documents: letterhead, a letter generated, edited and saved (PDF read back
// with PDF.js, DOCX), the print fallback when no Chromium is found, template errors, and a
// monthly meeting (agenda, exports, workbook re-import, minutes). Every screen is checked with axe.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewRequest } from '../../core/api/contract';
import { parentRequest } from '../helpers/documents';
import { pdfTextOf } from '../helpers/pdf';
import { callApi, expectAccessible, heading, launchBrowser, navigate, screenshot, startServer, type RunningServer } from './harness';

const TODAY = '2026-11-25';
const EVIL = '<img src=x onerror=alert(1)>';
let browser: Browser;
let dataDir: string;
let files: string;
let server: RunningServer;
let page: Page;
const dialogs: string[] = [];
const ids: Record<string, string> = {};

const api = <T = Record<string, unknown>,>(name: string, input: unknown, on = server) => callApi<T>(on, name, input);
const h1 = () => heading(page);
const nav = (name: string) => navigate(page, name);

/** Clicks `button` and returns the file the browser downloads, saved in the test folder. */
async function download(button: string): Promise<{ name: string; path: string }> {
  const [d] = (await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()])) as [Download, unknown];
  const path = join(files, d.suggestedFilename());
  await d.saveAs(path);
  return { name: d.suggestedFilename(), path };
}

const pdfText = async (path: string) => (await pdfTextOf(readFileSync(path))).replace(/\s+/g, ' ');

async function newPage(on: RunningServer): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true });
  const p = await context.newPage();
  p.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await p.goto(on.url);
  return p;
}

/** The helpers' parent request, without relation or missing documents unless a test gives them. */
const request = (agreementId: string, over: Partial<NewRequest>) =>
  parentRequest(agreementId, { subjectRelation: null, identityDocumentsMissing: [], ...over });

beforeAll(async () => {
  browser = await launchBrowser();
  dataDir = mkdtempSync(join(tmpdir(), 'dsr-ui-documents-'));
  files = mkdtempSync(join(tmpdir(), 'dsr-ui-files-'));
  server = await startServer(dataDir, { DSR_TODAY: TODAY });
  await api('office.set', { party: 'academie' });
  const { agreement } = await api<{ agreement: { id: string } }>('agreements.createFromPreset', { preset: 'versailles-fontenay' });
  ids.agreement = agreement.id;
  const ack = await api<{ id: string; reference: string }>('requests.create', request(agreement.id, { requesterName: EVIL, identityDocumentsMissing: ["Justificatif de l'autorité parentale"] }));
  ids.ack = ack.id;
  ids.ackRef = ack.reference;
  page = await newPage(server);
});

afterAll(async () => {
  await server?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

describe('letters', () => {
  it('sets the letterhead in the settings', async () => {
    await nav('Paramètres');
    const form = page.getByRole('form', { name: 'En-tête des courriers' });
    await form.getByLabel("Nom de l'office (en-tête)").fill('Académie de Versailles – Délégation à la protection des données');
    await form.getByLabel('Adresse postale').fill('3 boulevard de Lesseps\n78000 Versailles');
    await form.getByLabel('Ville (ligne de date)').fill('Versailles');
    await form.getByLabel('Nom du DPD', { exact: true }).fill('Anne Dupuis');
    await form.getByLabel('Signataire des décisions (nom)').fill('Marie Durand');
    await form.getByLabel('Qualité du signataire').fill('Pour le recteur et par délégation, la secrétaire générale');
    await form.getByLabel('Courriel du DPD').fill('pas-une-adresse');
    await form.getByRole('button', { name: "Enregistrer l'en-tête" }).click();
    await expect.poll(() => form.getByText('Courriel du DPD invalide.').first().isVisible()).toBe(true);
    await form.getByLabel('Courriel du DPD').fill('dpd@ac-versailles.fr');
    await form.getByRole('button', { name: "Enregistrer l'en-tête" }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('En-tête enregistré');
    await expectAccessible(page, 'paramètres, en-tête');
  });

  it('generates the acknowledgement from the request, lets the user edit it, and saves it as PDF and DOCX', async () => {
    await page.goto(`${server.origin}/#/demandes/${ids.ack}`);
    await expect.poll(h1).toBe(`Demande ${ids.ackRef}`);
    const letters = page.getByRole('region', { name: 'Courriers' });
    await expect.poll(() => letters.getByText("Aucun accusé de réception n'a encore été envoyé.").isVisible()).toBe(true);
    for (const name of ['Demande de pièces justificatives', 'Demande de précisions', 'Notification de prolongation', 'Lettre de réponse', 'Refus motivé', 'Transmission au co-responsable']) {
      expect(await letters.getByRole('button', { name, exact: true }).isVisible(), name).toBe(true);
    }
    await letters.getByRole('button', { name: 'Accusé de réception', exact: true }).click();
    await expect.poll(h1).toBe(`Accusé de réception : demande ${ids.ackRef}`);
    const text = page.getByLabel('Texte du courrier');
    expect(await text.inputValue()).toContain('une réponse vous sera apportée au plus tard le 21/12/2026');
    expect(await text.inputValue()).toContain("- Justificatif de l'autorité parentale");
    const preview = page.getByRole('region', { name: 'Aperçu' });
    // The requester's name is text, in the page and in the preview; nothing ran.
    expect(await preview.getByText(EVIL, { exact: true }).first().isVisible()).toBe(true);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await expectAccessible(page, 'courrier');
    await screenshot(page, '30-courrier');

    await text.fill((await text.inputValue()).replace('Madame, Monsieur,', 'Madame,\n\nNous vous remercions de votre courrier.'));
    await expect.poll(() => preview.getByText('Nous vous remercions de votre courrier.').isVisible()).toBe(true);
    const pdf = await download('Enregistrer en PDF');
    expect(pdf.name).toBe(`${ids.ackRef}-Accuse-de-reception-2026-11-25.pdf`);
    const printed = await pdfText(pdf.path);
    for (const expected of [
      'Nous vous remercions de votre courrier.',
      EVIL,
      'au plus tard le 21/12/2026',
      "Justificatif de l'autorité parentale",
      'Personne concernée : Léo Martin (élève mineur)',
      'Versailles, le 25/11/2026',
      'Anne Dupuis',
    ]) {
      expect(printed).toContain(expected);
    }
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Enregistré : Accusé de réception en PDF');

    const docx = await download('Enregistrer en DOCX');
    expect(docx.name).toBe(`${ids.ackRef}-Accuse-de-reception-2026-11-25.docx`);
    expect(readFileSync(docx.path).subarray(0, 2).toString()).toBe('PK');

    // Listed with the request, which now shows the acknowledgement date.
    await page.getByRole('link', { name: 'Retour à la demande' }).first().click();
    await expect.poll(h1).toBe(`Demande ${ids.ackRef}`);
    await expect.poll(() => letters.getByText('Accusé de réception envoyé le 25/11/2026.').isVisible()).toBe(true);
    const rows = letters.getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await letters.getByRole('button', { name: /^Télécharger Accusé de réception .* \(PDF\)$/ }).isVisible()).toBe(true);
    await expectAccessible(page, 'demande avec ses courriers');
    expect(dialogs).toEqual([]);
  });

  it('refuses to save a letter with passages to complete, and says which', async () => {
    await page.goto(`${server.origin}/#/demandes/${ids.ack}/courrier/extension-notice`);
    await expect.poll(h1).toBe(`Notification de prolongation : demande ${ids.ackRef}`);
    await expect.poll(() => page.getByText("À compléter avant d'enregistrer : [à compléter : motifs de la prolongation].").isVisible()).toBe(true);
    expect(await page.getByText("La prolongation n'est pas enregistrée sur la demande").isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Enregistrer en PDF' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain("Courrier non enregistré : complétez d'abord [à compléter : motifs de la prolongation]");
    expect(await page.getByLabel('Texte du courrier').getAttribute('aria-invalid')).toBe('true');
  });

  it('records a refused erasure with its art. 17(3) point, and the refusal letter, signed by the signatory, cites it', async () => {
    await page.goto(`${server.origin}/#/demandes/${ids.ack}`);
    await expect.poll(h1).toBe(`Demande ${ids.ackRef}`);
    const rights = page.getByRole('region', { name: 'Droits exercés' });
    await rights.getByRole('button', { name: 'Suite : Effacement' }).click();
    const form = page.getByRole('form', { name: 'Suite : Effacement' });
    await form.getByLabel('Suite donnée').selectOption({ label: 'Refusé (motivé)' });
    // A refused erasure asks for the art. 17(3) point and the reason.
    await form.getByRole('button', { name: 'Enregistrer la suite' }).click();
    await expect.poll(() => form.locator('.field-error').first().isVisible()).toBe(true);
    await form.getByLabel("Exception de l'article 17(3) du RGPD").selectOption('b');
    await form.getByLabel('Motif du refus').fill('les données sont nécessaires au suivi de la scolarité');
    await expectAccessible(page, 'suite donnée, effacement refusé');
    await form.getByRole('button', { name: 'Enregistrer la suite' }).click();
    await expect.poll(() => rights.getByText('Refusé (motivé) : les données sont nécessaires au suivi de la scolarité').isVisible()).toBe(true);

    await page.goto(`${server.origin}/#/demandes/${ids.ack}/courrier/refusal`);
    await expect.poll(h1).toBe(`Refus motivé : demande ${ids.ackRef}`);
    const text = await page.getByLabel('Texte du courrier').inputValue();
    expect(text).toContain("Nous ne pouvons pas donner suite au droit à l'effacement (article 17 du RGPD)");
    expect(text).toContain('(article 17, paragraphe 3, point b), du RGPD)');
    const preview = page.getByRole('region', { name: 'Aperçu' });
    expect(await preview.getByText('Pour le recteur et par délégation, la secrétaire générale').isVisible()).toBe(true);
    expect(await preview.getByText('Marie Durand').isVisible()).toBe(true);
    await expectAccessible(page, 'refus motivé');
  });

  it('refuses an unknown placeholder when a template is saved, next to the text', async () => {
    await page.goto(`${server.origin}/#/conventions/${ids.agreement}`);
    await page.getByRole('link', { name: 'Modèles de courriers' }).click();
    await expect.poll(h1).toBe('Modèles de courriers');
    const body = page.getByLabel('Texte du modèle');
    await body.fill(`${await body.inputValue()}\nÀ rendre avant le {{date_limite}}.`);
    await page.getByRole('button', { name: 'Enregistrer le modèle' }).click();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toMatch(/ligne \d+ : « \{\{date_limite\}\} » n'est pas une donnée connue\./);
    await expectAccessible(page, 'modèles de courriers');
    await page.getByRole('button', { name: 'Rétablir le modèle par défaut' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Modèle par défaut rétabli (version 2).');
  });

  it('offers the browser print dialog when no Chromium-family browser is found, with the same layout', async () => {
    const bare = await startServer(dataDir, { DSR_TODAY: TODAY, CHROMIUM_PATH: '/nonexistent/chromium' });
    const other = await newPage(bare);
    try {
      await other.goto(`${bare.origin}/#/demandes/${ids.ack}/courrier/acknowledgement`);
      await expect.poll(() => other.getByRole('heading', { level: 1 }).textContent()).toBe(`Accusé de réception : demande ${ids.ackRef}`);
      await other.getByRole('button', { name: 'Enregistrer en PDF' }).click();
      await expect.poll(() => other.getByRole('alert').first().textContent()).toContain("Aucun navigateur de la famille Chromium (Chromium, Google Chrome ou Microsoft Edge) n'a été trouvé");
      await other.getByRole('button', { name: 'Imprimer avec le navigateur' }).click();
      const dialog = other.getByRole('dialog', { name: 'Aperçu avant impression' });
      await expect.poll(() => dialog.getByText('au plus tard le 21/12/2026', { exact: false }).isVisible()).toBe(true);
      expect(await dialog.getByText(EVIL).first().isVisible()).toBe(true);
      // The documents' stylesheet applies under the app's strict CSP (constructed stylesheet).
      type Styled = { ownerDocument: { defaultView: { getComputedStyle(e: unknown): { fontWeight: string } } } };
      expect(await dialog.locator('.doc .letterhead .office').evaluate((el) => (el as unknown as Styled).ownerDocument.defaultView.getComputedStyle(el).fontWeight)).toBe('700');
      await expectAccessible(other, 'aperçu avant impression');
      await other.evaluate('window.printed = 0; window.print = () => { window.printed += 1; }');
      await dialog.getByRole('button', { name: "Lancer l'impression" }).click();
      expect(await other.evaluate('window.printed')).toBe(1);
      await dialog.getByRole('button', { name: "Fermer l'aperçu" }).click();
      await expect.poll(() => dialog.count()).toBe(0);
    } finally {
      await other.context().close();
      await bare.stop();
    }
    expect(dialogs).toEqual([]);
  });
});

describe('monthly meeting', () => {
  it('creates a meeting whose agenda lists overdue, due-soon and to-settle requests, each linked to its request', async () => {
    const overdue = await api<{ id: string; reference: string }>('requests.create', request(ids.agreement!, { receivedOn: '2026-09-01', requesterCategory: 'teacher', requesterName: 'Hugo Bernard', subjectName: null }));
    const toSettle = await api<{ id: string; reference: string }>('requests.create', request(ids.agreement!, { receivedOn: '2026-11-16', channel: 'commune', requesterName: 'Nadia Benali' }));
    Object.assign(ids, { overdue: overdue.id, overdueRef: overdue.reference, toSettle: toSettle.id, toSettleRef: toSettle.reference });
    await nav('Réunions');
    await expect.poll(h1).toBe('Réunions');
    await expect.poll(() => page.getByText('Aucune réunion enregistrée.').isVisible()).toBe(true);
    await expectAccessible(page, 'réunions');
    await page.getByRole('button', { name: 'Nouvelle réunion' }).click();
    const form = page.getByRole('form', { name: 'Nouvelle réunion' });
    await form.getByLabel('Date de la réunion').fill(TODAY);
    await form.getByLabel('Participants').fill('Anne Dupuis (académie)\nPaul Roux (commune)');
    await form.getByLabel("Autres points à l'ordre du jour").fill('Bilan du trimestre');
    await expectAccessible(page, 'nouvelle réunion');
    await form.getByRole('button', { name: 'Créer la réunion et son ordre du jour' }).click();
    await expect.poll(h1).toBe('Point mensuel du 25/11/2026');
    ids.meeting = decodeURIComponent(page.url().split('#/reunions/')[1]!);

    const overdueSection = page.getByRole('table', { name: '1.1. Demandes en retard' });
    expect(await overdueSection.getByRole('link', { name: overdue.reference }).getAttribute('href')).toBe(`#/demandes/${overdue.id}`);
    const dueSoon = page.getByRole('table', { name: '1.2. Échéance avant la prochaine réunion (25/12/2026)' });
    expect(await dueSoon.getByRole('link', { name: ids.ackRef! }).isVisible()).toBe(true);
    expect(await dueSoon.getByRole('link', { name: toSettle.reference }).isVisible()).toBe(true);
    expect(await page.getByRole('table', { name: '3.1. Répartitions à arbitrer' }).getByRole('link', { name: toSettle.reference }).isVisible()).toBe(true);
    expect(await page.getByRole('table', { name: '5. Questions diverses' }).getByText('Bilan du trimestre').isVisible()).toBe(true);
    await expectAccessible(page, 'réunion');
    await screenshot(page, '31-reunion');
  });

  it('exports the agenda as PDF and the workbook as XLSX, as downloads', async () => {
    const pdf = await download("Exporter l'ordre du jour (PDF)");
    expect(pdf.name).toBe('Point-mensuel-DPD-FAR-2026-11-25.pdf');
    const text = await pdfText(pdf.path);
    expect(text).toContain('Point mensuel des DPD : ordre du jour');
    expect(text).toContain('1.1. Demandes en retard');
    expect(text).toContain(ids.overdueRef!);
    expect(text).toContain('3.1. Répartitions à arbitrer');
    const xlsx = await download('Exporter le classeur (XLSX)');
    expect(xlsx.name).toBe('Revue-conjointe-FAR-2026-11-25.xlsx');
    const wb = XLSX.read(readFileSync(xlsx.path), { type: 'buffer' });
    expect(wb.SheetNames).toContain('3. Répartition');
    ids.workbook = xlsx.path;
    await expect.poll(() => page.getByRole('region', { name: 'Documents produits' }).getByRole('listitem').count()).toBe(2);
  });

  it('imports the decisions typed in the workbook: shows them, then applies them when confirmed', async () => {
    const wb = XLSX.read(readFileSync(ids.workbook!), { type: 'buffer' });
    const ws = wb.Sheets['3. Répartition']!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
    const r = rows.findIndex((row) => row[1] === ids.toSettleRef) + 1;
    ws[`L${r}`] = { t: 's', v: 'Arbitrage : académie' };
    ws[`M${r}`] = { t: 's', v: 'demande d’un parent' };
    const filled = join(files, 'revue-remplie.xlsx');
    writeFileSync(filled, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Importer les décisions' }).click()]);
    await chooser.setFiles(filled);
    const report = page.getByRole('region', { name: 'Décisions lues dans « revue-remplie.xlsx »' });
    // The file is read in a worker thread (limits on size and time): allow for a busy machine.
    await expect.poll(() => report.getByText('1 décision lue, sans erreur.', { exact: false }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await report.getByRole('row', { name: new RegExp(`3\\. Répartition ${r} ${ids.toSettleRef} Arbitrage : académie`) }).isVisible()).toBe(true);
    await expectAccessible(page, 'import des décisions');
    expect((await api<{ allocation: { status: string } }>('requests.get', { id: ids.toSettle })).allocation.status).toBe('to-settle');
    await report.getByRole('button', { name: 'Appliquer les décisions' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('1 décision appliquée depuis le classeur');
    expect((await api<{ allocation: { status: string; party: string } }>('requests.get', { id: ids.toSettle })).allocation).toMatchObject({ status: 'decided', party: 'academie' });
  });

  it('records the minutes: each decision becomes an event on its request', async () => {
    await page.getByLabel(`Décision, 1.1, ${ids.overdueRef!}`).selectOption({ label: 'Commentaire' });
    await page.getByLabel(`Motifs ou commentaire, 1.1, ${ids.overdueRef!}`).fill('Relancer l’éditeur.');
    await page.getByLabel('Notes de la réunion').fill('Réunion en visioconférence.');
    await page.getByRole('button', { name: 'Enregistrer le relevé de décisions' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Relevé enregistré : 1 décision inscrite');
    const events = (await api<{ events: { type: string; data: { comment?: string } }[] }>('requests.get', { id: ids.overdue })).events;
    expect(events.at(-1)).toMatchObject({ type: 'meeting.decision', data: { comment: 'Relancer l’éditeur.' } });
    await expectAccessible(page, 'réunion, relevé enregistré');
    await nav('Réunions');
    await expect.poll(() => page.getByRole('link', { name: 'Point mensuel du 25/11/2026' }).isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: '2 décisions' }).isVisible()).toBe(true);
    expect(dialogs).toEqual([]);
  });
});
