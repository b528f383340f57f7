// What a letter needs to know about a request, an agreement and the office, as domain types:
// the letter code (letters.ts) reads only these, never the API's wire types. The adapter from
// the API's RequestDetail is core/documents/letter-input.ts.
//
// Every field is a fact the store holds, or null when it does not: a letter prints a null as a
// visible "[à compléter : …]" marker (templates.ts), never as a guess.
import type { Channel, HolidayCalendar, IsoDate, Medium, Party, PresetId, Right } from '../domain';
import type { Gender } from './text';

export type LetterOutcome = 'done' | 'partly' | 'refused' | 'no-data';

import { ERASURE_EXCEPTIONS, type ErasureException } from '../domain';

export { ERASURE_EXCEPTIONS, type ErasureException };

/**
 * The French wording of art. 17(3), each point completing "ce traitement est nécessaire …"
 * (Regulation (EU) 2016/679, French version of the Official Journal).
 */
export const ERASURE_EXCEPTION_TEXTS: Record<ErasureException, string> = {
  a: "à l'exercice du droit à la liberté d'expression et d'information",
  b: "pour respecter une obligation légale qui requiert le traitement prévue par le droit de l'Union ou par le droit de l'État membre auquel le responsable du traitement est soumis, ou pour exécuter une mission d'intérêt public ou relevant de l'exercice de l'autorité publique dont est investi le responsable du traitement",
  c: "pour des motifs d'intérêt public dans le domaine de la santé publique, conformément à l'article 9, paragraphe 2, points h) et i), ainsi qu'à l'article 9, paragraphe 3",
  d: "à des fins archivistiques dans l'intérêt public, à des fins de recherche scientifique ou historique ou à des fins statistiques conformément à l'article 89, paragraphe 1, dans la mesure où le droit à l'effacement est susceptible de rendre impossible ou de compromettre gravement la réalisation des objectifs dudit traitement",
  e: "à la constatation, à l'exercice ou à la défense de droits en justice",
};

export const isErasureException = (v: unknown): v is ErasureException =>
  typeof v === 'string' && (ERASURE_EXCEPTIONS as readonly string[]).includes(v);

export interface LetterRight {
  right: Right;
  /** The recorded outcome; null while not answered. */
  outcome: LetterOutcome | null;
  /** Why refused (whole or part), or the compelling grounds of an objection refused. */
  refusalReason: string | null;
  /** For an erasure refused or done in part: the art. 17(3) point relied on. */
  erasureException: ErasureException | null;
  answeredOn: IsoDate | null;
}

/** A request for information sent to the requester (the open one, if any). */
export interface InformationRequest {
  /** One item per line, as recorded (internal notes are stripped when printed). */
  whatAsked: string[];
  sentOn: IsoDate;
}

export interface IdentityRequest extends InformationRequest {
  /** The specific reasonable doubt about the requester's identity (GDPR art. 12(6)); null: not recorded. */
  doubt: string | null;
}

export interface LetterRequest {
  reference: string;
  receivedOn: IsoDate;
  medium: Medium;
  channel: Channel;
  requester: {
    name: string;
    /** Postal or email address lines, as recorded. */
    contact: string;
    gender: Gender;
    /** Wrote from their logged-in ENT account (identity already established); null: unknown. */
    viaEntAccount: boolean | null;
  };
  /** The person concerned when it is not the requester (a pupil); null: the requester themself. */
  subject: {
    name: string;
    minor: boolean | null;
    gender: Gender;
    /** The requester acts as the pupil's legal guardian (relation recorded: mère, père, tuteur…); null: unknown. */
    requesterIsGuardian: boolean | null;
    /** The school's records already name the requester as legal guardian; null: unknown. */
    guardianOnSchoolRecords: boolean | null;
  } | null;
  school: { name: string; uai: string } | null;
  /** In the order of the request; the letter sorts them by article. */
  rights: LetterRight[];
  allocation: { party: Party | null; status: 'decided' | 'to-settle' };
  deadlines: {
    /** The deadline in force; null while suspended. */
    dueOn: IsoDate | null;
    responseDeadline: IsoDate | null;
    extendedDeadline: IsoDate | null;
    /** The extension must be notified by then (art. 12(3)). */
    extensionNoticeDue: IsoDate | null;
    suspendedDays: number;
    /** An identity request is pending and suspends the deadline (decree 2019-536). */
    suspended: boolean;
    /** While suspended: the deadline as it stood when the identity documents were asked. */
    dueBeforeSuspension: IsoDate | null;
  };
  extension: { reasons: string; notifiedOn: IsoDate | null; late: boolean } | null;
  /** The pending identity-documents request (kind identity only). */
  identityRequest: IdentityRequest | null;
  /** The pending request for clarification (recital 63: suspends nothing). */
  clarificationRequest: InformationRequest | null;
  identityDocuments: { missing: string[]; received: string[] };
  /** The last handover to the co-controller (art. 26(3)). */
  handover: { on: IsoDate; reason: string } | null;
  /** Set when the request was declared inadmissible: the reasons given ('' if none recorded: to complete). */
  inadmissibleReason: string | null;
}

/** What a letter needs from the agreement (the API's Agreement satisfies it). */
export interface LetterAgreement {
  communeName: string;
  academieName: string;
  /** DSDEN 13 (seed 003 art. 8.2): the académie DPD is the contact whichever office writes. */
  preset?: PresetId | string;
  dpdContacts: Record<Party, { name: string; email: string; phone: string; address?: string }>;
  /** For the deadline as it stood before a suspension (public holidays). */
  holidayCalendar?: HolidayCalendar;
  /** Where the essence of the joint arrangement can be read (art. 26(2)): a link or an address. */
  jointArrangement?: string | null;
  /** Facts about the joint processing, for the access answer (art. 15(1)); blank: to complete. */
  processing?: { [K in keyof ProcessingInfo]?: ProcessingInfo[K] | undefined } | null;
}

export interface ProcessingInfo {
  purposes: string;
  categories: string;
  recipients: string;
  /** "Aucun" when none (art. 15(1)(c), 15(2)). */
  thirdCountryTransfers: string;
  retention: string;
  source: string;
}

/** Seed 003 art. 8.2: "L'adresse de contact est dpd@ac-aix-marseille.fr". */
export const DSDEN13_DPD_EMAIL = 'dpd@ac-aix-marseille.fr';

// ---------- portability (art. 20(3)) ----------

/**
 * Art. 20(3): portability does not apply to processing necessary for a task carried out in the
 * public interest, and the ENT rests on art. 6(1)(e). The warning the UI shows when portability
 * is logged (null otherwise); the answer letter explains it to the person.
 */
export function portabilityWarning(rights: readonly (Right | { right: Right })[]): string | null {
  const logged = rights.some((r) => (typeof r === 'string' ? r : r.right) === 'portability');
  if (!logged) return null;
  return "Droit à la portabilité : il ne s'applique pas à un traitement nécessaire à l'exécution d'une mission d'intérêt public (RGPD art. 20, paragraphe 3) ; l'ENT repose sur l'article 6, paragraphe 1, point e). La réponse l'explique à la personne et lui indique qu'elle peut obtenir ses données au titre du droit d'accès (art. 15).";
}

// ---------- identity documents (art. 12(6)): never more than needed ----------

/**
 * The default list, proportionate: each item says, in the requester's terms, when it applies.
 * The office picks the items that apply to the request; the letter states the doubt.
 */
export const PROPORTIONATE_IDENTITY_DOCUMENTS = [
  "Si vous ne nous avez pas écrit depuis votre compte ENT : l'identifiant ou l'adresse électronique de ce compte, pour que nous puissions le retrouver",
  "Si ces éléments ne permettent pas de lever le doute sur votre identité : la copie d'une pièce d'identité (vous pouvez masquer la photo et le numéro du document)",
  "Si vous agissez pour un élève mineur et que l'école ne vous connaît pas comme son représentant légal : un justificatif de l'autorité parentale (livret de famille ou décision de justice)",
  "Si vous agissez pour un élève : le nom de son école et sa classe",
] as const;

/**
 * Internal notes are parenthesised instructions for the office ("(uniquement en cas de doute
 * raisonnable sur son identité)", "(note : …)"): they never reach a letter. A parenthesis that
 * describes the document ("(livret de famille ou décision de justice)") stays.
 */
const INTERNAL_NOTE =
  /\s*\((?:uniquement|seulement|à ne demander|ne demander|à demander|note\b|nb\b|n\.b\.|interne|usage interne|pour le dpd|pour l['’]office|en cas de doute|si doute|sauf si)[^()]*\)/giu;

/** The items of a request for documents or clarification as recorded: one per line, bullets dropped. */
export const askedItems = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.replace(/^\s*[-•]\s*/, '').trim())
    .filter(Boolean);

export function stripInternalNotes(item: string): string {
  return item.replace(INTERNAL_NOTE, '').replace(/\s+([,.])/g, '$1').trim();
}

const ASKS_ID = /pi[èe]ce d['’]identit[ée]|carte (nationale )?d['’]identit[ée]|passeport|titre de s[ée]jour/i;
const ASKS_FAMILY_BOOK = /livret de famille|autorit[ée] parentale|jugement|d[ée]cision de justice/i;

/**
 * What may be asked, given what the request holds: no ID from a person writing from their
 * logged-in ENT account, no proof of parental authority when the school's records already name
 * the requester as the pupil's guardian. Unknown situations (null) drop nothing.
 */
export function proportionateDocuments(
  items: readonly string[],
  situation: { viaEntAccount: boolean | null; guardianOnSchoolRecords: boolean | null },
): { ask: string[]; dropped: { item: string; why: string }[] } {
  const ask: string[] = [];
  const dropped: { item: string; why: string }[] = [];
  for (const raw of items) {
    const item = stripInternalNotes(raw);
    if (!item) continue;
    if (situation.viaEntAccount === true && ASKS_ID.test(item)) {
      dropped.push({ item, why: "la personne a écrit depuis son compte ENT : son identité est déjà établie par l'authentification." });
    } else if (situation.guardianOnSchoolRecords === true && ASKS_FAMILY_BOOK.test(item)) {
      dropped.push({ item, why: "les registres de l'école désignent déjà le demandeur comme représentant légal de l'élève." });
    } else {
      ask.push(item);
    }
  }
  return { ask, dropped };
}
