// PDF rendering in browser mode: the server drives the Chromium-family browser installed on the
// machine (Chromium, Google Chrome or Microsoft Edge) through playwright-core and prints the
// document's HTML with it, as Electron's printToPDF does in the desktop app (same engine, same
// stylesheet, so a document looks the same whichever way it was made). One browser is launched on
// the first PDF and kept until the host closes. Pages get no JavaScript and no network.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { PDF_UNAVAILABLE_MESSAGE, PdfUnavailableError } from '../../core/api/host-errors';

export interface PdfRenderer {
  renderPdf(html: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Where a Chromium-family browser usually lives, CHROMIUM_PATH first. */
export function browserCandidates(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  const list: string[] = [];
  if (env.CHROMIUM_PATH) list.push(env.CHROMIUM_PATH);
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    for (const root of roots) {
      list.push(join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'));
      list.push(join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'));
      list.push(join(root, 'Chromium', 'Application', 'chrome.exe'));
    }
  } else if (platform === 'darwin') {
    list.push(
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    );
  } else {
    list.push(
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/snap/bin/chromium',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/opt/google/chrome/chrome',
      '/usr/bin/microsoft-edge',
      '/usr/bin/microsoft-edge-stable',
      '/opt/microsoft/msedge/msedge',
    );
  }
  return list;
}

/** The browser to print with: CHROMIUM_PATH when set (and only it: the user chose), else the first one installed. */
export function findChromiumBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return browserCandidates(env, platform).find((p) => existsSync(p)) ?? null;
}

export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A renderer bound to `executablePath` (default: the first browser found); it launches lazily. */
export function createBrowserPdfRenderer(executablePath: string | null = findChromiumBrowser()): PdfRenderer {
  let browser: Promise<Browser> | null = null;

  async function launch(): Promise<Browser> {
    if (!executablePath) throw new PdfUnavailableError(PDF_UNAVAILABLE_MESSAGE);
    const { chromium } = await import('playwright-core');
    try {
      const b = await chromium.launch({ executablePath, args: BROWSER_ARGS });
      b.on('disconnected', () => {
        browser = null;
      });
      return b;
    } catch (e) {
      throw new PdfUnavailableError(
        `Le navigateur ${executablePath} n'a pas pu être lancé (${e instanceof Error ? e.message.split('\n')[0] : String(e)}). ${PDF_UNAVAILABLE_MESSAGE}`,
      );
    }
  }

  return {
    async renderPdf(html) {
      browser ??= launch().catch((e: unknown) => {
        browser = null;
        throw e;
      });
      const context = await (await browser).newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        await page.emulateMedia({ media: 'print' });
        return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
      } finally {
        await context.close();
      }
    },
    async close() {
      const b = browser;
      browser = null;
      if (b) await (await b.catch(() => null))?.close();
    },
  };
}
