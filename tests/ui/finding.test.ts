// Issue 13, « Finding »: the French date field (jj/mm/aaaa whatever the browser's language, in
// forms and in the list's filters), search as you type over every detail a DPD remembers,
// the académie's breakdown by agreement, pages of the list and its filters kept on the way back.
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DashboardPage, NewRequestPage, Office, RequestListPage, RequestPage, useOffice } from './pages';

const TODAY = '2026-03-20';
let browser: Browser;
let academie: Office;

useOffice({ party: 'academie', preset: 'versailles-fontenay', today: TODAY }, (o) => ({ browser, office: academie } = o));

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

  it('keys move the date a day or a month; a date after today is left to the service to question', async () => {
    const form = new NewRequestPage(await academie.newPage());
    await form.open();
    const field = form.page.getByLabel('Date de réception');
    await form.typeDateIn('Date de réception', '05/03/2026');
    await field.focus();
    await field.press('ArrowUp');
    expect(await field.inputValue()).toBe('06/03/2026');
    await field.press('PageDown');
    expect(await field.inputValue()).toBe('06/02/2026');
    // A date after today is not refused by the field: the service asks to confirm it (issue 13,
    // « questioned, not refused »; tests/api/corrections.test.ts).
    await form.typeDateIn('Date de réception', '21/03/2026');
    expect(await field.getAttribute('aria-invalid')).not.toBe('true');
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

describe('search as you type', () => {
  it('finds a request by its school UAI, a word of its summary, an accent-less name or its contact, without pressing Enter', async () => {
    const schools = await academie.api<{ id: string; uai: string }[]>('schools.list', { agreementId: academie.agreementId });
    const jeanMace = schools.find((s) => s.uai === '0920484B')!;
    const found = await academie.createRequest({
      receivedOn: '2026-03-16',
      requesterName: 'Hélène Lefèbvre',
      requesterContact: 'h.lefebvre@exemple.fr',
      schoolId: jeanMace.id,
      summary: 'Demande la copie des appréciations du cahier de textes',
    });
    await academie.createRequest({ receivedOn: '2026-03-16', requesterName: 'Autre Parent', summary: 'Accès aux absences' });
    const list = await new RequestListPage(await academie.newPage()).open();
    await list.filter('Partie', 'Les deux');
    for (const typed of ['0920484b', 'appreciations', 'HELENE lefebvre', 'h.lefebvre@', 'jean mace']) {
      await list.search(typed);
      await expect.poll(() => list.references(), { message: typed }).toEqual([found.reference]);
    }
    await list.checkAccessible('recherche pendant la saisie');
    await list.screenshot('31-recherche-uai');
    // Nothing matches: said in words.
    await list.search('introuvable');
    await list.expectCount('Aucune demande ne correspond à ces filtres.');
  });
});

describe('pages of the list and filters kept', () => {
  it('numbers the pages; after opening a request, « Demandes » brings back the same search, filters and page', async () => {
    for (let i = 1; i <= 55; i++) {
      await academie.createRequest({ receivedOn: '2026-03-18', requesterName: `Parent ${String(i).padStart(2, '0')}`, summary: 'Lot de pagination' });
    }
    const list = await new RequestListPage(await academie.newPage()).open();
    await list.filter('Partie', 'Les deux');
    await list.filter('Droit', 'Accès');
    await list.search('pagination');
    await list.expectCount('55 demandes, 1 à 50');
    expect(await list.references()).toHaveLength(50);
    await list.goToPage(2);
    await list.expectCount('55 demandes, 51 à 55');
    const second = await list.references();
    expect(second).toHaveLength(5);
    await list.checkAccessible('liste, page 2');
    await list.screenshot('32-liste-page-2');

    await list.link(second[0]!).click();
    const request = new RequestPage(list.page);
    await request.expectTitle(`Demande ${second[0]}`);
    await list.navigate('Demandes');
    await list.expectTitle('Demandes');
    await list.expectCount('55 demandes, 51 à 55');
    expect(await list.searchField().inputValue()).toBe('pagination');
    expect(await list.chosen('Droit')).toBe('Accès');
    expect(await list.currentPage()).toBe('2');
    expect(await list.references()).toEqual(second);
  });
});

describe("the académie's breakdown by agreement", () => {
  it('counts the open requests of each agreement on the dashboard and opens the list filtered on one', async () => {
    const office = await Office.open(browser, { party: 'academie', preset: 'versailles-fontenay', today: TODAY });
    try {
      const { agreement: marseille } = await office.api<{ agreement: { id: string; name: string } }>('agreements.createFromPreset', {
        preset: 'dsden13',
        communeName: 'Marseille',
        code: 'MRS',
      });
      const mrs = [];
      for (const name of ['Un', 'Deux', 'Trois']) {
        mrs.push((await office.createRequest({ agreementId: marseille.id, receivedOn: '2026-03-16', requesterName: `Marseille ${name}` })).reference);
      }
      // Received on 05/02/2026: due 05/03/2026, overdue on 20/03/2026.
      mrs.push((await office.createRequest({ agreementId: marseille.id, receivedOn: '2026-02-05', requesterName: 'Marseille En retard' })).reference);
      await office.createRequest({ receivedOn: '2026-03-16', requesterName: 'Versailles Un' });
      const versailles = await office.api<{ name: string }>('agreements.get', { id: office.agreementId });
      const dashboard = new DashboardPage(await office.newPage());
      await dashboard.waitUntilShown();
      await expect.poll(() => dashboard.agreementFigures(marseille.name)).toEqual(['4', '1', '0', '0', expect.any(String)]);
      expect((await dashboard.agreementFigures(versailles.name))[0]).toBe('1');
      await dashboard.checkAccessible('tableau de bord par convention');
      await dashboard.screenshot('33-tableau-de-bord-conventions');

      await dashboard.openAgreementFigure(marseille.name, 'En cours');
      const list = new RequestListPage(dashboard.page);
      await list.expectTitle('Demandes');
      await list.expectCount('4 demandes');
      expect(await list.chosen('Convention')).toBe(marseille.name);
      expect((await list.references()).sort()).toEqual([...mrs].sort());
      await list.filter('Convention', 'Toutes');
      await list.expectCount('5 demandes');
    } finally {
      await office.close();
    }
  });
});
