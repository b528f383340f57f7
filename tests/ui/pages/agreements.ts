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

  uaiField(): Locator {
    return this.page.getByLabel('Code UAI');
  }

  /** Fills « Ajouter une école » and clicks « Ajouter l'école ». */
  async addSchool({ name, uai }: { name?: string; uai: string }): Promise<void> {
    if (name !== undefined) await this.page.getByLabel("Nom de l'école", { exact: true }).fill(name);
    await this.uaiField().fill(uai);
    await this.button("Ajouter l'école").click();
  }

  async openLetterTemplates(): Promise<void> {
    await this.page.getByRole('link', { name: 'Modèles de courriers' }).click();
    await this.expectTitle('Modèles de courriers');
  }
}
