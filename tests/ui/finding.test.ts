// Issue 13, « Finding »: the French date field (jj/mm/aaaa whatever the browser's language, in
// forms and in the list's filters), search as you type over every detail a DPD remembers,
// the académie's breakdown by agreement, pages of the list and its filters kept on the way back.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './harness';
import { DashboardPage, NewRequestPage, Office, RequestListPage, RequestPage } from './pages';

const TODAY = '2026-03-20';
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

describe('French date field', () => {
  it('reads 05/03/2026 in the intake form of a browser set to English, and says in French why 31/02/2026 is impossible', async () => {
    const form = new NewRequestPage(await academie.newPage({ locale: 'en-US' }));
    await new DashboardPage(form.page).waitUntilShown();
    await form.open();
    await form.typeDateIn('Date de réception', '31/02/2026');
    await expect
      .poll(() => form.fieldError('Date de réception').textContent())
      .toBe("Date impossible : le 31 février 2026 n'existe pas (février 2026 compte 28 jours).");
    expect(await form.page.getByLabel('Date de réception').getAttribute('aria-invalid')).toBe('true');
    await form.checkAccessible('date impossible');
    await form.screenshot('30-date-impossible');
    // Fixed: the error goes at once.
    await form.typeDateIn('Date de réception', '05/03/2026');
    expect(await form.fieldError('Date de réception').count()).toBe(0);
    const reference = await form.record({ received: '05/03/2026', channel: 'Académie', name: 'Zoé Dupont', category: "Parent d'élève", rights: ['Accès'] });
    const request = new RequestPage(form.page);
    expect(await request.statusLine()).toContain('reçue le 05/03/2026');
    expect(reference).toMatch(/^FAR-A-2026-/);
  });

  it('keys move the date a day or a month; a date after today is refused in French before sending', async () => {
    const form = new NewRequestPage(await academie.newPage());
    await form.open();
    const field = form.page.getByLabel('Date de réception');
    await form.typeDateIn('Date de réception', '05/03/2026');
    await field.focus();
    await field.press('ArrowUp');
    expect(await field.inputValue()).toBe('06/03/2026');
    await field.press('PageDown');
    expect(await field.inputValue()).toBe('06/02/2026');
    await form.typeDateIn('Date de réception', '21/03/2026');
    await expect.poll(() => form.fieldError('Date de réception').textContent()).toBe('La date ne peut pas dépasser le 20/03/2026.');
  });

  it('filters the list from a date typed jj/mm/aaaa', async () => {
    await academie.createRequest({ receivedOn: '2026-03-02', requesterName: 'Avant Filtre' });
    await academie.createRequest({ receivedOn: '2026-03-10', requesterName: 'Après Filtre' });
    const list = await new RequestListPage(await academie.newPage({ locale: 'en-US' })).open();
    await list.filter('Partie', 'Les deux');
    await list.typeDateIn('Reçue à partir du', '09/03/2026');
    await expect.poll(() => list.requesterNames()).toEqual(['Après Filtre']);
    expect(await list.page.getByLabel('Reçue à partir du').inputValue()).toBe('09/03/2026');
    await list.typeDateIn("Reçue jusqu'au", '30/02/2026');
    await expect
      .poll(() => list.fieldError("Reçue jusqu'au").textContent())
      .toBe("Date impossible : le 30 février 2026 n'existe pas (février 2026 compte 28 jours).");
    // The impossible date is not applied: the list stays as it was.
    expect(await list.requesterNames()).toEqual(['Après Filtre']);
    await list.checkAccessible('liste filtrée par date');
  });
});
