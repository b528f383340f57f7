// « Exporter le registre »: the requests the list's filters select (every page), as XLSX or as
// CSV for French Excel, saved as a file; and the way to « Importer un registre » (RegisterImport.tsx)
// and to the « Rapport annuel » (AnnualReport.tsx).
import type { RequestListInput } from '../../../core/api/contract';
import { call } from '../api';
import { useDownload } from '../useDownload';

export function RegisterExport({ filters }: { filters: RequestListInput }) {
  const { busy, download, banners } = useDownload();
  const { offset: _offset, limit: _limit, ...input } = filters;
  const exportAs = (format: 'xlsx' | 'csv') => download(() => call('register.export', { ...input, format }), 'Registre exporté');

  return (
    <section aria-labelledby="register-export" className="register-export">
      <h2 id="register-export" className="sr-only">
        Exporter le registre
      </h2>
      <div className="actions" role="group" aria-label="Registre : exporter les demandes de ces filtres (toutes pages), importer un registre, ou voir le rapport annuel">
        <button type="button" disabled={busy} onClick={() => void exportAs('xlsx')}>
          Exporter le registre (XLSX)
        </button>
        <button type="button" disabled={busy} onClick={() => void exportAs('csv')}>
          Exporter le registre (CSV)
        </button>{' '}
        <a className="button" href={`#/registre/importer${input.agreementId ? `?convention=${encodeURIComponent(input.agreementId)}` : ''}`}>
          Importer un registre
        </a>{' '}
        <a className="button" href={`#/registre/rapport${input.agreementId ? `?convention=${encodeURIComponent(input.agreementId)}` : ''}`}>
          Rapport annuel
        </a>
      </div>
      {banners}
    </section>
  );
}
