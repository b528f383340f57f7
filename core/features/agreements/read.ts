// Agreements as the UI sees them.
import { PRESET_DEFAULTS } from '../../presets';
import type { AgreementRow, SchoolRow } from '../../api/store';
import type { Agreement, School } from './calls';

export function agreementOut(row: AgreementRow & { schoolCount: number }): Agreement {
  const preset = row.preset;
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    communeName: row.communeName,
    academieName: row.academieName,
    preset,
    presetLabel: PRESET_DEFAULTS[preset]?.label ?? row.preset,
    rules: row.rules,
    holidayCalendar: row.holidayCalendar,
    dpdContacts: row.dpdContacts,
    processorName: row.processorName,
    identityDocuments: row.identityDocuments,
    jointArrangement: row.jointArrangement,
    processing: row.processing,
    modules: row.modules,
    schoolCount: row.schoolCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const schoolOut = (row: SchoolRow): School => ({
  id: row.id,
  agreementId: row.agreementId,
  name: row.name,
  address: row.address,
  uai: row.uai,
});
