// Reads a workbook sent back by a user as plain rows, treating the file as hostile: only an
// .xlsx (zip) file, 1 MB at most, parsed by SheetJS in a worker thread with memory and time
// limits (a file that makes the parser loop or swell is cut off, and whatever a malformed file
// could do to the parser's objects stays in a worker that is then discarded). No formula is
// evaluated, and no formula's stored result is read: a formula or an error value is reported.
// The same worker reads the registers an office imports (readRegisterInWorker: also .ods and
// CSV, larger). Validation of the rows is core's
// (core/documents/workbook.ts readDecisions).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { MAX_REGISTER_BYTES, MAX_REGISTER_ROWS, MAX_WORKBOOK_BYTES, WorkbookReadError } from '../../core/api/host-errors';
import { MAX_IMPORT_ROWS, type ParsedSheet } from '../../core/documents/workbook';

export const READ_TIME_LIMIT_MS = 10_000;
const MAX_SHEETS = 20;
const MAX_COLUMNS = 40;

// Formula cells are read as formulas (cellFormula), never for their stored result: a formula's
// cached value is whatever the last program that saved the file wrote, so such a cell, like an
// error value (#REF!, #N/A…), comes back as a marker that core reports (core/documents/workbook.ts).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const XLSX = require(workerData.xlsxPath);
try {
  const options = {
    cellFormula: true, cellHTML: false, cellNF: false, cellStyles: false,
    cellDates: false, bookVBA: false, sheetRows: workerData.maxRows + 1,
  };
  let wb;
  if (workerData.text) {
    // CSV: UTF-8 if it decodes as such (its BOM dropped), else Windows-1252 (Excel's "CSV" on a
    // French Windows). Every cell stays text (raw): the service reads dates and numbers itself.
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(workerData.bytes);
    } catch {
      text = new TextDecoder('windows-1252').decode(workerData.bytes);
    }
    wb = XLSX.read(text, { ...options, cellFormula: false, type: 'string', raw: true });
  } else {
    wb = XLSX.read(workerData.bytes, { ...options, type: 'array' });
  }
  const sheets = wb.SheetNames.slice(0, workerData.maxSheets).map((name) => {
    const ws = wb.Sheets[name];
    if (ws && ws['!ref']) {
      const range = XLSX.utils.decode_range(ws['!ref']);
      range.s = { r: 0, c: 0 };
      if (range.e.c >= workerData.maxColumns) range.e.c = workerData.maxColumns - 1;
      ws['!ref'] = XLSX.utils.encode_range(range);
    }
    const rows = ws ? XLSX.utils.sheet_to_json(ws, { header: 1, raw: true, defval: null, blankrows: true }) : [];
    const out = rows.map((r) => r.map((v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null)));
    if (ws && ws['!ref']) {
      const range = XLSX.utils.decode_range(ws['!ref']);
      for (const address of Object.keys(ws)) {
        if (address[0] === '!') continue;
        const cell = ws[address];
        if (!cell || (cell.f === undefined && cell.t !== 'e')) continue;
        const at = XLSX.utils.decode_cell(address);
        if (at.r > range.e.r || at.c > range.e.c) continue;
        while (out.length <= at.r) out.push([]);
        const row = out[at.r];
        while (row.length <= at.c) row.push(null);
        row[at.c] = { formula: cell.f !== undefined, error: cell.t === 'e' ? String(cell.w || '#ERREUR') : null };
      }
    }
    return { name: String(name), rows: out };
  });
  parentPort.postMessage({ ok: true, sheets });
} catch (e) {
  parentPort.postMessage({ ok: false });
}
`;

/** SheetJS's own words (English) stay out of the message: the user learns what to do. */
const UNREADABLE =
  "Classeur illisible : le fichier est altéré ou n'est pas un classeur Excel (.xlsx). Importez le classeur exporté depuis la réunion, enregistré au format .xlsx.";

const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

export function readWorkbookInWorker(bytes: Uint8Array, timeLimitMs = READ_TIME_LIMIT_MS): Promise<ParsedSheet[]> {
  if (bytes.length > MAX_WORKBOOK_BYTES) {
    return Promise.reject(new WorkbookReadError(`Classeur trop volumineux : ${MAX_WORKBOOK_BYTES / 1_000_000} Mo au plus.`));
  }
  if (!isZip(bytes)) {
    return Promise.reject(new WorkbookReadError("Ce fichier n'est pas un classeur .xlsx : importez le classeur exporté depuis la réunion."));
  }
  return parseInWorker(bytes, { text: false, maxRows: MAX_IMPORT_ROWS }, timeLimitMs);
}

const isOle = (b: Uint8Array) => b.length > 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/**
 * An existing register to import: .xlsx or .ods (zip) or CSV text (UTF-8 or Windows-1252, `;`
 * or `,`), MAX_REGISTER_BYTES at most, MAX_REGISTER_ROWS rows read, same worker and limits.
 */
export function readRegisterInWorker(bytes: Uint8Array, timeLimitMs = READ_TIME_LIMIT_MS): Promise<ParsedSheet[]> {
  if (bytes.length > MAX_REGISTER_BYTES) {
    return Promise.reject(new WorkbookReadError(`Fichier trop volumineux : ${MAX_REGISTER_BYTES / 1_000_000} Mo au plus.`));
  }
  if (isOle(bytes)) {
    return Promise.reject(new WorkbookReadError('Ancien format Excel (.xls) : enregistrez le fichier en .xlsx, .ods ou CSV puis importez-le.'));
  }
  if (!isZip(bytes) && bytes.includes(0)) {
    return Promise.reject(new WorkbookReadError("Ce fichier n'est ni un classeur (.xlsx, .ods) ni un fichier CSV."));
  }
  return parseInWorker(bytes, { text: !isZip(bytes), maxRows: MAX_REGISTER_ROWS }, timeLimitMs);
}

function parseInWorker(bytes: Uint8Array, read: { text: boolean; maxRows: number }, timeLimitMs: number): Promise<ParsedSheet[]> {
  // Packaged app: SheetJS is unpacked next to the asar archive (electron-builder.yml), since a
  // worker thread reads real files.
  const resolved = createRequire(import.meta.url).resolve('xlsx');
  const unpacked = resolved.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  const xlsxPath = unpacked !== resolved && existsSync(unpacked) ? unpacked : resolved;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { xlsxPath, bytes, text: read.text, maxRows: read.maxRows, maxSheets: MAX_SHEETS, maxColumns: MAX_COLUMNS },
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 },
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(
      () => finish(() => reject(new WorkbookReadError(`Lecture du classeur interrompue après ${timeLimitMs / 1000} s : le fichier est trop complexe ou altéré.`))),
      timeLimitMs,
    );
    worker.once('message', (m: { ok: true; sheets: ParsedSheet[] } | { ok: false }) =>
      finish(() => (m.ok ? resolve(m.sheets) : reject(new WorkbookReadError(UNREADABLE)))),
    );
    // A worker that fails or stops (memory limit reached by a swelling file): the same message.
    worker.once('error', () => finish(() => reject(new WorkbookReadError(UNREADABLE))));
    worker.once('exit', () => finish(() => reject(new WorkbookReadError(UNREADABLE))));
  });
}
