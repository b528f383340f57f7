// The register in and out through the real host: export (XLSX read back with SheetJS, CSV as
// French Excel reads it) with the list's filters and formula-proof cells; import of a messy
// register (Windows-1252 CSV) with its precise report; export → import round trip.
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

/** A 2,000-line register as an office keeps it, saved by French Excel as CSV (Windows-1252, « ; »), with six bad lines. */
function messyRegister(): Buffer {
  const lines = ['N° dossier;Date de réception;Demandeur;Qualité;Droit(s);École;UAI;Réponse le;Issue;Statut;Observations'];
  const dates = ['05/03/2026', '2026-03-06', '9.3.26', '46093']; // 46093 = 12/03/2026 as a spreadsheet serial
  for (let i = 1; i <= 2000; i++) {
    const answered = i % 5 === 0;
    lines.push(
      [
        `R-${i}`,
        dates[i % 4],
        `Hélène Dupré-Ségur ${i}`,
        i % 3 === 0 ? 'Enseignant' : "Parent d'élève",
        i % 2 ? 'Accès' : 'Accès, effacement',
        'École maternelle Jean Macé',
        '0920484B',
        answered ? '20/03/2026' : '',
        answered ? 'Fait' : '',
        answered ? 'Clôturée' : 'En cours',
        'Reçu à l’accueil, transmis au DPD',
      ].join(';'),
    );
  }
  // Line numbers in the file: header = 1, R-n = n + 1.
  const bad = (n: number, change: (cells: string[]) => void) => {
    const cells = lines[n]!.split(';');
    change(cells);
    lines[n] = cells.join(';');
  };
  bad(11, (c) => (c[6] = '0920546Ux')); // line 12: the seed's malformed UAI
  bad(21, (c) => (c[0] = 'R-20')); // line 22: duplicate of line 21
  bad(31, (c) => (c[1] = '31/02/2026')); // line 32
  bad(41, (c) => (c[4] = "Droit à l'oubli")); // line 42
  bad(51, (c) => (c[2] = '=SOMME(A1:A3)')); // line 52: a formula
  bad(61, (c) => (c[6] = '0921688K')); // line 62: another school of the agreement, found by its UAI
  bad(71, (c) => (c[6] = '0750001A')); // line 72: wrong check letter (U expected)
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

const fileOf = (name: string, bytes: Buffer) => ({ filename: name, base64: bytes.toString('base64') });

describe('register import', () => {
  it('reads a messy Windows-1252 register, reports every bad line precisely and imports the others in one go', async () => {
    const host = testHost(tmp(), TODAY);
    const agreement = await versailles(host);
    const file = fileOf('registre 2026.csv', messyRegister());
    const preview = await host.ok('register.preview', { agreementId: agreement.id, ...file });
    expect(preview.headers[0]).toBe('N° dossier');
    const at = (field: string) => preview.mapping[field as 'reference'];
    expect([at('reference'), at('receivedOn'), at('requesterName'), at('requesterCategory'), at('rights'), at('school'), at('uai'), at('answeredOn'), at('outcomes'), at('status'), at('summary')]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(preview.total).toBe(2000);
    expect(preview.problems).toEqual([
      { row: 12, column: 'UAI', value: '0920546Ux', reason: "« 0920546Ux » n'est pas un code UAI : il faut 7 chiffres suivis d'une lettre (ex. 0920484B)." },
      { row: 22, column: 'N° dossier', value: 'R-20', reason: 'référence en double (déjà ligne 21).' },
      { row: 32, column: 'Date de réception', value: '31/02/2026', reason: "Date impossible : le 31 février 2026 n'existe pas (février 2026 compte 28 jours)." },
      { row: 42, column: 'Droit(s)', value: "Droit à l'oubli", reason: 'droit inconnu (attendu : Accès, Rectification, Effacement, Opposition, Limitation, Portabilité).' },
      { row: 52, column: 'Demandeur', value: '=SOMME(A1:A3)', reason: 'formule : elle n’est pas évaluée, saisissez la valeur elle-même.' },
      expect.objectContaining({ row: 72, column: 'UAI', value: '0750001A' }),
    ]);
    expect(preview.valid).toBe(1994);
    expect(preview.preview[0]).toEqual({ row: 2, reference: 'R-1', receivedOn: '2026-03-06', requesterName: 'Hélène Dupré-Ségur 1', rights: 'Accès', school: 'École maternelle Jean Macé', party: 'Académie', status: 'En cours' });
    expect(preview.problemCount).toBe(6);

    const done = await host.ok('register.import', { agreementId: agreement.id, ...file, mapping: preview.mapping });
    expect(done).toMatchObject({ imported: 1994, skipped: 6 });
    const list = await host.ok('requests.list', { agreementId: agreement.id, openOnly: false, q: 'R-4', limit: 500 });
    const r4 = list.rows.find((r) => r.reference === 'R-4')!;
    const detail = await host.ok('requests.get', { id: r4.id });
    expect(detail).toMatchObject({ receivedOn: '2026-03-05', requesterName: 'Hélène Dupré-Ségur 4', rights: ['access', 'erasure'], status: 'in-progress', school: { uai: '0920484B' } });
    // One month: 05/04/2026 is a Sunday and 06/04 Easter Monday, so 07/04 (the deadline engine's rule).
    expect(detail.deadline.dueOn).toBe('2026-04-07');
    // R-3's date was a spreadsheet serial number (46093).
    const r3 = (await host.ok('requests.list', { openOnly: false, q: 'R-3', limit: 500 })).rows.find((r) => r.reference === 'R-3')!;
    expect(r3.receivedOn).toBe('2026-03-12');
    expect(detail.allocation.party).toBe('academie');
    expect(detail.events).toHaveLength(1);
    expect(detail.events[0]!.data).toMatchObject({ summary: 'importée depuis registre 2026.csv, ligne 5' });
    expect(detail.journal.ok).toBe(true);
    const r5 = await host.ok('requests.get', { id: (await host.ok('requests.list', { openOnly: false, q: 'R-5', limit: 500 })).rows.find((r) => r.reference === 'R-5')!.id });
    expect(r5).toMatchObject({ status: 'closed', closedOn: '2026-03-20', rightsDetail: [{ right: 'access', outcome: 'done', answeredOn: '2026-03-20' }] });
    // Imported again: every reference is now taken, nothing is written.
    const again = await host.fail('register.import', { agreementId: agreement.id, ...file, mapping: preview.mapping });
    expect(again.code).toBe('AUCUNE_LIGNE');
  }, 180_000);

  it('round trip: the register exported as CSV and as XLSX imports into an empty office as the same requests', async () => {
    const host = testHost(tmp(), TODAY);
    const s = await registerScenario(host);
    await host.ok('requests.create', parentRequest(s.agreement.id, { receivedOn: '2026-11-12', requesterName: 'Inès Noël', schoolId: (await host.ok('schools.list', { agreementId: s.agreement.id }))[0]!.id }));
    const exported = await host.ok('requests.list', { openOnly: false, sort: 'reference', limit: 500 });
    const full = await Promise.all(exported.rows.map((r) => host.ok('requests.get', { id: r.id })));
    const shape = (d: (typeof full)[number]) => ({
      reference: d.reference,
      receivedOn: d.receivedOn,
      channel: d.channel,
      medium: d.medium,
      requesterName: d.requesterName,
      requesterContact: d.requesterContact,
      requesterCategory: d.requesterCategory,
      subjectName: d.subjectName,
      school: d.school?.uai ?? null,
      rights: d.rightsDetail.map((x) => ({ right: x.right, outcome: x.outcome, refusalReason: x.refusalReason, answeredOn: x.answeredOn })),
      status: d.status,
      closedOn: d.closedOn,
      allocation: d.allocation,
      dueOn: d.deadline.dueOn,
      summary: d.summary,
    });
    for (const format of ['csv', 'xlsx'] as const) {
      const file = await host.ok('register.export', { openOnly: false, format });
      const other = testHost(tmp(), TODAY);
      const agreement = await versailles(other);
      const preview = await other.ok('register.preview', { agreementId: agreement.id, filename: file.filename, base64: file.base64 });
      expect(preview.problems).toEqual([]);
      await other.ok('register.import', { agreementId: agreement.id, filename: file.filename, base64: file.base64, mapping: preview.mapping });
      const back = await other.ok('requests.list', { openOnly: false, sort: 'reference', limit: 500 });
      const backFull = await Promise.all(back.rows.map((r) => other.ok('requests.get', { id: r.id })));
      expect(backFull.map(shape)).toEqual(full.map(shape));
      // The next request this office records follows the imported numbers.
      const next = await other.ok('requests.create', parentRequest(agreement.id, { receivedOn: '2026-11-20' }));
      expect(next.reference).toBe('FAR-A-2026-0004');
    }
  }, 180_000);
});

describe('register import: the columns the user chooses', () => {
  /** A register whose « Nom » column is the pupil, and « Parent » the requester: the guess takes « Nom ». */
  const csv = [
    'Date;Nom;Parent;Droits;Note interne',
    '02/03/2026;Léa Petit;Marc Petit;Accès;à rappeler',
    '46084;Tom Roux;Anne Roux;Effacement;',
    '12/13/2026;Zoé Blanc;Paul Blanc;Accès;',
  ].join('\r\n');
  const file = fileOf('ancien registre.csv', Buffer.from(csv, 'utf8'));

  it('previews with the columns remapped and one ignored, then imports exactly what was previewed', async () => {
    const host = testHost(tmp(), TODAY);
    const agreement = await versailles(host);
    const guessed = await host.ok('register.preview', { agreementId: agreement.id, ...file });
    expect(guessed.mapping).toMatchObject({ receivedOn: 0, requesterName: 1, rights: 3, subjectName: null, summary: null });
    // The user: « Nom » is the pupil concerned, « Parent » the requester, « Note interne » not imported.
    const mapping = { ...guessed.mapping, requesterName: 2, subjectName: 1, summary: null };
    const preview = await host.ok('register.preview', { agreementId: agreement.id, ...file, mapping });
    expect(preview.mapping).toMatchObject({ requesterName: 2, subjectName: 1, summary: null });
    expect(preview).toMatchObject({ total: 3, valid: 2, problemCount: 1 });
    expect(preview.problems).toEqual([
      { row: 4, column: 'Date', value: '12/13/2026', reason: expect.stringMatching(/^Date impossible/) },
    ]);
    expect(preview.preview.map((l) => [l.row, l.receivedOn, l.requesterName, l.rights, l.party, l.status])).toEqual([
      [2, '2026-03-02', 'Marc Petit', 'Accès', 'Académie', 'Reçue'],
      // 46084: a spreadsheet serial date.
      [3, '2026-03-03', 'Anne Roux', 'Effacement', 'Académie', 'Reçue'],
    ]);
    // Nothing written by the previews.
    expect((await host.ok('requests.list', { openOnly: false })).total).toBe(0);

    const done = await host.ok('register.import', { agreementId: agreement.id, ...file, mapping });
    expect(done).toMatchObject({ imported: 2, skipped: 1 });
    const rows = (await host.ok('requests.list', { openOnly: false, sort: 'receivedOn' })).rows;
    const first = await host.ok('requests.get', { id: rows[0]!.id });
    expect(first).toMatchObject({ requesterName: 'Marc Petit', subjectName: 'Léa Petit', summary: '' });
    expect(first.events[0]!.data).toMatchObject({ summary: 'importée depuis ancien registre.csv, ligne 2', allocation: { party: 'academie' } });
  });

  it('refuses a column given to two fields, or one the file does not have, and writes nothing', async () => {
    const host = testHost(tmp(), TODAY);
    const agreement = await versailles(host);
    const twice = await host.fail('register.import', { agreementId: agreement.id, ...file, mapping: { receivedOn: 0, requesterName: 1, subjectName: 1, rights: 3 } });
    expect(twice.message).toBe('La colonne « Nom » est associée à deux champs (« Demandeur » et « Personne concernée ») : choisissez-en un.');
    const outside = await host.fail('register.preview', { agreementId: agreement.id, ...file, mapping: { summary: 7 } });
    expect(outside.message).toBe("« Résumé » : le fichier n'a que 5 colonnes, la colonne 8 n'existe pas.");
    // A required field set to « ignorer »: reported on the header line, nothing importable.
    const noDate = await host.ok('register.preview', { agreementId: agreement.id, ...file, mapping: { receivedOn: null } });
    expect(noDate.problems).toEqual([{ row: 1, column: 'Date de réception', value: '', reason: "Aucune colonne n'est associée au champ obligatoire « Date de réception »." }]);
    expect((await host.fail('register.import', { agreementId: agreement.id, ...file, mapping: { receivedOn: null } })).code).toBe('AUCUNE_LIGNE');
    expect((await host.ok('requests.list', { openOnly: false })).total).toBe(0);
  });
});

describe('schools import', () => {
  it("reports the seed's malformed UAI and the other bad lines, and adds the rest to the agreement in one go", async () => {
    const host = testHost(tmp(), TODAY);
    const agreement = await versailles(host);
    const before = await host.ok('schools.list', { agreementId: agreement.id });
    const csv = [
      "Nom de l'école;Adresse;Code UAI",
      'École élémentaire des Pervenches;3 rue des Pervenches, 92260 Fontenay-aux-Roses;0920001B',
      'École du Parc;1 allée du Parc;0920546Ux',
      'École maternelle Jean Macé;;0920484B',
      'École des Tilleuls;;0920002C',
      'École des Tilleuls (annexe);;0920002c',
      ';5 rue sans nom;0920003D',
      'École des Lilas;;0920003A',
    ].join('\r\n');
    const file = fileOf('écoles.csv', Buffer.from(csv, 'latin1'));
    const preview = await host.ok('register.previewSchools', { agreementId: agreement.id, ...file });
    expect(preview.mapping).toEqual({ name: 0, address: 1, uai: 2 });
    expect(preview).toMatchObject({ total: 7, valid: 2 });
    expect(preview.problems).toEqual([
      { row: 3, column: 'Code UAI', value: '0920546Ux', reason: "« 0920546Ux » n'est pas un code UAI : il faut 7 chiffres suivis d'une lettre (ex. 0920484B)." },
      { row: 4, column: 'Code UAI', value: '0920484B', reason: 'école déjà dans la convention (même code UAI).' },
      { row: 6, column: 'Code UAI', value: '0920002c', reason: 'code UAI en double (déjà ligne 5).' },
      { row: 7, column: "Nom de l'école", value: '', reason: "nom de l'école manquant." },
      { row: 8, column: 'Code UAI', value: '0920003A', reason: 'Le code UAI « 0920003A » est incorrect : pour 0920003, la lettre de contrôle est D.' },
    ]);
    expect(preview.preview).toEqual([
      { row: 2, name: 'École élémentaire des Pervenches', address: '3 rue des Pervenches, 92260 Fontenay-aux-Roses', uai: '0920001B' },
      { row: 5, name: 'École des Tilleuls', address: '', uai: '0920002C' },
    ]);
    expect(await host.ok('schools.list', { agreementId: agreement.id })).toHaveLength(before.length);
    const done = await host.ok('register.importSchools', { agreementId: agreement.id, ...file, mapping: preview.mapping });
    expect(done).toEqual({ imported: 2, skipped: 5 });
    const after = await host.ok('schools.list', { agreementId: agreement.id });
    expect(after.map((s) => s.uai)).toEqual(expect.arrayContaining([...before.map((s) => s.uai), '0920001B', '0920002C']));
    expect(after).toHaveLength(before.length + 2);
    // Again: every valid line is now in the agreement, nothing is written.
    expect((await host.fail('register.importSchools', { agreementId: agreement.id, ...file, mapping: preview.mapping })).code).toBe('AUCUNE_LIGNE');
  });
});
