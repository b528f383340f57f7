// Issue 15, « Keep it only as long as needed », through the screens: an old closed request is
// listed on « Conservation » with its end of retention; a period that is not one is refused in
// French; « Anonymiser » asks for confirmation (what is removed, irreversible), then the request's
// page says it is anonymised and shows no name. axe on each screen.
import { describe, expect, it } from 'vitest';
import { Office, RequestPage, RetentionPage, useOffice } from './pages';

let academie: Office;

useOffice({ party: 'academie', preset: 'versailles-fontenay', today: '2026-11-25' }, (o) => ({ office: academie } = o));

describe('Conservation', () => {
  it('lists an old closed request, anonymises it after confirmation, and its page says so', async () => {
    const old = await academie.createRequest({
      receivedOn: '2020-03-02',
      requesterName: 'Ophélie Vanderbecq',
      requesterContact: 'ophelie.vdb@example.fr',
      subjectName: 'Timothée Vanderbecq',
      subjectIsMinor: true,
      summary: 'Accès au cahier de textes de Timothée',
    });
    await academie.api('requests.answerRight', { id: old.id, right: 'access', outcome: 'done', answeredOn: '2020-03-09' });
    await academie.api('requests.changeStatus', { id: old.id, to: 'closed', on: '2020-03-10' });
    const recent = await academie.createRequest({ receivedOn: '2026-11-20', requesterName: 'Karim Benali' });

    const screen = new RetentionPage(await academie.newPage());
    await screen.openFromAgreement(academie.agreementId);
    await screen.expectText('Les demandes clôturées sont gardées 5 ans après leur clôture.');
    await screen.expectText(/prouver leur réponse/);
    expect(await screen.dueRows()).toEqual([[old.reference, '02/03/2020', '10/03/2020', '10/03/2025']]);
    await screen.checkAccessible('conservation');
    await screen.screenshot('60-conservation');

    await screen.setPeriod('0');
    await expect.poll(() => screen.fieldError('Durée de conservation (en années après la clôture)').textContent()).toBe('Durée de conservation : au moins 1 an.');
    await screen.setPeriod('6');
    await expect.poll(() => screen.statusText()).toBe('Durée de conservation enregistrée : 6 ans après la clôture.');
    expect(await screen.dueRows()).toEqual([[old.reference, '02/03/2020', '10/03/2020', '10/03/2026']]);

    await screen.askToAnonymise('Anne Dupuis');
    const dialog = screen.dialog();
    expect(await dialog.getByRole('heading').textContent()).toBe(`Anonymiser la demande ${old.reference} ?`);
    expect(await dialog.textContent()).toContain('Cette opération est irréversible.');
    expect(await dialog.textContent()).toContain('les noms du demandeur et de la personne concernée, les coordonnées');
    await screen.checkAccessible('conservation, confirmation');
    await screen.screenshot('61-conservation-confirmation');
    await screen.button('Anonymiser définitivement').click();
    await expect.poll(() => screen.page.getByRole('region', { name: 'Demandes dont la conservation est écoulée' }).getByRole('status').textContent()).toBe(`Demande anonymisée : ${old.reference}.`);
    await screen.expectText("Aucune demande clôturée n'a dépassé sa durée de conservation.");
    await screen.screenshot('62-conservation-apres');

    await screen.page.getByRole('link', { name: 'Conventions', exact: true }).click();
    const request = await new RequestPage(screen.page).open(old.id, old.reference);
    await request.expectText(/^Demande anonymisée le 25\/11\/2026 : sa durée de conservation était écoulée\./);
    const text = (await request.page.locator('main').textContent()) ?? '';
    expect(text).not.toContain('Vanderbecq');
    expect(text).not.toContain('ophelie.vdb');
    expect(await request.hasButton('Clôturer')).toBe(false);
    await request.checkAccessible('demande anonymisée');
    await request.screenshot('63-demande-anonymisee');
    // The other request is as it was.
    await new RequestPage(screen.page).open(recent.id, recent.reference);
    await request.expectText("Karim Benali (Parent d'élève)");
  });
});
