// The breach's documents as plain data: the standard declaration form of seed 000 annex 1 art.
// 4.1 (one version per 24-hour update), the minutes of the crisis cell (art. 4.2), the draft
// communication to the persons concerned (GDPR art. 34(2)), the copy for the CNIL's online
// notification (GDPR art. 33(3), in the order the CNIL asks) and the register (art. 33(5)).
// core/breaches/document-html.ts prints them; nothing here knows HTML. Pure.
import { PARTY_LABELS, type Party } from '../domain';
import { formatParisDateTime } from '../deadlines';
import { formatHours, type BreachDeadline } from './countdowns';
import { DISCOVERER_LABELS, ORIGIN_LABELS, type Discoverer, type Origin } from './rules';

/** The facts of the declaration form: what a 24-hour update may change, and what it may not. */
export interface FormFacts {
  service: string;
  hosting: string;
  startedAt: string | null;
  endedAt: string | null;
  knownAt: string;
  knownHow: string;
  discoveredBy: Discoverer;
  discovererName: string;
  origin: Origin;
  nature: string;
  dataCategories: string;
  personCategories: string;
  personsCount: number | null;
  recordsCount: number | null;
  consequences: string;
  measures: string;
  securityIncident: boolean;
  securityIncidentOnly: boolean;
  highRisk: boolean;
}

export const UPDATABLE_FIELDS = ['endedAt', 'nature', 'dataCategories', 'personCategories', 'personsCount', 'recordsCount', 'consequences', 'measures', 'highRisk'] as const;
export type UpdatableField = (typeof UPDATABLE_FIELDS)[number];

export const FIELD_LABELS: Record<keyof FormFacts, string> = {
  service: 'Service concerné',
  hosting: "Localisation de l'hébergement",
  startedAt: 'Début de la violation',
  endedAt: 'Fin de la violation',
  knownAt: 'Connaissance de la violation',
  knownHow: 'Comment elle a été connue',
  discoveredBy: 'Découverte par',
  discovererName: 'Qui l’a découverte',
  origin: 'Origine',
  nature: 'Nature de la violation',
  dataCategories: 'Catégories de données',
  personCategories: 'Catégories de personnes',
  personsCount: 'Nombre approximatif de personnes concernées',
  recordsCount: "Nombre approximatif d'enregistrements concernés",
  consequences: 'Conséquences probables',
  measures: 'Mesures de sécurité prises ou envisagées',
  securityIncident: 'Incident de sécurité informatique',
  securityIncidentOnly: 'Incident de sécurité sans données personnelles',
  highRisk: 'Risque élevé pour les personnes',
};

export interface Line {
  label: string;
  value: string;
}
export interface Section {
  heading: string;
  lines?: Line[];
  paragraphs?: string[];
}
/** A document as headed sections of labelled lines or paragraphs; printed as HTML, DOCX or cells. */
export interface BreachDoc {
  title: string;
  subtitle: string;
  reference: string;
  office: { name: string; lines: string[] };
  sections: Section[];
  footer: string;
}

export const timeFr = (instant: string | null) => (instant ? formatParisDateTime(instant) : 'non connue');
const yesNo = (b: boolean) => (b ? 'oui' : 'non');
const orUnknown = (v: string) => (v.trim() ? v : 'non renseigné');
const approx = (n: number | null) => (n === null ? 'inconnu à ce stade' : `environ ${n.toLocaleString('fr-FR')}`);

/** The form's facts as lines, in the order of the standard form (seed 000 annex 1 art. 4.1). */
export function formSections(f: FormFacts): Section[] {
  return [
    {
      heading: '1. Service concerné et localisation de l’hébergement',
      lines: [
        { label: FIELD_LABELS.service, value: f.service },
        { label: FIELD_LABELS.hosting, value: orUnknown(f.hosting) },
      ],
    },
    {
      heading: '2. Dates de début et de fin de la violation',
      lines: [
        { label: FIELD_LABELS.startedAt, value: timeFr(f.startedAt) },
        { label: FIELD_LABELS.endedAt, value: f.endedAt ? timeFr(f.endedAt) : 'en cours' },
        { label: FIELD_LABELS.knownAt, value: timeFr(f.knownAt) },
        { label: FIELD_LABELS.knownHow, value: f.knownHow },
        { label: FIELD_LABELS.discoveredBy, value: [DISCOVERER_LABELS[f.discoveredBy], f.discovererName].filter((s) => s.trim()).join(' : ') },
      ],
    },
    {
      heading: '3. Nature de la violation',
      lines: [
        { label: FIELD_LABELS.nature, value: f.nature },
        { label: FIELD_LABELS.origin, value: ORIGIN_LABELS[f.origin] },
        { label: FIELD_LABELS.securityIncident, value: yesNo(f.securityIncident || f.securityIncidentOnly) },
        { label: FIELD_LABELS.securityIncidentOnly, value: yesNo(f.securityIncidentOnly) },
      ],
    },
    {
      heading: '4. Catégories de données et de personnes',
      lines: [
        { label: FIELD_LABELS.dataCategories, value: f.dataCategories },
        { label: FIELD_LABELS.recordsCount, value: approx(f.recordsCount) },
        { label: FIELD_LABELS.personCategories, value: f.personCategories },
        { label: FIELD_LABELS.personsCount, value: approx(f.personsCount) },
        { label: FIELD_LABELS.consequences, value: orUnknown(f.consequences) },
        { label: FIELD_LABELS.highRisk, value: yesNo(f.highRisk) },
      ],
    },
    { heading: '5. Mesures de sécurité prises ou envisagées', lines: [{ label: FIELD_LABELS.measures, value: orUnknown(f.measures) }] },
  ];
}

/** The form as it stood at a version: the declaration, then each update's changes applied in order. */
export function formAtVersion(declared: FormFacts, updates: { changes: Partial<FormFacts> }[], version: number): FormFacts {
  let out = { ...declared };
  for (const u of updates.slice(0, Math.max(0, version - 1))) out = { ...out, ...u.changes };
  return out;
}

export interface BreachForDocs extends FormFacts {
  reference: string;
  agreementName: string;
  notifiedAt: string | null;
  notifiedTo: string[];
  decision: { at: string; decision: 'notify' | 'not-notify'; reasons: string; crisisCell: boolean; participants: string } | null;
  notifyingParty: { party: Party; proposed: Party | null; clause: string; confirmations: { party: Party; by: string; at: string }[] } | null;
  cnilNotification: { at: string; reference: string; party: Party } | null;
  personsCommunication: { at: string; who: string; how: string } | null;
  closedAt: string | null;
  closureNote: string | null;
}

export interface Office {
  name: string;
  lines: string[];
  dpdName: string;
  dpdEmail: string;
  dpdPhone: string;
}

const officeBlock = (o: Office) => ({ name: o.name, lines: [...o.lines, [o.dpdName && `DPD : ${o.dpdName}`, o.dpdEmail, o.dpdPhone].filter(Boolean).join(' · ')].filter(Boolean) });

/** The standard declaration form, at `version` (1 = as declared), with what changed since the previous one. */
export function declarationForm(b: BreachForDocs, facts: FormFacts, version: number, of: { at: string; summary: string | null }, office: Office, deadlines: BreachDeadline[]): BreachDoc {
  const due = deadlines.filter((d) => d.dueAt !== null && (d.state === 'running' || d.state === 'overdue' || d.state === 'waiting'));
  return {
    title: 'Formulaire de déclaration d’une violation de données à caractère personnel',
    subtitle: `${version === 1 ? 'Déclaration initiale' : `Mise à jour n° ${version - 1}`} du ${timeFr(of.at)} · version ${version}`,
    reference: b.reference,
    office: officeBlock(office),
    sections: [
      ...(of.summary ? [{ heading: 'Ce qui a changé depuis la version précédente', paragraphs: [of.summary] }] : []),
      ...formSections(facts),
      {
        heading: '6. Destinataires (chaîne d’alerte)',
        lines: [{ label: 'Notifiés', value: b.notifiedTo.length ? `${b.notifiedTo.join(', ')}${b.notifiedAt ? ` (le ${timeFr(b.notifiedAt)})` : ''}` : 'pas encore notifiés' }],
      },
      ...(due.length
        ? [{ heading: 'Échéances à venir', lines: due.map((d) => ({ label: d.label, value: `${timeFr(d.dueAt)} (${d.to})` })) }]
        : []),
    ],
    footer: `${b.agreementName} · annexe 1 art. 4.1 : une mise à jour de ces informations est communiquée toutes les 24 heures jusqu’à résolution de l’incident.`,
  };
}

/** The crisis cell's minutes (seed 000 annex 1 art. 4.2): the decision and its argument. */
export function crisisMinutes(b: BreachForDocs, office: Office): BreachDoc {
  const d = b.decision!;
  const np = b.notifyingParty;
  return {
    title: d.crisisCell ? 'Compte rendu de la cellule de crise' : 'Décision sur la notification à la CNIL',
    subtitle: `Réunie le ${timeFr(d.at)}`,
    reference: b.reference,
    office: officeBlock(office),
    sections: [
      { heading: 'Violation', lines: [
        { label: FIELD_LABELS.service, value: b.service },
        { label: FIELD_LABELS.nature, value: b.nature },
        { label: FIELD_LABELS.knownAt, value: timeFr(b.knownAt) },
        { label: 'DPD notifiés le', value: timeFr(b.notifiedAt) },
      ] },
      { heading: 'Participants', paragraphs: [d.participants.trim() || 'non renseignés'] },
      {
        heading: 'Décision',
        lines: [
          { label: 'Décision', value: d.decision === 'notify' ? 'Notification à la CNIL (qualification d’une violation)' : 'Pas de notification à la CNIL' },
          ...(np ? [{ label: 'Partie qui notifie', value: `${PARTY_LABELS[np.party]}${np.proposed === np.party ? ' (proposée selon l’origine de la faille)' : ''}` }, { label: 'Fondement', value: np.clause }] : []),
        ],
      },
      {
        heading: d.decision === 'notify' ? 'Argumentation' : 'Documentation et argumentation de la décision de non-notification',
        paragraphs: d.reasons.split(/\n+/).filter((p) => p.trim()),
      },
    ],
    footer:
      d.decision === 'not-notify'
        ? 'Annexe 1 art. 4.2.1 : la documentation et l’argumentation de la décision de non-notification sont conservées par les DPD dans leurs registres respectifs des violations de données.'
        : 'Annexe 1 art. 4.2.2 : chaque DPD conserve tout document utile relié à la notification effectuée dans son registre des violations de données.',
  };
}

/**
 * Draft communication to the persons concerned (GDPR art. 34(2)): in clear and plain language,
 * the nature of the breach, the DPD's contact, the likely consequences and the measures taken or
 * proposed. A draft: the office completes and signs it.
 */
export function personsCommunication(b: BreachForDocs, office: Office): BreachDoc {
  const contact = [office.dpdName || 'Le délégué à la protection des données', office.dpdEmail, office.dpdPhone].filter(Boolean).join(', ');
  return {
    title: 'Information des personnes concernées par une violation de leurs données',
    subtitle: 'Projet de communication (RGPD art. 34)',
    reference: b.reference,
    office: officeBlock(office),
    sections: [
      {
        heading: 'Ce qui s’est passé',
        paragraphs: [
          `Le ${timeFr(b.knownAt)}, nous avons eu connaissance d’un incident touchant le service « ${b.service} » : ${b.nature}`,
          `Données concernées : ${b.dataCategories}.`,
        ],
      },
      { heading: 'Conséquences possibles pour vous', paragraphs: [b.consequences.trim() || '[à compléter : conséquences probables]'] },
      { heading: 'Ce que nous avons fait et ce que nous vous conseillons', paragraphs: [b.measures.trim() || '[à compléter : mesures prises ou proposées]'] },
      { heading: 'Pour toute question', paragraphs: [`Vous pouvez contacter notre délégué à la protection des données : ${contact}.`, 'Vous pouvez aussi adresser une réclamation à la CNIL (www.cnil.fr).'] },
    ],
    footer: 'RGPD art. 34(2) : la communication décrit en termes clairs et simples la nature de la violation et contient au moins les informations de l’article 33(3) b), c) et d).',
  };
}

/**
 * The information the CNIL's online notification asks for, in its order (GDPR art. 33(3)):
 * who notifies and the contact, the dates, the nature and circumstances, the data and persons
 * with their numbers, the likely consequences, the measures, the information of the persons.
 */
export function cnilCopy(b: BreachForDocs, office: Office, deadlines: BreachDeadline[]): Section[] {
  const gdpr = deadlines.find((d) => d.kind === 'cnil-gdpr');
  const late = gdpr?.dueAt && b.cnilNotification && Date.parse(b.cnilNotification.at) > Date.parse(gdpr.dueAt);
  return [
    {
      heading: '1. Organisme et contact',
      lines: [
        { label: 'Organisme qui notifie', value: b.notifyingParty ? PARTY_LABELS[b.notifyingParty.party] : 'à décider' },
        { label: 'Délégué à la protection des données', value: [office.dpdName, office.dpdEmail, office.dpdPhone].filter(Boolean).join(', ') || office.name },
        { label: 'Type de notification', value: b.cnilNotification ? `complémentaire (notification initiale ${b.cnilNotification.reference})` : 'initiale' },
      ],
    },
    {
      heading: '2. Chronologie',
      lines: [
        { label: FIELD_LABELS.startedAt, value: timeFr(b.startedAt) },
        { label: FIELD_LABELS.endedAt, value: b.endedAt ? timeFr(b.endedAt) : 'en cours' },
        { label: FIELD_LABELS.knownAt, value: timeFr(b.knownAt) },
        { label: FIELD_LABELS.knownHow, value: b.knownHow },
        ...(late && gdpr?.lateByMs !== null ? [{ label: 'Motifs du retard (plus de 72 heures)', value: '[à expliquer : la notification intervient après 72 heures]' }] : []),
      ],
    },
    {
      heading: '3. Nature de la violation',
      lines: [
        { label: FIELD_LABELS.nature, value: b.nature },
        { label: FIELD_LABELS.origin, value: ORIGIN_LABELS[b.origin] },
        { label: FIELD_LABELS.service, value: b.service },
        { label: FIELD_LABELS.hosting, value: orUnknown(b.hosting) },
      ],
    },
    {
      heading: '4. Données et personnes concernées',
      lines: [
        { label: FIELD_LABELS.personCategories, value: b.personCategories },
        { label: FIELD_LABELS.personsCount, value: approx(b.personsCount) },
        { label: FIELD_LABELS.dataCategories, value: b.dataCategories },
        { label: FIELD_LABELS.recordsCount, value: approx(b.recordsCount) },
      ],
    },
    { heading: '5. Conséquences probables', lines: [{ label: FIELD_LABELS.consequences, value: orUnknown(b.consequences) }, { label: FIELD_LABELS.highRisk, value: yesNo(b.highRisk) }] },
    { heading: '6. Mesures prises ou envisagées', lines: [{ label: FIELD_LABELS.measures, value: orUnknown(b.measures) }] },
    {
      heading: '7. Information des personnes',
      lines: [
        {
          label: 'Personnes informées',
          value: b.personsCommunication
            ? `le ${timeFr(b.personsCommunication.at)} : ${b.personsCommunication.who} (${b.personsCommunication.how})`
            : b.highRisk
              ? 'pas encore : à faire sans délai excessif (risque élevé)'
              : 'non (pas de risque élevé retenu)',
        },
      ],
    },
  ];
}

/** One line of the register of breaches (GDPR art. 33(5): facts, effects, remedial action). */
export function registerRow(b: BreachForDocs & { status: 'open' | 'closed' }, deadlines: BreachDeadline[]): string[] {
  const late = deadlines.filter((d) => d.state === 'done-late' || d.state === 'overdue').map((d) => `${d.label} : ${d.state === 'overdue' ? 'en retard' : `fait avec ${formatHours(d.lateByMs ?? 0)} de retard`}`);
  return [
    b.reference,
    b.status === 'open' ? 'En cours' : 'Close',
    timeFr(b.knownAt),
    b.service,
    b.nature,
    b.dataCategories,
    b.personCategories,
    b.personsCount === null ? '' : String(b.personsCount),
    b.consequences,
    b.measures,
    b.decision ? (b.decision.decision === 'notify' ? 'Notifier' : 'Ne pas notifier') : 'À décider',
    b.decision?.reasons ?? '',
    b.cnilNotification ? `${timeFr(b.cnilNotification.at)} (${b.cnilNotification.reference})` : '',
    b.personsCommunication ? `${timeFr(b.personsCommunication.at)} : ${b.personsCommunication.who}` : '',
    b.closedAt ? timeFr(b.closedAt) : '',
    late.join(' ; '),
  ];
}

export const REGISTER_HEADERS = [
  'Référence',
  'État',
  'Connue le',
  'Service',
  'Nature (faits)',
  'Catégories de données',
  'Catégories de personnes',
  'Personnes (env.)',
  'Conséquences (effets)',
  'Mesures (remède)',
  'Décision CNIL',
  'Argumentation',
  'Notifiée à la CNIL',
  'Personnes informées',
  'Close le',
  'Délais dépassés',
];
