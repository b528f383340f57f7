// PDF rendering in browser mode: the server drives the Chromium-family browser installed on the
// machine (Chromium, Google Chrome or Microsoft Edge) through playwright-core and prints the
// document's HTML with it, as Electron's printToPDF does in the desktop app (same engine, same
// stylesheet, so a document looks the same whichever way it was made). One browser is launched on
// the first PDF and kept until the host closes, with one context (no JavaScript, no network) whose
// page is kept open between documents: a new page costs a renderer process, most of a letter's
// time. Each document replaces the whole of the previous one (setContent), and nothing else can
// stay in the page: without JavaScript and network it runs no code and stores nothing. A page
// that failed is closed, never reused; documents printed at the same time get a page each.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

/** Pages kept open between documents (more only while documents are printed at the same time). */
const IDLE_PAGES = 2;

/** A renderer bound to `executablePath` (default: the first browser found); it launches lazily. */
export function createBrowserPdfRenderer(executablePath: string | null = findChromiumBrowser()): PdfRenderer {
  interface Session {
    browser: Browser;
    context: BrowserContext;
    idle: Page[];
  }
  let session: Promise<Session> | null = null;

  async function launch(): Promise<Session> {
    if (!executablePath) throw new PdfUnavailableError(PDF_UNAVAILABLE_MESSAGE);
    const { chromium } = await import('playwright-core');
    let browser: Browser;
    try {
      browser = await chromium.launch({ executablePath, args: BROWSER_ARGS });
    } catch (e) {
      throw new PdfUnavailableError(
        `Le navigateur ${executablePath} n'a pas pu être lancé (${e instanceof Error ? e.message.split('\n')[0] : String(e)}). ${PDF_UNAVAILABLE_MESSAGE}`,
      );
    }
    browser.on('disconnected', () => {
      session = null;
    });
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    return { browser, context, idle: [] };
  }

  return {
    async renderPdf(html) {
      session ??= launch().catch((e: unknown) => {
        session = null;
        throw e;
      });
      const s = await session;
      const page = s.idle.pop() ?? (await s.context.newPage());
      let reusable = false;
      try {
        await page.setContent(html, { waitUntil: 'load' });
        // page.pdf prints with the print media rules, as Electron's printToPDF does.
        const pdf = new Uint8Array(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
        reusable = true;
        return pdf;
      } finally {
        if (reusable && s.idle.length < IDLE_PAGES && !page.isClosed()) s.idle.push(page);
        else await page.close().catch(() => undefined);
      }
    },
    async close() {
      const s = session;
      session = null;
      if (s) await (await s.catch(() => null))?.browser.close();
    },
  };
}
