import { useState } from 'react';
import type { BreachSummary } from '../../../core/api/contract';
import { call } from '../api';
import { Countdown, parisTime, useNow } from '../breach';
import { saveFile } from '../download';
import { go } from '../router';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle, SelectField } from '../ui';
import type { ApiError } from '../../../core/api/contract';

const STATUS = [
  ['open', 'En cours'],
  ['closed', 'Closes'],
  ['all', 'Toutes'],
] as const;

export const cnilText = (b: BreachSummary) =>
  b.securityIncidentOnly ? 'Sans objet' : b.cnilNotifiedAt ? `Notifiée le ${parisTime(b.cnilNotifiedAt)}` : b.cnilDecision === 'not-notify' ? 'Non notifiée (décision motivée)' : b.cnilDecision === 'notify' ? 'À notifier' : 'À décider';

/** The register of breaches (GDPR art. 33(5)): every breach, notified or not; filters in the URL. */
export function BreachList({ query }: { query: URLSearchParams }) {
  const status = (query.get('etat') ?? 'open') as (typeof STATUS)[number][0];
  const q = query.get('q') ?? '';
  const [list] = useCall('breaches.list', { ...(status !== 'all' ? { status } : {}), ...(q ? { q } : {}) });
  const now = useNow();
  const [search, setSearch] = useState(q);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(query);
    if (v) next.set(k, v);
    else next.delete(k);
    go(`#/violations?${next.toString()}`);
  };

  async function exportRegister() {
    const r = await call('breaches.register', status !== 'all' ? { status } : {});
    if (!r.ok) return setFailure(r.error);
    setFailure(null);
    saveFile(r.value);
  }

  return (
    <>
      <PageTitle>Violations de données</PageTitle>
      <p className="lead">Registre des violations (RGPD art. 33(5)) : toutes les violations, notifiées ou non, avec les faits, leurs effets et les mesures prises.</p>
      <div className="actions">
        <a className="button primary" href="#/violations/nouvelle">
          Déclarer une violation
        </a>
        <button type="button" onClick={() => void exportRegister()}>
          Exporter le registre (XLSX)
        </button>
      </div>
      <ErrorBanner error={failure} />
      <form
        className="filters"
        role="search"
        aria-label="Filtrer les violations"
        onSubmit={(e) => {
          e.preventDefault();
          set('q', search.trim());
        }}
      >
        <SelectField label="État" value={status} onChange={(v) => set('etat', v === 'open' ? '' : v)} options={STATUS} />
        <Field label="Recherche" hint="référence, service ou nature">
          {(p) => <input {...p} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />}
        </Field>
        <button type="submit">Rechercher</button>
      </form>
      {list.state === 'loading' ? (
        <Loading />
      ) : list.state === 'error' ? (
        <ErrorBanner error={list.error} />
      ) : list.value.rows.length === 0 ? (
        <p>Aucune violation {status === 'open' ? 'en cours' : status === 'closed' ? 'close' : 'au registre'}.</p>
      ) : (
        <table className="data">
          <caption className="sr-only">Violations de données, les plus urgentes en premier</caption>
          <thead>
            <tr>
              <th scope="col">Référence</th>
              <th scope="col">Connue le</th>
              <th scope="col">Service</th>
              <th scope="col">Échéance la plus urgente</th>
              <th scope="col">CNIL</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {list.value.rows.map((b) => (
              <tr key={b.id}>
                <td>
                  <a href={`#/violations/${b.id}`}>{b.reference}</a>
                </td>
                <td className="nowrap">{parisTime(b.knownAt)}</td>
                <td>{b.service}</td>
                <td>
                  {b.urgent ? (
                    <>
                      {b.urgent.label} : <Countdown deadline={b.urgent} now={now} />
                      {b.urgent.dueAt && <span className="small muted"> (avant le {parisTime(b.urgent.dueAt)})</span>}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{cnilText(b)}</td>
                <td>{b.status === 'open' ? 'En cours' : `Close le ${parisTime(b.closedAt)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
