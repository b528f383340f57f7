// Letters to the requester: the kinds, their default French templates (one model per
// agreement, shipped as defaults and editable in the app: seed 000 annex 1, 3.2.1), the values
// a request gives to the placeholders, and the letter as a document (HTML for Chromium to print,
// blocks for the DOCX, plain text as the recipient reads it). Pure: the request, agreement,
// office and letterhead are passed in, as the domain types of letter-request.ts.
//
// What each letter must say comes from ../shared/domain.md, "What each letter must say"; the GDPR
// article each one cites is in its default template. For a minor pupil the letter is addressed to
// the requester (the holder of parental authority) and names the pupil as the person concerned.
// Letters that decide (extension, answer, refusal or inadmissibility) are signed by the authority
// or its delegate (letterhead: signatoryName, signatoryTitle); the DPD is the contact, and signs
// the others (acknowledgement, requests for documents or clarification, handover).
//
// This file knows no API type: the service turns the API's RequestDetail into a LetterRequest
// with the adapter of letter-input.ts (`letterRequestFromDetail(detail, agreement)`) and passes
// that in the LetterContext.
import type { IsoDate, Party, Right } from '../domain';
import { formatDateFr } from '../explain';
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
import { DOCUMENT_CSS } from './style';
import { MISSING_MARK, fillTemplate, missingMarker, missingMarkers, type TemplateValues } from './templates';
import { agreeFr, deFr, escapeHtml, joinFr } from './text';

export {
  ERASURE_EXCEPTIONS,
  ERASURE_EXCEPTION_TEXTS,
  PROPORTIONATE_IDENTITY_DOCUMENTS,
  portabilityWarning,
  proportionateDocuments,
  stripInternalNotes,
  type ErasureException,
  type LetterAgreement,
  type LetterOutcome,
  type LetterRequest,
  type LetterRight,
} from './letter-request';

export const LETTER_KINDS = [
  'acknowledgement',
  'information-request',
  'clarification',
  'extension-notice',
  'answer-cover',
  'refusal',
  'handover',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** Button and document names (the UI tests rely on "Accusé de réception"). */
export const LETTER_LABELS: Record<LetterKind, string> = {
  acknowledgement: 'Accusé de réception',
  'information-request': 'Demande de pièces justificatives',
  clarification: 'Demande de précisions',
  'extension-notice': 'Notification de prolongation',
  'answer-cover': 'Lettre de réponse',
  /** Also the letter of an inadmissible request (art. 12(4), 12(5)). */
  refusal: 'Refus motivé',
  handover: 'Transmission au co-responsable',
};

/** Letters that decide: signed by the authority or its delegate, the DPD being the contact. */
export const DECIDING_KINDS: readonly LetterKind[] = ['extension-notice', 'answer-cover', 'refusal'];
export const isDecidingKind = (kind: LetterKind) => DECIDING_KINDS.includes(kind);

/** The office's letterhead (setting 'letterhead'): who writes, and the DPD to contact. */
export interface Letterhead {
  officeName: string;
  address: string;
  /** For the date line: "Versailles, le 26/11/2026". */
  city: string;
  dpdName: string;
  dpdEmail: string;
  dpdPhone: string;
}

/**
 * Who signs the letters that decide (extension, answer, refusal): the authority or its delegate.
 * Part of the letterhead; optional here so that a letterhead stored before it existed still
 * reads (a blank signatory is a "[à compléter : …]" marker in the signature).
 */
export interface Signatory {
  /** e.g. "Marie Durand". */
  signatoryName?: string;
  /** e.g. "Pour le recteur et par délégation, la secrétaire générale". */
  signatoryTitle?: string;
}

export type SignedLetterhead = Letterhead & Signatory;

export interface LetterTemplate {
  subject: string;
  body: string;
}

const SALUTATION = "Nous vous prions d'agréer, {{civilite}}, l'expression de nos salutations distinguées.";
const CONTACT = 'Pour toute question, vous pouvez joindre le délégué à la protection des données : {{contact_dpd}}.';
const CNIL_ADDRESS =
  "Commission nationale de l'informatique et des libertés (CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr)";
const CNIL = `Vous pouvez introduire une réclamation auprès de la ${CNIL_ADDRESS}`;
/** Art. 12(4), 77, 79; CJA R421-1 (two months) and R421-5 (the time limit runs only if stated). */
const REMEDIES = `Conformément à l'article 12, paragraphe 4, du RGPD, vous pouvez introduire une réclamation auprès de la ${CNIL_ADDRESS} (article 77 du RGPD) et former un recours juridictionnel (article 79 du RGPD) devant le tribunal administratif compétent, dans un délai de deux mois à compter de la notification de la présente décision (articles R. 421-1 et R. 421-5 du code de justice administrative). Le tribunal administratif peut être saisi par l'application Télérecours citoyens, sur le site www.telerecours.fr.`;
const CONCERNING = '{{#si autre_personne}}, concernant {{personne_concernee}}{{#si pour_un_mineur}} ({{eleve_mineur}}){{/si}}{{/si}}';
/** The same, as an incise before the verb: "Votre demande, concernant Léo Martin (élève mineur), porte sur…". */
const CONCERNING_INCISE = `${CONCERNING}{{#si autre_personne}},{{/si}}`;
/** "concernant Léo Martin" or "vous concernant". */
const DATA_OF = '{{#si autre_personne}}concernant {{personne_concernee}}{{sinon}}vous concernant{{/si}}';
const ART19 =
  "Chaque destinataire auquel ces données avaient été communiquées en a été informé, sauf si cela se révèle impossible ou exige des efforts disproportionnés ; la liste de ces destinataires vous sera communiquée sur simple demande (article 19 du RGPD).";
const PUBLIC_TASK = "le traitement repose sur l'exécution d'une mission d'intérêt public (article 6, paragraphe 1, point e), du RGPD)";
const ART20_3 =
  "ce droit ne s'applique pas au traitement nécessaire à l'exécution d'une mission d'intérêt public (article 20, paragraphe 3, du RGPD) ; or l'ENT est mis en œuvre sur ce fondement (article 6, paragraphe 1, point e))";

/** The defaults, version 1 of every agreement's templates. */
export const DEFAULT_TEMPLATES: Record<LetterKind, LetterTemplate> = {
  // domain.md: date of receipt, reference, rights understood, due date (art. 12(3)), which
  // co-controller answers (art. 26: the proposed one while the allocation is to confirm), rights
  // against each controller and the essence of the arrangement (art. 26(2)-(3)), identity
  // documents still needed, the DPD's contact. Suspended only when an identity request is recorded.
  acknowledgement: {
    subject: "Accusé de réception de votre demande d'exercice de droits (réf. {{reference}})",
    body: `{{civilite}},

Nous avons bien reçu le {{date_reception}} votre demande relative aux données personnelles traitées dans l'espace numérique de travail (ENT) des écoles{{#si ecole}} ({{ecole}}){{/si}}. Elle est enregistrée sous la référence {{reference}}.

{{#si autre_personne}}
Votre demande concerne {{personne_concernee}}{{#si pour_un_mineur}}, {{eleve_mineur}}{{#si agit_comme_representant}} dont vous êtes {{representant_legal}}{{/si}}{{/si}}.

{{/si}}
Nous comprenons que vous exercez :
{{droits_liste}}

{{#si delai_suspendu}}
Conformément à l'article 12, paragraphe 3, du règlement général sur la protection des données (RGPD), le délai d'un mois pour vous répondre expirait le {{echeance_avant_suspension}}. Il est suspendu depuis le {{date_demande_pieces}}, date de notre demande de pièces justificatives, jusqu'à leur réception (décret n° 2019-536 du 29 mai 2019) : il sera reporté d'autant de jours, et nous vous confirmerons alors la date de notre réponse.
{{sinon}}
Conformément à l'article 12, paragraphe 3, du règlement général sur la protection des données (RGPD), une réponse vous sera apportée au plus tard le {{echeance}}. {{#si prolongee}}Ce délai a été prolongé de deux mois, comme le permet cet article.{{sinon}}Ce délai peut être prolongé de deux mois compte tenu de la complexité ou du nombre des demandes : nous vous en informerions alors avant cette date, avec les motifs de la prolongation.{{/si}}
{{/si}}

L'ENT est mis en œuvre par {{parties}}, responsables conjoints du traitement (article 26 du RGPD). Votre demande sera traitée par {{partie_qui_repond}}{{#si repartition_a_arreter}}, à qui la convention la confie à titre provisoire : cette répartition doit encore être confirmée par les deux responsables conjoints, sans effet sur le délai de réponse{{/si}}.

Conformément à l'article 26, paragraphe 3, du RGPD, vous pouvez exercer vos droits à l'égard de chacun des responsables conjoints. {{#si essentiel_accord}}L'essentiel de l'accord qui les lie est mis à votre disposition (article 26, paragraphe 2) : {{essentiel_accord}}.{{sinon}}L'essentiel de l'accord qui les lie (article 26, paragraphe 2) vous sera communiqué sur simple demande auprès du délégué à la protection des données.{{/si}}

{{#si pieces_manquantes}}
Pour traiter votre demande, merci de nous faire parvenir :
{{pieces_manquantes}}

Ces pièces servent uniquement à vérifier votre identité{{#si pour_un_mineur}} et votre qualité pour agir{{/si}} avant de vous communiquer des données (article 12, paragraphe 6, du RGPD) ; leurs copies seront détruites après cette vérification.
{{sinon}}
Aucune pièce complémentaire ne vous est demandée.
{{/si}}

${CONTACT}

${SALUTATION}`,
  },
  // Art. 12(6): the specific reasonable doubt, what is needed and why; suspended until received
  // (decree 2019-536); what happens without an answer; the copy destroyed after checking. Never
  // more than needed, and no internal note (values: stripInternalNotes, proportionateDocuments).
  'information-request': {
    subject: 'Votre demande (réf. {{reference}}) : pièces justificatives nécessaires',
    body: `{{civilite}},

Nous avons bien reçu le {{date_reception}} votre demande enregistrée sous la référence {{reference}}${CONCERNING}.

Avant de vous répondre, nous devons nous assurer que les données ne seront communiquées qu'à la personne qui y a droit. Or nous avons un doute raisonnable sur votre identité{{#si pour_un_mineur}} ou sur votre qualité pour agir{{/si}} (article 12, paragraphe 6, du RGPD) : {{doute_identite}}

Pour lever ce doute, et seulement pour cela, nous avons besoin des éléments suivants :
{{#si pieces_demandees}}
{{pieces_demandees}}
{{sinon}}
[à compléter : les pièces demandées]
{{/si}}

{{#si delai_suspendu}}
Conformément au décret n° 2019-536 du 29 mai 2019, le délai de réponse est suspendu depuis le {{date_demande_pieces}} jusqu'à la réception de ces éléments ; il reprendra ensuite pour la durée qui restait à courir.
{{sinon}}
[à compléter : aucune demande de pièces d'identité n'est enregistrée avant l'échéance, le délai n'est donc pas suspendu (décret n° 2019-536) : enregistrez la demande de pièces, ou retirez ce paragraphe]
{{/si}}

Si ces éléments ne nous parviennent pas, nous ne serons pas en mesure de donner suite à votre demande, faute de pouvoir vérifier votre identité{{#si pour_un_mineur}} ou votre qualité pour agir{{/si}}.

Les copies de documents que vous nous transmettrez serviront uniquement à cette vérification et seront détruites dès qu'elle aura été faite.

${CONTACT}

${SALUTATION}`,
  },
  // Recital 63: what is unclear. A request for clarification suspends nothing.
  clarification: {
    subject: 'Votre demande (réf. {{reference}}) : précisions nécessaires',
    body: `{{civilite}},

Nous avons bien reçu le {{date_reception}} votre demande enregistrée sous la référence {{reference}}${CONCERNING}, par laquelle vous exercez {{droits}}.

Afin d'y répondre au mieux, nous vous remercions de bien vouloir nous préciser les points suivants (considérant 63 du RGPD) :
{{#si precisions_demandees}}
{{precisions_demandees}}
{{sinon}}
[à compléter : ce qui est à préciser]
{{/si}}

Cette demande de précisions ne suspend pas le délai de réponse{{#si delai_suspendu}}, qui reste suspendu par notre demande de pièces justificatives du {{date_demande_pieces}} (décret n° 2019-536){{sinon}} : nous vous répondrons au plus tard le {{echeance}}, au vu des éléments dont nous disposerons alors{{/si}}.

${CONTACT}

${SALUTATION}`,
  },
  // Art. 12(3): told within the first month, with the reasons and the new date. Dated after the
  // notice-due date (or recorded late), the extension does not take effect: the letter then
  // claims none, apologises for the delay and gives the right to complain.
  'extension-notice': {
    subject: 'Votre demande (réf. {{reference}}) : {{#si prolongation_tardive}}délai de réponse{{sinon}}prolongation du délai de réponse{{/si}}',
    body: `{{civilite}},

Votre demande reçue le {{date_reception}} (référence {{reference}})${CONCERNING_INCISE} porte sur {{droits}}.

{{#si prolongation_tardive}}
Le délai d'un mois dont nous disposions pour vous répondre expirait le {{date_limite_notification}} (article 12, paragraphe 3, du RGPD). Nous ne sommes pas en mesure de vous répondre à ce jour, pour les raisons suivantes : {{motifs_prolongation}}

Nous vous prions de nous en excuser : notre réponse vous parviendra dans les meilleurs délais. ${CNIL}.
{{sinon}}
Comme le permet l'article 12, paragraphe 3, du RGPD, le délai de réponse est prolongé de deux mois, compte tenu de la complexité et du nombre des demandes, pour les motifs suivants : {{motifs_prolongation}}

Une réponse vous sera apportée au plus tard le {{echeance_prolongee}}, au lieu du {{echeance_initiale}}.
{{/si}}

${CONTACT}

${SALUTATION}`,
  },
  // One paragraph per right, chosen by its recorded outcome. Access (art. 15(1)-(4)),
  // rectification / erasure / restriction (art. 16-18, art. 19, art. 17(3) exceptions),
  // portability (art. 20(3)), objection (art. 21); remedies when anything is refused (art. 12(4)).
  'answer-cover': {
    subject: 'Réponse à votre demande (réf. {{reference}})',
    body: `{{civilite}},

Par votre demande reçue le {{date_reception}} (référence {{reference}})${CONCERNING}, vous avez exercé {{droits}}. Voici la réponse de {{partie_qui_repond}}, pour le compte des responsables conjoints du traitement.

{{#si droits_sans_suite}}
[à compléter : la suite donnée n'est pas encore enregistrée pour {{droits_sans_suite}}]

{{/si}}
{{#si acces_fait}}
Droit d'accès (article 15 du RGPD) : nous vous confirmons que des données ${DATA_OF} sont traitées dans l'ENT. Vous en trouverez une copie ci-jointe{{#si copie_electronique}}, sous une forme électronique d'usage courant, votre demande nous étant parvenue par courriel (article 15, paragraphe 3){{/si}}.

{{/si}}
{{#si acces_partiel}}
Droit d'accès (article 15 du RGPD) : nous vous confirmons que des données ${DATA_OF} sont traitées dans l'ENT. Vous trouverez ci-joint une copie d'une partie de ces données{{#si copie_electronique}}, sous une forme électronique d'usage courant, votre demande nous étant parvenue par courriel (article 15, paragraphe 3){{/si}}. Les autres ne peuvent pas vous être communiquées, pour les motifs suivants : {{motif_acces}}

{{/si}}
{{#si acces_communique}}
Conformément à l'article 15, paragraphes 1 et 2, du RGPD :
- finalités du traitement : {{finalites}}
- catégories de données concernées : {{categories_donnees}}
- destinataires : {{destinataires}}
- transferts vers un pays tiers ou une organisation internationale : {{transferts_hors_ue}}
- durée de conservation : {{duree_conservation}}
- source des données : {{source_donnees}}
- prise de décision automatisée, y compris le profilage (article 22 du RGPD) : aucune.
Vous pouvez demander la rectification ou l'effacement de ces données ou la limitation de leur traitement, et vous opposer à celui-ci (articles 16, 17, 18 et 21 du RGPD). Vous pouvez aussi introduire une réclamation auprès de la CNIL (www.cnil.fr).

{{/si}}
{{#si acces_refuse}}
Droit d'accès (article 15 du RGPD) : nous ne pouvons pas donner suite à votre demande d'accès, pour les motifs suivants : {{motif_acces}}

{{/si}}
{{#si acces_sans_donnees}}
Droit d'accès (article 15 du RGPD) : après vérification, aucune donnée ${DATA_OF} n'est traitée dans l'ENT ; nous n'avons donc aucune donnée à vous communiquer.

{{/si}}
{{#si rectification_fait}}
Droit de rectification (article 16 du RGPD) : les données inexactes ont été rectifiées, et les données incomplètes complétées, comme vous l'avez demandé. ${ART19}

{{/si}}
{{#si rectification_partiel}}
Droit de rectification (article 16 du RGPD) : une partie des rectifications demandées a été faite. ${ART19} Les autres n'ont pas été faites, pour les motifs suivants : {{motif_rectification}}

{{/si}}
{{#si rectification_refuse}}
Droit de rectification (article 16 du RGPD) : nous ne pouvons pas donner suite à votre demande de rectification, pour les motifs suivants : {{motif_rectification}}

{{/si}}
{{#si rectification_sans_donnees}}
Droit de rectification (article 16 du RGPD) : aucune donnée ${DATA_OF} n'est traitée dans l'ENT ; il n'y a donc rien à rectifier.

{{/si}}
{{#si effacement_fait}}
Droit à l'effacement (article 17 du RGPD) : les données concernées ont été effacées. ${ART19}

{{/si}}
{{#si effacement_partiel}}
Droit à l'effacement (article 17 du RGPD) : une partie des données concernées a été effacée. ${ART19} Les autres sont conservées, car leur traitement reste nécessaire {{exception_effacement}}.{{#si motif_effacement}} Motifs : {{motif_effacement}}{{/si}}

{{/si}}
{{#si effacement_refuse}}
Droit à l'effacement (article 17 du RGPD) : nous ne pouvons pas procéder à l'effacement demandé, car le traitement de ces données reste nécessaire {{exception_effacement}}.{{#si motif_effacement}} Motifs : {{motif_effacement}}{{/si}}

{{/si}}
{{#si effacement_sans_donnees}}
Droit à l'effacement (article 17 du RGPD) : aucune donnée ${DATA_OF} n'est traitée dans l'ENT ; il n'y a donc rien à effacer.

{{/si}}
{{#si limitation_fait}}
Droit à la limitation du traitement (article 18 du RGPD) : le traitement des données concernées est limité ; elles sont conservées sans être utilisées, hors les cas prévus à l'article 18, paragraphe 2, et nous vous informerons avant que cette limitation ne soit levée (article 18, paragraphe 3). ${ART19}

{{/si}}
{{#si limitation_partiel}}
Droit à la limitation du traitement (article 18 du RGPD) : le traitement d'une partie des données concernées est limité ; nous vous informerons avant que cette limitation ne soit levée (article 18, paragraphe 3). ${ART19} Pour les autres données, la limitation n'a pas été mise en œuvre, pour les motifs suivants : {{motif_limitation}}

{{/si}}
{{#si limitation_refuse}}
Droit à la limitation du traitement (article 18 du RGPD) : nous ne pouvons pas donner suite à votre demande de limitation, pour les motifs suivants : {{motif_limitation}}

{{/si}}
{{#si limitation_sans_donnees}}
Droit à la limitation du traitement (article 18 du RGPD) : aucune donnée ${DATA_OF} n'est traitée dans l'ENT ; il n'y a donc pas de traitement à limiter.

{{/si}}
{{#si portabilite_fait}}
Droit à la portabilité (article 20 du RGPD) : ${ART20_3}. Nous vous remettons néanmoins ci-joint les données que vous nous avez fournies, dans un format structuré, couramment utilisé et lisible par machine.

{{/si}}
{{#si portabilite_partiel}}
Droit à la portabilité (article 20 du RGPD) : ${ART20_3}. Nous vous remettons néanmoins ci-joint une partie des données que vous nous avez fournies, dans un format structuré, couramment utilisé et lisible par machine. Pour les autres : {{motif_portabilite}}

{{/si}}
{{#si portabilite_refuse}}
Droit à la portabilité (article 20 du RGPD) : ${ART20_3}. Nous ne pouvons donc pas y donner suite. Vous pouvez en revanche obtenir une copie des données ${DATA_OF} au titre du droit d'accès (article 15 du RGPD).

{{/si}}
{{#si portabilite_sans_donnees}}
Droit à la portabilité (article 20 du RGPD) : ${ART20_3}. Au demeurant, aucune donnée ${DATA_OF} n'est traitée dans l'ENT.

{{/si}}
{{#si opposition_fait}}
Droit d'opposition (article 21 du RGPD) : ${PUBLIC_TASK}. À la suite de votre opposition, il a été mis fin au traitement des données ${DATA_OF}.

{{/si}}
{{#si opposition_partiel}}
Droit d'opposition (article 21 du RGPD) : ${PUBLIC_TASK}. À la suite de votre opposition, il a été mis fin à une partie du traitement des données ${DATA_OF}. Pour le reste, il existe des motifs légitimes et impérieux pour le traitement, qui prévalent sur les intérêts, droits et libertés de la personne concernée (article 21, paragraphe 1) : {{motif_opposition}}

{{/si}}
{{#si opposition_refuse}}
Droit d'opposition (article 21 du RGPD) : ${PUBLIC_TASK}. Nous ne pouvons pas mettre fin à ce traitement : il existe des motifs légitimes et impérieux pour le traitement, qui prévalent sur les intérêts, droits et libertés de la personne concernée (article 21, paragraphe 1) : {{motif_opposition}}

{{/si}}
{{#si opposition_sans_donnees}}
Droit d'opposition (article 21 du RGPD) : aucune donnée ${DATA_OF} n'est traitée dans l'ENT ; votre opposition est donc sans objet.

{{/si}}
{{#si refus_total_ou_partiel}}
${REMEDIES}
{{sinon}}
${CNIL} si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés.
{{/si}}

${CONTACT}

${SALUTATION}`,
  },
  // Art. 12(4), 12(5): the reasons, the right to complain to the CNIL and to seek a judicial
  // remedy before the administrative court within two months (CJA R421-1, R421-5).
  refusal: {
    subject: 'Votre demande (réf. {{reference}}) : décision',
    body: `{{civilite}},

Par votre demande reçue le {{date_reception}} (référence {{reference}})${CONCERNING}, vous avez exercé {{droits}}.

{{#si irrecevable}}
Nous ne pouvons pas donner suite à votre demande, qui est irrecevable pour les motifs suivants : {{motif_irrecevabilite}}
{{sinon}}
{{#si droits_refuses}}
Nous ne pouvons pas donner suite à {{droits_refuses}}, pour les motifs suivants : {{motif_refus}}

{{/si}}
{{#si droits_refuses_en_partie}}
Nous ne pouvons donner suite qu'en partie à {{droits_refuses_en_partie}}, pour les motifs suivants : {{motif_refus_partiel}}

{{/si}}
{{#si effacement_refuse_ou_partiel}}
S'agissant de l'effacement, le traitement de ces données reste nécessaire {{exception_effacement}}.

{{/si}}
{{#si refus_total_ou_partiel}}{{sinon}}
[à compléter : aucun droit n'est enregistré comme refusé ou fait en partie, et la demande n'est pas déclarée irrecevable]
{{/si}}
{{/si}}

${REMEDIES}

${CONTACT}

${SALUTATION}`,
  },
  // Art. 26(3): the request and its documents sent to the other party, with the date and
  // reason, and the person told who will answer.
  handover: {
    subject: 'Votre demande (réf. {{reference}}) : transmission à {{co_responsable}}',
    body: `{{civilite}},

Votre demande reçue le {{date_reception}} (référence {{reference}})${CONCERNING_INCISE} relève de {{co_responsable}}, responsable conjoint du traitement de l'ENT avec {{office_partie}} (article 26 du RGPD).

Nous lui avons transmis votre demande et les pièces qui l'accompagnent le {{date_transmission}}, pour le motif suivant : {{motif_transmission}}

C'est {{co_responsable}} qui vous répondra{{#si delai_suspendu}} ; le délai de réponse est suspendu depuis le {{date_demande_pieces}} dans l'attente des pièces justificatives demandées (décret n° 2019-536){{sinon}}, au plus tard le {{echeance}}{{/si}}. Vous pouvez joindre son délégué à la protection des données : {{contact_dpd_co_responsable}}. Conformément à l'article 26, paragraphe 3, du RGPD, vous pouvez exercer vos droits à l'égard de chacun des responsables conjoints.

${CONTACT}

${SALUTATION}`,
  },
};

// ---------- values of a request ----------

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

// ---------- the letter as a document ----------

export type Block = { type: 'p'; lines: string[] } | { type: 'ul'; items: string[] };

/**
 * The body text as blocks: paragraphs separated by blank lines (a single line break stays a line
 * break), consecutive lines starting with "- " or "• " form a list.
 */
export function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
    let para: string[] = [];
    let list: string[] = [];
    const flush = () => {
      if (para.length) blocks.push({ type: 'p', lines: para });
      if (list.length) blocks.push({ type: 'ul', items: list });
      para = [];
      list = [];
    };
    for (const line of lines) {
      const item = /^\s*[-•]\s+(.*)$/.exec(line);
      if (item) {
        if (para.length) {
          blocks.push({ type: 'p', lines: para });
          para = [];
        }
        list.push(item[1]!.trim());
      } else {
        if (list.length) {
          blocks.push({ type: 'ul', items: list });
          list = [];
        }
        para.push(line.trim());
      }
    }
    flush();
  }
  return blocks;
}

/** Who signs: the authority or its delegate for a decision, the DPD otherwise. */
export interface LetterSignature {
  /** Capacity line first for a decision ("Pour le recteur et par délégation, …"), none for the DPD. */
  title: string;
  name: string;
  /** "Délégué à la protection des données" under the DPD's name; empty for a decision. */
  role: string;
  office: string;
  deciding: boolean;
}

/** Everything a letter prints, snapshotted when it is saved (so it can be made again identically). */
export interface LetterDoc {
  kind: LetterKind;
  date: IsoDate;
  reference: string;
  subject: string;
  body: string;
  letterhead: SignedLetterhead;
  recipient: { name: string; lines: string[] };
  /** "Léo Martin (élève mineur)" when the person concerned is not the requester. */
  concerning: string | null;
  templateVersion: number;
  /** Absent in letters saved before signatories existed: they were signed by the DPD. */
  signature?: LetterSignature;
}

/**
 * The signature of a letter of this kind: decisions (extension, answer, refusal) by the signatory
 * of the letterhead, the others by the DPD. A blank name or title is a "[à compléter : …]"
 * marker, so the letter cannot be saved unsigned (letterMissing).
 */
export function letterSignature(kind: LetterKind, letterhead: SignedLetterhead): LetterSignature {
  if (isDecidingKind(kind)) {
    return {
      title: (letterhead.signatoryTitle ?? '').trim() || missingMarker('qualite_signataire'),
      name: (letterhead.signatoryName ?? '').trim() || missingMarker('nom_signataire'),
      role: '',
      office: letterhead.officeName,
      deciding: true,
    };
  }
  return {
    title: '',
    name: letterhead.dpdName.trim() || missingMarker('signataire'),
    role: 'Délégué à la protection des données',
    office: letterhead.officeName,
    deciding: false,
  };
}

/** The signature block's lines, in print order (for the HTML, the DOCX and the preview). */
export function signatureLines(doc: Pick<LetterDoc, 'letterhead' | 'signature'>): string[] {
  const s = doc.signature ?? {
    title: '',
    name: doc.letterhead.dpdName,
    role: 'Délégué à la protection des données',
    office: doc.letterhead.officeName,
    deciding: false,
  };
  return [s.title, s.name, s.role, s.office].filter((l) => l.trim() !== '');
}

/** The "[à compléter : …]" markers left anywhere in the letter: subject, body and signature. */
export function letterMissing(doc: Pick<LetterDoc, 'subject' | 'body' | 'letterhead' | 'signature'>): string[] {
  return missingMarkers([doc.subject, doc.body, ...signatureLines(doc)].join('\n'));
}

export function letterDoc(
  ctx: LetterContext,
  kind: LetterKind,
  text: { subject: string; body: string },
  templateVersion: number,
): LetterDoc {
  const r = letterRequestOf(ctx);
  const minor = r.subject?.minor === true ? ` (${agreeFr(r.subject.gender, 'élève mineur', 'élève mineure', 'élève mineur')})` : '';
  return {
    kind,
    date: ctx.date,
    reference: r.reference,
    subject: text.subject,
    body: text.body,
    letterhead: ctx.letterhead,
    recipient: {
      name: r.requester.name,
      lines: r.requester.contact
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    },
    concerning: r.subject ? `${r.subject.name}${minor}` : null,
    templateVersion,
    signature: letterSignature(kind, ctx.letterhead),
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const letterheadContact = (lh: Letterhead) =>
  [lh.dpdName && `Délégué à la protection des données : ${lh.dpdName}`, lh.dpdEmail, lh.dpdPhone].filter(Boolean);

const dateLine = (doc: LetterDoc) => `${doc.letterhead.city.trim() ? `${doc.letterhead.city.trim()}, le ` : 'Le '}${formatDateFr(doc.date)}`;

/** The letter's markup, without <html>: also what the print fallback shows in the app. */
export function letterInnerHtml(doc: LetterDoc): string {
  const e = escapeHtml;
  const lh = doc.letterhead;
  const contact = letterheadContact(lh);
  const html = textBlocks(doc.body).map((b) =>
    b.type === 'p' ? `<p>${b.lines.map(e).join('<br>')}</p>` : `<ul>${b.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`,
  );
  // The last paragraph (the salutation) stays on the page of the signature: no signature alone
  // at the top of a page.
  const closing = html.length > 1 ? html.pop()! : '';
  const blocks = html.join('\n');
  const sig = signatureLines(doc);
  const nameAt = doc.signature?.deciding ? (doc.signature.title.trim() ? 1 : 0) : 0;
  return `<article class="doc letter">
<div class="head">
<div class="letterhead">
<span class="line office">${e(lh.officeName)}</span>
${lines(lh.address).map((l) => `<span class="line">${e(l)}</span>`).join('\n')}
<div class="contact">${contact.map((c) => `<span class="line">${e(c)}</span>`).join('\n')}</div>
</div>
<div class="recipient">
<span class="line name">${e(doc.recipient.name)}</span>
${doc.recipient.lines.map((l) => `<span class="line">${e(l)}</span>`).join('\n')}
</div>
</div>
<p class="dateline">${e(dateLine(doc))}</p>
<div class="refs">
<p><span class="label">Objet :</span> ${e(doc.subject)}</p>
<p><span class="label">Référence :</span> ${e(doc.reference)}</p>
${doc.concerning ? `<p><span class="label">Personne concernée :</span> ${e(doc.concerning)}</p>` : ''}
</div>
<div class="body">
${blocks}
</div>
<div class="closing">
${closing ? `<div class="body">\n${closing}\n</div>\n` : ''}<div class="signature">
${sig.map((l, i) => `<span class="line${i === nameAt ? ' name' : ''}">${e(l)}</span>`).join('\n')}
</div>
</div>
</article>`;
}

/**
 * The letter as its recipient reads it, in plain text: letterhead, recipient, date, subject,
 * reference, person concerned, body (lists as "- item") and signature.
 */
export function letterPlainText(doc: LetterDoc): string {
  const body = textBlocks(doc.body)
    .map((b) => (b.type === 'p' ? b.lines.join('\n') : b.items.map((i) => `- ${i}`).join('\n')))
    .join('\n\n');
  return [
    [doc.letterhead.officeName, ...lines(doc.letterhead.address), ...letterheadContact(doc.letterhead)].join('\n'),
    [doc.recipient.name, ...doc.recipient.lines].join('\n'),
    dateLine(doc),
    [`Objet : ${doc.subject}`, `Référence : ${doc.reference}`, ...(doc.concerning ? [`Personne concernée : ${doc.concerning}`] : [])].join('\n'),
    body,
    signatureLines(doc).join('\n'),
  ]
    .filter((x) => x.trim() !== '')
    .join('\n\n');
}

/** A letter drafted from a template (the default of its kind unless given), as the recipient reads it. */
export interface DraftedLetter {
  doc: LetterDoc;
  /** letterPlainText(doc). */
  text: string;
  /** The text with every run of white space as one space: sentences read across line ends. */
  flat: string;
  /** letterMissing(doc): markers left in the subject, body or signature. */
  missing: string[];
}

export function draftLetter(ctx: LetterContext, kind: LetterKind, template: LetterTemplate = DEFAULT_TEMPLATES[kind], templateVersion = 1): DraftedLetter {
  const values = letterValues(ctx);
  const doc = letterDoc(ctx, kind, { subject: fillTemplate(template.subject, values), body: fillTemplate(template.body, values) }, templateVersion);
  const text = letterPlainText(doc);
  return { doc, text, flat: text.replace(/\s+/g, ' '), missing: letterMissing(doc) };
}

/** A complete HTML page, for Chromium to print to PDF (A4, the shared stylesheet). */
export function documentHtml(title: string, inner: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${DOCUMENT_CSS}</style>
</head>
<body>
${inner}
</body>
</html>`;
}

export function letterHtml(doc: LetterDoc): string {
  return documentHtml(`${LETTER_LABELS[doc.kind]} ${doc.reference}`, letterInnerHtml(doc));
}

export const hasMissingMarks = (text: string) => text.includes(MISSING_MARK);
