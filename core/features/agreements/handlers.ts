// Agreements and schools: created from a preset (rules, contacts, schools of the seed), listed,
// updated (allocation rules checked), schools added with a valid UAI.
import { presetRuleSet, validateRuleSet, type RuleSet } from '../../allocation';
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { DomainError } from '../../errors';
import type { SchoolRow } from '../../api/store';
import { PRESETS } from '../../domain';
import { DEFAULT_IDENTITY_DOCUMENTS, PRESET_DEFAULTS } from '../../presets';
import { normalizeUai, uaiProblem } from '../../uai';
import type { agreementCalls } from './calls';
import { agreementOut, schoolOut } from './read';

export function createAgreementHandlers({ store, clock, newId, requireAgreement }: ServiceContext): HandlersOf<typeof agreementCalls> {
  /** Validates and inserts one school; returns the French reason when it cannot be added. */
  function addSchool(agreementId: string, name: string, address: string, rawUai: string): SchoolRow | string {
    const problem = uaiProblem(rawUai);
    if (problem) return problem;
    const uai = normalizeUai(rawUai);
    if (store.findSchoolByUai(agreementId, uai)) return `L'école ${uai} figure déjà dans cette convention.`;
    const row: SchoolRow = { id: newId(), agreementId, name, address, uai, createdAt: clock.now() };
    store.insertSchool(row);
    return row;
  }

  function uniqueCode(base: string): string {
    if (!store.isAgreementCodeTaken(base)) return base;
    for (let i = 2; ; i++) {
      const code = `${base}${i}`;
      if (!store.isAgreementCodeTaken(code)) return code;
    }
  }

  return {
    'agreements.presets': () =>
      PRESETS.map((id) => ({ id, label: PRESET_DEFAULTS[id].label, source: PRESET_DEFAULTS[id].source })),

    'agreements.createFromPreset': (input) => {
      const preset = PRESET_DEFAULTS[input.preset];
      const communeName = input.communeName?.trim() || preset.communeName;
      if (!communeName) {
        throw new DomainError('ENTREE_INVALIDE', 'Nom de la commune : à renseigner pour ce modèle de convention.', {
          communeName: 'Indiquez le nom de la commune signataire.',
        });
      }
      const code = input.code ?? uniqueCode(preset.code);
      if (store.isAgreementCodeTaken(code)) {
        throw new DomainError('CODE_PRIS', `Le code ${code} est déjà celui d'une autre convention : choisissez-en un autre.`, {
          code: 'Code déjà utilisé.',
        });
      }
      const now = clock.now();
      const id = newId();
      return store.transaction(() => {
        store.insertAgreement({
          id,
          code,
          name: `${preset.academieName} / ${communeName}`,
          communeName,
          academieName: preset.academieName,
          preset: input.preset,
          rules: presetRuleSet(input.preset),
          holidayCalendar: 'metropole',
          dpdContacts: preset.contacts,
          processorName: preset.processorName,
          identityDocuments: DEFAULT_IDENTITY_DOCUMENTS,
          letterTemplates: {},
          processorClause: preset.processorClause,
          jointArrangement: '',
          processing: null,
          createdAt: now,
          updatedAt: now,
        });
        const rejectedSchools: { line: number; name: string; uai: string; reason: string }[] = [];
        preset.schools.forEach((s, i) => {
          const added = addSchool(id, s.name, s.address, s.uai);
          if (typeof added === 'string') rejectedSchools.push({ line: i + 1, name: s.name, uai: s.uai, reason: added });
        });
        return { agreement: agreementOut(store.getAgreement(id)!), rejectedSchools };
      });
    },

    'agreements.list': () => store.listAgreements().map(agreementOut),

    'agreements.get': (input) => agreementOut(requireAgreement(input.id)),

    'agreements.update': (input) => {
      requireAgreement(input.id);
      const { rules, ...patch } = input.patch;
      if (patch.code && store.isAgreementCodeTaken(patch.code, input.id)) {
        throw new DomainError('CODE_PRIS', `Le code ${patch.code} est déjà celui d'une autre convention.`, { code: 'Code déjà utilisé.' });
      }
      let checkedRules: RuleSet | undefined;
      if ('rules' in input.patch) {
        const checked = validateRuleSet(rules);
        if (!checked.ok) throw new DomainError('REGLES_INVALIDES', checked.message, { rules: checked.message });
        checkedRules = checked.ruleSet;
      }
      store.updateAgreement(input.id, { ...patch, ...(checkedRules ? { rules: checkedRules } : {}), updatedAt: clock.now() });
      return agreementOut(requireAgreement(input.id));
    },

    'schools.add': (input) => {
      requireAgreement(input.agreementId);
      const added = addSchool(input.agreementId, input.name, input.address, input.uai);
      if (typeof added === 'string') throw new DomainError('UAI_INVALIDE', added, { uai: added });
      return schoolOut(added);
    },

    'schools.list': (input) => {
      requireAgreement(input.agreementId);
      return store.listSchools(input.agreementId).map(schoolOut);
    },
  };
}
