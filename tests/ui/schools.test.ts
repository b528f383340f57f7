// The schools of an agreement on its screen: the seed's malformed UAI offered with its computed
// correction (accepted in one click), a school corrected, a used one kept with the French reason,
// an unused one removed.
import { describe, expect, it } from 'vitest';
import { AgreementsPage, Office, useOffice } from './pages';

let office: Office;

useOffice({ today: '2026-11-25', party: 'academie', preset: 'versailles-fontenay' }, (o) => ({ office: office } = o));

describe('schools of an agreement', () => {
  it('accepts the correction of the malformed UAI in one click, corrects a school, keeps a used one and removes an unused one', async () => {
    const schools = await office.api<{ id: string; uai: string }[]>('schools.list', { agreementId: office.agreementId });
    const mace = schools.find((s) => s.uai === '0920484B')!;
    await office.createRequest({ schoolId: mace.id });
    await office.createRequest({ schoolId: mace.id, requesterName: 'Paul Durand' });

    const agreements = await new AgreementsPage(await office.newPage()).open();
    const agreement = await agreements.openAgreement(/Fontenay-aux-Roses/);
    const review = agreement.schoolsToReview();
    await agreement.expectText(/Ligne 2, École maternelle Scarron : « 0920546Ux » n'est pas un code UAI/, review);
    await agreement.expectText('Code valide le plus proche', review);
    await agreement.checkAccessible('écoles à corriger');
    await agreement.screenshot('schools-01-a-corriger');

    await agreement.button('Ajouter avec le code 0920546U', review).click();
    await agreement.expectText('École ajoutée avec le code 0920546U : École maternelle Scarron.');
    await agreement.expectCell('0920546U');
    expect(await agreement.schoolRow('0920546U').getByRole('cell', { name: 'Allée des lilas' }).count()).toBe(1);
    await expect.poll(() => review.count()).toBe(0);
    await agreement.expectText(/11 écoles/);

    // A wrong letter in a correction: refused next to the field, with the valid code offered.
    await agreement.editSchool('École élémentaire Le Parc', { name: 'École élémentaire du Parc', uai: '0921688A' });
    await agreement.expectText('Le code UAI « 0921688A » est incorrect : pour 0921688, la lettre de contrôle est K.');
    await agreement.button('Utiliser le code 0921688K').click();
    await agreement.button("Enregistrer l'école").click();
    await agreement.expectText('École modifiée : École élémentaire du Parc (0921688K).');
    await agreement.expectCell('École élémentaire du Parc');
    expect(await agreement.cell('École élémentaire Le Parc').count()).toBe(0);

    // Used by two requests: kept, and the screen says why.
    await agreement.removeSchool('École maternelle Jean Macé');
    await agreement.expectText(/École maternelle Jean Macé \(0920484B\) est l'école de 2 demandes : elle ne peut pas être supprimée/);
    await agreement.checkAccessible('école utilisée');
    await agreement.screenshot('schools-02-ecole-utilisee');
    await agreement.button('Fermer').click();
    await agreement.expectCell('0920484B');

    await agreement.removeSchool('École maternelle Les Ormeaux');
    await agreement.expectText('École supprimée : École maternelle Les Ormeaux (0921992R).');
    await expect.poll(() => agreement.cell('0921992R').count()).toBe(0);
    const left = await office.api<{ uai: string }[]>('schools.list', { agreementId: office.agreementId });
    expect(left.map((s) => s.uai)).not.toContain('0921992R');
    expect(left.map((s) => s.uai)).toContain('0920484B');
    await agreement.screenshot('schools-03-apres');
  });
});
