import { useEffect, useState } from 'react';
import type { Office, RequestDetail } from '../../../core/api/contract';
import {
  CHANNEL_LABELS,
  MEDIUM_LABELS,
  OUTCOME_LABELS,
  PARTY_LABELS,
  REQUESTER_CATEGORY_LABELS,
  RIGHT_LABELS,
  STATUS_LABELS,
} from '../../../core/domain';
import { portabilityWarning } from '../../../core/documents/letter-request';
import { DeadlineDate, UrgencyBadge, daysLeftText, handoverText } from '../deadline';
import { EVENT_CONFIRMATIONS, EVENT_LABELS } from '../../../core/events';
import { frDate, frInstant } from '../format';
import { useCall } from '../useCall';
import { ErrorBanner, Loading, PageTitle, useConfirmation } from '../ui';
import { AnswerRight, RequestActions } from './RequestActions';
import { RequestDocuments } from './RequestDocuments';

export function allocationText(a: RequestDetail['allocation']): string {
  if (a.status === 'to-settle') {
    return a.party ? `À arbitrer en réunion (proposée : ${PARTY_LABELS[a.party]})` : 'À arbitrer en réunion';
  }
  return a.party ? PARTY_LABELS[a.party] : '—';
}


/** A short French account of an event's details (reasons, dates, what changed). */
function eventDetails(type: string, data: unknown): string {
  const d = (data ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.summary === 'string' && d.summary) parts.push(d.summary);
  // A summary that already quotes the reason (a meeting's decision) does not repeat it.
  const quoted = (text: string) => typeof d.summary === 'string' && d.summary.includes(text);
  if (typeof d.reason === 'string' && d.reason && !quoted(d.reason)) parts.push(`motif : ${d.reason}`);
  if (typeof d.reasons === 'string' && !quoted(d.reasons)) parts.push(`motifs : ${d.reasons}`);
  if (typeof d.whatAsked === 'string') parts.push(d.whatAsked);
  if (typeof d.by === 'string') parts.push(`par ${d.by}${typeof d.party === 'string' ? ` (${PARTY_LABELS[d.party as 'commune'] ?? d.party})` : ''}`);
  if (d.onBehalf === true && typeof d.evidence === 'string') parts.push(`enregistré en son nom, preuve : ${d.evidence}`);
  if (typeof d.right === 'string') parts.push(RIGHT_LABELS[d.right as 'access'] ?? d.right);
  if (type === 'status.changed' && typeof d.to === 'string') parts.push(`→ ${STATUS_LABELS[d.to as 'closed'] ?? d.to}`);
  if (d.late === true) parts.push('notifiée tardivement');
  const changes = d.changes as Record<string, { before: unknown; after: unknown }> | undefined;
  if (changes?.dueOn && type !== 'request.corrected') parts.push(`échéance : ${frDate(changes.dueOn.before as string | null)} → ${frDate(changes.dueOn.after as string | null)}`);
  if (changes?.allocationParty && type !== 'request.corrected') parts.push(`répartition : ${PARTY_LABELS[changes.allocationParty.after as 'commune'] ?? '—'}`);
  return parts.join(' · ');
}

/** The facts a correction changed, each with its value before and after (core/corrections.ts). */
function Corrections({ data }: { data: unknown }) {
  const lines = (data as { corrections?: { label: string; before: string; after: string }[] } | null)?.corrections;
  if (!lines?.length) return null;
  return (
    <ul className="corrections">
      {lines.map((l) => (
        <li key={l.label}>
          {l.label} : <del>{l.before}</del> → <ins>{l.after}</ins>
        </li>
      ))}
    </ul>
  );
}

/** What core/actions.ts says about the actions not offered: the user sees why, not only an absence. */
const ACTION_NAMES: Partial<Record<keyof RequestDetail['actions'], string>> = {
  claimPreemption: 'Préemption',
  handOver: 'Transmission au co-responsable',
  extend: 'Prolongation du délai',
  answerRight: 'Réponse aux droits',
  askIdentity: "Demande de pièces d'identité",
  processor: "Délais de l'éditeur",
};

function UnavailableActions({ r }: { r: RequestDetail }) {
  const reasons = (Object.keys(ACTION_NAMES) as (keyof RequestDetail['actions'])[])
    .map((name) => ({ name, label: ACTION_NAMES[name]!, check: r.actions[name] }))
    .filter((a) => !a.check.allowed && a.check.reason);
  if (reasons.length === 0) return null;
  return (
    <details className="unavailable">
      <summary>Pourquoi certaines actions ne sont pas proposées</summary>
      <ul>
        {reasons.map((a) => (
          <li key={a.name}>
            <strong>{a.label}</strong> : {a.check.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function RequestView({ id, office }: { id: string; office: Office }) {
  const [loaded] = useCall('requests.get', { id });
  const [info] = useCall('app.info', {});
  const [detail, setDetail] = useState<RequestDetail | null>(null);
  const { message, setMessage, messageRef } = useConfirmation();
  useEffect(() => {
    if (loaded.state !== 'ready') return;
    setDetail(loaded.value);
    // Back from the correction form: say what was recorded, and what was recomputed.
    if (window.location.hash.includes('corrigee=1')) {
      const last = loaded.value.events.at(-1);
      const summary = (last?.data as { summary?: unknown } | undefined)?.summary;
      setMessage(`Correction enregistrée${typeof summary === 'string' && summary ? ` ; ${summary}` : ''}.`);
    }
  }, [loaded, setMessage]);

  if (loaded.state === 'error') return <ErrorBanner error={loaded.error} />;
  if (info.state === 'error') return <ErrorBanner error={info.error} />;
  if (!detail || info.state !== 'ready') return <Loading />;
  const r = detail;
  const today = info.value.today;
  // Says what was recorded (the last event), as a past participle: « Prolongation enregistrée. »
  const onDone = (value: RequestDetail) => {
    setDetail(value);
    const last = value.events.at(-1);
    setMessage(`${last ? EVENT_CONFIRMATIONS[last.type] : 'Enregistrement fait'}.`);
  };

  return (
    <>
      <PageTitle>Demande {r.reference}</PageTitle>
      <p className="status-line">
        <span className="badge badge-status">{STATUS_LABELS[r.status]}</span> reçue le {frDate(r.receivedOn)} ·{' '}
        {r.rights.map((x) => RIGHT_LABELS[x]).join(', ')}
        {r.handover && ` · ${handoverText(r.handover, r.allocation.party === office.party)}`}
      </p>
      {r.anonymisedOn && (
        <p className="banner banner-warning" role="note">
          Demande anonymisée le {frDate(r.anonymisedOn)} : sa durée de conservation était écoulée. Les noms, coordonnées, résumé, notes et courriers ont été
          effacés ; ses dates, droits, suites données, partie, canal, école et statut restent pour les statistiques. Elle ne peut plus être modifiée.
        </p>
      )}
      {r.status === 'cancelled' && (
        <p className="banner banner-warning" role="note">
          Demande annulée (saisie par erreur) : elle n'apparaît plus dans les listes, les statistiques ni l'ordre du jour ; elle reste consultable ici
          avec son historique.
        </p>
      )}
      {r.actions.correct.allowed && (
        <p>
          <a className="button" href={`#/demandes/${r.id}/corriger`}>
            Corriger la saisie
          </a>
        </p>
      )}
      {r.extensionDecided && (
        <p className="banner banner-warning task" role="note">
          Prolongation décidée en réunion du {frDate(r.extensionDecided.meetingDate)} : à enregistrer et notifier
          {r.extensionDecided.reasons ? ` (motifs : ${r.extensionDecided.reasons.trim().replace(/\.$/, '')})` : ''}
          {r.deadline.extensionNoticeDue ? ` ; la personne doit en être informée au plus tard le ${frDate(r.deadline.extensionNoticeDue)}` : ''}.
        </p>
      )}
      {message && (
        <p className="banner banner-ok" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </p>
      )}
      <div className="cards">
        <section className="card" aria-labelledby="h-allocation">
          <h2 id="h-allocation">Répartition</h2>
          <p className="big">{allocationText(r.allocation)}</p>
          <p>
            <span className="muted">Règle :</span> {r.allocation.reason}
          </p>
          {r.pendingDecision && (
            <div className="banner banner-warning">
              <p>
                {r.pendingDecision.kind === 'preemption' ? 'Préemption' : 'Arbitrage'} en attente : répondrait{' '}
                <strong>{PARTY_LABELS[r.pendingDecision.party]}</strong> ({r.pendingDecision.reason}), demandé par {r.pendingDecision.by} le{' '}
                {frInstant(r.pendingDecision.at)}.
              </p>
              <p>
                {r.pendingDecision.validations.map((v) => `Validé par ${PARTY_LABELS[v.party]} (${v.by}, le ${frInstant(v.at)}). `).join('')}
                Validation attendue : {r.pendingDecision.missing.map((p) => PARTY_LABELS[p]).join(' et ')}.
              </p>
            </div>
          )}
          {r.allocationHistory.length > 0 && (
            <p className="muted">
              Répartition initiale :{' '}
              {r.allocationHistory.map((h) => `${h.party ? PARTY_LABELS[h.party] : 'aucune partie'} (${h.status === 'to-settle' ? 'à arbitrer' : h.reason})`).join(' ; ')}
            </p>
          )}
        </section>
        <section className="card" aria-labelledby="h-deadline">
          <h2 id="h-deadline">Échéance</h2>
          <p className="big">
            <DeadlineDate deadline={r.deadline} /> <UrgencyBadge urgency={r.deadline.urgency} status={r.status} />
          </p>
          <p>{daysLeftText(r.deadline)}</p>
          <p className="muted">Calcul : {r.deadline.explanation}</p>
          {r.extension && (
            <p>
              Prolongée (motifs : {r.extension.reasons}) ; personne informée le {frDate(r.extension.notifiedOn)}
              {r.extension.late && <strong> : information tardive (après le {frDate(r.deadline.extensionNoticeDue)})</strong>}.
            </p>
          )}
          {!r.extension && r.deadline.extensionNoticeDue && !['overdue', 'closed', 'suspended'].includes(r.deadline.urgency) && (
            <p className="muted">Une prolongation doit être notifiée à la personne au plus tard le {frDate(r.deadline.extensionNoticeDue)}.</p>
          )}
          {r.extension?.late && (
            <p className="warning" role="note">
              Prolongation notifiée hors délai : elle ne prolonge pas l'échéance, qui reste le {frDate(r.deadline.responseDeadline)} (RGPD art. 12(3)).
            </p>
          )}
          {r.processor?.receivedOn && (
            <p className={r.processor.forwardLate ? 'warning' : 'muted'}>
              Reçue par l'éditeur de l'ENT le {frDate(r.processor.receivedOn)} : à transmettre au plus tard le {frDate(r.processor.forwardBy)}.{' '}
              {r.processor.forwardedOn
                ? `Transmise le ${frDate(r.processor.forwardedOn)}${r.processor.forwardLate ? ', en retard' : ''}.`
                : r.processor.forwardLate
                  ? 'Transmission en retard.'
                  : ''}{' '}
              {r.processor.forwardExplanation}
            </p>
          )}
          {r.processor?.deletionInstructedOn && (
            <p className={r.processor.deletionLate ? 'warning' : 'muted'}>
              Effacement demandé à l'éditeur le {frDate(r.processor.deletionInstructedOn)} : à faire au plus tard le {frDate(r.processor.deleteBy)}.{' '}
              {r.processor.deletionNote}{' '}
              {r.processor.deletedOn
                ? `Effacé le ${frDate(r.processor.deletedOn)}${r.processor.deletionLate ? ', en retard' : ''} ; attestation : ${r.processor.deletionCertificate ?? 'non reçue'}.`
                : r.processor.deletionLate
                  ? 'Effacement en retard.'
                  : ''}{' '}
              {r.processor.deletionExplanation}
            </p>
          )}
        </section>
      </div>

      {/* A new action starts: the confirmation of the previous one goes away. */}
      {!r.anonymisedOn && (
        <section aria-labelledby="h-actions" onClickCapture={() => setMessage(null)}>
          <h2 id="h-actions">Actions</h2>
          <RequestActions key={r.events.length} r={r} office={office} today={today} onDone={onDone} />
          <UnavailableActions r={r} />
        </section>
      )}

      <section aria-labelledby="h-rights" onClickCapture={() => setMessage(null)}>
        <h2 id="h-rights">Droits exercés</h2>
        {portabilityWarning(r.rights) && <p className="banner banner-warning">{portabilityWarning(r.rights)}</p>}
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Droit</th>
              <th scope="col">Suite donnée</th>
              <th scope="col">Réponse le</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {r.rightsDetail.map((x) => (
              <tr key={x.right}>
                <td>{RIGHT_LABELS[x.right]}</td>
                <td>{x.outcome ? OUTCOME_LABELS[x.outcome] + (x.refusalReason ? ` : ${x.refusalReason}` : '') : 'En attente'}</td>
                <td>{frDate(x.answeredOn)}</td>
                <td>
                  {r.actions.answerRight.allowed && (
                    <AnswerRight key={`${x.right}-${r.events.length}`} r={r} right={x.right} today={today} onDone={onDone} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="h-who">
        <h2 id="h-who">Demandeur et personne concernée</h2>
        <dl className="facts">
          <dt>Demandeur</dt>
          <dd>
            {r.anonymisedOn ? 'anonymisé' : r.requesterName} ({REQUESTER_CATEGORY_LABELS[r.requesterCategory]})
          </dd>
          <dt>Contact</dt>
          <dd>{r.requesterContact || '—'}</dd>
          <dt>Personne concernée</dt>
          <dd>
            {r.anonymisedOn
              ? 'anonymisée'
              : r.subjectName
              ? `${r.subjectName}${r.subjectIsMinor ? ' (mineur)' : ''}${r.subjectRelation ? ` ; demandeur : ${r.subjectRelation}` : ''}`
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
                {r.moduleOffList && (
                  <>
                    {' '}
                    <span className="badge badge-due-soon" title="Ce module ne figure pas dans la liste des modules de la convention">
                      module hors liste
                    </span>
                  </>
                )}
              </dd>
            </>
          ) : null}
          <dt>Reçue</dt>
          <dd>
            le {frDate(r.receivedOn)}, canal : {CHANNEL_LABELS[r.channel]}, {MEDIUM_LABELS[r.medium].toLowerCase()}
          </dd>
          <dt>Fichier des données</dt>
          <dd>
            {r.dataFile.requestedOn ? `demandé le ${frDate(r.dataFile.requestedOn)}` : 'non demandé'}
            {r.dataFile.receivedOn ? `, reçu le ${frDate(r.dataFile.receivedOn)}` : ''}
          </dd>
        </dl>
        {r.summary && <p className="summary">{r.summary}</p>}
        {r.attachments.length > 0 && (
          <>
            <h3>Pièces jointes</h3>
            <ul>
              {r.attachments.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="h-docs">
        <h2 id="h-docs">Pièces justificatives</h2>
        {r.identityDocumentsMissing.length === 0 && r.identityDocumentsReceived.length === 0 && <p>Aucune pièce demandée.</p>}
        <ul>
          {r.identityDocumentsMissing.map((d) => (
            <li key={`m-${d}`}>Manquante : {d}</li>
          ))}
          {r.identityDocumentsReceived.map((d) => (
            <li key={`r-${d}`}>Reçue : {d}</li>
          ))}
        </ul>
        {r.suspensions.length > 0 && (
          <table className="data">
            <caption>Demandes de pièces et de précisions</caption>
            <thead>
              <tr>
                <th scope="col">Demandé le</th>
                <th scope="col">Nature</th>
                <th scope="col">Objet</th>
                <th scope="col">Reçu le</th>
                <th scope="col">Jours d'attente</th>
              </tr>
            </thead>
            <tbody>
              {r.suspensions.map((s) => (
                <tr key={s.id}>
                  <td>{frDate(s.sentOn)}</td>
                  {/* Only an identity request suspends the deadline (GDPR art. 12(6), decree 2019-536). */}
                  <td>{s.kind === 'identity' ? "Pièces d'identité (délai suspendu)" : 'Précisions (délai non suspendu)'}</td>
                  <td className="pre">{s.whatAsked}</td>
                  <td>{s.receivedOn ? frDate(s.receivedOn) : 'en attente'}</td>
                  <td>{s.days}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {!r.anonymisedOn && <RequestDocuments request={r} />}
      <section aria-labelledby="h-history">
        <h2 id="h-history">Historique</h2>
        <p className={r.journal.ok ? 'muted' : 'banner banner-error'} role={r.journal.ok ? undefined : 'alert'}>
          {r.journal.message}
        </p>
        <ol className="timeline">
          {r.events.map((e) => (
            <li key={e.id}>
              <span className="when">{frInstant(e.at)}</span> · {EVENT_LABELS[e.type]} · {e.actor}
              {e.author === 'other' && <span className="other-office"> (autre office)</span>}
              {eventDetails(e.type, e.data) && <span className="muted"> · {eventDetails(e.type, e.data)}</span>}
              <Corrections data={e.data} />
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
