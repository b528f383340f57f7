// What the exchange checks on its own: the fingerprint read on the phone, the agreement an
// invitation carries (checked like a local save), and values in dispute as the user reads them.
import { validateRuleSet } from '../../allocation';
import { agreementColumns } from '../../api/row-schemas';
import type { AgreementRow } from '../../api/store';
import { OUTCOME_LABELS, type Outcome } from '../../domain';
import { DomainError } from '../../errors';
import { normalizeFingerprint, sameFingerprint } from '../../exchange/fingerprint';
import { normalizeUai, uaiProblem } from '../../uai';
import { DEFAULT_RETENTION_YEARS, retentionProblem } from '../../retention';

/** A value in dispute, as the user reads it. */
export function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(vide)';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.split('-').reverse().join('/') : value;
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'object' && 'outcome' in (value as object)) {
    const r = value as { outcome: Outcome | null; answeredOn: string | null };
    return `${r.outcome ? OUTCOME_LABELS[r.outcome] : 'Pas encore de suite'}${r.answeredOn ? ` le ${shown(r.answeredOn)}` : ''}`;
  }
  return JSON.stringify(value);
}

export function confirmFingerprint(expected: string, typed: string | undefined, by: string | undefined) {
  if (!typed || !by) {
    throw new DomainError(
      'APPAIRAGE_A_CONFIRMER',
      "Ce paquet vient d'un office qui n'est pas encore associé à cette convention : comparez son empreinte par téléphone avec l'autre DPD, saisissez-la et indiquez qui l'a vérifiée.",
      { fingerprint: 'Saisissez l’empreinte lue par l’autre office.' },
    );
  }
  if (normalizeFingerprint(typed) === null || !sameFingerprint(typed, expected)) {
    throw new DomainError(
      'EMPREINTE_DIFFERENTE',
      "L'empreinte saisie ne correspond pas à celle de ce fichier : ne l'importez pas. Rappelez l'autre office, relisez l'empreinte chiffre par chiffre ; si elle diffère encore, le fichier ne vient pas de lui.",
      { fingerprint: 'Empreinte différente de celle du fichier.' },
    );
  }
}

/** The agreement and its schools as the invitation carries them, checked like a local save. */
export function agreementFromInvitation(data: Record<string, unknown>, schools: Record<string, unknown>[], now: string) {
  const text = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : null);
  const rules = validateRuleSet(data.rules);
  const preset = agreementColumns.preset.safeParse(data.preset);
  const contacts = agreementColumns.dpdContacts.safeParse(data.dpdContacts);
  const calendar = agreementColumns.holidayCalendar.safeParse(data.holidayCalendar);
  const documents = agreementColumns.identityDocuments.safeParse(data.identityDocuments);
  const templates = agreementColumns.letterTemplates.safeParse(data.letterTemplates ?? {});
  const clause = agreementColumns.processorClause.safeParse(data.processorClause ?? null);
  const processing = agreementColumns.processing.safeParse(data.processing ?? null);
  const modules = agreementColumns.modules.safeParse(data.modules ?? []);
  const id = text('id');
  const code = text('code');
  if (!id || !code || !/^[A-Z0-9]{2,8}$/.test(code) || !text('name') || !text('communeName') || !text('academieName') || !rules.ok || !preset.success || !contacts.success || !calendar.success || !documents.success || !templates.success || !clause.success || !processing.success || !modules.success) {
    throw new DomainError('INVITATION_INVALIDE', "L'invitation décrit une convention incomplète ou invalide : demandez à l'autre office de la renvoyer depuis une version à jour.");
  }

  const row: AgreementRow = {
    id,
    code,
    name: text('name')!,
    communeName: text('communeName')!,
    academieName: text('academieName')!,
    preset: preset.data,
    rules: rules.ruleSet,
    holidayCalendar: calendar.data,
    dpdContacts: contacts.data,
    processorName: text('processorName'),
    identityDocuments: documents.data,
    letterTemplates: templates.data,
    processorClause: clause.data,
    jointArrangement: text('jointArrangement') ?? '',
    processing: processing.data,
    modules: modules.data,
    // An invitation from an install that does not know it: the default of core/retention.ts.
    retentionYears: typeof data.retentionYears === 'number' && retentionProblem(data.retentionYears) === null ? data.retentionYears : DEFAULT_RETENTION_YEARS,
    createdAt: now,
    updatedAt: now,
  };
  const schoolRows = schools.map((s) => {
    const uai = typeof s.uai === 'string' ? s.uai : '';
    if (typeof s.id !== 'string' || typeof s.name !== 'string' || uaiProblem(uai)) {
      throw new DomainError('INVITATION_INVALIDE', `L'invitation contient une école invalide (${String(s.name ?? '?')}, ${uai}) : demandez à l'autre office de corriger sa liste.`);
    }
    return { id: s.id, agreementId: id, name: s.name, address: typeof s.address === 'string' ? s.address : '', uai: normalizeUai(uai), createdAt: now };
  });
  return { row, schoolRows };
}

