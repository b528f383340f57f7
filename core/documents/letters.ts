// Letters to the requester: the kinds, their default French templates (one model per
// agreement, shipped as defaults and editable in the app: seed 000 annex 1, 3.2.1), the values
// a request gives to the placeholders, and the letter as a document (HTML for Chromium to print,
// blocks for the DOCX). Pure: the request, agreement, office and letterhead are passed in.
//
// What each letter must say comes from ../shared/domain.md, "What each letter must say"; the GDPR
// article each one cites is in its default template. For a minor pupil the letter is addressed to
// the requester (the holder of parental authority) and names the pupil as the person concerned.
import type { Agreement, Office, RequestDetail } from '../api/contract';
import type { IsoDate, Party, Right } from '../domain';
import { formatDateFr } from '../explain';
import { DOCUMENT_CSS } from './style';
import { MISSING_MARK, type TemplateValues } from './templates';
import { escapeHtml, joinFr } from './text';

export const LETTER_KINDS = ['acknowledgement', 'information-request', 'extension-notice', 'answer-cover', 'refusal', 'handover'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** Button and document names (the UI tests rely on "Accusé de réception"). */
export const LETTER_LABELS: Record<LetterKind, string> = {
  acknowledgement: 'Accusé de réception',
  'information-request': 'Demande de pièces ou de précisions',
  'extension-notice': 'Notification de prolongation',
  'answer-cover': 'Lettre de réponse',
  refusal: 'Refus motivé',
  handover: 'Transmission au co-responsable',
};

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

export interface LetterTemplate {
  subject: string;
  body: string;
}

const SALUTATION = "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.";
const CONTACT = 'Pour toute question, vous pouvez joindre le délégué à la protection des données : {{contact_dpd}}.';
const CNIL =
  "Vous pouvez introduire une réclamation auprès de la Commission nationale de l'informatique et des libertés (CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr)";
const CONCERNING = '{{#si autre_personne}}, concernant {{personne_concernee}}{{#si pour_un_mineur}} (élève mineur){{/si}}{{/si}}';

/** The defaults, version 1 of every agreement's templates. */
export const DEFAULT_TEMPLATES: Record<LetterKind, LetterTemplate> = {
  // domain.md: date of receipt, reference, rights understood, due date (art. 12(3)), which
  // co-controller answers (art. 26), identity documents still needed, the DPD's contact.
  acknowledgement: {
    subject: "Accusé de réception de votre demande d'exercice de droits (réf. {{reference}})",
    body: `Madame, Monsieur,

Nous avons bien reçu le {{date_reception}} votre demande relative aux données personnelles traitées dans l'espace numérique de travail (ENT) des écoles{{#si ecole}} ({{ecole}}){{/si}}. Elle est enregistrée sous la référence {{reference}}.

{{#si autre_personne}}
Votre demande concerne {{personne_concernee}}{{#si pour_un_mineur}}, élève mineur dont vous êtes le représentant légal{{/si}}.

{{/si}}
Nous comprenons que vous exercez :
{{droits_liste}}

Conformément à l'article 12, paragraphe 3, du règlement général sur la protection des données (RGPD), une réponse vous sera apportée au plus tard le {{echeance}}. Ce délai peut être prolongé de deux mois compte tenu de la complexité ou du nombre des demandes : vous en seriez alors informé(e) avant cette date, avec les motifs de la prolongation.

L'ENT est mis en œuvre par {{parties}}, responsables conjoints du traitement (article 26 du RGPD). {{#si repartition_a_arreter}}Le responsable qui vous répondra sera désigné lors du prochain point entre leurs délégués à la protection des données ; vous en serez informé(e).{{sinon}}Votre demande sera traitée par {{partie_qui_repond}}.{{/si}}

{{#si pieces_manquantes}}
Pour traiter votre demande, merci de nous faire parvenir :
{{pieces_manquantes}}

Le délai de réponse est suspendu entre notre demande de pièces et leur réception (décret n° 2019-536 du 29 mai 2019).
{{sinon}}
Aucune pièce complémentaire ne vous est demandée.
{{/si}}

${CONTACT}

${SALUTATION}`,
  },
  // Reasonable doubts (art. 12(6)); the deadline is suspended until received (decree 2019-536);
  // never more than needed.
  'information-request': {
    subject: 'Votre demande (réf. {{reference}}) : pièces ou précisions nécessaires',
    body: `Madame, Monsieur,

Nous avons bien reçu le {{date_reception}} votre demande enregistrée sous la référence {{reference}}${CONCERNING}.

Pour pouvoir y répondre, nous avons besoin des éléments suivants :
{{pieces_demandees}}

Ils nous sont nécessaires pour nous assurer de votre identité et de votre qualité pour agir, ou pour préciser l'objet de votre demande (article 12, paragraphe 6, du RGPD) ; nous ne vous demandons rien de plus que ce qui est nécessaire.

Conformément au décret n° 2019-536 du 29 mai 2019, le délai de réponse est suspendu jusqu'à la réception de ces éléments.

${CONTACT}

${SALUTATION}`,
  },
  // Before the first deadline, with the reasons and the new date (art. 12(3)).
  'extension-notice': {
    subject: 'Votre demande (réf. {{reference}}) : prolongation du délai de réponse',
    body: `Madame, Monsieur,

Votre demande reçue le {{date_reception}} (référence {{reference}})${CONCERNING} porte sur {{droits}}.

Comme le permet l'article 12, paragraphe 3, du RGPD, le délai de réponse est prolongé de deux mois, pour les motifs suivants : {{motifs_prolongation}}

Une réponse vous sera apportée au plus tard le {{echeance_prolongee}}, au lieu du {{echeance_initiale}}.

${CONTACT}

${SALUTATION}`,
  },
  // Access (art. 15), rectification / erasure / restriction (art. 16, 17, 18, with art. 19 and
  // the art. 17(3) exceptions), portability (art. 20), objection (art. 21).
  'answer-cover': {
    subject: 'Réponse à votre demande (réf. {{reference}})',
    body: `Madame, Monsieur,

Par votre demande reçue le {{date_reception}} (référence {{reference}})${CONCERNING}, vous avez exercé {{droits}}. Voici la réponse de {{partie_qui_repond}}, pour le compte des responsables conjoints du traitement.

{{#si droit_acces}}
Droit d'accès (article 15 du RGPD) : nous vous confirmons que des données vous concernant sont traitées dans l'ENT. Vous en trouverez une copie ci-jointe, avec les finalités du traitement, les catégories de données, leurs destinataires, leur durée de conservation et leur source. Vous pouvez également en demander la rectification, l'effacement ou la limitation, ou vous opposer à leur traitement.

{{/si}}
{{#si droit_rectification}}
Droit de rectification (article 16 du RGPD) : les données inexactes ont été rectifiées. Les destinataires auxquels elles avaient été communiquées ont été informés de cette rectification (article 19).

{{/si}}
{{#si droit_effacement}}
Droit à l'effacement (article 17 du RGPD) : les données concernées ont été effacées, à l'exception de celles dont la conservation reste nécessaire à l'exécution de la mission d'intérêt public de l'école (article 17, paragraphe 3). Les destinataires ont été informés de cet effacement (article 19).

{{/si}}
{{#si droit_limitation}}
Droit à la limitation du traitement (article 18 du RGPD) : les données concernées sont conservées sans être utilisées pendant la durée nécessaire. Les destinataires ont été informés de cette limitation (article 19).

{{/si}}
{{#si droit_portabilite}}
Droit à la portabilité (article 20 du RGPD) : les données que vous nous avez fournies vous sont remises ci-jointes dans un format structuré, couramment utilisé et lisible par machine.

{{/si}}
{{#si droit_opposition}}
Droit d'opposition (article 21 du RGPD) : le traitement repose sur l'exécution d'une mission d'intérêt public. Il a été mis fin au traitement des données vous concernant, sauf motifs légitimes et impérieux qui vous sont alors précisés ci-dessous.

{{/si}}
${CNIL} si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés.

${CONTACT}

${SALUTATION}`,
  },
  // Art. 12(4): the reasons, the right to complain to the CNIL and to seek a judicial remedy.
  refusal: {
    subject: 'Votre demande (réf. {{reference}}) : décision',
    body: `Madame, Monsieur,

Par votre demande reçue le {{date_reception}} (référence {{reference}})${CONCERNING}, vous avez exercé {{droits}}.

Nous ne pouvons pas donner suite à {{droits_refuses}}, pour les motifs suivants : {{motif_refus}}

Conformément à l'article 12, paragraphe 4, du RGPD, ${CNIL.charAt(0).toLowerCase()}${CNIL.slice(1)} (article 77 du RGPD) et former un recours juridictionnel devant le tribunal administratif compétent (article 79 du RGPD).

${CONTACT}

${SALUTATION}`,
  },
  // Art. 26(3): the request and its documents sent to the other party, with the date and
  // reason, and the person told who will answer.
  handover: {
    subject: 'Votre demande (réf. {{reference}}) : transmission à {{co_responsable}}',
    body: `Madame, Monsieur,

Votre demande reçue le {{date_reception}} (référence {{reference}})${CONCERNING} relève de {{co_responsable}}, responsable conjoint du traitement de l'ENT avec {{office_partie}} (article 26 du RGPD).

Nous lui avons transmis votre demande et les pièces qui l'accompagnent le {{date_transmission}}, pour le motif suivant : {{motif_transmission}}

C'est {{co_responsable}} qui vous répondra, au plus tard le {{echeance}}. Vous pouvez joindre son délégué à la protection des données : {{contact_dpd_co_responsable}}. Conformément à l'article 26, paragraphe 3, du RGPD, vous pouvez exercer vos droits à l'égard de chacun des responsables conjoints.

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

/** "la commune de Fontenay-aux-Roses", "l'académie de Versailles", "la DSDEN des Bouches-du-Rhône (…)". */
export function partyPhrase(party: Party, agreement: Pick<Agreement, 'communeName' | 'academieName'>): string {
  if (party === 'commune') return `la commune de ${agreement.communeName}`;
  const name = agreement.academieName.trim();
  if (/^acad[ée]mie\b/i.test(name)) return `l'a${name.slice(1)}`;
  if (/^(dsden|direction|région|region)\b/i.test(name)) return `la ${name}`;
  if (/^rectorat\b/i.test(name)) return `le r${name.slice(1)}`;
  return `l'académie (${name})`;
}

const other = (p: Party): Party => (p === 'commune' ? 'academie' : 'commune');

function contactLine(c: { name?: string; email?: string; phone?: string }): string {
  return [c.name, c.email, c.phone].map((x) => (x ?? '').trim()).filter(Boolean).join(' – ');
}

export interface LetterContext {
  request: RequestDetail;
  agreement: Pick<Agreement, 'communeName' | 'academieName' | 'dpdContacts'>;
  office: Office | null;
  letterhead: Letterhead;
  /** Date of the letter. */
  date: IsoDate;
  /** The last handover of the request (its journal), if any. */
  handover: { on: IsoDate; reason: string } | null;
}

/** The value of every placeholder for one request (see templates.ts PLACEHOLDERS). */
export function letterValues(ctx: LetterContext): TemplateValues {
  const { request: r, agreement, office } = ctx;
  const rights = RIGHT_ORDER.filter((x) => r.rights.includes(x));
  const has = (x: Right) => r.rights.includes(x);
  const subjectDiffers = r.subjectName !== null && r.subjectName.trim() !== '' && r.subjectName.trim() !== r.requesterName.trim();
  const writer: Party | null = office?.party ?? null;
  const coParty: Party = writer ? other(writer) : r.allocation.party ? r.allocation.party : 'commune';
  const refused = r.rightsDetail.filter((x) => x.outcome === 'refused');
  const openSuspension = r.suspensions.find((s) => s.receivedOn === null);
  const asked = openSuspension
    ? openSuspension.whatAsked
        .split('\n')
        .map((l) => l.replace(/^[-•]\s*/, '').trim())
        .filter(Boolean)
    : r.identityDocumentsMissing;
  const date = (d: string | null | undefined) => (d ? formatDateFr(d) : '');
  return {
    reference: r.reference,
    date_courrier: formatDateFr(ctx.date),
    date_reception: formatDateFr(r.receivedOn),
    droits: joinFr(rights.map((x) => RIGHT_PHRASES[x])),
    droits_liste: rights.map((x) => RIGHT_PHRASES[x].replace(/^le /, 'Le ')),
    droit_acces: has('access'),
    droit_rectification: has('rectification'),
    droit_effacement: has('erasure'),
    droit_limitation: has('restriction'),
    droit_portabilite: has('portability'),
    droit_opposition: has('objection'),
    echeance: r.deadline.dueOn
      ? formatDateFr(r.deadline.dueOn)
      : `date à confirmer : le délai est suspendu dans l'attente des pièces demandées (${r.deadline.suspendedDays} jour(s) à ce jour)`,
    echeance_initiale: date(r.deadline.responseDeadline),
    echeance_prolongee: date(r.deadline.extendedDeadline),
    prolongee: r.extension !== null,
    motifs_prolongation: r.extension?.reasons ?? '',
    demandeur: r.requesterName,
    personne_concernee: subjectDiffers ? r.subjectName!.trim() : r.requesterName,
    autre_personne: subjectDiffers,
    pour_un_mineur: subjectDiffers && r.subjectIsMinor === true,
    ecole: r.school ? `${r.school.name}, UAI ${r.school.uai}` : '',
    commune: agreement.communeName,
    academie: agreement.academieName,
    parties: `${partyPhrase('commune', agreement)} et ${partyPhrase('academie', agreement)}`,
    partie_qui_repond:
      r.allocation.status === 'to-settle' || !r.allocation.party
        ? `${partyPhrase('commune', agreement)} ou ${partyPhrase('academie', agreement)}, selon la répartition arrêtée entre leurs délégués`
        : partyPhrase(r.allocation.party, agreement),
    repartition_a_arreter: r.allocation.status === 'to-settle' || !r.allocation.party,
    office_partie: writer ? partyPhrase(writer, agreement) : '',
    co_responsable: partyPhrase(coParty, agreement),
    contact_dpd: contactLine({ name: ctx.letterhead.dpdName, email: ctx.letterhead.dpdEmail, phone: ctx.letterhead.dpdPhone }),
    contact_dpd_co_responsable: contactLine((agreement.dpdContacts as Record<Party, { name: string; email: string; phone: string }>)[coParty] ?? {}),
    signataire: ctx.letterhead.dpdName,
    pieces_manquantes: r.identityDocumentsMissing,
    pieces_recues: r.identityDocumentsReceived,
    pieces_demandees: asked,
    droits_refuses: refused.length
      ? joinFr(RIGHT_ORDER.filter((x) => refused.some((f) => f.right === x)).map((x) => RIGHT_PHRASES[x]))
      : 'votre demande',
    motif_refus: refused.map((f) => f.refusalReason ?? '').filter(Boolean).join(' ; '),
    date_transmission: ctx.handover ? formatDateFr(ctx.handover.on) : '',
    motif_transmission: ctx.handover?.reason ?? '',
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

/** Everything a letter prints, snapshotted when it is saved (so it can be made again identically). */
export interface LetterDoc {
  kind: LetterKind;
  date: IsoDate;
  reference: string;
  subject: string;
  body: string;
  letterhead: Letterhead;
  recipient: { name: string; lines: string[] };
  /** "Léo Martin (élève mineur)" when the person concerned is not the requester. */
  concerning: string | null;
  templateVersion: number;
}

export function letterDoc(
  ctx: LetterContext,
  kind: LetterKind,
  text: { subject: string; body: string },
  templateVersion: number,
): LetterDoc {
  const r = ctx.request;
  const values = letterValues(ctx);
  return {
    kind,
    date: ctx.date,
    reference: r.reference,
    subject: text.subject,
    body: text.body,
    letterhead: ctx.letterhead,
    recipient: {
      name: r.requesterName,
      lines: r.requesterContact
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    },
    concerning: values.autre_personne ? `${String(values.personne_concernee)}${values.pour_un_mineur ? ' (élève mineur)' : ''}` : null,
    templateVersion,
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The letter's markup, without <html>: also what the print fallback shows in the app. */
export function letterInnerHtml(doc: LetterDoc): string {
  const e = escapeHtml;
  const lh = doc.letterhead;
  const contact = [lh.dpdName && `Délégué à la protection des données : ${lh.dpdName}`, lh.dpdEmail, lh.dpdPhone].filter(Boolean);
  const blocks = textBlocks(doc.body)
    .map((b) =>
      b.type === 'p' ? `<p>${b.lines.map(e).join('<br>')}</p>` : `<ul>${b.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`,
    )
    .join('\n');
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
<p class="dateline">${lh.city.trim() ? `${e(lh.city.trim())}, le ` : 'Le '}${e(formatDateFr(doc.date))}</p>
<div class="refs">
<p><span class="label">Objet :</span> ${e(doc.subject)}</p>
<p><span class="label">Référence :</span> ${e(doc.reference)}</p>
${doc.concerning ? `<p><span class="label">Personne concernée :</span> ${e(doc.concerning)}</p>` : ''}
</div>
<div class="body">
${blocks}
</div>
<div class="signature">
<span class="line name">${e(lh.dpdName)}</span>
<span class="line">Délégué à la protection des données</span>
<span class="line">${e(lh.officeName)}</span>
</div>
</article>`;
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
