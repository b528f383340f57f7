// A request's screen (renderer/src/screens/RequestView.tsx) and its actions
// (RequestActions.tsx): only the actions core/actions.ts allows now are offered, each a button
// that opens a small form; once recorded, what it recorded is announced (« Prolongation enregistrée. »).
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import { Screen, typeDate } from './app';
import { EVENT_CONFIRMATIONS, type EventType } from '../../../core/events';

/** The event an action of the request screen records, by the action's button (status changes otherwise). */
const ACTION_EVENTS: Record<string, EventType> = {
  'Annuler la demande (saisie par erreur)': 'request.cancelled',
  'Demander des pièces ou précisions': 'suspension.opened',
  'Enregistrer la réception des pièces': 'suspension.closed',
  'Enregistrer la réponse aux précisions': 'suspension.closed',
  'Prolonger de deux mois': 'deadline.extended',
  'Proposer une autre répartition': 'allocation.settlement-proposed',
  'Confirmer ou arbitrer la répartition': 'allocation.settlement-proposed',
  'Préempter la demande': 'allocation.preemption-claimed',
  "Valider l'arbitrage": 'allocation.validated',
  'Valider la préemption': 'allocation.validated',
  Abandonner: 'allocation.decision-cancelled',
  'Transmettre au co-responsable': 'request.handed-over',
  "Instruction d'effacement à l'éditeur": 'processor.deletion-instructed',
  "Ce qu'a fait l'éditeur": 'processor.done',
  'Fichier des données (format structuré)': 'data-file.recorded',
};
const recordedBy = (label: string): EventType => ACTION_EVENTS[label] ?? (label.startsWith('Suite : ') ? 'right.answered' : 'status.changed');

/** An action's form, opened by its button. */
export class ActionFormPart {
  constructor(
    readonly form: Locator,
    private readonly submitLabel: string,
  ) {}

  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true });
  }

  /** The error shown next to the field labelled `label`. */
  errorOf(label: string): Locator {
    return this.form.locator('.field', { has: this.form.page().getByLabel(label, { exact: true }) }).locator('.field-error');
  }

  /** The form's own error banner (the refusal as a whole). */
  alert(): Locator {
    return this.form.getByRole('alert');
  }

  fill(label: string, value: string): Promise<void> {
    return this.field(label).fill(value);
  }

  /** Types a date in the French date field labelled `label` (see typeDate). */
  date(label: string, date: string): Promise<void> {
    return typeDate(this.field(label), date);
  }

  async choose(label: string, option: string): Promise<void> {
    await this.field(label).selectOption({ label: option });
  }

  submit(): Promise<void> {
    return this.form.getByRole('button', { name: this.submitLabel, exact: true }).click();
  }
}

export type PartyLabel = 'Commune' | 'Académie';

export class RequestPage extends Screen {
  /** Opens the request by its address (`#/demandes/<id>`) and waits for its title. */
  async open(id: string, reference?: string): Promise<this> {
    await this.goto(`#/demandes/${id}`);
    await this.expectTitle(reference ? `Demande ${reference}` : /^Demande /);
    return this;
  }

  region(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  /** The line under the title: status, « reçue le 05/03/2026 », allocation. */
  statusLine(): Promise<string | null> {
    return this.page.locator('.status-line').textContent();
  }

  /** The status badge: « Reçue », « En attente de pièces », « Transmise »… */
  status(): Promise<string | null> {
    return this.page.locator('.status-line .badge').textContent();
  }

  async expectStatus(status: string): Promise<void> {
    await expect.poll(() => this.status()).toBe(status);
  }

  /** Who answers, why, and any decision waiting for validation. */
  allocation(): Promise<string | null> {
    return this.region('Répartition').textContent();
  }

  /** The « Échéance » card as a whole (date, days left, how it was computed, extension). */
  deadline(): Promise<string | null> {
    return this.region('Échéance').textContent();
  }

  /** The deadline in force as shown (« 02/12/2026 », or « en attente des pièces » while suspended). */
  deadlineDate(): Promise<string | null> {
    return this.region('Échéance').locator('.tip-target').first().textContent();
  }

  history(): Promise<string | null> {
    return this.region('Historique').textContent();
  }

  /** The history's entries, one text each, oldest first. */
  historyEntries(): Promise<string[]> {
    return this.region('Historique').locator('ol.timeline > li').allTextContents();
  }

  /** Follows « Corriger la saisie » to the correction form. */
  async startCorrection(reference: string): Promise<void> {
    await this.page.getByRole('link', { name: 'Corriger la saisie', exact: true }).click();
    await this.expectTitle(`Corriger la demande ${reference}`);
  }

  /** « Annuler la demande (saisie par erreur) » with its reason. */
  cancel(reason: string): Promise<void> {
    return this.act('Annuler la demande (saisie par erreur)', "Confirmer l'annulation", (f) => f.fill("Motif de l'annulation", reason));
  }

  /** The « Actions » section: one button per action possible now. */
  actions(): Locator {
    return this.region('Actions');
  }

  /** The labels of the actions offered now. */
  async actionLabels(): Promise<string[]> {
    return this.actions().locator('.action > button').allTextContents();
  }

  async hasAction(label: string): Promise<boolean> {
    return this.hasButton(label, this.actions());
  }

  /** Opens the action `label` and returns its form, submitted with `submitLabel`. */
  async openAction(label: string, submitLabel: string): Promise<ActionFormPart> {
    await this.button(label, this.actions()).click();
    return new ActionFormPart(this.page.getByRole('form', { name: label }), submitLabel);
  }

  /** Waits for the past-participle confirmation of what an action records (« Prolongation enregistrée. »). */
  async expectRecorded(label: string): Promise<void> {
    const message = `${EVENT_CONFIRMATIONS[recordedBy(label)]}.`;
    await expect.poll(() => this.page.locator('.banner-ok[role="status"]').first().textContent()).toBe(message);
  }

  private async act(label: string, submitLabel: string, fill: (f: ActionFormPart) => Promise<void>): Promise<void> {
    const form = await this.openAction(label, submitLabel);
    await fill(form);
    await form.submit();
    await this.expectRecorded(label);
  }

  // --- Documents and clarification ------------------------------------------------------------

  /** Asks for identity documents (a reasonable doubt): the deadline is suspended until they arrive. */
  askIdentityDocuments({ what, doubt, sentOn }: { what: string; doubt?: string; sentOn?: string }): Promise<void> {
    return this.act('Demander des pièces ou précisions', 'Enregistrer la demande de pièces', async (f) => {
      await f.choose('Objet', "Pièces d'identité (doute raisonnable, RGPD art. 12(6))");
      if (doubt) await f.fill("Doute raisonnable sur l'identité", doubt);
      await f.fill('Ce qui est demandé', what);
      if (sentOn) await f.date("Date d'envoi", sentOn);
    });
  }

  /** Asks the requester to clarify the request: the deadline keeps running (recital 63). */
  askClarification({ what, sentOn }: { what: string; sentOn?: string }): Promise<void> {
    return this.act('Demander des pièces ou précisions', 'Enregistrer la demande de pièces', async (f) => {
      await f.choose('Objet', 'Précisions sur la demande');
      await f.fill('Ce qui est demandé', what);
      if (sentOn) await f.date("Date d'envoi", sentOn);
    });
  }

  /** Opens « Enregistrer la réception des pièces » with its date, without submitting (every missing document is ticked). */
  async startDocumentsReceived(on: string): Promise<ActionFormPart> {
    const f = await this.openAction('Enregistrer la réception des pièces', 'Enregistrer la réception');
    await f.date('Date de réception des pièces', on);
    return f;
  }

  /** The « Pièces justificatives » section: « Manquante : … », « Reçue : … », the requests sent. */
  identityDocuments(): Promise<string[]> {
    return this.region('Pièces justificatives').locator('ul > li').allTextContents();
  }

  recordDocumentsReceived(on: string): Promise<void> {
    return this.act('Enregistrer la réception des pièces', 'Enregistrer la réception', (f) => f.date('Date de réception des pièces', on));
  }

  recordClarificationAnswer(on: string): Promise<void> {
    return this.act('Enregistrer la réponse aux précisions', 'Enregistrer la réception', (f) => f.date('Date de la réponse', on));
  }

  // --- Extension ------------------------------------------------------------------------------

  /** Opens « Prolonger de deux mois » filled, without submitting (to read its warning). */
  async startExtension({ reasons, notifiedOn }: { reasons: string; notifiedOn?: string }): Promise<ActionFormPart> {
    const f = await this.openAction('Prolonger de deux mois', 'Enregistrer la prolongation');
    await f.fill('Motifs de la prolongation', reasons);
    if (notifiedOn) await f.date('Personne informée le', notifiedOn);
    return f;
  }

  async extend(extension: { reasons: string; notifiedOn?: string }): Promise<void> {
    const f = await this.startExtension(extension);
    await f.submit();
    await this.expectRecorded('Prolonger de deux mois');
  }

  // --- Allocation: settlement, pre-emption, validation, handover ---------------------------------

  /** The settlement action: « Confirmer ou arbitrer la répartition » on a request to confirm, else « Proposer une autre répartition ». */
  async settlementAction(): Promise<string> {
    return (await this.hasAction('Confirmer ou arbitrer la répartition')) ? 'Confirmer ou arbitrer la répartition' : 'Proposer une autre répartition';
  }

  /** Proposes who answers; this office validates its own proposal in the same step. */
  async proposeSettlement({ party, by, reason }: { party: PartyLabel; by: string; reason: string }): Promise<void> {
    await this.act(await this.settlementAction(), "Proposer l'arbitrage", async (f) => {
      await f.choose('Partie qui répondra', party);
      await f.fill('Proposé par', by);
      await f.fill("Motif de l'arbitrage", reason);
    });
  }

  /** Opens « Préempter la demande » (offered only when a party may pre-empt). */
  startPreemption(): Promise<ActionFormPart> {
    return this.openAction('Préempter la demande', 'Enregistrer la préemption');
  }

  /** Claims the request for `party` (by default the one party the form offers) and clicks « Enregistrer la préemption ». */
  async preempt({ party, by, reason }: { party?: PartyLabel; by: string; reason: string }): Promise<void> {
    const f = await this.startPreemption();
    if (party) await f.choose('Partie qui préempte', party);
    await f.fill('Demandée par', by);
    await f.fill('Motif de la préemption', reason);
    await f.submit();
    await this.expectRecorded('Préempter la demande');
  }

  /** The validation action offered for the pending decision. */
  async validationAction(): Promise<string> {
    return (await this.hasAction('Valider la préemption')) ? 'Valider la préemption' : "Valider l'arbitrage";
  }

  /** Opens the validation form filled for `party`, without submitting. */
  async startValidation({ party, by, evidence }: { party: PartyLabel; by: string; evidence?: string }): Promise<ActionFormPart> {
    const f = await this.openAction(await this.validationAction(), 'Enregistrer la validation');
    await f.choose('Validée au nom de', party);
    await f.fill('Validée par', by);
    if (evidence !== undefined) await f.fill('Preuve de la validation', evidence);
    return f;
  }

  /** Records a party's validation; for the other party's, with the evidence it was given. */
  async validate(validation: { party: PartyLabel; by: string; evidence?: string }): Promise<void> {
    const label = await this.validationAction();
    const f = await this.startValidation(validation);
    await f.submit();
    await this.expectRecorded(label);
  }

  handOver({ reason, on }: { reason: string; on?: string }): Promise<void> {
    return this.act('Transmettre au co-responsable', 'Enregistrer la transmission', async (f) => {
      if (on) await f.date('Date de transmission', on);
      await f.fill('Motif de la transmission', reason);
    });
  }

  // --- Status and answers ------------------------------------------------------------------------

  /** Opens a status change (« Clôturer », « Déclarer irrecevable »…) filled, without confirming. */
  async startStatusChange(action: string, reason?: string): Promise<ActionFormPart> {
    const f = await this.openAction(action, 'Confirmer');
    if (reason !== undefined) {
      const required = f.field('Motif (obligatoire)');
      await ((await required.count()) > 0 ? required : f.field('Motif ou commentaire')).fill(reason);
    }
    return f;
  }

  async changeStatus(action: string, reason?: string): Promise<void> {
    const f = await this.startStatusChange(action, reason);
    await f.submit();
    await this.expectRecorded(action);
  }

  /** The row of a right in « Droits exercés ». */
  rightRow(right: string): Locator {
    return this.region('Droits exercés').locator('tbody tr', { has: this.page.getByRole('cell', { name: right, exact: true }) });
  }

  /** What was decided for a right (« En attente », « Fait », « Refusé (motivé) : … »). */
  outcomeOf(right: string): Promise<string | null> {
    return this.rightRow(right).getByRole('cell').nth(1).textContent();
  }

  /** Opens « Suite : <right> » and chooses the outcome, without saving. */
  async startAnswer(right: string, { outcome, reason, exception }: { outcome: string; reason?: string; exception?: string }): Promise<ActionFormPart> {
    await this.rightRow(right).getByRole('button', { name: `Suite : ${right}`, exact: true }).click();
    const f = new ActionFormPart(this.page.getByRole('form', { name: `Suite : ${right}` }), 'Enregistrer la suite');
    await f.choose('Suite donnée', outcome);
    if (exception) await f.field("Exception de l'article 17(3) du RGPD").selectOption(exception);
    if (reason) await f.fill(outcome.startsWith('Refusé') ? 'Motif du refus' : "Motif de ce qui n'est pas fait", reason);
    return f;
  }

  /** Records the outcome of one right and waits for the table to show it. */
  async answer(right: string, answer: { outcome: string; reason?: string; exception?: string }): Promise<void> {
    const f = await this.startAnswer(right, answer);
    await f.submit();
    await expect.poll(() => this.outcomeOf(right)).toBe(answer.reason ? `${answer.outcome} : ${answer.reason}` : answer.outcome);
  }

  /** The « Courriers » section: one button per letter kind, the documents saved. */
  letters(): Locator {
    return this.region('Courriers');
  }

  /** Opens a letter of the request from its button in « Courriers ». */
  async openLetter(label: string): Promise<void> {
    await this.button(label, this.letters()).click();
  }
}
