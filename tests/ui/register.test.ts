// Issue 15, « Le registre »: « Exporter le registre » on the request list downloads the requests
// its filters select (every page), as CSV for French Excel and as XLSX; « Importer un registre »
// reads an office's messy spreadsheet through the screen (columns, preview, report, confirm).
import { readFileSync, writeFileSync } from 'node:fs';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/tmp';
import { AgreementsPage, Office, RegisterImportPage, RequestListPage, RequestPage, useOffice } from './pages';

const TODAY = '2026-03-20';
const tmp = useTempDir();
let academie: Office;

useOffice({ party: 'academie', preset: 'versailles-fontenay', today: TODAY }, (o) => ({ office: academie } = o));

describe('register export', () => {
  it('downloads the filtered register as CSV (BOM, « ; », jj/mm/aaaa) and as XLSX', async () => {
    await academie.createRequest({ receivedOn: '2026-03-02', requesterName: 'Zoé Lefèvre' });
    await academie.createRequest({ receivedOn: '2026-03-10', requesterName: 'Hugo Bernard', rights: ['access', 'erasure'] });
    const list = await new RequestListPage(await academie.newPage()).open();
    await list.search('Zoé');
    await list.expectCount('1 demande');
    await list.checkAccessible('liste et export du registre');
    await list.screenshot('40-registre-export');
    const folder = tmp();
    const csv = await list.download('Exporter le registre (CSV)', folder);
    expect(csv.name).toBe(`Registre-toutes-conventions-${TODAY}.csv`);
    const text = readFileSync(csv.path, 'utf8');
    expect(text.startsWith('\uFEFFRéférence;Convention;Reçue le;')).toBe(true);
    const lines = text.split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^FAR-A-2026-\d{4};FAR;02\/03\/2026;Académie;Courriel;Zoé Lefèvre;/);
    expect(await list.page.getByRole('status').filter({ hasText: 'Registre exporté' }).textContent()).toBe(`Registre exporté : ${csv.name}.`);

    await list.search('');
    await list.expectCount('2 demandes');
    const xlsx = await list.download('Exporter le registre (XLSX)', folder);
    const rows = XLSX.utils.sheet_to_json<Record<string, string>>(XLSX.read(readFileSync(xlsx.path)).Sheets['Registre']!, { raw: false });
    expect(rows.map((r) => [r['Demandeur'], r['Droit(s)'], r['Reçue le']])).toEqual([
      ['Zoé Lefèvre', 'Accès', '02/03/2026'],
      ['Hugo Bernard', 'Accès ; Effacement', '10/03/2026'],
    ]);
  });
});

/** An office's register saved by French Excel (Windows-1252, « ; »): four bad lines among six. */
const MESSY = [
  'Dossier;Reçue le;Nom;Élève;Droits;UAI;Note',
  'ANC-1;05/03/2026;Hélène Dupré;Inès Dupré;Accès;0920484B;rappeler',
  'ANC-2;46090;Marc Roux;Léo Roux;Accès, effacement;;',
  'ANC-3;31/02/2026;Zoé Blanc;;Accès;;',
  "ANC-4;10/03/2026;Paul Noir;;Droit à l'oubli;;",
  'ANC-5;11/03/2026;Luc Vert;;Accès;0920546Ux;',
  'ANC-1;12/03/2026;Anne Gris;;Accès;;',
].join('\r\n');

describe('register import', () => {
  it('reads a messy CSV through the screen: columns guessed and one remapped, the report, then the valid lines imported with their origin', async () => {
    const path = `${tmp()}/registre-ancien.csv`;
    writeFileSync(path, Buffer.from(MESSY, 'latin1'));
    const list = await new RequestListPage(await academie.newPage()).open();
    const screen = await new RegisterImportPage(list.page).openFromList();
    await screen.checkAccessible('importer un registre');
    await screen.screenshot('41-registre-import-choisir');

    await screen.pick(path);
    expect(await screen.mapping()).toEqual([
      ['1', 'Dossier', 'Référence'],
      ['2', 'Reçue le', 'Date de réception (obligatoire)'],
      ['3', 'Nom', 'Demandeur (obligatoire)'],
      ['4', 'Élève', 'Ignorer cette colonne'],
      ['5', 'Droits', 'Droit(s) (obligatoire)'],
      ['6', 'UAI', 'UAI'],
      ['7', 'Note', 'Ignorer cette colonne'],
    ]);
    await screen.checkAccessible('colonnes, aperçu et rapport');
    await screen.screenshot('42-registre-import-colonnes');

    // « Élève » is the person concerned.
    await screen.remap(4, 'Élève', 'Personne concernée');
    expect((await screen.mapping())[3]).toEqual(['4', 'Élève', 'Personne concernée']);
    expect(await screen.summary()).toBe('6 lignes lues dans registre-ancien.csv : 2 importables, 4 lignes à corriger.');
    expect(await screen.preview()).toEqual([
      ['2', 'ANC-1', '05/03/2026', 'Hélène Dupré', 'Accès', 'École maternelle Jean Macé', 'Académie', 'Reçue'],
      // 46090: the spreadsheet's serial number of 09/03/2026.
      ['3', 'ANC-2', '09/03/2026', 'Marc Roux', 'Accès, Effacement', '', 'Académie', 'Reçue'],
    ]);
    expect(await screen.report()).toEqual([
      ['4', 'Reçue le', '31/02/2026', "Date impossible : le 31 février 2026 n'existe pas (février 2026 compte 28 jours)."],
      ['5', 'Droits', "Droit à l'oubli", 'droit inconnu (attendu : Accès, Rectification, Effacement, Opposition, Limitation, Portabilité).'],
      ['6', 'UAI', '0920546Ux', "« 0920546Ux » n'est pas un code UAI : il faut 7 chiffres suivis d'une lettre (ex. 0920484B)."],
      ['7', 'Dossier', 'ANC-1', 'référence en double (déjà ligne 2).'],
    ]);
    await screen.screenshot('43-registre-import-rapport');
    // Nothing is written before the confirmation.
    expect((await academie.api<{ total: number }>('requests.list', { openOnly: false, q: 'ANC' })).total).toBe(0);

    expect(await screen.confirm('Importer 2 demandes')).toBe('2 lignes importées depuis registre-ancien.csv ; 4 lignes non importées (voir le rapport avant import).');
    await screen.checkAccessible('import confirmé');
    await screen.screenshot('44-registre-import-fait');

    await screen.button('Voir les demandes de la convention').click();
    await list.expectTitle('Demandes');
    await list.search('ANC');
    await list.expectCount('2 demandes');
    expect(await list.references()).toEqual(['ANC-1', 'ANC-2']);
    await list.link('ANC-1').click();
    const request = new RequestPage(list.page);
    await request.expectTitle(/ANC-1/);
    await expect.poll(() => request.history()).toContain('importée depuis registre-ancien.csv, ligne 2');
    expect(await request.history()).toContain('Demande enregistrée');
    await screen.screenshot('45-registre-import-historique');
  }, 180_000);
});

describe('schools import', () => {
  it("adds an agreement's schools from a file, the seed's malformed UAI reported with its line", async () => {
    const path = `${tmp()}/écoles.csv`;
    const csv = [
      "Nom de l'école;Adresse;Code UAI",
      'École élémentaire des Pervenches;3 rue des Pervenches;0920001B',
      'École maternelle Scarron;Allée des lilas;0920546Ux',
      'École des Tilleuls;;0920002C',
    ].join('\r\n');
    writeFileSync(path, Buffer.from(csv, 'latin1'));
    const agreements = await new AgreementsPage(await academie.newPage()).open();
    await agreements.openAgreement(/Fontenay/);
    const screen = await new RegisterImportPage(agreements.page).openSchoolsImport();
    await screen.pick(path);
    expect(await screen.mapping()).toEqual([
      ['1', "Nom de l'école", "Nom de l'école (obligatoire)"],
      ['2', 'Adresse', 'Adresse'],
      ['3', 'Code UAI', 'UAI (obligatoire)'],
    ]);
    expect(await screen.report()).toEqual([
      ['3', 'Code UAI', '0920546Ux', "« 0920546Ux » n'est pas un code UAI : il faut 7 chiffres suivis d'une lettre (ex. 0920484B)."],
    ]);
    await screen.checkAccessible('importer une liste d’écoles');
    await screen.screenshot('46-ecoles-import-rapport');
    expect(await screen.confirm('Importer 2 écoles')).toBe('2 lignes importées depuis écoles.csv ; 1 ligne non importée (voir le rapport avant import).');
    await screen.expectText('0920001B', screen.page.getByRole('table', { name: 'Écoles de la convention' }));
    await screen.expectText('0920002C', screen.page.getByRole('table', { name: 'Écoles de la convention' }));
    await screen.screenshot('47-ecoles-importees');
  }, 180_000);
});
