// Request actions: each is one `act` (one transaction, recomputed deadlines, one event) whose
// rules come from core: lifecycle transitions, deadlines, allocation decisions.
import {
  applyPreemption,
  claimPreemption,
  missingValidations,
  proposeSettlement,
  validatePreemption,
} from '../../allocation';
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { DomainError } from '../../errors';
import { checkExtension, daysBetween } from '../../deadlines';
import { PARTY_LABELS, type Status } from '../../domain';
import { formatDateFr } from '../../explain';
import { toSuspensions } from '../requests/read';
import type { RequestRow } from '../../api/store';
import type { requestActionCalls } from './calls';

export function createRequestActionHandlers(ctx: ServiceContext): HandlersOf<typeof requestActionCalls> {
  const { store, clock, newId, office, act, checkDate, transition, requireAgreement, allocationStateOf, allocationColumns, openSuspension } = ctx;
  return {
    // Decree 2019-536: asking for the information needed to confirm the requester's identity
    // suspends the GDPR art. 12(3) time limits until it is received.
    'requests.askInformation': (input) =>
      act(input.id, 'suspension.opened', (row) => {
        checkDate(input.sentOn, row, 'sentOn', "Date d'envoi");
        if (openSuspension(row.id)) {
          throw new DomainError('SUSPENSION_OUVERTE', 'Une demande de pièces est déjà en attente : enregistrez d’abord leur réception.');
        }
        const status = transition(row, 'awaiting-documents');
        store.insertSuspension({ id: newId(), requestId: row.id, kind: input.kind, whatAsked: input.whatAsked, doubt: input.doubt, sentOn: input.sentOn, receivedOn: null });
        return { patch: status, data: { kind: input.kind, whatAsked: input.whatAsked, sentOn: input.sentOn } };
      }),

    'requests.informationReceived': (input) =>
      act(input.id, 'suspension.closed', (row) => {
        const open = openSuspension(row.id);
        if (!open) throw new DomainError('AUCUNE_SUSPENSION', "Aucune demande de pièces n'est en attente pour cette demande.");
        checkDate(input.receivedOn, row, 'receivedOn', 'Date de réception des pièces');
        if (input.receivedOn < open.sentOn) {
          throw new DomainError('DATE_ANTERIEURE', 'Date de réception des pièces : elle ne peut pas précéder leur demande.', {
            receivedOn: `Pas avant l'envoi de la demande de pièces (${formatDateFr(open.sentOn)}).`,
          });
        }
        store.updateSuspension(open.id, { receivedOn: input.receivedOn });
        const missing = row.identityDocumentsMissing.filter((d) => !input.documentsReceived.includes(d));
        const received = [...new Set([...row.identityDocumentsReceived, ...input.documentsReceived])];
        return {
          patch: {
            ...transition(row, row.extended ? 'extended' : 'in-progress'),
            identityDocumentsMissing: missing,
            identityDocumentsReceived: received,
          },
          data: { sentOn: open.sentOn, receivedOn: input.receivedOn, days: daysBetween(open.sentOn, input.receivedOn) },
        };
      }),

    // GDPR art. 12(3): +2 months given complexity and number of requests, the person told
    // of it with the reasons within the first month (deadlines.md, algorithm 6).
    'requests.extend': (input) =>
      act(input.id, 'deadline.extended', (row, calendar) => {
        if (row.extended) throw new DomainError('DEJA_PROLONGEE', 'Le délai de cette demande est déjà prolongé : il ne peut l’être qu’une fois (RGPD art. 12(3)).');
        if (openSuspension(row.id)) {
          throw new DomainError('SUSPENSION_OUVERTE', 'Des pièces sont attendues : enregistrez leur réception avant de prolonger le délai.');
        }
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
          data: { reasons: input.reasons, notifiedOn: check.notifiedOn, noticeDue: check.noticeDue, late: check.late },
        };
      }),

    // Seed 000 annex 1, 3.2.2: "sauf préemption … validée par les parties".
    'requests.claimPreemption': (input) =>
      act(input.id, 'allocation.preemption-claimed', (row) => {
        if (row.preemption) throw new DomainError('DECISION_EN_ATTENTE', 'Une préemption ou un arbitrage attend déjà la validation des parties.');
        const rules = requireAgreement(row.agreementId).rules;
        const pending = claimPreemption(allocationStateOf(row), input.party, { by: input.by, at: clock.now(), reason: input.reason }, rules);
        return { patch: { preemption: pending }, data: { party: input.party, by: input.by, reason: input.reason } };
      }),

    // domain.md: a request to settle stays in the agenda until both DPDs validate the decision.
    'requests.proposeSettlement': (input) =>
      act(input.id, 'allocation.settlement-proposed', (row) => {
        if (row.preemption) throw new DomainError('DECISION_EN_ATTENTE', 'Une préemption ou un arbitrage attend déjà la validation des parties.');
        const proposedBy = office()?.party ?? input.party;
        const pending = proposeSettlement(allocationStateOf(row), input.party, { proposedBy, by: input.by, at: clock.now(), reason: input.reason });
        return { patch: { preemption: pending }, data: { party: input.party, by: input.by, reason: input.reason } };
      }),

    'requests.validateDecision': (input) =>
      act(input.id, 'allocation.validated', (row) => {
        const pending = row.preemption;
        if (!pending) throw new DomainError('AUCUNE_DECISION', "Aucune préemption ni aucun arbitrage n'attend de validation pour cette demande.");
        const validated = validatePreemption(pending, { party: input.party, by: input.by, at: clock.now() });
        if (missingValidations(validated).length > 0) {
          return { patch: { preemption: validated }, data: { party: input.party, by: input.by, applied: false } };
        }
        const state = applyPreemption(validated, clock.now());
        return {
          patch: { ...allocationColumns(state), preemption: null },
          data: { party: input.party, by: input.by, applied: true, kind: validated.kind, allocation: { party: state.party, reason: state.reason } },
        };
      }),

    'requests.cancelDecision': (input) =>
      act(input.id, 'allocation.decision-cancelled', (row) => {
        if (!row.preemption) throw new DomainError('AUCUNE_DECISION', "Aucune préemption ni aucun arbitrage n'est en attente pour cette demande.");
        return { patch: { preemption: null }, data: { reason: input.reason } };
      }),

    // GDPR art. 26(3): the request and its documents go to the co-controller; the person is told who answers.
    'requests.handOver': (input) =>
      act(input.id, 'request.handed-over', (row) => {
        checkDate(input.on, row, 'on', 'Date de transmission');
        const to = row.allocationParty;
        return {
          patch: { ...transition(row, 'handed-over'), closedOn: input.on },
          data: { on: input.on, reason: input.reason, to: to ? PARTY_LABELS[to] : null },
        };
      }),

    'requests.answerRight': (input) =>
      act(input.id, 'right.answered', (row) => {
        checkDate(input.answeredOn, row, 'answeredOn', 'Date de la réponse');
        const rights = store.getRights(row.id);
        const target = rights.find((r) => r.right === input.right);
        if (!target) throw new DomainError('DROIT_NON_DEMANDE', "Ce droit n'a pas été exercé dans cette demande.", { right: 'Choisissez un droit de la demande.' });
        if (!['received', 'in-progress', 'extended', 'answered'].includes(row.status)) {
          throw new DomainError('STATUT_INCOMPATIBLE', `Une demande « ${row.status === 'awaiting-documents' ? 'en attente de pièces' : 'terminée'} » ne reçoit pas de réponse : ${row.status === 'awaiting-documents' ? 'enregistrez d’abord la réception des pièces' : 'rouvrez-la d’abord'}.`);
        }
        const reasoned = input.outcome === 'refused' || input.outcome === 'partly';
        const patch = {
          outcome: input.outcome,
          refusalReason: reasoned ? input.refusalReason : null,
          erasureException: reasoned && input.right === 'erasure' ? input.erasureException : null,
          answeredOn: input.answeredOn,
        };
        store.updateRight(row.id, input.right, patch);
        const allAnswered = rights.every((r) => r.right === input.right || r.outcome !== null);
        const status: Status = allAnswered ? 'answered' : row.status === 'received' ? 'in-progress' : row.status;
        return {
          patch: transition(row, status),
          data: { right: input.right, before: { outcome: target.outcome, answeredOn: target.answeredOn }, after: patch },
        };
      }),

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
      act(input.id, 'processor.deletion-instructed', (row) => {
        checkDate(input.instructedOn, row, 'instructedOn', "Date de l'instruction d'effacement");
        return { patch: { processorDeletionInstructedOn: input.instructedOn }, data: { instructedOn: input.instructedOn } };
      }),

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
