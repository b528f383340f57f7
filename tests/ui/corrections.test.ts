// Issue 13, « Correcting what was typed », through the screens: a corrected received date
// recomputes the deadline and the history shows before → after with the reason; a correction
// that would replace an allocation both parties validated asks first; a request typed by mistake
// is cancelled: out of the list and the dashboard, readable under « Annulées » with its history.
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CorrectionPage, DashboardPage, Office, RequestListPage, RequestPage, useOffice } from './pages';

const TODAY = '2026-03-20';
let browser: Browser;
let academie: Office;

useOffice({ party: 'academie', preset: 'versailles-fontenay', today: TODAY }, (o) => ({ browser, office: academie } = o));

describe('correcting a saved request', () => {
  it('a corrected received date recomputes the deadline, says so, and the history shows before → after and the reason', async () => {
    // Typed as received on 05/03/2026 (due Tuesday 07/04/2026, Easter Monday in between);
    // the letter was in fact received on 16/03/2026: due Thursday 16/04/2026.
    const created = await academie.createRequest({ receivedOn: '2026-03-05', requesterName: 'Inès Morel' });
    const request = await new RequestPage(await academie.newPage()).open(created.id, created.reference);
    expect(await request.deadlineDate()).toBe('07/04/2026');
    await request.screenshot('40-correction-avant');

    await request.startCorrection(created.reference);
    const form = new CorrectionPage(request.page);
    expect(await form.page.getByLabel('Nom du demandeur').inputValue()).toBe('Inès Morel');
    expect(await form.page.getByLabel('Date de réception').inputValue()).toBe('05/03/2026');
    // No reason: the form says what to fix, and nothing is recorded.
    await form.typeDateIn('Date de réception', '16/03/2026');
    await form.save();
    await expect.poll(() => form.fieldError('Motif de la correction').textContent()).toBe('Indiquez le motif de la correction.');
    await form.checkAccessible('correction sans motif');
    await form.screenshot('41-correction-sans-motif');
    await form.reason('Date du cachet de la poste mal recopiée');
    await form.save();

    await request.expectTitle(`Demande ${created.reference}`);
    await expect.poll(() => request.statusText()).toMatch(/^Correction enregistrée ; échéance recalculée : 16\/04\/2026 \(au lieu du 07\/04\/2026\)/);
    expect(await request.deadlineDate()).toBe('16/04/2026');
    expect(await request.statusLine()).toContain('reçue le 16/03/2026');
    const corrected = (await request.historyEntries()).at(-1)!;
    expect(corrected).toContain('Saisie corrigée');
    expect(corrected).toContain('échéance recalculée : 16/04/2026 (au lieu du 07/04/2026)');
    expect(corrected).toContain('motif : Date du cachet de la poste mal recopiée');
    expect(corrected).toContain('Date de réception : 05/03/2026 → 16/03/2026');
    await request.checkAccessible('demande corrigée');
    await request.screenshot('42-correction-enregistree');
  });

  it('a correction that would replace an allocation validated by both parties asks first, and applies only once confirmed', async () => {
    // « Autre » requester writing to the académie (row 3): the commune pre-empts, both validate.
    const created = await academie.createRequest({ requesterCategory: 'other', requesterName: 'Paul Girard' });
    await academie.api('requests.claimPreemption', { id: created.id, party: 'commune', by: 'Mme Roy', reason: 'Cantine', evidence: 'Courriel du DPD du 18/03/2026' });
    await academie.api('requests.validateDecision', { id: created.id, party: 'academie', by: 'M. Durand' });
    const request = await new RequestPage(await academie.newPage()).open(created.id, created.reference);
    expect(await request.allocation()).toMatch(/^Répartition\s*Commune/);

    await request.startCorrection(created.reference);
    const form = new CorrectionPage(request.page);
    await form.page.getByLabel('Catégorie du demandeur').selectOption({ label: "Parent d'élève" });
    await form.reason('Le courrier est signé par un parent');
    await form.save();
    await expect.poll(() => form.question()).toContain("la répartition en vigueur (Commune) résulte d'une préemption validée par les deux parties");
    expect(await form.question()).toContain('Confirmez pour appliquer la nouvelle répartition');
    await form.checkAccessible('correction à confirmer');
    await form.screenshot('43-correction-repartition-a-confirmer');
    // Asked, not written: the request is unchanged until the user confirms.
    expect((await academie.api<{ requesterCategory: string }>('requests.get', { id: created.id })).requesterCategory).toBe('other');

    await form.button('Confirmer la nouvelle répartition et enregistrer').click();
    await request.expectTitle(`Demande ${created.reference}`);
    await expect.poll(() => request.statusText()).toContain('répartition recalculée : Commune → Académie');
    expect(await request.allocation()).toMatch(/^Répartition\s*Académie/);
    const corrected = (await request.historyEntries()).at(-1)!;
    expect(corrected).toContain("Catégorie du demandeur : Autre → Parent d'élève");
    // The pre-emption stays in the history.
    expect((await request.historyEntries()).some((e) => e.includes('Préemption'))).toBe(true);
    await request.screenshot('44-correction-repartition-appliquee');
  });
});

describe('cancelling a request typed by mistake', () => {
  it('leaves the list and the dashboard, and stays readable under « Annulées » with its reason', async () => {
    const office = await Office.open(browser, { party: 'academie', preset: 'versailles-fontenay', today: TODAY });
    try {
      await office.createRequest({ receivedOn: '2026-03-16', requesterName: 'Vraie Demande' });
      const duplicate = await office.createRequest({ receivedOn: '2026-03-16', requesterName: 'Double Saisie' });
      const page = await office.newPage();
      const dashboard = await new DashboardPage(page).waitUntilShown();
      await expect.poll(() => dashboard.openByStatus()).toEqual([['Reçue', '0', '2', '0']]);

      const request = await new RequestPage(page).open(duplicate.id, duplicate.reference);
      await request.openAction('Annuler la demande (saisie par erreur)', "Confirmer l'annulation");
      await request.checkAccessible("annulation d'une demande");
      await request.screenshot('45-annulation-formulaire');
      // Without a reason: refused, said next to the field, nothing changed.
      const form = request.page.getByRole('form', { name: 'Annuler la demande (saisie par erreur)' });
      await form.getByRole('button', { name: "Confirmer l'annulation", exact: true }).click();
      await expect.poll(() => form.locator('.field-error').first().isVisible()).toBe(true);
      expect(await request.status()).toBe('Reçue');
      await form.getByLabel("Motif de l'annulation", { exact: true }).fill(`Doublon de la demande de Vraie Demande`);
      await form.getByRole('button', { name: "Confirmer l'annulation", exact: true }).click();
      await request.expectStatus('Annulée');
      await request.expectText(/Demande annulée \(saisie par erreur\) : elle n'apparaît plus dans les listes/);
      await request.screenshot('46-demande-annulee');

      const list = await new RequestListPage(page).open();
      await list.filter('Partie', 'Les deux');
      await list.expectCount('1 demande');
      expect(await list.requesterNames()).toEqual(['Vraie Demande']);
      await list.filter('Demandes', 'Toutes');
      await list.expectCount('1 demande');
      await list.filter('Demandes', 'Annulées (saisies par erreur)');
      await expect.poll(() => list.requesterNames()).toEqual(['Double Saisie']);
      expect(await list.row(duplicate.reference).textContent()).toContain('Annulée');
      // Its deadline no longer runs, but it is not « Terminée »: nothing was finished.
      expect(await list.row(duplicate.reference).textContent()).toContain('Sans objet');
      expect(await list.row(duplicate.reference).textContent()).not.toContain('Terminée');
      await list.checkAccessible('demandes annulées');
      await list.screenshot('47-liste-annulees');

      await list.link(duplicate.reference).click();
      await request.expectTitle(`Demande ${duplicate.reference}`);
      const cancelled = (await request.historyEntries()).at(-1)!;
      expect(cancelled).toContain('Demande annulée (saisie par erreur)');
      expect(cancelled).toContain('motif : Doublon de la demande de Vraie Demande');
      expect((await request.historyEntries())[0]).toContain('Demande enregistrée');

      await dashboard.open();
      await expect.poll(() => dashboard.openByStatus()).toEqual([['Reçue', '0', '1', '0']]);
      await dashboard.screenshot('48-tableau-de-bord-apres-annulation');
    } finally {
      await office.close();
    }
  });
});
