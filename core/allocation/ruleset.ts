// Validation of a rule set (when an agreement is saved or imported): the zod schema, the checks
// across entries (unique ids, overlaps, pre-emption by the other party), French error messages.
import { z } from 'zod';
import { CHANNELS, PARTIES, PRESETS, REQUESTER_CATEGORIES } from '../domain';
import { AllocationError, SCHOOLS_SCOPES, type RuleSet } from './types';
import { frenchIssueText } from '../zod-fr';

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
  const parsed = ruleSetSchema.safeParse(input, { error: frenchIssueText });
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
