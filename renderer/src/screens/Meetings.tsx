import type { RequestListInput } from '../../../core/api/contract';
import { RIGHT_LABELS } from '../../../core/domain';
import { DeadlineDate, UrgencyBadge } from '../deadline';
import { frDate } from '../format';
import { useCall } from '../useCall';
import { ErrorBanner, Loading, PageTitle } from '../ui';
import { allocationText } from './RequestView';

/** One section of what the next monthly DPD meeting reviews (seed 000 annex 1, 3.2.1). */
function Section({ title, input, empty }: { title: string; input: RequestListInput; empty: string }) {
  const [list] = useCall('requests.list', { ...input, limit: 200 });
  const id = `h-${title.replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {list.state === 'loading' && <Loading />}
      {list.state === 'error' && <ErrorBanner error={list.error} />}
      {list.state === 'ready' &&
        (list.value.rows.length === 0 ? (
          <p className="muted">{empty}</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Référence</th>
                <th scope="col">Reçue le</th>
                <th scope="col">Droits</th>
                <th scope="col">Répartition</th>
                <th scope="col">Motif</th>
                <th scope="col">Échéance</th>
              </tr>
            </thead>
            <tbody>
              {list.value.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <a href={`#/demandes/${r.id}`}>{r.reference}</a>
                  </td>
                  <td>{frDate(r.receivedOn)}</td>
                  <td>{r.rights.map((x) => RIGHT_LABELS[x]).join(', ')}</td>
                  <td>{allocationText(r.allocation)}</td>
                  <td>{r.allocation.reason}</td>
                  <td className="nowrap">
                    <DeadlineDate deadline={r.deadline} /> <UrgencyBadge urgency={r.deadline.urgency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}

export function Meetings() {
  const [info] = useCall('app.info', {});
  if (info.state === 'loading') return <Loading />;
  if (info.state === 'error') return <ErrorBanner error={info.error} />;
  return (
    <>
      <PageTitle>Réunions</PageTitle>
      <p className="lead">
        Point mensuel des DPD : assurer la fluidité du processus et le respect des délais, faire l'état des lieux des
        demandes en cours, répartir les réponses (convention, annexe 1, § 3.2.1). Situation au {frDate(info.value.today)}.
      </p>
      <Section title="Répartitions à arbitrer" input={{ allocationStatus: 'to-settle', openOnly: true, sort: 'receivedOn' }} empty="Aucune répartition à arbitrer." />
      <Section title="Demandes en retard" input={{ urgency: 'overdue', sort: 'dueOn' }} empty="Aucune demande en retard." />
      <Section title="Échéances sous 7 jours" input={{ urgency: 'due-soon', sort: 'dueOn' }} empty="Aucune échéance dans les 7 prochains jours." />
    </>
  );
}
