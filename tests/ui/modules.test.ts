// DSDEN 13 (seed 003 art. 8.1): the agreement's list of modules with their owner, edited on the
// agreement's screen; at intake the module is chosen from it (its owner follows and decides the
// allocation), and a module typed outside it is flagged « module hors liste » on the request.
import { describe, expect, it } from 'vitest';
import { AgreementsPage, NewRequestPage, Office, RequestPage, useOffice } from './pages';

let office: Office;

useOffice({ party: 'academie', communeName: 'Aubagne', preset: 'dsden13', today: '2026-11-25' }, (o) => ({ office: office } = o));

describe('modules of a DSDEN 13 agreement', () => {
  it('edits the list, picks a listed module at intake (owner filled in) and flags one typed outside it', async () => {
    const page = await office.newPage();
    const agreement = await new AgreementsPage(page).open().then((a) => a.openAgreement(/Aubagne/));
    expect(await agreement.modules()).toEqual([
      ['Modules pédagogiques du SDET', "l'académie"],
      ["Annuaire de l'ENT (données de l'annuaire fédérateur AAF)", "l'académie"],
      ['Modules spécifiques de la collectivité', 'la collectivité'],
    ]);
    await agreement.addModule('Portail famille', 'la collectivité');
    await agreement.expectText('Liste des modules enregistrée (4 modules).');
    // A second empty module is refused next to its field, nothing saved.
    await agreement.button('Ajouter un module').click();
    await agreement.button('Enregistrer les modules').click();
    await agreement.expectText(/Nom du module : à renseigner|Nom du module/);
    expect(await page.getByLabel('Nom du module 5').getAttribute('aria-invalid')).toBe('true');
    await agreement.checkAccessible('modules de la convention');
    await agreement.screenshot('modules-01-convention');
    expect((await office.api<{ modules: unknown[] }>('agreements.get', { id: office.agreementId })).modules).toHaveLength(4);

    // Intake: the listed module brings its owner (the owner field follows and is locked).
    const form = await new NewRequestPage(page).open();
    await form.fill({ channel: 'Académie', name: 'Nadia Ferhat', category: "Parent d'élève", module: { name: 'Portail famille' }, rights: ['Accès'] });
    const owner = page.getByLabel('Module propre à');
    expect(await owner.inputValue()).toBe('commune');
    expect(await owner.isDisabled()).toBe(true);
    await form.checkAccessible('saisie, module de la liste');
    await form.screenshot('modules-02-saisie');
    await form.submit();
    const request = new RequestPage(page);
    await expect.poll(() => request.title()).toMatch(/^Demande D13-A-/);
    await request.expectText('Portail famille, propre à : Commune');
    expect(await page.getByText('module hors liste').count()).toBe(0);
    expect(await request.allocation()).toContain('Commune');

    // Free text stays possible, and is flagged on the request.
    const other = await new NewRequestPage(page).open();
    await other.fill({
      channel: 'Académie',
      name: 'Paul Durand',
      category: "Parent d'élève",
      module: { name: 'Réservation de la cantine', owner: 'la collectivité' },
      rights: ['Accès'],
    });
    expect(await page.getByLabel('Module propre à').isDisabled()).toBe(false);
    await other.submit();
    await expect.poll(() => request.title()).toMatch(/^Demande D13-A-/);
    await request.expectText('Réservation de la cantine, propre à : Commune');
    await request.expectText('module hors liste');
    await request.checkAccessible('demande, module hors liste');
    await request.screenshot('modules-03-hors-liste');
  });
});
