import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AllocationError,
  PRESET_LABELS,
  PRESET_RULESETS,
  allocate,
  applyPreemption,
  claimPreemption,
  missingValidations,
  parseRuleSet,
  presetRuleSet,
  proposeSettlement,
  ruleSetInputs,
  validatePreemption,
  validateRuleSet,
  type AllocationInput,
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

  it('explains a conflict naming both rows and both parties, with the proposal', () => {
    const a = allocate('versailles-fontenay', { requesterCategory: 'parent', channel: 'commune' });
    expect(a.reason).toContain("« Demande effectuée par un enseignant, un parent d'élève ou un élève » désigne Académie");
    expect(a.reason).toContain('« Demande effectuée directement auprès de la commune » désigne Commune');
    expect(a.reason).toContain('point mensuel');
    expect(a.reason).toContain('prime sur le lieu de réception');
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
    ['unknown module, one school', { schoolsScope: 'single' }, toSettle(null, 'd13-module-unknown')],
    ['unknown module, scope not given', {}, toSettle(null, 'd13-module-unknown')],
    ['module null', { module: null, schoolsScope: null }, toSettle(null, 'd13-module-unknown')],
  ];
  for (const [name, extra, expected] of cases) {
    it(name, () => {
      const a = allocate('dsden13', { ...base, ...extra });
      expect({ party: a.party, status: a.status, ruleId: a.ruleId }).toEqual(expected);
    });
  }

  it('says why the overlap goes to the académie', () => {
    const a = allocate('dsden13', { ...base, module: { owner: 'commune' }, schoolsScope: 'several' });
    expect(a.reason).toMatch(/Module de la collectivité, mais demande excédant le champ d'une seule école/);
    expect(a.reason).toMatch(/l'académie répond/);
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

describe('pre-emption (validated by both parties)', () => {
  const claim = { by: 'Mme Martin (DPD commune)', at: '2026-05-04T09:00:00Z', reason: 'Dossier déjà suivi par la mairie' };

  it('the commune pre-empts a request made to the académie', () => {
    const original = allocate('versailles-fontenay', { requesterCategory: 'other', channel: 'academie' });
    expect(original).toMatchObject({ party: 'academie', ruleId: 'vf-channel-academie' });
    let pending = claimPreemption(original, 'commune', claim, 'versailles-fontenay');
    expect(pending).toMatchObject({ kind: 'preemption', party: 'commune', claimedBy: 'commune', validations: [] });
    expect(missingValidations(pending)).toEqual(['commune', 'academie']);

    pending = validatePreemption(pending, { party: 'commune', by: 'Mme Martin', at: '2026-05-04T09:05:00Z' });
    // One-sided: refused, and says who is missing.
    const e = errorOf(() => applyPreemption(pending));
    expect(e.code).toBe('VALIDATION_INCOMPLETE');
    expect(e.message).toContain("manque la validation de l'académie");

    pending = validatePreemption(pending, { party: 'academie', by: 'M. Durand (DPD académie)', at: '2026-05-12T14:00:00Z' });
    const applied = applyPreemption(pending);
    expect(applied).toMatchObject({ party: 'commune', status: 'decided', ruleId: 'preemption' });
    expect(applied.preemptedFrom).toEqual(original);
    expect(applied.decision?.validations.map((v) => [v.party, v.by, v.at])).toEqual([
      ['commune', 'Mme Martin', '2026-05-04T09:05:00Z'],
      ['academie', 'M. Durand (DPD académie)', '2026-05-12T14:00:00Z'],
    ]);
    expect(applied.decision?.appliedAt).toBe('2026-05-12T14:00:00Z');
    expect(applied.reason).toContain('Préemption par la commune');
    expect(applied.reason).toContain('12/05/2026 à 16:00');
    expect(applied.reason).toContain("Répartition initiale : l'académie (vf-channel-academie)");
    // JSON-serialisable as stored on the request.
    expect(JSON.parse(JSON.stringify(applied))).toEqual(applied);
  });

  it('the académie pre-empts a request made to the commune', () => {
    const original = allocate('versailles-fontenay', { requesterCategory: 'academie-staff', channel: 'commune' });
    expect(original.party).toBe('commune');
    const pending = claimPreemption(original, 'academie', { ...claim, by: 'M. Durand' });
    const both = validatePreemption(
      validatePreemption(pending, { party: 'academie', by: 'M. Durand', at: '2026-05-05T08:00:00Z' }),
      { party: 'commune', by: 'Mme Martin', at: '2026-05-06T08:00:00Z' },
    );
    const applied = applyPreemption(both, '2026-05-06T08:30:00Z');
    expect(applied).toMatchObject({ party: 'academie', status: 'decided', ruleId: 'preemption' });
    expect(applied.preemptedFrom).toMatchObject({ party: 'commune', ruleId: 'vf-channel-commune' });
    expect(applied.decision?.appliedAt).toBe('2026-05-06T08:30:00Z');
    // And back again: the first pre-emption stays in the chain.
    const back = claimPreemption(applied, 'commune', claim);
    const again = applyPreemption(
      validatePreemption(validatePreemption(back, { party: 'commune', by: 'A', at: '2026-06-01T08:00:00Z' }), {
        party: 'academie',
        by: 'B',
        at: '2026-06-02T08:00:00Z',
      }),
    );
    expect(again.party).toBe('commune');
    expect(again.preemptedFrom?.preemptedFrom).toEqual(original);
  });

  it('refuses a pre-emption by the party that already has the request', () => {
    const a = allocate('versailles-fontenay', { requesterCategory: 'parent', channel: 'academie' });
    const e = errorOf(() => claimPreemption(a, 'academie', claim));
    expect(e.code).toBe('PREEMPTION_INUTILE');
    expect(e.message).toContain("déjà attribuée à l'académie");
  });

  it('refuses the same party validating twice, and leaves the pending claim untouched', () => {
    const a = allocate('versailles-fontenay', { requesterCategory: 'other', channel: 'academie' });
    const pending = claimPreemption(a, 'commune', claim);
    const once = validatePreemption(pending, { party: 'commune', by: 'Mme Martin', at: '2026-05-04T09:05:00Z' });
    expect(pending.validations).toEqual([]);
    const e = errorOf(() => validatePreemption(once, { party: 'commune', by: 'Autre', at: '2026-05-04T10:00:00Z' }));
    expect(e.code).toBe('VALIDATION_EN_DOUBLE');
    expect(e.message).toContain('La commune a déjà validé (Mme Martin, le 04/05/2026 à 11:05)');
  });

  it('requires who and when', () => {
    const a = allocate('versailles-fontenay', { requesterCategory: 'other', channel: 'academie' });
    expect(errorOf(() => claimPreemption(a, 'commune', { ...claim, by: '  ' })).message).toContain('Auteur de la préemption : à renseigner');
    expect(errorOf(() => claimPreemption(a, 'commune', { ...claim, reason: '' })).message).toContain('Motif de la préemption');
    const pending = claimPreemption(a, 'commune', claim);
    expect(errorOf(() => validatePreemption(pending, { party: 'academie', by: 'X', at: 'hier' })).code).toBe('CHAMP_REQUIS');
  });

  it('is refused where the agreement does not provide for it (DSDEN 13)', () => {
    const a = allocate('dsden13', { requesterCategory: 'parent', channel: 'academie', module: { owner: 'academie' } });
    const e = errorOf(() => claimPreemption(a, 'commune', claim, 'dsden13'));
    expect(e.code).toBe('PREEMPTION_NON_PREVUE');
    expect(e.message).toContain('ne prévoit pas de préemption');
  });
});

describe('settlement at the monthly meeting', () => {
  it('turns a request to settle into a decided allocation once both DPDs validate', () => {
    const original = allocate('versailles-fontenay', { requesterCategory: 'parent', channel: 'commune' });
    expect(original.status).toBe('to-settle');
    const proposal = proposeSettlement(original, 'commune', {
      proposedBy: 'academie',
      by: 'M. Durand',
      at: '2026-06-02T08:00:00Z',
      reason: "Le parent est agent de la commune et écrit à ce titre",
    });
    expect(() => applyPreemption(proposal)).toThrow(/validé par les deux parties/);
    const both = validatePreemption(
      validatePreemption(proposal, { party: 'academie', by: 'M. Durand', at: '2026-06-02T08:00:00Z' }),
      { party: 'commune', by: 'Mme Martin', at: '2026-06-02T08:01:00Z' },
    );
    const settled = applyPreemption(both);
    expect(settled).toMatchObject({ party: 'commune', status: 'decided', ruleId: 'settlement' });
    expect(settled.settledFrom).toEqual(original);
    expect(settled.reason).toContain('arrêtée au point mensuel');
  });

  it('is refused for an allocation already decided', () => {
    const a = allocate('versailles-fontenay', { requesterCategory: 'parent', channel: 'academie' });
    expect(errorOf(() => proposeSettlement(a, 'commune', { proposedBy: 'commune', by: 'X', at: '2026-06-02T08:00:00Z', reason: 'r' })).code).toBe(
      'ARBITRAGE_INUTILE',
    );
  });
});
