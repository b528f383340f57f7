import type { RequestDetail } from '../../../core/api/contract';
import {
  CHANNEL_LABELS,
  MEDIUM_LABELS,
  OUTCOME_LABELS,
  PARTY_LABELS,
  REQUESTER_CATEGORY_LABELS,
  RIGHT_LABELS,
  STATUS_LABELS,
} from '../../../core/domain';
import { DeadlineDate, UrgencyBadge, daysLeftText } from '../deadline';
import { frDate, frInstant } from '../format';
import { useCall } from '../useCall';
import { ErrorBanner, Loading, PageTitle } from '../ui';

export function allocationText(a: RequestDetail['allocation']): string {
  if (a.status === 'to-settle') {
    return a.party ? `À arbitrer en réunion (proposée : ${PARTY_LABELS[a.party]})` : 'À arbitrer en réunion';
  }
  return a.party ? PARTY_LABELS[a.party] : '—';
}

const EVENT_LABELS: Record<string, string> = {
  'request.created': 'Demande enregistrée',
};

export function RequestView({ id }: { id: string }) {
  const [detail] = useCall('requests.get', { id });
  if (detail.state === 'loading') return <Loading />;
  if (detail.state === 'error') return <ErrorBanner error={detail.error} />;
  const r = detail.value;
  return (
    <>
      <PageTitle>Demande {r.reference}</PageTitle>
      <p className="status-line">
        <span className="badge badge-status">{STATUS_LABELS[r.status]}</span> reçue le {frDate(r.receivedOn)} ·{' '}
        {r.rights.map((x) => RIGHT_LABELS[x]).join(', ')}
      </p>
      <div className="cards">
        <section className="card" aria-labelledby="h-allocation">
          <h2 id="h-allocation">Répartition</h2>
          <p className="big">{allocationText(r.allocation)}</p>
          <p>
            <span className="muted">Règle :</span> {r.allocation.reason}
          </p>
        </section>
        <section className="card" aria-labelledby="h-deadline">
          <h2 id="h-deadline">Échéance</h2>
          <p className="big">
            <DeadlineDate deadline={r.deadline} /> <UrgencyBadge urgency={r.deadline.urgency} />
          </p>
          <p>{daysLeftText(r.deadline)}</p>
          <p className="muted">Calcul : {r.deadline.explanation}</p>
          {r.deadline.extensionNoticeDue && r.status !== 'extended' && r.deadline.urgency !== 'overdue' && r.deadline.urgency !== 'closed' && (
            <p className="muted">Prolongation possible si la personne en est informée au plus tard le {frDate(r.deadline.extensionNoticeDue)}.</p>
          )}
        </section>
      </div>

      <section aria-labelledby="h-who">
        <h2 id="h-who">Demandeur et personne concernée</h2>
        <dl className="facts">
          <dt>Demandeur</dt>
          <dd>
            {r.requesterName} ({REQUESTER_CATEGORY_LABELS[r.requesterCategory]})
          </dd>
          <dt>Contact</dt>
          <dd>{r.requesterContact || '—'}</dd>
          <dt>Personne concernée</dt>
          <dd>
            {r.subjectName
              ? `${r.subjectName}${r.subjectIsMinor ? ' (mineur)' : ''}${r.subjectRelation ? `, ${r.subjectRelation} : lien avec le demandeur` : ''}`
              : 'Le demandeur lui-même'}
          </dd>
          <dt>École</dt>
          <dd>{r.school ? `${r.school.name} (${r.school.uai})` : 'Non précisée'}</dd>
          {r.moduleName !== null || r.moduleOwner !== null ? (
            <>
              <dt>Module</dt>
              <dd>
                {r.moduleName ?? 'Non nommé'}
                {r.moduleOwner ? `, propre à : ${PARTY_LABELS[r.moduleOwner]}` : ''}
                {r.schoolsScope === 'several' ? ' · plusieurs écoles' : ''}
              </dd>
            </>
          ) : null}
          <dt>Reçue</dt>
          <dd>
            le {frDate(r.receivedOn)}, canal : {CHANNEL_LABELS[r.channel]}, {MEDIUM_LABELS[r.medium].toLowerCase()}
          </dd>
        </dl>
        {r.summary && <p className="summary">{r.summary}</p>}
      </section>

      <section aria-labelledby="h-rights">
        <h2 id="h-rights">Droits exercés</h2>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Droit</th>
              <th scope="col">Suite donnée</th>
              <th scope="col">Réponse le</th>
            </tr>
          </thead>
          <tbody>
            {r.rightsDetail.map((x) => (
              <tr key={x.right}>
                <td>{RIGHT_LABELS[x.right]}</td>
                <td>{x.outcome ? OUTCOME_LABELS[x.outcome] + (x.refusalReason ? ` : ${x.refusalReason}` : '') : 'En attente'}</td>
                <td>{frDate(x.answeredOn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="h-docs">
        <h2 id="h-docs">Pièces justificatives</h2>
        {r.identityDocumentsMissing.length === 0 ? (
          <p>Aucune pièce attendue.</p>
        ) : (
          <ul>
            {r.identityDocumentsMissing.map((d) => (
              <li key={d}>Manquante : {d}</li>
            ))}
          </ul>
        )}
        {r.identityDocumentsReceived.length > 0 && (
          <ul>
            {r.identityDocumentsReceived.map((d) => (
              <li key={d}>Reçue : {d}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="h-history">
        <h2 id="h-history">Historique</h2>
        <p className={r.journal.ok ? 'muted' : 'banner banner-error'} role={r.journal.ok ? undefined : 'alert'}>
          {r.journal.message}
        </p>
        <ol className="timeline">
          {r.events.map((e) => (
            <li key={e.id}>
              <span className="when">{frInstant(e.at)}</span> · {EVENT_LABELS[e.type] ?? e.type} · {e.actor}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
