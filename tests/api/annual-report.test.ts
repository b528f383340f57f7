// The annual report (issue 15) through the real host: every figure of a small register counted
// by hand, the same figures in the XLSX (read back with SheetJS) and in the PDF (read back with
// PDF.js), and bad input refused in French.
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { parentRequest, pdfText, usePdfHosts, versailles } from '../helpers/documents';
import type { TestHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const pdfHost = usePdfHosts();
/** Today: the last full year is 2025 (the report's default). */
const TODAY = '2026-02-15';

/**
 * The register counted by hand below. Versailles / Fontenay agreement, this office the académie.
 * Deadlines per ../shared/deadlines.md (one month, rolled to a working day):
 * - A 03/11/2025 parent, to the académie, access; due 03/12/2025; answered 20/11/2025: on time, 17 days.
 * - B 05/11/2025 commune staff, to the commune, rectification; due 05/12/2025; extension notified
 *   08/12/2025, after the deadline, so not in force; answered 10/12/2025: late, 35 days.
 * - C 12/11/2025 parent, to the commune (the académie answers: category row), access + erasure;
 *   extended, notified 20/11/2025 (in time): due 12/02/2026; access done and erasure refused
 *   (« obligation légale de conservation », art. 17(3) b) on 30/01/2026: on time, 79 days.
 * - D 01/12/2025 parent, to the académie, objection; identity documents asked 03/12, received
 *   13/12 (10 days suspended): due 01/01/2026 + 10 = 11/01/2026, a Sunday → 12/01/2026; answered
 *   09/01/2026: on time (it would be late without the suspension), 39 days.
 * - E 08/12/2025 teacher, through the ENT's vendor, access; due 08/01/2026; no answer: overdue.
 * - F 15/12/2025 other requester, to the académie, erasure; declared inadmissible.
 * - G 17/12/2025 typed by mistake: cancelled, not counted.
 * - H 05/01/2026: in the 2026 report only.
 * - a request of another agreement (DSDEN 13) on 10/11/2025: only in « toutes les conventions ».
 */
async function handCountedRegister(host: TestHost) {
  const agreement = await versailles(host);
  const create = (over: Parameters<typeof parentRequest>[1]) => host.ok('requests.create', parentRequest(agreement.id, { identityDocumentsMissing: [], ...over }));
  const answer = (id: string, right: 'access' | 'rectification' | 'erasure' | 'objection', answeredOn: string, refusal?: string) =>
    host.ok('requests.answerRight', {
      id,
      right,
      outcome: refusal ? 'refused' : 'done',
      refusalReason: refusal ?? null,
      erasureException: refusal ? 'b' : null,
      answeredOn,
    });
  const a = await create({ receivedOn: '2025-11-03', channel: 'academie', rights: ['access'] });
  await answer(a.id, 'access', '2025-11-20');
  const b = await create({ receivedOn: '2025-11-05', channel: 'commune', requesterCategory: 'commune-staff', subjectName: null, subjectIsMinor: null, subjectRelation: null, rights: ['rectification'] });
  await host.ok('requests.extend', { id: b.id, reasons: 'Nombreuses demandes en cours', notifiedOn: '2025-12-08' });
  await answer(b.id, 'rectification', '2025-12-10');
  const c = await create({ receivedOn: '2025-11-12', channel: 'commune', rights: ['access', 'erasure'] });
  await host.ok('requests.extend', { id: c.id, reasons: 'Données dans plusieurs modules', notifiedOn: '2025-11-20' });
  await answer(c.id, 'access', '2026-01-30');
  await answer(c.id, 'erasure', '2026-01-30', 'obligation légale de conservation');
  const d = await create({ receivedOn: '2025-12-01', channel: 'academie', rights: ['objection'] });
  await host.ok('requests.askInformation', { id: d.id, kind: 'identity', whatAsked: "Copie d'une pièce d'identité", doubt: 'Adresse différente de celle du dossier', sentOn: '2025-12-03' });
  await host.ok('requests.informationReceived', { id: d.id, receivedOn: '2025-12-13' });
  await answer(d.id, 'objection', '2026-01-09');
  await create({ receivedOn: '2025-12-08', channel: 'processor', requesterCategory: 'teacher', rights: ['access'] });
  const f = await create({ receivedOn: '2025-12-15', channel: 'academie', requesterCategory: 'other', subjectName: null, subjectIsMinor: null, subjectRelation: null, rights: ['erasure'] });
  await host.ok('requests.changeStatus', { id: f.id, to: 'inadmissible', reason: 'Demande sans rapport avec le traitement ENT', on: '2025-12-20' });
  const g = await create({ receivedOn: '2025-12-17', channel: 'academie', rights: ['access'] });
  await host.ok('requests.cancel', { id: g.id, reason: 'Doublon de la demande A' });
  await create({ receivedOn: '2026-01-05', channel: 'academie', rights: ['access'] });
  const { agreement: other } = await host.ok('agreements.createFromPreset', { preset: 'dsden13', communeName: 'Aubagne' });
  await host.ok('requests.create', parentRequest(other.id, { receivedOn: '2025-11-10', identityDocumentsMissing: [] }));
  return { agreement, other, c };
}

const line = (requests: number, answered: number, onTime: number, late: number, pending: number, other: number) => ({ requests, answered, onTime, late, pending, other });

describe('annual report', () => {
  it('counts every figure of the last full year as counted by hand, and writes them to the PDF and the XLSX', async () => {
    const host = pdfHost(tmp(), TODAY);
    const { agreement, c } = await handCountedRegister(host);
    const report = await host.ok('reports.annual', { agreementId: agreement.id });
    expect(report).toMatchObject({ year: 2025, from: '2025-01-01', to: '2025-12-31', asOf: TODAY, complete: true, agreement: { id: agreement.id, code: agreement.code } });
    expect(report.years).toEqual([2026, 2025]);
    expect(report.totals).toEqual({
      requests: 6, // A B C D E F (G cancelled, H received in 2026)
      answered: 4, // A B C D
      onTime: 3, // A C D
      late: 1, // B
      pending: 1, // E
      pendingOverdue: 1, // E, due 08/01/2026
      other: 1, // F
      inadmissible: 1,
      withdrawn: 0,
      extensions: 2, // B C
      extensionsNotInForce: 1, // B, notified after its deadline
      refusals: 1, // C's erasure
      medianDays: 37, // 17 35 | 39 79: (35 + 39) / 2
      p90Days: 67, // rank 0.9 × 3 = 2.7: 39 + 0.7 × (79 − 39)
    });
    const byKey = (lines: { key: string }[]) => Object.fromEntries(lines.map(({ key, ...rest }) => [key, rest]));
    expect(byKey(report.byRight)).toEqual({
      access: { label: 'Accès', ...line(3, 2, 2, 0, 1, 0) }, // A C on time, E pending
      rectification: { label: 'Rectification', ...line(1, 1, 0, 1, 0, 0) }, // B late
      erasure: { label: 'Effacement', ...line(2, 1, 1, 0, 0, 1) }, // C on time, F inadmissible
      objection: { label: 'Opposition', ...line(1, 1, 1, 0, 0, 0) }, // D
      restriction: { label: 'Limitation', ...line(0, 0, 0, 0, 0, 0) },
      portability: { label: 'Portabilité', ...line(0, 0, 0, 0, 0, 0) },
    });
    expect(byKey(report.byParty)).toEqual({
      commune: { label: 'Commune', ...line(1, 1, 0, 1, 0, 0) }, // B (commune staff)
      academie: { label: 'Académie', ...line(5, 3, 3, 0, 1, 1) }, // A C D on time, E pending, F inadmissible
    });
    expect(byKey(report.byChannel)).toEqual({
      commune: { label: 'Commune', ...line(2, 2, 1, 1, 0, 0) }, // B late, C on time
      academie: { label: 'Académie', ...line(3, 2, 2, 0, 0, 1) }, // A D, F
      processor: { label: "Éditeur de l'ENT", ...line(1, 0, 0, 0, 1, 0) }, // E
      other: { label: 'Autre', ...line(0, 0, 0, 0, 0, 0) },
    });
    expect(report.months).toHaveLength(12);
    expect(report.months.slice(0, 10).every((m) => m.requests === 0)).toBe(true);
    expect(report.months[10]).toEqual({ key: '2025-11', label: 'novembre 2025', ...line(3, 3, 2, 1, 0, 0) }); // A B C
    expect(report.months[11]).toEqual({ key: '2025-12', label: 'décembre 2025', ...line(3, 1, 1, 0, 1, 1) }); // D E F
    expect(report.refusals).toEqual([{ reference: c.reference, right: 'Effacement', outcome: 'Refusé (motivé)', ground: 'obligation légale de conservation (RGPD art. 17(3) b)', answeredOn: '2026-01-30' }]);
    expect(report.refusalGrounds).toEqual([{ ground: 'obligation légale de conservation (RGPD art. 17(3) b)', count: 1 }]);

    // Every agreement: the DSDEN 13 request (10/11/2025, unanswered, due 10/12/2025) is added.
    const all = await host.ok('reports.annual', {});
    expect(all.agreement).toBeNull();
    expect(all.totals).toMatchObject({ requests: 7, answered: 4, pending: 2, pendingOverdue: 2 });
    expect(all.months[10]).toMatchObject({ requests: 4, pending: 1 });

    // The current year so far: H, and the months up to today's.
    const current = await host.ok('reports.annual', { agreementId: agreement.id, year: 2026 });
    expect(current).toMatchObject({ year: 2026, from: '2026-01-01', to: TODAY, complete: false, totals: { requests: 1, pending: 1, pendingOverdue: 1 } }); // H due 05/02/2026
    expect(current.months.map((m) => m.label)).toEqual(['janvier 2026', 'février 2026']);

    // XLSX: the summary, one sheet per breakdown, the refusals, read back with SheetJS.
    const xlsx = await host.ok('reports.annualFile', { agreementId: agreement.id, format: 'xlsx' });
    expect(xlsx.filename).toBe(`Rapport-annuel-2025-${agreement.code}.xlsx`);
    const wb = XLSX.read(Buffer.from(xlsx.base64, 'base64'), { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['Synthèse', 'Par droit', 'Par partie', 'Par canal', 'Par mois', 'Refus']);
    const rows = (sheet: string) => XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[sheet]!, { header: 1, raw: false });
    const summary = Object.fromEntries(rows('Synthèse').map((r) => [r[0], r[1]]));
    expect(summary).toMatchObject({
      'Période du': '01/01/2025',
      au: '31/12/2025',
      'Situation au': '15/02/2026',
      'Demandes reçues': '6',
      Répondues: '4',
      'dont dans le délai': '3',
      'dont en retard': '1',
      'Délai médian de réponse (jours)': '37',
      '90e centile du délai de réponse (jours)': '67',
      'Prolongations (RGPD art. 12(3))': '2',
      'dont notifiées trop tard (sans effet)': '1',
    });
    expect(rows('Par mois')[0]).toEqual(['Mois', 'Demandes', 'Répondues', 'Dans le délai', 'En retard', 'Sans réponse', 'Irrecevables ou retirées']);
    expect(rows('Par mois')[11]).toEqual(['novembre 2025', '3', '3', '2', '1', '0', '0']);
    expect(rows('Par canal')[3]).toEqual(["Éditeur de l'ENT", '1', '0', '0', '0', '1', '0']);
    expect(rows('Refus')[1]).toEqual([c.reference, 'Effacement', 'Refusé (motivé)', 'obligation légale de conservation (RGPD art. 17(3) b)', '30/01/2026']);
    expect(wb.Sheets['Par mois']!['B12']).toMatchObject({ t: 'n', v: 3 });

    // PDF: the same figures, in French, read back with PDF.js.
    const pdf = await host.ok('reports.annualFile', { agreementId: agreement.id, format: 'pdf' });
    expect(pdf.filename).toBe(`Rapport-annuel-2025-${agreement.code}.pdf`);
    const text = (await pdfText(pdf.base64)).replace(/\s+/g, ' '); // lines joined; French thin spaces read as spaces
    expect(text).toContain("Rapport annuel 2025 des demandes d'exercice de droits");
    expect(text).toContain('demandes reçues du 01/01/2025 au 31/12/2025, situation au 15/02/2026');
    for (const printed of [
      'Demandes reçues 6',
      'Répondues 4',
      'dont dans le délai 3 (75 %)',
      'dont en retard 1 (25 %)',
      'dont échéance dépassée 1',
      'Délai médian de réponse 37 jours',
      '90e centile du délai de réponse 67 jours',
      'dont notifiées trop tard (sans effet) 1',
      'novembre 2025 3 3 2 1 0 0',
      'décembre 2025 3 1 1 0 1 1',
      'Accès 3 2 2 0 1 0',
      "Éditeur de l'ENT 1 0 0 0 1 0",
      'obligation légale de conservation (RGPD art. 17(3) b) 1',
    ]) {
      expect(text).toContain(printed);
    }
  });

  it('refuses an unknown agreement and a year out of range in French', async () => {
    const host = pdfHost(tmp(), TODAY);
    await versailles(host);
    const unknown = await host.fail('reports.annual', { agreementId: 'nulle-part' });
    expect(unknown).toMatchObject({ code: 'INTROUVABLE' });
    expect(unknown.message).toMatch(/^Convention introuvable/);
    const later = await host.fail('reports.annualFile', { year: 2027, format: 'pdf' });
    expect(later).toMatchObject({ code: 'ANNEE_INVALIDE', message: "Année 2027 : elle n'a pas encore commencé ; choisissez une année de 2018 à 2026." });
    const early = await host.fail('reports.annual', { year: 2017 });
    expect(early.fields?.year).toBe("Année : 2018 au plus tôt (le RGPD s'applique depuis le 25/05/2018).");
    const notANumber = await host.fail('reports.annual', { year: 'dernière' });
    expect(notANumber.fields?.year).toBe('Année : un nombre, par exemple 2025.');
  });
});
