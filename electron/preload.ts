// Sandboxed preload (built to out/preload/preload.cjs). It exposes exactly one
// function to the page, `window.api.call(name, input)`, which sends a contract
// call over the single `api` IPC channel and resolves to the ApiResult that the
// main process answers. Nothing else of Electron or Node reaches the page.
// Main relays the backend's answer as JSON text (made in the backend's worker
// thread): it is parsed here, in the renderer process, not in main.

import { contextBridge, ipcRenderer } from 'electron';
// Bundled into preload.cjs by electron-vite (a sandboxed preload cannot require
// local files at run time); ./security has no run-time dependency.
import { API_CHANNEL } from './security';

function call(name: string, input: unknown): Promise<unknown> {
  if (typeof name !== 'string') {
    return Promise.resolve({
      ok: false,
      error: {
        code: 'APPEL_INVALIDE',
        message: "Appel invalide : le nom de l'appel doit être une chaîne de caractères non vide.",
      },
    });
  }
  return ipcRenderer.invoke(API_CHANNEL, name, input).then((answer: unknown) =>
    typeof answer === 'string' ? (JSON.parse(answer) as unknown) : answer,
  );
}

contextBridge.exposeInMainWorld('api', Object.freeze({ call }));
