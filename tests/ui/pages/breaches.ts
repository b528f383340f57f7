// « Violations de données »: the register (renderer/src/screens/BreachList.tsx), the declaration
// form (NewBreach.tsx) and a breach's screen with its live countdowns (BreachView.tsx).
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import { Screen, typeDate } from './app';

export interface BreachForm {
  /** Paris wall-clock time, 'YYYY-MM-DDTHH:mm'. */
  knownAt: string;
  knownHow: string;
  discoveredBy: string;
  origin: string;
  service: string;
  nature: string;
  dataCategories: string;
  personCategories: string;
  personsCount?: string;
  measures?: string;
}

export class BreachListPage extends Screen {
  async open(): Promise<this> {
    await this.navigate('Violations de données');
    await this.expectTitle('Violations de données');
    return this;
  }

  /** The row of a breach in the register, by its reference. */
  row(reference: string): Locator {
    return this.page.getByRole('row', { name: new RegExp(reference) });
  }
}

export class NewBreachPage extends Screen {
  async open(): Promise<this> {
    await new BreachListPage(this.page).open();
    await this.page.getByRole('link', { name: 'Déclarer une violation' }).click();
    await this.expectTitle('Déclarer une violation de données');
    return this;
  }

  /** A date and time pair (a fieldset named by its legend), typed as jj/mm/aaaa and hh:mm. */
  async typeDateTime(legend: string, local: string): Promise<void> {
    const group = this.page.getByRole('group', { name: legend, exact: true });
    const [date = '', time = ''] = local.split('T');
    await typeDate(group.getByLabel('Date', { exact: true }), date);
    await group.getByLabel('Heure (Paris)').fill(time);
  }

  async fill(form: BreachForm): Promise<void> {
    await this.typeDateTime('Connue le', form.knownAt);
    await this.page.getByLabel('Comment elle a été connue', { exact: true }).fill(form.knownHow);
    await this.page.getByLabel('Découverte par', { exact: true }).selectOption({ label: form.discoveredBy });
    await this.page.getByLabel('Origine', { exact: true }).selectOption({ label: form.origin });
    await this.page.getByLabel('Service concerné', { exact: true }).fill(form.service);
    await this.page.getByLabel('Nature de la violation', { exact: true }).fill(form.nature);
    await this.page.getByLabel('Catégories de données', { exact: true }).fill(form.dataCategories);
    await this.page.getByLabel('Catégories de personnes', { exact: true }).fill(form.personCategories);
    if (form.personsCount) await this.page.getByLabel('Nombre approximatif de personnes', { exact: true }).fill(form.personsCount);
    if (form.measures) await this.page.getByLabel('Mesures de sécurité prises ou envisagées', { exact: true }).fill(form.measures);
  }

  async submit(): Promise<void> {
    await this.button('Déclarer la violation').click();
  }
}

export class BreachPage extends Screen {
  async waitFor(reference: string): Promise<this> {
    await this.expectTitle(`Violation ${reference}`);
    return this;
  }

  /** The row of a deadline in « Échéances », by what is due. */
  deadline(label: string): Locator {
    return this.page.getByRole('region', { name: 'Échéances' }).getByRole('row', { name: new RegExp(label.replace(/[()]/g, '\\$&')) });
  }

  /** Opens a step's form, lets `fill` complete it, sends it, and waits for the screen to say `recorded`. */
  async step(action: string, submit: string, fill: (form: Locator) => Promise<void>, recorded: string): Promise<void> {
    await this.button(action).click();
    const form = this.page.getByRole('form', { name: action });
    await fill(form);
    await this.button(submit, form).click();
    await expect.poll(() => this.page.locator('p.banner-ok[role="status"]').textContent()).toBe(recorded);
  }
}
