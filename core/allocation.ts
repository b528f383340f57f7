// Allocation ("répartition"): which party answers a request. Allocation is data: each agreement
// carries a RuleSet (stored as JSON in the agreement, shown to the user); the two agreements
// the app ships are presets. Every allocation records the rule that decided it.
// - Overlapping rows that name different parties give a PROPOSED party (it answers from day
//   one) and the status 'to-settle' until both parties validate a decision (domain.md).
// - Pre-emption (seed 000 annex 1, art. 3.2.2): only for a request allocated by a receipt-channel
//   row, and only by the party that did not receive it; the rule says which (`preemptibleBy`).
// - Settlement ("arbitrage"): either party proposes an allocation (confirming the proposal or
//   changing it); it takes effect once both parties have validated it.
// - The party that claims a pre-emption or proposes a settlement validates it in the same step:
//   only the other party's validation is then missing. The previous allocation is kept.
// - Handover to the co-controller only once the allocation names the other party and is decided
//   (or validated by both): `checkHandOver`.
// Pure: no clock (instants are parameters), no platform API.
import { z } from 'zod';
import { formatParisDateTime, isIsoInstant } from './deadlines';
import {
  CHANNELS,
  PARTIES,
  PARTY_LABELS,
  PRESETS,
  REQUESTER_CATEGORIES,
  type Channel,
  type Party,
  type PresetId,
  type RequesterCategory,
} from './domain';
import { DomainError } from './errors';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export const SCHOOLS_SCOPES = ['single', 'several'] as const;
export type SchoolsScope = (typeof SCHOOLS_SCOPES)[number];

export type AllocationStatus = 'decided' | 'to-settle';

/** What a rule looks at. A rule applies when every list it gives contains the request's value. */
export interface RuleCondition {
  requesterCategories?: RequesterCategory[];
  /** Where the request was received. */
  channels?: Channel[];
  /** Owner of the module / processing concerned (DSDEN 13 style). */
  moduleOwners?: Party[];
  schoolsScopes?: SchoolsScope[];
}

export interface AllocationRule {
  /** Stable id, recorded on every allocation it decides ('vf-requester-academie'). */
  id: string;
  /** French, short: what requests the rule covers. */
  label: string;
  /** French text of the agreement clause the rule implements. */
  clause: string;
  /** Where the clause is in the agreement. */
  source: string;
  when: RuleCondition;
  party: Party;
  /** Short reference of the row, for messages ('ligne 1 du tableau'); `source` when absent. */
  ref?: string;
  /**
   * The party that may pre-empt a request this rule decided ("sauf préemption de la commune
   * validée par les parties"); absent: no pre-emption of requests it decides. Rule sets stored
   * before this field existed: see `preemptingPartyOf` (receipt-channel rows, derived).
   */
  preemptibleBy?: Party;
}

/** How to read two rules that apply together and name different parties. */
export interface OverlapResolution {
  id: string;
  /** The two rule ids. */
  rules: [string, string];
  party: Party | null;
  status: AllocationStatus;
  /** French: the reading, as shown to the user. */
  reason: string;
}

export interface RuleSet {
  version: 1;
  /** The preset it was copied from, if any. */
  preset: PresetId | null;
  label: string;
  /** The agreement and article the table comes from. */
  source: string;
  /** French: how rows are read when several apply (shown to the user next to the table). */
  reading: string;
  /** In priority order: when rules disagree, the first one gives the proposal (see `conflict`). */
  rules: AllocationRule[];
  overlaps: OverlapResolution[];
  /** Rules apply together, name different parties, and no overlap resolves it: to settle. */
  conflict: { id: string; proposal: 'first-rule' | 'none'; reason: string };
  /** No rule applies: to settle, with the party proposed (DSDEN 13: the point of contact), or none. */
  fallback: { id: string; reason: string; party?: Party | null };
  /** Whether the agreement provides for pre-emption, with the clause (French). */
  preemption: { allowed: boolean; clause: string };
}

export interface AllocationInput {
  requesterCategory: RequesterCategory;
  /** Where the request was received. */
  channel: Channel;
  /** The module / processing concerned, when known (DSDEN 13 style rules). */
  module?: { owner: Party } | null;
  schoolsScope?: SchoolsScope | null;
}

export interface Allocation {
  /**
   * The party that answers: decided, or (to-settle) proposed, in which case it answers from
   * day one and the acknowledgement names it; null when no party is proposed.
   */
  party: Party | null;
  /** 'to-settle': to confirm (or change) by a decision both parties validate. */
  status: AllocationStatus;
  /** The rule (or overlap / conflict / fallback entry, or 'preemption' / 'settlement') that decided. */
  ruleId: string;
  /** French, for the user. */
  reason: string;
}

export interface Validation {
  party: Party;
  /** Who validated (name of the DPD). */
  by: string;
  /** ISO instant. */
  at: string;
}

/**
 * A pre-emption claimed or a settlement proposed, waiting for both parties' validation. It is
 * created with the validation of the party that claimed / proposed it (its DPD is acting).
 */
export interface PendingDecision {
  kind: 'preemption' | 'settlement';
  /** The allocation it would replace (kept in the result). */
  from: AllocationState;
  /** The party that would answer. */
  party: Party;
  /** For a pre-emption, the claiming party; for a settlement, the party that proposed it. */
  claimedBy: Party;
  by: string;
  at: string;
  reason: string;
  validations: Validation[];
}

/** Alias kept for readability where only pre-emptions are handled. */
export type PendingPreemption = PendingDecision;

/** An allocation as stored on a request, with what changed it. */
export interface AllocationState extends Allocation {
  /** The allocation before a pre-emption took effect (the original one stays visible). */
  preemptedFrom?: AllocationState;
  /** The allocation before the monthly meeting settled it. */
  settledFrom?: AllocationState;
  /** The pre-emption or settlement that produced this allocation: who claimed, who validated. */
  decision?: Omit<PendingDecision, 'from'> & { appliedAt: string };
}

export type AllocationErrorCode =
  | 'REGLES_INVALIDES'
  | 'PRESET_INCONNU'
  | 'PREEMPTION_INUTILE'
  | 'PREEMPTION_NON_PREVUE'
  | 'PREEMPTION_IMPOSSIBLE'
  | 'ARBITRAGE_INUTILE'
  | 'TRANSMISSION_IMPOSSIBLE'
  | 'VALIDATION_EN_DOUBLE'
  | 'VALIDATION_INCOMPLETE'
  | 'CHAMP_REQUIS';

/** A refused allocation operation; `message` is French and says what to do. */
export class AllocationError extends DomainError {
  declare readonly code: AllocationErrorCode;
  constructor(code: AllocationErrorCode, message: string) {
    super(code, message);
  }
}

// ---------------------------------------------------------------------------------------------
// Presets
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Validation of a rule set (when an agreement is saved)
// ---------------------------------------------------------------------------------------------

const RESERVED_IDS = ['preemption', 'settlement'];
const ruleId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    error: 'identifiant invalide : lettres minuscules, chiffres et tirets (64 caractères au plus)',
  })
  .refine((v) => !RESERVED_IDS.includes(v), { error: 'identifiant réservé (preemption, settlement)' });
const frText = (max: number) =>
  z
    .string({ error: 'texte attendu' })
    .trim()
    .min(1, { error: 'à renseigner' })
    .max(max, { error: `${max} caractères au plus` });
const nonEmptyList = <T extends z.ZodType>(item: T) =>
  z.array(item).min(1, { error: 'liste vide : retirez la condition ou nommez au moins une valeur' });

const conditionSchema = z
  .object({
    requesterCategories: nonEmptyList(z.enum(REQUESTER_CATEGORIES)).optional(),
    channels: nonEmptyList(z.enum(CHANNELS)).optional(),
    moduleOwners: nonEmptyList(z.enum(PARTIES)).optional(),
    schoolsScopes: nonEmptyList(z.enum(SCHOOLS_SCOPES)).optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    error: 'la règle ne pose aucune condition : elle s’appliquerait à toutes les demandes',
  });

const partyOrNull = z.enum(PARTIES).nullable();

export const ruleSetSchema = z
  .object({
    version: z.literal(1, { error: 'version de format inconnue (1 attendu)' }),
    preset: z.enum(PRESETS).nullable(),
    label: frText(200),
    source: frText(400),
    reading: frText(4000),
    rules: z
      .array(
        z
          .object({
            id: ruleId,
            label: frText(300),
            clause: frText(4000),
            source: frText(400),
            when: conditionSchema,
            party: z.enum(PARTIES),
            ref: frText(200).optional(),
            preemptibleBy: z.enum(PARTIES).optional(),
          })
          .strict(),
      )
      .min(1, { error: 'au moins une règle est nécessaire' })
      .max(100, { error: '100 règles au plus' }),
    overlaps: z.array(
      z
        .object({
          id: ruleId,
          rules: z.tuple([z.string(), z.string()]),
          party: partyOrNull,
          status: z.enum(['decided', 'to-settle']),
          reason: frText(2000),
        })
        .strict(),
    ),
    conflict: z.object({ id: ruleId, proposal: z.enum(['first-rule', 'none']), reason: frText(2000) }).strict(),
    fallback: z.object({ id: ruleId, reason: frText(2000), party: partyOrNull.optional() }).strict(),
    preemption: z.object({ allowed: z.boolean(), clause: frText(2000) }).strict(),
  })
  .strict()
  .superRefine((rs, ctx) => {
    for (const issue of consistencyIssues(rs)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

interface Issue {
  path: (string | number)[];
  message: string;
}

const asRecord = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/**
 * Checks across entries (unique ids, overlaps naming existing rules that disagree). Tolerates a
 * malformed shape, so the user sees these problems together with the shape errors.
 */
function consistencyIssues(input: unknown): Issue[] {
  const issues: Issue[] = [];
  const rs = asRecord(input);
  if (rs === null) return issues;
  const rules = Array.isArray(rs.rules) ? rs.rules.map(asRecord) : [];
  const overlaps = Array.isArray(rs.overlaps) ? rs.overlaps.map(asRecord) : [];
  const seen = new Map<string, string>();
  const claim = (id: unknown, path: (string | number)[], where: string): void => {
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first !== undefined) issues.push({ path, message: `identifiant « ${id} » déjà utilisé (${first})` });
    else seen.set(id, where);
  };
  rules.forEach((r, i) => claim(r?.id, ['rules', i, 'id'], `règle n° ${i + 1}`));
  overlaps.forEach((o, i) => claim(o?.id, ['overlaps', i, 'id'], `chevauchement n° ${i + 1}`));
  claim(asRecord(rs.conflict)?.id, ['conflict', 'id'], 'désaccord entre règles');
  claim(asRecord(rs.fallback)?.id, ['fallback', 'id'], 'aucune règle applicable');
  // Seed 000 annex 1, 3.2.2: the pre-emption is by the party the row does NOT give the request to.
  const preemptionAllowed = asRecord(rs.preemption)?.allowed === true;
  rules.forEach((r, i) => {
    if (r === null || r.preemptibleBy === undefined) return;
    if (r.preemptibleBy === r.party) {
      issues.push({
        path: ['rules', i, 'preemptibleBy'],
        message: 'une partie ne peut pas préempter une demande que la règle lui attribue déjà',
      });
    } else if (!preemptionAllowed) {
      issues.push({
        path: ['rules', i, 'preemptibleBy'],
        message: 'la convention ne prévoit pas de préemption (préemption › autorisée) : retirez la partie qui peut préempter',
      });
    }
  });
  const byId = new Map<unknown, Record<string, unknown>>();
  for (const r of rules) if (r !== null) byId.set(r.id, r);
  overlaps.forEach((o, i) => {
    if (o === null || !Array.isArray(o.rules)) return;
    const [a, b] = o.rules as unknown[];
    const ra = byId.get(a);
    const rb = byId.get(b);
    if (ra === undefined) issues.push({ path: ['overlaps', i, 'rules', 0], message: `règle « ${String(a)} » inconnue` });
    if (rb === undefined) issues.push({ path: ['overlaps', i, 'rules', 1], message: `règle « ${String(b)} » inconnue` });
    if (a === b) issues.push({ path: ['overlaps', i, 'rules'], message: 'une règle ne peut pas chevaucher elle-même' });
    else if (ra !== undefined && rb !== undefined && ra.party === rb.party) {
      issues.push({
        path: ['overlaps', i, 'rules'],
        message: `les règles « ${String(a)} » et « ${String(b)} » désignent la même partie : rien à arbitrer`,
      });
    }
    if (o.status === 'decided' && o.party === null) {
      issues.push({ path: ['overlaps', i, 'party'], message: 'une répartition décidée doit désigner une partie' });
    }
  });
  return issues;
}

const PATH_LABELS: Record<string, string> = {
  version: 'version',
  preset: 'modèle',
  label: 'libellé',
  source: 'source',
  reading: 'lecture des lignes',
  rules: 'règle',
  overlaps: 'chevauchement',
  conflict: 'désaccord entre règles',
  fallback: 'aucune règle applicable',
  preemption: 'préemption',
  id: 'identifiant',
  clause: 'clause',
  when: 'conditions',
  party: 'partie',
  status: 'statut',
  reason: 'motif',
  proposal: 'proposition',
  allowed: 'autorisée',
  preemptibleBy: 'préemptable par',
  ref: 'référence courte',
  requesterCategories: 'catégories de demandeur',
  channels: 'lieux de réception',
  moduleOwners: 'propriétaires du module',
  schoolsScopes: 'étendue (écoles)',
};

function frenchPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'règles de répartition';
  const parts: string[] = [];
  for (let i = 0; i < path.length; i += 1) {
    const key = path[i];
    const next = path[i + 1];
    if (typeof key === 'number') continue;
    const label = PATH_LABELS[String(key)] ?? String(key);
    if (typeof next === 'number') parts.push(`${label} n° ${next + 1}`);
    else parts.push(key === 'rules' ? 'règles' : key === 'overlaps' ? 'chevauchements' : label);
  }
  return parts.join(' › ');
}

export type RuleSetValidation = { ok: true; ruleSet: RuleSet } | { ok: false; errors: string[]; message: string };

/**
 * Checks a rule set (when an agreement is saved or imported): shape, known values, unique
 * ids, overlaps naming existing rules. Errors are French and say where the problem is.
 */
export function validateRuleSet(input: unknown): RuleSetValidation {
  const parsed = ruleSetSchema.safeParse(input, { error: z.locales.fr().localeError });
  if (parsed.success) return { ok: true, ruleSet: parsed.data as RuleSet };
  // zod stops before the cross-entry checks when the shape is wrong: add them here, once.
  const issues: Issue[] = parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
  const key = (i: Issue): string => `${i.path.join('.')}|${i.message}`;
  const known = new Set(issues.map(key));
  for (const issue of consistencyIssues(input)) if (!known.has(key(issue))) issues.push(issue);
  const errors = issues.map((issue) => `${frenchPath(issue.path)} : ${issue.message}`);
  return { ok: false, errors, message: `Règles de répartition invalides :\n- ${errors.join('\n- ')}` };
}

/** validateRuleSet, throwing an AllocationError ('REGLES_INVALIDES') with the French list. */
export function parseRuleSet(input: unknown): RuleSet {
  const result = validateRuleSet(input);
  if (!result.ok) throw new AllocationError('REGLES_INVALIDES', result.message);
  return result.ruleSet;
}

/** The request fields a rule set looks at (so the form asks for them). */
export function ruleSetInputs(ruleSet: RuleSet): ('requesterCategory' | 'channel' | 'module' | 'schoolsScope')[] {
  const used = new Set<'requesterCategory' | 'channel' | 'module' | 'schoolsScope'>();
  for (const r of ruleSet.rules) {
    if (r.when.requesterCategories !== undefined) used.add('requesterCategory');
    if (r.when.channels !== undefined) used.add('channel');
    if (r.when.moduleOwners !== undefined) used.add('module');
    if (r.when.schoolsScopes !== undefined) used.add('schoolsScope');
  }
  return [...used];
}

// ---------------------------------------------------------------------------------------------
// Allocate
// ---------------------------------------------------------------------------------------------

function matches(c: RuleCondition, input: AllocationInput): boolean {
  if (c.requesterCategories !== undefined && !c.requesterCategories.includes(input.requesterCategory)) return false;
  if (c.channels !== undefined && !c.channels.includes(input.channel)) return false;
  if (c.moduleOwners !== undefined) {
    const owner = input.module?.owner;
    if (owner === undefined || !c.moduleOwners.includes(owner)) return false;
  }
  if (c.schoolsScopes !== undefined) {
    const scope = input.schoolsScope;
    if (scope === undefined || scope === null || !c.schoolsScopes.includes(scope)) return false;
  }
  return true;
}

function partyName(party: Party): string {
  return PARTY_LABELS[party];
}

// French articles for the parties, in running text.
const THE_PARTY: Record<Party, string> = { commune: 'la commune', academie: "l'académie" };
const TO_PARTY: Record<Party, string> = { commune: 'à la commune', academie: "à l'académie" };
const capitalize = (text: string): string => text.replace(/^./, (c) => c.toUpperCase());
const otherParty = (party: Party): Party => (party === 'commune' ? 'academie' : 'commune');

/** How a rule is cited in a message: its short reference, else its source. */
function ruleRef(rule: AllocationRule): string {
  return rule.ref ?? rule.source;
}

function ruleReason(rule: AllocationRule, agreeing: AllocationRule[]): string {
  const also =
    agreeing.length > 0
      ? ` ${agreeing.length > 1 ? 'Les lignes' : 'La ligne'} ${agreeing.map((r) => `« ${r.label} »`).join(' et ')} ${agreeing.length > 1 ? 'désignent' : 'désigne'} la même partie.`
      : '';
  return `${rule.label} : ${partyName(rule.party)} (${rule.source}).${also}`;
}

function resolveRuleSet(rules: RuleSet | PresetId): RuleSet {
  if (typeof rules !== 'string') return rules;
  const preset = (PRESET_RULESETS as Partial<Record<string, RuleSet>>)[rules];
  if (preset === undefined) {
    throw new AllocationError('PRESET_INCONNU', `Modèle de répartition inconnu : « ${String(rules)} » (attendu : ${PRESETS.join(', ')}).`);
  }
  return preset;
}

/**
 * Proposes the party that answers a request, with the rule that decided and a French reason.
 * `to-settle`: the monthly meeting must decide (party = the proposal, or null).
 * The rule set is trusted (validated when the agreement was saved: validateRuleSet).
 */
export function allocate(rules: RuleSet | PresetId, input: AllocationInput): Allocation {
  const ruleSet = resolveRuleSet(rules);
  let first: AllocationRule | undefined;
  let other: AllocationRule | undefined; // first rule naming another party than `first`
  let agreeing: AllocationRule[] | undefined;
  const matched: AllocationRule[] = [];
  for (const rule of ruleSet.rules) {
    if (!matches(rule.when, input)) continue;
    matched.push(rule);
    if (first === undefined) first = rule;
    else if (rule.party !== first.party) other ??= rule;
    else (agreeing ??= []).push(rule);
  }
  if (first === undefined) {
    // No rule applies: to confirm, proposed to the fallback's party if the rule set names one
    // (DSDEN 13: the académie, point of contact of art. 8.2), else to no party.
    return { party: ruleSet.fallback.party ?? null, status: 'to-settle', ruleId: ruleSet.fallback.id, reason: ruleSet.fallback.reason };
  }
  if (other === undefined) {
    return { party: first.party, status: 'decided', ruleId: first.id, reason: ruleReason(first, agreeing ?? []) };
  }
  // Rules name different parties: an explicit reading of that overlap, if the rule set has one
  // covering the rules that apply (domain.md: DSDEN 13, commune module + several schools).
  const ids = new Set(matched.map((r) => r.id));
  for (const overlap of ruleSet.overlaps) {
    if (ids.has(overlap.rules[0]) && ids.has(overlap.rules[1])) {
      return { party: overlap.party, status: overlap.status, ruleId: overlap.id, reason: overlap.reason };
    }
  }
  // Otherwise (domain.md, reading of overlapping rows): the first rule's party is proposed
  // when the rule set says so (Versailles: the category row, listed first) and answers from day
  // one; the allocation stays to confirm until both parties validate a decision.
  const proposal = ruleSet.conflict.proposal === 'first-rule' ? first.party : null;
  const head =
    proposal === null
      ? 'Aucune partie proposée, répartition à confirmer par les deux parties'
      : `Proposée ${TO_PARTY[proposal]}, à confirmer par les deux parties`;
  return {
    party: proposal,
    status: 'to-settle',
    ruleId: ruleSet.conflict.id,
    reason:
      `${head} : « ${first.label} » (${ruleRef(first)}) désigne ${THE_PARTY[first.party]}, ` +
      `mais « ${other.label} » (${ruleRef(other)}) désigne ${THE_PARTY[other.party]} (${ruleSet.source}). ${ruleSet.conflict.reason}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Field checks (pre-emption, settlement, validation)
// ---------------------------------------------------------------------------------------------

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AllocationError('CHAMP_REQUIS', `${what} : à renseigner.`);
  }
  return value.trim();
}

function requireInstant(value: unknown, what: string): string {
  if (!isIsoInstant(value)) {
    throw new AllocationError(
      'CHAMP_REQUIS',
      `${what} : horodatage attendu au format AAAA-MM-JJTHH:mm:ssZ (reçu : « ${String(value)} »).`,
    );
  }
  return value;
}

function requireParty(value: unknown, what: string): Party {
  if (value !== 'commune' && value !== 'academie') {
    throw new AllocationError('CHAMP_REQUIS', `${what} : « commune » ou « académie » attendu.`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Which party may pre-empt (seed 000 annex 1, art. 3.2.2)
// ---------------------------------------------------------------------------------------------

/**
 * The party that may pre-empt a request decided by `rule`, or null.
 * Seed 000 annex 1, art. 3.2.2, rows 3 and 4: "Demandes de droit effectuées directement auprès
 * de l'académie : Académie (sauf préemption de la commune validée par les parties)" and
 * "… directement auprès de la commune : Commune (sauf préemption de l'académie validée par les
 * parties)": only those rows carry the exception, each for the party that did NOT receive the
 * request. The rule says so in `preemptibleBy`. A rule set stored before that field existed
 * (none of its rules carries it) is read the same way from its data: a row deciding by receipt
 * channel alone, giving the request to the party that received it, is pre-emptible by the other.
 */
function preemptingPartyOf(rule: AllocationRule, ruleSet: RuleSet): Party | null {
  if (!ruleSet.preemption.allowed) return null;
  if (rule.preemptibleBy !== undefined) return rule.preemptibleBy;
  if (ruleSet.rules.some((r) => r.preemptibleBy !== undefined)) return null;
  const { channels, ...others } = rule.when;
  const channelOnly = channels?.length === 1 && Object.values(others).every((v) => v === undefined);
  return channelOnly && channels[0] === rule.party ? otherParty(rule.party) : null;
}

/** The rule that first allocated a request, through the pre-emptions and settlements since. */
function originalRuleId(state: AllocationState): string {
  let current = state;
  for (let previous = current.preemptedFrom ?? current.settledFrom; previous; previous = current.preemptedFrom ?? current.settledFrom) {
    current = previous;
  }
  return current.ruleId;
}

/** The rule set `state` was allocated by: the one given, else the preset holding its rule. */
function ruleSetOf(state: AllocationState, rules: RuleSet | PresetId | undefined): RuleSet | undefined {
  if (rules !== undefined) return resolveRuleSet(rules);
  const id = originalRuleId(state);
  return Object.values(PRESET_RULESETS).find(
    (rs) => rs.rules.some((r) => r.id === id) || rs.overlaps.some((o) => o.id === id) || rs.conflict.id === id || rs.fallback.id === id,
  );
}

// What decided a rule's allocation, in a message ("répartie selon la catégorie du demandeur").
const RULE_BASIS: Record<keyof RuleCondition, string> = {
  requesterCategories: 'selon la catégorie du demandeur',
  channels: 'selon le lieu de réception',
  moduleOwners: 'selon le module concerné',
  schoolsScopes: "selon l'étendue de la demande (une ou plusieurs écoles)",
};

function ruleBasis(rule: AllocationRule): string {
  const keys = (Object.keys(rule.when) as (keyof RuleCondition)[]).filter((k) => rule.when[k] !== undefined);
  const only = keys.length === 1 ? keys[0] : undefined;
  return only !== undefined ? RULE_BASIS[only] : `par la règle « ${rule.label} »`;
}

/** French: for which rows the agreement provides pre-emption, and by whom. */
function preemptibleRows(ruleSet: RuleSet): string {
  const rows = ruleSet.rules.flatMap((r) => {
    const by = preemptingPartyOf(r, ruleSet);
    return by === null ? [] : [`« ${r.label} » (${ruleRef(r)}, par ${THE_PARTY[by]})`];
  });
  return rows.length === 0 ? "aucune ligne de la convention ne prévoit de préemption" : `la préemption n'est prévue que pour ${rows.join(' et ')}`;
}

const ONLY_SETTLEMENT = "seule une décision d'arbitrage validée par les deux parties peut changer la répartition.";

/**
 * Why `claimingParty` may not pre-empt the request allocated as `current`, or null when it may.
 * Seed 000 annex 1, art. 3.2.2 (see `preemptingPartyOf`): a pre-emption is possible only for a
 * request decided by a row that provides for it (rows 3 and 4: made directly to one party), and
 * only by the party that did not receive it. Refused, with what is possible instead: where the
 * agreement has no pre-emption (DSDEN 13, art. 8.1); for a request decided by a category row,
 * to confirm (overlap, no row), already pre-empted or settled: only a settlement both validate.
 * Without `ruleSet`, the preset whose rule allocated the request is used.
 */
export function preemptionRefusal(
  current: AllocationState,
  claimingParty: Party,
  ruleSet?: RuleSet | PresetId,
): AllocationError | null {
  const party = claimingParty;
  const rs = ruleSetOf(current, ruleSet);
  if (rs !== undefined && !rs.preemption.allowed) return new AllocationError('PREEMPTION_NON_PREVUE', rs.preemption.clause);
  const rule = current.status === 'decided' ? rs?.rules.find((r) => r.id === current.ruleId) : undefined;
  const by = rule !== undefined && rs !== undefined ? preemptingPartyOf(rule, rs) : null;
  const refuse = (message: string) => new AllocationError('PREEMPTION_IMPOSSIBLE', message);

  if (current.status === 'decided' && current.party === party) {
    const who = rule !== undefined && by !== null ? ` Elle relève de « ${rule.label} » (${ruleRef(rule)}) : seule ${THE_PARTY[by]} peut la préempter.` : '';
    return new AllocationError('PREEMPTION_INUTILE', `La demande est déjà attribuée ${TO_PARTY[party]} : il n'y a rien à préempter.${who}`);
  }
  if (current.ruleId === 'preemption') {
    const claimer = current.decision?.claimedBy ?? current.party;
    return refuse(
      `Cette demande a déjà été préemptée${claimer === null ? '' : ` par ${THE_PARTY[claimer]}`} (préemption validée par les deux parties) : ` +
        `elle ne se préempte pas une seconde fois ; ${ONLY_SETTLEMENT}`,
    );
  }
  if (current.ruleId === 'settlement') {
    return refuse(
      "La répartition de cette demande a été arrêtée par une décision validée par les deux parties : elle ne se préempte plus ; " +
        "seule une nouvelle décision d'arbitrage validée par les deux parties peut la changer.",
    );
  }
  if (current.status === 'to-settle') {
    const proposed = current.party;
    return refuse(
      proposed === null
        ? "Aucune ligne de la convention n'a réparti cette demande (aucune partie proposée) : elle ne se préempte pas. " +
            "Proposez une répartition par une décision d'arbitrage, qui prend effet une fois validée par les deux parties."
        : `La répartition de cette demande est à confirmer par les deux parties (proposée ${TO_PARTY[proposed]}) : elle ne se préempte pas. ` +
            `Validez la proposition, ou proposez de la confier ${TO_PARTY[otherParty(proposed)]} par une décision d'arbitrage, qui prend effet une fois validée par les deux parties.`,
    );
  }
  if (rs === undefined || rule === undefined) {
    const overlap = rs?.overlaps.find((o) => o.id === current.ruleId);
    if (overlap !== undefined) {
      return refuse(
        `Cette demande a été répartie par la lecture retenue quand plusieurs lignes s'appliquent (${overlap.reason}) : ` +
          `la préemption n'y est pas prévue ; ${ONLY_SETTLEMENT}`,
      );
    }
    return refuse(
      `La règle « ${current.ruleId} » qui a réparti cette demande ne figure pas dans les règles de la convention : ` +
        `la préemption ne peut pas être vérifiée ; ${ONLY_SETTLEMENT}`,
    );
  }
  if (by === null) {
    return refuse(`Cette demande a été répartie ${ruleBasis(rule)} (${ruleRef(rule)}) : ${preemptibleRows(rs)} ; ${ONLY_SETTLEMENT}`);
  }
  if (by !== party) {
    return refuse(`Cette demande relève de « ${rule.label} » (${ruleRef(rule)}) : seule ${THE_PARTY[by]} peut la préempter.`);
  }
  return null;
}

/**
 * The party a pre-emption form should offer by default: the one party allowed to pre-empt the
 * request (`preemptionRefusal`), or null when none is (the form should then not be offered).
 */
export function defaultPreemptionParty(current: AllocationState, ruleSet?: RuleSet | PresetId): Party | null {
  return PARTIES.find((p) => preemptionRefusal(current, p, ruleSet) === null) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Pre-emption and settlement (validated by both parties)
// ---------------------------------------------------------------------------------------------

/**
 * A party claims a request (seed 000 annex 1, art. 3.2.2: "sauf préemption … validée par les
 * parties"): refused unless `preemptionRefusal` allows it. The claiming party's DPD is acting,
 * so the pending pre-emption carries its validation (same who, when); the other party's
 * validation is what remains (`validatePreemption`). Pass the agreement's rule set; without it,
 * the preset whose rule allocated the request is used.
 */
export function claimPreemption(
  current: AllocationState,
  claimingParty: Party,
  claim: { by: string; at: string; reason: string },
  ruleSet?: RuleSet | PresetId,
): PendingDecision {
  const party = requireParty(claimingParty, 'Partie qui préempte');
  const refusal = preemptionRefusal(current, party, ruleSet);
  if (refusal !== null) throw refusal;
  const by = requireText(claim.by, 'Auteur de la préemption');
  const at = requireInstant(claim.at, 'Date de la préemption');
  return {
    kind: 'preemption',
    from: current,
    party,
    claimedBy: party,
    by,
    at,
    reason: requireText(claim.reason, 'Motif de la préemption'),
    validations: [{ party, by, at }],
  };
}

/**
 * A party proposes who answers (settlement, "arbitrage"), to take effect once both parties have
 * validated it (domain.md: at any time, through the exchange between offices or at the monthly
 * meeting). For a request to confirm, the proposal may be the proposed party (a confirmation) or
 * the other; for a decided one, only the other party (a category row's decision is changed only
 * this way). The proposing party's DPD is acting: the pending decision carries its validation.
 */
export function proposeSettlement(
  current: AllocationState,
  party: Party,
  proposal: { proposedBy: Party; by: string; at: string; reason: string },
): PendingDecision {
  const target = requireParty(party, 'Partie retenue');
  if (current.status === 'decided' && current.party === target) {
    throw new AllocationError(
      'ARBITRAGE_INUTILE',
      `La demande est déjà attribuée ${TO_PARTY[target]} (répartition décidée) : il n'y a rien à arbitrer.`,
    );
  }
  const proposedBy = requireParty(proposal.proposedBy, 'Partie qui propose');
  const by = requireText(proposal.by, 'Auteur de la proposition');
  const at = requireInstant(proposal.at, 'Date de la proposition');
  return {
    kind: 'settlement',
    from: current,
    party: target,
    claimedBy: proposedBy,
    by,
    at,
    reason: requireText(proposal.reason, 'Motif'),
    validations: [{ party: proposedBy, by, at }],
  };
}

/** One party's validation (who, when) of a pending pre-emption or settlement. */
export function validatePreemption(pending: PendingDecision, validation: Validation): PendingDecision {
  const party = requireParty(validation.party, 'Partie qui valide');
  const existing = pending.validations.find((v) => v.party === party);
  if (existing !== undefined) {
    throw new AllocationError(
      'VALIDATION_EN_DOUBLE',
      `${capitalize(THE_PARTY[party])} a déjà validé (${existing.by}, le ${formatParisDateTime(existing.at)}).`,
    );
  }
  return {
    ...pending,
    validations: [
      ...pending.validations,
      {
        party,
        by: requireText(validation.by, 'Auteur de la validation'),
        at: requireInstant(validation.at, 'Date de la validation'),
      },
    ],
  };
}

/** Parties whose validation is still missing. */
export function missingValidations(pending: PendingDecision): Party[] {
  return PARTIES.filter((p) => !pending.validations.some((v) => v.party === p));
}

/**
 * Applies a pending pre-emption or settlement once both parties have validated it; refuses
 * otherwise. The result keeps the allocation it replaces (preemptedFrom / settledFrom).
 */
export function applyPreemption(pending: PendingDecision, appliedAt?: string): AllocationState {
  const missing = missingValidations(pending);
  const what = pending.kind === 'preemption' ? 'La préemption' : "L'arbitrage";
  if (missing.length > 0) {
    throw new AllocationError(
      'VALIDATION_INCOMPLETE',
      `${what} doit être validé${pending.kind === 'preemption' ? 'e' : ''} par les deux parties avant de prendre effet : manque la validation de ${missing.map((p) => THE_PARTY[p]).join(' et de ')}.`,
    );
  }
  const { from, ...rest } = pending;
  const last = pending.validations.reduce((a, v) => (v.at > a ? v.at : a), pending.at);
  const decision = { ...rest, appliedAt: appliedAt ?? last };
  const validations = pending.validations
    .map((v) => `${THE_PARTY[v.party]} (${v.by}, le ${formatParisDateTime(v.at)})`)
    .join(' et ');
  const previous = from.party === null ? 'aucune partie' : THE_PARTY[from.party];
  if (pending.kind === 'preemption') {
    return {
      party: pending.party,
      status: 'decided',
      ruleId: 'preemption',
      reason: `Préemption par ${THE_PARTY[pending.claimedBy]} (${pending.reason}), validée par ${validations}. Répartition initiale : ${previous} (${from.ruleId}).`,
      preemptedFrom: from,
      decision,
    };
  }
  const confirmed = from.status === 'to-settle' && from.party === pending.party;
  const initial =
    from.status === 'to-settle' ? `à confirmer, ${from.party === null ? 'aucune partie proposée' : `proposée ${TO_PARTY[from.party]}`}` : previous;
  return {
    party: pending.party,
    status: 'decided',
    ruleId: 'settlement',
    reason:
      `${confirmed ? 'Répartition confirmée par les deux parties' : 'Répartition arrêtée par les deux parties'} : ${THE_PARTY[pending.party]} ` +
      `(${pending.reason}) ; décision validée par ${validations}. Répartition initiale : ${initial} (${from.ruleId}).`,
    settledFrom: from,
    decision,
  };
}

// ---------------------------------------------------------------------------------------------
// Handover to the co-controller (GDPR art. 26(3); domain.md "Handover")
// ---------------------------------------------------------------------------------------------

export type HandOverCheck = { ok: true; to: Party } | { ok: false; reason: string };

/**
 * Whether the office of `officeParty` may hand the request over to the co-controller: only when
 * its allocation names the other party and is decided (by a rule, or by a pre-emption or
 * settlement both parties validated). Not while it is to confirm, nor while a pre-emption or
 * settlement awaits validation (`pending`): a handover never bypasses the joint validation.
 * `reason` is French and says what to do instead.
 */
export function checkHandOver(state: Allocation, officeParty: Party, pending?: PendingDecision | null): HandOverCheck {
  const own = requireParty(officeParty, 'Partie de cet office');
  const other = otherParty(own);
  if (pending) {
    const missing = missingValidations(pending);
    const what = pending.kind === 'preemption' ? 'Une préemption' : "Une décision d'arbitrage";
    return {
      ok: false,
      reason:
        `${what} (${THE_PARTY[pending.party]}) attend ${missing.length > 0 ? `la validation de ${missing.map((p) => THE_PARTY[p]).join(' et de ')}` : "d'être appliquée"} : ` +
        `la demande ne peut être transmise ${TO_PARTY[other]} qu'une fois la répartition validée par les deux parties.`,
    };
  }
  if (state.party === null) {
    return {
      ok: false,
      reason:
        "Aucune partie n'est désignée pour répondre : la répartition doit être convenue et validée par les deux parties (décision d'arbitrage) avant toute transmission.",
    };
  }
  if (state.status === 'to-settle') {
    return {
      ok: false,
      reason:
        state.party === own
          ? `La répartition est à confirmer et proposée ${TO_PARTY[own]} (cet office), qui répond d'ici là : pas de transmission. ` +
            `Pour confier la demande ${TO_PARTY[other]}, proposez une décision d'arbitrage, qui prend effet une fois validée par les deux parties.`
          : `La répartition proposée ${TO_PARTY[other]} reste à confirmer par les deux parties : confirmez-la (décision validée par les deux parties) ` +
            'avant de transmettre la demande.',
    };
  }
  if (state.party === own) {
    return {
      ok: false,
      reason:
        `La demande est attribuée ${TO_PARTY[own]} (cet office), qui doit y répondre : pas de transmission. ` +
        `Pour la confier ${TO_PARTY[other]}, il faut une préemption (si la convention la prévoit pour cette demande) ou une décision d'arbitrage, validée par les deux parties.`,
    };
  }
  return { ok: true, to: other };
}

/** checkHandOver, throwing an AllocationError ('TRANSMISSION_IMPOSSIBLE'); returns the party handed to. */
export function assertHandOver(state: Allocation, officeParty: Party, pending?: PendingDecision | null): Party {
  const check = checkHandOver(state, officeParty, pending);
  if (!check.ok) throw new AllocationError('TRANSMISSION_IMPOSSIBLE', check.reason);
  return check.to;
}
