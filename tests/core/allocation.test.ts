import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AllocationError,
  PRESET_LABELS,
  PRESET_RULESETS,
  allocate,
  applyPreemption,
  assertHandOver,
  checkHandOver,
  claimPreemption,
  decisionPartyChoices,
  defaultPreemptionParty,
  missingValidations,
  preemptionRefusal,
  parseRuleSet,
  presetRuleSet,
  proposeSettlement,
  ruleSetInputs,
  validatePreemption,
  validateRuleSet,
  type AllocationInput,
  type AllocationState,
  type RuleSet,
} from '../../core/allocation';
import { CHANNELS, REQUESTER_CATEGORIES, type Channel, type Party, type RequesterCategory } from '../../core/domain';

type Expected = { party: Party | null; status: 'decided' | 'to-settle'; ruleId: string };

const decided = (party: Party, ruleId: string): Expected => ({ party, status: 'decided', ruleId });
const toSettle = (party: Party | null, ruleId: string): Expected => ({ party, status: 'to-settle', ruleId });

function errorOf(fn: () => unknown): AllocationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AllocationError) return e;
    throw e;
  }
  throw new Error('expected an AllocationError');
}

describe('preset Versailles / Fontenay-aux-Roses (seed 000, annex 1, 3.2.2)', () => {
  // Every requester category × receipt channel, with the reading of overlapping rows of
  // domain.md: category rows first, channel rows for the other categories, disagreement → to settle.
  const TABLE: Record<RequesterCategory, Record<Channel, Expected>> = {
    teacher: {
      academie: decided('academie', 'vf-requester-academie'),
      commune: toSettle('academie', 'vf-conflict-requester-channel'),
      processor: decided('academie', 'vf-requester-academie'),
      other: decided('academie', 'vf-requester-academie'),
    },
    parent: {
      academie: decided('academie', 'vf-requester-academie'),
      commune: toSettle('academie', 'vf-conflict-requester-channel'),
      processor: decided('academie', 'vf-requester-academie'),
      other: decided('academie', 'vf-requester-academie'),
    },
    pupil: {
      academie: decided('academie', 'vf-requester-academie'),
      commune: toSettle('academie', 'vf-conflict-requester-channel'),
      processor: decided('academie', 'vf-requester-academie'),
      other: decided('academie', 'vf-requester-academie'),
    },
    'commune-staff': {
      academie: toSettle('commune', 'vf-conflict-requester-channel'),
      commune: decided('commune', 'vf-requester-commune'),
      processor: decided('commune', 'vf-requester-commune'),
      other: decided('commune', 'vf-requester-commune'),
    },
    'academie-staff': {
      academie: decided('academie', 'vf-channel-academie'),
      commune: decided('commune', 'vf-channel-commune'),
      processor: toSettle(null, 'vf-no-rule'),
      other: toSettle(null, 'vf-no-rule'),
    },
    other: {
      academie: decided('academie', 'vf-channel-academie'),
      commune: decided('commune', 'vf-channel-commune'),
      processor: toSettle(null, 'vf-no-rule'),
      other: toSettle(null, 'vf-no-rule'),
    },
  };

  for (const category of REQUESTER_CATEGORIES) {
    for (const channel of CHANNELS) {
      const expected = TABLE[category][channel];
      it(`${category} via ${channel} → ${expected.status} ${expected.party ?? 'none'} (${expected.ruleId})`, () => {
        const a = allocate('versailles-fontenay', { requesterCategory: category, channel });
        expect({ party: a.party, status: a.status, ruleId: a.ruleId }).toEqual(expected);
        expect(a.reason.length).toBeGreaterThan(20);
      });
    }
  }

  it('proposes the category row\'s party in an overlap, to confirm by both parties, naming both rows', () => {
    // Rows 1 and 4: a parent writing to the commune. The académie is proposed (it answers from
    // day one), the allocation stays to confirm.
    const a = allocate('versailles-fontenay', { requesterCategory: 'parent', channel: 'commune' });
    expect(a).toMatchObject({ party: 'academie', status: 'to-settle', ruleId: 'vf-conflict-requester-channel' });
    expect(a.reason.startsWith("Proposée à l'académie, à confirmer par les deux parties : ")).toBe(true);
    expect(a.reason).toContain("« Demande effectuée par un enseignant, un parent d'élève ou un élève » (ligne 1 du tableau) désigne l'académie");
    expect(a.reason).toContain('« Demande effectuée directement auprès de la commune » (ligne 4 du tableau) désigne la commune');
    expect(a.reason).toContain('annexe 1, art. 3.2.2');
    expect(a.reason).toContain('prime sur le lieu de réception');
    expect(a.reason).toContain('répond dès la réception');
    // Rows 2 and 3: commune staff writing to the académie. The commune is proposed.
    const b = allocate('versailles-fontenay', { requesterCategory: 'commune-staff', channel: 'academie' });
    expect(b).toMatchObject({ party: 'commune', status: 'to-settle', ruleId: 'vf-conflict-requester-channel' });
    expect(b.reason.startsWith('Proposée à la commune, à confirmer par les deux parties : ')).toBe(true);
    expect(b.reason).toContain('(ligne 2 du tableau) désigne la commune');
    expect(b.reason).toContain("(ligne 3 du tableau) désigne l'académie");
  });

  it('carries the pre-emption in rows 3 and 4 only, for the party that did not receive the request', () => {
    const rs = PRESET_RULESETS['versailles-fontenay'];
    expect(rs.rules.map((r) => [r.id, r.preemptibleBy ?? null])).toEqual([
      ['vf-requester-academie', null],
      ['vf-requester-commune', null],
      ['vf-channel-academie', 'commune'],
      ['vf-channel-commune', 'academie'],
    ]);
    for (const r of rs.rules) if (r.preemptibleBy) expect(r.clause).toContain(`sauf préemption de ${r.preemptibleBy === 'commune' ? 'la commune' : "l'académie"}`);
    expect(rs.fallback.party ?? null).toBeNull();
  });

  it('cites the row that decided, and the row that agrees', () => {
    const a = allocate('versailles-fontenay', { requesterCategory: 'parent', channel: 'academie' });
    expect(a.reason).toContain('annexe 1, art. 3.2.2, ligne 1');
    expect(a.reason).toContain("« Demande effectuée directement auprès de l'académie » désigne la même partie");
  });

  it('ignores module and scope', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REQUESTER_CATEGORIES),
        fc.constantFrom(...CHANNELS),
        fc.constantFrom<Party>('commune', 'academie'),
        fc.constantFrom('single' as const, 'several' as const),
        (requesterCategory, channel, owner, schoolsScope) => {
          expect(allocate('versailles-fontenay', { requesterCategory, channel, module: { owner }, schoolsScope })).toEqual(
            allocate('versailles-fontenay', { requesterCategory, channel }),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('preset DSDEN 13 (seed 003, art. 8.1)', () => {
  const base = { requesterCategory: 'parent', channel: 'academie' } as const;
  const cases: [string, Partial<AllocationInput>, Expected][] = [
    ['commune module, one school', { module: { owner: 'commune' }, schoolsScope: 'single' }, decided('commune', 'd13-module-commune')],
    ['commune module, scope not given', { module: { owner: 'commune' } }, decided('commune', 'd13-module-commune')],
    ['académie module, one school', { module: { owner: 'academie' }, schoolsScope: 'single' }, decided('academie', 'd13-module-academie')],
    ['académie module, several schools', { module: { owner: 'academie' }, schoolsScope: 'several' }, decided('academie', 'd13-module-academie')],
    [
      'commune module, several schools (overlap → académie)',
      { module: { owner: 'commune' }, schoolsScope: 'several' },
      decided('academie', 'd13-overlap-commune-module-several-schools'),
    ],
    ['unknown module, several schools', { schoolsScope: 'several' }, decided('academie', 'd13-scope-several')],
    // Art. 8.2: the académie DPD is the point of contact: proposed, to confirm by both.
    ['unknown module, one school', { schoolsScope: 'single' }, toSettle('academie', 'd13-module-unknown')],
    ['unknown module, scope not given', {}, toSettle('academie', 'd13-module-unknown')],
    ['module null', { module: null, schoolsScope: null }, toSettle('academie', 'd13-module-unknown')],
  ];
  for (const [name, extra, expected] of cases) {
    it(name, () => {
      const a = allocate('dsden13', { ...base, ...extra });
      expect({ party: a.party, status: a.status, ruleId: a.ruleId }).toEqual(expected);
    });
  }

  it('says why a commune module concerning several schools goes to the académie', () => {
    const a = allocate('dsden13', { ...base, module: { owner: 'commune' }, schoolsScope: 'several' });
    expect(a).toMatchObject({ party: 'academie', status: 'decided' });
    expect(a.reason).toMatch(/Module de la collectivité, mais demande excédant le champ d'une seule école/);
    expect(a.reason).toMatch(/l'académie répond, car sa clause vise expressément les demandes excédant le champ d'application du seul établissement/);
  });

  it('proposes an unknown module to the académie as point of contact (art. 8.2), to confirm by both', () => {
    const a = allocate('dsden13', { ...base, schoolsScope: 'single' });
    expect(a.reason).toContain('Module ou traitement concerné inconnu');
    expect(a.reason).toContain("Proposée à l'académie");
    expect(a.reason).toContain('point de contact');
    expect(a.reason).toContain('art. 8.2');
    expect(a.reason).toContain('à confirmer par les deux parties');
    expect(a.reason).not.toContain('point mensuel'); // no monthly meeting in this agreement
    expect(PRESET_RULESETS.dsden13.rules.every((r) => r.preemptibleBy === undefined)).toBe(true);
    expect(PRESET_RULESETS.dsden13.preemption.allowed).toBe(false);
  });

  it('does not depend on who wrote or where the request arrived', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REQUESTER_CATEGORIES),
        fc.constantFrom(...CHANNELS),
        fc.option(fc.constantFrom<Party>('commune', 'academie'), { nil: undefined }),
        fc.option(fc.constantFrom('single' as const, 'several' as const), { nil: undefined }),
        (requesterCategory, channel, owner, schoolsScope) => {
          const module = owner === undefined ? undefined : { owner };
          expect(allocate('dsden13', { requesterCategory, channel, module, schoolsScope })).toEqual(
            allocate('dsden13', { ...base, module, schoolsScope }),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('rule sets as data', () => {
  it('ships both presets, labelled, valid, and JSON-serialisable', () => {
    expect(PRESET_LABELS).toEqual({ 'versailles-fontenay': 'Versailles / Fontenay-aux-Roses', dsden13: 'DSDEN 13' });
    for (const preset of ['versailles-fontenay', 'dsden13'] as const) {
      const stored: unknown = JSON.parse(JSON.stringify(PRESET_RULESETS[preset]));
      const result = validateRuleSet(stored);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.ruleSet).toEqual(PRESET_RULESETS[preset]);
    }
    expect(ruleSetInputs(PRESET_RULESETS['versailles-fontenay'])).toEqual(['requesterCategory', 'channel']);
    expect(ruleSetInputs(PRESET_RULESETS.dsden13)).toEqual(['module', 'schoolsScope']);
  });

  it('allocates with a stored (edited) rule set as with the preset', () => {
    const edited = presetRuleSet('versailles-fontenay');
    edited.preset = null;
    edited.label = 'Convention de Sceaux';
    // The commune adds its own row: former pupils (other) writing anywhere → commune.
    edited.rules.push({
      id: 'sceaux-other-commune',
      label: 'Autre demandeur',
      clause: 'Demandes des autres personnes : Commune.',
      source: 'Convention de Sceaux, art. 3',
      when: { requesterCategories: ['other'], channels: ['processor', 'other'] },
      party: 'commune',
    });
    const stored = parseRuleSet(JSON.parse(JSON.stringify(edited)));
    expect(allocate(stored, { requesterCategory: 'other', channel: 'other' })).toMatchObject({
      party: 'commune',
      status: 'decided',
      ruleId: 'sceaux-other-commune',
    });
    expect(allocate(stored, { requesterCategory: 'parent', channel: 'commune' }).ruleId).toBe('vf-conflict-requester-channel');
    // Editing a copy never changes the preset.
    expect(PRESET_RULESETS['versailles-fontenay'].rules).toHaveLength(4);
  });

  it('rejects a malformed rule set with French errors saying where', () => {
    const bad = presetRuleSet('versailles-fontenay') as unknown as Record<string, unknown> & { rules: Record<string, unknown>[] };
    const rules = bad.rules;
    (rules[1] as Record<string, unknown>).party = 'region';
    (rules[2] as Record<string, unknown>).id = 'vf-requester-academie';
    (rules[3] as Record<string, unknown>).when = {};
    bad.overlaps = [{ id: 'x-overlap', rules: ['vf-requester-academie', 'nope'], party: null, status: 'decided', reason: 'Lecture.' }];
    bad.extra = true;
    const result = validateRuleSet(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message.startsWith('Règles de répartition invalides :')).toBe(true);
      expect(result.errors).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^règle n° 2 › partie : /),
          expect.stringMatching(/^règle n° 3 › identifiant : identifiant « vf-requester-academie » déjà utilisé/),
          expect.stringMatching(/^règle n° 4 › conditions : la règle ne pose aucune condition/),
          expect.stringMatching(/^chevauchement n° 1 › .*règle « nope » inconnue/),
          expect.stringMatching(/^chevauchement n° 1 › partie : une répartition décidée doit désigner une partie/),
          expect.stringMatching(/extra/),
        ]),
      );
    }
    expect(validateRuleSet(null).ok).toBe(false);
    expect(validateRuleSet({ ...PRESET_RULESETS.dsden13, rules: [] })).toMatchObject({ ok: false });
    expect(errorOf(() => parseRuleSet({})).code).toBe('REGLES_INVALIDES');
  });

  it('refuses an unknown preset name', () => {
    const e = errorOf(() => allocate('lyon' as never, { requesterCategory: 'parent', channel: 'commune' }));
    expect(e.code).toBe('PRESET_INCONNU');
    expect(e.message).toContain('« lyon »');
  });

  it('a rule set with no overlap reading and no proposal leaves the party to the meeting', () => {
    const rs: RuleSet = {
      ...presetRuleSet('dsden13'),
      overlaps: [],
    };
    expect(allocate(rs, { requesterCategory: 'parent', channel: 'commune', module: { owner: 'commune' }, schoolsScope: 'several' })).toMatchObject({
      party: null,
      status: 'to-settle',
      ruleId: 'd13-conflict',
    });
  });
});

describe('rule sets: pre-emption data', () => {
  it('refuses a row pre-emptible by the party it already gives the request to, or where the agreement has no pre-emption', () => {
    const rs = presetRuleSet('versailles-fontenay');
    rs.rules[2]!.preemptibleBy = 'academie';
    const same = validateRuleSet(rs);
    expect(same.ok).toBe(false);
    if (!same.ok) expect(same.errors).toEqual([expect.stringMatching(/^règle n° 3 › préemptable par : une partie ne peut pas préempter/)]);
    const d13 = presetRuleSet('dsden13');
    d13.rules[0]!.preemptibleBy = 'academie';
    const none = validateRuleSet(d13);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.errors).toEqual([expect.stringMatching(/^règle n° 1 › préemptable par : la convention ne prévoit pas de préemption/)]);
  });

  it('reads a rule set stored before `preemptibleBy` and `ref` existed the same way (receipt-channel rows)', () => {
    const legacy = presetRuleSet('versailles-fontenay');
    for (const r of legacy.rules) {
      delete r.preemptibleBy;
      delete r.ref;
    }
    delete legacy.fallback.party;
    expect(validateRuleSet(JSON.parse(JSON.stringify(legacy))).ok).toBe(true);
    for (const category of REQUESTER_CATEGORIES) {
      for (const channel of CHANNELS) {
        const a = allocate(legacy, { requesterCategory: category, channel });
        const b = allocate('versailles-fontenay', { requesterCategory: category, channel });
        expect({ party: a.party, status: a.status, ruleId: a.ruleId }).toEqual({ party: b.party, status: b.status, ruleId: b.ruleId });
        expect(defaultPreemptionParty(a, legacy)).toBe(defaultPreemptionParty(b, 'versailles-fontenay'));
      }
    }
    // Without `ref`, messages cite the row's source.
    const a = allocate(legacy, { requesterCategory: 'parent', channel: 'commune' });
    expect(a.reason).toContain('(Convention académie de Versailles / commune de Fontenay-aux-Roses, annexe 1, art. 3.2.2, ligne 1) désigne');
  });
});

describe('pre-emption (seed 000 annex 1, art. 3.2.2: only by the party that did not receive the request)', () => {
  const claim = { by: 'Mme Martin (DPD commune)', at: '2026-05-04T09:00:00Z', reason: 'Dossier déjà suivi par la mairie' };
  const vf = (requesterCategory: RequesterCategory, channel: Channel) => allocate('versailles-fontenay', { requesterCategory, channel });

  it('the commune pre-empts a request made directly to the académie (row 3); its claim is its validation', () => {
    const original = vf('other', 'academie');
    expect(original).toMatchObject({ party: 'academie', status: 'decided', ruleId: 'vf-channel-academie' });
    expect(defaultPreemptionParty(original, 'versailles-fontenay')).toBe('commune');
    const pending = claimPreemption(original, 'commune', claim, 'versailles-fontenay');
    expect(pending).toMatchObject({ kind: 'preemption', party: 'commune', claimedBy: 'commune' });
    // The commune's DPD claimed it: its validation is there from the start (same who, when).
    expect(pending.validations).toEqual([{ party: 'commune', by: 'Mme Martin (DPD commune)', at: '2026-05-04T09:00:00Z' }]);
    expect(missingValidations(pending)).toEqual(['academie']);

    // One-sided: refused, and says who is missing.
    const e = errorOf(() => applyPreemption(pending));
    expect(e.code).toBe('VALIDATION_INCOMPLETE');
    expect(e.message).toContain("manque la validation de l'académie");

    const both = validatePreemption(pending, { party: 'academie', by: 'M. Durand (DPD académie)', at: '2026-05-12T14:00:00Z' });
    const applied = applyPreemption(both);
    expect(applied).toMatchObject({ party: 'commune', status: 'decided', ruleId: 'preemption' });
    expect(applied.preemptedFrom).toEqual(original);
    expect(applied.decision?.validations.map((v) => [v.party, v.by, v.at])).toEqual([
      ['commune', 'Mme Martin (DPD commune)', '2026-05-04T09:00:00Z'],
      ['academie', 'M. Durand (DPD académie)', '2026-05-12T14:00:00Z'],
    ]);
    expect(applied.decision?.appliedAt).toBe('2026-05-12T14:00:00Z');
    expect(applied.reason).toContain('Préemption par la commune');
    expect(applied.reason).toContain('12/05/2026 à 16:00');
    expect(applied.reason).toContain("Répartition initiale : l'académie (« Demande effectuée directement auprès de l'académie »)");
    expect(applied.reason).not.toContain('vf-');
    // JSON-serialisable as stored on the request.
    expect(JSON.parse(JSON.stringify(applied))).toEqual(applied);
  });

  it('the académie pre-empts a request made directly to the commune (row 4), also without the rule set (preset found by rule)', () => {
    const original = vf('academie-staff', 'commune');
    expect(original).toMatchObject({ party: 'commune', ruleId: 'vf-channel-commune' });
    expect(defaultPreemptionParty(original)).toBe('academie');
    const pending = claimPreemption(original, 'academie', { ...claim, by: 'M. Durand' });
    expect(missingValidations(pending)).toEqual(['commune']);
    const applied = applyPreemption(validatePreemption(pending, { party: 'commune', by: 'Mme Martin', at: '2026-05-06T08:00:00Z' }), '2026-05-06T08:30:00Z');
    expect(applied).toMatchObject({ party: 'academie', status: 'decided', ruleId: 'preemption' });
    expect(applied.preemptedFrom).toMatchObject({ party: 'commune', ruleId: 'vf-channel-commune' });
    expect(applied.decision?.appliedAt).toBe('2026-05-06T08:30:00Z');
  });

  it('allows exactly: a channel row decided, claimed by the party that did not receive the request', () => {
    for (const category of REQUESTER_CATEGORIES) {
      for (const channel of CHANNELS) {
        const a = vf(category, channel);
        for (const party of ['commune', 'academie'] as const) {
          const allowed = (a.ruleId === 'vf-channel-academie' || a.ruleId === 'vf-channel-commune') && party !== channel;
          expect(preemptionRefusal(a, party, 'versailles-fontenay') === null, `${category} via ${channel}, ${party}`).toBe(allowed);
        }
        expect(defaultPreemptionParty(a, 'versailles-fontenay')).toBe(
          a.ruleId === 'vf-channel-academie' ? 'commune' : a.ruleId === 'vf-channel-commune' ? 'academie' : null,
        );
      }
    }
  });

  it('refuses the party that received the request (it already has it), saying who could', () => {
    const e = errorOf(() => claimPreemption(vf('other', 'academie'), 'academie', claim, 'versailles-fontenay'));
    expect(e.code).toBe('PREEMPTION_INUTILE');
    expect(e.message).toBe(
      "La demande est déjà attribuée à l'académie : il n'y a rien à préempter. Elle relève de « Demande effectuée directement auprès de l'académie » (ligne 3 du tableau) : seule la commune peut la préempter.",
    );
    const f = errorOf(() => claimPreemption(vf('parent', 'academie'), 'academie', claim));
    expect(f.code).toBe('PREEMPTION_INUTILE');
    expect(f.message).toBe("La demande est déjà attribuée à l'académie : il n'y a rien à préempter.");
  });

  it('refuses a request decided by a category row (rows 1 and 2), by either party: only a settlement changes it', () => {
    const parent = vf('parent', 'academie');
    const e = errorOf(() => claimPreemption(parent, 'commune', claim, 'versailles-fontenay'));
    expect(e.code).toBe('PREEMPTION_IMPOSSIBLE');
    expect(e.message.startsWith('Cette demande a été répartie selon la catégorie du demandeur (ligne 1 du tableau) : ')).toBe(true);
    expect(e.message).toContain(
      "la préemption n'est prévue que pour « Demande effectuée directement auprès de l'académie » (ligne 3 du tableau, par la commune) " +
        "et « Demande effectuée directement auprès de la commune » (ligne 4 du tableau, par l'académie) ; ",
    );
    expect(e.message.endsWith("seule une décision d'arbitrage validée par les deux parties peut changer la répartition.")).toBe(true);
    const staff = vf('commune-staff', 'commune');
    expect(staff.ruleId).toBe('vf-requester-commune');
    const f = errorOf(() => claimPreemption(staff, 'academie', claim));
    expect(f.code).toBe('PREEMPTION_IMPOSSIBLE');
    expect(f.message).toContain('selon la catégorie du demandeur (ligne 2 du tableau)');
  });

  it('refuses an overlap to confirm, in both directions (the old code let the receiving commune pre-empt)', () => {
    const overlap = vf('parent', 'commune'); // rows 1 and 4: proposed to the académie
    for (const party of ['commune', 'academie'] as const) {
      const e = errorOf(() => claimPreemption(overlap, party, claim, 'versailles-fontenay'));
      expect(e.code).toBe('PREEMPTION_IMPOSSIBLE');
      expect(e.message).toBe(
        "La répartition de cette demande est à confirmer par les deux parties (proposée à l'académie) : elle ne se préempte pas. " +
          "Validez la proposition, ou proposez de la confier à la commune par une décision d'arbitrage, qui prend effet une fois validée par les deux parties.",
      );
    }
    expect(defaultPreemptionParty(overlap, 'versailles-fontenay')).toBeNull();
  });

  it('refuses a request no row allocates', () => {
    const none = vf('other', 'processor');
    expect(none).toMatchObject({ party: null, status: 'to-settle', ruleId: 'vf-no-rule' });
    for (const party of ['commune', 'academie'] as const) {
      const e = errorOf(() => claimPreemption(none, party, claim));
      expect(e.code).toBe('PREEMPTION_IMPOSSIBLE');
      expect(e.message).toContain("Proposez une répartition par une décision d'arbitrage");
    }
  });

  it('refuses pre-empting back a pre-empted request, and a settled one', () => {
    const original = vf('academie-staff', 'commune');
    const preempted = applyPreemption(
      validatePreemption(claimPreemption(original, 'academie', claim), { party: 'commune', by: 'B', at: '2026-05-05T08:00:00Z' }),
    );
    const e = errorOf(() => claimPreemption(preempted, 'commune', claim));
    expect(e.code).toBe('PREEMPTION_IMPOSSIBLE');
    expect(e.message).toContain("Cette demande a déjà été préemptée par l'académie");
    expect(e.message).toContain("seule une décision d'arbitrage validée par les deux parties");
    expect(defaultPreemptionParty(preempted)).toBeNull();
    // The way back is a settlement both validate; the chain keeps the original allocation.
    const back = applyPreemption(
      validatePreemption(proposeSettlement(preempted, 'commune', { proposedBy: 'commune', by: 'A', at: '2026-06-01T08:00:00Z', reason: 'Retour' }), {
        party: 'academie',
        by: 'B',
        at: '2026-06-02T08:00:00Z',
      }),
    );
    expect(back).toMatchObject({ party: 'commune', ruleId: 'settlement' });
    expect(back.settledFrom?.preemptedFrom).toEqual(original);
    const f = errorOf(() => claimPreemption(back, 'academie', claim, 'versailles-fontenay'));
    expect(f.code).toBe('PREEMPTION_IMPOSSIBLE');
    expect(f.message).toContain('arrêtée par une décision validée par les deux parties');
  });

  it('refuses a rule the agreement no longer has', () => {
    const state: AllocationState = { party: 'academie', status: 'decided', ruleId: 'sceaux-old-row', reason: 'Ancienne ligne du tableau : Académie.' };
    const e = errorOf(() => claimPreemption(state, 'commune', claim, 'versailles-fontenay'));
    expect(e.code).toBe('PREEMPTION_IMPOSSIBLE');
    // The rule's own words, never its internal id (issue 13).
    expect(e.message).toContain('(Ancienne ligne du tableau : Académie)');
    expect(e.message).not.toContain('sceaux-old-row');
  });

  it('is refused where the agreement does not provide for it (DSDEN 13), with or without the rule set', () => {
    for (const module of [{ owner: 'academie' as const }, { owner: 'commune' as const }, null]) {
      const a = allocate('dsden13', { requesterCategory: 'parent', channel: 'academie', module });
      for (const party of ['commune', 'academie'] as const) {
        const e = errorOf(() => claimPreemption(a, party, claim, 'dsden13'));
        expect(e.code).toBe('PREEMPTION_NON_PREVUE');
        expect(e.message).toContain('ne prévoit pas de préemption');
        expect(e.message).toContain("décision d'arbitrage validée par les deux parties");
        expect(errorOf(() => claimPreemption(a, party, claim)).code).toBe('PREEMPTION_NON_PREVUE');
      }
      expect(defaultPreemptionParty(a, 'dsden13')).toBeNull();
    }
  });

  it('refuses the same party validating twice (the claimer already has), and leaves the pending claim untouched', () => {
    const pending = claimPreemption(vf('other', 'academie'), 'commune', claim);
    const e = errorOf(() => validatePreemption(pending, { party: 'commune', by: 'Autre', at: '2026-05-04T10:00:00Z' }));
    expect(e.code).toBe('VALIDATION_EN_DOUBLE');
    expect(e.message).toContain('La commune a déjà validé (Mme Martin (DPD commune), le 04/05/2026 à 11:00)');
    const once = validatePreemption(pending, { party: 'academie', by: 'M. Durand', at: '2026-05-04T10:00:00Z' });
    expect(pending.validations).toHaveLength(1);
    expect(once.validations).toHaveLength(2);
  });

  it('requires who and when', () => {
    const a = vf('other', 'academie');
    expect(errorOf(() => claimPreemption(a, 'commune', { ...claim, by: '  ' })).message).toContain('Auteur de la préemption : à renseigner');
    expect(errorOf(() => claimPreemption(a, 'commune', { ...claim, reason: '' })).message).toContain('Motif de la préemption');
    expect(errorOf(() => claimPreemption(a, 'commune', { ...claim, at: 'hier' })).code).toBe('CHAMP_REQUIS');
    expect(errorOf(() => claimPreemption(a, 'region' as never, claim)).code).toBe('CHAMP_REQUIS');
    const pending = claimPreemption(a, 'commune', claim);
    expect(errorOf(() => validatePreemption(pending, { party: 'academie', by: 'X', at: 'hier' })).code).toBe('CHAMP_REQUIS');
  });
});

describe('settlement (arbitrage), validated by both parties', () => {
  const at = '2026-06-02T08:00:00Z';

  it('confirms a proposed allocation: the proposer validates at once, the other party completes it', () => {
    const original = allocate('versailles-fontenay', { requesterCategory: 'parent', channel: 'commune' });
    expect(original).toMatchObject({ party: 'academie', status: 'to-settle' });
    const proposal = proposeSettlement(original, 'academie', { proposedBy: 'commune', by: 'Mme Martin', at, reason: "Parent d'élève : ligne 1" });
    expect(proposal.validations).toEqual([{ party: 'commune', by: 'Mme Martin', at }]);
    expect(missingValidations(proposal)).toEqual(['academie']);
    expect(() => applyPreemption(proposal)).toThrow(/validé par les deux parties avant de prendre effet : manque la validation de l'académie/);
    const settled = applyPreemption(validatePreemption(proposal, { party: 'academie', by: 'M. Durand', at: '2026-06-02T08:01:00Z' }));
    expect(settled).toMatchObject({ party: 'academie', status: 'decided', ruleId: 'settlement' });
    expect(settled.settledFrom).toEqual(original);
    expect(settled.reason).toContain("Répartition confirmée par les deux parties : l'académie (Parent d'élève : ligne 1)");
    expect(settled.reason).toContain("Répartition initiale : à confirmer, proposée à l'académie (« Proposée à l'académie, à confirmer par les deux parties »)");
  });

  it('gives a request to confirm to the other party once both validate', () => {
    const original = allocate('versailles-fontenay', { requesterCategory: 'parent', channel: 'commune' });
    const proposal = proposeSettlement(original, 'commune', { proposedBy: 'academie', by: 'M. Durand', at, reason: 'Le parent écrit comme agent communal' });
    expect(missingValidations(proposal)).toEqual(['commune']);
    const settled = applyPreemption(validatePreemption(proposal, { party: 'commune', by: 'Mme Martin', at: '2026-06-03T08:00:00Z' }));
    expect(settled).toMatchObject({ party: 'commune', status: 'decided', ruleId: 'settlement' });
    expect(settled.reason).toContain('Répartition arrêtée par les deux parties : la commune');
  });

  it('changes a category row decision (the way the pre-emption refusal points to), not to the same party', () => {
    const a = allocate('versailles-fontenay', { requesterCategory: 'parent', channel: 'academie' });
    const e = errorOf(() => proposeSettlement(a, 'academie', { proposedBy: 'commune', by: 'X', at, reason: 'r' }));
    expect(e.code).toBe('ARBITRAGE_INUTILE');
    expect(e.message).toBe("La demande est déjà attribuée à l'académie (répartition décidée) : il n'y a rien à arbitrer.");
    const proposal = proposeSettlement(a, 'commune', { proposedBy: 'commune', by: 'Mme Martin', at, reason: 'Module communal' });
    const settled = applyPreemption(validatePreemption(proposal, { party: 'academie', by: 'M. Durand', at }));
    expect(settled).toMatchObject({ party: 'commune', ruleId: 'settlement' });
    expect(settled.reason).toContain("Répartition initiale : l'académie (« Demande effectuée par un enseignant, un parent d'élève ou un élève »)");
  });

  it('confirms a DSDEN 13 request whose module is unknown (proposed to the académie)', () => {
    const a = allocate('dsden13', { requesterCategory: 'parent', channel: 'commune' });
    const proposal = proposeSettlement(a, 'academie', { proposedBy: 'academie', by: 'DPD académie', at, reason: 'Module inconnu, point de contact' });
    const settled = applyPreemption(validatePreemption(proposal, { party: 'commune', by: 'DPD collectivité', at }));
    expect(settled).toMatchObject({ party: 'academie', status: 'decided', ruleId: 'settlement' });
    expect(settled.reason).toContain('Répartition confirmée par les deux parties');
  });
});

describe('handover to the co-controller (GDPR art. 26(3))', () => {
  const at = '2026-06-02T08:00:00Z';
  const claim = { by: 'Mme Martin', at, reason: 'Module communal' };

  it('is possible only when the decided allocation names the other party', () => {
    const toAcademie = allocate('versailles-fontenay', { requesterCategory: 'parent', channel: 'academie' });
    expect(checkHandOver(toAcademie, 'commune')).toEqual({ ok: true, to: 'academie' });
    expect(assertHandOver(toAcademie, 'commune', null)).toBe('academie');
    const own = checkHandOver(toAcademie, 'academie');
    expect(own.ok).toBe(false);
    if (!own.ok) {
      expect(own.reason).toContain("La demande est attribuée à l'académie (cet office), qui doit y répondre : pas de transmission.");
      expect(own.reason).toContain('validée par les deux parties');
    }
    const e = errorOf(() => assertHandOver(toAcademie, 'academie'));
    expect(e.code).toBe('TRANSMISSION_IMPOSSIBLE');
    // DSDEN 13: a commune module concerning several schools is decided for the académie.
    const d13 = allocate('dsden13', { requesterCategory: 'parent', channel: 'commune', module: { owner: 'commune' }, schoolsScope: 'several' });
    expect(checkHandOver(d13, 'commune')).toEqual({ ok: true, to: 'academie' });
  });

  it('is refused while the allocation is to confirm, whichever party is proposed, and allowed once both validated it', () => {
    const overlap = allocate('versailles-fontenay', { requesterCategory: 'parent', channel: 'commune' }); // proposed: académie
    const fromCommune = checkHandOver(overlap, 'commune');
    expect(fromCommune.ok).toBe(false);
    if (!fromCommune.ok) expect(fromCommune.reason).toContain("La répartition proposée à l'académie reste à confirmer par les deux parties");
    const fromAcademie = checkHandOver(overlap, 'academie');
    expect(fromAcademie.ok).toBe(false);
    if (!fromAcademie.ok) expect(fromAcademie.reason).toContain("proposée à l'académie (cet office), qui répond d'ici là");
    const confirmed = applyPreemption(
      validatePreemption(proposeSettlement(overlap, 'academie', { proposedBy: 'commune', by: 'Mme Martin', at, reason: 'Ligne 1' }), {
        party: 'academie',
        by: 'M. Durand',
        at,
      }),
    );
    expect(checkHandOver(confirmed, 'commune')).toEqual({ ok: true, to: 'academie' });
    const unknown = allocate('versailles-fontenay', { requesterCategory: 'other', channel: 'other' });
    const none = checkHandOver(unknown, 'commune');
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.reason).toContain("Aucune partie n'est désignée pour répondre");
  });

  it('is refused while a pre-emption or settlement awaits validation, and follows the pre-emption once applied', () => {
    const original = allocate('versailles-fontenay', { requesterCategory: 'other', channel: 'academie' }); // row 3
    expect(checkHandOver(original, 'commune').ok).toBe(true);
    const pending = claimPreemption(original, 'commune', claim, 'versailles-fontenay');
    const waiting = checkHandOver(original, 'academie', pending);
    expect(waiting.ok).toBe(false);
    if (!waiting.ok) {
      expect(waiting.reason).toBe(
        "Une préemption (la commune) attend la validation de l'académie : la demande ne peut être transmise à la commune qu'une fois la répartition validée par les deux parties.",
      );
    }
    expect(checkHandOver(original, 'commune', pending).ok).toBe(false);
    const applied = applyPreemption(validatePreemption(pending, { party: 'academie', by: 'M. Durand', at }));
    expect(checkHandOver(applied, 'academie')).toEqual({ ok: true, to: 'commune' });
    expect(checkHandOver(applied, 'commune').ok).toBe(false);
  });
});

describe('decisionPartyChoices: what the allocation forms offer, never an option the rules would refuse', () => {
  const at = '2026-03-18T09:00:00.000Z';
  it('a decided allocation: only the other party may be proposed, and is the default', () => {
    const c = decisionPartyChoices({ allocation: { party: 'academie', status: 'decided' }, pending: null, preemptionParty: null, office: 'academie' });
    expect(c.settlement).toEqual({ options: ['commune'], default: 'commune' });
    expect(c.preemption).toBeNull();
    expect(c.validation).toBeNull();
  });
  it('an allocation to confirm: either party, the proposed one first; none proposed: this office', () => {
    expect(decisionPartyChoices({ allocation: { party: 'commune', status: 'to-settle' }, pending: null, preemptionParty: null, office: 'academie' }).settlement).toEqual({
      options: ['commune', 'academie'],
      default: 'commune',
    });
    expect(decisionPartyChoices({ allocation: { party: null, status: 'to-settle' }, pending: null, preemptionParty: null, office: 'academie' }).settlement.default).toBe('academie');
  });
  it('a pre-emption: only the party that may pre-empt; a validation: only the missing ones, this office first', () => {
    const c = decisionPartyChoices({
      allocation: { party: 'academie', status: 'decided' },
      pending: { validations: [{ party: 'commune', by: 'Mme Roy', at }] },
      preemptionParty: 'commune',
      office: 'academie',
    });
    expect(c.preemption).toEqual({ options: ['commune'], default: 'commune' });
    expect(c.validation).toEqual({ options: ['academie'], default: 'academie' });
    const none = decisionPartyChoices({ allocation: { party: 'academie', status: 'decided' }, pending: { validations: [] }, preemptionParty: null, office: 'commune' });
    expect(none.validation).toEqual({ options: ['commune', 'academie'], default: 'commune' });
  });
});
