import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// main.ts imported under Node with a fake `electron` and a fake backend: checks
// the wiring (what Electron would be told), since Electron cannot run here. The
// real backend (worker threads) is tested in tests/api/backend-worker.test.ts.

type Listener = (...args: unknown[]) => unknown;

interface FakeContents {
  listeners: Map<string, Listener>;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null;
  on(event: string, listener: Listener): FakeContents;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void;
}

const fake = vi.hoisted(() => {
  function contents(): FakeContents {
    const c: FakeContents = {
      listeners: new Map(),
      windowOpenHandler: null,
      on(event, listener) {
        c.listeners.set(event, listener);
        return c;
      },
      setWindowOpenHandler(handler) {
        c.windowOpenHandler = handler;
      },
    };
    return c;
  }
  const state = {
    contents,
    singleInstance: true,
    isPackaged: true,
    appListeners: new Map<string, Listener[]>(),
    calls: [] as string[],
    exitCodes: [] as number[],
    errorBoxes: [] as Array<[string, string]>,
    opened: [] as string[],
    ipcHandlers: new Map<string, Listener>(),
    windows: [] as Array<{ options: Record<string, unknown>; loaded: string[]; webContents: FakeContents }>,
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    devicePermission: null as Listener | null,
    displayMedia: null as Listener | null,
    headersReceived: null as Listener | null,
    host: {
      startBackend: null as ((dataDir: string) => Promise<unknown>) | null,
      dataDirs: [] as string[],
      options: [] as unknown[],
      closed: 0,
      callsReceived: [] as unknown[][],
    },
    reset() {
      state.singleInstance = true;
      state.isPackaged = true;
      state.appListeners.clear();
      state.calls.length = 0;
      state.exitCodes.length = 0;
      state.errorBoxes.length = 0;
      state.opened.length = 0;
      state.ipcHandlers.clear();
      state.windows.length = 0;
      state.permissionRequest = null;
      state.permissionCheck = null;
      state.devicePermission = null;
      state.displayMedia = null;
      state.headersReceived = null;
      state.host.startBackend = null;
      state.host.dataDirs.length = 0;
      state.host.options.length = 0;
      state.host.closed = 0;
      state.host.callsReceived.length = 0;
    },
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    options: Record<string, unknown>;
    loaded: string[] = [];
    webContents = fake.contents();
    constructor(options: Record<string, unknown>) {
      this.options = options;
      fake.windows.push(this);
      for (const listener of fake.appListeners.get('web-contents-created') ?? []) {
        listener({}, this.webContents);
      }
    }
    static getAllWindows(): unknown[] {
      return fake.windows;
    }
    once(): this {
      return this;
    }
    on(): this {
      return this;
    }
    loadFile(file: string): Promise<void> {
      this.loaded.push(file);
      return Promise.resolve();
    }
  }
  const ses = {
    setPermissionRequestHandler: (h: Listener) => {
      fake.permissionRequest = h;
    },
    setPermissionCheckHandler: (h: Listener) => {
      fake.permissionCheck = h;
    },
    setDevicePermissionHandler: (h: Listener) => {
      fake.devicePermission = h;
    },
    setDisplayMediaRequestHandler: (h: Listener) => {
      fake.displayMedia = h;
    },
    webRequest: {
      onHeadersReceived: (h: Listener) => {
        fake.headersReceived = h;
      },
    },
  };
  return {
    app: {
      get isPackaged() {
        return fake.isPackaged;
      },
      enableSandbox: () => fake.calls.push('enableSandbox'),
      commandLine: { appendSwitch: (name: string, value?: string) => fake.calls.push(`switch:${name}=${value ?? ''}`) },
      requestSingleInstanceLock: () => fake.singleInstance,
      on: (event: string, listener: Listener) => {
        fake.appListeners.set(event, [...(fake.appListeners.get(event) ?? []), listener]);
      },
      whenReady: () => Promise.resolve(),
      getPath: (name: string) => `/fake/${name}`,
      quit: () => fake.calls.push('quit'),
      exit: (code: number) => fake.exitCodes.push(code),
    },
    BrowserWindow,
    dialog: {
      showErrorBox: (title: string, message: string) => fake.errorBoxes.push([title, message]),
    },
    ipcMain: {
      handle: (channel: string, handler: Listener) => {
        fake.ipcHandlers.set(channel, handler);
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: () => undefined,
    },
    session: { defaultSession: ses },
    shell: {
      openExternal: (url: string) => {
        fake.opened.push(url);
        return Promise.resolve();
      },
    },
  };
});

vi.mock('../../electron/backend', () => ({
  startBackend: (dataDir: string, options: unknown) => {
    fake.host.dataDirs.push(dataDir);
    fake.host.options.push(options);
    if (fake.host.startBackend) return fake.host.startBackend(dataDir);
    return Promise.resolve({
      dbFile: `${dataDir}/registre.sqlite`,
      backupFile: null,
      call: () => Promise.reject(new Error('main relays with callJson')),
      callJson: (name: string, input: unknown) => {
        fake.host.callsReceived.push([name, input]);
        return Promise.resolve(JSON.stringify({ ok: true, value: 'fait' }));
      },
      close: () => {
        fake.host.closed += 1;
        return Promise.resolve();
      },
    });
  },
}));

async function startMain(): Promise<void> {
  vi.resetModules();
  await import('../../electron/main');
  // let start() run past `await app.whenReady()`
  await new Promise((resolve) => setTimeout(resolve, 0));
}

function theWindow(): (typeof fake.windows)[number] {
  const win = fake.windows[0];
  if (!win) throw new Error('no window was created');
  return win;
}

function appIndexUrl(): string {
  const file = theWindow().loaded[0];
  if (!file) throw new Error('nothing was loaded');
  return pathToFileURL(file).href;
}

function emitApp(event: string, ...args: unknown[]): void {
  for (const listener of fake.appListeners.get(event) ?? []) listener(...args);
}

describe('main process wiring', () => {
  beforeEach(() => {
    fake.reset();
  });

  it('starts the backend in userData, printing its PDFs, and one sandboxed window on the built renderer', async () => {
    await startMain();
    expect(fake.calls).toContain('enableSandbox');
    // French UI whatever the system language (date fields in jj/mm/aaaa).
    expect(fake.calls).toContain('switch:lang=fr-FR');
    expect(fake.host.dataDirs).toEqual(['/fake/userData']);
    expect(fake.host.options).toEqual([{ pdf: { renderPdf: expect.any(Function) } }]);
    expect(fake.windows).toHaveLength(1);
    const prefs = theWindow().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload).replaceAll('\\', '/')).toMatch(/\/preload\/preload\.cjs$/);
    expect(prefs.devTools).toBe(false);
    expect(theWindow().loaded).toHaveLength(1);
    expect(String(theWindow().loaded[0]).replaceAll('\\', '/')).toMatch(/\/renderer\/index\.html$/);
  });

  it('holds the quit until the backend is closed, then quits', async () => {
    await startMain();
    let prevented = 0;
    const quitEvent = { preventDefault: () => (prevented += 1) };
    emitApp('will-quit', quitEvent);
    expect(fake.host.closed).toBe(1);
    expect(prevented).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.calls).toContain('quit');
    // The second will-quit (from that quit) lets the app go.
    emitApp('will-quit', quitEvent);
    expect(prevented).toBe(1);
    expect(fake.host.closed).toBe(1);
  });

  it('shows the French startup error in a dialog and quits, without a window', async () => {
    const message = 'Cette base a été écrite par une version plus récente de l’application : mettez-la à jour.';
    fake.host.startBackend = () => Promise.reject(new Error(message));
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await startMain();
    consoleError.mockRestore();
    expect(fake.errorBoxes).toEqual([['Registre des droits ENT', message]]);
    expect(fake.exitCodes).toEqual([1]);
    expect(fake.windows).toHaveLength(0);
  });

  it('answers calls in French while the backend is still starting', async () => {
    fake.host.startBackend = () => new Promise(() => undefined);
    await startMain();
    const handler = fake.ipcHandlers.get('api');
    expect(await handler?.({ sender: {}, senderFrame: null }, 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'NON_PRET', message: expect.stringContaining('pas encore prête') },
    });
    expect(fake.windows).toHaveLength(0);
  });

  it('does nothing but quit when another instance is running', async () => {
    fake.singleInstance = false;
    await startMain();
    expect(fake.calls).toContain('quit');
    expect(fake.host.dataDirs).toEqual([]);
    expect(fake.windows).toHaveLength(0);
  });

  it('denies every permission request and check', async () => {
    await startMain();
    const granted: boolean[] = [];
    fake.permissionRequest?.({}, 'media', (ok: boolean) => granted.push(ok), {});
    fake.permissionRequest?.({}, 'notifications', (ok: boolean) => granted.push(ok), {});
    expect(granted).toEqual([false, false]);
    expect(fake.permissionCheck?.({}, 'clipboard-read', 'file://', {})).toBe(false);
  });

  it('gives no device and no screen capture to the page', async () => {
    await startMain();
    expect(fake.devicePermission?.({ deviceType: 'usb', origin: 'file://', device: {} })).toBe(false);
    const streams: unknown[] = [];
    fake.displayMedia?.({ frame: null, securityOrigin: 'file://' }, (s: unknown) => streams.push(s));
    expect(streams).toEqual([{}]);
  });

  it('adds the Content-Security-Policy header to responses', async () => {
    await startMain();
    let headers: Record<string, string[]> | undefined;
    fake.headersReceived?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r: { responseHeaders: Record<string, string[]> }) => {
      headers = r.responseHeaders;
    });
    expect(headers?.['Content-Security-Policy']?.[0]).toContain("default-src 'self'");
  });

  it('refuses new windows, opening only mailto: and https: links outside', async () => {
    await startMain();
    const open = theWindow().webContents.windowOpenHandler;
    expect(open?.({ url: 'https://www.cnil.fr/' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'mailto:dpo@commune.fr' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'http://www.cnil.fr/' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://www.cnil.fr/', 'mailto:dpo@commune.fr']);
  });

  it('refuses navigation away from the app page and webviews', async () => {
    await startMain();
    const listeners = theWindow().webContents.listeners;
    const attempt = (event: string, url: string): boolean => {
      let prevented = false;
      listeners.get(event)?.({ url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(attempt('will-navigate', `${appIndexUrl()}#/demandes`)).toBe(false);
    expect(attempt('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(attempt('will-attach-webview', 'about:blank')).toBe(true);
    expect(fake.opened).toEqual(['https://evil.example/']); // a clicked https link opens in the browser
  });

  it('relays calls from the app page to the backend on the api channel only', async () => {
    await startMain();
    expect([...fake.ipcHandlers.keys()]).toEqual(['api']);
    const handler = fake.ipcHandlers.get('api');
    const sender = theWindow().webContents;
    const fromApp = { sender, senderFrame: { url: `${appIndexUrl()}#/`, parent: null } };
    // The backend's JSON text goes to the preload as it is (parsed there, not in main).
    await expect(handler?.(fromApp, 'requests.list', { page: 1 })).resolves.toBe('{"ok":true,"value":"fait"}');
    expect(fake.host.callsReceived).toEqual([['requests.list', { page: 1 }]]);

    const fromElsewhere = { sender, senderFrame: { url: 'https://evil.example/', parent: null } };
    await expect(handler?.(fromElsewhere, 'requests.list', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'EXPEDITEUR_REFUSE' },
    });
    const fromSubFrame = { sender, senderFrame: { url: appIndexUrl(), parent: {} } };
    await expect(handler?.(fromSubFrame, 'requests.list', {})).resolves.toMatchObject({ ok: false });
    const fromOtherContents = { sender: {}, senderFrame: { url: appIndexUrl(), parent: null } };
    await expect(handler?.(fromOtherContents, 'requests.list', {})).resolves.toMatchObject({ ok: false });
    const frameGone = { sender, senderFrame: null };
    await expect(handler?.(frameGone, 'requests.list', {})).resolves.toMatchObject({ ok: false });
    expect(fake.host.callsReceived).toHaveLength(1);
  });
});
