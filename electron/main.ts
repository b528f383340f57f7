// Electron main process (built to out/main/main.js, ESM). A thin shell: it starts
// the backend (database + service, in worker threads: ./backend) on the user's data
// folder, shows one window on the built renderer, checks the sender of each call on
// the single `api` IPC channel and relays it to the backend. It also prints PDFs for
// the backend (printToPDF only exists here). The security decisions live in
// ./security (pure, unit-tested).

import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  session,
  shell,
  type MenuItemConstructorOptions,
  type Session,
  type WebContents,
} from 'electron';
import { electronPrintToPdf } from './documents/electron-pdf';
import { startBackend, type Backend } from './backend';
import {
  API_CHANNEL,
  APP_TITLE,
  handleApiCall,
  isAllowedExternalUrl,
  isAppUrl,
  refuseDevicePermission,
  refuseDisplayMedia,
  refusePermissionCheck,
  refusePermissionRequest,
  startupErrorMessage,
  windowOptions,
  withCspHeader,
} from './security';

// out/main/main.js → out/preload/preload.cjs and out/renderer/index.html
// (inside app.asar once packaged; Electron reads both from there).
const mainDir = fileURLToPath(new URL('.', import.meta.url));
const preloadPath = join(mainDir, '../preload/preload.cjs');
const indexPath = join(mainDir, '../renderer/index.html');
const appIndexUrl = pathToFileURL(indexPath).href;

let host: Backend | null = null;
let mainWindow: BrowserWindow | null = null;

function openExternalIfAllowed(url: string): void {
  if (isAllowedExternalUrl(url)) {
    void shell.openExternal(url).catch((error: unknown) => {
      console.error("Impossible d'ouvrir le lien externe :", error);
    });
  }
}

/** Every web contents (window, frame, devtools): no new window, no navigation away. */
function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url, appIndexUrl)) {
      event.preventDefault();
      openExternalIfAllowed(event.url);
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, appIndexUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, appIndexUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler(refusePermissionRequest);
  ses.setPermissionCheckHandler(refusePermissionCheck);
  ses.setDevicePermissionHandler(refuseDevicePermission);
  ses.setDisplayMediaRequestHandler(refuseDisplayMedia);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders) });
  });
}

function buildMenu(): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const, label: APP_TITLE }] : []),
    {
      label: 'Fichier',
      submenu: [isMac ? { role: 'close', label: 'Fermer la fenêtre' } : { role: 'quit', label: 'Quitter' }],
    },
    {
      label: 'Édition',
      submenu: [
        { role: 'undo', label: 'Annuler' },
        { role: 'redo', label: 'Rétablir' },
        { type: 'separator' },
        { role: 'cut', label: 'Couper' },
        { role: 'copy', label: 'Copier' },
        { role: 'paste', label: 'Coller' },
        { role: 'selectAll', label: 'Tout sélectionner' },
      ],
    },
    {
      label: 'Affichage',
      submenu: [
        { role: 'resetZoom', label: 'Taille réelle' },
        { role: 'zoomIn', label: 'Agrandir' },
        { role: 'zoomOut', label: 'Réduire' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Plein écran' },
        ...(app.isPackaged
          ? []
          : [
              { type: 'separator' as const },
              { role: 'reload' as const, label: 'Recharger' },
              { role: 'toggleDevTools' as const, label: 'Outils de développement' },
            ]),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(windowOptions(preloadPath, { devTools: !app.isPackaged }));
  win.once('ready-to-show', () => {
    win.show();
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadFile(indexPath).catch((error: unknown) => {
    console.error("Impossible de charger l'interface :", error);
  });
  return win;
}

function fail(message: string): void {
  dialog.showErrorBox(APP_TITLE, message);
  app.exit(1);
}

async function start(): Promise<void> {
  app.enableSandbox();
  // The UI is French whatever the system language: date fields show jj/mm/aaaa.
  app.commandLine.appendSwitch('lang', 'fr-FR');

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents);
  });

  ipcMain.handle(API_CHANNEL, (event, name: unknown, input: unknown) => {
    const frame = event.senderFrame;
    const current = host;
    if (current === null) {
      return {
        ok: false,
        error: { code: 'NON_PRET', message: "L'application n'est pas encore prête : réessayez dans un instant." },
      };
    }
    return handleApiCall(
      {
        frameUrl: frame?.url,
        isMainFrame: frame !== null && frame.parent === null,
        isAppWindow: mainWindow !== null && event.sender === mainWindow.webContents,
      },
      name,
      input,
      appIndexUrl,
      (n, i) => current.callJson(n, i),
      (error) => {
        console.error(error);
      },
    );
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    // Let the backend close the database and end its threads, then quit for good.
    const current = host;
    if (current === null) return;
    host = null;
    event.preventDefault();
    void current
      .close()
      .catch((error: unknown) => {
        console.error(error);
      })
      .finally(() => {
        app.quit();
      });
  });

  await app.whenReady();

  hardenSession(session.defaultSession);
  Menu.setApplicationMenu(buildMenu());

  try {
    host = await startBackend(app.getPath('userData'), { pdf: { renderPdf: electronPrintToPdf } });
  } catch (error) {
    console.error(error);
    fail(startupErrorMessage(error));
    return;
  }

  mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

start().catch((error: unknown) => {
  console.error(error);
  fail(startupErrorMessage(error));
});
