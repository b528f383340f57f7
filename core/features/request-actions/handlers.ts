// Request actions: each is one `act` (one transaction, recomputed deadlines, one event) whose
// rules come from core: lifecycle transitions, deadlines, allocation decisions.
import {
  applyPreemption,
  assertHandOver,
  claimPreemption,
  preemptionRefusal,
  missingValidations,
  proposeSettlement,
  validatePreemption,
} from '../../allocation';
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { DomainError } from '../../errors';
import { checkExtension, daysBetween } from '../../deadlines';
import { PARTY_LABELS, type Party, type Status } from '../../domain';
import { formatDateFr } from '../../explain';
import { askedItems } from '../../documents/letter-request';
import { toSuspensions } from '../requests/read';
import type { RequestRow } from '../../api/store';
import type { requestActionCalls } from './calls';
import { correctRequest } from './correct';

export function createRequestActionHandlers(ctx: ServiceContext): HandlersOf<typeof requestActionCalls> {
  const { store, clock, newId, office, act, checkDate, transition, requireAgreement, allocationStateOf, allocationColumns } = ctx;

  /** The party this office serves: the one acting (its DPD validates what it proposes). */
  function actingParty() {
    const party = office()?.party;
    if (!party) throw new DomainError('OFFICE_NON_CONFIGURE', "Indiquez d'abord dans Paramètres quelle partie sert cet office.");
    return party;
  }

  /**
   * Each party acts through its own office; its events reach the other office by the exchange.
   * Recording a party's act here for the other party (an office that does not use the app) is
   * possible with the evidence that it was given, kept in the journal and shown with the act.
   */
  function onBehalf(party: Party, evidence: string | null, what: string) {
    const other = party !== actingParty();
    const proof = evidence?.trim() ?? '';
    const name = party === 'commune' ? 'la commune' : "l'académie";
    if (other && !proof) {
      throw new DomainError(
        'PREUVE_REQUISE',
        `${what} au nom de ${name} : elle est normalement faite par son propre office et arrive par l'échange. Pour l'enregistrer ici, indiquez la preuve qu'elle a été donnée (par exemple la date du courriel de son DPD).`,
        { evidence: `Indiquez la preuve de la ${what === 'Validation' ? 'validation' : 'demande'} (courriel, date…).` },
      );
    }
    return {
      by: (by: string) => (other ? `${by} (enregistrée au nom de ${name} ; preuve : ${proof})` : by),
      data: other ? { onBehalf: true, evidence: proof } : {},
    };
  }

  return {
    'requests.correct': (input) => correctRequest(ctx, input),

    // Issue 13: a request typed by mistake (a duplicate, a test) is cancelled with its reason;
    // it leaves the lists and figures, stays under « annulées » with its history; nothing is deleted.
    'requests.cancel': (input) =>
      act(input.id, 'request.cancelled', (row) => ({ patch: transition(row, 'cancelled', input.reason), data: { reason: input.reason, from: row.status } }), 'cancel'),

    // GDPR art. 12(6) and decree 2019-536: asking for the information needed to confirm the
    // requester's identity suspends the art. 12(3) time limits until it is received. A request
    // for clarification (recital 63) is a letter and an event: the deadline keeps running.
    'requests.askInformation': (input) =>
      act(
        input.id,
        'suspension.opened',
        (row) => {
          checkDate(input.sentOn, row, 'sentOn', "Date d'envoi");
          const identity = input.kind === 'identity';
          const suspensionId = newId();
          store.insertSuspension({
            id: suspensionId,
            requestId: row.id,
            kind: input.kind,
            whatAsked: input.whatAsked,
            doubt: identity ? input.doubt : null,
            sentOn: input.sentOn,
            receivedOn: null,
          });
          // What is asked is what is missing (« Manquante ») until its receipt is recorded.
          const asked = identity ? askedItems(input.whatAsked).filter((d) => !row.identityDocumentsReceived.includes(d)) : [];
          return {
            patch: identity
              ? { ...transition(row, 'awaiting-documents'), identityDocumentsMissing: [...new Set([...row.identityDocumentsMissing, ...asked])] }
              : {},
            data: { suspensionId, kind: input.kind, whatAsked: input.whatAsked, sentOn: input.sentOn, ...(identity && input.doubt ? { doubt: input.doubt } : {}) },
          };
        },
        input.kind === 'identity' ? 'askIdentity' : 'askClarification',
      ),

    'requests.informationReceived': (input) =>
      act(
        input.id,
        'suspension.closed',
        (row) => {
          const open = store.getSuspensions([row.id]).filter((x) => x.receivedOn === null);
          const target = open.find((x) => x.kind === (input.kind ?? 'identity')) ?? (input.kind ? undefined : open[0]);
          if (!target) throw new DomainError('AUCUNE_SUSPENSION', "Aucune demande de ce type n'est en attente pour cette demande.");
          checkDate(input.receivedOn, row, 'receivedOn', 'Date de réception');
          if (input.receivedOn < target.sentOn) {
            throw new DomainError('DATE_ANTERIEURE', 'Date de réception : elle ne peut pas précéder la demande.', {
              receivedOn: `Pas avant l'envoi de la demande (${formatDateFr(target.sentOn)}).`,
            });
          }
          const unknown = target.kind === 'identity' ? input.documentsReceived.find((d) => !row.identityDocumentsMissing.includes(d)) : undefined;
          if (unknown !== undefined) {
            throw new DomainError('PIECE_NON_DEMANDEE', `« ${unknown} » ne fait pas partie des pièces manquantes de cette demande : cochez une pièce de la liste.`, {
              documentsReceived: 'Cochez une pièce de la liste des pièces manquantes.',
            });
          }
          store.updateSuspension(target.id, { receivedOn: input.receivedOn });
          const data = { suspensionId: target.id, kind: target.kind, sentOn: target.sentOn, receivedOn: input.receivedOn, days: daysBetween(target.sentOn, input.receivedOn) };
          if (target.kind === 'clarification') return { data };
          return {
            patch: {
              ...transition(row, row.extended ? 'extended' : 'in-progress'),
              identityDocumentsMissing: row.identityDocumentsMissing.filter((d) => !input.documentsReceived.includes(d)),
              identityDocumentsReceived: [...new Set([...row.identityDocumentsReceived, ...input.documentsReceived])],
            },
            data,
          };
        },
        'informationReceived',
      ),

    // GDPR art. 12(3): +2 months given complexity and number of requests, the person told of it
    // with the reasons within the first month (deadlines.md, algorithm 6). A notice given after
    // that is recorded and shown as late, but does not extend: the one-month deadline stays.
    'requests.extend': (input) =>
      act(
        input.id,
        'deadline.extended',
        (row, calendar) => {
          const check = checkExtension({
            receivedOn: row.receivedOn,
            suspensions: toSuspensions(store.getSuspensions([row.id])),
            calendar,
            today: clock.today(),
            notifiedOn: input.notifiedOn,
          });
          if (!check.ok) throw new DomainError(check.error.code, check.error.message, { notifiedOn: check.error.message });
          return {
            patch: {
              ...transition(row, 'extended'),
              extended: true,
              extensionReasons: input.reasons,
              extensionNotifiedOn: check.notifiedOn,
            },
            data: {
              reasons: input.reasons,
              notifiedOn: check.notifiedOn,
              noticeDue: check.noticeDue,
              late: check.late,
              ...(check.warning ? { summary: check.warning } : {}),
            },
          };
        },
        'extend',
      ),

    // Seed 000 annex 1, 3.2.2: "sauf préemption … validée par les parties" — on a receipt-channel
    // row, by the party that did not receive the request (core/allocation.ts).
    'requests.claimPreemption': (input) =>
      act(
        input.id,
        'allocation.preemption-claimed',
        (row) => {
          const rules = requireAgreement(row.agreementId).rules;
          // The claiming party's DPD validates with the claim: made here for the other party, it
          // needs the evidence that party made it (its own office would send it by the exchange).
          const refusal = preemptionRefusal(allocationStateOf(row), input.party, rules);
          if (refusal) throw refusal;
          const behalf = onBehalf(input.party, input.evidence, 'Demande de préemption');
          const pending = claimPreemption(allocationStateOf(row), input.party, { by: behalf.by(input.by), at: clock.now(), reason: input.reason }, rules);
          return { patch: { preemption: pending }, data: { party: input.party, by: input.by, reason: input.reason, ...behalf.data } };
        },
        'claimPreemption',
      ),

    // domain.md: either party proposes the other allocation (or confirms the proposed one); it takes
    // effect once both have validated. The proposing office's DPD validates in the same step.
    'requests.proposeSettlement': (input) =>
      act(
        input.id,
        'allocation.settlement-proposed',
        (row) => {
          const proposedBy = actingParty();
          const pending = proposeSettlement(allocationStateOf(row), input.party, { proposedBy, by: input.by, at: clock.now(), reason: input.reason });
          return { patch: { preemption: pending }, data: { party: input.party, by: input.by, reason: input.reason } };
        },
        'proposeSettlement',
      ),

    'requests.validateDecision': (input) =>
      act(
        input.id,
        'allocation.validated',
        (row) => {
          // Each party validates through its own office: its signed event reaches the other office
          // by the exchange. Recording the other party's validation here is possible only "on its
          // behalf", with the evidence that it was given (for an office that does not use the app).
          const behalf = onBehalf(input.party, input.evidence, 'Validation');
          const validated = validatePreemption(row.preemption!, { party: input.party, by: behalf.by(input.by), at: clock.now() });
          const who = { party: input.party, by: input.by, ...behalf.data };
          if (missingValidations(validated).length > 0) {
            return { patch: { preemption: validated }, data: { ...who, applied: false } };
          }
          const state = applyPreemption(validated, clock.now());
          return {
            patch: { ...allocationColumns(state), preemption: null },
            data: { ...who, applied: true, kind: validated.kind, allocation: { party: state.party, reason: state.reason } },
          };
        },
        'validateDecision',
      ),

    'requests.cancelDecision': (input) =>
      act(input.id, 'allocation.decision-cancelled', () => ({ patch: { preemption: null }, data: { reason: input.reason } }), 'cancelDecision'),

    // GDPR art. 26(3): the request and its documents go to the co-controller the allocation names;
    // the person is told who answers. The handing office keeps following it ("transmise").
    'requests.handOver': (input) =>
      act(
        input.id,
        'request.handed-over',
        (row) => {
          checkDate(input.on, row, 'on', 'Date de transmission');
          const to = assertHandOver(allocationStateOf(row), actingParty(), row.preemption);
          return {
            patch: transition(row, 'handed-over'),
            data: { on: input.on, reason: input.reason, to: PARTY_LABELS[to] },
          };
        },
        'handOver',
      ),

    'requests.answerRight': (input) =>
      act(input.id, 'right.answered', (row) => {
        checkDate(input.answeredOn, row, 'answeredOn', 'Date de la réponse');
        const rights = store.getRights(row.id);
        const target = rights.find((r) => r.right === input.right);
        if (!target) throw new DomainError('DROIT_NON_DEMANDE', "Ce droit n'a pas été exercé dans cette demande.", { right: 'Choisissez un droit de la demande.' });
        const reasoned = input.outcome === 'refused' || input.outcome === 'partly';
        const patch = {
          outcome: input.outcome,
          refusalReason: reasoned ? input.refusalReason : null,
          erasureException: reasoned && input.right === 'erasure' ? input.erasureException : null,
          answeredOn: input.answeredOn,
        };
        store.updateRight(row.id, input.right, patch);
        const allAnswered = rights.every((r) => r.right === input.right || r.outcome !== null);
        // A request handed over stays « transmise », answered by the co-controller, until the
        // handing office closes it (domain.md, "Handover": it follows it, with the answer date).
        const status: Status = row.status === 'handed-over' ? row.status : allAnswered ? 'answered' : row.status === 'received' ? 'in-progress' : row.status;
        return {
          patch: transition(row, status),
          data: { right: input.right, before: { outcome: target.outcome, answeredOn: target.answeredOn }, after: patch },
        };
      }, 'answerRight'),

    'requests.changeStatus': (input) =>
      act(input.id, 'status.changed', (row) => {
        const on = input.on ?? clock.today();
        if (input.on) checkDate(input.on, row, 'on', 'Date');
        const patch: Partial<RequestRow> = transition(row, input.to, input.reason);
        if (input.to === 'closed' || input.to === 'inadmissible' || input.to === 'withdrawn') patch.closedOn = on;
        if (input.to === 'in-progress') patch.closedOn = null;
        return { patch, data: { from: row.status, to: input.to, reason: input.reason, on } };
      }),

    // Seed 003 annex 2: the processor deletes or modifies the data within 15 calendar days of
    // the controller's instruction (deadlines.md, algorithm 8).
    'requests.processorDeletion': (input) =>
      act(
        input.id,
        'processor.deletion-instructed',
        (row) => {
          checkDate(input.instructedOn, row, 'instructedOn', "Date de l'instruction d'effacement");
          return { patch: { processorDeletionInstructedOn: input.instructedOn }, data: { instructedOn: input.instructedOn } };
        },
        'processor',
      ),

    // Seed 003 annex 2 X.4: when the processor actually forwarded the request and deleted the data,
    // and the reference of its deletion certificate ("attestation"), so a late one shows as late.
    'requests.processorDone': (input) =>
      act(
        input.id,
        'processor.done',
        (row) => {
          if (input.forwardedOn) {
            // The processor forwards before the controllers receive: bounded by its own receipt and today.
            if (input.forwardedOn > clock.today()) {
              throw new DomainError('DATE_FUTURE', "Date de transmission par l'éditeur : elle ne peut pas être dans le futur.", {
                forwardedOn: `Pas après aujourd'hui (${formatDateFr(clock.today())}).`,
              });
            }
            if (row.processorReceivedOn && input.forwardedOn < row.processorReceivedOn) {
              throw new DomainError('DATE_ANTERIEURE', "Date de transmission par l'éditeur : pas avant sa réception de la demande.", {
                forwardedOn: `Pas avant le ${formatDateFr(row.processorReceivedOn)}.`,
              });
            }
          }
          if (input.deletedOn) {
            if (!row.processorDeletionInstructedOn) {
              throw new DomainError('AUCUNE_INSTRUCTION', "Enregistrez d'abord l'instruction d'effacement donnée à l'éditeur.", {
                deletedOn: "Aucune instruction d'effacement enregistrée.",
              });
            }
            checkDate(input.deletedOn, row, 'deletedOn', "Date de l'effacement par l'éditeur");
          }
          const patch: Partial<RequestRow> = {
            ...(input.forwardedOn ? { processorForwardedOn: input.forwardedOn } : {}),
            ...(input.deletedOn ? { processorDeletedOn: input.deletedOn } : {}),
            ...(input.deletionCertificate ? { processorDeletionCertificate: input.deletionCertificate } : {}),
          };
          return { patch, data: { ...patch } };
        },
        'processor',
      ),

    // Seed 000 annex 1, 3.2.1: the DPDs must be able to receive, from each controller and
    // processor, a machine-readable file with all the requester's data.
    'requests.dataFile': (input) =>
      act(input.id, 'data-file.recorded', (row) => {
        if (input.requestedOn) checkDate(input.requestedOn, row, 'requestedOn', 'Fichier demandé le');
        if (input.receivedOn) checkDate(input.receivedOn, row, 'receivedOn', 'Fichier reçu le');
        return {
          patch: { dataFileRequestedOn: input.requestedOn, dataFileReceivedOn: input.receivedOn },
          data: { from: input.from },
        };
      }),
  };
}
