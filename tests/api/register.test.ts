// The register in and out through the real host: export (XLSX read back with SheetJS, CSV as
// French Excel reads it) with the list's filters and formula-proof cells.
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { parentRequest, versailles } from '../helpers/documents';
import { testHost, type TestHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const TODAY = '2026-11-25';

async function registerScenario(host: TestHost) {
  const agreement = await versailles(host);
  const open = await host.ok('requests.create', parentRequest(agreement.id, { receivedOn: '2026-11-10', requesterName: '=HYPERLINK("http://x";"y")' }));
  const answered = await host.ok('requests.create', parentRequest(agreement.id, { receivedOn: '2026-10-02', requesterName: 'Lucas Petit', rights: ['access', 'erasure'] }));
  await host.ok('requests.answerRight', { id: answered.id, right: 'access', outcome: 'done', refusalReason: null, answeredOn: '2026-10-20' });
  await host.ok('requests.answerRight', { id: answered.id, right: 'erasure', outcome: 'refused', refusalReason: 'obligation légale de conservation', erasureException: 'b', answeredOn: '2026-10-20' });
  await host.ok('requests.changeStatus', { id: answered.id, to: 'closed', on: '2026-10-21' });
  return { agreement, open, answered };
}

const b64 = (s: string) => Buffer.from(s, 'base64');

describe('register export', () => {
  it('exports every request of the filter as XLSX with typed, formula-proof cells', async () => {
    const host = testHost(tmp(), TODAY);
    const s = await registerScenario(host);
    const file = await host.ok('register.export', { agreementId: s.agreement.id, openOnly: false, sort: 'receivedOn', direction: 'asc', format: 'xlsx' });
    expect(file.filename).toBe(`Registre-${s.agreement.code}-${TODAY}.xlsx`);
    const ws = XLSX.read(b64(file.base64), { type: 'buffer', cellFormula: true }).Sheets['Registre']!;
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(ws, { raw: false });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      Référence: s.answered.reference,
      'Reçue le': '02/10/2026',
      Demandeur: 'Lucas Petit',
      'Droit(s)': 'Accès ; Effacement',
      'Issue(s)': 'Accès : Fait ; Effacement : Refusé (motivé)',
      'Réponse le': '20/10/2026',
      'Motif(s) de refus': 'Effacement : obligation légale de conservation',
      Statut: 'Clôturée',
      'Clôturée le': '21/10/2026',
      Répartition: 'Académie',
    });
    // The formula-looking name is a text cell, never a formula.
    const nameCell = ws['F3']!;
    expect(nameCell).toMatchObject({ t: 's', v: '=HYPERLINK("http://x";"y")' });
    expect(nameCell.f).toBeUndefined();
    expect(ws['C2']).toMatchObject({ t: 'n', v: 46297, w: '02/10/2026' });
  });

  it('exports CSV for French Excel: BOM, semicolons, dd/mm/yyyy, formulas defused, the list filters applied', async () => {
    const host = testHost(tmp(), TODAY);
    const s = await registerScenario(host);
    const file = await host.ok('register.export', { openOnly: true, format: 'csv' });
    expect(file.filename).toBe(`Registre-toutes-conventions-${TODAY}.csv`);
    const bytes = b64(file.base64);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]!.split(';').slice(0, 4)).toEqual(['Référence', 'Convention', 'Reçue le', 'Canal']);
    // Open only: the closed request is not there.
    expect(lines.filter((l) => l !== '')).toHaveLength(2);
    expect(lines[1]).toContain(`${s.open.reference};${s.agreement.code};10/11/2026;Académie;Courrier;"'=HYPERLINK(""http://x"";""y"")"`);
    // The contact's line break stays inside its quoted field.
    expect(lines[1]).toContain('"12 rue des Lilas\n92260 Fontenay-aux-Roses"');
  });
});
