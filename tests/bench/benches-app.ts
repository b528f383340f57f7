// Issue 14's other benches, on the generated register, each with its same-run baseline:
// - creating a request end to end (validation, allocation, deadlines, reference, event and its
//   hash, the detail read back): p95 < 5 ms; baseline: the bare inserts of the same rows;
// - the XLSX export of every request of the register (100,000 rows at full size) by the app's
//   writer (core/documents/xlsx.ts: typed cells, text format for formula-like text, frozen
//   header): ≤ 1.3× SheetJS's own json_to_sheet + write on the same rows;
// - a letter saved as PDF with the browser already started (letters.draft then letters.save, as
//   the letter screen calls them): p95 < 500 ms and ≤ 1.5× its baseline, Chromium alone printing
//   the same letter's HTML on a page it keeps open (setContent + page.pdf, same options);
// - the browser mode started on the register, to its first list answer: < 1.5 s.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DB_FILE_NAME } from '../../electron/host';
import * as XLSX from 'xlsx';
import { createService, type Service } from '../../core/api/service';
import type { Cell, WorkbookSpec } from '../../core/documents/workbook';
import { writeWorkbook } from '../../core/documents/xlsx';
import { GENESIS_HASH, appendEvent } from '../../core/journal';
import type { Browser, Page } from 'playwright-core';
import { BROWSER_ARGS, createBrowserPdfRenderer, findChromiumBrowser, type PdfRenderer } from '../../electron/documents/pdf';
import { nodeHash } from '../helpers/generator';
import { startServer } from '../helpers/server';
import { register, TODAY, type Register } from './register';
import type { Bench } from './types';

const ROOT = join(import.meta.dirname, '..', '..');
const clock = { today: () => TODAY, now: () => new Date().toISOString() };

async function ok<T>(service: Service, name: string, input: unknown): Promise<T> {
  const r = await service.call(name, input);
  if (!r.ok) throw new Error(`${name} : ${r.error.message}`);
  return r.value as T;
}

// ----- create a request -----

const newRequest = (agreementId: string, i: number) => ({
  agreementId,
  receivedOn: '2026-11-20',
  channel: i % 2 ? 'commune' : 'academie',
  medium: 'email',
  requesterName: `Mme Hélène Dubois-${i}`,
  requesterContact: 'helene.dubois@exemple.fr',
  requesterCategory: 'parent',
  subjectName: 'Léo Dubois',
  subjectIsMinor: true,
  subjectRelation: 'mère',
  rights: ['access', 'rectification', 'erasure'],
});

let bareSeq = 0;
/** The rows `requests.create` writes (request, three rights, one hashed event), written bare. */
function bareCreate(r: Register) {
  const agreementId = r.agreementIds[0]!;
  const id = randomUUID();
  const seq = ++bareSeq;
  const now = clock.now();
  r.store.transaction(() => {
    const base = r.store.getRequest(r.db.prepare('select id from requests limit 1').pluck().get() as string)!;
    r.store.insertRequest(
      { ...base, id, agreementId, reference: `BARE-${seq}`, year: 2030, seq, refOffice: 'Z', journalHead: null, eventCount: 0, createdAt: now, updatedAt: now },
      (['access', 'rectification', 'erasure'] as const).map((right) => ({ id: randomUUID(), requestId: id, right, outcome: null, refusalReason: null, erasureException: null, answeredOn: null })),
    );
    const event = appendEvent(GENESIS_HASH, { id: randomUUID(), requestId: id, at: now, actor: 'bench', type: 'request.created', data: { reference: `BARE-${seq}` } }, nodeHash);
    r.store.insertEvent({ ...event, type: 'request.created', seq: 1, agreementId, officeId: null, officeSeq: null, officeHash: null });
  });
  return id;
}

// ----- XLSX export -----

interface ExportRow {
  reference: string;
  receivedOn: string;
  requesterName: string;
  subjectName: string | null;
  status: string;
  party: string | null;
  dueOn: string | null;
  summary: string;
}
let exportRows: ExportRow[] = [];
const HEADERS = ['Référence', 'Reçue le', 'Demandeur', 'Personne concernée', 'Statut', 'Partie', 'Échéance', 'Objet'];

async function loadExportRows(): Promise<ExportRow[]> {
  const r = await register();
  if (exportRows.length === 0) {
    exportRows = r.db
      .prepare(
        `select reference, received_on receivedOn, requester_name requesterName, subject_name subjectName, status, allocation_party party, due_on dueOn, summary
         from requests order by reference`,
      )
      .all() as ExportRow[];
  }
  return exportRows;
}

const text = (v: string | null): Cell => (v ? { t: 's', v } : null);
const date = (v: string | null): Cell => (v ? { t: 'd', v } : null);

/** What the app's writer is given: typed cells, widths, a frozen header and an autofilter. */
function appExport(rows: ExportRow[]): Uint8Array {
  const spec: WorkbookSpec = {
    title: 'Registre des demandes',
    author: 'DPD',
    sheets: [
      {
        name: 'Demandes',
        headers: HEADERS,
        widths: [18, 12, 28, 28, 14, 10, 12, 40],
        hidden: [],
        table: true,
        rows: rows.map((r) => [text(r.reference), date(r.receivedOn), text(r.requesterName), text(r.subjectName), text(r.status), text(r.party), date(r.dueOn), text(r.summary)]),
      },
    ],
  };
  return writeWorkbook(spec);
}

/** SheetJS alone: json_to_sheet on the same rows (dates as Date cells), then write. */
function sheetJsExport(rows: ExportRow[]): Uint8Array {
  const objects = rows.map((r) => ({
    Référence: r.reference,
    'Reçue le': new Date(`${r.receivedOn}T00:00:00Z`),
    Demandeur: r.requesterName,
    'Personne concernée': r.subjectName,
    Statut: r.status,
    Partie: r.party,
    Échéance: r.dueOn ? new Date(`${r.dueOn}T00:00:00Z`) : null,
    Objet: r.summary,
  }));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.json_to_sheet(objects, { dateNF: 'dd/mm/yyyy' }), 'Demandes');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', bookSST: true, compression: true }) as ArrayBuffer);
}

// ----- letter PDF -----

let pdf: { renderer: PdfRenderer; service: Service; requestIds: string[]; html: string[] } | null = null;
let bare: { browser: Browser; page: Page; html: string } | null = null;
/** Closes the browsers the letter benches started. */
export async function closeAppBenches(): Promise<void> {
  await pdf?.renderer.close();
  await bare?.browser.close();
}

async function letterSetup() {
  const r = await register();
  if (!pdf) {
    const renderer = createBrowserPdfRenderer();
    const html: string[] = [];
    const service = createService({
      store: r.store,
      clock,
      newId: randomUUID,
      hash: nodeHash,
      renderPdf: (doc) => {
        html.push(doc);
        return renderer.renderPdf(doc);
      },
    });
    const requestIds = r.db.prepare("select id from requests where status in ('received', 'in-progress') limit 50").pluck().all() as string[];
    pdf = { renderer, service, requestIds, html };
  }
  return pdf;
}

async function saveLetter(i: number) {
  const { service, requestIds } = pdf!;
  const requestId = requestIds[i % requestIds.length]!;
  const draft = await ok<{ subject: string; body: string }>(service, 'letters.draft', { requestId, kind: 'acknowledgement' });
  const saved = await ok<{ file: { base64: string } }>(service, 'letters.save', { requestId, kind: 'acknowledgement', subject: draft.subject, body: draft.body, date: TODAY, format: 'pdf' });
  return saved.file.base64.length;
}

/** The baseline's page: a browser of its own (same flags), the app's first letter as HTML. */
async function bareSetup() {
  if (!bare) {
    const { html } = await letterSetup();
    await saveLetter(0);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: findChromiumBrowser()!, args: BROWSER_ARGS });
    const page = await (await browser.newContext({ javaScriptEnabled: false, offline: true })).newPage();
    bare = { browser, page, html: html[0]! };
  }
  return bare;
}

async function barePrint() {
  const { page, html } = bare!;
  await page.setContent(html, { waitUntil: 'load' });
  return (await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })).length;
}

// ----- browser-mode cold start -----

const WEB = join(ROOT, 'out', 'main', 'web.js');
let serverPeakMb = 0;
let checkedStartMs = 0;

/**
 * The register copied (SQLite's backup API) into a data folder of its own, as the app finds it
 * on a desktop: no other connection holds it open (the bench's own stays on the original).
 */
async function coldStartSetup(): Promise<string> {
  const r = await register();
  const dir = mkdtempSync(join(tmpdir(), 'dsr-bench-start-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  await r.db.backup(join(dir, DB_FILE_NAME));
  // The first start checks the whole file (PRAGMA quick_check): nothing says it was left sound.
  // Each start after it follows a clean close, as every morning after quitting the app.
  const started = performance.now();
  await coldStart(dir);
  checkedStartMs = performance.now() - started;
  return dir;
}

async function coldStart(dir: string): Promise<number> {
  const server = await startServer(dir, { DSR_TODAY: TODAY });
  try {
    const res = await fetch(`${server.origin}/api/requests.list`, { method: 'POST', body: JSON.stringify({ openOnly: true }), headers: { 'x-dsr-token': server.token } });
    const body = (await res.json()) as { ok: boolean; value?: { total: number } };
    if (!body.ok) throw new Error('requests.list refusé');
    // The server's own high-water mark of resident memory, at its first answer.
    const status = readFileSync(`/proc/${server.process.pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    if (hwm) serverPeakMb = Math.max(serverPeakMb, Number(hwm[1]) / 1024);
    return body.value!.total;
  } finally {
    await server.stop();
  }
}

export const benches: Bench[] = [
  {
    name: 'bare inserts of a new request (request, 3 rights, 1 hashed event)',
    group: 'create a request',
    iterations: 300,
    perCall: true,
    setup: register,
    run: (_i, ctx) => bareCreate(ctx as Register),
  },
  {
    name: 'requests.create end to end (3 rights)',
    group: 'create a request',
    iterations: 300,
    perCall: true,
    setup: register,
    run: (i, ctx) => ok((ctx as Register).service, 'requests.create', newRequest((ctx as Register).agreementIds[i % 10]!, i)),
    baseline: 'bare inserts of a new request (request, 3 rights, 1 hashed event)',
    targetValueMs: 5,
  },
  {
    name: 'SheetJS json_to_sheet + write, every request of the register',
    group: 'XLSX export',
    // The mean of four calls after a warm-up call, not the slower of two: one late collection
    // in either bench moved the ratio from 1.0× to 1.4× between runs.
    iterations: 4,
    setup: loadExportRows,
    run: (_i, rows) => sheetJsExport(rows as ExportRow[]).length,
  },
  {
    name: 'XLSX export by the app (core/documents/xlsx.ts), every request of the register',
    group: 'XLSX export',
    // The mean of four calls after a warm-up call, not the slower of two: one late collection
    // in either bench moved the ratio from 1.0× to 1.4× between runs.
    iterations: 4,
    setup: loadExportRows,
    run: (_i, rows) => appExport(rows as ExportRow[]).length,
    baseline: 'SheetJS json_to_sheet + write, every request of the register',
    maxRatio: 1.3,
  },
  {
    name: 'Chromium alone: the same letter, setContent + page.pdf on an open page',
    group: 'documents',
    iterations: 20,
    perCall: true,
    skipped: () => (findChromiumBrowser() ? null : 'no Chromium-family browser on this machine'),
    setup: bareSetup,
    run: () => barePrint(),
  },
  {
    name: 'letters.save: acknowledgement as PDF, browser started',
    group: 'documents',
    iterations: 20,
    perCall: true,
    skipped: () => (findChromiumBrowser() ? null : 'no Chromium-family browser on this machine'),
    setup: letterSetup,
    run: (i) => saveLetter(i),
    baseline: 'Chromium alone: the same letter, setContent + page.pdf on an open page',
    targetValueMs: 500,
    maxRatio: 1.5,
  },
  {
    name: 'browser mode: start to the first list answer',
    group: 'browser mode',
    iterations: 3,
    perCall: true,
    skipped: () => (existsSync(WEB) ? null : 'out/main/web.js missing: run npm run build'),
    setup: coldStartSetup,
    run: (_i, dir) => coldStart(dir as string),
    targetValueMs: 1500,
    extra: () => [
      ...(checkedStartMs ? [{ name: 'browser mode: first start, the whole file checked (new or not closed cleanly)', value: Math.round(checkedStartMs), unit: 'ms' }] : []),
      ...(serverPeakMb ? [{ name: 'browser mode: start to the first list answer, server peak memory', value: Math.round(serverPeakMb), unit: 'MB' }] : []),
    ],
  },
];
