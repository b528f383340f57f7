// The joint-review workbook, pure parts: the sheets built from an agenda, the SheetJS writer
// (read back with SheetJS), and the reading of typed decisions with its report.
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { generateAgenda, MEETING_KINDS } from '../../core/documents/agenda';
import { agendaInput, agendaRequest } from '../helpers/agenda';
import { excelSerial, writeWorkbook } from '../../core/documents/xlsx';
import { DECISION_TEXT_MAX, looksLikeFormula, parseDecision, readDecisions, workbookControl, workbookSpec, type ParsedSheet } from '../../core/documents/workbook';

const req = agendaRequest;
const OPEN = 'Toutes les demandes ouvertes';

const requests = [
  req('1', { requesterName: '\tTabulation', subjectName: '\rRetour' }),
  req('2', { allocationStatus: 'to-settle', requesterName: '=1+1' }),
  req('3', { requesterName: '@cmd', subjectName: '-2+3' }),
];
const agenda = generateAgenda(
  agendaInput(requests, { agreementName: 'Versailles / Fontenay', lastMeetingDate: null, closedAfter: '2026-10-25', participants: ['A'], otherItems: ['+ Bilan'] }),
);
const M1 = { id: 'm1', agreementId: 'a1', date: '2026-11-25' };
const spec = workbookSpec(agenda, M1, 'Académie');
/** The instructions sheet as exported for `meeting` (the rows the re-import checks). */
const instructionsOf = (meeting: { id: string; agreementId: string; date: string }): ParsedSheet => ({
  name: "Mode d'emploi",
  rows: [['Rubrique', 'Valeur'], ['Identifiant de la réunion', meeting.id], ['Contrôle (ne pas modifier)', workbookControl(meeting)]],
});

describe('workbook sheets', () => {
  it('has the instructions, one sheet per section group, the free items and all open requests', () => {
    expect(spec.sheets.map((s) => [s.name, s.rows.length, s.table])).toEqual([
      ["Mode d'emploi", 11, false],
      // Each request once: 2 due before the next meeting (to answer or to extend), the one to
      // settle under its allocation, its deadline said after « Aussi ».
      ['1. Échéances', 2, true],
      ['2. Demandes en cours', 0, true],
      ['3. Répartition', 1, true],
      ['4. Clôturées', 0, true],
      ['5. Questions diverses', 1, true],
      ['Toutes les demandes ouvertes', 3, true],
    ]);
    expect(spec.sheets[1]!.hidden).toEqual([0]);
    expect(spec.sheets[3]!.rows[0]![10]).toMatchObject({ v: expect.stringContaining('Aussi : à répondre ou à prolonger au plus tard le 01/12/2026') });
    expect(spec.sheets[1]!.rows[0]![3]).toEqual({ t: 'd', v: '2026-11-01' });
  });

  it('puts the sections added for art. 3.2.1 in the sheet of their group, each row saying its section, and reads a decision taken on one back', () => {
    const none = { receivedOn: null, forwardBy: null, forwardedOn: null, deletionInstructedOn: null, deleteBy: null, deleteByNote: null, deletedOn: null, certificate: null };
    const more = [
      req('4', { dueOn: null, extensionNoticeDue: null, status: 'awaiting-documents', suspension: { since: '2026-11-12', what: 'pièce' } }),
      req('5', { status: 'handed-over', party: 'commune', handedOver: { on: '2026-11-12', to: 'commune' }, acknowledgedOn: null, dueOn: '2027-01-10', extensionNoticeDue: '2027-01-10' }),
      req('6', { dataFile: { requestedOn: '2026-11-05', receivedOn: null, from: null }, dueOn: '2027-01-10', extensionNoticeDue: '2027-01-10', processor: { ...none, deletionInstructedOn: '2026-11-01', deleteBy: '2026-11-16' } }),
    ];
    const d13 = generateAgenda(agendaInput(more, { meeting: MEETING_KINDS.dsden13, processorClause: { forwardWorkingDays: 3, deletionDays: 15 } }));
    const M2 = { id: 'm2', agreementId: 'a1', date: '2026-11-25' };
    const book = workbookSpec(d13, M2, 'DSDEN 13');
    const points = (name: string) => book.sheets.find((x) => x.name === name)!.rows.map((r) => [(r[0] as { v: string }).v, (r[2] as { v: string }).v.replace(/ \(.*$/, '')]);
    // Each request once, in the section that matters most.
    expect(points('1. Échéances')).toEqual([
      ['suspended:4', '1.4 Délais suspendus dans l’attente de pièces d’identité'],
      ['processor:6', '1.5 Sous-traitant : transmissions, effacements et certificats de suppression'],
    ]);
    expect(points('2. Demandes en cours')).toEqual([['handed-over:5', '2.2 Transmises au co-responsable et suivies jusqu’à leur clôture']]);
    expect(points(OPEN)).toEqual([
      ['all:4', '— Demande ouverte'],
      ['all:5', '— Demande ouverte'],
      ['all:6', '— Demande ouverte'],
    ]);
    // No "point mensuel" anywhere for an agreement without a monthly meeting (seed 003 art. 4).
    expect(JSON.stringify(book)).not.toMatch(/point mensuel/i);
    expect(book.title).toBe('Réunion des DPD du 25/11/2026 : Académie de Versailles / Fontenay-aux-Roses');
    const header = book.sheets[1]!.headers;
    const report = readDecisions(
      [
        instructionsOf(M2),
        { name: '1. Échéances', rows: [header, ['processor:6', 'FAR-2026-0006', '', null, '', '', '', '', '', null, '', 'Commentaire', 'relancer l’éditeur']] },
        { name: '2. Demandes en cours', rows: [header, ['handed-over:5', 'FAR-2026-0005', '', null, '', '', '', '', '', null, '', 'Prolongation décidée', 'volume']] },
      ],
      { meetingId: 'm2', agreementId: 'a1', date: '2026-11-25', requests: new Map(more.map((r) => [r.id, r])), otherItemKeys: [] },
    );
    expect(report.decisions.map((d) => [d.itemKey, d.kind, d.text])).toEqual([['processor:6', 'comment', 'relancer l’éditeur']]);
    expect(report.problems.map((p) => [p.sheet, p.row, p.reason])).toEqual([
      ['2. Demandes en cours', 2, "prolongation impossible : FAR-2026-0005 a été transmise au co-responsable, qui y répond et décide d'une prolongation."],
    ]);
  });

  it('builds the workbook of an agenda stored before the new sections existed', () => {
    const old = { ...agenda, sections: agenda.sections.filter((x) => ['overdue', 'due-soon', 'extensions', 'open', 'to-settle', 'pending', 'closed', 'other'].includes(x.key)) };
    expect(workbookSpec(old, M1, 'Académie').sheets.map((x) => x.rows.length)).toEqual(spec.sheets.map((x) => x.rows.length));
  });

  it('knows what a spreadsheet could take for a formula', () => {
    for (const s of ['=A1', '+33', '-1', '@x', '\tx', '\rx']) expect(looksLikeFormula(s), JSON.stringify(s)).toBe(true);
    for (const s of ['A=1', ' =1', 'x', '']) expect(looksLikeFormula(s), JSON.stringify(s)).toBe(false);
  });

  it('writes real dates, text cells (formula-like ones with the text format), widths, hidden key, filters and frozen headers', () => {
    expect(excelSerial('1900-03-01')).toBe(61);
    expect(excelSerial('2026-11-25')).toBe(46351);
    const bytes = writeWorkbook(spec);
    const wb = XLSX.read(bytes, { type: 'array', cellDates: true, cellNF: true, cellFormula: true, cellStyles: true });
    const open = wb.Sheets['Toutes les demandes ouvertes']!;
    expect(open.D2).toMatchObject({ t: 'd', z: 'dd/mm/yyyy', w: '01/11/2026' });
    expect(open.J2).toMatchObject({ t: 'd', z: 'dd/mm/yyyy', w: '01/12/2026' });
    const cells = Object.entries(open).filter(([k]) => !k.startsWith('!')).map(([, c]) => c as XLSX.CellObject);
    for (const v of ['\tTabulation', '\rRetour', '=1+1', '@cmd', '-2+3']) {
      expect(cells.find((c) => c.v === v), JSON.stringify(v)).toMatchObject({ t: 's', z: '@' });
    }
    expect(cells.find((c) => c.v === 'Demandeur 1')).toBeUndefined();
    expect(cells.every((c) => c.f === undefined)).toBe(true);
    expect(wb.Sheets['5. Questions diverses']!.B2).toMatchObject({ t: 's', v: '+ Bilan', z: '@' });
    expect(open['!cols']![0]).toMatchObject({ hidden: true });
    expect(open['!cols']!.map((c) => c.wch)).toEqual([12, 16, 30, 11, 24, 22, 24, 18, 24, 11, 60, 24, 40]);
    expect(open['!autofilter']).toEqual({ ref: 'A1:M4' });
    expect(wb.Props?.Title).toBe('Point mensuel des DPD du 25/11/2026 : Versailles / Fontenay');
  });
});

describe('reading decisions back', () => {
  const requestsById = new Map(requests.map((r) => [r.id, r]));
  const ctx = { meetingId: 'm1', agreementId: 'a1', date: '2026-11-25', requests: requestsById, otherItemKeys: ['other-1'] };
  const header = ['Clé', 'Référence', 'Point', 'Reçue le', 'Demandeur', 'Personne concernée', 'Droits', 'Statut', 'Répartition', 'Échéance', 'Observation', 'Décision', 'Motifs ou commentaire'];
  const row = (key: string, ref: string, decision: string, text = '') => [key, ref, '', null, '', '', '', '', '', null, '', decision, text];

  it('accepts the decision labels however they are typed', () => {
    expect(parseDecision('Arbitrage : académie')).toBe('settle-academie');
    expect(parseDecision('  arbitrage ACADEMIE ')).toBe('settle-academie');
    expect(parseDecision('arbitrage: commune')).toBe('settle-commune');
    expect(parseDecision('préemption validée.')).toBe('preemption-validated');
    expect(parseDecision('Prolongation decidee')).toBe('extension-decided');
    expect(parseDecision('Oui')).toBeNull();
  });

  it('reads each decision with its sheet and row, and a text alone as a comment', () => {
    const sheets: ParsedSheet[] = [
      instructionsOf(M1),
      { name: '3. Répartition', rows: [header, row('to-settle:2', 'FAR-2026-0002', 'Arbitrage : commune', 'module communal')] },
      { name: 'Toutes les demandes ouvertes', rows: [header, row('all:1', 'FAR-2026-0001', '', 'à relancer'), row('all:3', 'FAR-2026-0003', '')] },
      { name: '5. Questions diverses', rows: [['Clé', 'Point', 'Décision', 'Motifs ou commentaire'], ['other-1', '+ Bilan', '', 'présenté']] },
      { name: 'Feuille ajoutée', rows: [['n’importe quoi'], ['=1+1']] },
    ];
    const report = readDecisions(sheets, ctx);
    expect(report.problems).toEqual([]);
    expect(report.decisions).toEqual([
      { sheet: '3. Répartition', row: 2, reference: 'FAR-2026-0002', itemKey: 'to-settle:2', requestId: '2', kind: 'settle-commune', text: 'module communal' },
      { sheet: 'Toutes les demandes ouvertes', row: 2, reference: 'FAR-2026-0001', itemKey: 'all:1', requestId: '1', kind: 'comment', text: 'à relancer' },
      { sheet: '5. Questions diverses', row: 2, reference: null, itemKey: 'other-1', requestId: null, kind: 'comment', text: 'présenté' },
    ]);
  });

  it('reports unknown references, changed references, impossible and unknown decisions, and contradictions', () => {
    const report = readDecisions(
      [
        instructionsOf(M1),
        {
          name: '1. Échéances',
          rows: [
            header,
            row('due-soon:1', 'FAR-2026-0003', 'Commentaire', 'x'),
            row('', 'FAR-2026-0999', 'Commentaire', 'x'),
            row('due-soon:1', 'FAR-2026-0001', 'Préemption refusée'),
            row('due-soon:2', 'FAR-2026-0002', 'Arbitrage : académie'),
            row('due-soon:2', '', 'Commentaire', 'x'),
            row('due-soon:3', 'FAR-2026-0003', 'Peut-être'),
          ],
        },
        { name: '3. Répartition', rows: [header, row('to-settle:2', 'FAR-2026-0002', 'Arbitrage : commune')] },
        { name: '5. Questions diverses', rows: [['Clé', 'Point', 'Décision', 'Motifs ou commentaire'], ['other-9', 'ajouté', 'Commentaire', 'y']] },
      ],
      ctx,
    );
    expect(report.problems.map((p) => [p.sheet, p.row, p.column, p.reason])).toEqual([
      ['1. Échéances', 2, 'B (Référence)', 'référence modifiée : cette ligne est celle de FAR-2026-0001, pas de FAR-2026-0003.'],
      ['1. Échéances', 3, 'B (Référence)', 'référence inconnue « FAR-2026-0999 » dans cette convention.'],
      ['1. Échéances', 4, 'L (Décision)', "aucune préemption n'attend de validation pour FAR-2026-0001."],
      ['1. Échéances', 6, 'B (Référence)', 'référence vide : la décision ne peut être rattachée à aucune demande.'],
      ['1. Échéances', 7, 'L (Décision)', expect.stringContaining('décision inconnue « Peut-être »')],
      ['3. Répartition', 2, 'L (Décision)', 'décision contradictoire pour FAR-2026-0002 : « Arbitrage : académie » est déjà décidé.'],
      ['5. Questions diverses', 2, 'A (Clé)', 'point divers inconnu de cet ordre du jour (ligne ajoutée ou clé modifiée).'],
    ]);
    expect(report.decisions.map((d) => [d.row, d.kind])).toEqual([[5, 'settle-academie']]);
  });

  it('refuses a workbook of another meeting, or with none of its sheets', () => {
    expect(readDecisions([instructionsOf({ ...M1, id: 'autre' })], ctx).problems[0]!.reason).toBe(
      'ce classeur a été produit pour une autre réunion : exportez celui de cette réunion.',
    );
    expect(readDecisions([instructionsOf(M1), { name: 'Feuil1', rows: [] }], ctx).problems[0]!.reason).toContain('aucune feuille du classeur de réunion');
  });

  const decisionSheet = (...rows: ParsedSheet['rows']): ParsedSheet => ({ name: '3. Répartition', rows: [header, ...rows] });
  const settle = decisionSheet(row('to-settle:2', 'FAR-2026-0002', 'Arbitrage : commune'));

  it('refuses a file that does not say it belongs to this meeting: instructions deleted, id or control edited, another meeting', () => {
    const reasons = (sheets: ParsedSheet[]) => {
      const r = readDecisions(sheets, ctx);
      expect(r.decisions).toEqual([]);
      return r.problems.map((p) => `${p.row} ${p.column} ${p.reason}`);
    };
    // The instructions sheet deleted.
    expect(reasons([settle])).toEqual([expect.stringContaining("feuille « Mode d'emploi » absente")]);
    // Its id row or its control row deleted.
    expect(reasons([{ ...instructionsOf(M1), rows: instructionsOf(M1).rows.filter((r) => r[0] !== 'Identifiant de la réunion') }, settle])).toEqual([
      expect.stringContaining('ligne « Identifiant de la réunion » absente'),
    ]);
    expect(reasons([{ ...instructionsOf(M1), rows: instructionsOf(M1).rows.slice(0, 2) }, settle])).toEqual([expect.stringContaining('ligne « Contrôle (ne pas modifier) » absente')]);
    // The file of meeting m9 (same agreement, another date) whose id was edited into m1's.
    const edited = instructionsOf({ id: 'm9', agreementId: 'a1', date: '2026-10-28' });
    edited.rows[1] = ['Identifiant de la réunion', 'm1'];
    expect(reasons([edited, settle])).toEqual([expect.stringContaining('3 B (Valeur) valeur de contrôle différente')]);
    // The same meeting id in another agreement's register, or this meeting after its date changed.
    expect(reasons([instructionsOf({ ...M1, agreementId: 'a2' }), settle])).toEqual([expect.stringContaining('valeur de contrôle différente')]);
    expect(reasons([instructionsOf({ ...M1, date: '2026-12-02' }), settle])).toEqual([expect.stringContaining('valeur de contrôle différente')]);
    // A formula where the id is.
    const formula = instructionsOf(M1);
    formula.rows[1] = ['Identifiant de la réunion', { formula: true, error: null }];
    expect(reasons([formula, settle])).toEqual([expect.stringContaining('2 B (Valeur) formule refusée')]);
    // The file as exported is accepted.
    expect(readDecisions([instructionsOf(M1), settle], ctx).decisions.map((d) => d.kind)).toEqual(['settle-commune']);
  });

  it('refuses formula cells instead of reading their stored result, and reports #REF! and empty formulas, naming the cell', () => {
    const report = readDecisions(
      [
        instructionsOf(M1),
        decisionSheet(
          ['to-settle:2', 'FAR-2026-0002', '', null, '', '', '', '', '', null, '', { formula: true, error: null }, ''],
          ['all:1', { formula: true, error: '#REF!' }, '', null, '', '', '', '', '', null, '', 'Commentaire', 'x'],
          ['all:3', 'FAR-2026-0003', '', null, '', '', '', '', '', null, '', 'Commentaire', { formula: false, error: '#N/A' }],
          // A formula in a column that is not read (Observation) does not matter.
          ['all:1', 'FAR-2026-0001', '', null, '', '', '', '', '', null, { formula: true, error: null }, 'Commentaire', 'lu'],
        ),
      ],
      ctx,
    );
    expect(report.problems.map((p) => [p.row, p.column, p.reason])).toEqual([
      [2, 'L (Décision)', 'formule refusée : ses résultats ne sont pas relus (ils peuvent ne pas être à jour) ; tapez la valeur elle-même.'],
      [3, 'B (Référence)', "valeur d'erreur #REF! (une formule dont la référence ou le calcul a échoué) : tapez la valeur elle-même."],
      [4, 'M (Motifs ou commentaire)', "valeur d'erreur #N/A (une formule dont la référence ou le calcul a échoué) : tapez la valeur elle-même."],
    ]);
    expect(report.decisions.map((d) => [d.row, d.text])).toEqual([[5, 'lu']]);
  });

  it('holds motives and comments to the length of typed minutes, and refuses characters a document cannot carry', () => {
    const report = readDecisions(
      [
        instructionsOf(M1),
        decisionSheet(
          row('to-settle:2', 'FAR-2026-0002', 'Arbitrage : commune', 'x'.repeat(DECISION_TEXT_MAX + 1)),
          row('all:1', 'FAR-2026-0001', 'Commentaire', 'a\uFFFEb'),
          row('all:3', 'FAR-2026-0003', 'Commentaire', 'y'.repeat(DECISION_TEXT_MAX)),
        ),
      ],
      ctx,
    );
    expect(report.problems.map((p) => [p.row, p.column, p.reason])).toEqual([
      [2, 'M (Motifs ou commentaire)', `texte trop long (${DECISION_TEXT_MAX + 1} caractères) : ${DECISION_TEXT_MAX} au plus, comme dans le compte rendu saisi.`],
      [3, 'M (Motifs ou commentaire)', 'caractère invisible non autorisé (U+FFFE) : retirez-le.'],
    ]);
    expect(report.decisions.map((d) => d.row)).toEqual([4]);
  });
});
