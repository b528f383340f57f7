import { useEffect, useState } from 'react';
import type { ApiError, BreachDetail, CallInput } from '../../../core/api/contract';
import { DISCOVERER_LABELS, ORIGIN_LABELS } from '../../../core/breaches/rules';
import { BREACH_EVENT_CONFIRMATIONS } from '../../../core/breaches/events';
import { PARTIES, PARTY_LABELS, type Party } from '../../../core/domain';
import { ActionForm } from '../ActionForm';
import { call } from '../api';
import { Countdown, DateTimeField, asLocal, parisNowValue, parisTime, useNow } from '../breach';
import { saveFile } from '../download';
import { lines } from '../format';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle, SelectField, useConfirmation } from '../ui';
import { cnilText } from './BreachList';

const approx = (n: number | null) => (n === null ? 'inconnu' : `environ ${n.toLocaleString('fr-FR')}`);

/** One breach: live countdowns, what to do next, facts, documents, copy for the CNIL form, timeline. */
export function BreachView({ id }: { id: string }) {
  const [loaded] = useCall('breaches.get', { id });
  const [office] = useCall('office.get', {});
  const [detail, setDetail] = useState<BreachDetail | null>(null);
  const { message, setMessage, messageRef } = useConfirmation();
  const now = useNow();
  useEffect(() => {
    if (loaded.state === 'ready') setDetail(loaded.value);
  }, [loaded]);

  if (loaded.state === 'error') return <ErrorBanner error={loaded.error} />;
  if (!detail || office.state !== 'ready') return <Loading />;
  const b = detail;
  const self = office.value?.party ?? null;
  // Says what was recorded (the step just added to the journal), not the button's verb.
  const onDone = (value: BreachDetail) => {
    setDetail(value);
    const last = value.events.at(-1);
    setMessage(`${last ? BREACH_EVENT_CONFIRMATIONS[last.type] : 'Enregistrement fait'}.`);
  };

  return (
    <>
      <PageTitle>Violation {b.reference}</PageTitle>
      <p className="status-line">
        <span className="badge badge-status">{b.status === 'open' ? 'En cours' : `Close le ${parisTime(b.closedAt)}`}</span> connue le {parisTime(b.knownAt)} · {b.service}
      </p>
      {message && (
        <p className="banner banner-ok" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </p>
      )}
      {!b.journal.ok && (
        <p className="banner banner-error" role="alert">
          Historique altéré : {b.journal.message}
        </p>
      )}

      <section aria-labelledby="h-deadlines">
        <h2 id="h-deadlines">Échéances</h2>
        <p className="muted small">Heures de Paris, décomptées en heures réelles (y compris lors d’un changement d’heure). {b.rulesSource}.</p>
        <table className="data deadlines">
          <thead>
            <tr>
              <th scope="col">Ce qui est dû</th>
              <th scope="col">À qui</th>
              <th scope="col">Avant le</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {b.deadlines.map((d) => (
              <tr key={d.kind}>
                <th scope="row">
                  {d.label}
                  <span className="small muted block">{d.clause}</span>
                </th>
                <td>{d.to}</td>
                <td className="nowrap">{d.dueAt ? parisTime(d.dueAt) : d.hours === null ? 'sans délai excessif' : '—'}</td>
                <td>
                  <Countdown deadline={d} now={now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="h-chain">
        <h2 id="h-chain">Qui alerter</h2>
        <ul>
          {b.alertChain.map((c) => (
            <li key={c.label}>
              {c.label}
              {c.email && (
                <>
                  {' '}
                  : <a href={`mailto:${c.email}`}>{c.email}</a>
                </>
              )}{' '}
              <span className="small muted">({c.clause})</span>
            </li>
          ))}
        </ul>
        {b.notifiedAt && (
          <p>
            Notifiés le {parisTime(b.notifiedAt)} : {b.notifiedTo.join(', ')}.
          </p>
        )}
      </section>

      {b.status === 'open' && (
        <section aria-labelledby="h-actions">
          <h2 id="h-actions">Étapes</h2>
          <BreachActions b={b} self={self} onDone={onDone} />
        </section>
      )}

      <section aria-labelledby="h-decision">
        <h2 id="h-decision">Décision et notification</h2>
        <dl className="facts">
          <dt>CNIL</dt>
          <dd>{cnilText(b)}</dd>
          {b.decision && (
            <>
              <dt>{b.decision.crisisCell ? 'Cellule de crise' : 'Décision'}</dt>
              <dd>
                le {parisTime(b.decision.at)} : {b.decision.decision === 'notify' ? 'notifier la CNIL' : 'ne pas notifier la CNIL'}
                {b.decision.participants && ` (${b.decision.participants})`}
              </dd>
              <dt>Argumentation</dt>
              <dd className="pre">{b.decision.reasons}</dd>
            </>
          )}
          <dt>Partie qui notifie</dt>
          <dd>
            {b.notifyingParty
              ? `${PARTY_LABELS[b.notifyingParty.party]}${b.notifyingParty.missing.length ? ` · confirmation attendue : ${b.notifyingParty.missing.map((p) => PARTY_LABELS[p]).join(' et ')}` : ' · confirmée par les deux parties'}`
              : b.proposedNotifyingParty.party
                ? `Proposée : ${PARTY_LABELS[b.proposedNotifyingParty.party]}`
                : 'À choisir (origine inconnue)'}
            <span className="small muted block">{b.notifyingParty?.clause ?? b.proposedNotifyingParty.clause}</span>
          </dd>
          {b.cnilNotification && (
            <>
              <dt>Notification CNIL</dt>
              <dd>
                le {parisTime(b.cnilNotification.at)}, référence {b.cnilNotification.reference}
              </dd>
            </>
          )}
          <dt>Personnes informées</dt>
          <dd>{b.personsCommunication ? `le ${parisTime(b.personsCommunication.at)} : ${b.personsCommunication.who} (${b.personsCommunication.how})` : b.highRisk ? 'pas encore (risque élevé : sans délai excessif)' : 'non requis (pas de risque élevé)'}</dd>
          {b.closureNote && (
            <>
              <dt>Clôture</dt>
              <dd>{b.closureNote}</dd>
            </>
          )}
        </dl>
      </section>

      <section aria-labelledby="h-facts">
        <h2 id="h-facts">Formulaire de déclaration (version {b.formVersions})</h2>
        <dl className="facts">
          <dt>Service concerné</dt>
          <dd>{b.service}</dd>
          <dt>Hébergement</dt>
          <dd>{b.hosting || 'non renseigné'}</dd>
          <dt>Début · fin</dt>
          <dd>
            {parisTime(b.startedAt)} · {b.endedAt ? parisTime(b.endedAt) : 'en cours'}
          </dd>
          <dt>Connue le</dt>
          <dd>
            {parisTime(b.knownAt)} : {b.knownHow}
          </dd>
          <dt>Découverte par</dt>
          <dd>{[DISCOVERER_LABELS[b.discoveredBy], b.discovererName].filter(Boolean).join(' : ')}</dd>
          <dt>Origine</dt>
          <dd>{ORIGIN_LABELS[b.origin]}</dd>
          <dt>Nature</dt>
          <dd className="pre">{b.nature}</dd>
          <dt>Données</dt>
          <dd>
            {b.dataCategories} ({approx(b.recordsCount)} enregistrements)
          </dd>
          <dt>Personnes</dt>
          <dd>
            {b.personCategories} ({approx(b.personsCount)})
          </dd>
          <dt>Conséquences probables</dt>
          <dd className="pre">{b.consequences || 'non renseignées'}</dd>
          <dt>Mesures</dt>
          <dd className="pre">{b.measures || 'non renseignées'}</dd>
          <dt>Risque élevé</dt>
          <dd>{b.highRisk ? 'oui' : 'non'}</dd>
          <dt>Incident de sécurité</dt>
          <dd>{b.securityIncidentOnly ? 'oui, sans données personnelles' : b.securityIncident ? 'oui' : 'non'}</dd>
        </dl>
      </section>

      <BreachDocuments b={b} onProduced={(value) => setDetail(value)} />

      <section aria-labelledby="h-cnil-copy">
        <h2 id="h-cnil-copy">Copie pour le formulaire de la CNIL</h2>
        <p className="muted small">Les informations que demande la notification en ligne de la CNIL, dans son ordre (RGPD art. 33(3)).</p>
        {b.cnilCopy.map((s) => (
          <div key={s.section}>
            <h3>{s.section}</h3>
            <dl className="facts">
              {s.lines.map((l) => (
                <div key={l.label} className="contents">
                  <dt>{l.label}</dt>
                  <dd className="pre">{l.value}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </section>

      <section aria-labelledby="h-history">
        <h2 id="h-history">Historique</h2>
        <p className={b.journal.ok ? 'muted small' : 'banner banner-error'}>{b.journal.message}</p>
        <ol className="timeline">
          {b.events.map((e) => (
            <li key={e.id}>
              <span className="when">{parisTime(e.at)}</span> · <strong>{e.label}</strong> · {e.actor}
              {e.author === 'other' && <span className="other-office"> (autre office)</span>}
              {e.summary && <p className="small">{e.summary}</p>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

type Done = (value: BreachDetail) => void;

/** The steps still open, each a small form (the service refuses, in French, what is not possible now). */
function BreachActions({ b, self, onDone }: { b: BreachDetail; self: Party | null; onDone: Done }) {
  const [at, setAt] = useState(parisNowValue);
  const [recipients, setRecipients] = useState(() => b.alertChain.map((c) => c.email || c.label).join('\n'));
  const [summary, setSummary] = useState('');
  const [personsCount, setPersonsCount] = useState(b.personsCount === null ? '' : String(b.personsCount));
  const [measures, setMeasures] = useState(b.measures);
  const [highRisk, setHighRisk] = useState(b.highRisk);
  const [decision, setDecision] = useState<'notify' | 'not-notify' | ''>('');
  const [reasons, setReasons] = useState('');
  const [participants, setParticipants] = useState('');
  const [notifyingParty, setNotifyingParty] = useState<Party | ''>('');
  const [confirmParty, setConfirmParty] = useState<Party | ''>(self ?? '');
  const [by, setBy] = useState('');
  const [evidence, setEvidence] = useState('');
  const [reference, setReference] = useState('');
  const [who, setWho] = useState('');
  const [how, setHow] = useState('');
  const [note, setNote] = useState('');

  const when = (label: string, fields: Record<string, string>) => <DateTimeField label={label} value={at} onChange={setAt} error={fields.at} />;
  const run = <N extends Parameters<typeof call>[0]>(name: N, input: CallInput<N>) => call(name, input) as Promise<{ ok: true; value: BreachDetail } | { ok: false; error: ApiError }>;
  const area = (label: string, value: string, set: (v: string) => void, error: string | undefined, hint?: string) => (
    <Field label={label} error={error} hint={hint}>
      {(p) => <textarea {...p} rows={3} value={value} onChange={(e) => set(e.target.value)} />}
    </Field>
  );
  const input = (label: string, value: string, set: (v: string) => void, error: string | undefined, hint?: string) => (
    <Field label={label} error={error} hint={hint}>
      {(p) => <input {...p} value={value} onChange={(e) => set(e.target.value)} autoComplete="off" />}
    </Field>
  );

  return (
    <div className="actions">
      {!b.notifiedAt && (
        <ActionForm label="Notifier les DPD et RSSI" submitLabel="Enregistrer la notification" tone="primary" onSubmit={() => run('breaches.notify', { id: b.id, at: asLocal(at), recipients: lines(recipients) })} onDone={onDone}>
          {(f) => (
            <>
              {when('Formulaire envoyé le', f)}
              {area('Destinataires', recipients, setRecipients, f.recipients, 'un par ligne (annexe 1 art. 4.1 : le DPD et le RSSI de chaque partie)')}
            </>
          )}
        </ActionForm>
      )}
      {b.notifiedAt && (
        <ActionForm
          label="Envoyer une mise à jour (24 h)"
          submitLabel="Enregistrer la mise à jour"
          onSubmit={() =>
            run('breaches.update', {
              id: b.id,
              at: asLocal(at),
              summary,
              personsCount: personsCount.trim() === '' ? null : Number(personsCount),
              measures,
              highRisk,
            })
          }
          onDone={onDone}
        >
          {(f) => (
            <>
              {when('Mise à jour envoyée le', f)}
              {area('Ce qui a changé', summary, setSummary, f.summary)}
              {input('Nombre approximatif de personnes', personsCount, setPersonsCount, f.personsCount, 'vide si inconnu')}
              {area('Mesures de sécurité prises ou envisagées', measures, setMeasures, f.measures)}
              <label className="choice">
                <input type="checkbox" checked={highRisk} onChange={(e) => setHighRisk(e.target.checked)} />
                Risque élevé pour les personnes
              </label>
            </>
          )}
        </ActionForm>
      )}
      {!b.decision && !b.securityIncidentOnly && (
        <ActionForm
          label={b.crisisCell ? 'Décision de la cellule de crise' : 'Décision sur la notification à la CNIL'}
          submitLabel="Enregistrer la décision"
          onSubmit={() =>
            run('breaches.decideCnil', {
              id: b.id,
              at: asLocal(at),
              decision: decision || ('' as never),
              reasons,
              participants,
              notifyingParty: notifyingParty || null,
            })
          }
          onDone={onDone}
        >
          {(f) => (
            <>
              {when('Décision prise le', f)}
              <SelectField
                label="Décision"
                value={decision}
                onChange={setDecision}
                options={[
                  ['notify', 'Notifier la CNIL (violation qualifiée)'],
                  ['not-notify', 'Ne pas notifier la CNIL'],
                ]}
                empty="Choisir…"
                error={f.decision}
              />
              {area('Argumentation', reasons, setReasons, f.reasons, 'conservée au registre des violations de chaque DPD (annexe 1 art. 4.2.1)')}
              {input('Participants', participants, setParticipants, f.participants)}
              <SelectField
                label="Partie qui notifie"
                value={notifyingParty}
                onChange={setNotifyingParty}
                options={PARTIES.map((p) => [p, PARTY_LABELS[p]] as const)}
                empty={b.proposedNotifyingParty.party ? `Celle proposée : ${PARTY_LABELS[b.proposedNotifyingParty.party]}` : 'Choisir…'}
                error={f.notifyingParty}
                hint={b.proposedNotifyingParty.clause}
              />
            </>
          )}
        </ActionForm>
      )}
      {b.notifyingParty && b.notifyingParty.missing.length > 0 && (
        <ActionForm
          label="Confirmer la partie qui notifie"
          submitLabel="Enregistrer la confirmation"
          onSubmit={() => run('breaches.confirmNotifyingParty', { id: b.id, party: confirmParty || ('' as never), by, evidence: confirmParty !== self && evidence ? evidence : null })}
          onDone={onDone}
        >
          {(f) => (
            <>
              <SelectField label="Partie qui confirme" value={confirmParty} onChange={setConfirmParty} options={b.notifyingParty!.missing.map((p) => [p, PARTY_LABELS[p]] as const)} empty="Choisir…" error={f.party} />
              {input('Qui confirme', by, setBy, f.by)}
              {confirmParty && confirmParty !== self && input('Preuve de la confirmation', evidence, setEvidence, f.evidence, 'l’autre partie confirme depuis son office : courriel, compte rendu…')}
            </>
          )}
        </ActionForm>
      )}
      {b.decision?.decision === 'notify' && !b.cnilNotification && (
        <ActionForm label="Notification à la CNIL faite" submitLabel="Enregistrer" tone="primary" onSubmit={() => run('breaches.notifyCnil', { id: b.id, at: asLocal(at), reference })} onDone={onDone}>
          {(f) => (
            <>
              {when('Notifiée le', f)}
              {input('Référence de la notification CNIL', reference, setReference, f.reference)}
            </>
          )}
        </ActionForm>
      )}
      {!b.personsCommunication && !b.securityIncidentOnly && (
        <ActionForm label="Personnes informées" submitLabel="Enregistrer" onSubmit={() => run('breaches.informPersons', { id: b.id, at: asLocal(at), who, how })} onDone={onDone}>
          {(f) => (
            <>
              {when('Informées le', f)}
              {input('Personnes informées', who, setWho, f.who, 'ex. : les 75 familles des classes concernées')}
              {input('Moyen', how, setHow, f.how, 'ex. : courrier remis par l’école, message ENT')}
            </>
          )}
        </ActionForm>
      )}
      <ActionForm label="Clore (incident résolu)" submitLabel="Clore la violation" onSubmit={() => run('breaches.close', { id: b.id, at: asLocal(at), note })} onDone={onDone}>
        {(f) => (
          <>
            {when('Résolu le', f)}
            {area('Note de clôture', note, setNote, f.note, 'faits, effets et mesures prises, pour le registre (RGPD art. 33(5))')}
          </>
        )}
      </ActionForm>
    </div>
  );
}

/** The documents of the breach, each made on demand (and its production kept in the history). */
function BreachDocuments({ b, onProduced }: { b: BreachDetail; onProduced: (d: BreachDetail) => void }) {
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(String(b.formVersions));
  async function produce(input: CallInput<'breaches.document'>) {
    const r = await call('breaches.document', input);
    if (!r.ok) return setFailure(r.error);
    setFailure(null);
    saveFile(r.value);
    const again = await call('breaches.get', { id: b.id });
    if (again.ok) onProduced(again.value);
  }
  const versions = Array.from({ length: b.formVersions }, (_, i) => [String(i + 1), i === 0 ? '1 (déclaration)' : `${i + 1} (mise à jour n° ${i})`] as const);
  return (
    <section aria-labelledby="h-docs">
      <h2 id="h-docs">Documents</h2>
      <ErrorBanner error={failure} />
      <div className="inline-form">
        <SelectField label="Version du formulaire" value={version} onChange={(v) => setVersion(v || String(b.formVersions))} options={versions} />
        <button type="button" onClick={() => void produce({ id: b.id, kind: 'form', format: 'pdf', version: Number(version) })}>
          Formulaire de déclaration (PDF)
        </button>
        <button type="button" onClick={() => void produce({ id: b.id, kind: 'form', format: 'docx', version: Number(version) })}>
          Formulaire (DOCX)
        </button>
      </div>
      <div className="actions">
        {b.decision && (
          <button type="button" onClick={() => void produce({ id: b.id, kind: 'minutes', format: 'pdf' })}>
            {b.decision.crisisCell ? 'Compte rendu de la cellule de crise (PDF)' : 'Décision sur la notification (PDF)'}
          </button>
        )}
        <button type="button" onClick={() => void produce({ id: b.id, kind: 'persons', format: 'docx' })}>
          Projet de communication aux personnes (DOCX)
        </button>
        <button type="button" onClick={() => void produce({ id: b.id, kind: 'persons', format: 'pdf' })}>
          Projet de communication aux personnes (PDF)
        </button>
      </div>
    </section>
  );
}
