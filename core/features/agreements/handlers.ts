// Agreements and schools: created from a preset (rules, contacts, schools of the seed), listed,
// updated (allocation rules checked), schools added, corrected and removed (only when no request
// uses them) with a valid UAI, and the preset's lines still to correct offered with their fix.
import { DEFAULT_RETENTION_YEARS } from '../../retention';
import { presetRuleSet, validateRuleSet, type RuleSet } from '../../allocation';
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { DomainError } from '../../errors';
import type { SchoolRow } from '../../api/store';
import { PRESETS } from '../../domain';
import { DEFAULT_IDENTITY_DOCUMENTS, PRESET_DEFAULTS } from '../../presets';
import { checkedModules } from '../../modules';
import { normalizeUai, uaiCorrection, uaiProblem } from '../../uai';
import type { agreementCalls, RejectedSchool } from './calls';
import { agreementOut, schoolOut } from './read';

/** « d'une demande », « de 3 demandes ». */
const ofRequests = (n: number): string => (n === 1 ? "d'une demande" : `de ${n} demandes`);

export function createAgreementHandlers({ store, clock, newId, requireAgreement }: ServiceContext): HandlersOf<typeof agreementCalls> {
  function requireSchool(id: string): SchoolRow {
    const school = store.getSchool(id);
    if (!school) throw new DomainError('INTROUVABLE', "Cette école n'existe pas (ou plus) : rechargez la liste des écoles.");
    return school;
  }

  /** The UAI checked and free in the agreement (another school than `exceptId`); the French reason otherwise. */
  function checkedUai(agreementId: string, rawUai: string, exceptId?: string): string {
    const problem = uaiProblem(rawUai);
    if (problem) throw new DomainError('UAI_INVALIDE', problem, { uai: problem });
    const uai = normalizeUai(rawUai);
    const other = store.findSchoolByUai(agreementId, uai);
    if (other && other.id !== exceptId) {
      const message = `Le code ${uai} est déjà celui d'une école de cette convention (${other.name}).`;
      throw new DomainError('UAI_INVALIDE', message, { uai: message });
    }
    return uai;
  }

  /** The preset's school lines that are not imported, each with its reason and proposed correction. */
  function rejectedLines(presetId: keyof typeof PRESET_DEFAULTS, present: SchoolRow[]): RejectedSchool[] {
    const preset = PRESET_DEFAULTS[presetId];
    const out: RejectedSchool[] = [];
    preset.schools.forEach((s, i) => {
      const reason = uaiProblem(s.uai);
      if (!reason) return;
      const correction = uaiCorrection(s.uai);
      // Already fixed: a school of that name, or with the corrected code, is in the agreement.
      if (present.some((p) => p.name === s.name || (correction !== null && p.uai === correction))) return;
      out.push({ line: i + 1, name: s.name, address: s.address, uai: s.uai, reason, correction });
    });
    return out;
  }

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
          modules: preset.modules,
          retentionYears: DEFAULT_RETENTION_YEARS,
          createdAt: now,
          updatedAt: now,
        });
        const rejectedSchools: RejectedSchool[] = [];
        preset.schools.forEach((s, i) => {
          const added = addSchool(id, s.name, s.address, s.uai);
          if (typeof added === 'string') {
            rejectedSchools.push({ line: i + 1, name: s.name, address: s.address, uai: s.uai, reason: added, correction: uaiCorrection(s.uai) });
          }
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
      const modules = patch.modules ? checkedModules(patch.modules) : undefined;
      store.updateAgreement(input.id, { ...patch, ...(modules ? { modules } : {}), ...(checkedRules ? { rules: checkedRules } : {}), updatedAt: clock.now() });
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

    'schools.update': (input) =>
      store.transaction(() => {
        const school = requireSchool(input.id);
        const uai = checkedUai(school.agreementId, input.uai, school.id);
        const patch = { name: input.name, address: input.address, uai };
        store.updateSchool(school.id, patch);
        return schoolOut({ ...school, ...patch });
      }),

    'schools.remove': (input) =>
      store.transaction(() => {
        const school = requireSchool(input.id);
        const used = store.countRequestsOfSchool(school.id);
        if (used > 0) {
          throw new DomainError(
            'ECOLE_UTILISEE',
            `${school.name} (${school.uai}) est l'école ${ofRequests(used)} : elle ne peut pas être supprimée tant qu'une demande l'indique. Corrigez d'abord l'école de ${used === 1 ? 'cette demande' : 'ces demandes'}, ou modifiez la fiche de l'école.`,
          );
        }
        store.deleteSchool(school.id);
        return { id: school.id };
      }),

    'schools.toReview': (input) => {
      const agreement = requireAgreement(input.agreementId);
      return rejectedLines(agreement.preset, store.listSchools(agreement.id));
    },
  };
}
