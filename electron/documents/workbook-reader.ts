// Reads a workbook sent back by a user as plain rows, treating the file as hostile: only an
// .xlsx (zip) file, 1 MB at most, parsed by SheetJS in a worker thread with memory and time
// limits (a file that makes the parser loop or swell is cut off, and whatever a malformed file
// could do to the parser's objects stays in a worker that is then discarded). No formula is
// evaluated: only the values stored in the cells are read. Validation of the rows is core's
// (core/documents/workbook.ts readDecisions).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { MAX_WORKBOOK_BYTES, WorkbookReadError } from '../../core/api/host-errors';
import { MAX_IMPORT_ROWS, type ParsedSheet } from '../../core/documents/workbook';

export const READ_TIME_LIMIT_MS = 10_000;
const MAX_SHEETS = 20;
const MAX_COLUMNS = 40;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const XLSX = require(workerData.xlsxPath);
try {
  const wb = XLSX.read(workerData.bytes, {
    type: 'array', cellFormula: false, cellHTML: false, cellNF: false, cellStyles: false,
    cellDates: false, bookVBA: false, sheetRows: workerData.maxRows + 1,
  });
  const sheets = wb.SheetNames.slice(0, workerData.maxSheets).map((name) => {
    const ws = wb.Sheets[name];
    if (ws && ws['!ref']) {
      const range = XLSX.utils.decode_range(ws['!ref']);
      range.s = { r: 0, c: 0 };
      if (range.e.c >= workerData.maxColumns) range.e.c = workerData.maxColumns - 1;
      ws['!ref'] = XLSX.utils.encode_range(range);
    }
    const rows = ws ? XLSX.utils.sheet_to_json(ws, { header: 1, raw: true, defval: null, blankrows: true }) : [];
    return {
      name: String(name),
      rows: rows.map((r) => r.map((v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null))),
    };
  });
  parentPort.postMessage({ ok: true, sheets });
} catch (e) {
  parentPort.postMessage({ ok: false, message: String((e && e.message) || e) });
}
`;

const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

export function readWorkbookInWorker(bytes: Uint8Array, timeLimitMs = READ_TIME_LIMIT_MS): Promise<ParsedSheet[]> {
  if (bytes.length > MAX_WORKBOOK_BYTES) {
    return Promise.reject(new WorkbookReadError(`Classeur trop volumineux : ${MAX_WORKBOOK_BYTES / 1_000_000} Mo au plus.`));
  }
  if (!isZip(bytes)) {
    return Promise.reject(new WorkbookReadError("Ce fichier n'est pas un classeur .xlsx : importez le classeur exporté depuis la réunion."));
  }
  // Packaged app: SheetJS is unpacked next to the asar archive (electron-builder.yml), since a
  // worker thread reads real files.
  const resolved = createRequire(import.meta.url).resolve('xlsx');
  const unpacked = resolved.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  const xlsxPath = unpacked !== resolved && existsSync(unpacked) ? unpacked : resolved;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { xlsxPath, bytes, maxRows: MAX_IMPORT_ROWS, maxSheets: MAX_SHEETS, maxColumns: MAX_COLUMNS },
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
    worker.once('message', (m: { ok: true; sheets: ParsedSheet[] } | { ok: false; message: string }) =>
      finish(() => (m.ok ? resolve(m.sheets) : reject(new WorkbookReadError(`Classeur illisible : ${m.message}`)))),
    );
    worker.once('error', (e) => finish(() => reject(new WorkbookReadError(`Classeur illisible : ${e.message}`))));
    worker.once('exit', (code) => finish(() => reject(new WorkbookReadError(`Lecture du classeur interrompue (code ${code}).`))));
  });
}
