// The default French templates of the letters (version 1 of every agreement's templates, editable
// in the app: seed 000 annex 1, 3.2.1). What each letter must say comes from ../shared/domain.md,
// "What each letter must say"; the comment above each template names the GDPR articles it cites.
// Part of the letters module: import from ./letters.
import type { LetterKind, LetterTemplate } from './letter-kinds';

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
