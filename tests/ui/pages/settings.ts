// « Paramètres »: this office and the letterhead of its letters (Settings.tsx, LetterheadForm.tsx).
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import { Screen } from './app';

export interface Letterhead {
  office?: string;
  address?: string;
  city?: string;
  dpd?: string;
  signatory?: string;
  signatoryTitle?: string;
  email?: string;
}

const LETTERHEAD_FIELDS: Record<keyof Letterhead, string> = {
  office: "Nom de l'office (en-tête)",
  address: 'Adresse postale',
  city: 'Ville (ligne de date)',
  dpd: 'Nom du DPD',
  signatory: 'Signataire des décisions (nom)',
  signatoryTitle: 'Qualité du signataire',
  email: 'Courriel du DPD',
};

export class SettingsPage extends Screen {
  async open(): Promise<this> {
    await this.navigate('Paramètres');
    await this.expectTitle('Paramètres');
    return this;
  }

  letterheadForm(): Locator {
    return this.page.getByRole('form', { name: 'En-tête des courriers' });
  }

  async fillLetterhead(values: Letterhead): Promise<void> {
    const form = this.letterheadForm();
    for (const [key, value] of Object.entries(values) as [keyof Letterhead, string][]) {
      await form.getByLabel(LETTERHEAD_FIELDS[key], { exact: true }).fill(value);
    }
  }

  saveLetterhead(): Promise<void> {
    return this.letterheadForm().getByRole('button', { name: "Enregistrer l'en-tête" }).click();
  }

  async expectLetterheadSaved(): Promise<void> {
    await expect.poll(() => this.letterheadForm().getByRole('status').textContent()).toContain('En-tête enregistré');
  }
}
