// Browser tests of the documents: letterhead, a letter generated, edited and saved (PDF read back
// with PDF.js, DOCX), the print fallback when no Chromium is found, template errors, and a
// monthly meeting (agenda, exports, workbook re-import, minutes). Every screen is checked with
// axe. Each test sets up its request (and meeting) through the API, then acts through the screens.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewRequest } from '../../core/api/contract';
import { parentRequest } from '../helpers/documents';
import { pdfTextOf } from '../helpers/pdf';
import { launchBrowser } from './harness';
import {
  AgreementPage,
  LetterPage,
  LetterTemplatesPage,
  MeetingPage,
  MeetingsPage,
  Office,
  RequestPage,
  SettingsPage,
  type CreatedRequest,
} from './pages';

const TODAY = '2026-11-25';
const EVIL = '<img src=x onerror=alert(1)>';
const LETTERHEAD = {
  officeName: 'Académie de Versailles – Délégation à la protection des données',
  address: '3 boulevard de Lesseps\n78000 Versailles',
  city: 'Versailles',
  dpdName: 'Anne Dupuis',
  dpdEmail: 'dpd@ac-versailles.fr',
  dpdPhone: '',
  signatoryName: 'Marie Durand',
  signatoryTitle: 'Pour le recteur et par délégation, la secrétaire générale',
};
let browser: Browser;
let files: string;

const pdfText = async (path: string) => (await pdfTextOf(readFileSync(path))).replace(/\s+/g, ' ');

/** An académie office with the Versailles / Fontenay agreement (today pinned). */
const academieOffice = () => Office.open(browser, { party: 'academie', preset: 'versailles-fontenay', today: TODAY });

/** The helpers' parent request (received 20/11/2026), without relation or missing documents unless a test gives them. */
const request = (office: Office, over: Partial<NewRequest> = {}): Promise<CreatedRequest> =>
  office.createRequest(parentRequest(office.agreementId, { subjectRelation: null, identityDocumentsMissing: [], ...over }));

beforeAll(async () => {
  browser = await launchBrowser();
  files = mkdtempSync(join(tmpdir(), 'dsr-ui-files-'));
});

afterAll(async () => {
  await browser?.close();
  rmSync(files, { recursive: true, force: true });
});

describe('letters', () => {
  let office: Office;
  let view: RequestPage;
  let letter: LetterPage;

  beforeAll(async () => {
    office = await academieOffice();
    const page = await office.newPage();
    view = new RequestPage(page);
    letter = new LetterPage(page);
  });

  afterAll(async () => {
    expect(office.dialogs).toEqual([]);
    await office?.close();
  });

  it('sets the letterhead in the settings', async () => {
    const settings = await new SettingsPage(view.page).open();
    await settings.fillLetterhead({
      office: LETTERHEAD.officeName,
      address: LETTERHEAD.address,
      city: LETTERHEAD.city,
      dpd: LETTERHEAD.dpdName,
      signatory: LETTERHEAD.signatoryName,
      signatoryTitle: LETTERHEAD.signatoryTitle,
      email: 'pas-une-adresse',
    });
    await settings.saveLetterhead();
    await settings.expectText('Courriel du DPD invalide.', settings.letterheadForm());
    await settings.fillLetterhead({ email: LETTERHEAD.dpdEmail });
    await settings.saveLetterhead();
    await settings.expectLetterheadSaved();
    await settings.checkAccessible('paramètres, en-tête');
    expect(await office.api('letterhead.get', {})).toMatchObject({ ...LETTERHEAD, configured: true });
  });

  it('generates the acknowledgement from the request, lets the user edit it, and saves it as PDF and DOCX', async () => {
    await office.api('letterhead.set', LETTERHEAD);
    const ack = await request(office, { requesterName: EVIL, identityDocumentsMissing: ["Justificatif de l'autorité parentale"] });
    await view.open(ack.id, ack.reference);
    const letters = view.letters();
    await view.expectText("Aucun accusé de réception n'a encore été envoyé.", letters);
    for (const name of ['Demande de pièces justificatives', 'Demande de précisions', 'Notification de prolongation', 'Lettre de réponse', 'Refus motivé', 'Transmission au co-responsable']) {
      expect(await view.hasButton(name, letters), name).toBe(true);
    }
    await view.openLetter('Accusé de réception');
    await letter.expectTitle(`Accusé de réception : demande ${ack.reference}`);
    expect(await letter.text()).toContain('une réponse vous sera apportée au plus tard le 21/12/2026');
    expect(await letter.text()).toContain("- Justificatif de l'autorité parentale");
    // The requester's name is text, in the page and in the preview; nothing ran.
    expect(await letter.preview().getByText(EVIL, { exact: true }).first().isVisible()).toBe(true);
    expect(await letter.page.locator('img[src="x"]').count()).toBe(0);
    await letter.checkAccessible('courrier');
    await letter.screenshot('30-courrier');

    await letter.editText((t) => t.replace('Madame, Monsieur,', 'Madame,\n\nNous vous remercions de votre courrier.'));
    await letter.expectText('Nous vous remercions de votre courrier.', letter.preview());
    const pdf = await letter.saveAs('PDF', files);
    expect(pdf.name).toBe(`${ack.reference}-Accuse-de-reception-2026-11-25.pdf`);
    const printed = await pdfText(pdf.path);
    for (const expected of [
      'Nous vous remercions de votre courrier.',
      EVIL,
      'au plus tard le 21/12/2026',
      "Justificatif de l'autorité parentale",
      'Personne concernée : Léo Martin (élève mineur)',
      'Versailles, le 25/11/2026',
      'Anne Dupuis',
    ]) {
      expect(printed).toContain(expected);
    }
    await expect.poll(() => letter.statusText()).toContain('Enregistré : Accusé de réception en PDF');

    const docx = await letter.saveAs('DOCX', files);
    expect(docx.name).toBe(`${ack.reference}-Accuse-de-reception-2026-11-25.docx`);
    expect(readFileSync(docx.path).subarray(0, 2).toString()).toBe('PK');

    // Listed with the request, which now shows the acknowledgement date.
    await letter.backToRequest();
    await view.expectTitle(`Demande ${ack.reference}`);
    await view.expectText('Accusé de réception envoyé le 25/11/2026.', letters);
    await expect.poll(() => letters.getByRole('row').count()).toBe(3);
    expect(await letters.getByRole('button', { name: /^Télécharger Accusé de réception .* \(PDF\)$/ }).isVisible()).toBe(true);
    await view.checkAccessible('demande avec ses courriers');
    expect(office.dialogs).toEqual([]);
  });

  it('refuses to save a letter with passages to complete, and says which', async () => {
    const { id, reference } = await request(office);
    await letter.open(id, 'extension-notice', `Notification de prolongation : demande ${reference}`);
    await letter.expectText("À compléter avant d'enregistrer : [à compléter : motifs de la prolongation].");
    await letter.expectText("La prolongation n'est pas enregistrée sur la demande");
    await letter.trySavePdf();
    await expect.poll(() => letter.alertText()).toContain("Courrier non enregistré : complétez d'abord [à compléter : motifs de la prolongation]");
    expect(await letter.textField().getAttribute('aria-invalid')).toBe('true');
    await letter.checkAccessible('courrier à compléter');
  });

  it('records a refused erasure with its art. 17(3) point, and the refusal letter, signed by the signatory, cites it', async () => {
    await office.api('letterhead.set', LETTERHEAD);
    const { id, reference } = await request(office);
    await view.open(id, reference);
    // A refused erasure asks for the art. 17(3) point and the reason.
    const answer = await view.startAnswer('Effacement', { outcome: 'Refusé (motivé)' });
    await answer.submit();
    await expect.poll(() => answer.errorOf("Exception de l'article 17(3) du RGPD").isVisible()).toBe(true);
    await answer.field("Exception de l'article 17(3) du RGPD").selectOption('b');
    await answer.fill('Motif du refus', 'les données sont nécessaires au suivi de la scolarité');
    await view.checkAccessible('suite donnée, effacement refusé');
    await answer.submit();
    await expect.poll(() => view.outcomeOf('Effacement')).toBe('Refusé (motivé) : les données sont nécessaires au suivi de la scolarité');

    await letter.open(id, 'refusal', `Refus motivé : demande ${reference}`);
    const text = await letter.text();
    expect(text).toContain("Nous ne pouvons pas donner suite au droit à l'effacement (article 17 du RGPD)");
    expect(text).toContain('(article 17, paragraphe 3, point b), du RGPD)');
    expect(await letter.preview().getByText(LETTERHEAD.signatoryTitle).isVisible()).toBe(true);
    expect(await letter.preview().getByText(LETTERHEAD.signatoryName).isVisible()).toBe(true);
    await letter.checkAccessible('refus motivé');
  });

  it('refuses an unknown placeholder when a template is saved, next to the text', async () => {
    const agreement = new AgreementPage(view.page);
    await agreement.goto(`#/conventions/${office.agreementId}`);
    await agreement.expectTitle(/^Convention /);
    await agreement.openLetterTemplates();
    const templates = new LetterTemplatesPage(view.page);
    await templates.appendToBody('À rendre avant le {{date_limite}}.');
    await templates.save();
    await expect.poll(() => templates.firstFieldError()).toMatch(/ligne \d+ : « \{\{date_limite\}\} » n'est pas une donnée connue\./);
    await templates.checkAccessible('modèles de courriers');
    await templates.reset();
    await expect.poll(() => templates.statusText()).toBe('Modèle par défaut rétabli (version 2).');
  });

  it('offers the browser print dialog when no Chromium-family browser is found, with the same layout', async () => {
    const { id, reference } = await request(office, { requesterName: EVIL });
    const bare = await office.startAnother({ CHROMIUM_PATH: '/nonexistent/chromium' });
    try {
      const other = new LetterPage(await office.newPage({ on: bare }));
      await other.open(id, 'acknowledgement', `Accusé de réception : demande ${reference}`);
      await other.trySavePdf();
      await expect.poll(() => other.alertText()).toContain("Aucun navigateur de la famille Chromium (Chromium, Google Chrome ou Microsoft Edge) n'a été trouvé");
      const dialog = await other.printWithBrowser();
      await other.expectText('au plus tard le 21/12/2026', dialog);
      expect(await dialog.getByText(EVIL).first().isVisible()).toBe(true);
      // The documents' stylesheet applies under the app's strict CSP (constructed stylesheet).
      type Styled = { ownerDocument: { defaultView: { getComputedStyle(e: unknown): { fontWeight: string } } } };
      expect(await dialog.locator('.doc .letterhead .office').evaluate((el) => (el as unknown as Styled).ownerDocument.defaultView.getComputedStyle(el).fontWeight)).toBe('700');
      await other.checkAccessible('aperçu avant impression');
      await other.page.evaluate('window.printed = 0; window.print = () => { window.printed += 1; }');
      await dialog.getByRole('button', { name: "Lancer l'impression" }).click();
      expect(await other.page.evaluate('window.printed')).toBe(1);
      await dialog.getByRole('button', { name: "Fermer l'aperçu" }).click();
      await expect.poll(() => dialog.count()).toBe(0);
      await other.page.context().close();
    } finally {
      await bare.stop();
    }
    expect(office.dialogs).toEqual([]);
  });
});

describe('monthly meeting', () => {
  interface MeetingSetup {
    office: Office;
    dueSoon: CreatedRequest;
    overdue: CreatedRequest;
    toSettle: CreatedRequest;
  }
  const opened: Office[] = [];

  /** An office with a request due soon, one overdue and one to settle (a parent writing to the commune). */
  async function withRequests(): Promise<MeetingSetup> {
    const office = await academieOffice();
    opened.push(office);
    return {
      office,
      dueSoon: await request(office),
      overdue: await request(office, { receivedOn: '2026-09-01', requesterCategory: 'teacher', requesterName: 'Hugo Bernard', subjectName: null }),
      toSettle: await request(office, { receivedOn: '2026-11-16', channel: 'commune', requesterName: 'Nadia Benali' }),
    };
  }

  const meetingInput = (office: Office) => ({
    agreementId: office.agreementId,
    date: TODAY,
    participants: ['Anne Dupuis (académie)', 'Paul Roux (commune)'],
    otherItems: ['Bilan du trimestre'],
  });

  /** The meeting created through the API, opened on its screen. */
  async function openMeeting(office: Office): Promise<MeetingPage> {
    const { id } = await office.api<{ id: string }>('meetings.create', meetingInput(office));
    const meeting = new MeetingPage(await office.newPage());
    await meeting.goto(`#/reunions/${encodeURIComponent(id)}`);
    await meeting.expectTitle('Point mensuel du 25/11/2026');
    return meeting;
  }

  /** The workbook with `decision` typed on the row of `reference` in « 3. Répartition ». */
  function fillWorkbook(workbook: Buffer, reference: string, decision: string, reason: string): { bytes: Buffer; row: number } {
    const wb = XLSX.read(workbook, { type: 'buffer' });
    const ws = wb.Sheets['3. Répartition']!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
    const row = rows.findIndex((r) => r[1] === reference) + 1;
    expect(row, `ligne de ${reference}`).toBeGreaterThan(0);
    ws[`L${row}`] = { t: 's', v: decision };
    ws[`M${row}`] = { t: 's', v: reason };
    return { bytes: XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, row };
  }

  afterAll(async () => {
    for (const o of opened) {
      expect(o.dialogs).toEqual([]);
      await o.close();
    }
  });

  it('creates a meeting whose agenda lists overdue, due-soon and to-settle requests, each linked to its request', async () => {
    const { office, dueSoon, overdue, toSettle } = await withRequests();
    const meetings = await new MeetingsPage(await office.newPage()).open();
    await meetings.expectText('Aucune réunion enregistrée.');
    await meetings.checkAccessible('réunions');
    await meetings.startMeeting({ date: TODAY, participants: ['Anne Dupuis (académie)', 'Paul Roux (commune)'], otherItems: ['Bilan du trimestre'] });
    await meetings.checkAccessible('nouvelle réunion');
    const meeting = await meetings.createMeeting();
    await meeting.expectTitle('Point mensuel du 25/11/2026');

    expect(await meeting.requestLink('1.1. Demandes en retard', overdue.reference).getAttribute('href')).toBe(`#/demandes/${overdue.id}`);
    // The next meeting defaults to a working day: 25/12 is Christmas, so Monday 28/12.
    const dueBefore = '1.2. Échéance avant la prochaine réunion (28/12/2026)';
    expect(await meeting.requestLink(dueBefore, dueSoon.reference).isVisible()).toBe(true);
    // Each request once, in the section that matters most: the one to settle is in 3.1 only.
    expect(await meeting.requestLink(dueBefore, toSettle.reference).count()).toBe(0);
    expect(await meeting.requestLink('3.1. Répartitions à arbitrer', toSettle.reference).isVisible()).toBe(true);
    expect(await meeting.section('5. Questions diverses').getByText('Bilan du trimestre').isVisible()).toBe(true);
    await meeting.checkAccessible('réunion');
    await meeting.screenshot('31-reunion');
  });

  it('exports the agenda as PDF and the workbook as XLSX, as downloads', async () => {
    const { office, overdue } = await withRequests();
    const meeting = await openMeeting(office);
    const pdf = await meeting.download("Exporter l'ordre du jour (PDF)", files);
    expect(pdf.name).toBe('Point-mensuel-DPD-FAR-2026-11-25.pdf');
    const text = await pdfText(pdf.path);
    expect(text).toContain('Point mensuel des DPD : ordre du jour');
    expect(text).toContain('1.1. Demandes en retard');
    expect(text).toContain(overdue.reference);
    expect(text).toContain('3.1. Répartitions à arbitrer');
    const xlsx = await meeting.download('Exporter le classeur (XLSX)', files);
    expect(xlsx.name).toBe('Revue-conjointe-FAR-2026-11-25.xlsx');
    expect(XLSX.read(readFileSync(xlsx.path), { type: 'buffer' }).SheetNames).toContain('3. Répartition');
    await expect.poll(() => meeting.documents().getByRole('listitem').count()).toBe(2);
    await meeting.checkAccessible('réunion, documents produits');
  });

  it('imports the decisions typed in the workbook: shows them, then applies them when confirmed', async () => {
    const { office, toSettle } = await withRequests();
    const meeting = await openMeeting(office);
    const exported = await meeting.download('Exporter le classeur (XLSX)', files);
    const { bytes, row } = fillWorkbook(readFileSync(exported.path), toSettle.reference, 'Arbitrage : académie', 'demande d’un parent');
    const filled = join(files, 'revue-remplie.xlsx');
    writeFileSync(filled, bytes);

    const report = await meeting.importDecisions(filled, 'revue-remplie.xlsx');
    // The file is read in a worker thread (limits on size and time): allow for a busy machine.
    await expect.poll(() => report.getByText('1 décision lue, sans erreur.', { exact: false }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await report.getByRole('row', { name: new RegExp(`3\\. Répartition ${row} ${toSettle.reference} Arbitrage : académie`) }).isVisible()).toBe(true);
    await meeting.checkAccessible('import des décisions');
    expect((await office.api<{ allocation: { status: string } }>('requests.get', { id: toSettle.id })).allocation.status).toBe('to-settle');
    await report.getByRole('button', { name: 'Appliquer les décisions' }).click();
    await expect.poll(() => meeting.statusText()).toContain('1 décision appliquée depuis le classeur');
    expect((await office.api<{ allocation: { status: string; party: string } }>('requests.get', { id: toSettle.id })).allocation).toMatchObject({ status: 'decided', party: 'academie' });
    // The request shows the settlement decided by the meeting.
    const view = new RequestPage(meeting.page);
    await view.open(toSettle.id, toSettle.reference);
    expect(await view.allocation()).not.toContain('À arbitrer');
    expect(await view.allocation()).toContain('Répartition initiale');
    await view.checkAccessible('demande arbitrée en réunion');
  });

  it('records the minutes: each decision becomes an event on its request, counted with those of the workbook', async () => {
    const { office, overdue, toSettle } = await withRequests();
    const meeting = await openMeeting(office);
    // A decision applied from the workbook beforehand.
    const workbook = await office.api<{ base64: string }>('meetings.exportWorkbook', { id: meeting.id() });
    const { bytes } = fillWorkbook(Buffer.from(workbook.base64, 'base64'), toSettle.reference, 'Arbitrage : académie', 'demande d’un parent');
    await office.api('meetings.applyImport', { id: meeting.id(), filename: 'revue-remplie.xlsx', base64: bytes.toString('base64') });
    await meeting.page.reload();
    await meeting.expectTitle('Point mensuel du 25/11/2026');

    await meeting.decide('1.1', overdue.reference, 'Commentaire', 'Relancer l’éditeur.');
    await meeting.saveMinutes('Réunion en visioconférence.');
    await expect.poll(() => meeting.statusText()).toContain('Relevé enregistré : 1 décision inscrite');
    const events = (await office.api<{ events: { type: string; data: { comment?: string } }[] }>('requests.get', { id: overdue.id })).events;
    expect(events.at(-1)).toMatchObject({ type: 'meeting.decision', data: { comment: 'Relancer l’éditeur.' } });
    await meeting.checkAccessible('réunion, relevé enregistré');
    const meetings = await new MeetingsPage(meeting.page).open();
    await expect.poll(() => meetings.meetingLink('Point mensuel du 25/11/2026').isVisible()).toBe(true);
    expect(await meetings.page.getByRole('cell', { name: '2 décisions' }).isVisible()).toBe(true);
    await meetings.checkAccessible('réunions, relevé enregistré');
  });
});
