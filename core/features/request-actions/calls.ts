// Request actions: every change to a request after intake (suspension, extension, allocation
// decisions, handover, answers, status, data file, processor). Each answers the request as it now is.
import { z } from 'zod';
import { ERASURE_EXCEPTIONS, OUTCOMES } from '../../domain';
import { id, isoDate, partySchema, required, rightSchema, text } from '../../api/schemas';
import { newRequestSchema, requestDetailSchema } from '../requests/calls';

const requestId = z.object({ id });
const reason = (what: string) => required(2000, what);
const notFuture = (what: string) => isoDate(what);

/** The facts a correction may change: those typed at intake (core/corrections.ts), all sent, the service compares. */
const correctedFacts = newRequestSchema.omit({
  agreementId: true,
  identityDocumentsReceived: true,
  identityDocumentsMissing: true,
  attachments: true,
  confirmedDate: true,
});

const actionInputs = {
  /** Issue 13: correcting what was typed, with a reason; deadlines and allocation recomputed. */
  'requests.correct': {
    input: correctedFacts
      .extend({
        id,
        reason: reason('Motif de la correction'),
        /**
         * What the user confirmed after being asked: an unlikely received date ('date'), the
         * replacement of an allocation decided by both parties or awaiting their validation ('allocation').
         */
        confirmed: z.array(z.enum(['date', 'allocation'])).default([]),
      })
      .strict(),
  },
  /** A request typed by mistake (a duplicate, a test): cancelled with its reason, nothing deleted. */
  'requests.cancel': {
    input: requestId.extend({ reason: reason("Motif de l'annulation") }).strict(),
  },
  'requests.askInformation': {
    input: requestId
      .extend({
        kind: z.enum(['identity', 'clarification'], { error: 'Objet de la demande : pièces d’identité ou précisions.' }),
        whatAsked: reason('Ce qui est demandé'),
        /** For an identity request: the specific reasonable doubt the letter states (GDPR art. 12(6)). */
        doubt: text(1000, 'Doute sur l’identité').nullable().default(null),
        sentOn: notFuture("Date d'envoi de la demande de pièces"),
      })
      .strict(),
  },
  'requests.informationReceived': {
    input: requestId
      .extend({
        /** Which request is answered when both are open (default: the identity request). */
        kind: z.enum(['identity', 'clarification'], { error: 'Objet : pièces d’identité ou précisions.' }).optional(),
        receivedOn: notFuture('Date de réception des pièces'),
        documentsReceived: z.array(text(300, 'Pièce reçue')).max(30, 'Pièces reçues : 30 au plus.').default([]),
      })
      .strict(),
  },
  'requests.extend': {
    input: requestId
      .extend({
        reasons: reason('Motifs de la prolongation'),
        /** When the person was told (default: today). */
        notifiedOn: notFuture('Date de notification de la prolongation').nullable().default(null),
      })
      .strict(),
  },
  'requests.claimPreemption': {
    input: requestId
      .extend({
        party: partySchema,
        by: required(200, 'Auteur'),
        reason: reason('Motif de la préemption'),
        /** For a claim recorded on behalf of the other party: what shows it made it (see validateDecision). */
        evidence: text(500, 'Preuve de la demande').nullable().default(null),
      })
      .strict(),
  },
  'requests.proposeSettlement': {
    input: requestId
      .extend({ party: partySchema, by: required(200, 'Auteur'), reason: reason("Motif de l'arbitrage") })
      .strict(),
  },
  'requests.validateDecision': {
    input: requestId
      .extend({
        party: partySchema,
        by: required(200, 'Validé par'),
        /**
         * For a validation recorded on behalf of the other party (an office that does not use the
         * app): what shows it was given, e.g. "courriel du DPD de la commune du 12/03/2026".
         */
        evidence: text(500, 'Preuve de la validation').nullable().default(null),
      })
      .strict(),
  },
  'requests.cancelDecision': {
    input: requestId.extend({ reason: reason("Motif de l'abandon") }).strict(),
  },
  'requests.handOver': {
    input: requestId
      .extend({ on: notFuture('Date de transmission'), reason: reason('Motif de la transmission') })
      .strict(),
  },
  'requests.answerRight': {
    input: requestId
      .extend({
        right: rightSchema,
        outcome: z.enum(OUTCOMES, { error: 'Suite donnée : choisissez une suite.' }),
        /** The reason, for a refused or partly done right. */
        refusalReason: text(2000, 'Motif du refus').nullable().default(null),
        /** For a refused or partial erasure: the art. 17(3) point relied on. */
        erasureException: z.enum(ERASURE_EXCEPTIONS, { error: 'Exception : un point de l’article 17(3), de a à e.' }).nullable().default(null),
        answeredOn: notFuture('Date de la réponse'),
      })
      .strict()
      // GDPR art. 12(4): a refusal, even in part, states its reasons.
      .refine((a) => (a.outcome !== 'refused' && a.outcome !== 'partly') || (a.refusalReason ?? '').length > 0, {
        message: 'Motif : un refus, même partiel, doit être motivé (RGPD art. 12(4)).',
        path: ['refusalReason'],
      })
      .refine((a) => a.right !== 'erasure' || (a.outcome !== 'refused' && a.outcome !== 'partly') || a.erasureException !== null, {
        message: "Exception : un effacement refusé ou partiel cite le point de l'article 17(3) du RGPD qui s'applique.",
        path: ['erasureException'],
      }),
  },
  'requests.changeStatus': {
    input: requestId
      .extend({
        to: z.enum(['in-progress', 'closed', 'inadmissible', 'withdrawn'], { error: 'Statut demandé inconnu.' }),
        reason: text(2000, 'Motif').default(''),
        on: notFuture('Date').optional(),
      })
      .strict(),
  },
  'requests.processorDeletion': {
    input: requestId.extend({ instructedOn: notFuture("Date de l'instruction d'effacement") }).strict(),
  },
  /** Seed 003 annex 2 X.4: what the processor actually did, and when. */
  'requests.processorDone': {
    input: requestId
      .extend({
        forwardedOn: notFuture("Date de transmission par l'éditeur").nullable().default(null),
        deletedOn: notFuture("Date de l'effacement par l'éditeur").nullable().default(null),
        deletionCertificate: text(300, "Référence de l'attestation d'effacement").nullable().default(null),
      })
      .strict()
      .refine((d) => d.forwardedOn !== null || d.deletedOn !== null || (d.deletionCertificate ?? '') !== '', {
        message: 'Indiquez au moins une date ou la référence de l’attestation.',
        path: ['forwardedOn'],
      }),
  },
  'requests.dataFile': {
    input: requestId
      .extend({
        requestedOn: notFuture('Fichier demandé le').nullable(),
        receivedOn: notFuture('Fichier reçu le').nullable(),
        from: text(200, 'Auprès de').default(''),
      })
      .strict()
      .refine((d) => !d.receivedOn || !d.requestedOn || d.receivedOn >= d.requestedOn, {
        message: 'Fichier reçu le : la réception ne peut pas précéder la demande.',
        path: ['receivedOn'],
      }),
  },
} as const;

type ActionName = keyof typeof actionInputs;
type WithDetail<T> = { [N in keyof T]: T[N] & { output: typeof requestDetailSchema } };

export const requestActionCalls = Object.fromEntries(
  Object.entries(actionInputs).map(([name, spec]) => [name, { ...spec, output: requestDetailSchema }]),
) as unknown as WithDetail<typeof actionInputs>;
export type RequestActionName = ActionName;
