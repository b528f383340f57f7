import type { Office } from '../../../core/api/contract';
import { PARTIES, PARTY_LABELS, STATUSES, STATUS_LABELS } from '../../../core/domain';
import { useCall } from '../useCall';
import { ErrorBanner, Loading, PageTitle } from '../ui';

export function Dashboard({ office }: { office: Office }) {
  const [stats] = useCall('requests.stats', {});
  if (stats.state === 'loading') return <Loading />;
  if (stats.state === 'error') return <ErrorBanner error={stats.error} />;
  const s = stats.value;
  const count = (party: string | null, status: string) =>
    s.open.find((c) => c.party === party && c.status === status)?.count ?? 0;
  const openStatuses = STATUSES.filter((st) => s.open.some((c) => c.status === st));
  const tiles = [
    { label: 'En retard', value: s.overdue, href: '#/demandes?partie=tous&urgence=overdue', tone: 'overdue' },
    { label: 'Échéance sous 7 jours', value: s.dueSoon, href: '#/demandes?partie=tous&urgence=due-soon', tone: 'due-soon' },
    { label: 'Suspendues (pièces attendues)', value: s.suspended, href: '#/demandes?partie=tous&urgence=suspended', tone: 'suspended' },
    { label: 'À arbitrer en réunion', value: s.toSettle, href: '#/reunions', tone: 'ok' },
  ];
  return (
    <>
      <PageTitle>Tableau de bord</PageTitle>
      <p className="lead">{office.label} · demandes en cours, toutes conventions confondues.</p>
      <ul className="tiles">
        {tiles.map((t) => (
          <li key={t.label} className={`tile tile-${t.tone}`}>
            <a href={t.href}>
              <span className="tile-value">{t.value}</span>
              <span className="tile-label">{t.label}</span>
            </a>
          </li>
        ))}
      </ul>
      <section aria-labelledby="h-open">
        <h2 id="h-open">Demandes en cours par partie et par statut</h2>
        {openStatuses.length === 0 ? (
          <p>Aucune demande en cours.</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Statut</th>
                {PARTIES.map((p) => (
                  <th scope="col" key={p}>
                    {PARTY_LABELS[p]}
                  </th>
                ))}
                <th scope="col">Sans partie proposée</th>
              </tr>
            </thead>
            <tbody>
              {openStatuses.map((st) => (
                <tr key={st}>
                  <th scope="row">{STATUS_LABELS[st]}</th>
                  {PARTIES.map((p) => (
                    <td key={p}>
                      <a href={`#/demandes?partie=${p}&statut=${st}`} aria-label={`${count(p, st)} demandes ${STATUS_LABELS[st].toLowerCase()}, ${PARTY_LABELS[p]}`}>
                        {count(p, st)}
                      </a>
                    </td>
                  ))}
                  <td>{count(null, st)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
