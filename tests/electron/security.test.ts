import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../arch/import-graph';
import {
  API_CHANNEL,
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicyForMeta,
  CSP_HEADER_ONLY_DIRECTIVES,
  pdfWindowOptions,
  refuseDevicePermission,
  refuseDisplayMedia,
  refusePermissionCheck,
  refusePermissionRequest,
  handleApiCall,
  isAllowedExternalUrl,
  isAllowedIpcSender,
  isAppUrl,
  SENDER_REFUSED,
  startupErrorMessage,
  windowOptions,
  withCspHeader,
  type IpcApiResult,
  type IpcSender,
} from '../../electron/security';

const APP_INDEX = 'file:///opt/Registre%20des%20droits%20ENT/resources/app.asar/out/renderer/index.html';

describe('windowOptions', () => {
  const options = windowOptions('/app/out/preload/preload.cjs');
  const prefs = options.webPreferences ?? {};

  it('isolates the page from Node and Electron', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and refuses webviews and insecure content', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('uses the given preload and no remote spellchecker', () => {
    expect(prefs.preload).toBe('/app/out/preload/preload.cjs');
    expect(prefs.spellcheck).toBe(false);
  });

  it('disables DevTools unless asked (development)', () => {
    expect(prefs.devTools).toBe(false);
    expect(windowOptions('/p.cjs', { devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('is titled in French and shown only when ready', () => {
    expect(options.title).toBe('Registre des droits ENT');
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth ?? 0);
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight ?? 0);
  });

  it('carries contract calls on one channel named api', () => {
    expect(API_CHANNEL).toBe('api');
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name ?? '', values.join(' ')] as const),
  );

  it('allows only the app itself', () => {
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('img-src')).toBe("'self' data:");
  });

  it('refuses plugins, base rewriting, form posts and framing', () => {
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('form-action')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
  });

  it('has no inline or eval escape hatch and no remote source', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-hashes');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });

  it("renderer/index.html's meta tag states the same policy as the header (less frame-ancestors, which a meta tag cannot carry)", () => {
    const html = readFileSync(join(ROOT, 'renderer/index.html'), 'utf8');
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)].map((m) => m[1]);
    expect(metas).toEqual([contentSecurityPolicyForMeta()]);
    const header = CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim());
    expect(header.filter((d) => !metas[0]!.split('; ').includes(d))).toEqual(["frame-ancestors 'none'"]);
    expect(CSP_HEADER_ONLY_DIRECTIVES).toEqual(['frame-ancestors']);
  });

  it('replaces any Content-Security-Policy header of a response', () => {
    const headers = withCspHeader({
      'content-security-policy': ["default-src *; script-src 'unsafe-inline'"],
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('isAllowedExternalUrl', () => {
  it.each([
    'mailto:dpo@commune.fr',
    'mailto:dpo@commune.fr?subject=Demande%20d%27acc%C3%A8s',
    'https://www.cnil.fr/fr/les-droits-pour-maitriser-vos-donnees-personnelles',
    'https://eduscol.education.fr/',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['http', 'http://www.cnil.fr/'],
    ['javascript', 'javascript:alert(1)'],
    ['javascript hiding https', 'javascript:https://www.cnil.fr/'],
    ['javascript with a comment', 'javascript://https://www.cnil.fr/%0aalert(1)'],
    ['upper-case javascript', 'JAVASCRIPT:alert(1)'],
    ['file', 'file:///etc/passwd'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript', 'vbscript:msgbox(1)'],
    ['smb share', 'smb://serveur/partage'],
    ['custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['leading space', ' https://www.cnil.fr/'],
    ['embedded newline', 'https://www.cnil.fr/\nfile:///etc/passwd'],
    ['credentials', 'https://user:pass@www.cnil.fr/'],
    ['no host', 'https:'],
    ['scheme only with slashes', 'https://'],
    ['relative path', '/out/renderer/index.html'],
    ['malformed', 'https://exa mple.fr'],
    ['empty', ''],
    ['mailto without address', 'mailto:'],
  ])('refuses %s', (_label, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isAllowedExternalUrl(undefined)).toBe(false);
    expect(isAllowedExternalUrl(null)).toBe(false);
    expect(isAllowedExternalUrl({ href: 'https://www.cnil.fr/' })).toBe(false);
  });
});

describe('isAppUrl and isAllowedIpcSender', () => {
  it.each([
    APP_INDEX,
    `${APP_INDEX}#/demandes/42`,
    `${APP_INDEX}?vue=agenda#/agenda`,
    `${APP_INDEX}#`,
  ])('accepts the app page %s', (url) => {
    expect(isAppUrl(url, APP_INDEX)).toBe(true);
    expect(isAllowedIpcSender(url, APP_INDEX)).toBe(true);
  });

  it.each([
    ['another file', 'file:///opt/Registre%20des%20droits%20ENT/resources/app.asar/out/renderer/other.html'],
    ['a downloaded page', 'file:///home/dpd/T%C3%A9l%C3%A9chargements/index.html'],
    ['a path trick', 'file:///opt/Registre%20des%20droits%20ENT/resources/app.asar/out/renderer/index.html/..'],
    ['a remote file host', 'file://evil/opt/Registre%20des%20droits%20ENT/resources/app.asar/out/renderer/index.html'],
    ['http', 'http://evil.example/'],
    ['https', 'https://evil.example/out/renderer/index.html'],
    ['devtools', 'devtools://devtools/bundled/devtools_app.html'],
    ['about:blank', 'about:blank'],
    ['data', 'data:text/html,<p>x</p>'],
    ['empty', ''],
  ])('refuses %s', (_label, url) => {
    expect(isAppUrl(url, APP_INDEX)).toBe(false);
    expect(isAllowedIpcSender(url, APP_INDEX)).toBe(false);
  });

  it('compares paths percent-decoded (accents, spaces), as Chromium and Node encode them', () => {
    const appIndex = 'file:///home/D%C3%A9l%C3%A9gu%C3%A9/Registre%20ENT/out/renderer/index.html';
    expect(isAppUrl('file:///home/D%c3%a9l%c3%a9gu%c3%a9/Registre%20ENT/out/renderer/index.html#/', appIndex)).toBe(true);
    expect(isAppUrl('file:///home/Delegue/Registre%20ENT/out/renderer/index.html', appIndex)).toBe(false);
  });

  it('refuses a sender whose frame is gone', () => {
    expect(isAllowedIpcSender(undefined, APP_INDEX)).toBe(false);
    expect(isAllowedIpcSender(null, APP_INDEX)).toBe(false);
  });
});

describe('handleApiCall', () => {
  const appSender: IpcSender = { frameUrl: `${APP_INDEX}#/`, isMainFrame: true, isAppWindow: true };
  const calls: Array<[string, unknown]> = [];
  const call = (name: string, input: unknown): Promise<IpcApiResult> => {
    calls.push([name, input]);
    return Promise.resolve({ ok: true, value: { echo: input } });
  };

  it('hands a call from the app page to the host', async () => {
    calls.length = 0;
    const result = await handleApiCall(appSender, 'requests.list', { page: 1 }, APP_INDEX, call);
    expect(result).toEqual({ ok: true, value: { echo: { page: 1 } } });
    expect(calls).toEqual([['requests.list', { page: 1 }]]);
  });

  it.each([
    ['a foreign page', { ...appSender, frameUrl: 'https://evil.example/' }],
    ['a sub-frame', { ...appSender, isMainFrame: false }],
    ['another window', { ...appSender, isAppWindow: false }],
    ['a destroyed frame', { ...appSender, frameUrl: null }],
  ])('refuses a call from %s without calling the host', async (_label, sender) => {
    calls.length = 0;
    const result = await handleApiCall(sender, 'requests.list', {}, APP_INDEX, call);
    expect(result).toEqual(SENDER_REFUSED);
    expect(result).toMatchObject({ ok: false, error: { code: 'EXPEDITEUR_REFUSE' } });
    expect(calls).toEqual([]);
  });

  it.each([[42], [''], [null], [{ name: 'x' }], ['x'.repeat(101)]])(
    'refuses the call name %j',
    async (name) => {
      calls.length = 0;
      const result = await handleApiCall(appSender, name, {}, APP_INDEX, call);
      expect(result).toMatchObject({ ok: false, error: { code: 'APPEL_INVALIDE' } });
      expect(calls).toEqual([]);
    },
  );

  it("passes the backend's JSON text on as it is", async () => {
    const json = '{"ok":true,"value":{"today":"2026-11-25"}}';
    await expect(handleApiCall(appSender, 'app.info', {}, APP_INDEX, () => Promise.resolve(json))).resolves.toBe(json);
  });

  it('turns a host failure into a French error without details', async () => {
    const logged: unknown[] = [];
    const result = await handleApiCall(
      appSender,
      'requests.list',
      {},
      APP_INDEX,
      () => Promise.reject(new Error('SQLITE_CORRUPT at /home/dpd/secret/path')),
      (error) => logged.push(error),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'ERREUR_INTERNE' } });
    expect(JSON.stringify(result)).not.toContain('SQLITE_CORRUPT');
    expect(JSON.stringify(result)).not.toContain('/home/dpd');
    expect(logged).toHaveLength(1);
  });
});

describe('startupErrorMessage', () => {
  it("shows the host's French sentence as is", () => {
    const message =
      'Cette base de données a été écrite par une version plus récente de l’application : mettez-la à jour.';
    expect(startupErrorMessage(new Error(message))).toBe(message);
  });

  it('explains a better-sqlite3 built for Node instead of a raw NODE_MODULE_VERSION error', () => {
    const raw = new Error(
      "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 140.",
    );
    const message = startupErrorMessage(raw);
    expect(message).toContain('npm start');
    expect(message).not.toContain('NODE_MODULE_VERSION');
  });

  it('never shows an empty dialog', () => {
    expect(startupErrorMessage(new Error('')).length).toBeGreaterThan(10);
    expect(startupErrorMessage('oups')).toBe('oups');
  });
});

describe('permission handlers of the session', () => {
  it('refuses every permission request (camera, microphone, notifications, clipboard…)', () => {
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      refusePermissionRequest({}, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false, false, false]);
    expect(refusePermissionCheck()).toBe(false);
  });

  it('gives no device (USB, HID, serial, Bluetooth) to any page', () => {
    expect(refuseDevicePermission()).toBe(false);
  });

  it('answers a screen-capture request with no source at all, a refusal', () => {
    const given: unknown[] = [];
    refuseDisplayMedia({ frame: null, securityOrigin: 'file://' }, (streams) => given.push(streams));
    expect(given).toEqual([{}]);
    expect(given[0]).not.toHaveProperty('video');
    expect(given[0]).not.toHaveProperty('audio');
  });
});

describe('pdfWindowOptions', () => {
  const options = pdfWindowOptions();
  const prefs = options.webPreferences ?? {};

  it('is a hidden window running no script, sandboxed and without Node', () => {
    expect(options.show).toBe(false);
    expect(prefs).toMatchObject({
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
    expect(prefs.preload).toBeUndefined();
  });

  it('keeps web security on, with no webview, no drag-and-drop navigation, no DevTools and no remote spellchecker', () => {
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
      spellcheck: false,
    });
  });

  it('prints on an A4 page at 96 dpi (794 × 1123 px)', () => {
    expect([options.width, options.height]).toEqual([794, 1123]);
  });
});
