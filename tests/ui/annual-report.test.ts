// Issue 15, « Rapport annuel »: from the request list, the figures of the last full year on
// screen (French numbers), another year chosen, and the PDF and XLSX downloaded and read back.
import { readFileSync } from 'node:fs';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../helpers/pdf';
import { useTempDir } from '../helpers/tmp';
import { AnnualReportPage, Office, RequestListPage, useOffice } from './pages';

const TODAY = '2026-02-15';
const tmp = useTempDir();
let academie: Office;

useOffice({ party: 'academie', preset: 'versailles-fontenay', today: TODAY }, (o) => ({ office: academie } = o));

describe('annual report', () => {
  it('shows the last full year by default, another year on request, and downloads both files', async () => {
    const answer = (id: string, right: string, answeredOn: string, refusal?: string) =>
      academie.api('requests.answerRight', { id, right, outcome: refusal ? 'refused' : 'done', refusalReason: refusal ?? null, erasureException: refusal ? 'b' : null, answeredOn });
    // 2025: one answered on time (17 days), one late (due 05/12/2025, answered 10/12: 35 days),
    // one erasure refused on time (14 days); 2026: one not answered yet.
    const onTime = await academie.createRequest({ receivedOn: '2025-11-03', rights: ['access'] });
    await answer(onTime.id, 'access', '2025-11-20');
    const late = await academie.createRequest({ receivedOn: '2025-11-05', rights: ['rectification'], channel: 'commune' });
    await answer(late.id, 'rectification', '2025-12-10');
    const refused = await academie.createRequest({ receivedOn: '2025-12-01', rights: ['erasure'] });
    await answer(refused.id, 'erasure', '2025-12-15', 'obligation légale de conservation');
    await academie.createRequest({ receivedOn: '2026-01-05', rights: ['access'] });

    const list = await new RequestListPage(await academie.newPage()).open();
    const screen = await new AnnualReportPage(list.page).openFromList();
    expect(await screen.chosen('Convention')).toBe('Toutes les conventions');
    expect(await screen.chosen('Année')).toBe('2025');
    expect(await screen.reportHeading()).toBe("Rapport annuel 2025 des demandes d'exercice de droits");
    expect(await screen.summary()).toMatchObject({
      'Demandes reçues': '3',
      Répondues: '3',
      'dont dans le délai': '2 (66,7 %)',
      'dont en retard': '1 (33,3 %)',
      'Délai médian de réponse': '17 jours', // 14 17 35
      '90e centile du délai de réponse': '31,4 jours', // 17 + 0,8 × (35 − 17)
      'Refus (droits refusés ou satisfaits en partie)': '1',
    });
    expect((await screen.table('Demandes par mois de réception')).slice(10)).toEqual([
      ['novembre 2025', '2', '2', '1', '1', '0', '0'],
      ['décembre 2025', '1', '1', '1', '0', '0', '0'],
    ]);
    expect(await screen.table('Refus, demande par demande')).toEqual([[refused.reference, 'Effacement', 'Refusé (motivé)', 'obligation légale de conservation (RGPD art. 17(3) b)', '15/12/2025']]);
    await screen.checkAccessible('rapport annuel');
    await screen.screenshot('42-rapport-annuel');

    const folder = tmp();
    const pdf = await screen.download('Rapport annuel (PDF)', folder);
    expect(pdf.name).toBe('Rapport-annuel-2025-toutes-conventions.pdf');
    expect(await screen.statusText()).toBe(`Rapport annuel téléchargé : ${pdf.name}.`);
    const printed = (await readPdf(readFileSync(pdf.path))).pages.join('\n').replace(/\s+/g, ' ');
    expect(printed).toContain('Toutes les conventions : demandes reçues du 01/01/2025 au 31/12/2025');
    expect(printed).toContain('dont dans le délai 2 (66,7 %)');
    expect(printed).toContain('90e centile du délai de réponse 31,4 jours');
    const xlsx = await screen.download('Rapport annuel (XLSX)', folder);
    expect(xlsx.name).toBe('Rapport-annuel-2025-toutes-conventions.xlsx');
    const wb = XLSX.read(readFileSync(xlsx.path));
    const summary = Object.fromEntries(XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Synthèse']!, { header: 1 }).map((r) => [r[0], r[1]]));
    expect(summary).toMatchObject({ 'Demandes reçues': 3, 'dont en retard': 1, '90e centile du délai de réponse (jours)': 31.4 });

    await screen.choose('Année', '2026 (en cours)');
    expect(await screen.reportHeading()).toBe("Rapport annuel 2026 des demandes d'exercice de droits");
    expect(await screen.summary()).toMatchObject({ 'Demandes reçues': '1', 'Sans réponse à ce jour': '1', 'Délai médian de réponse': '—' });
    expect((await screen.table('Demandes par mois de réception')).map((r) => r[0])).toEqual(['janvier 2026', 'février 2026']);
  });
});
