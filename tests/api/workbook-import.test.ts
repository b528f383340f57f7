// The joint-review workbook read back as a hostile file, through the real host (SheetJS in its
// worker): a file must say it belongs to this meeting, formula cells are refused rather than
// read for their stored result, error values and empty formulas are reported, and nothing is
// written while a problem remains.
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { parentRequest, versailles } from '../helpers/documents';
import { testHost, type TestHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const TODAY = '2026-11-25';
const OPEN = 'Toutes les demandes ouvertes';

async function setup(host: TestHost) {
  const agreement = await versailles(host);
  const request = await host.ok('requests.create', parentRequest(agreement.id, { receivedOn: '2026-11-20' }));
  const meeting = await host.ok('meetings.create', { agreementId: agreement.id, date: TODAY });
  const exported = async (id: string) => XLSX.read(Buffer.from((await host.ok('meetings.exportWorkbook', { id })).base64, 'base64'), { type: 'buffer', cellFormula: true });
  return { agreement, request, meeting, exported };
}

function put(ws: XLSX.WorkSheet, address: string, cell: XLSX.CellObject) {
  ws[address] = cell;
  const range = XLSX.utils.decode_range(ws['!ref']!);
  const at = XLSX.utils.decode_cell(address);
  range.e.r = Math.max(range.e.r, at.r);
  range.e.c = Math.max(range.e.c, at.c);
  ws['!ref'] = XLSX.utils.encode_range(range);
}

const base64 = (wb: XLSX.WorkBook) => Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer).toString('base64');

/** The row of a reference in a sheet (1-based). */
const rowOf = (ws: XLSX.WorkSheet, reference: string) => XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 }).findIndex((r) => r[1] === reference) + 1;

describe('workbook re-import', () => {
  it("refuses a file that does not belong to this meeting: instructions deleted, another meeting's file with its id edited", async () => {
    const host = testHost(tmp(), TODAY);
    const { agreement, request, meeting, exported } = await setup(host);
    const other = await host.ok('meetings.create', { agreementId: agreement.id, date: '2026-11-20' });
    const decide = (wb: XLSX.WorkBook) => {
      const open = wb.Sheets[OPEN]!;
      put(open, `L${rowOf(open, request.reference)}`, { t: 's', v: 'Commentaire' });
      put(open, `M${rowOf(open, request.reference)}`, { t: 's', v: 'à relancer' });
      return wb;
    };
    const before = (await host.ok('requests.get', { id: request.id })).events.length;

    // The instructions sheet deleted: the file says nothing of its meeting.
    const stripped = decide(await exported(meeting.id));
    delete stripped.Sheets["Mode d'emploi"];
    stripped.SheetNames = stripped.SheetNames.filter((n) => n !== "Mode d'emploi");
    const noInstructions = await host.ok('meetings.previewImport', { id: meeting.id, filename: 'revue.xlsx', base64: base64(stripped) });
    expect(noInstructions.decisions).toEqual([]);
    expect(noInstructions.problems).toEqual([
      { sheet: "Mode d'emploi", row: 0, column: '', reason: "feuille « Mode d'emploi » absente : elle relie le classeur à sa réunion. Exportez de nouveau le classeur de cette réunion." },
    ]);
    const refused = await host.fail('meetings.applyImport', { id: meeting.id, filename: 'revue.xlsx', base64: base64(stripped) });
    expect(refused.code).toBe('CLASSEUR_INVALIDE');

    // The other meeting's file, its meeting id edited into this one's.
    const edited = decide(await exported(other.id));
    put(edited.Sheets["Mode d'emploi"]!, 'B7', { t: 's', v: meeting.id });
    const forged = await host.ok('meetings.previewImport', { id: meeting.id, filename: 'revue.xlsx', base64: base64(edited) });
    expect(forged.decisions).toEqual([]);
    expect(forged.problems).toEqual([{ sheet: "Mode d'emploi", row: 8, column: 'B (Valeur)', reason: expect.stringContaining('valeur de contrôle différente') }]);
    expect((await host.fail('meetings.applyImport', { id: meeting.id, filename: 'revue.xlsx', base64: base64(edited) })).code).toBe('CLASSEUR_INVALIDE');

    // Nothing was written; this meeting's own file goes through.
    expect((await host.ok('requests.get', { id: request.id })).events.length).toBe(before);
    const own = await host.ok('meetings.applyImport', { id: meeting.id, filename: 'revue.xlsx', base64: base64(decide(await exported(meeting.id))) });
    expect(own.applied).toBe(1);
    host.close();
  }, 60_000);

  it('refuses formula cells (never their stored result), reports #REF! and empty formulas by cell, and writes nothing', async () => {
    const host = testHost(tmp(), TODAY);
    const { request, meeting, exported } = await setup(host);
    const wb = await exported(meeting.id);
    const open = wb.Sheets[OPEN]!;
    const r = rowOf(open, request.reference);
    // A formula whose stored result is a valid decision: not read.
    put(open, `L${r}`, { t: 's', v: 'Commentaire', f: '"Comment"&"aire"' });
    put(open, `M${r}`, { t: 's', v: 'texte', f: 'A1' });
    // A reference turned into #REF! by a deleted column, and an empty formula, on added rows.
    put(open, `B${r + 1}`, { t: 'e', v: 0x17, f: '#REF!A1', w: '#REF!' });
    put(open, `L${r + 1}`, { t: 's', v: 'Commentaire' });
    put(open, `L${r + 2}`, { t: 's', v: '', f: 'Z99' });
    put(open, `B${r + 2}`, { t: 's', v: request.reference });
    const report = await host.ok('meetings.previewImport', { id: meeting.id, filename: 'revue.xlsx', base64: base64(wb) });
    expect(report.decisions).toEqual([]);
    const formula = 'formule refusée : ses résultats ne sont pas relus (ils peuvent ne pas être à jour) ; tapez la valeur elle-même.';
    expect(report.problems).toEqual([
      { sheet: OPEN, row: r, column: 'L (Décision)', reason: formula },
      { sheet: OPEN, row: r, column: 'M (Motifs ou commentaire)', reason: formula },
      { sheet: OPEN, row: r + 1, column: 'B (Référence)', reason: "valeur d'erreur #REF! (une formule dont la référence ou le calcul a échoué) : tapez la valeur elle-même." },
      { sheet: OPEN, row: r + 2, column: 'L (Décision)', reason: formula },
    ]);
    const before = (await host.ok('requests.get', { id: request.id })).events.length;
    expect((await host.fail('meetings.applyImport', { id: meeting.id, filename: 'revue.xlsx', base64: base64(wb) })).code).toBe('CLASSEUR_INVALIDE');
    expect((await host.ok('requests.get', { id: request.id })).events.length).toBe(before);
    host.close();
  }, 60_000);

  it('holds a comment to the length of typed minutes, and says in French when the file cannot be parsed', async () => {
    const host = testHost(tmp(), TODAY);
    const { request, meeting, exported } = await setup(host);
    const wb = await exported(meeting.id);
    const open = wb.Sheets[OPEN]!;
    put(open, `M${rowOf(open, request.reference)}`, { t: 's', v: 'x'.repeat(2001) });
    const report = await host.ok('meetings.previewImport', { id: meeting.id, filename: 'revue.xlsx', base64: base64(wb) });
    expect(report.problems.map((p) => p.reason)).toEqual(['texte trop long (2001 caractères) : 2000 au plus, comme dans le compte rendu saisi.']);
    const typed = await host.fail('meetings.saveMinutes', { id: meeting.id, decisions: [{ itemKey: `all:${request.id}`, kind: 'comment', text: 'x'.repeat(2001) }] });
    expect(typed.message).toContain('2000 caractères au plus');

    // A zip that is not a workbook: SheetJS's English never reaches the user.
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, ...new Array(60).fill(0)]).toString('base64');
    const broken = await host.fail('meetings.previewImport', { id: meeting.id, filename: 'revue.xlsx', base64: zip });
    expect(broken).toEqual({
      code: 'CLASSEUR_ILLISIBLE',
      message: "Classeur illisible : le fichier est altéré ou n'est pas un classeur Excel (.xlsx). Importez le classeur exporté depuis la réunion, enregistré au format .xlsx.",
    });
    host.close();
  }, 60_000);
});
