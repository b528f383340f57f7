// The annual report: its figures (core/reports/annual.ts) over the store's rows of the year, on
// screen, as PDF (core/documents/annual-report.ts printed by Chromium) and as XLSX. Reads only.
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { annualReportHtml, annualReportWorkbook } from '../../documents/annual-report';
import { safeFileName, toBase64 } from '../../documents/text';
import { DomainError } from '../../errors';
import { annualReport, reportPeriod } from '../../reports/annual';
import { pdfRenderer } from '../documents/files';
import { FIRST_REPORT_YEAR, type AnnualReport, type reportCalls } from './calls';

export function createReportHandlers(ctx: ServiceContext): HandlersOf<typeof reportCalls> {
  const { store, clock, requireAgreement } = ctx;
  const renderPdf = pdfRenderer(ctx);

  function build(input: { agreementId?: string | undefined; year?: number | undefined }): AnnualReport {
    const today = clock.today();
    const current = Number(today.slice(0, 4));
    const row = input.agreementId ? requireAgreement(input.agreementId) : null;
    // Default: the last full calendar year; the current one (so far) may be asked for, not a later one.
    const year = input.year ?? current - 1;
    if (year > current) {
      const message = `Année ${year} : elle n'a pas encore commencé ; choisissez une année de ${FIRST_REPORT_YEAR} à ${current}.`;
      throw new DomainError('ANNEE_INVALIDE', message, { year: message });
    }
    // The years offered: from the first request received (at least the last full year) to the current one.
    const first = store.firstReceivedOn(row?.id);
    const firstYear = Math.max(FIRST_REPORT_YEAR, Math.min(first ? Number(first.slice(0, 4)) : current, current - 1));
    const years = Array.from({ length: current - firstYear + 1 }, (_, i) => current - i);
    const { from, to } = reportPeriod(year, today);
    return annualReport({
      year,
      today,
      agreement: row ? { id: row.id, name: row.name, code: row.code } : null,
      years,
      rows: store.reportRows({ agreementId: row?.id, from, to }),
    });
  }

  return {
    'reports.annual': (input) => build(input),

    'reports.annualFile': async ({ format, ...input }) => {
      const report = build(input);
      const office = ctx.office()?.label ?? '';
      const name = `Rapport-annuel-${report.year}-${report.agreement ? safeFileName(report.agreement.code) : 'toutes-conventions'}`;
      if (format === 'pdf') {
        return { filename: `${name}.pdf`, mimeType: 'application/pdf', base64: toBase64(await renderPdf(annualReportHtml(report, office))) };
      }
      const { writeWorkbook } = await import('../../documents/xlsx');
      return {
        filename: `${name}.xlsx`,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: toBase64(writeWorkbook(annualReportWorkbook(report, office))),
      };
    },
  };
}
