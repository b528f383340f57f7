// « Exporter le registre »: the requests the list's filters select (every page), as XLSX or as
// CSV for French Excel, saved as a file; and the way to « Importer un registre » (RegisterImport.tsx)
// and to the « Rapport annuel » (AnnualReport.tsx).
import { useState } from 'react';
import type { ApiError, RequestListInput } from '../../../core/api/contract';
import { call } from '../api';
import { saveFile } from '../download';
import { ErrorBanner, useConfirmation } from '../ui';

export function RegisterExport({ filters }: { filters: RequestListInput }) {
  const { message, setMessage, messageRef } = useConfirmation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const { offset: _offset, limit: _limit, ...input } = filters;

  async function exportAs(format: 'xlsx' | 'csv') {
    setMessage(null);
    setError(null);
    setBusy(true);
    const r = await call('register.export', { ...input, format });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    saveFile(r.value);
    setMessage(`Registre exporté : ${r.value.filename}.`);
  }

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
      <ErrorBanner error={error} />
      {message && (
        <p className="banner banner-ok" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </p>
      )}
    </section>
  );
}
