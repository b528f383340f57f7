// UI test harness: the real browser mode (`node out/main/web.js`, built by `npm test`) in a
// child process, driven by Debian's Chromium through playwright-core, with axe checks.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { BROWSER_ARGS, findChromiumBrowser } from '../../electron/documents/pdf';
import { preflightProblem } from '../preflight/check';

import type { RunningServer } from '../helpers/server';
export { startServer, type RunningServer } from '../helpers/server';

const ROOT = join(import.meta.dirname, '..', '..');
export const SCREENS = join(ROOT, 'tests', 'ui', 'screens');

/** The browser the app prints with (electron/documents/pdf.ts); `npm test`'s preflight said if none. */
export function chromiumPath(): string {
  const path = findChromiumBrowser();
  if (!path) throw new Error(preflightProblem() ?? 'Chromium introuvable.');
  return path;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // French, as on a DPD's machine (the app's date field reads jj/mm/aaaa whatever the
    // language: tests/ui/finding.test.ts opens pages in English to show it); each page's
    // context also sets fr-FR. The C library's locale is C.UTF-8, which always exists: with a
    // LANG whose locale is not installed (fr_FR.UTF-8 here), Chromium falls back to ASCII and
    // cannot open a picked file named « écoles.csv », which any French desktop can.
    env: { ...process.env, LANG: 'fr_FR.UTF-8', LANGUAGE: 'fr_FR:fr', LC_ALL: 'C.UTF-8' },
    args: [...BROWSER_ARGS, '--lang=fr-FR'],
  });
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) : ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `Accessibilité, écran « ${screen} »`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
}

/** A screenshot of one part of the page (a section, a card). */
export async function screenshotOf(locator: Locator, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await locator.scrollIntoViewIfNeeded();
  await locator.screenshot({ path: join(SCREENS, `${name}.png`) });
}

/** Calls the running service as the UI does (with the session token); throws on a refusal. */
export async function callApi<T = Record<string, unknown>>(server: RunningServer, name: string, input: unknown): Promise<T> {
  const res = await fetch(`${server.origin}/api/${name}`, { method: 'POST', body: JSON.stringify(input), headers: { 'x-dsr-token': server.token } });
  const body = (await res.json()) as { ok: boolean; value: T };
  if (!body.ok) throw new Error(`${name} : ${JSON.stringify(body)}`);
  return body.value;
}

/** The page's title (its h1). */
export const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

/** Follows a link of the main navigation. */
export const navigate = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name, exact: true }).click();
