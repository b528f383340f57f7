// The breach register on screen: an office declares a breach it has just learnt of and sees at
// once what is due, by when and to whom, as live hour countdowns; the open breach comes first on
// the dashboard with its most urgent deadline; a missing field is named next to it. Axe on each
// screen, screenshots in tests/ui/screens.
import { describe, expect, it } from 'vitest';
import { formatParisDateTime, hoursDeadline } from '../../core/deadlines';
import { parisInstant, parisLocal } from '../../core/breaches/time';
import { BreachListPage, BreachPage, DashboardPage, NewBreachPage, Office, useOffice } from './pages';

let academie: Office;

useOffice({ party: 'academie', preset: 'versailles-fontenay' }, (o) => ({ office: academie } = o));

/** A Paris wall-clock time `minutes` before now (instants are real in the browser mode). */
const parisMinutesAgo = (minutes: number) => parisLocal(Date.now() - minutes * 60_000);

describe('declaring a breach', () => {
  it('shows each deadline by when and to whom, counting down in hours, and puts the open breach first on the dashboard', async () => {
    const page = await academie.newPage();
    await new DashboardPage(page).waitUntilShown();
    const form = await new NewBreachPage(page).open();
    const knownAt = parisMinutesAgo(20);
    await form.fill({
      knownAt,
      knownHow: "Courriel d'un enseignant : bulletins visibles par d'autres familles",
      discoveredBy: 'Académie',
      origin: "Action d'un membre de la communauté éducative",
      service: 'ENT des écoles – cahier de liaison',
      nature: 'Perte de confidentialité : bulletins partagés par erreur avec toutes les familles.',
      dataCategories: 'Identité, appréciations scolaires',
      personCategories: 'Élèves (mineurs), parents',
      personsCount: '75',
      measures: 'Partage retiré ; journal d’accès demandé à l’éditeur.',
    });
    await form.checkAccessible('violation, déclaration remplie');
    await form.submit();

    const breach = await new BreachPage(page).waitFor('FAR-V-A-2026-0001'.replace('2026', knownAt.slice(0, 4)));
    const known = parisInstant(knownAt, 'knownAt', 'Connue le');
    const dpd = breach.deadline('Notification aux DPD et RSSI');
    await breach.expectText(/reste 23 h [34]\d min/, dpd);
    expect(await dpd.textContent()).toContain(formatParisDateTime(hoursDeadline(known, 24)));
    expect(await dpd.textContent()).toContain('DPD de chaque partie');
    expect(await dpd.textContent()).toContain('Annexe 1 art. 4.1');
    const cnil = breach.deadline('Notification à la CNIL (délai de la convention)');
    expect(await cnil.textContent()).toContain(formatParisDateTime(hoursDeadline(known, 48)));
    expect(await cnil.textContent()).toMatch(/reste 47 h [34]\d min/);
    expect(await breach.deadline('Notification à la CNIL (délai légal)').textContent()).toContain(formatParisDateTime(hoursDeadline(known, 72)));
    expect(await breach.deadline('Cellule de crise').textContent()).toContain('En attente');
    await breach.expectText('dpd@ac-versailles.fr');
    await breach.expectText('Proposée : Académie');
    await breach.checkAccessible('violation déclarée');
    await breach.screenshot('40-violation-declaree');

    // The DPDs are notified: that deadline is done, the crisis cell now runs 24 h from it.
    await breach.step('Notifier les DPD et RSSI', 'Enregistrer la notification', async () => undefined, 'Notification aux DPD et RSSI enregistrée.');
    await breach.expectText(/^Fait$/, breach.deadline('Notification aux DPD et RSSI'));
    await breach.expectText(/reste 2[34] h \d{2} min/, breach.deadline('Cellule de crise'));
    await breach.checkAccessible('violation notifiée');

    const dashboard = await new DashboardPage(page).open();
    const alert = page.getByRole('region', { name: /Violation de données en cours/ });
    await dashboard.expectText(/FAR-V-A-\d{4}-0001/, alert);
    // Its most urgent deadline now: the crisis cell, 24 h after the notification just made.
    await dashboard.expectText(/Cellule de crise \(décision de notifier ou non la CNIL\) avant le .* reste 2[34] h/, alert);
    // Above everything else on the dashboard.
    const first = await page.locator('main h2').first().textContent();
    expect(first).toBe('Violation de données en cours');
    await dashboard.checkAccessible('tableau de bord avec violation');
    await dashboard.screenshot('41-tableau-de-bord-violation');

    const list = await new BreachListPage(page).open();
    await list.expectText(/Cellule de crise.*reste 2[34] h/, list.row('FAR-V-A'));
    await list.checkAccessible('registre des violations');
  }, 240_000);

  it('names what to fix next to each field, and declares nothing', async () => {
    const page = await academie.newPage();
    await new DashboardPage(page).waitUntilShown();
    const form = await new NewBreachPage(page).open();
    await form.submit();
    expect(await form.alertText()).toContain('Le formulaire contient des erreurs');
    await form.expectText('Décrivez la nature de la violation.');
    await form.expectText('Indiquez le service concerné.');
    // A time that does not exist in Paris is refused by the service, next to the field.
    await form.fill({
      knownAt: '2026-03-29T02:30',
      knownHow: 'Alerte',
      discoveredBy: 'Commune',
      origin: 'Origine encore inconnue',
      service: 'ENT',
      nature: 'Indisponibilité',
      dataCategories: 'Identité',
      personCategories: 'Élèves',
    });
    await form.submit();
    await form.expectText(/cette heure n'existe pas à Paris/);
    await form.checkAccessible('déclaration refusée');
    const { rows } = await academie.api<{ rows: unknown[] }>('breaches.list', {});
    expect(rows).toHaveLength(1);
  }, 240_000);
});
