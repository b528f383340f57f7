// Allocation ("répartition"): which party answers a request. Allocation is data: each agreement
// carries a RuleSet (stored as JSON in the agreement, shown to the user); the two agreements
// the app ships are presets. Every allocation records the rule that decided it.
// Pre-emption and settlement: a party takes a request the table gives to the other, or the
// monthly meeting settles a request "to settle"; both take effect only once both parties have
// validated them (who, when), and the previous allocation is kept.
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
  /** No rule applies: to settle, no party proposed. */
  fallback: { id: string; reason: string };
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
  /** The party proposed (decided, or proposed to the monthly meeting); null when none. */
  party: Party | null;
  /** 'to-settle': the monthly DPD meeting must decide. */
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

/** A pre-emption claimed or a settlement proposed, waiting for both parties' validation. */
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
  | 'ARBITRAGE_INUTILE'
  | 'VALIDATION_EN_DOUBLE'
  | 'VALIDATION_INCOMPLETE'
  | 'CHAMP_REQUIS';

/** A refused allocation operation; `message` is French and says what to do. */
export class AllocationError extends Error {
  readonly code: AllocationErrorCode;
  constructor(code: AllocationErrorCode, message: string) {
    super(message);
    this.name = 'AllocationError';
    this.code = code;
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

// Seed 000, annex 1, art. 3.2.2, "Répartition du traitement des demandes de droit" (4 rows).
// Reading of overlapping rows (domain.md): requester-category rows (1, 2) decide first; the
// receipt-channel rows (3, 4) decide for the categories rows 1-2 do not name; when a category
// row and a channel row name different parties, the request is to settle at the monthly
// meeting, with the category row's party as the proposal.
const VERSAILLES_FONTENAY: RuleSet = {
  version: 1,
  preset: 'versailles-fontenay',
  label: PRESET_LABELS['versailles-fontenay'],
  source: VF_SOURCE,
  reading:
    "Les lignes selon le demandeur (enseignant, parent d'élève ou élève ; personnel de la commune) décident d'abord. " +
    'Les lignes selon le lieu de réception (académie, commune) décident pour les demandeurs que les premières lignes ne nomment pas ' +
    '(autres personnels, tiers, anciens élèves…). Quand une ligne « demandeur » et une ligne « lieu de réception » désignent des parties ' +
    'différentes, la répartition est à arrêter au point mensuel, avec pour proposition la partie désignée par la ligne « demandeur ».',
  rules: [
    {
      id: 'vf-requester-academie',
      label: "Demande effectuée par un enseignant, un parent d'élève ou un élève",
      clause: "Demandes de droit effectuées par un enseignant, un parent d'élève ou un élève : Académie.",
      source: `${VF_SOURCE}, ligne 1`,
      when: { requesterCategories: ['teacher', 'parent', 'pupil'] },
      party: 'academie',
    },
    {
      id: 'vf-requester-commune',
      label: 'Demande effectuée par un personnel de la commune',
      clause: 'Demandes de droit effectuées par un personnel de la commune : Commune.',
      source: `${VF_SOURCE}, ligne 2`,
      when: { requesterCategories: ['commune-staff'] },
      party: 'commune',
    },
    {
      id: 'vf-channel-academie',
      label: "Demande effectuée directement auprès de l'académie",
      clause:
        "Demandes de droit effectuées directement auprès de l'académie : Académie (sauf préemption de la commune validée par les parties).",
      source: `${VF_SOURCE}, ligne 3`,
      when: { channels: ['academie'] },
      party: 'academie',
    },
    {
      id: 'vf-channel-commune',
      label: 'Demande effectuée directement auprès de la commune',
      clause:
        "Demandes de droit effectuées directement auprès de la commune : Commune (sauf préemption de l'académie validée par les parties).",
      source: `${VF_SOURCE}, ligne 4`,
      when: { channels: ['commune'] },
      party: 'commune',
    },
  ],
  overlaps: [],
  conflict: {
    id: 'vf-conflict-requester-channel',
    proposal: 'first-rule',
    reason: 'Proposition : la partie désignée selon le demandeur, qui prime sur le lieu de réception.',
  },
  fallback: {
    id: 'vf-no-rule',
    reason:
      "Aucune ligne du tableau de répartition ne vise cette demande (demandeur non nommé par le tableau, reçue ailleurs qu'à l'académie ou à la commune) : à arrêter au point mensuel.",
  },
  preemption: {
    allowed: true,
    clause:
      "Sauf préemption de la commune (demandes reçues par l'académie) ou de l'académie (demandes reçues par la commune), validée par les parties.",
  },
};

// Seed 003, art. 8.1: the collectivité answers requests about its own modules; the académie
// answers requests about its own modules or exceeding the scope of a single school.
// Reading (domain.md): a commune module concerning several schools goes to the académie (its
// clause names the scope); an unknown module is to settle (unless several schools: académie).
const DSDEN13: RuleSet = {
  version: 1,
  preset: 'dsden13',
  label: PRESET_LABELS.dsden13,
  source: D13_SOURCE,
  reading:
    "La répartition suit le module ou traitement concerné : la collectivité répond pour ses modules, l'académie pour les siens. " +
    "L'académie répond aussi à toute demande excédant le champ d'une seule école, y compris pour un module de la collectivité " +
    '(sa clause vise expressément ce cas). Si le module est inconnu, la répartition est à arrêter au point mensuel.',
  rules: [
    {
      id: 'd13-module-commune',
      label: 'Demande portant sur un module propre à la collectivité',
      clause: D13_CLAUSE_COMMUNE,
      source: D13_SOURCE,
      when: { moduleOwners: ['commune'] },
      party: 'commune',
    },
    {
      id: 'd13-module-academie',
      label: "Demande portant sur un module propre à l'académie",
      clause: D13_CLAUSE_ACADEMIE,
      source: D13_SOURCE,
      when: { moduleOwners: ['academie'] },
      party: 'academie',
    },
    {
      id: 'd13-scope-several',
      label: "Demande excédant le champ d'application d'une seule école",
      clause: D13_CLAUSE_ACADEMIE,
      source: D13_SOURCE,
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
    reason: 'Aucune proposition : à arrêter au point mensuel.',
  },
  fallback: {
    id: 'd13-module-unknown',
    reason:
      "Module ou traitement concerné inconnu, pour une seule école : la convention (art. 8.1) répartit selon le module ; à arrêter au point mensuel.",
  },
  preemption: {
    allowed: false,
    clause: "La convention (art. 8.1) ne prévoit pas de préemption : corrigez le module ou l'étendue de la demande pour changer la répartition.",
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
    fallback: z.object({ id: ruleId, reason: frText(2000) }).strict(),
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
    return { party: null, status: 'to-settle', ruleId: ruleSet.fallback.id, reason: ruleSet.fallback.reason };
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
  // Otherwise: to settle at the monthly meeting (domain.md, reading of overlapping rows).
  const proposal = ruleSet.conflict.proposal === 'first-rule' ? first.party : null;
  return {
    party: proposal,
    status: 'to-settle',
    ruleId: ruleSet.conflict.id,
    reason:
      `À arrêter au point mensuel : « ${first.label} » désigne ${partyName(first.party)}, ` +
      `mais « ${other.label} » désigne ${partyName(other.party)}. ${ruleSet.conflict.reason}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Pre-emption and settlement (validated by both parties)
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

const THE_PARTY: Record<Party, string> = { commune: 'la commune', academie: "l'académie" };

/**
 * A party claims a request the current allocation gives to the other (or proposes to no one):
 * the pending pre-emption, to be validated by both parties (seed 000 annex 1, art. 3.2.2:
 * "sauf préemption … validée par les parties"). The claim is not a validation: each party's
 * DPD validates explicitly (who, when). Pass the agreement's rule set to enforce whether the
 * agreement provides for pre-emption at all.
 */
export function claimPreemption(
  current: AllocationState,
  claimingParty: Party,
  claim: { by: string; at: string; reason: string },
  ruleSet?: RuleSet | PresetId,
): PendingDecision {
  const party = requireParty(claimingParty, 'Partie qui préempte');
  if (ruleSet !== undefined) {
    const rs = resolveRuleSet(ruleSet);
    if (!rs.preemption.allowed) throw new AllocationError('PREEMPTION_NON_PREVUE', rs.preemption.clause);
  }
  if (current.party === party) {
    throw new AllocationError(
      'PREEMPTION_INUTILE',
      current.status === 'decided'
        ? `La demande est déjà attribuée à ${THE_PARTY[party]} : il n'y a rien à préempter.`
        : `La demande est déjà proposée à ${THE_PARTY[party]} : faites-la arrêter au point mensuel plutôt que de la préempter.`,
    );
  }
  return {
    kind: 'preemption',
    from: current,
    party,
    claimedBy: party,
    by: requireText(claim.by, 'Auteur de la préemption'),
    at: requireInstant(claim.at, 'Date de la préemption'),
    reason: requireText(claim.reason, 'Motif de la préemption'),
    validations: [],
  };
}

/**
 * The monthly meeting settles a request marked "to settle": the proposed decision, to be
 * validated by both DPDs (domain.md: it stays in the agenda until both validate it).
 */
export function proposeSettlement(
  current: AllocationState,
  party: Party,
  proposal: { proposedBy: Party; by: string; at: string; reason: string },
): PendingDecision {
  const target = requireParty(party, 'Partie retenue');
  if (current.status !== 'to-settle') {
    throw new AllocationError(
      'ARBITRAGE_INUTILE',
      `La répartition est déjà décidée (${current.party === null ? 'aucune partie' : THE_PARTY[current.party]}) : pour la changer, passez par une préemption.`,
    );
  }
  return {
    kind: 'settlement',
    from: current,
    party: target,
    claimedBy: requireParty(proposal.proposedBy, 'Partie qui propose'),
    by: requireText(proposal.by, 'Auteur de la proposition'),
    at: requireInstant(proposal.at, 'Date de la proposition'),
    reason: requireText(proposal.reason, 'Motif'),
    validations: [],
  };
}

/** One party's validation (who, when) of a pending pre-emption or settlement. */
export function validatePreemption(pending: PendingDecision, validation: Validation): PendingDecision {
  const party = requireParty(validation.party, 'Partie qui valide');
  const existing = pending.validations.find((v) => v.party === party);
  if (existing !== undefined) {
    throw new AllocationError(
      'VALIDATION_EN_DOUBLE',
      `${THE_PARTY[party].replace(/^./, (c) => c.toUpperCase())} a déjà validé (${existing.by}, le ${formatParisDateTime(existing.at)}).`,
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
  return {
    party: pending.party,
    status: 'decided',
    ruleId: 'settlement',
    reason: `Répartition arrêtée au point mensuel : ${THE_PARTY[pending.party]} (${pending.reason}) ; décision validée par ${validations}. Répartition initiale : à arrêter, proposition ${previous} (${from.ruleId}).`,
    settledFrom: from,
    decision,
  };
}
