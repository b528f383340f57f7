// Importing an office's existing register (issue 15: "a 10,000-line file imports in under 3 s"):
// register.import through the host as the app runs it (the file parsed in the limited worker,
// every cell re-checked, allocation, deadlines, references and journal written in one
// transaction). Same-run baseline: SheetJS reading the same file bare (Windows-1252 decoded,
// XLSX.read, sheet_to_json) on the main thread.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { guessMapping } from '../../core/documents/register-import';
import { openHost, type Host } from '../../electron/host';
import { fixedClock } from '../helpers/host';
import type { Bench } from './types';

const LINES = 10_000;
const TODAY = '2026-11-25';

/** 10,000 lines as French Excel saves a register as CSV (Windows-1252, « ; »), mixed date formats, answered and open lines. */
function registerCsv(): Buffer {
  const lines = ['N° dossier;Date de réception;Demandeur;Qualité;Droit(s);UAI;Réponse le;Issue;Statut;Observations'];
  const dates = ['05/03/2026', '2026-03-06', '9.3.26', '46093'];
  for (let i = 1; i <= LINES; i++) {
    const answered = i % 5 === 0;
    lines.push(
      [
        `R-${i}`,
        dates[i % 4],
        `Hélène Dupré-Ségur ${i}`,
        i % 3 === 0 ? 'Enseignant' : "Parent d'élève",
        i % 2 ? 'Accès' : 'Accès, effacement',
        '0920484B',
        answered ? '20/03/2026' : '',
        answered ? 'Fait' : '',
        answered ? 'Clôturée' : 'En cours',
        'Reçu à l’accueil, transmis au DPD',
      ].join(';'),
    );
  }
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

let file: Buffer | null = null;
const csv = () => (file ??= registerCsv());

let host: Host | null = null;

export const benches: Bench[] = [
  {
    name: 'register file read, SheetJS bare (10,000 lines)',
    group: 'register import',
    iterations: 5,
    setup: csv,
    run: (_i, bytes) => {
      const text = new TextDecoder('windows-1252').decode(bytes as Buffer);
      const wb = XLSX.read(text, { type: 'string', raw: true, cellFormula: false });
      return XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: true, defval: null });
    },
  },
  {
    name: 'register.import of a 10,000-line CSV',
    group: 'register import',
    iterations: 1,
    single: true,
    baseline: 'register file read, SheetJS bare (10,000 lines)',
    targetValueMs: 3000,
    setup: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dsr-bench-register-import-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      host = openHost(dir, { clock: fixedClock(TODAY) });
      await host.call('office.set', { party: 'academie' });
      const created = await host.call('agreements.createFromPreset', { preset: 'versailles-fontenay' });
      if (!created.ok) throw new Error(created.error.message);
      const agreementId = (created.value as { agreement: { id: string } }).agreement.id;
      const bytes = csv();
      const headers = bytes.toString('latin1').split('\r\n', 1)[0]!.split(';');
      // The mapping the screen sends once the user confirms: the guessed one.
      return { agreementId, filename: 'registre.csv', base64: bytes.toString('base64'), mapping: guessMapping(headers) };
    },
    run: async (_i, input) => {
      const r = await host!.call('register.import', input);
      if (!r.ok) throw new Error(r.error.message);
      const { imported } = r.value as { imported: number };
      if (imported !== LINES) throw new Error(`${imported} lignes importées sur ${LINES}.`);
      host!.close();
      return imported;
    },
  },
];
