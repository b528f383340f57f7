// Preflight of `npm test`: before anything slow, says in one French line what the machine lacks
// for the PDF and UI tests (the Chromium the app itself prints with), and how to install it.
import { findChromiumBrowser } from '../../electron/documents/pdf';

export function preflightProblem(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  find: typeof findChromiumBrowser = findChromiumBrowser,
): string | null {
  if (find(env, platform)) return null;
  if (env.CHROMIUM_PATH) {
    return `Chromium introuvable à CHROMIUM_PATH=${env.CHROMIUM_PATH} : corrigez ce chemin ou retirez la variable pour utiliser le Chromium du système.`;
  }
  return platform === 'linux'
    ? 'Chromium introuvable (requis par les tests des PDF et de l’interface) : installez-le avec « sudo apt-get install chromium » ou indiquez son chemin dans CHROMIUM_PATH.'
    : 'Chromium, Google Chrome ou Microsoft Edge introuvable (requis par les tests des PDF et de l’interface) : installez-en un ou indiquez son chemin dans CHROMIUM_PATH.';
}
