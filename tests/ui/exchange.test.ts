// Two installs in the browser (issue 12): the académie's and the commune's, each its own server
// and data folder. The académie invites, the commune joins by checking the académie's fingerprint
// read from its Settings, files go back and forth as downloads and uploads, requests and their
// histories arrive with their author, a pre-emption travels back, and a conflict is decided.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, expectAccessible, heading, launchBrowser, navigate, screenshot, screenshotOf, startServer, type RunningServer } from './harness';

const TODAY = '2026-03-10';
let browser: Browser;
let root: string;
let academie: RunningServer;
let commune: RunningServer;
let pageA: Page;
let pageC: Page;
let agreementId: string;
let parent: { id: string; reference: string };
let other: { id: string; reference: string };
let academieFingerprint: string;
let communeFingerprint: string;
let invitationPath: string;
let fromCommune: string;

async function newPage(server: RunningServer): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(server.url);
  return page;
}

/** Clicks `button` on `page` and keeps the file the browser downloads. */
async function download(page: Page, button: string): Promise<string> {
  const [d] = (await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()])) as [Download, unknown];
  const path = join(root, d.suggestedFilename());
  await d.saveAs(path);
  return path;
}

/** Clicks `button` on `page` and picks `path` in the file chooser it opens. */
async function upload(page: Page, button: string, path: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: button, exact: true }).click()]);
  await chooser.setFiles(path);
}

/** The fingerprint as Settings shows it, read aloud (two lines, spaces between groups). */
async function fingerprintInSettings(page: Page): Promise<string> {
  await navigate(page, 'Paramètres');
  await expect.poll(() => heading(page)).toBe('Paramètres');
  const shown = page.getByRole('region', { name: 'Identité de cet office', exact: true }).locator('.fingerprint');
  await shown.waitFor();
  const text = await shown.innerText();
  expect(text.split('\n').map((l) => l.trim())).toEqual([expect.stringMatching(/^\d{5} \d{5} \d{5} \d{5}$/), expect.stringMatching(/^\d{5} \d{5} \d{5} \d{5}$/)]);
  return text.replace(/\s+/g, ' ').trim();
}

const okMessage = (page: Page) => page.locator('.banner-ok[role="status"]').first().textContent();

beforeAll(async () => {
  browser = await launchBrowser();
  root = mkdtempSync(join(tmpdir(), 'dsr-ui-exchange-'));
  [academie, commune] = await Promise.all([
    startServer(join(root, 'academie'), { DSR_TODAY: TODAY }),
    startServer(join(root, 'commune'), { DSR_TODAY: TODAY }),
  ]);
  await callApi(academie, 'office.set', { party: 'academie' });
  const created = await callApi<{ agreement: { id: string } }>(academie, 'agreements.createFromPreset', { preset: 'versailles-fontenay' });
  agreementId = created.agreement.id;
  const base = { agreementId, confirmedDate: true, receivedOn: '2026-03-02', channel: 'academie', medium: 'letter', requesterName: 'Claire Martin', requesterCategory: 'parent', subjectName: 'Léo Martin', subjectIsMinor: true, rights: ['access', 'erasure'] };
  parent = await callApi(academie, 'requests.create', base);
  // Made directly to the académie by someone who is neither parent, pupil nor teacher: the commune may pre-empt it.
  other = await callApi(academie, 'requests.create', { ...base, requesterName: 'Jean Petit', requesterCategory: 'other', subjectName: null, subjectIsMinor: null, rights: ['access'] });
  pageA = await newPage(academie);
  pageC = await newPage(commune);
  await pageA.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
});

afterAll(async () => {
  await Promise.all([academie?.stop(), commune?.stop()]);
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('two offices, one register', () => {
  it("the académie shows its fingerprint in Settings and downloads the invitation from the agreement's Échanges screen", async () => {
    academieFingerprint = await fingerprintInSettings(pageA);
    expect(await callApi<{ fingerprint: string }>(academie, 'exchange.identity', {}).then((i) => i.fingerprint)).toBe(academieFingerprint);
    expect(await pageA.getByRole('region', { name: 'Identité de cet office', exact: true }).textContent()).toContain('au téléphone');
    await expectAccessible(pageA, 'paramètres, identité');
    await screenshotOf(pageA.getByRole('region', { name: 'Identité de cet office', exact: true }), 'echanges-01-empreinte');

    // From the agreement's screen, and from the main navigation (one agreement: straight to it).
    await navigate(pageA, 'Conventions');
    await pageA.getByRole('link', { name: /Fontenay-aux-Roses/ }).click();
    await pageA.getByRole('link', { name: "Échanges avec l'autre office" }).click();
    await expect.poll(() => heading(pageA)).toMatch(/^Échanges : /);
    await navigate(pageA, 'Échanges');
    await expect.poll(() => heading(pageA)).toMatch(/^Échanges : .*Fontenay-aux-Roses/);
    expect(pageA.url()).toContain(`#/conventions/${agreementId}/echanges`);
    const peer = pageA.getByRole('region', { name: "L'autre office", exact: true });
    expect(await peer.textContent()).toContain("Aucun office n'est encore associé");
    expect(await peer.textContent()).toContain('courriel');
    expect(await pageA.getByRole('region', { name: 'Cet office', exact: true }).locator('.fingerprint').innerText().then((t) => t.replace(/\s+/g, ' '))).toBe(academieFingerprint);
    expect(await pageA.getByRole('region', { name: 'Paquets', exact: true }).textContent()).toContain("2 changements en attente d'envoi");
    await expectAccessible(pageA, 'échanges, non associé');

    invitationPath = await download(pageA, "Inviter l'autre office");
    expect(invitationPath).toMatch(/FAR-invitation\.dsrinv$/);
    await expect.poll(() => okMessage(pageA)).toContain('Envoyez-la par courriel');
  });

  it('the commune joins from its first-run screen, checking the fingerprint read on the phone, and downloads its package back', async () => {
    await expect.poll(() => heading(pageC)).toContain('Bienvenue');
    await pageC.getByRole('group', { name: 'Cet office est' }).getByRole('radio', { name: 'La commune' }).check();
    await pageC.getByLabel('Nom de la commune').fill('Fontenay-aux-Roses');
    await pageC.getByRole('group', { name: 'Première convention' }).getByRole('radio', { name: /Rejoindre la convention/ }).check();
    expect(await pageC.getByLabel('Modèle de convention').count()).toBe(0);
    await expectAccessible(pageC, 'premier lancement, rejoindre');
    await pageC.getByRole('button', { name: 'Continuer' }).click();
    await expect.poll(() => heading(pageC)).toBe('Rejoindre une convention');
    await expectAccessible(pageC, 'rejoindre une convention');

    await upload(pageC, 'Rejoindre une convention', invitationPath);
    const invitation = pageC.getByRole('region', { name: /^Invitation reçue/ });
    await invitation.waitFor();
    const facts = await invitation.textContent();
    expect(facts).toContain('code FAR');
    expect(facts).toContain('Commune : Fontenay-aux-Roses');
    expect(facts).toMatch(/Écoles\s*10/);
    expect(facts).toMatch(/Envoyée par\s*L'académie/);
    expect(await invitation.locator('.fingerprint').innerText().then((t) => t.replace(/\s+/g, ' '))).toBe(academieFingerprint);
    // The heading takes the focus: keyboard users start on the invitation.
    expect(await pageC.locator(':focus').textContent()).toContain('Invitation reçue');
    await expectAccessible(pageC, 'invitation lue');
    await screenshot(pageC, 'echanges-00-rejoindre');

    // A digit misheard: refused, next to the field.
    const wrong = academieFingerprint.replace(/^(\d)/, (d) => String((Number(d) + 1) % 10));
    await invitation.getByLabel("Empreinte lue au téléphone par l'autre office").fill(wrong);
    await invitation.getByLabel('Vérifiée par').fill('Mme Roy, avec M. Durand');
    await invitation.getByRole('button', { name: "Confirmer l'empreinte et rejoindre" }).click();
    await expect.poll(() => invitation.getByRole('alert').textContent()).toContain('ne correspond pas');
    expect(await invitation.getByLabel("Empreinte lue au téléphone par l'autre office").getAttribute('aria-invalid')).toBe('true');

    await invitation.getByLabel("Empreinte lue au téléphone par l'autre office").fill(academieFingerprint.replace(/ /g, ''));
    await invitation.getByRole('button', { name: "Confirmer l'empreinte et rejoindre" }).click();
    await expect.poll(() => pageC.getByRole('heading', { level: 2 }).first().textContent()).toMatch(/^Convention rejointe/);
    expect(await pageC.locator('main').textContent()).toContain('envoyez-le par courriel');
    await expectAccessible(pageC, 'convention rejointe');
    fromCommune = await download(pageC, 'Enregistrer le paquet à renvoyer');
    expect(fromCommune).toMatch(/\.dsrpkg$/);

    await pageC.getByRole('button', { name: 'Ouvrir les échanges de la convention' }).click();
    await expect.poll(() => heading(pageC)).toMatch(/^Échanges : /);
    await expect.poll(() => pageC.getByText("Office : La commune de Fontenay-aux-Roses").isVisible()).toBe(true);
    const peer = pageC.getByRole('region', { name: "L'autre office", exact: true });
    expect(await peer.textContent()).toContain("L'académie");
    expect(await peer.textContent()).toContain('vérifiée au téléphone par Mme Roy, avec M. Durand');
    expect(await pageC.getByRole('region', { name: 'Paquets', exact: true }).textContent()).toMatch(/Dernier paquet envoyé : n° 1, le .* : 0 changement\./);
    await expectAccessible(pageC, 'échanges, commune associée');

    communeFingerprint = await fingerprintInSettings(pageC);
    expect(communeFingerprint).not.toBe(academieFingerprint);
  });

  it("the académie imports the commune's package (checking its fingerprint), then exports its requests", async () => {
    await navigate(pageA, 'Échanges');
    await expect.poll(() => heading(pageA)).toMatch(/^Échanges : /);
    await upload(pageA, 'Importer un paquet', fromCommune);
    const report = pageA.getByRole('region', { name: /^Paquet « / });
    await report.waitFor();
    expect(await report.textContent()).toContain('Ce paquet vient de La commune de Fontenay-aux-Roses,');
    expect(await report.textContent()).toContain("pas encore associé");
    expect(await report.locator('.fingerprint').innerText().then((t) => t.replace(/\s+/g, ' '))).toBe(communeFingerprint);
    await expectAccessible(pageA, 'import, empreinte à vérifier');
    await screenshotOf(report, 'echanges-01b-import-appairage');

    // Without the phone check, nothing is imported.
    await report.getByRole('button', { name: "Confirmer l'empreinte et importer" }).click();
    await expect.poll(() => report.getByRole('alert').textContent()).toContain('comparez son empreinte par téléphone');
    await report.getByLabel("Empreinte lue au téléphone par l'autre office").fill(communeFingerprint);
    await report.getByLabel('Vérifiée par').fill('M. Durand, avec Mme Roy');
    await report.getByRole('button', { name: "Confirmer l'empreinte et importer" }).click();
    await expect.poll(() => okMessage(pageA)).toContain('Paquet n° 1 importé');
    const peer = pageA.getByRole('region', { name: "L'autre office", exact: true });
    expect(await peer.textContent()).toContain('La commune de Fontenay-aux-Roses');
    expect(await peer.locator('.fingerprint').innerText().then((t) => t.replace(/\s+/g, ' '))).toBe(communeFingerprint);

    const toCommune = await download(pageA, "Exporter pour l'autre partie");
    await expect.poll(() => okMessage(pageA)).toMatch(/Paquet n° 1 enregistré .* \(2 changements\)\. Envoyez-le par courriel à La commune de Fontenay-aux-Roses/);
    const packages = pageA.getByRole('region', { name: 'Paquets', exact: true });
    await expect.poll(() => packages.textContent()).toMatch(/Dernier paquet envoyé : n° 1, le .* : 2 changements\./);
    expect(await packages.textContent()).toMatch(/Dernier paquet reçu : n° 1, le .* : 0 changement\./);
    const history = pageA.getByRole('region', { name: 'Historique des paquets', exact: true });
    expect(await history.getByRole('row').count()).toBe(3);
    await expectAccessible(pageA, 'échanges, associé');
    await screenshot(pageA, 'echanges-02-academie');

    // The commune imports it and sees the requests, with the académie as their author.
    await navigate(pageC, 'Échanges');
    await expect.poll(() => heading(pageC)).toMatch(/^Échanges : /);
    await upload(pageC, 'Importer un paquet', toCommune);
    const atCommune = pageC.getByRole('region', { name: /^Paquet « / });
    await expect.poll(() => atCommune.textContent()).toContain('2 changements nouveaux');
    await expectAccessible(pageC, 'import, paquet lu');
    await atCommune.getByRole('button', { name: 'Importer ces changements' }).click();
    await expect.poll(() => okMessage(pageC)).toContain('2 changements appliqués, 2 demandes créées.');
  });

  it("the commune's list opens on the requests it answers; the académie's requests show their author", async () => {
    await navigate(pageC, 'Demandes');
    await expect.poll(() => heading(pageC)).toBe('Demandes');
    const partyFilter = pageC.getByLabel('Partie', { exact: true });
    expect(await partyFilter.inputValue()).toBe('commune');
    expect(await partyFilter.locator('option:checked').textContent()).toMatch(/^À traiter par la commune/);
    await expect.poll(() => pageC.getByRole('status').first().textContent()).toBe('Aucune demande ne correspond à ces filtres.');
    await partyFilter.selectOption('tous');
    await expect.poll(() => pageC.getByRole('link', { name: other.reference }).isVisible()).toBe(true);
    expect(await pageC.getByRole('link', { name: parent.reference }).isVisible()).toBe(true);

    await pageC.getByRole('link', { name: other.reference }).click();
    await expect.poll(() => heading(pageC)).toBe(`Demande ${other.reference}`);
    const history = pageC.getByRole('region', { name: 'Historique', exact: true });
    await expect.poll(() => history.getByRole('listitem').first().textContent()).toContain("L'académie (autre office)");

    // The académie's list keeps its own default, and its own events carry no mark.
    await navigate(pageA, 'Demandes');
    await expect.poll(() => pageA.getByLabel('Partie', { exact: true }).inputValue()).toBe('academie');
    await pageA.goto(`${academie.origin}/#/demandes/${other.id}`);
    await expect.poll(() => heading(pageA)).toBe(`Demande ${other.reference}`);
    expect(await pageA.getByRole('region', { name: 'Historique', exact: true }).textContent()).not.toContain('autre office');
  });

  it('one round trip back: the commune pre-empts the request made to the académie, exports; the académie imports and sees it', async () => {
    const request = pageC.getByRole('region', { name: 'Actions', exact: true });
    await request.getByRole('button', { name: 'Préempter la demande', exact: true }).click();
    const form = pageC.getByRole('form', { name: 'Préempter la demande' });
    expect(await form.getByLabel('Partie qui préempte').inputValue()).toBe('commune');
    await form.getByLabel('Demandée par').fill('Mme Roy');
    await form.getByLabel('Motif de la préemption').fill('Concerne la cantine');
    await form.getByRole('button', { name: 'Enregistrer la préemption' }).click();
    await expect.poll(() => pageC.getByRole('status').first().textContent()).toBe('Préemption enregistrée.');

    await navigate(pageC, 'Échanges');
    await expect.poll(() => pageC.getByRole('region', { name: 'Paquets', exact: true }).textContent()).toContain("1 changement en attente d'envoi");
    const back = await download(pageC, "Exporter pour l'autre partie");
    await expect.poll(() => okMessage(pageC)).toContain('Paquet n° 2 enregistré');

    await navigate(pageA, 'Échanges');
    await expect.poll(() => heading(pageA)).toMatch(/^Échanges : /);
    await upload(pageA, 'Importer un paquet', back);
    const report = pageA.getByRole('region', { name: /^Paquet « / });
    await expect.poll(() => report.textContent()).toContain('1 changement nouveau');
    await report.getByRole('button', { name: 'Importer ces changements' }).click();
    await expect.poll(() => okMessage(pageA)).toContain('Paquet n° 2 importé : 1 changement appliqué, 0 demande créée.');

    // The same file imported again, then the older package n° 1 after it: both refused, the
    // history keeps one line per package received.
    const history = pageA.getByRole('region', { name: 'Historique des paquets', exact: true });
    const rowsBefore = await history.getByRole('row').count();
    for (const [file, said] of [
      [back, 'Le paquet n° 2 de « La commune de Fontenay-aux-Roses » a déjà été importé'],
      [fromCommune, 'Le paquet n° 1 de « La commune de Fontenay-aux-Roses » est plus ancien que le paquet n° 2 déjà importé'],
    ] as const) {
      await upload(pageA, 'Importer un paquet', file);
      const again = pageA.getByRole('region', { name: /^Paquet « / });
      await expect.poll(() => again.getByRole('list', { name: 'Problèmes du paquet' }).textContent()).toContain(said);
      expect(await again.getByRole('alert').textContent()).toContain("Rien n'a été enregistré");
      if (file === back) await screenshotOf(again, 'echanges-06-deja-importe');
      await again.getByRole('button', { name: 'Fermer le rapport' }).click();
    }
    expect(await history.getByRole('row').count()).toBe(rowsBefore);

    await pageA.goto(`${academie.origin}/#/demandes/${other.id}`);
    await expect.poll(() => heading(pageA)).toBe(`Demande ${other.reference}`);
    await expect.poll(() => pageA.getByRole('region', { name: 'Répartition', exact: true }).textContent()).toContain('Préemption en attente');
    const last = pageA.getByRole('region', { name: 'Historique', exact: true }).getByRole('listitem').last();
    expect(await last.textContent()).toContain('La commune de Fontenay-aux-Roses (autre office)');
    expect(await last.textContent()).toContain('Concerne la cantine');
    await expectAccessible(pageA, 'demande, préemption reçue');
  });

  it('a conflict: both offices answer the same right; the académie decides in its Échanges screen', async () => {
    await callApi(academie, 'requests.answerRight', { id: parent.id, right: 'access', outcome: 'done', answeredOn: '2026-03-09' });
    await callApi(commune, 'requests.answerRight', { id: parent.id, right: 'access', outcome: 'no-data', answeredOn: '2026-03-09' });
    const file = await callApi<{ file: { filename: string; base64: string } }>(commune, 'exchange.export', { agreementId });
    const path = join(root, file.file.filename);
    writeFileSync(path, Buffer.from(file.file.base64, 'base64'));

    await navigate(pageA, 'Échanges');
    await expect.poll(() => heading(pageA)).toMatch(/^Échanges : /);
    await upload(pageA, 'Importer un paquet', path);
    await pageA.getByRole('button', { name: 'Importer ces changements' }).click();
    await expect.poll(() => okMessage(pageA)).toContain('1 divergence à trancher');
    const conflicts = pageA.getByRole('region', { name: 'Divergences à trancher', exact: true });
    const conflict = conflicts.getByRole('form', { name: `${parent.reference} : Suite donnée : Accès` });
    expect(await conflict.textContent()).toContain('Fait le 09/03/2026');
    expect(await conflict.textContent()).toContain('Aucune donnée détenue le 09/03/2026');
    expect(await conflict.getByRole('link', { name: parent.reference }).getAttribute('href')).toBe(`#/demandes/${parent.id}`);
    await expectAccessible(pageA, 'échanges, divergence');
    await screenshot(pageA, 'echanges-03-divergence');

    await conflict.getByRole('button', { name: 'Garder la nôtre' }).click();
    await expect.poll(() => conflict.getByRole('alert').textContent()).toContain('Décidé par');
    await conflict.getByLabel('Décidé par').fill('M. Durand, après appel à Mme Roy');
    await conflict.getByRole('button', { name: 'Garder la nôtre' }).click();
    await expect.poll(() => okMessage(pageA)).toContain('Divergence tranchée');
    expect(await conflicts.textContent()).toContain('Aucune divergence à trancher.');
    const resolved = conflicts.getByRole('table', { name: 'Divergences tranchées' });
    expect(await resolved.textContent()).toContain('Valeur de cet office gardée');
    expect(await resolved.textContent()).toContain('M. Durand, après appel à Mme Roy');
    expect(await pageA.getByRole('region', { name: 'Paquets', exact: true }).textContent()).toMatch(/[1-9]\d* changements? en attente d'envoi/);
    await expectAccessible(pageA, 'échanges, divergence tranchée');
    await screenshot(pageA, 'echanges-04-tranchee');
  });

  it('a package refused: the report lists each problem as text and nothing is written', async () => {
    // The invitation is not a package.
    await upload(pageA, 'Importer un paquet', invitationPath);
    const report = pageA.getByRole('region', { name: /^Paquet « / });
    await report.waitFor();
    expect(await report.getByRole('alert').textContent()).toContain("Rien n'a été enregistré");
    const problems = report.getByRole('list', { name: 'Problèmes du paquet' }).getByRole('listitem');
    expect(await problems.count()).toBeGreaterThan(0);
    expect((await problems.first().textContent())!.length).toBeGreaterThan(10);
    await screenshotOf(report, 'echanges-05-paquet-refuse');
    await expectAccessible(pageA, 'import refusé');
    // Closed from the keyboard, the focus goes back to the button that opened it.
    await report.getByRole('button', { name: 'Fermer le rapport' }).focus();
    await pageA.keyboard.press('Enter');
    await expect.poll(() => pageA.locator(':focus').textContent()).toBe('Importer un paquet');
    expect(await report.count()).toBe(0);
  });
});
