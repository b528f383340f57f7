// « Tableau de bord » (renderer/src/screens/Dashboard.tsx).
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

  /** The chart of requests received by month, as read by a screen reader. */
  monthsChart(): Promise<string | null> {
    return this.page.getByRole('img', { name: /Demandes reçues par mois/ }).getAttribute('aria-label');
  }
}
