// The adapter from the API's wire type (RequestDetail) to the letters' domain input
// (LetterRequest, letter-request.ts). The only file of core/documents/letter* that knows the API
// shape: the service (core/features/letters/handlers.ts) builds the letter context with
//
//   request: letterRequestFromDetail(detail, agreement)
//
// and letters.ts never imports this file. The request detail carries, per right, the reason of a
// refusal or partial answer and the art. 17(3) point of an erasure refused or done in part, and
// per suspension the identity doubt: they are read here (an unknown point is dropped, so the
// letter shows a marker). Facts the wire type does not carry (yet) are read when present on the
// object (an API that adds them needs no change here) and are null otherwise, so the letter
// shows a "[à compléter : …]" marker rather than a guess: the requester's gender, whether they
// wrote from their ENT account, whether the school's records name the guardian.
import type { RequestDetail } from '../features/requests/calls';
import { responseDeadline, type Suspension } from '../deadlines';
import type { HolidayCalendar, IsoDate, Right } from '../domain';
import { askedItems, isErasureException, type LetterOutcome, type LetterRequest, type LetterRight } from './letter-request';
import type { Gender } from './text';

/** The wire type the adapter reads (the API's request detail). */
export type WireRequest = RequestDetail;

const optional = <T>(o: unknown, key: string, ok: (v: unknown) => v is T): T | null => {
  const v = o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined;
  return ok(v) ? v : null;
};
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function genderOf(v: unknown): Gender {
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  if (['f', 'female', 'femme', 'madame', 'mme'].includes(s)) return 'f';
  if (['m', 'male', 'homme', 'monsieur', 'm.'].includes(s)) return 'm';
  return null;
}

/** The requester's gender, recorded or told by the relation recorded ("mère", "père"…). */
function requesterGender(d: RequestDetail): Gender {
  const recorded = genderOf(optional(d, 'requesterGender', isText));
  if (recorded) return recorded;
  const relation = (d.subjectRelation ?? '').trim().toLowerCase();
  if (/^(mère|mere|tutrice|grand-mère|belle-mère)\b/.test(relation)) return 'f';
  if (/^(père|pere|tuteur|grand-père|beau-père)\b/.test(relation)) return 'm';
  return null;
}

/** A relation that makes the requester the pupil's legal guardian. */
const GUARDIAN = /^(mère|mere|père|pere|parent|tuteur|tutrice|représentant légal|representant legal|représentante légale|responsable légal)/i;

/** The reason recorded with the last change of status to « irrecevable », if that is the status. */
function inadmissibleReason(d: RequestDetail): string | null {
  if (d.status !== 'inadmissible') return null;
  const recorded = optional(d, 'inadmissibleReason', isText);
  if (recorded) return recorded;
  const event = [...d.events].reverse().find((e) => e.type === 'status.changed' && (e.data as { to?: string } | null)?.to === 'inadmissible');
  const reason = (event?.data as { reason?: unknown } | undefined)?.reason;
  // Declared inadmissible without reasons: '' so the letter shows a marker (reasons are required).
  return isText(reason) ? reason.trim() : '';
}

/** The last recorded handover (journal event), if any. */
function lastHandover(d: RequestDetail): { on: IsoDate; reason: string } | null {
  const event = [...d.events].reverse().find((e) => e.type === 'request.handed-over');
  const data = (event?.data ?? {}) as { on?: unknown; reason?: unknown };
  return typeof data.on === 'string' ? { on: data.on, reason: typeof data.reason === 'string' ? data.reason : '' } : null;
}

export function letterRequestFromDetail(
  d: RequestDetail,
  agreement?: { holidayCalendar?: HolidayCalendar } | null,
  options: { handover?: { on: IsoDate; reason: string } | null } = {},
): LetterRequest {
  const subjectName = (d.subjectName ?? '').trim();
  const subjectDiffers = subjectName !== '' && subjectName !== d.requesterName.trim();
  const details = new Map(d.rightsDetail.map((r) => [r.right, r]));
  const rights: LetterRight[] = d.rights.map((right: Right) => {
    const r = details.get(right);
    const exception: unknown = r?.erasureException;
    return {
      right,
      outcome: (r?.outcome ?? null) as LetterOutcome | null,
      refusalReason: r?.refusalReason?.trim() ? r.refusalReason.trim() : null,
      erasureException: isErasureException(exception) ? exception : null,
      answeredOn: r?.answeredOn ?? null,
    };
  });
  const open = d.suspensions.filter((s) => s.receivedOn === null);
  const identity = open.find((s) => s.kind === 'identity') ?? null;
  const clarification = open.find((s) => s.kind === 'clarification') ?? null;
  // Suspended only by a documented identity request that started while the period ran
  // (deadlines.md, algorithm 5: then the deadline in force is null).
  const suspended = identity !== null && d.deadline.dueOn === null;
  let dueBeforeSuspension: IsoDate | null = null;
  if (suspended && identity) {
    const closed: Suspension[] = d.suspensions
      .filter((s) => s.kind === 'identity' && s.receivedOn !== null)
      .map((s) => ({ from: s.sentOn, to: s.receivedOn }));
    dueBeforeSuspension = responseDeadline({
      receivedOn: d.receivedOn,
      extended: d.extension !== null,
      suspensions: closed,
      calendar: agreement?.holidayCalendar ?? 'metropole',
    });
  }
  return {
    reference: d.reference,
    receivedOn: d.receivedOn,
    medium: d.medium,
    channel: d.channel,
    requester: {
      name: d.requesterName,
      contact: d.requesterContact,
      gender: requesterGender(d),
      viaEntAccount: optional(d, 'viaEntAccount', isBool),
    },
    subject: subjectDiffers
      ? {
          name: subjectName,
          minor: d.subjectIsMinor,
          gender: genderOf(optional(d, 'subjectGender', isText)),
          requesterIsGuardian: GUARDIAN.test((d.subjectRelation ?? '').trim()) ? true : d.requesterCategory === 'parent' ? true : null,
          guardianOnSchoolRecords: optional(d, 'guardianOnSchoolRecords', isBool),
        }
      : null,
    school: d.school ? { name: d.school.name, uai: d.school.uai } : null,
    rights,
    allocation: { party: d.allocation.party, status: d.allocation.status },
    deadlines: {
      dueOn: d.deadline.dueOn,
      responseDeadline: d.deadline.responseDeadline,
      extendedDeadline: d.deadline.extendedDeadline,
      extensionNoticeDue: d.deadline.extensionNoticeDue,
      suspendedDays: d.deadline.suspendedDays,
      suspended,
      dueBeforeSuspension,
    },
    extension: d.extension ? { reasons: d.extension.reasons, notifiedOn: d.extension.notifiedOn, late: d.extension.late } : null,
    identityRequest: identity
      ? { whatAsked: askedItems(identity.whatAsked), sentOn: identity.sentOn, doubt: isText(identity.doubt) ? identity.doubt.trim() : null }
      : null,
    clarificationRequest: clarification ? { whatAsked: askedItems(clarification.whatAsked), sentOn: clarification.sentOn } : null,
    identityDocuments: { missing: [...d.identityDocumentsMissing], received: [...d.identityDocumentsReceived] },
    handover: options.handover !== undefined ? options.handover : lastHandover(d),
    inadmissibleReason: inadmissibleReason(d),
  };
}
