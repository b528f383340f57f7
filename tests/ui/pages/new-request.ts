// « Nouvelle demande »: the intake form (renderer/src/screens/NewRequest.tsx).
import { expect } from 'vitest';
import { Screen, typeDate } from './app';

export interface RequestForm {
  /** jj/mm/aaaa (or AAAA-MM-JJ, typed as jj/mm/aaaa); the field keeps today's date when absent. */
  received?: string;
  /** Canal de réception, as labelled: « Commune », « Académie »… */
  channel: string;
  /** Mode de réception: « Courriel », « Courrier », « Formulaire »… */
  medium?: string;
  name: string;
  /** Catégorie du demandeur, as labelled: « Parent d'élève », « Autre »… */
  category: string;
  /** The person concerned, when it is not the requester. */
  pupil?: string;
  /** École, as listed: « École maternelle Jean Macé (0920484B) ». */
  school?: string;
  /**
   * Module concerné (DSDEN 13): one of the agreement's list is chosen in it (its owner follows);
   * another is typed under « Autre module (hors liste)… » with whose it is (« la collectivité »,
   * « l'académie »).
   */
  module?: { name: string; owner?: string; severalSchools?: boolean };
  /** Droits exercés, as labelled: « Accès », « Effacement »… */
  rights: string[];
}

export class NewRequestPage extends Screen {
  /** Opens the form from the main navigation. */
  async open(): Promise<this> {
    await this.navigate('Nouvelle demande');
    await this.expectTitle('Nouvelle demande');
    return this;
  }

  async fill(form: RequestForm): Promise<void> {
    const p = this.page;
    if (form.received) await typeDate(p.getByLabel('Date de réception'), form.received);
    await p.getByLabel('Canal de réception').selectOption({ label: form.channel });
    await p.getByLabel('Mode de réception').selectOption({ label: form.medium ?? 'Courriel' });
    await p.getByLabel('Nom du demandeur').fill(form.name);
    await p.getByLabel('Catégorie du demandeur').selectOption({ label: form.category });
    if (form.pupil) {
      await p.getByLabel('La demande concerne une autre personne').check();
      await p.getByLabel('Personne concernée', { exact: true }).fill(form.pupil);
    }
    if (form.school) await p.getByLabel('École', { exact: true }).selectOption({ label: form.school });
    if (form.module) {
      const list = p.getByLabel('Module concerné');
      const listed = (await list.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).includes(form.module.name);
      if (listed) {
        await list.selectOption({ value: form.module.name });
      } else {
        await list.selectOption({ label: 'Autre module (hors liste)…' });
        await p.getByLabel('Nom du module hors liste').fill(form.module.name);
      }
      if (form.module.owner) await p.getByLabel('Module propre à').selectOption({ label: form.module.owner });
      if (form.module.severalSchools) await p.getByLabel('La demande concerne plusieurs écoles').check();
    }
    for (const r of form.rights) await p.getByRole('checkbox', { name: r, exact: true }).check();
  }

  /** Clicks « Enregistrer la demande » (the request opens when the form is valid). */
  submit(): Promise<void> {
    return this.button('Enregistrer la demande').click();
  }

  /**
   * Answers the question the app asks about an unlikely received date (months back, already
   * overdue): checks it is shown, then « Confirmer la date et enregistrer ».
   */
  async confirmDate(question: string | RegExp = /confirmez la date de réception/i): Promise<void> {
    await this.expectText(question);
    await this.button('Confirmer la date et enregistrer').click();
  }

  /** Fills and saves the form; returns the reference of the request the app opens. */
  async record(form: RequestForm, reference = /^FAR-[AC]-\d{4}-\d{4}$/): Promise<string> {
    await this.fill(form);
    await this.submit();
    await expect.poll(() => this.title()).toMatch(/^Demande /);
    const shown = (await this.title())!.replace(/^Demande /, '');
    expect(shown).toMatch(reference);
    return shown;
  }
}

/** « Corriger la demande … »: the intake form filled with what was typed, a reason, « Enregistrer la correction ». */
export class CorrectionPage extends NewRequestPage {
  async reason(text: string): Promise<void> {
    await this.page.getByLabel('Motif de la correction').fill(text);
  }

  /** Clicks « Enregistrer la correction » (the request opens again when the service accepts it). */
  save(): Promise<void> {
    return this.button('Enregistrer la correction').click();
  }

  /** The question the service asked (unlikely date, new allocation), shown above the buttons. */
  question(): Promise<string | null> {
    return this.page.getByRole('form', { name: 'Correction de la demande' }).getByRole('alert').textContent();
  }
}
