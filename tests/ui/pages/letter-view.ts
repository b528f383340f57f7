// A letter of a request (LetterView.tsx): text filled from the request, edited, previewed, saved
// as PDF or DOCX (or printed by the browser when no Chromium is found); and the templates
// screen of an agreement (LetterTemplates.tsx).
import type { Locator } from 'playwright-core';
import { Screen } from './app';

export class LetterPage extends Screen {
  /** Opens `#/demandes/<id>/courrier/<kind>` and waits for « <label> : demande <reference> ». */
  async open(requestId: string, kind: string, title: string): Promise<this> {
    await this.goto(`#/demandes/${requestId}/courrier/${kind}`);
    await this.expectTitle(title);
    return this;
  }

  textField(): Locator {
    return this.page.getByLabel('Texte du courrier');
  }

  text(): Promise<string> {
    return this.textField().inputValue();
  }

  async editText(edit: (text: string) => string): Promise<void> {
    await this.textField().fill(edit(await this.text()));
  }

  preview(): Locator {
    return this.page.getByRole('region', { name: 'Aperçu' });
  }

  /** Clicks « Enregistrer en PDF » (or DOCX) and keeps the download in `folder`. */
  saveAs(format: 'PDF' | 'DOCX', folder: string): Promise<{ name: string; path: string }> {
    return this.download(`Enregistrer en ${format}`, folder);
  }

  /** Clicks « Enregistrer en PDF » when no file is expected (a refusal follows). */
  trySavePdf(): Promise<void> {
    return this.button('Enregistrer en PDF').click();
  }

  async backToRequest(): Promise<void> {
    await this.page.getByRole('link', { name: 'Retour à la demande' }).first().click();
  }

  /** « Imprimer avec le navigateur », offered when no Chromium-family browser is found. */
  async printWithBrowser(): Promise<Locator> {
    await this.button('Imprimer avec le navigateur').click();
    return this.page.getByRole('dialog', { name: 'Aperçu avant impression' });
  }
}

export class LetterTemplatesPage extends Screen {
  bodyField(): Locator {
    return this.page.getByLabel('Texte du modèle');
  }

  async appendToBody(text: string): Promise<void> {
    await this.bodyField().fill(`${await this.bodyField().inputValue()}\n${text}`);
  }

  save(): Promise<void> {
    return this.button('Enregistrer le modèle').click();
  }

  firstFieldError(): Promise<string | null> {
    return this.page.locator('.field-error').first().textContent();
  }

  reset(): Promise<void> {
    return this.button('Rétablir le modèle par défaut').click();
  }
}
