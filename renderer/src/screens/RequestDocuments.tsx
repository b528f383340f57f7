// In a request's detail: one button per letter (opens the letter, filled from the request) and
// the documents already produced for the request, each downloadable again as it was saved.
import { useState } from 'react';
import type { ApiError, RequestDetail } from '../../../core/api/contract';
import { LETTER_KINDS, LETTER_LABELS } from '../../../core/documents/letters';
import { call } from '../api';
import { saveFile } from '../download';
import { frDate, frInstant } from '../format';
import { go } from '../router';
import { useCall } from '../useCall';
import { ErrorBanner, Loading } from '../ui';
import '../print.css';

export const FORMAT_LABELS: Record<string, string> = { pdf: 'PDF', docx: 'DOCX', html: 'Imprimé (navigateur)', xlsx: 'XLSX' };

export function RequestDocuments({ request }: { request: RequestDetail }) {
  const [docs] = useCall('documents.list', { requestId: request.id });
  const [error, setError] = useState<ApiError | null>(null);

  async function download(id: string) {
    const r = await call('documents.download', { id });
    if (!r.ok) return setError(r.error);
    setError(null);
    saveFile(r.value);
  }

  return (
    <section aria-labelledby="h-letters">
      <h2 id="h-letters">Courriers</h2>
      <p className="muted">
        {request.acknowledgedOn ? `Accusé de réception envoyé le ${frDate(request.acknowledgedOn)}.` : "Aucun accusé de réception n'a encore été envoyé."} Chaque
        courrier est rempli à partir de la demande, selon le modèle de la convention, et se modifie avant d'être enregistré.
      </p>
      <div className="doc-buttons">
        {LETTER_KINDS.map((kind) => (
          <button key={kind} type="button" className={kind === 'acknowledgement' ? 'primary' : undefined} onClick={() => go(`#/demandes/${request.id}/courrier/${kind}`)}>
            {LETTER_LABELS[kind]}
          </button>
        ))}
      </div>
      <ErrorBanner error={error} />
      {docs.state === 'loading' && <Loading />}
      {docs.state === 'error' && <ErrorBanner error={docs.error} />}
      {docs.state === 'ready' &&
        (docs.value.length === 0 ? (
          <p>Aucun document enregistré pour cette demande.</p>
        ) : (
          <table className="data">
            <caption className="sr-only">Documents enregistrés pour cette demande</caption>
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Format</th>
                <th scope="col">Modèle</th>
                <th scope="col">Enregistré le</th>
                <th scope="col">Fichier</th>
              </tr>
            </thead>
            <tbody>
              {docs.value.map((d) => (
                <tr key={d.id}>
                  <td>{d.title}</td>
                  <td>{FORMAT_LABELS[d.format] ?? d.format}</td>
                  <td>version {d.templateVersion}</td>
                  <td>{frInstant(d.createdAt)}</td>
                  <td>
                    <button type="button" onClick={() => void download(d.id)} aria-label={`Télécharger ${d.title} (${FORMAT_LABELS[d.format] ?? d.format})`}>
                      Télécharger
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
