// `npm run web`: the browser mode. Same service, same UI, served on 127.0.0.1 only.
//   --port N   port to listen on (0 = any free port; default 5780)
//   --data DIR data folder (default: $DSR_DATA_DIR, else ./data)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBackend, type Backend } from './backend';
import { createBrowserPdfRenderer, findChromiumBrowser } from './documents/pdf';
import { startWebServer } from './web-server';

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values: { port?: string; data?: string };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, data: { type: 'string' } },
      allowPositionals: false,
    }));
  } catch (e) {
    fail(`Option non reconnue (${(e as Error).message}). Options : --port N (0 = un port libre), --data DOSSIER.`);
  }
  const port = values.port === undefined ? 5780 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`--port ${values.port} : indiquez un numéro de port entre 0 et 65535 (0 = un port libre).`);
  }
  const dataDir = resolve(values.data ?? process.env.DSR_DATA_DIR ?? 'data');

  // DSR_TODAY=YYYY-MM-DD pins "today" (tests, demonstrations); instants stay real.
  const pinnedToday = process.env.DSR_TODAY;
  if (pinnedToday !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(pinnedToday)) {
    fail(`DSR_TODAY=${pinnedToday} : date attendue au format AAAA-MM-JJ.`);
  }
  // PDFs are printed by the Chromium-family browser installed on the machine (electron/documents/pdf.ts).
  const pdfBrowser = findChromiumBrowser();
  let host: Backend;
  try {
    // The service runs in worker threads (electron/backend.ts); this thread serves HTTP and prints PDFs.
    host = await startBackend(dataDir, { pdf: createBrowserPdfRenderer(pdfBrowser), ...(pinnedToday ? { today: pinnedToday } : {}) });
  } catch (e) {
    fail((e as Error).message);
  }
  // Built to out/main/web.js; the UI is in out/renderer.
  const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
  let web;
  try {
    web = await startWebServer(host, { port, rendererDir });
  } catch (e) {
    await host.close();
    const err = e as NodeJS.ErrnoException;
    fail(err.code === 'EADDRINUSE' ? `Le port ${port} est déjà utilisé : relancez avec --port 0 ou un autre port.` : err.message);
  }
  console.log(`Registre des droits ENT, mode navigateur. Données : ${host.dbFile}`);
  if (pinnedToday) console.log(`Date du jour fixée par DSR_TODAY : ${pinnedToday}`);
  console.log(
    pdfBrowser
      ? `PDF produits par ${pdfBrowser}.`
      : "PDF : aucun navigateur Chromium, Chrome ou Edge trouvé (indiquez-le par CHROMIUM_PATH) ; les courriers s'impriment par la boîte d'impression du navigateur.",
  );
  if (host.backupFile) console.log(`Base mise à jour ; sauvegarde de l'ancienne version : ${host.backupFile}`);
  if (host.problem) {
    // The server still comes up: the page says the same and offers the latest good backup.
    console.error(`\nLe registre n'a pas pu être ouvert : ${host.problem.message}`);
    console.error("La page de l'application propose de restaurer une sauvegarde.\n");
  }
  console.log('Ouvrez cette adresse dans votre navigateur (elle contient le jeton de cette session) :');
  console.log(web.url);
  const stop = () => {
    void web
      .close()
      .then(() => host.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
