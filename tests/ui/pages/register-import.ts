// « Importer un registre » (renderer/src/screens/RegisterImport.tsx), and « Importer une liste
// d'écoles » on an agreement's screen: pick a file, the columns with their field, the preview of
// the first lines, the report of the lines left out, confirm.
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import { Screen } from './app';

/** The text of each cell of each body row of a table. */
const cells = (table: Locator): Promise<string[][]> =>
  table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => (c.textContent ?? '').trim())));

export class RegisterImportPage extends Screen {
  /** On an agreement's screen: opens « Importer une liste d'écoles » (the same steps follow). */
  async openSchoolsImport(): Promise<this> {
    await this.page.getByText("Importer une liste d'écoles (nom, adresse, UAI)", { exact: true }).click();
    await expect.poll(() => this.button('Choisir le fichier…').isVisible()).toBe(true);
    return this;
  }

  /** From the request list: « Importer un registre ». */
  async openFromList(): Promise<this> {
    await this.page.getByRole('link', { name: 'Importer un registre', exact: true }).click();
    await this.expectTitle('Importer un registre');
    return this;
  }

  /** « Choisir le fichier… », then the file, and waits for its columns. */
  async pick(path: string): Promise<void> {
    await this.upload('Choisir le fichier…', path);
    // The file is read in the service's worker: a few seconds on a loaded machine.
    // A refusal shows its message in place of « ok ».
    const alert = this.page.getByRole('alert');
    await expect
      .poll(async () => ((await this.region('Colonnes du fichier').isVisible()) ? 'ok' : (await alert.count()) ? await alert.first().textContent() : 'lecture en cours'), { timeout: 30_000 })
      .toBe('ok');
  }

  region(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  /** Each column: its number, header and the field chosen (as the select reads). */
  async mapping(): Promise<string[][]> {
    const rows = this.region('Colonnes du fichier').locator('tbody tr');
    const out: string[][] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      const select = row.getByRole('combobox');
      const value = await select.inputValue();
      const label = await select.locator(`option[value="${value}"]`).textContent();
      out.push([(await row.locator('td').first().textContent()) ?? '', (await row.locator('th').textContent()) ?? '', label ?? '']);
    }
    return out;
  }

  /** Takes column `n` (1-based) for the field labelled `field` (or « Ignorer cette colonne »), and waits for the new preview. */
  async remap(n: number, header: string, field: string): Promise<void> {
    const select = this.page.getByLabel(`Champ de la colonne ${n} « ${header} »`, { exact: true });
    await select.selectOption({ label: field });
    await expect.poll(() => this.page.locator('.import-flow').getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');
  }

  /** The summary line: « 6 lignes lues dans … ». */
  summary(): Promise<string | null> {
    return this.page.getByRole('status').filter({ hasText: 'lues dans' }).textContent();
  }

  preview(): Promise<string[][]> {
    return cells(this.region("Aperçu : les premières lignes telles qu'elles seront enregistrées").locator('table'));
  }

  report(): Promise<string[][]> {
    return cells(this.region('Lignes qui ne seront pas importées').locator('table'));
  }

  /** Clicks the confirmation (« Importer 2 demandes ») and waits for its message. */
  async confirm(label: string): Promise<string | null> {
    await this.button(label).click();
    const done = this.page.getByRole('status').filter({ hasText: 'importée' });
    await expect.poll(() => done.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    return done.first().textContent();
  }
}
