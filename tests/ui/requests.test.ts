// A request's life on its screen, under issue 11's rules: intake and allocation, identity
// documents (suspension) and clarification (no suspension), extension in time and late,
// settlement and pre-emption with the validations of both parties (the other party's with its
// evidence), answers, closure, inadmissibility, handover; then the list and the dashboard.
// Each test sets up its request through the API and acts through the screens; axe on each screen.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './harness';
import { DashboardPage, NewRequestPage, Office, RequestListPage, RequestPage } from './pages';

// "Today" is pinned so the deadlines below are those of deadlines.md's rules, whatever the date of the run.
const TODAY = '2026-11-25';
// Received on Monday 02/11/2026: + 1 month = Wednesday 02/12/2026.
const RECEIVED = '2026-11-02';
let browser: Browser;
let academie: Office;
let request: RequestPage;

beforeAll(async () => {
  browser = await launchBrowser();
  academie = await Office.open(browser, { party: 'academie', preset: 'versailles-fontenay', today: TODAY });
  request = new RequestPage(await academie.newPage({ viewport: { width: 1366, height: 768 } }));
  await new DashboardPage(request.page).waitUntilShown();
});

afterAll(async () => {
  await academie?.close();
  await browser?.close();
});

describe('a request in the académie office, from arrival to closure', () => {
  it("logs a parent's request received by the commune: the académie is proposed, to confirm by both parties, and nothing to pre-empt", async () => {
    const form = await new NewRequestPage(request.page).open();
    await form.record({ received: RECEIVED, channel: 'Commune', name: 'Claire Martin', category: "Parent d'élève", rights: ['Accès', 'Rectification'], pupil: 'Léo Martin' });
    const allocation = await request.allocation();
    expect(allocation).toContain('À arbitrer en réunion (proposée : Académie)');
    expect(allocation).toContain('à confirmer par les deux parties');
    // A category row decides (row 1): no pre-emption, only a settlement validated by both.
    expect(allocation).toContain('Pas de préemption');
    expect(await request.hasAction('Préempter la demande')).toBe(false);
    expect(await request.hasAction('Confirmer ou arbitrer la répartition')).toBe(true);
    expect(await request.hasAction('Transmettre au co-responsable')).toBe(false);
    expect(await request.deadlineDate()).toBe('02/12/2026');
    await request.checkAccessible('demande, actions fermées');
  });

  it('suspends while identity documents are awaited, then resumes: the deadline moves by the days waited', async () => {
    const { id, reference } = await academie.createRequest({ receivedOn: RECEIVED, requesterName: 'Inès Moreau' });
    await request.open(id, reference);
    await request.askIdentityDocuments({
      what: "Copie d'une pièce d'identité du parent",
      doubt: "Le courriel ne vient pas de l'adresse connue de l'école",
      sentOn: '2026-11-05',
    });
    await request.expectStatus('En attente de pièces');
    // « en attente des pièces » beside the « Suspendu » badge, never « suspendu Suspendu ».
    expect(await request.deadlineDate()).toBe('en attente des pièces');
    expect(await request.deadline()).not.toMatch(/suspendu\s*suspendu/i);
    await request.checkAccessible('demande suspendue');
    await request.screenshot('10-demande-suspendue');

    await request.recordDocumentsReceived('2026-11-13');
    await request.expectStatus('En cours');
    // 8 days suspended: 02/12/2026 + 8 = 10/12/2026.
    await expect.poll(() => request.deadlineDate()).toBe('10/12/2026');
    const asked = request.page.getByRole('table', { name: /Demandes de pièces/ });
    expect(await asked.getByRole('row', { name: /Copie d'une pièce d'identité du parent/ }).getByRole('cell').last().textContent()).toBe('8');
  });

  it('asks for clarification without suspending the deadline', async () => {
    const { id, reference } = await academie.createRequest({ receivedOn: RECEIVED, requesterName: 'Marc Lefèvre' });
    await request.open(id, reference);
    await request.askClarification({ what: 'Quelles années scolaires sont concernées ?', sentOn: '2026-11-05' });
    // Recital 63: the deadline keeps running; the status does not change.
    await request.expectStatus('Reçue');
    expect(await request.deadlineDate()).toBe('02/12/2026');
    expect(await request.deadline()).toContain('ne suspend pas le délai');
    await request.checkAccessible('demande de précisions');
    await request.recordClarificationAnswer('2026-11-13');
    await request.expectStatus('Reçue');
    expect(await request.deadlineDate()).toBe('02/12/2026');
  });

  it('extends by two months with the reasons, notified within the first month, and shows the new date', async () => {
    const { id, reference } = await academie.createRequest({ receivedOn: RECEIVED, requesterName: 'Lucie Garnier' });
    await academie.api('requests.askInformation', { id, kind: 'identity', whatAsked: "Copie d'une pièce d'identité", sentOn: '2026-11-05' });
    await academie.api('requests.informationReceived', { id, kind: 'identity', receivedOn: '2026-11-13' });
    await request.open(id, reference);
    const form = await request.startExtension({ reasons: 'Données réparties entre trois traitements' });
    // Told today (25/11), before 10/12/2026: no late-notice warning.
    expect(await form.form.getByRole('alert').count()).toBe(0);
    await form.submit();
    await request.expectRecorded('Prolonger de deux mois');
    await request.expectStatus('Prolongée');
    // 02/11/2026 + 3 months = 02/02/2027, + 8 days suspended = 10/02/2027.
    expect(await request.deadlineDate()).toBe('10/02/2027');
    expect(await request.deadline()).toContain('Données réparties entre trois traitements');
    expect(await request.deadline()).not.toContain('tardive');
    await request.screenshot('11-demande-prolongee');
  });

  it('records an extension notified after the first month as late: the deadline stays', async () => {
    // Received 20/10/2026: due Friday 20/11/2026, the last day to tell the person of an extension.
    const { id, reference } = await academie.createRequest({ receivedOn: '2026-10-20', requesterName: 'Hugo Bernard' });
    await request.open(id, reference);
    const form = await request.startExtension({ reasons: 'Nombreuses demandes reçues en même temps', notifiedOn: TODAY });
    expect(await form.form.getByRole('alert').textContent()).toContain(
      "Informée après le 20/11/2026 : la prolongation sera enregistrée comme tardive et ne prolongera pas l'échéance",
    );
    await request.checkAccessible('prolongation tardive');
    await form.submit();
    await request.expectRecorded('Prolonger de deux mois');
    expect(await request.deadlineDate()).toBe('20/11/2026');
    const deadline = await request.deadline();
    expect(deadline).toContain('information tardive (après le 20/11/2026)');
    expect(deadline).toContain("Prolongation notifiée hors délai : elle ne prolonge pas l'échéance, qui reste le 20/11/2026");
    expect(deadline).toContain('En retard');
  });

  it("settles the allocation: the académie's proposal carries its validation, the commune's is recorded with its evidence", async () => {
    const { id, reference } = await academie.createRequest({ receivedOn: RECEIVED, channel: 'commune', requesterName: 'Nadia Benali' });
    await request.open(id, reference);
    await request.proposeSettlement({ party: 'Académie', by: 'M. Durand', reason: "Parent d'élève : ligne 1 du tableau" });
    let allocation = await request.allocation();
    expect(allocation).toContain('Arbitrage en attente');
    expect(allocation).toContain('Validé par Académie (M. Durand');
    expect(allocation).toContain('Validation attendue : Commune.');

    // The commune validates through its own office; recorded here on its behalf, it needs its evidence.
    const validation = await request.startValidation({ party: 'Commune', by: 'Mme Roy' });
    expect(await validation.field('Preuve de la validation').isVisible()).toBe(true);
    await validation.submit();
    await expect.poll(() => validation.errorOf('Preuve de la validation').textContent()).toBe('Indiquez la preuve de la validation (courriel, date…).');
    expect(await validation.field('Preuve de la validation').getAttribute('aria-invalid')).toBe('true');
    await request.checkAccessible('validation sans preuve');
    await request.screenshot('15-validation-sans-preuve');
    // The académie validated with its proposal: only the commune's validation is offered.
    expect(await validation.field('Validée au nom de').locator('option').allTextContents()).toEqual(['Commune']);
    await validation.fill('Preuve de la validation', 'courriel du DPD de la commune du 24/11/2026');
    await validation.submit();
    await request.expectRecorded("Valider l'arbitrage");

    allocation = await request.allocation();
    expect(allocation).not.toContain('À arbitrer');
    expect(allocation).not.toContain('en attente');
    expect(allocation).toContain('Académie');
    expect(allocation).toContain('Répartition initiale');
    expect(await request.history()).toContain('par Mme Roy (Commune)');
    const detail = await academie.api<{ events: { type: string; data: Record<string, unknown> }[] }>('requests.get', { id });
    expect(detail.events.at(-1)).toMatchObject({ type: 'allocation.validated', data: { party: 'commune', onBehalf: true, evidence: 'courriel du DPD de la commune du 24/11/2026' } });
  });

  it('answers each right (a refusal needs its reason) and closes', async () => {
    const { id, reference } = await academie.createRequest({ receivedOn: RECEIVED, requesterName: 'Sophie Laurent', rights: ['access', 'rectification'] });
    await request.open(id, reference);
    await request.answer('Accès', { outcome: 'Fait' });
    await request.expectStatus('En cours');

    const refusal = await request.startAnswer('Rectification', { outcome: 'Refusé (motivé)' });
    await refusal.submit();
    // GDPR art. 12(4): said next to the reason's field.
    await expect.poll(() => refusal.errorOf('Motif du refus').textContent()).toBe('Motif : un refus, même partiel, doit être motivé (RGPD art. 12(4)).');
    await request.checkAccessible('suite refusée sans motif');
    await refusal.fill('Motif du refus', 'Les données sont exactes.');
    await refusal.submit();
    await expect.poll(() => request.outcomeOf('Rectification')).toBe('Refusé (motivé) : Les données sont exactes.');
    await request.expectStatus('Répondue');

    await request.changeStatus('Clôturer');
    await request.expectStatus('Clôturée');
    expect(await request.deadline()).toContain('Terminée');
    const history = await request.history();
    // Received, two answers, closed.
    expect(history).toContain('Historique intègre (4 événements)');
    expect(await request.actionLabels()).not.toContain('Prolonger de deux mois');
    await request.checkAccessible('demande clôturée');
    await request.screenshot('12-demande-cloturee');
  });

  it('declares a request inadmissible only with its reason', async () => {
    const { id, reference } = await academie.createRequest({ receivedOn: RECEIVED, requesterName: 'Alain Perrin' });
    await request.open(id, reference);
    const form = await request.startStatusChange('Déclarer irrecevable');
    await form.submit();
    await expect.poll(() => form.alert().textContent()).toContain('Indiquez le motif pour passer la demande de « Reçue » à « Irrecevable »');
    await request.checkAccessible('irrecevable sans motif');
    await form.fill('Motif (obligatoire)', "Demande manifestement excessive (RGPD art. 12(5)) : cinquième demande identique depuis septembre");
    await form.submit();
    await request.expectRecorded('Déclarer irrecevable');
    await request.expectStatus('Irrecevable');
    expect(await request.history()).toContain('cinquième demande identique');
  });

  it('hands over only what the allocation gives the commune; the request stays open as « Transmise »', async () => {
    const own = await academie.createRequest({ receivedOn: RECEIVED, requesterName: 'Claire Martin' });
    await request.open(own.id, own.reference);
    // Allocated to the académie (row 1): this office answers, nothing to hand over.
    expect(await request.hasAction('Transmettre au co-responsable')).toBe(false);

    // Made directly to the commune by a third party (row 4): the commune answers.
    const theirs = await academie.createRequest({ receivedOn: RECEIVED, channel: 'commune', requesterCategory: 'other', requesterName: 'Jean Roux' });
    await request.open(theirs.id, theirs.reference);
    expect(await request.allocation()).toContain('ligne 4');
    await request.handOver({ reason: 'Demande faite directement auprès de la commune (ligne 4 du tableau)' });
    await request.expectStatus('Transmise');
    // Still followed by this office until the commune has answered: the deadline keeps running.
    expect(await request.deadlineDate()).toBe('02/12/2026');
    expect(await request.deadline()).not.toContain('Terminée');
    expect(await request.actionLabels()).toContain('Clôturer (réponse du co-responsable reçue)');
    await request.checkAccessible('demande transmise');

    expect(await request.statusLine()).toContain('Transmise reçue le 02/11/2026 · Accès · réponse attendue du co-responsable');

    // In this office's own list (its default filters), not only under « Les deux » (domain.md, "Handover").
    const list = new RequestListPage(request.page);
    await list.open();
    expect(await list.chosen('Partie')).toMatch(/^À traiter par l'académie ou transmises/);
    await list.search('Jean Roux');
    await list.expectCount('1 demande');
    expect(await list.row(theirs.reference).textContent()).toContain('Transmise · réponse attendue du co-responsable');
    expect(await list.row(theirs.reference).textContent()).not.toContain('Terminée');
    await list.screenshot('49-liste-transmise-suivie');

    // The commune's answer received: closed with what was received, finished at last.
    await list.link(theirs.reference).click();
    await request.expectTitle(`Demande ${theirs.reference}`);
    await request.changeStatus('Clôturer (réponse du co-responsable reçue)', 'Réponse de la commune reçue par courriel');
    await request.expectStatus('Clôturée');
    expect(await request.deadline()).toContain('Terminée');
  });
});

describe('pre-emption (seed 000 annex 1, art. 3.2.2), in the commune office', () => {
  let commune: Office;
  let view: RequestPage;

  beforeAll(async () => {
    commune = await Office.open(browser, { party: 'commune', communeName: 'Fontenay-aux-Roses', preset: 'versailles-fontenay', today: TODAY });
    view = new RequestPage(await commune.newPage({ viewport: { width: 1366, height: 768 } }));
    await new DashboardPage(view.page).waitUntilShown();
  });

  afterAll(async () => {
    await commune?.close();
  });

  it("offers no pre-emption on a parent's request made to the académie: the category row decides", async () => {
    const { id, reference } = await commune.createRequest({ receivedOn: '2026-11-20', requesterName: 'Paul Petit', requesterCategory: 'teacher', rights: ['erasure'] });
    expect(reference).toMatch(/^FAR-C-2026-\d{4}$/);
    await view.open(id, reference);
    const allocation = await view.allocation();
    expect(allocation).toContain('Académie');
    expect(allocation).toContain('ligne 1');
    expect(await view.hasAction('Préempter la demande')).toBe(false);
    // Only a settlement validated by both parties could change it.
    expect(await view.hasAction('Proposer une autre répartition')).toBe(true);
    const detail = await commune.api<{ actions: { claimPreemption: { allowed: boolean; reason: string } }; preemptionParty: string | null }>('requests.get', { id });
    expect(detail.preemptionParty).toBeNull();
    expect(detail.actions.claimPreemption.allowed).toBe(false);
    expect(detail.actions.claimPreemption.reason).toContain("seule une décision d'arbitrage validée par les deux parties");
    await view.checkAccessible('demande d’un enseignant, sans préemption');
  });

  it("lets the commune pre-empt a request made directly to the académie by a third party; the académie's validation needs its evidence", async () => {
    const { id, reference } = await commune.createRequest({ receivedOn: '2026-11-20', requesterName: 'Paul Petit', requesterCategory: 'other', rights: ['erasure'] });
    await view.open(id, reference);
    expect(await view.allocation()).toContain('ligne 3');
    const claim = await view.startPreemption();
    await view.expectText("Seule la commune, qui n'a pas reçu la demande, peut la préempter", claim.form);
    expect(await claim.field('Partie qui préempte').inputValue()).toBe('commune');
    await claim.fill('Demandée par', 'Mme Roy');
    await claim.fill('Motif de la préemption', 'Photos publiées sur le site de la commune');
    await view.checkAccessible('préemption');
    await claim.submit();
    await view.expectRecorded('Préempter la demande');

    // The commune's claim carries its validation: only the académie's is awaited.
    let allocation = await view.allocation();
    expect(allocation).toContain('Préemption en attente');
    expect(allocation).toContain('Validé par Commune (Mme Roy');
    expect(allocation).toContain('Validation attendue : Académie.');
    expect(await view.hasAction('Préempter la demande')).toBe(false);

    const validation = await view.startValidation({ party: 'Académie', by: 'M. Durand' });
    await validation.submit();
    await expect.poll(() => validation.errorOf('Preuve de la validation').textContent()).toBe('Indiquez la preuve de la validation (courriel, date…).');
    await validation.fill('Preuve de la validation', 'point mensuel du 25/11/2026');
    await validation.submit();
    await view.expectRecorded('Valider la préemption');

    allocation = await view.allocation();
    expect(allocation).toContain('Commune');
    expect(allocation).toContain('Préemption par la commune');
    expect(allocation).toContain('Répartition initiale : Académie');
    await view.checkAccessible('préemption validée');
    await view.screenshot('13-preemption');
  });
});

describe('list and dashboard', () => {
  let office: Office;
  let list: RequestListPage;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    office = await Office.open(browser, { party: 'academie', preset: 'versailles-fontenay', today: TODAY });
    // Answered and closed, allocated to the académie.
    const closed = await office.createRequest({ receivedOn: RECEIVED, requesterName: 'Claire Martin' });
    await office.api('requests.answerRight', { id: closed.id, right: 'access', outcome: 'done', answeredOn: '2026-11-20' });
    await office.api('requests.changeStatus', { id: closed.id, to: 'closed', on: '2026-11-20' });
    // Open, allocated to the académie.
    const open = await office.createRequest({ receivedOn: '2026-11-20', requesterName: 'Paul Petit', requesterCategory: 'teacher', rights: ['erasure'] });
    // Open, allocated to the commune (made directly to it by a third party).
    const theirs = await office.createRequest({ receivedOn: '2026-11-10', channel: 'commune', requesterCategory: 'other', requesterName: 'Jean Roux' });
    Object.assign(refs, { closed: closed.reference, open: open.reference, theirs: theirs.reference });
    list = new RequestListPage(await office.newPage({ viewport: { width: 1366, height: 768 } }));
    await new DashboardPage(list.page).waitUntilShown();
  });

  afterAll(async () => {
    await office?.close();
  });

  it('lists, filters, counts and searches; arrows move between requests, Enter opens one', async () => {
    await list.open();
    // The académie office opens on the open requests the académie answers.
    await list.expectCount('1 demande');
    expect(await list.references()).toEqual([refs.open]);
    await list.checkAccessible('demandes');
    await list.filter('Partie', 'Les deux');
    await list.filter('Demandes', 'Toutes');
    await list.expectCount('3 demandes');
    expect(await list.optionText('Statut', 'Clôturée')).toBe('Clôturée (1)');
    expect([...(await list.references())].sort()).toEqual([refs.closed, refs.open, refs.theirs].sort());

    const [first, second] = await list.references();
    await list.focus(first!);
    await list.press('ArrowDown');
    expect(await list.focusedText()).toBe(second);
    await list.press('ArrowUp');
    expect(await list.focusedText()).toBe(first);

    await list.search('PÉTIT');
    await list.expectCount('1 demande');
    await list.focus(refs.open!);
    await list.press('Enter');
    await list.expectTitle(`Demande ${refs.open}`);
  });

  it('shows the requests received by month on the dashboard', async () => {
    const dashboard = await new DashboardPage(list.page).open();
    expect(await dashboard.monthsChart()).toContain('novembre 2026 : 3');
    await dashboard.checkAccessible('tableau de bord');
    await dashboard.screenshot('14-tableau-de-bord');
  });
});
