// The values a request gives to the placeholders of the letters (templates.ts PLACEHOLDERS), the
// context a letter is drafted in, and what a letter of a kind would lack (extension notice dated
// late, agreement or letterhead incomplete). Part of the letters module: import from ./letters.
import type { IsoDate, Party, Right } from '../domain';
import { formatDateFr } from '../explain';
import { isDecidingKind, type LetterKind, type SignedLetterhead } from './letter-kinds';
import {
  DSDEN13_DPD_EMAIL,
  ERASURE_EXCEPTION_TEXTS,
  portabilityWarning,
  proportionateDocuments,
  stripInternalNotes,
  type LetterAgreement,
  type LetterOutcome,
  type LetterRequest,
  type LetterRight,
} from './letter-request';
import { missingMarker, type TemplateValues } from './templates';
import { agreeFr, deFr, joinFr } from './text';

const RIGHT_PHRASES: Record<Right, string> = {
  access: "le droit d'accès (article 15 du RGPD)",
  rectification: 'le droit de rectification (article 16 du RGPD)',
  erasure: "le droit à l'effacement (article 17 du RGPD)",
  restriction: 'le droit à la limitation du traitement (article 18 du RGPD)',
  portability: 'le droit à la portabilité (article 20 du RGPD)',
  objection: "le droit d'opposition (article 21 du RGPD)",
};

const RIGHT_ORDER: Right[] = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection'];

/** The French stem of each right's placeholders (acces_fait, motif_acces…). */
const RIGHT_KEYS: Record<Right, 'acces' | 'rectification' | 'effacement' | 'limitation' | 'portabilite' | 'opposition'> = {
  access: 'acces',
  rectification: 'rectification',
  erasure: 'effacement',
  restriction: 'limitation',
  portability: 'portabilite',
  objection: 'opposition',
};

const OUTCOME_KEYS: Record<LetterOutcome, 'fait' | 'partiel' | 'refuse' | 'sans_donnees'> = {
  done: 'fait',
  partly: 'partiel',
  refused: 'refuse',
  'no-data': 'sans_donnees',
};

/** "la commune de Fontenay-aux-Roses", "la commune d'Aubagne", "l'académie de Versailles", "la DSDEN des Bouches-du-Rhône (…)". */
export function partyPhrase(party: Party, agreement: Pick<LetterAgreement, 'communeName' | 'academieName'>): string {
  if (party === 'commune') {
    const commune = agreement.communeName.trim();
    return commune ? `la commune ${deFr(commune)}` : `la commune ${missingMarker('commune')}`;
  }
  const name = agreement.academieName.trim();
  if (!name) return `l'académie ${missingMarker('academie')}`;
  if (/^acad[ée]mie\b/i.test(name)) return `l'a${name.slice(1)}`;
  if (/^(dsden|direction|région|region)\b/i.test(name)) return `la ${name}`;
  if (/^rectorat\b/i.test(name)) return `le r${name.slice(1)}`;
  return `l'académie (${name})`;
}

const other = (p: Party): Party => (p === 'commune' ? 'academie' : 'commune');

function contactLine(c: { name?: string; email?: string; phone?: string }): string {
  // A "name" that only restates the function ("Délégué à la protection des données de l'académie") adds nothing.
  const name = /^d[ée]l[ée]gu[ée]e? à la protection des donn[ée]es/i.test((c.name ?? '').trim()) ? '' : c.name;
  return [name, c.email, c.phone].map((x) => (x ?? '').trim()).filter(Boolean).join(' – ');
}

/** Recorded free text as a sentence of the letter: trimmed, ending with a full stop. */
function sentence(text: string | null | undefined): string {
  const t = (text ?? '').trim();
  if (!t) return '';
  return /[.!?…»)]$/.test(t) ? t : `${t}.`;
}

export interface LetterContext {
  /** The request as the letters read it (the service builds it with letter-input.ts). */
  request: LetterRequest;
  agreement: LetterAgreement;
  office: { party: Party } | null;
  letterhead: SignedLetterhead;
  /** Date of the letter. */
  date: IsoDate;
  /** The last handover of the request (its journal), if any; LetterRequest.handover wins when set. */
  handover?: { on: IsoDate; reason: string } | null;
}

/** The context's request, with the context's handover when the request holds none. */
export function letterRequestOf(ctx: LetterContext): LetterRequest {
  const r = ctx.request;
  return r.handover === null && ctx.handover ? { ...r, handover: ctx.handover } : r;
}

/**
 * Whether an extension notice dated `date` would be late (art. 12(3): the person must be told,
 * with the reasons, within the first month, else the extension does not take effect), and the
 * warning the UI shows. `late` switches the letter to the wording that claims no extension: the
 * extension is recorded as notified late, or the letter is dated after the notice-due date and
 * no on-time notification is recorded (one recorded on time makes the letter its written record,
 * with a warning all the same).
 */
export function extensionNoticeStatus(
  request: Pick<LetterRequest, 'deadlines' | 'extension'>,
  date: IsoDate,
): { noticeDue: IsoDate | null; late: boolean; warning: string | null } {
  const noticeDue = request.deadlines.extensionNoticeDue;
  const datedLate = noticeDue !== null && date > noticeDue;
  const recordedLate = request.extension?.late === true;
  const notifiedOnTime =
    !recordedLate && noticeDue !== null && request.extension?.notifiedOn != null && request.extension.notifiedOn <= noticeDue;
  const late = recordedLate || (datedLate && !notifiedOnTime);
  let warning: string | null = null;
  if (recordedLate) {
    warning = `La prolongation est enregistrée comme notifiée après le ${noticeDue ? formatDateFr(noticeDue) : 'délai d’un mois'} : elle ne prend pas effet (RGPD art. 12(3)). Le courrier n'annonce donc pas de prolongation ; il informe la personne du retard et de son droit de saisir la CNIL.`;
  } else if (datedLate && notifiedOnTime) {
    warning = `Ce courrier est daté du ${formatDateFr(date)}, après la date limite de notification de la prolongation (${formatDateFr(noticeDue!)}) : il ne vaut que comme confirmation écrite de la notification enregistrée le ${formatDateFr(request.extension!.notifiedOn!)}. Vérifiez que la personne a bien été informée à cette date, avec les motifs.`;
  } else if (datedLate) {
    warning = `Ce courrier est daté du ${formatDateFr(date)}, après la date limite de notification de la prolongation (${formatDateFr(noticeDue!)}) : la prolongation ne prendrait pas effet (RGPD art. 12(3)). Le courrier n'annonce donc pas de prolongation.`;
  }
  return { noticeDue, late, warning };
}

/**
 * What the agreement or the letterhead lacks for a letter of this kind to say everything it
 * should (French, for the letter view's warnings): the service adds these to its own warnings.
 */
export function letterDataGaps(ctx: LetterContext, kind: LetterKind): string[] {
  const r = letterRequestOf(ctx);
  const gaps: string[] = [];
  if (isDecidingKind(kind) && (!ctx.letterhead.signatoryName?.trim() || !ctx.letterhead.signatoryTitle?.trim())) {
    gaps.push("Le signataire des décisions (nom et qualité de l'autorité ou de son délégataire) n'est pas renseigné dans l'en-tête : ce courrier décide, il ne peut pas être signé par le DPD.");
  }
  if (kind === 'acknowledgement' && !ctx.agreement.jointArrangement?.trim()) {
    gaps.push("La convention n'indique pas où lire l'essentiel de l'accord entre responsables conjoints (art. 26(2)) : le courrier propose de le communiquer sur demande ; renseignez un lien ou une adresse dans la convention.");
  }
  if (kind === 'answer-cover' && r.rights.some((x) => x.right === 'access' && (x.outcome === 'done' || x.outcome === 'partly'))) {
    const p = ctx.agreement.processing ?? {};
    const blank = (['purposes', 'categories', 'recipients', 'thirdCountryTransfers', 'retention', 'source'] as const).filter((k) => !p[k]?.trim());
    if (blank.length) gaps.push("Les informations de l'article 15 (finalités, catégories, destinataires, transferts, conservation, source) ne sont pas toutes renseignées dans la convention : complétez-les dans le courrier.");
  }
  if ((kind === 'answer-cover' || kind === 'refusal') && r.rights.some((x) => x.right === 'erasure' && (x.outcome === 'refused' || x.outcome === 'partly') && !x.erasureException)) {
    gaps.push("Effacement refusé ou partiel : l'exception de l'article 17(3) retenue (points a à e) n'est pas enregistrée.");
  }
  if (kind === 'information-request' && r.identityRequest && !r.identityRequest.doubt?.trim()) {
    gaps.push("Le doute raisonnable sur l'identité (art. 12(6)) n'est pas enregistré avec la demande de pièces : le courrier doit l'énoncer.");
  }
  if (kind === 'extension-notice') {
    const w = extensionNoticeStatus(r, ctx.date).warning;
    if (w) gaps.push(w);
  }
  if (r.rights.some((x) => x.right === 'portability') && (kind === 'acknowledgement' || kind === 'answer-cover')) {
    gaps.push(portabilityWarning(r.rights)!);
  }
  return gaps;
}

/** The value of every placeholder for one request (see templates.ts PLACEHOLDERS). */
export function letterValues(ctx: LetterContext): TemplateValues {
  const r = letterRequestOf(ctx);
  const { agreement, office } = ctx;
  const rights = RIGHT_ORDER.filter((x) => r.rights.some((d) => d.right === x));
  const detail = (x: Right): LetterRight | undefined => r.rights.find((d) => d.right === x);
  const has = (x: Right) => detail(x) !== undefined;
  const outcome = (x: Right, o: LetterOutcome) => detail(x)?.outcome === o;
  const subject = r.subject;
  const writer: Party | null = office?.party ?? null;
  const coParty: Party = writer ? other(writer) : r.allocation.party ? r.allocation.party : 'commune';
  const date = (d: string | null | undefined) => (d ? formatDateFr(d) : '');
  const phrases = (list: readonly LetterRight[]) => joinFr(RIGHT_ORDER.filter((x) => list.some((f) => f.right === x)).map((x) => RIGHT_PHRASES[x]));
  /** One reason: as is; several: "pour le droit d'accès : … ; pour le droit à l'effacement : …". */
  const reasons = (list: readonly LetterRight[]) => {
    const sorted = RIGHT_ORDER.map((x) => list.find((f) => f.right === x)).filter((f): f is LetterRight => f !== undefined);
    if (sorted.length === 1) return sentence(sorted[0]!.refusalReason);
    if (sorted.some((f) => !f.refusalReason?.trim())) return '';
    return sentence(sorted.map((f) => `pour ${RIGHT_PHRASES[f.right].replace(/ \(article \d+ du RGPD\)$/, '')} : ${f.refusalReason!.trim().replace(/[.;\s]+$/, '')}`).join(' ; '));
  };
  const refused = r.rights.filter((x) => x.outcome === 'refused');
  const partly = r.rights.filter((x) => x.outcome === 'partly');
  const unanswered = r.rights.filter((x) => x.outcome === null);
  const erasure = detail('erasure');
  const erasureLimited = erasure?.outcome === 'refused' || erasure?.outcome === 'partly';
  const situation = { viaEntAccount: r.requester.viaEntAccount, guardianOnSchoolRecords: subject?.guardianOnSchoolRecords ?? null };
  const missing = proportionateDocuments(r.identityDocuments.missing, situation).ask;
  const asked = r.identityRequest ? proportionateDocuments(r.identityRequest.whatAsked, situation).ask : missing;
  const dsden13 = agreement.preset === 'dsden13';
  const academieDpd = agreement.dpdContacts.academie;
  // Seed 003 art. 8.2: the académie DPD is the persons' point of contact, whichever office writes.
  const contactDpd = dsden13
    ? `${contactLine({ ...academieDpd, email: academieDpd.email?.trim() || DSDEN13_DPD_EMAIL })} (délégué à la protection des données de l'académie, point de contact désigné par la convention)`
    : contactLine({ name: ctx.letterhead.dpdName, email: ctx.letterhead.dpdEmail, phone: ctx.letterhead.dpdPhone });
  const processing = agreement.processing ?? {};
  const gender = r.requester.gender;
  const extensionCheck = extensionNoticeStatus(r, ctx.date);

  const perRight: Record<string, boolean | string> = {};
  for (const right of RIGHT_ORDER) {
    const key = RIGHT_KEYS[right];
    for (const o of Object.keys(OUTCOME_KEYS) as LetterOutcome[]) perRight[`${key}_${OUTCOME_KEYS[o]}`] = outcome(right, o);
    perRight[`motif_${key}`] = sentence(detail(right)?.refusalReason);
  }

  return {
    ...(perRight as Record<`${(typeof RIGHT_KEYS)[Right]}_${(typeof OUTCOME_KEYS)[LetterOutcome]}`, boolean> &
      Record<`motif_${(typeof RIGHT_KEYS)[Right]}`, string>),
    reference: r.reference,
    date_courrier: formatDateFr(ctx.date),
    date_reception: formatDateFr(r.receivedOn),
    civilite: agreeFr(gender, 'Monsieur', 'Madame', 'Madame, Monsieur'),
    droits: joinFr(rights.map((x) => RIGHT_PHRASES[x])),
    droits_liste: rights.map((x) => RIGHT_PHRASES[x].replace(/^le /, 'Le ')),
    droit_acces: has('access'),
    droit_rectification: has('rectification'),
    droit_effacement: has('erasure'),
    droit_limitation: has('restriction'),
    droit_portabilite: has('portability'),
    droit_opposition: has('objection'),
    echeance: r.deadlines.dueOn
      ? formatDateFr(r.deadlines.dueOn)
      : r.deadlines.suspended && r.identityRequest
        ? `date à confirmer : le délai est suspendu depuis le ${formatDateFr(r.identityRequest.sentOn)} dans l'attente des pièces justificatives demandées (${r.deadlines.suspendedDays} jour(s) à ce jour)`
        : '',
    echeance_initiale: date(r.deadlines.responseDeadline ?? r.deadlines.extensionNoticeDue),
    echeance_prolongee: date(r.deadlines.extendedDeadline),
    delai_suspendu: r.deadlines.suspended && r.identityRequest !== null,
    echeance_avant_suspension: r.deadlines.suspended ? date(r.deadlines.dueBeforeSuspension) : '',
    date_demande_pieces: date(r.identityRequest?.sentOn),
    prolongee: r.extension !== null && !r.extension.late,
    motifs_prolongation: sentence(r.extension?.reasons),
    date_limite_notification: date(extensionCheck.noticeDue),
    prolongation_tardive: extensionCheck.late,
    demandeur: r.requester.name,
    personne_concernee: subject ? subject.name : r.requester.name,
    autre_personne: subject !== null,
    pour_un_mineur: subject !== null && subject.minor === true,
    eleve_mineur: agreeFr(subject?.gender ?? null, 'élève mineur', 'élève mineure', 'élève mineur'),
    agit_comme_representant: subject !== null && subject.minor === true && subject.requesterIsGuardian === true,
    representant_legal: agreeFr(gender, 'le représentant légal', 'la représentante légale'),
    ecole: r.school ? `${r.school.name}, UAI ${r.school.uai}` : '',
    commune: agreement.communeName,
    academie: agreement.academieName,
    parties: `${partyPhrase('commune', agreement)} et ${partyPhrase('academie', agreement)}`,
    // The proposed party answers from day one, even while the allocation is to confirm (domain.md).
    partie_qui_repond: r.allocation.party ? partyPhrase(r.allocation.party, agreement) : '',
    repartition_a_arreter: r.allocation.status === 'to-settle' && r.allocation.party !== null,
    office_partie: writer ? partyPhrase(writer, agreement) : '',
    co_responsable: partyPhrase(coParty, agreement),
    essentiel_accord: (agreement.jointArrangement ?? '').trim().replace(/[.;\s]+$/, ''),
    contact_dpd: contactDpd,
    contact_dpd_co_responsable: contactLine(agreement.dpdContacts[coParty] ?? {}),
    signataire: ctx.letterhead.dpdName,
    nom_signataire: (ctx.letterhead.signatoryName ?? '').trim(),
    qualite_signataire: (ctx.letterhead.signatoryTitle ?? '').trim(),
    pieces_manquantes: missing,
    pieces_recues: r.identityDocuments.received.map(stripInternalNotes).filter(Boolean),
    pieces_demandees: asked,
    doute_identite: sentence(r.identityRequest?.doubt),
    precisions_demandees: r.clarificationRequest ? r.clarificationRequest.whatAsked.map(stripInternalNotes).filter(Boolean) : [],
    date_demande_precisions: date(r.clarificationRequest?.sentOn),
    copie_electronique: r.medium === 'email',
    finalites: processing.purposes?.trim() ?? '',
    categories_donnees: processing.categories?.trim() ?? '',
    destinataires: processing.recipients?.trim() ?? '',
    transferts_hors_ue: processing.thirdCountryTransfers?.trim() ?? '',
    duree_conservation: processing.retention?.trim() ?? '',
    source_donnees: processing.source?.trim() ?? '',
    droits_sans_suite: phrases(unanswered),
    acces_communique: outcome('access', 'done') || outcome('access', 'partly'),
    effacement_refuse_ou_partiel: erasureLimited,
    exception_effacement:
      erasureLimited && erasure?.erasureException
        ? `${ERASURE_EXCEPTION_TEXTS[erasure.erasureException]} (article 17, paragraphe 3, point ${erasure.erasureException}), du RGPD)`
        : '',
    refus_total_ou_partiel: refused.length + partly.length > 0,
    droits_refuses: phrases(refused),
    motif_refus: reasons(refused),
    droits_refuses_en_partie: phrases(partly),
    motif_refus_partiel: reasons(partly),
    irrecevable: r.inadmissibleReason !== null,
    motif_irrecevabilite: sentence(r.inadmissibleReason),
    date_transmission: r.handover ? formatDateFr(r.handover.on) : '',
    motif_transmission: sentence(r.handover?.reason),
  };
}
