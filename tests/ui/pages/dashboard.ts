// « Tableau de bord » (renderer/src/screens/Dashboard.tsx).
import type { Locator } from 'playwright-core';
import { Screen } from './app';

export class DashboardPage extends Screen {
  async open(): Promise<this> {
    await this.navigate('Tableau de bord');
    await this.expectTitle('Tableau de bord');
    return this;
  }

  /** Waits for the dashboard the app opens on. */
  async waitUntilShown(): Promise<this> {
    await this.page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    return this;
  }

  /** The table « Demandes en cours par convention ». */
  agreementsTable(): Locator {
    return this.page.getByRole('table', { name: 'Demandes en cours par convention' });
  }

  /** The figures of one agreement's row: [en cours, en retard, sous 7 jours, suspendues, à arbitrer]. */
  async agreementFigures(name: string): Promise<string[]> {
    return this.agreementsTable()
      .locator('tbody tr', { has: this.page.getByRole('rowheader', { name, exact: true }) })
      .getByRole('cell')
      .allTextContents();
  }

  /** Follows one figure of an agreement's row (« En cours », « En retard »…) to the list. */
  async openAgreementFigure(name: string, column: string): Promise<void> {
    await this.agreementsTable().getByRole('link', { name: `${column.toLowerCase()}, ${name}` }).first().click();
  }

  /** The chart of requests received by month, as read by a screen reader. */
  monthsChart(): Promise<string | null> {
    return this.page.getByRole('img', { name: /Demandes reçues par mois/ }).getAttribute('aria-label');
  }

  /** The figure of a tile (« En retard », « Échéance sous 7 jours »…). */
  tile(label: string): Promise<string | null> {
    return this.page.locator('.tiles li', { has: this.page.getByText(label, { exact: true }) }).locator('.tile-value').textContent();
  }

  /** The table « Demandes en cours par partie et par statut »: each row's status and figures. */
  async openByStatus(): Promise<string[][]> {
    const section = this.page.getByRole('region', { name: 'Demandes en cours par partie et par statut' });
    if (await section.getByText('Aucune demande en cours.').count()) return [];
    return section.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => c.textContent ?? '')));
  }
}
