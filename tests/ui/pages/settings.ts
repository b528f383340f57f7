// « Paramètres »: this office, the letterhead of its letters and the backups (Settings.tsx,
// LetterheadForm.tsx, Backups.tsx); and the screen shown instead of the app when the register
// cannot be opened (Backups.tsx `Recovery`).
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

/** What choosing a backup and restoring it takes, on Paramètres and on the start-up screen alike. */
class BackupSteps extends Screen {
  /** Chooses the backup on the row whose type is `kind` (« À la demande », « Quotidienne »…), the newest first. */
  async chooseBackup(kind: string, within: Locator): Promise<void> {
    await within.getByRole('row').filter({ has: this.page.getByRole('cell', { name: kind, exact: true }) }).first().getByRole('button', { name: /^Choisir/ }).click();
  }

  /** « Restaurer cette sauvegarde », then « Confirmer la restauration »; waits for the confirmation. */
  async restore(within: Locator): Promise<string> {
    await this.button('Restaurer cette sauvegarde', within).click();
    await this.button('Confirmer la restauration', within).click();
    const done = within.getByRole('status').filter({ hasText: 'Sauvegarde restaurée' });
    await expect.poll(() => done.count(), { timeout: 30_000 }).toBe(1);
    return (await done.textContent()) ?? '';
  }

  /** After a restoration: the app starts again on the restored register. */
  openRestored(): Promise<void> {
    return this.button('Ouvrir le registre restauré').click();
  }
}

export class BackupsPart extends BackupSteps {
  section(): Locator {
    return this.page.getByRole('region', { name: 'Sauvegardes et restauration' });
  }

  async backUpNow(): Promise<string> {
    await this.button('Faire une sauvegarde maintenant', this.section()).click();
    await expect.poll(() => this.section().getByRole('status').first().textContent()).toContain('Sauvegarde faite');
    return (await this.section().getByRole('status').first().textContent()) ?? '';
  }

  /** The rows of the backups table: date, type, size. */
  async rows(): Promise<string[][]> {
    const rows = this.section().getByRole('table').getByRole('row');
    const out: string[][] = [];
    for (let i = 1; i < (await rows.count()); i++) out.push((await rows.nth(i).getByRole('cell').allTextContents()).slice(0, 3));
    return out;
  }
}

export class RecoveryPage extends BackupSteps {
  async waitUntilShown(): Promise<this> {
    await this.expectTitle("Le registre ne peut pas être ouvert");
    return this;
  }

  latest(): Locator {
    return this.page.getByRole('region', { name: 'Dernière sauvegarde en bon état' });
  }
}
