// « Conservation » (renderer/src/screens/Retention.tsx): the agreement's retention period and its
// reason, the requests past it, « Anonymiser » and its confirmation dialog.
import type { Locator } from 'playwright-core';
import { Screen } from './app';

export class RetentionPage extends Screen {
  /** From an agreement's page: its « Conservation » link. */
  async openFromAgreement(agreementId: string): Promise<this> {
    await this.goto(`#/conventions/${agreementId}`);
    await this.page.getByRole('link', { name: 'Conservation', exact: true }).click();
    await this.expectTitle('Conservation des demandes');
    await this.page.getByRole('heading', { name: /^Durée de conservation/ }).waitFor();
    return this;
  }

  /** The requests listed past their retention: [reference, reçue le, clôturée le, fin de conservation]. */
  dueRows(): Promise<string[][]> {
    return this.page
      .getByRole('table', { name: /à revoir avant anonymisation$/ })
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => (c.textContent ?? '').trim()).slice(1)));
  }

  /** Types a period and saves it. */
  async setPeriod(years: string): Promise<void> {
    await this.page.getByLabel('Durée de conservation (en années après la clôture)', { exact: true }).fill(years);
    await this.button('Enregistrer la durée').click();
  }

  /** The confirmation dialog « Anonymiser … ? ». */
  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** Types who confirms, clicks « Anonymiser » (the dialog opens). */
  async askToAnonymise(by: string): Promise<void> {
    await this.page.getByLabel('Vérifié et confirmé par', { exact: true }).fill(by);
    await this.button('Anonymiser').click();
    await this.dialog().waitFor();
  }
}
