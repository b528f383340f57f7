// Writes a WorkbookSpec as an .xlsx file with SheetJS, in memory (XLSX.write type 'array': no
// Node built-in on this path). Text cells are shared strings, never formulas; text that looks
// like a formula (=, +, -, @, tab, CR) also gets the text number format '@', so a spreadsheet
// program keeps it as text even when the cell is edited. Dates are real date cells shown
// dd/mm/yyyy. SheetJS's community edition does not write frozen panes: the header row is frozen
// by adding the <pane> element to each table sheet's XML, in the zip SheetJS produced.
// Loaded with a dynamic import by core/api/documents.ts, so the renderer bundle never carries it.
import * as XLSX from 'xlsx';
import { xmlSafe } from './text';
import { looksLikeFormula, type Cell, type WorkbookSpec } from './workbook';

/** Excel's serial day number of a calendar date (1900 date system). */
export function excelSerial(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000 + 25_569;
}

const DATE_FORMAT = 'dd/mm/yyyy';

function toCell(c: Cell): XLSX.CellObject | null {
  if (c === null) return null;
  if (c.t === 'd') return { t: 'n', v: excelSerial(c.v), z: DATE_FORMAT };
  if (c.t === 'n') return { t: 'n', v: c.v };
  return looksLikeFormula(c.v) ? { t: 's', v: c.v, z: '@' } : { t: 's', v: c.v };
}

const FROZEN_VIEW =
  '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>';

type CfbContainer = { FullPaths: string[]; FileIndex: { content: Uint8Array | number[]; size: number }[] };
type CfbApi = {
  read(data: Uint8Array, opts: { type: 'array' }): CfbContainer;
  write(c: CfbContainer, opts: { fileType: 'zip'; type: 'array'; compression: boolean }): Uint8Array | number[];
};

/** SheetJS's zip container library: a named export in its ES build, a property in its CommonJS build. */
function cfb(): CfbApi {
  const lib = XLSX as unknown as { CFB?: CfbApi; default?: { CFB?: CfbApi } };
  const api = lib.CFB ?? lib.default?.CFB;
  if (!api) throw new Error('SheetJS : module CFB introuvable.');
  return api;
}

export function writeWorkbook(workbook: WorkbookSpec): Uint8Array {
  // Whatever the data's origin, nothing XML cannot carry reaches the file (text.ts).
  const spec = xmlSafe(workbook);
  const wb = XLSX.utils.book_new();
  wb.Props = { Title: spec.title, Author: spec.author };
  const frozen: number[] = [];
  spec.sheets.forEach((sheet, index) => {
    const ws: XLSX.WorkSheet = {};
    const all: Cell[][] = [sheet.headers.map((h) => ({ t: 's', v: h })), ...sheet.rows];
    all.forEach((row, r) =>
      row.forEach((c, col) => {
        const cell = toCell(c);
        if (cell) ws[XLSX.utils.encode_cell({ r, c: col })] = cell;
      }),
    );
    const lastCol = Math.max(sheet.headers.length, ...sheet.rows.map((r) => r.length)) - 1;
    const range = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(all.length - 1, 0), c: Math.max(lastCol, 0) } });
    ws['!ref'] = range;
    ws['!cols'] = sheet.widths.map((wch, i) => (sheet.hidden.includes(i) ? { wch, hidden: true } : { wch }));
    if (sheet.table) {
      ws['!autofilter'] = { ref: range };
      frozen.push(index + 1);
    }
    XLSX.utils.book_append_sheet(wb, ws, sheet.name);
  });
  const written = XLSX.write(wb, { type: 'array', bookType: 'xlsx', bookSST: true, compression: true }) as ArrayBuffer;
  const api = cfb();
  const zip = api.read(new Uint8Array(written), { type: 'array' });
  for (const n of frozen) {
    const i = zip.FullPaths.findIndex((p) => p.endsWith(`/xl/worksheets/sheet${n}.xml`));
    const entry = zip.FileIndex[i];
    if (!entry) throw new Error(`SheetJS : feuille ${n} introuvable dans le classeur écrit.`);
    const xml = new TextDecoder().decode(entry.content instanceof Uint8Array ? entry.content : new Uint8Array(entry.content));
    const next = xml.replace('<sheetView workbookViewId="0"/>', FROZEN_VIEW);
    if (next === xml) throw new Error(`SheetJS : vue de la feuille ${n} inattendue, ligne d'en-tête non figée.`);
    entry.content = new TextEncoder().encode(next);
    entry.size = entry.content.length;
  }
  const out = api.write(zip, { fileType: 'zip', type: 'array', compression: true });
  return out instanceof Uint8Array ? out : new Uint8Array(out);
}
