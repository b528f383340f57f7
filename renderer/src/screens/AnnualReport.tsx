// « Rapport annuel » (#/registre/rapport?convention=…&annee=…): the annual report of one
// agreement or of all, for a chosen year (the last full one by default): the figures, the
// month-by-month chart and the breakdowns as the PDF prints them (core/documents/annual-report.ts),
// and the PDF and XLSX to download.
import { useState } from 'react';
import type { AnnualReport as Report } from '../../../core/api/contract';
import { LINE_COLUMNS, breakdowns, daysFr, monthChartSvg, numberFr, reportScope, reportTitle, shareFr, summaryLines } from '../../../core/documents/annual-report';
import { call } from '../api';
import { frDate } from '../format';
import { ErrorBanner, Loading, PageTitle, SelectField } from '../ui';
import { useDownload } from '../useDownload';
import { useCall } from '../useCall';

const ALL = 'toutes';

export function AnnualReport({ query }: { query: URLSearchParams }) {
  const [agreements] = useCall('agreements.list', {});
  const [agreementId, setAgreementId] = useState(query.get('convention') ?? ALL);
  const [year, setYear] = useState(query.get('annee') ?? '');
  const input = { ...(agreementId !== ALL ? { agreementId } : {}), ...(year ? { year: Number(year) } : {}) };
  const [report] = useCall('reports.annual', input);
  const { busy, download: save, banners } = useDownload();
  const download = (format: 'pdf' | 'xlsx') => save(() => call('reports.annualFile', { ...input, format }), 'Rapport annuel téléchargé');

  if (agreements.state === 'loading') return <Loading />;
  if (agreements.state === 'error') return <ErrorBanner error={agreements.error} />;
  const shown = report.state === 'ready' ? report.value : null;
  const years = shown?.years ?? [];
  return (
    <>
      <PageTitle>Rapport annuel</PageTitle>
      <p className="lead">
        Les demandes reçues dans l'année, par droit, par partie, par canal et mois par mois : réponses dans le délai ou en retard (échéance en vigueur de chaque
        demande, prolongation et suspensions comprises), délais de réponse, prolongations et refus avec leurs motifs. Pour le rapport du DPD et la revue conjointe
        de la convention.
      </p>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choix du rapport">
        <SelectField
          label="Convention"
          value={agreementId}
          onChange={(v) => setAgreementId(v || ALL)}
          options={[[ALL, 'Toutes les conventions'], ...agreements.value.map((a) => [a.id, `${a.name} (${a.code})`] as const)]}
        />
        <SelectField
          label="Année"
          value={year || String(shown?.year ?? '')}
          onChange={(v) => setYear(v)}
          options={years.map((y) => [String(y), y === years[0] ? `${y} (en cours)` : String(y)] as const)}
          hint="Par défaut, la dernière année complète."
        />
      </form>
      <div className="actions" role="group" aria-label="Télécharger le rapport annuel">
        <button type="button" disabled={busy || !shown} onClick={() => void download('pdf')}>
          Rapport annuel (PDF)
        </button>
        <button type="button" disabled={busy || !shown} onClick={() => void download('xlsx')}>
          Rapport annuel (XLSX)
        </button>
      </div>
      {banners}
      {report.state === 'loading' && <Loading />}
      {report.state === 'error' && <ErrorBanner error={report.error} />}
      {shown && <Figures report={shown} stale={report.state === 'ready' && report.stale} />}
    </>
  );
}

function Figures({ report, stale }: { report: Report; stale: boolean }) {
  const t = report.totals;
  const [byRight, byParty, byChannel, byMonth] = breakdowns(report);
  return (
    <div className="annual-report" aria-busy={stale}>
      <h2>{reportTitle(report)}</h2>
      <p>{reportScope(report)}</p>
      <ul className="key-figures" aria-label="Chiffres clés">
        <li>
          <strong>{numberFr(t.requests)}</strong> demandes reçues
        </li>
        <li>
          <strong>{shareFr(t.onTime, t.answered)}</strong> des réponses dans le délai
        </li>
        <li>
          <strong>{daysFr(t.medianDays)}</strong> de délai médian
        </li>
      </ul>
      <table className="data summary">
        <caption>Synthèse de l'année</caption>
        <tbody>
          {summaryLines(report).map(([label, value]) => (
            <tr key={label}>
              <th scope="row" className={label.startsWith('dont') ? 'sub' : undefined}>
                {label}
              </th>
              <td className="num">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Mois par mois</h2>
      {/* Built by core/documents/annual-report.ts from numbers and fixed French labels, every text escaped: the chart the PDF prints. */}
      <figure className="chart month-chart-box" dangerouslySetInnerHTML={{ __html: monthChartSvg(report, 'screen-chart') }} />
      {[byMonth!, byRight!, byParty!, byChannel!].map((b, i) => (
        <section key={b.sheet} aria-label={b.title}>
          {i === 1 && <h2>Par droit, par partie, par canal</h2>}
          <table className="data figures">
            <caption>{b.title}</caption>
            <thead>
              <tr>
                <th scope="col">{b.first}</th>
                {LINE_COLUMNS.map((c) => (
                  <th scope="col" key={c.label} className="num">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.lines.map((l) => (
                <tr key={l.key}>
                  <th scope="row">{l.label}</th>
                  {LINE_COLUMNS.map((c) => (
                    <td key={c.label} className="num">
                      {numberFr(c.value(l))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <h2>Refus et leurs motifs</h2>
      {report.refusals.length === 0 ? (
        <p className="muted">Aucun refus cette année.</p>
      ) : (
        <table className="data">
          <caption>Refus, demande par demande</caption>
          <thead>
            <tr>
              <th scope="col">Référence</th>
              <th scope="col">Droit</th>
              <th scope="col">Issue</th>
              <th scope="col">Motif</th>
              <th scope="col">Réponse le</th>
            </tr>
          </thead>
          <tbody>
            {report.refusals.map((x, i) => (
              <tr key={`${x.reference}-${x.right}-${i}`}>
                <td>{x.reference}</td>
                <td>{x.right}</td>
                <td>{x.outcome}</td>
                <td>{x.ground}</td>
                <td>{frDate(x.answeredOn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
