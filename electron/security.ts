// Security settings of the desktop shell, as pure functions and constants.
//
// Nothing here touches Electron at run time (only `import type`), so unit tests
// import this module under plain Node, without the Electron binary. `main.ts`
// wires these functions to Electron's events.

import type { BrowserWindowConstructorOptions } from 'electron';

export const APP_TITLE = 'Registre des droits ENT';

/** The single IPC channel that carries contract calls. */
export const API_CHANNEL = 'api';

/**
 * Content-Security-Policy of the renderer. Everything comes from the app's own
 * files: no inline script or style element, no eval, no remote origin, no plugin,
 * no frame, no form submission. (React's `style={...}` goes through the CSSOM,
 * which `style-src 'self'` allows.) The renderer's index.html carries the same
 * policy as a meta tag; main also adds it as a response header.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Directives a `<meta http-equiv="Content-Security-Policy">` cannot carry (CSP 3, §3.3: Chromium
 * ignores them there and logs an error). The header carries them; renderer/index.html's meta tag
 * carries the rest of the same policy (tests/electron/security.test.ts compares them).
 */
export const CSP_HEADER_ONLY_DIRECTIVES = ['frame-ancestors'] as const;

/** The policy as renderer/index.html's meta tag must state it: the header's, minus what a meta tag cannot carry. */
export function contentSecurityPolicyForMeta(): string {
  return CONTENT_SECURITY_POLICY.split(';')
    .map((d) => d.trim())
    .filter((d) => !(CSP_HEADER_ONLY_DIRECTIVES as readonly string[]).includes(d.split(/\s+/)[0]!))
    .join('; ');
}

// ---------------------------------------------------------------------------
// Permissions: the app needs none (no camera, microphone, screen, notifications, USB, HID,
// serial, Bluetooth, clipboard read, geolocation…). main.ts gives these to the session.

/** `session.setPermissionRequestHandler`: every request refused. */
export function refusePermissionRequest(_contents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** `session.setPermissionCheckHandler`: every check answered no. */
export function refusePermissionCheck(): boolean {
  return false;
}

/** `session.setDevicePermissionHandler` (WebUSB, WebHID, Web Serial, Bluetooth): no device. */
export function refuseDevicePermission(): boolean {
  return false;
}

/**
 * `session.setDisplayMediaRequestHandler` (getDisplayMedia, screen capture): answered with no
 * video and no audio source, which Electron turns into a refusal for the page.
 */
export function refuseDisplayMedia(_request: unknown, callback: (streams: Record<string, never>) => void): void {
  callback({});
}

/**
 * The hidden window that prints a document to PDF (electron/documents/electron-pdf.ts): the
 * document's HTML from a data: URL, with no script at all, no preload, no Node, sandboxed, nothing
 * that could reach outside (no webview, no drag-and-drop navigation, no DevTools).
 */
export function pdfWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 794,
    height: 1123,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      javascript: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    },
  };
}

export interface WindowOptionsExtra {
  /** DevTools are available in development only (main passes `!app.isPackaged`). */
  devTools?: boolean;
}

/** Options of the app's only window. Unit tests assert every security flag. */
export function windowOptions(
  preloadPath: string,
  extra: WindowOptionsExtra = {},
): BrowserWindowConstructorOptions {
  return {
    title: APP_TITLE,
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false, // shown on 'ready-to-show', so no blank flash
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Chromium's spellchecker downloads dictionaries from Google: not for a DPO's tool.
      spellcheck: false,
      devTools: extra.devTools ?? false,
    },
  };
}

function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 4096) return null;
  // Refuse what a URL parser would silently clean up (spaces, control characters).
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(url)) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether a link may be handed to the operating system (`shell.openExternal`):
 * `mailto:` addresses and `https:` pages only, with no credentials in the URL.
 */
export function isAllowedExternalUrl(url: unknown): boolean {
  const parsed = parseUrl(url);
  if (parsed === null) return false;
  if (parsed.protocol === 'mailto:') {
    return parsed.pathname.length > 0 && parsed.pathname.includes('@');
  }
  if (parsed.protocol === 'https:') {
    return parsed.hostname.length > 0 && parsed.username === '' && parsed.password === '';
  }
  return false;
}

function decodedPath(url: URL): string | null {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}

/**
 * Whether `url` is the app's own page (`appIndexUrl`, the file:// URL of
 * out/renderer/index.html), ignoring the hash and query the router may add.
 */
export function isAppUrl(url: unknown, appIndexUrl: string): boolean {
  const candidate = parseUrl(url);
  const app = parseUrl(appIndexUrl);
  if (candidate === null || app === null) return false;
  if (candidate.protocol !== 'file:' || app.protocol !== 'file:') return false;
  if (candidate.host !== app.host) return false;
  const candidatePath = decodedPath(candidate);
  const appPath = decodedPath(app);
  return candidatePath !== null && candidatePath === appPath;
}

/** Whether an IPC message comes from a frame showing the app's own page. */
export function isAllowedIpcSender(frameUrl: unknown, appIndexUrl: string): boolean {
  return isAppUrl(frameUrl, appIndexUrl);
}

/** Response headers with our Content-Security-Policy replacing any other one. */
export function withCspHeader(
  headers: Record<string, string[]> | undefined,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return result;
}

// ---------------------------------------------------------------------------
// The IPC handler, minus Electron: main passes what it knows of the sender.

export type IpcApiResult =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string } };

export interface IpcSender {
  /** URL of the sending frame (`event.senderFrame?.url`), if still known. */
  frameUrl: string | null | undefined;
  /** True when the sending frame is a top-level frame (no parent). */
  isMainFrame: boolean;
  /** True when the message comes from the app's own window. */
  isAppWindow: boolean;
}

export const SENDER_REFUSED: IpcApiResult = {
  ok: false,
  error: {
    code: 'EXPEDITEUR_REFUSE',
    message: "Appel refusé : il ne vient pas de la fenêtre de l'application.",
  },
};

const MAX_CALL_NAME_LENGTH = 100;

/**
 * Checks the sender and the call name, then hands the call to the host.
 * Never throws: a failure of the host becomes an `ERREUR_INTERNE` result
 * (the details go to `logError`, not to the renderer). The host may answer
 * with the JSON text of the result (the backend's `callJson`): it goes to
 * the preload as it is, which parses it in the renderer process.
 */
export async function handleApiCall(
  sender: IpcSender,
  name: unknown,
  input: unknown,
  appIndexUrl: string,
  call: (name: string, input: unknown) => Promise<IpcApiResult | string>,
  logError: (error: unknown) => void = () => undefined,
): Promise<IpcApiResult | string> {
  if (!sender.isAppWindow || !sender.isMainFrame || !isAllowedIpcSender(sender.frameUrl, appIndexUrl)) {
    return SENDER_REFUSED;
  }
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_CALL_NAME_LENGTH) {
    return {
      ok: false,
      error: {
        code: 'APPEL_INVALIDE',
        message: "Appel invalide : le nom de l'appel doit être une chaîne de caractères non vide.",
      },
    };
  }
  try {
    return await call(name, input);
  } catch (error) {
    logError(error);
    return {
      ok: false,
      error: {
        code: 'ERREUR_INTERNE',
        message:
          "Erreur interne de l'application : l'opération n'a pas été effectuée. Réessayez ; si le problème persiste, redémarrez l'application.",
      },
    };
  }
}

/**
 * The sentence shown in a dialog when the host cannot start. The host's own
 * errors are already French sentences; a native-module mismatch (the app was
 * started with `electron .` after `npm test` rebuilt better-sqlite3 for Node)
 * gets an explanation instead of Node's English message.
 */
export function startupErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/NODE_MODULE_VERSION|better_sqlite3\.node|was compiled against a different Node\.js version/.test(message)) {
    return (
      "Le module de base de données (better-sqlite3) n'est pas compilé pour Electron. " +
      "Lancez l'application avec « npm start », qui le recompile pour Electron."
    );
  }
  return message.trim().length > 0
    ? message
    : "L'application n'a pas pu démarrer : erreur inconnue à l'ouverture des données.";
}
