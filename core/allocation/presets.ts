// The two rule sets the app ships (presets), as data, each with the agreement text it
// implements: Versailles / Fontenay-aux-Roses (seed 000, annex 1, art. 3.2.2) and DSDEN 13
// (seed 003, art. 8.1 and 8.2). Agreements store an editable copy (`presetRuleSet`).
import { PRESETS, type PresetId } from '../domain';
import { AllocationError, type RuleSet } from './types';

export const PRESET_LABELS: Record<PresetId, string> = {
  'versailles-fontenay': 'Versailles / Fontenay-aux-Roses',
  dsden13: 'DSDEN 13',
};

const VF_SOURCE = 'Convention académie de Versailles / commune de Fontenay-aux-Roses, annexe 1, art. 3.2.2';
const D13_SOURCE = 'Convention DSDEN des Bouches-du-Rhône / collectivité, art. 8.1';
const D13_CLAUSE_COMMUNE = 'La collectivité traite toute demande portant sur un module lui étant propre.';
const D13_CLAUSE_ACADEMIE =
  "L'autorité académique traite toute demande portant sur un module lui étant propre ou excédant le champ d'application du seul établissement.";

// Seed 000, annex 1, art. 3.2.2, "Répartition du traitement des demandes de droit" (4 rows):
//   1. "Demandes de droit effectuées par un enseignant, un parent d'élève ou un élève" → Académie
//   2. "Demandes de droit effectuées par un personnel de la commune" → Commune
//   3. "Demandes de droit effectuées directement auprès de l'académie" → Académie
//      "(sauf préemption de la commune validée par les parties)"
//   4. "Demandes de droit effectuées directement auprès de la commune" → Commune
//      "(sauf préemption de l'académie validée par les parties)"
// Reading of overlapping rows (domain.md): requester-category rows (1, 2) decide first; the
// receipt-channel rows (3, 4) decide for the categories rows 1-2 do not name. When a category
// row and a channel row name different parties (a parent writing to the commune: rows 1 and 4),
// the category row's party is PROPOSED (it answers from day one) and the allocation is to
// confirm by both parties (`conflict`, proposal 'first-rule': the rules are in that order).
// Pre-emption is written only in rows 3 and 4, and each names the party that did NOT receive
// the request: `preemptibleBy`. A request decided by row 1 or 2 is not pre-emptible.
const VERSAILLES_FONTENAY: RuleSet = {
  version: 1,
  preset: 'versailles-fontenay',
  label: PRESET_LABELS['versailles-fontenay'],
  source: VF_SOURCE,
  reading:
    "Les lignes selon le demandeur (enseignant, parent d'élève ou élève ; personnel de la commune) décident d'abord. " +
    'Les lignes selon le lieu de réception (académie, commune) décident pour les demandeurs que les premières lignes ne nomment pas ' +
    '(autres personnels, tiers, anciens élèves…). Quand une ligne « demandeur » et une ligne « lieu de réception » désignent des parties ' +
    'différentes, la partie désignée par la ligne « demandeur » est proposée et répond dès la réception ; la répartition est à confirmer ' +
    "par les deux parties (échange entre les offices ou point mensuel), qui peuvent aussi convenir de l'autre partie (arbitrage). " +
    "La préemption ne vaut que pour une demande répartie selon le lieu de réception (lignes 3 et 4), et seulement par la partie qui ne l'a pas reçue.",
  rules: [
    {
      id: 'vf-requester-academie',
      label: "Demande effectuée par un enseignant, un parent d'élève ou un élève",
      clause: "Demandes de droit effectuées par un enseignant, un parent d'élève ou un élève : Académie.",
      source: `${VF_SOURCE}, ligne 1`,
      ref: 'ligne 1 du tableau',
      when: { requesterCategories: ['teacher', 'parent', 'pupil'] },
      party: 'academie',
    },
    {
      id: 'vf-requester-commune',
      label: 'Demande effectuée par un personnel de la commune',
      clause: 'Demandes de droit effectuées par un personnel de la commune : Commune.',
      source: `${VF_SOURCE}, ligne 2`,
      ref: 'ligne 2 du tableau',
      when: { requesterCategories: ['commune-staff'] },
      party: 'commune',
    },
    {
      id: 'vf-channel-academie',
      label: "Demande effectuée directement auprès de l'académie",
      clause:
        "Demandes de droit effectuées directement auprès de l'académie : Académie (sauf préemption de la commune validée par les parties).",
      source: `${VF_SOURCE}, ligne 3`,
      ref: 'ligne 3 du tableau',
      when: { channels: ['academie'] },
      party: 'academie',
      preemptibleBy: 'commune',
    },
    {
      id: 'vf-channel-commune',
      label: 'Demande effectuée directement auprès de la commune',
      clause:
        "Demandes de droit effectuées directement auprès de la commune : Commune (sauf préemption de l'académie validée par les parties).",
      source: `${VF_SOURCE}, ligne 4`,
      ref: 'ligne 4 du tableau',
      when: { channels: ['commune'] },
      party: 'commune',
      preemptibleBy: 'academie',
    },
  ],
  overlaps: [],
  conflict: {
    id: 'vf-conflict-requester-channel',
    proposal: 'first-rule',
    reason:
      'Lecture retenue : la ligne selon le demandeur prime sur le lieu de réception ; la partie proposée répond dès la réception ' +
      "(l'accusé de réception la nomme), jusqu'à ce que les deux parties confirment la répartition ou conviennent de l'autre partie " +
      '(échange entre les offices ou point mensuel). Pas de préemption : la demande ne relève pas seulement du lieu de réception.',
  },
  fallback: {
    id: 'vf-no-rule',
    party: null,
    reason:
      "Aucune ligne du tableau de répartition ne vise cette demande (demandeur non nommé par le tableau, reçue ailleurs qu'à l'académie ou à la commune) : " +
      'aucune partie proposée ; la répartition est à convenir et à valider par les deux parties (échange entre les offices ou point mensuel).',
  },
  preemption: {
    allowed: true,
    clause:
      "Sauf préemption de la commune (demandes faites directement auprès de l'académie, ligne 3) ou de l'académie (demandes faites directement " +
      "auprès de la commune, ligne 4), validée par les parties. Une demande répartie selon le demandeur (lignes 1 et 2), ou dont la répartition " +
      "est à confirmer, ne se préempte pas : seule une décision d'arbitrage validée par les deux parties change sa répartition.",
  },
};

// Seed 003, art. 8.1: "La collectivité traite toute demande portant sur un module lui étant
// propre. L'autorité académique traite toute demande portant sur un module lui étant propre ou
// excédant le champ d'application du seul établissement." Art. 8.2: "Le délégué à la protection
// des données de l'Académie est désigné comme le point de contact pour les personnes".
// Reading (domain.md):
// - a commune module concerning several schools goes to the académie (its clause names the
//   scope), decided, and the reason says so (`overlaps`);
// - an unknown module (one school, or scope not given) is PROPOSED to the académie, point of
//   contact of art. 8.2, to confirm by both DPDs (`fallback.party`);
// - the agreement provides for no pre-emption (nor any monthly meeting: its art. 4 sets a
//   steering committee), so confirmations go through the exchange between offices.
const DSDEN13: RuleSet = {
  version: 1,
  preset: 'dsden13',
  label: PRESET_LABELS.dsden13,
  source: D13_SOURCE,
  reading:
    "La répartition suit le module ou traitement concerné : la collectivité répond pour ses modules, l'académie pour les siens. " +
    "L'académie répond aussi à toute demande excédant le champ d'une seule école, y compris pour un module de la collectivité " +
    "(sa clause vise expressément ce cas). Si le module est inconnu, la demande est proposée à l'académie, dont le DPD est le point " +
    "de contact des personnes (art. 8.2) : elle répond dès la réception, et la répartition est à confirmer par les deux parties.",
  rules: [
    {
      id: 'd13-module-commune',
      label: 'Demande portant sur un module propre à la collectivité',
      clause: D13_CLAUSE_COMMUNE,
      source: D13_SOURCE,
      ref: 'art. 8.1, module de la collectivité',
      when: { moduleOwners: ['commune'] },
      party: 'commune',
    },
    {
      id: 'd13-module-academie',
      label: "Demande portant sur un module propre à l'académie",
      clause: D13_CLAUSE_ACADEMIE,
      source: D13_SOURCE,
      ref: "art. 8.1, module de l'académie",
      when: { moduleOwners: ['academie'] },
      party: 'academie',
    },
    {
      id: 'd13-scope-several',
      label: "Demande excédant le champ d'application d'une seule école",
      clause: D13_CLAUSE_ACADEMIE,
      source: D13_SOURCE,
      ref: "art. 8.1, demande excédant le champ d'une seule école",
      when: { schoolsScopes: ['several'] },
      party: 'academie',
    },
  ],
  overlaps: [
    {
      id: 'd13-overlap-commune-module-several-schools',
      rules: ['d13-module-commune', 'd13-scope-several'],
      party: 'academie',
      status: 'decided',
      reason:
        "Module de la collectivité, mais demande excédant le champ d'une seule école : les deux clauses de l'art. 8.1 s'appliquent ; " +
        "l'académie répond, car sa clause vise expressément les demandes excédant le champ d'application du seul établissement.",
    },
  ],
  conflict: {
    id: 'd13-conflict',
    proposal: 'none',
    reason: 'Aucune proposition : répartition à convenir et à valider par les deux parties (échange entre les offices).',
  },
  fallback: {
    id: 'd13-module-unknown',
    party: 'academie',
    reason:
      "Module ou traitement concerné inconnu, et demande ne portant pas sur plusieurs écoles : la convention (art. 8.1) répartit selon le module. " +
      "Proposée à l'académie, dont le DPD est le point de contact des personnes (art. 8.2) : elle répond dès la réception ; " +
      'à confirmer par les deux parties (échange entre les offices), ou à corriger quand le module est connu.',
  },
  preemption: {
    allowed: false,
    clause:
      "La convention (art. 8.1) ne prévoit pas de préemption : la répartition suit le module concerné et l'étendue de la demande. " +
      "Corrigez-les s'ils sont mal renseignés ; sinon, seule une décision d'arbitrage validée par les deux parties peut changer la répartition.",
  },
};

export const PRESET_RULESETS: Readonly<Record<PresetId, RuleSet>> = {
  'versailles-fontenay': VERSAILLES_FONTENAY,
  dsden13: DSDEN13,
};

/** A fresh, editable copy of a preset rule set (to store in a new agreement). */
export function presetRuleSet(preset: PresetId): RuleSet {
  return structuredClone(PRESET_RULESETS[preset]);
}

/** The rule set given, or the preset it names (AllocationError 'PRESET_INCONNU' for an unknown one). */
export function resolveRuleSet(rules: RuleSet | PresetId): RuleSet {
  if (typeof rules !== 'string') return rules;
  const preset = (PRESET_RULESETS as Partial<Record<string, RuleSet>>)[rules];
  if (preset === undefined) {
    throw new AllocationError('PRESET_INCONNU', `Modèle de répartition inconnu : « ${String(rules)} » (attendu : ${PRESETS.join(', ')}).`);
  }
  return preset;
}
