// First run (office and first agreement), the agreement screen, and a request recorded from the
// form that is still there after a restart. Each test has its own install (server and data).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './harness';
import { AgreementsPage, DashboardPage, FirstRunPage, NewRequestPage, Office, RequestListPage, RequestPage, Screen } from './pages';

// "Today" pinned: the date a request may be received on does not depend on the date of the run.
const TODAY = '2026-11-25';
let browser: Browser;
const offices: Office[] = [];

/** A new install for one test, closed after the file. */
async function install(options: Parameters<typeof Office.open>[1] = {}): Promise<Office> {
  const office = await Office.open(browser, { today: TODAY, ...options });
  offices.push(office);
  return office;
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const o of offices) await o.close();
  await browser?.close();
});

describe('first run, agreement, a request that survives a restart', () => {
  it('refuses an API call without the token (401) and from another origin (403)', async () => {
    const { server } = await install();
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
    const office = await install();
    const firstRun = await new FirstRunPage(await office.newPage({ viewport: { width: 1366, height: 768 } })).waitUntilShown();
    await firstRun.checkAccessible('premier lancement');
    await firstRun.screenshot('01-premier-lancement');

    // Submitting empty says what to fix, next to each field.
    await firstRun.start();
    await firstRun.expectText("Choisissez si cet office est celui de l'académie ou d'une commune.");
    await firstRun.expectText('Choisissez le modèle de la première convention.');

    await firstRun.chooseParty("L'académie");
    expect(await firstRun.isPartyChecked('La commune')).toBe(false);
    const presets = await firstRun.presetOptions();
    expect(presets.some((o) => o.includes('Versailles'))).toBe(true);
    expect(presets.some((o) => o.includes('DSDEN 13'))).toBe(true);
    await firstRun.choosePreset('Versailles / Fontenay-aux-Roses');
    expect(await firstRun.communeName()).toBe('Fontenay-aux-Roses');
    await firstRun.start();

    await firstRun.expectTitle('Convention créée');
    await firstRun.expectText('10 écoles importées');
    await firstRun.expectText(/Ligne 2, École maternelle Scarron : « 0920546Ux » n'est pas un code UAI/);
    await firstRun.checkAccessible('convention créée');
    await firstRun.screenshot('02-convention-creee');
    await firstRun.openRegister();
    await firstRun.expectText("Office : L'académie");
    await firstRun.checkAccessible('tableau de bord');
    expect(await office.api('office.get', {})).toMatchObject({ party: 'academie' });
  });

  it('shows the agreement: allocation table, schools, and a refused UAI', async () => {
    const office = await install({ party: 'academie', preset: 'versailles-fontenay' });
    const agreements = await new AgreementsPage(await office.newPage({ viewport: { width: 1366, height: 768 } })).open();
    await agreements.checkAccessible('conventions');
    await agreements.screenshot('03-conventions');
    const agreement = await agreements.openAgreement(/Fontenay-aux-Roses/);
    expect(await agreement.title()).toContain('Convention Académie de Versailles');
    await agreement.expectCell("Demande effectuée par un enseignant, un parent d'élève ou un élève");
    await agreement.expectCell("Demande effectuée directement auprès de l'académie");
    await agreement.expectCell('0920484B');

    await agreement.addSchool({ name: 'École élémentaire Scarron', uai: '0920546X' });
    await agreement.expectText('pour 0920546, la lettre de contrôle est U');
    expect(await agreement.uaiField().getAttribute('aria-invalid')).toBe('true');
    await agreement.addSchool({ uai: '0920546U' });
    await agreement.expectCell('0920546U');
    await agreement.checkAccessible('convention');
    await agreement.screenshot('04-convention');
  });

  it('records a request from the form and finds it in the list after a restart', async () => {
    const office = await install({ party: 'academie', preset: 'versailles-fontenay' });
    const page = await office.newPage({ viewport: { width: 1366, height: 768 } });
    const form = await new NewRequestPage(page).open();

    // Nothing is saved until the form is valid.
    await form.submit();
    await form.expectText('Cochez au moins un droit.');
    await form.expectText('Indiquez le nom du demandeur.');
    await form.checkAccessible('nouvelle demande (erreurs)');

    await form.fill({
      received: '2026-04-14',
      channel: 'Commune',
      medium: 'Courrier',
      name: 'Claire Martin',
      category: "Parent d'élève",
      pupil: 'Léo Martin',
      school: 'École maternelle Jean Macé (0920484B)',
      rights: ['Accès', 'Effacement'],
    });
    await form.screenshot('05-nouvelle-demande');
    await form.submit();
    // Received seven months before today and already overdue: the app asks before saving.
    await form.confirmDate('Cette demande est déjà en retard');

    const request = new RequestPage(page);
    await request.expectTitle('Demande FAR-A-2026-0001');
    // A parent writing to the commune: the académie is proposed, to confirm by both parties.
    await expect.poll(() => request.allocation()).toContain('À arbitrer en réunion (proposée : Académie)');
    expect(await request.allocation()).toContain('à confirmer par les deux parties');
    // 14/04/2026 + 1 month = 14/05/2026, Ascension → Friday 15/05/2026.
    await expect.poll(() => request.deadlineDate()).toBe('15/05/2026');
    // The explanation of the date is tied to it for hover and keyboard focus.
    const date = request.region('Échéance').getByText('15/05/2026', { exact: true });
    await date.focus();
    const tip = page.locator(`[id="${await date.getAttribute('aria-describedby')}"]`);
    expect(await tip.textContent()).toContain('Ascension');
    expect(await tip.isVisible()).toBe(true);
    await request.checkAccessible('demande');
    await request.screenshot('06-demande');

    // Restart the server on the same data: new token, same request.
    await office.restart();
    const list = await new RequestListPage(await office.newPage({ viewport: { width: 1366, height: 768 } })).open();
    await expect.poll(() => list.link('FAR-A-2026-0001').isVisible()).toBe(true);
    const row = await list.row('FAR-A-2026-0001').textContent();
    expect(row).toContain('Claire Martin');
    expect(row).toContain('Léo Martin');
    await list.checkAccessible('demandes');
    await list.screenshot('07-demandes');

    const screen = new Screen(list.page);
    for (const [link, title] of [
      ['Réunions', 'Réunions'],
      ['Paramètres', 'Paramètres'],
    ] as const) {
      await screen.navigate(link);
      await screen.expectTitle(title);
      await screen.checkAccessible(title);
      await screen.screenshot(`08-${link}`);
    }
    const dashboard = await new DashboardPage(list.page).open();
    await dashboard.checkAccessible('Tableau de bord');
    await dashboard.screenshot('08-Tableau de bord');
  });
});
