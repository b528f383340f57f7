// Issue 13, « Every screen says what is true », on a request's screen: the documents asked are
// « Manquante » until their receipt is recorded (every one ticked by default), and the letter
// for documents takes what was recorded.
import { describe, expect, it } from 'vitest';
import { LetterPage, NewRequestPage, Office, RequestPage, useOffice } from './pages';

const TODAY = '2026-03-20';
let academie: Office;

useOffice({ party: 'academie', preset: 'versailles-fontenay', today: TODAY }, (o) => ({ office: academie } = o));

const ID = "Copie d'une pièce d'identité du parent";
const AUTHORITY = "Justificatif de l'autorité parentale";

describe('identity documents asked, then received', () => {
  it('lists what was asked as missing, the letter takes it, and the receipt ticks every document (untick what did not come)', async () => {
    const created = await academie.createRequest({ receivedOn: '2026-03-16', requesterName: 'Inès Moreau', subjectName: 'Léo Moreau', subjectIsMinor: true });
    const request = await new RequestPage(await academie.newPage()).open(created.id, created.reference);
    expect(await request.identityDocuments()).toEqual([]);
    await request.askIdentityDocuments({ what: `${ID}\n${AUTHORITY}`, doubt: "Le courriel ne vient pas de l'adresse connue de l'école", sentOn: '2026-03-18' });
    expect(await request.identityDocuments()).toEqual([`Manquante : ${ID}`, `Manquante : ${AUTHORITY}`]);

    // The letter for documents: what was recorded, no warning that nothing was.
    const letter = await new LetterPage(request.page).open(created.id, 'information-request', `Demande de pièces justificatives : demande ${created.reference}`);
    const text = await letter.text();
    expect(text).toContain(ID);
    expect(text).toContain(AUTHORITY);
    expect(await letter.page.getByText("Aucune demande de pièces d'identité en cours n'est enregistrée").count()).toBe(0);
    await letter.screenshot('50-courrier-pieces-enregistrees');
    await letter.backToRequest();
    await request.expectTitle(`Demande ${created.reference}`);

    const form = await request.startDocumentsReceived('19/03/2026');
    expect(await form.field(ID).isChecked()).toBe(true);
    expect(await form.field(AUTHORITY).isChecked()).toBe(true);
    await request.checkAccessible('réception des pièces');
    await request.screenshot('51-reception-des-pieces');
    await form.field(AUTHORITY).uncheck();
    await form.submit();
    await request.expectRecorded('Enregistrer la réception des pièces');
    expect(await request.identityDocuments()).toEqual([`Manquante : ${AUTHORITY}`, `Reçue : ${ID}`]);
    await request.expectStatus('En cours');
  });
});

describe('allocation forms offer only what the rules allow', () => {
  it('a decided request may only be proposed to the other party; a pre-emption only by the party that may; the proposer validates in the same step', async () => {
    // A parent's request to the académie (row 1): decided, académie.
    const decided = await academie.createRequest({ receivedOn: '2026-03-16', requesterName: 'Alice Bon' });
    const request = await new RequestPage(await academie.newPage()).open(decided.id, decided.reference);
    const settlement = await request.openAction('Proposer une autre répartition', "Proposer l'arbitrage");
    expect(await settlement.field('Partie qui répondra').locator('option').allTextContents()).toEqual(['Commune']);
    await settlement.fill('Proposé par', 'M. Durand');
    await settlement.fill("Motif de l'arbitrage", 'La cantine relève de la commune');
    await request.screenshot('52-arbitrage-partie-proposee');
    await settlement.submit();
    await request.expectRecorded('Proposer une autre répartition');
    // This office proposed: its validation is recorded; only the commune's is awaited.
    expect(await request.allocation()).toContain('Validé par Académie (M. Durand');
    expect(await request.allocation()).toContain('Validation attendue : Commune.');
    const validation = await request.openAction("Valider l'arbitrage", 'Enregistrer la validation');
    expect(await validation.field('Validée au nom de').locator('option').allTextContents()).toEqual(['Commune']);

    // « Autre » requester writing to the académie (row 3): only the commune may pre-empt.
    const channel = await academie.createRequest({ receivedOn: '2026-03-16', requesterName: 'Bruno Tiers', requesterCategory: 'other' });
    await request.open(channel.id, channel.reference);
    const preemption = await request.startPreemption();
    expect(await preemption.field('Partie qui préempte').locator('option').allTextContents()).toEqual(['Commune']);
    await request.checkAccessible('préemption, une seule partie possible');
  });
});

describe('a received date before the agreement', () => {
  it('is questioned at intake (the agreement is dated 04/11/2025), and kept once confirmed', async () => {
    const form = await new NewRequestPage(await academie.newPage()).open();
    await form.fill({ received: '03/11/2025', channel: 'Académie', name: 'Avant Convention', category: "Parent d'élève", rights: ['Accès'] });
    await form.submit();
    await form.expectText(/La date de réception \(03\/11\/2025\) précède la convention, datée du 04\/11\/2025/);
    await form.checkAccessible('date avant la convention');
    await form.screenshot('53-date-avant-convention');
    // Asked, nothing written yet.
    expect((await academie.api<{ total: number }>('requests.list', { q: 'Avant Convention' })).total).toBe(0);
    await form.confirmDate();
    await expect.poll(() => form.title()).toMatch(/^Demande FAR-A-2025-/);
    expect(await new RequestPage(form.page).statusLine()).toContain('reçue le 03/11/2025');
  });
});

describe('an extension decided at a meeting', () => {
  it('shows on the request as a task until the extension is recorded and notified', async () => {
    // Received 02/03/2026: due 02/04/2026, on the agenda of the meeting of 20/03/2026.
    const created = await academie.createRequest({ receivedOn: '2026-03-02', requesterName: 'Réunion Prolongée' });
    const meeting = await academie.api<{ id: string; agenda: { sections: { items: { key: string; requestId: string | null }[] }[] } }>('meetings.create', {
      agreementId: academie.agreementId,
      date: TODAY,
      participants: ['Anne Dupuis (académie)', 'Paul Roux (commune)'],
      otherItems: [],
    });
    const item = meeting.agenda.sections.flatMap((s) => s.items).find((i) => i.requestId === created.id)!;
    await academie.api('meetings.saveMinutes', { id: meeting.id, decisions: [{ itemKey: item.key, requestId: created.id, kind: 'extension-decided', text: 'Trois traitements à interroger.' }] });

    const request = await new RequestPage(await academie.newPage()).open(created.id, created.reference);
    const task = request.page.getByRole('note').filter({ hasText: 'Prolongation décidée en réunion' });
    await expect
      .poll(() => task.textContent())
      .toBe(
        'Prolongation décidée en réunion du 20/03/2026 : à enregistrer et notifier (motifs : Trois traitements à interroger) ; la personne doit en être informée au plus tard le 02/04/2026.',
      );
    await request.checkAccessible('prolongation décidée en réunion');
    await request.screenshot('54-prolongation-decidee-en-reunion');

    // The decision's reasons are said once in the history.
    expect((await request.historyEntries()).at(-1)!.match(/Trois traitements à interroger/g)).toHaveLength(1);
    await request.extend({ reasons: 'Trois traitements à interroger.', notifiedOn: '20/03/2026' });
    expect(await task.count()).toBe(0);
  });
});
