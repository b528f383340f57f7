import type { CallOutput, Office } from '../../../core/api/contract';
import { PARTIES, PARTY_LABELS, STATUSES, STATUS_LABELS } from '../../../core/domain';
import { format, parseISO } from 'date-fns';
import { fr } from 'date-fns/locale/fr';
import { useCall } from '../useCall';
import { ErrorBanner, Loading, PageTitle } from '../ui';
import { Countdown, parisTime, useNow } from '../breach';

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
      <OpenBreaches />
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
      {s.byAgreement.length > 1 && <ByAgreement rows={s.byAgreement} />}
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

type AgreementFigures = CallOutput<'requests.stats'>['byAgreement'][number];

/** One row per agreement: its open requests and what needs attention, each a link to the list filtered on it. */
function ByAgreement({ rows }: { rows: AgreementFigures[] }) {
  const columns: { key: keyof Omit<AgreementFigures, 'agreementId' | 'name'>; label: string; filter: string }[] = [
    { key: 'open', label: 'En cours', filter: '' },
    { key: 'overdue', label: 'En retard', filter: '&urgence=overdue' },
    { key: 'dueSoon', label: 'Échéance sous 7 jours', filter: '&urgence=due-soon' },
    { key: 'suspended', label: 'Suspendues', filter: '&urgence=suspended' },
    { key: 'toSettle', label: 'À arbitrer', filter: '&ouvertes=1&arbitrage=to-settle' },
  ];
  return (
    <section aria-labelledby="h-agreements">
      <h2 id="h-agreements">Demandes en cours par convention</h2>
      <table className="data" aria-labelledby="h-agreements">
        <thead>
          <tr>
            <th scope="col">Convention</th>
            {columns.map((c) => (
              <th scope="col" key={c.key}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.agreementId}>
              <th scope="row">{r.name}</th>
              {columns.map((c) => (
                <td key={c.key}>
                  <a href={`#/demandes?partie=tous&convention=${encodeURIComponent(r.agreementId)}${c.filter}`} aria-label={`${r[c.key]} : ${c.label.toLowerCase()}, ${r.name}`}>
                    {r[c.key]}
                  </a>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
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

/**
 * Open personal-data breaches come first, above everything else: each with its most urgent
 * deadline counting down in hours (the breach register, core/breaches/countdowns.ts).
 */
function OpenBreaches() {
  const [open] = useCall('breaches.list', { status: 'open' });
  const now = useNow();
  if (open.state === 'loading') return null;
  if (open.state === 'error') return <ErrorBanner error={open.error} />;
  if (open.value.rows.length === 0) return null;
  const rows = open.value.rows;
  return (
    <section className="breach-alert" aria-labelledby="h-breaches">
      <h2 id="h-breaches">
        {rows.length === 1 ? 'Violation de données en cours' : `${rows.length} violations de données en cours`}
      </h2>
      <ul>
        {rows.map((b) => (
          <li key={b.id}>
            <a href={`#/violations/${b.id}`}>{b.reference}</a> · {b.service} · connue le {parisTime(b.knownAt)}
            {b.urgent ? (
              <>
                {' '}
                · {b.urgent.label}
                {b.urgent.dueAt ? ` avant le ${parisTime(b.urgent.dueAt)}` : ''} : <Countdown deadline={b.urgent} now={now} />
              </>
            ) : (
              ' · aucune échéance en heures en attente'
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
