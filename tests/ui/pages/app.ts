// What every screen of the app has: its title (h1), the main navigation, the confirmation and
// error banners, and the checks a UI test makes on each screen visited (axe, screenshot).
import type { Download, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { frenchDateText } from '../../../core/french-date';
import { expectAccessible, heading, navigate, screenshot } from '../harness';

/**
 * Types a date as a French user does in the app's date field (renderer/src/DateField.tsx):
 * jj/mm/aaaa. A test may give the date as AAAA-MM-JJ (as its API set-up does): it is typed as
 * jj/mm/aaaa.
 */
export async function typeDate(field: Locator, date: string): Promise<void> {
  await field.fill(frenchDateText(date));
}

export class Screen {
  constructor(readonly page: Page) {}

  /** The page's title (its h1). */
  title(): Promise<string | null> {
    return heading(this.page);
  }

  /** Waits until the page's title is `title` (or matches it). */
  async expectTitle(title: string | RegExp): Promise<void> {
    if (typeof title === 'string') await expect.poll(() => this.title()).toBe(title);
    else await expect.poll(() => this.title()).toMatch(title);
  }

  /** Follows a link of the main navigation. */
  navigate(link: string): Promise<void> {
    return navigate(this.page, link);
  }

  /** Opens a route of the app directly (`#/demandes/<id>`), as a bookmark would. */
  async goto(hash: string): Promise<void> {
    const url = new URL(this.page.url());
    url.hash = hash.replace(/^#/, '');
    await this.page.goto(url.toString());
  }

  /** The error shown next to the field labelled `label` (its own check's, or the service's). */
  fieldError(label: string, within: Locator | Page = this.page): Locator {
    return within.locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).locator('.field-error');
  }

  /** The live counter of a field with a length limit: « 12 / 200 caractères ». */
  fieldCounter(label: string, within: Locator | Page = this.page): Locator {
    return within.locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).locator('.counter');
  }

  /** Types a date in the French date field labelled `label` and leaves the field (Tab). */
  async typeDateIn(label: string, date: string, within: Locator | Page = this.page): Promise<void> {
    const field = within.getByLabel(label, { exact: true });
    await typeDate(field, date);
    await field.press('Tab');
  }

  /** The first status message of the page (a confirmation, a count). */
  statusText(): Promise<string | null> {
    return this.page.getByRole('status').first().textContent();
  }

  /** The first alert of the page (an error banner, a broken history). */
  alertText(): Promise<string | null> {
    return this.page.getByRole('alert').first().textContent();
  }

  /** Whether `text` is visible somewhere on the page (polled). */
  async expectText(text: string | RegExp, within: Locator | Page = this.page): Promise<void> {
    await expect.poll(() => within.getByText(text).first().isVisible(), { message: `« ${String(text)} » visible` }).toBe(true);
  }

  button(name: string, within: Locator | Page = this.page): Locator {
    return within.getByRole('button', { name, exact: true });
  }

  /** Whether a button named `name` is offered (not waiting: the screen is already shown). */
  async hasButton(name: string, within: Locator | Page = this.page): Promise<boolean> {
    return (await this.button(name, within).count()) > 0;
  }

  /** Clicks `button` and keeps the file the browser downloads in `folder`. */
  async download(button: string, folder: string): Promise<{ name: string; path: string }> {
    const [d] = (await Promise.all([this.page.waitForEvent('download'), this.button(button).click()])) as [Download, unknown];
    const path = `${folder}/${d.suggestedFilename()}`;
    await d.saveAs(path);
    return { name: d.suggestedFilename(), path };
  }

  /** Clicks `button` and picks `path` in the file chooser it opens. */
  async upload(button: string, path: string): Promise<void> {
    const [chooser] = await Promise.all([this.page.waitForEvent('filechooser'), this.button(button).click()]);
    await chooser.setFiles(path);
  }

  /** No serious or critical accessibility violation on the screen as it is now. */
  checkAccessible(name: string): Promise<void> {
    return expectAccessible(this.page, name);
  }

  screenshot(name: string): Promise<void> {
    return screenshot(this.page, name);
  }
}
