// Personal-data breaches: the agreements' rules as data (deadlines in hours, who is alerted, who
// notifies the CNIL), one rule set per agreement preset, each rule citing the clause it reads.
// The texts: ../shared/seeds/ (seed 000 annex 1 art. 4.1-4.2 and main convention art. 7; seed
// 003 art. 3.1-3.2 and annex 2), GDPR art. 33 and 34. A breach keeps a copy of the rule set it
// was declared under, so its deadlines never change behind it. Pure.
import type { Party, PresetId } from '../domain';

/** Who discovered the breach: one of the parties, or a processor (the ENT vendor). */
export const DISCOVERERS = ['academie', 'commune', 'processor'] as const;
export type Discoverer = (typeof DISCOVERERS)[number];
export const DISCOVERER_LABELS: Record<Discoverer, string> = {
  academie: 'Académie',
  commune: 'Commune',
  processor: "Sous-traitant (éditeur de l'ENT)",
};

/**
 * Where the breach comes from, in the words of seed 000 annex 1 art. 4.2.2: the action of a member
 * of the educational community or an alert from the tools the académie provides, the action of
 * the commune's staff or an alert from the tools the commune provides; or not known yet.
 */
export const ORIGINS = ['academie-person', 'academie-tool', 'commune-person', 'commune-tool', 'unknown'] as const;
export type Origin = (typeof ORIGINS)[number];
export const ORIGIN_LABELS: Record<Origin, string> = {
  'academie-person': "Action d'un membre de la communauté éducative",
  'academie-tool': "Alerte d'un outil mis à disposition par l'académie",
  'commune-person': "Action d'un personnel de la commune",
  'commune-tool': "Alerte d'un outil mis à disposition par la commune",
  unknown: 'Origine encore inconnue',
};

/** The deadlines a breach may have; each rule set says which apply and from when. */
export const BREACH_DEADLINE_KINDS = [
  'processor-notification',
  'commune-alert',
  'dpd-notification',
  'crisis-cell',
  'update',
  'cnil-agreement',
  'cnil-gdpr',
  'persons',
] as const;
export type BreachDeadlineKind = (typeof BREACH_DEADLINE_KINDS)[number];

/**
 * The instant a deadline runs from: the knowledge of the breach, the notification of the DPDs,
 * or the last notification or update sent (updates every 24 hours until resolved).
 */
export type DeadlineStart = 'known' | 'notified' | 'last-update';

export interface BreachDeadlineRule {
  kind: BreachDeadlineKind;
  /** French: what is due. */
  label: string;
  /** French: to whom. */
  to: string;
  /** Real hours after `from`; null for "sans délai excessif" (GDPR art. 34(1)): no hour count. */
  hours: number | null;
  from: DeadlineStart;
  /** Only when the breach was discovered by one of these (absent: always). */
  discoveredBy?: Discoverer[];
  /** The clause this rule reads, as cited to the user. */
  clause: string;
}

export interface AlertContact {
  label: string;
  /** An address given by the agreement; '' when it names a role only (the IEN of the circonscription). */
  email: string;
  /** For security incidents only (seed 000 art. 7, second paragraph). */
  securityIncident: boolean;
  clause: string;
}

export interface BreachRuleSet {
  preset: PresetId;
  /** French, for the screens: which agreement the rules come from. */
  source: string;
  deadlines: BreachDeadlineRule[];
  alertChain: AlertContact[];
  /** Whether a crisis cell decides on the CNIL notification (seed 000 annex 1 art. 4.2). */
  crisisCell: boolean;
  /** The party proposed to notify the CNIL, by origin (null: nobody proposed, the parties decide). */
  notifyingParty: Record<Origin, Party | null>;
  /** French: the clause behind the proposal, shown next to it. */
  notifyingPartyClause: string;
}

/** GDPR art. 33(1): 72 hours after becoming aware, shown beside any stricter agreement deadline. */
const CNIL_GDPR: BreachDeadlineRule = {
  kind: 'cnil-gdpr',
  label: 'Notification à la CNIL (délai légal)',
  to: 'CNIL',
  hours: 72,
  from: 'known',
  clause: 'RGPD art. 33(1) : « dans la mesure du possible, 72 heures au plus tard après en avoir pris connaissance »',
};

/** GDPR art. 34(1): when the risk is high, the persons are told "sans délai excessif". */
const PERSONS: BreachDeadlineRule = {
  kind: 'persons',
  label: 'Communication aux personnes concernées (risque élevé)',
  to: 'Personnes concernées',
  hours: null,
  from: 'known',
  clause: 'RGPD art. 34(1) : « dans les meilleurs délais » lorsque la violation est susceptible d’engendrer un risque élevé',
};

export const BREACH_RULES: Record<PresetId, BreachRuleSet> = {
  'versailles-fontenay': {
    preset: 'versailles-fontenay',
    source: 'Convention académie de Versailles / commune de Fontenay-aux-Roses (2025), art. 7 et annexe 1 art. 4',
    deadlines: [
      {
        kind: 'dpd-notification',
        label: 'Notification aux DPD et RSSI (formulaire de déclaration)',
        to: 'DPD de chaque partie et, le cas échéant, RSSI de chaque partie',
        hours: 24,
        from: 'known',
        clause: 'Annexe 1 art. 4.1 : « doit la notifier sous 24 heures maximum » au DPD et au RSSI de chaque entité',
      },
      {
        kind: 'crisis-cell',
        label: 'Cellule de crise (décision de notifier ou non la CNIL)',
        to: 'DPD des deux parties',
        hours: 24,
        from: 'notified',
        clause: 'Annexe 1 art. 4.2 : « convoquée dans les 24 heures à compter de la notification de la faille »',
      },
      {
        kind: 'update',
        label: 'Mise à jour du formulaire',
        to: 'DPD et RSSI notifiés',
        hours: 24,
        from: 'last-update',
        clause: 'Annexe 1 art. 4.1 : mise à jour « toutes les 24 heures jusqu’à résolution de l’incident »',
      },
      {
        kind: 'cnil-agreement',
        label: 'Notification à la CNIL (délai de la convention)',
        to: 'CNIL',
        hours: 48,
        from: 'known',
        clause: 'Convention art. 7 : rapport à la CNIL « dans les 48 heures de la connaissance de l’incident par les parties ou le sous-traitant »',
      },
      CNIL_GDPR,
      PERSONS,
    ],
    alertChain: [
      { label: "DPD de l'académie (chaîne d'alerte)", email: 'dpd@ac-versailles.fr', securityIncident: false, clause: 'Convention art. 7, 2e alinéa' },
      { label: 'DPD de la commune', email: '', securityIncident: false, clause: 'Annexe 1 art. 4.1 : « le DPD de chaque entité »' },
      { label: 'RSSI de chaque partie, le cas échéant', email: '', securityIncident: false, clause: 'Annexe 1 art. 4.1 : « le RSSI de chaque entité le cas échéant »' },
      { label: 'Alerte SSI de l’académie', email: 'alerte-ssi@ac-versailles.fr', securityIncident: true, clause: 'Convention art. 7, 3e alinéa (incident de sécurité)' },
      { label: "IEN de la circonscription", email: '', securityIncident: true, clause: 'Convention art. 7, 3e alinéa (incident de sécurité)' },
    ],
    crisisCell: true,
    notifyingParty: {
      'academie-person': 'academie',
      'academie-tool': 'academie',
      'commune-person': 'commune',
      'commune-tool': 'commune',
      unknown: null,
    },
    notifyingPartyClause:
      'Annexe 1 art. 4.2.2 : la partie d’où la faille provient notifie (l’académie pour la communauté éducative ou ses outils, la commune pour ses personnels ou ses outils)',
  },
  dsden13: {
    preset: 'dsden13',
    source: 'Convention DSDEN des Bouches-du-Rhône / collectivité (2025), art. 3 et annexe 2',
    deadlines: [
      {
        kind: 'processor-notification',
        label: 'Notification du sous-traitant aux responsables (gravité, étendue, origine)',
        to: 'Académie et collectivité',
        hours: 48,
        from: 'known',
        discoveredBy: ['processor'],
        clause: 'Annexe 2 art. X.4 : « au plus tard dans les 48 heures après en avoir eu connaissance »',
      },
      {
        kind: 'commune-alert',
        label: "Alerte de l'académie par la collectivité",
        to: "Académie (DPD : dpd@ac-aix-marseille.fr)",
        hours: 48,
        from: 'known',
        discoveredBy: ['commune', 'processor'],
        clause: 'Art. 3.2 : « au plus tard dans un délai maximal de 48h »',
      },
      CNIL_GDPR,
      PERSONS,
    ],
    alertChain: [
      { label: "DPD de l'académie (point de contact)", email: 'dpd@ac-aix-marseille.fr', securityIncident: false, clause: 'Art. 8.2 et art. 3.2' },
      { label: 'DPD de la collectivité', email: '', securityIncident: false, clause: 'Art. 3.1 : la DSDEN alerte la collectivité des incidents' },
    ],
    crisisCell: false,
    notifyingParty: {
      'academie-person': 'academie',
      'academie-tool': 'academie',
      'commune-person': 'academie',
      'commune-tool': 'academie',
      unknown: 'academie',
    },
    notifyingPartyClause:
      'Art. 3.1 : la DSDEN signale à la CNIL et notifie aux personnes concernées (la convention permet de prévoir une notification selon le module concerné)',
  },
};

/** The rule set of an agreement's preset (a breach stores its own copy at declaration). */
export const breachRulesFor = (preset: PresetId): BreachRuleSet => BREACH_RULES[preset];

/** The party proposed to notify the CNIL for a breach of this origin, with the clause. */
export function proposedNotifyingParty(rules: BreachRuleSet, origin: Origin): { party: Party | null; clause: string } {
  return { party: rules.notifyingParty[origin], clause: rules.notifyingPartyClause };
}

/**
 * Who must be alerted: the DPD chain always (seed 000 art. 7: "signaler sans délai les incidents
 * de sécurité informatique ainsi que les violations"), plus the security-incident contacts when
 * there was a security incident (art. 7, third paragraph).
 */
export function alertChainFor(rules: BreachRuleSet, facts: { securityIncident: boolean }): AlertContact[] {
  return rules.alertChain.filter((c) => facts.securityIncident || !c.securityIncident);
}
