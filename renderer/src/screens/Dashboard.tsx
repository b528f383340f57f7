import type { Office } from '../../../core/api/contract';
import { PARTIES, PARTY_LABELS, STATUSES, STATUS_LABELS } from '../../../core/domain';
import { format, parseISO } from 'date-fns';
import { fr } from 'date-fns/locale/fr';
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
      <section aria-labelledby="h-months">
        <h2 id="h-months">Demandes reçues sur douze mois</h2>
        <MonthChart months={s.receivedByMonth} />
        <p>
          {s.medianAnswerDays === null
            ? 'Aucune demande répondue pour l’instant : pas de délai médian de réponse.'
            : `Délai médian de réponse : ${String(s.medianAnswerDays).replace('.', ',')} jour${s.medianAnswerDays > 1 ? 's' : ''} (sur ${s.answeredCount} demande${s.answeredCount > 1 ? 's' : ''} répondue${s.answeredCount > 1 ? 's' : ''}).`}
        </p>
      </section>
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

const monthLabel = (month: string) => format(parseISO(`${month}-01`), 'LLLL yyyy', { locale: fr });
const shortMonth = (month: string) => format(parseISO(`${month}-01`), 'LLL', { locale: fr });

/** Bars per month; the figures are also in the image's accessible name and in each bar's title. */
function MonthChart({ months }: { months: { month: string; count: number }[] }) {
  const max = Math.max(1, ...months.map((m) => m.count));
  const width = 720;
  const height = 180;
  const top = 20; // room for the value above the tallest bar
  const bar = width / months.length;
  const label = `Demandes reçues par mois : ${months.map((m) => `${monthLabel(m.month)} : ${m.count}`).join(', ')}.`;
  return (
    <svg className="chart" viewBox={`0 ${-top} ${width} ${height + 36 + top}`} role="img" aria-label={label}>
      {months.map((m, i) => {
        const h = Math.round((m.count / max) * height);
        return (
          <g key={m.month}>
            <title>{`${monthLabel(m.month)} : ${m.count}`}</title>
            <rect x={i * bar + 8} y={height - h} width={bar - 16} height={h} className="chart-bar" />
            <text x={i * bar + bar / 2} y={height - h - 4} textAnchor="middle" className="chart-value">
              {m.count}
            </text>
            <text x={i * bar + bar / 2} y={height + 22} textAnchor="middle" className="chart-label">
              {shortMonth(m.month)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
