// Register export: every request the list's filters select (all pages, the list's order), one
// row each with its rights and outcomes, as an .xlsx sheet or a CSV file for French Excel.
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { RIGHTS } from '../../domain';
import type { SchoolRow } from '../../api/store';
import { registerCsv, registerSheet, type RegisterEntry } from '../../documents/register';
import { safeFileName, toBase64 } from '../../documents/text';
import { dueRange } from '../requests/handlers';
import type { registerCalls } from './calls';

/** Requests read per query while exporting (the store's page). */
const PAGE = 1000;

export function createRegisterHandlers(ctx: ServiceContext): HandlersOf<typeof registerCalls> {
  const { store, clock } = ctx;
  return {
    'register.export': async (input) => {
      const today = clock.today();
      const { format, urgency, statuses, party, openOnly, ...base } = input;
      const query = {
        ...base,
        openOnly: openOnly || urgency !== undefined,
        ...(statuses ? { statuses } : {}),
        ...(party ? { party } : {}),
        ...(urgency ? { due: dueRange(urgency, today) } : {}),
      };
      const codes = new Map<string, string>();
      const schools = new Map<string, SchoolRow>();
      const agreementCode = (id: string) => {
        let code = codes.get(id);
        if (code === undefined) {
          code = store.getAgreement(id)?.code ?? '';
          codes.set(id, code);
          for (const s of store.listSchools(id)) schools.set(s.id, s);
        }
        return code;
      };
      const entries: RegisterEntry[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = store.listRequests({ ...query, offset, limit: PAGE });
        // The list's order (the store reads the rights of a page in any order).
        const full = new Map(store.getRequestsWithRights(page.map((r) => r.id)).map((x) => [x.row.id, x]));
        for (const r of page) {
          const { row, rights } = full.get(r.id)!;
          const sorted = [...rights].sort((a, b) => RIGHTS.indexOf(a.right) - RIGHTS.indexOf(b.right));
          entries.push({ row, rights: sorted, agreementCode: agreementCode(row.agreementId), school: row.schoolId ? (schools.get(row.schoolId) ?? null) : null });
        }
        if (page.length < PAGE) break;
      }
      const scope = input.agreementId ? safeFileName(agreementCode(input.agreementId)) : 'toutes-conventions';
      const sheet = registerSheet(entries);
      if (format === 'csv') {
        return { filename: `Registre-${scope}-${today}.csv`, mimeType: 'text/csv;charset=utf-8', base64: toBase64(new TextEncoder().encode(registerCsv(sheet))) };
      }
      const { writeWorkbook } = await import('../../documents/xlsx');
      const author = ctx.office()?.label ?? '';
      return {
        filename: `Registre-${scope}-${today}.xlsx`,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: toBase64(writeWorkbook({ title: 'Registre des demandes', author, sheets: [sheet] })),
      };
    },
  };
}
