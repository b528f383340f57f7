// « Rapport annuel » (renderer/src/screens/AnnualReport.tsx): the agreement and the year chosen,
// the figures as tables (each named by its caption), the PDF and XLSX downloaded.
import { expect } from 'vitest';
import { Screen } from './app';

export class AnnualReportPage extends Screen {
  /** From the request list: « Rapport annuel », next to « Exporter le registre ». */
  async openFromList(): Promise<this> {
    await this.page.getByRole('link', { name: 'Rapport annuel', exact: true }).click();
    await this.expectTitle('Rapport annuel');
    await this.waitForFigures();
    return this;
  }

  /** Waits until the figures shown are those of the current choice. */
  async waitForFigures(): Promise<void> {
    await expect.poll(() => this.page.locator('.annual-report').getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');
  }

  /** Picks `option` in the select labelled `label` (« Convention », « Année ») and waits for its figures. */
  async choose(label: 'Convention' | 'Année', option: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).selectOption({ label: option });
    await this.waitForFigures();
  }

  /** The option chosen in the select labelled `label`. */
  chosen(label: 'Convention' | 'Année'): Promise<string> {
    return this.page.getByLabel(label, { exact: true }).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '');
  }

  /** The report's heading (« Rapport annuel 2025 des demandes… »). */
  reportHeading(): Promise<string | null> {
    return this.page.locator('.annual-report h2').first().textContent();
  }

  /** The cells of each body row of the table whose caption is `caption`. */
  table(caption: string): Promise<string[][]> {
    return this.page
      .getByRole('table', { name: caption, exact: true })
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => (c.textContent ?? '').trim())));
  }

  /** The summary as label → value. */
  async summary(): Promise<Record<string, string>> {
    return Object.fromEntries((await this.table("Synthèse de l'année")).map(([label, value]) => [label, value]));
  }
}
