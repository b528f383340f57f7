// One office's install for a test: the browser-mode server on its own data folder (with
// "today" pinned), the office and its first agreement set through the API, and browser pages on
// it. Tests set up what they need through `api` / `createRequest`, then act through the screens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { NewRequest } from '../../../core/api/contract';
import type { Party, PresetId } from '../../../core/domain';
import { afterAll, beforeAll } from 'vitest';
import { callApi, launchBrowser, startServer, type RunningServer } from '../harness';

export interface OfficeOptions {
  /** The party this office serves; none: the first-run screen is shown. */
  party?: Party;
  communeName?: string;
  /** The first agreement, made from this preset (needs `party`). */
  preset?: PresetId;
  /** DSR_TODAY: deadlines are then those of deadlines.md whatever the date of the run. */
  today?: string;
  /** Extra environment of the server (CHROMIUM_PATH…). */
  env?: Record<string, string>;
}

export interface CreatedRequest {
  id: string;
  reference: string;
}

export class Office {
  /** Messages of the browser dialogs met (alert, confirm), dismissed: a test expects none. */
  readonly dialogs: string[] = [];
  agreementId = '';
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    private readonly browser: Browser,
    readonly dataDir: string,
    public server: RunningServer,
    private readonly options: OfficeOptions,
  ) {}

  /** Starts a server on a new data folder and sets the office and its agreement. */
  static async open(browser: Browser, options: OfficeOptions = {}): Promise<Office> {
    const dataDir = mkdtempSync(join(tmpdir(), 'dsr-ui-office-'));
    const server = await startServer(dataDir, Office.env(options));
    const office = new Office(browser, dataDir, server, options);
    if (options.party) {
      await office.api('office.set', { party: options.party, ...(options.communeName ? { communeName: options.communeName } : {}) });
    }
    if (options.preset) {
      const { agreement } = await office.api<{ agreement: { id: string } }>('agreements.createFromPreset', {
        preset: options.preset,
        ...(options.communeName ? { communeName: options.communeName } : {}),
      });
      office.agreementId = agreement.id;
    }
    return office;
  }

  private static env(options: OfficeOptions): Record<string, string> {
    return { ...(options.today ? { DSR_TODAY: options.today } : {}), ...options.env };
  }

  /** Calls the service as the UI does; throws on a refusal. */
  api<T = Record<string, unknown>>(name: string, input: unknown): Promise<T> {
    return callApi<T>(this.server, name, input);
  }

  /** Records a request through the API: a parent's access request made to the académie unless `over` says otherwise. */
  createRequest(over: Partial<NewRequest> = {}): Promise<CreatedRequest> {
    const request: NewRequest = {
      agreementId: this.agreementId,
      receivedOn: this.options.today ?? '2026-11-02',
      channel: 'academie',
      medium: 'email',
      requesterName: 'Claire Martin',
      requesterCategory: 'parent',
      rights: ['access'],
      // Seeded through the API: the test stands for a user who confirmed the received date.
      confirmedDate: true,
      ...over,
    };
    return this.api<CreatedRequest>('requests.create', request);
  }

  /** A new browser page (own context: French unless `locale` says otherwise, Paris time, downloads accepted) on the app (or on `on`, another server of this data). */
  async newPage({
    viewport = { width: 1366, height: 900 },
    on = this.server,
    locale = 'fr-FR',
  }: { viewport?: { width: number; height: number }; on?: RunningServer; locale?: string } = {}): Promise<Page> {
    const context = await this.browser.newContext({ viewport, locale, timezoneId: 'Europe/Paris', acceptDownloads: true });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (d) => {
      this.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(on.url);
    return page;
  }

  /** Stops the server and starts it again on the same data (new token): open pages are closed; `meanwhile` runs while it is stopped. */
  async restart(meanwhile: () => void = () => undefined): Promise<void> {
    await this.closePages();
    await this.server.stop();
    meanwhile();
    this.server = await startServer(this.dataDir, Office.env(this.options));
  }

  /** A second server on the same data folder with other settings (e.g. no Chromium), stopped by `stop`. */
  startAnother(env: Record<string, string>): Promise<RunningServer> {
    return startServer(this.dataDir, { ...Office.env(this.options), ...env });
  }

  private async closePages(): Promise<void> {
    for (const c of this.contexts.splice(0)) await c.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.closePages();
    await this.server.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * The browser and the one office a test file works in: opened before its tests, both closed
 * after. `opened` hands them to the file's variables, e.g.
 * `useOffice({ party: 'academie' }, (o) => ({ browser, office: academie } = o))`.
 */
export function useOffice(options: OfficeOptions, opened: (o: { browser: Browser; office: Office }) => void): void {
  let browser: Browser | undefined;
  let office: Office | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    office = await Office.open(browser, options);
    opened({ browser, office });
  });
  afterAll(async () => {
    await office?.close();
    await browser?.close();
  });
}
