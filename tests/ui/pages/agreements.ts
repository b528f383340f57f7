// The first-run screen (office and first agreement, FirstRun.tsx), « Conventions »
// (Agreements.tsx) and one agreement with its allocation table and schools (AgreementView.tsx).
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import { Screen } from './app';

export class FirstRunPage extends Screen {
  async waitUntilShown(): Promise<this> {
    await expect.poll(() => this.title()).toContain('Bienvenue');
    return this;
  }

  partyGroup(): Locator {
    return this.page.getByRole('group', { name: 'Cet office est' });
  }

  /** « L'académie » or « La commune ». */
  async chooseParty(label: "L'académie" | 'La commune'): Promise<void> {
    await this.partyGroup().getByRole('radio', { name: label }).check();
  }

  isPartyChecked(label: "L'académie" | 'La commune'): Promise<boolean> {
    return this.partyGroup().getByRole('radio', { name: label }).isChecked();
  }

  presetOptions(): Promise<string[]> {
    return this.page.getByLabel('Modèle de convention').locator('option').allTextContents();
  }

  async choosePreset(label: string): Promise<void> {
    await this.page.getByLabel('Modèle de convention').selectOption({ label });
  }

  communeName(): Promise<string> {
    return this.page.getByLabel('Nom de la commune').inputValue();
  }

  /** Clicks « Commencer ». */
  start(): Promise<void> {
    return this.button('Commencer').click();
  }

  /** After « Convention créée »: « Ouvrir le registre ». */
  async openRegister(): Promise<void> {
    await this.button('Ouvrir le registre').click();
    await this.expectTitle('Tableau de bord');
  }
}

export class AgreementsPage extends Screen {
  async open(): Promise<this> {
    await this.navigate('Conventions');
    await this.expectTitle('Conventions');
    return this;
  }

  /** Opens an agreement by (part of) its name. */
  async openAgreement(name: RegExp): Promise<AgreementPage> {
    await this.page.getByRole('link', { name }).click();
    await this.expectTitle(/^Convention /);
    return new AgreementPage(this.page);
  }
}

export class AgreementPage extends Screen {
  /** A cell of the allocation table or of the schools (by its exact text). */
  cell(text: string): Locator {
    return this.page.getByRole('cell', { name: text, exact: true });
  }

  async expectCell(text: string): Promise<void> {
    await expect.poll(() => this.cell(text).isVisible(), { message: `cellule « ${text} »` }).toBe(true);
  }

  /** The UAI field of « Ajouter une école ». */
  uaiField(): Locator {
    return this.page.getByRole('form', { name: 'Ajouter une école' }).getByLabel('Code UAI');
  }

  /** Fills « Ajouter une école » and clicks « Ajouter l'école ». */
  async addSchool({ name, uai }: { name?: string; uai: string }): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Ajouter une école' });
    if (name !== undefined) await form.getByLabel("Nom de l'école", { exact: true }).fill(name);
    await form.getByLabel('Code UAI').fill(uai);
    await this.button("Ajouter l'école").click();
  }

  /** The row of a school in the table (by its UAI). */
  schoolRow(uai: string): Locator {
    return this.page.getByRole('row').filter({ has: this.cell(uai) });
  }

  /** The box listing the agreement's own school lines still to correct. */
  schoolsToReview(): Locator {
    return this.page.getByRole('region', { name: 'Écoles de la liste de la convention à corriger' });
  }

  /** « Modifier » on a school's row, then the fields given, then « Enregistrer l'école ». */
  async editSchool(name: string, values: { name?: string; address?: string; uai?: string }): Promise<void> {
    await this.page.getByRole('button', { name: `Modifier ${name}`, exact: true }).click();
    const form = this.page.getByRole('form', { name: `Modifier ${name}` });
    if (values.name !== undefined) await form.getByLabel("Nom de l'école").fill(values.name);
    if (values.address !== undefined) await form.getByLabel("Adresse de l'école").fill(values.address);
    if (values.uai !== undefined) await form.getByLabel('Code UAI').fill(values.uai);
    await form.getByRole('button', { name: "Enregistrer l'école" }).click();
  }

  /** « Supprimer » on a school's row, then « Confirmer la suppression ». */
  async removeSchool(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Supprimer ${name}`, exact: true }).click();
    await this.button('Confirmer la suppression').click();
  }

  /** The modules of the agreement's list as shown: [name, owner] per row (DSDEN 13). */
  async modules(): Promise<[string, string][]> {
    const form = this.page.getByRole('form', { name: "Modules de l'ENT" });
    const names = await form.getByLabel(/^Nom du module \d+$/).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    const owners = await form
      .getByLabel(/^Propriétaire du module \d+$/)
      .evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent ?? ''));
    return names.map((n, i) => [n, owners[i] ?? '']);
  }

  /** « Ajouter un module », its name and owner, then « Enregistrer les modules ». */
  async addModule(name: string, owner: 'la collectivité' | "l'académie"): Promise<void> {
    const form = this.page.getByRole('form', { name: "Modules de l'ENT" });
    const before = await form.getByLabel(/^Nom du module \d+$/).count();
    await this.button('Ajouter un module').click();
    await form.getByLabel(`Nom du module ${before + 1}`, { exact: true }).fill(name);
    await form.getByLabel(`Propriétaire du module ${before + 1}`, { exact: true }).selectOption({ label: owner });
    await this.button('Enregistrer les modules').click();
  }

  async openLetterTemplates(): Promise<void> {
    await this.page.getByRole('link', { name: 'Modèles de courriers' }).click();
    await this.expectTitle('Modèles de courriers');
  }
}
