// « Demandes »: the list with its filters (in the URL), counts, search and keyboard moves
// (renderer/src/screens/RequestList.tsx).
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import { Screen } from './app';

export class RequestListPage extends Screen {
  /** Opens the list from the main navigation (its default filters: this office's open requests). */
  async open(): Promise<this> {
    await this.navigate('Demandes');
    await this.expectTitle('Demandes');
    return this;
  }

  /** The count line: « 3 demandes », « Aucune demande ne correspond à ces filtres. » */
  count(): Promise<string | null> {
    return this.page.getByRole('status').first().textContent();
  }

  async expectCount(text: string): Promise<void> {
    await expect.poll(() => this.count()).toBe(text);
  }

  /** Picks `option` (its label, without the count) in the filter labelled `filter`. */
  async filter(filter: string, option: string): Promise<void> {
    const select = this.page.getByLabel(filter, { exact: true });
    const labels = await select.locator('option').allTextContents();
    const label = labels.find((l) => l === option || l.startsWith(`${option} (`));
    expect(label, `option « ${option} » de « ${filter} » (${labels.join(' | ')})`).toBeDefined();
    await select.selectOption({ label: label! });
  }

  /** The label of an option of a filter, with its count: « Clôturée (1) ». */
  async optionText(filter: string, option: string): Promise<string | null> {
    return this.page.getByLabel(filter, { exact: true }).locator('option', { hasText: option }).first().textContent();
  }

  searchField(): Locator {
    return this.page.getByLabel('Rechercher', { exact: true });
  }

  /** Types in the search field key by key, as a user does: the list follows without Enter. */
  async search(text: string): Promise<void> {
    const field = this.searchField();
    await field.clear();
    await field.pressSequentially(text, { delay: 20 });
    // The list applies the search 300 ms after the last key, through its address: wait for it,
    // or a click made meanwhile (a page number) would be undone when the search lands.
    await expect.poll(() => new URLSearchParams(new URL(this.page.url()).hash.split('?')[1] ?? '').get('q') ?? '').toBe(text.trim());
  }

  /** Clicks a page number of the list (1-based) and waits for it to be the current page. */
  async goToPage(n: number): Promise<void> {
    const pages = this.page.getByRole('navigation', { name: 'Pages de la liste' });
    await pages.getByRole('button', { name: new RegExp(`^Page ${n} sur \\d+$`) }).click();
    await expect.poll(() => this.currentPage()).toBe(String(n));
  }

  /** The current page's number, as the pager marks it (null: one page only). */
  async currentPage(): Promise<string | null> {
    const current = this.page.getByRole('navigation', { name: 'Pages de la liste' }).locator('button[aria-current="page"]');
    return (await current.count()) ? current.textContent() : null;
  }

  /** The value chosen in a filter, as its label reads (« Toutes », a convention's name…). */
  async chosen(filter: string): Promise<string> {
    const select = this.page.getByLabel(filter, { exact: true });
    const value = await select.inputValue();
    return (await select.locator('option').evaluateAll((options, v) => options.find((o) => (o as { value?: string }).value === v)?.textContent ?? '', value)) ?? '';
  }

  /** The references listed, in order. */
  references(): Promise<string[]> {
    return this.page.locator('table.requests tbody tr td:first-child a').allTextContents();
  }

  /** The requester of each row, in order. */
  requesterNames(): Promise<string[]> {
    return this.page.locator('table.requests tbody tr td:nth-child(3)').allTextContents();
  }

  link(reference: string): Locator {
    return this.page.getByRole('link', { name: reference, exact: true });
  }

  row(reference: string): Locator {
    return this.page.getByRole('row', { name: new RegExp(reference) });
  }

  /** Puts the keyboard focus on a request's link. */
  focus(reference: string): Promise<void> {
    return this.link(reference).focus();
  }

  press(key: string): Promise<void> {
    return this.page.keyboard.press(key);
  }

  focusedText(): Promise<string | null> {
    return this.page.locator(':focus').textContent();
  }
}
