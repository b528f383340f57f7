// « Conservation » (#/conservation?convention=…, from an agreement's page and Paramètres): the
// agreement's retention period with its reason (editable), the closed requests past it, and their
// anonymisation after a confirmation dialog saying what is removed and that it cannot be undone
// (core/features/retention).
import { useEffect, useRef, useState } from 'react';
import type { ApiError, RetentionOverview } from '../../../core/api/contract';
import { call } from '../api';
import { frDate } from '../format';
import { go } from '../router';
import { ConfirmationMessage, ErrorBanner, Field, Loading, PageTitle, SelectField, useConfirmation } from '../ui';
import { useCall } from '../useCall';

export function Retention({ query }: { query: URLSearchParams }) {
  const [agreements] = useCall('agreements.list', {});
  const agreementId = query.get('convention') ?? '';
  if (agreements.state === 'loading') return <Loading />;
  if (agreements.state === 'error') return <ErrorBanner error={agreements.error} />;
  const only = agreements.value.length === 1 ? agreements.value[0]!.id : '';
  const chosen = agreementId || only;
  return (
    <>
      <PageTitle>Conservation des demandes</PageTitle>
      <p className="lead">
        Une demande clôturée n'est gardée que le temps nécessaire. Passé la durée de conservation de sa convention, elle est listée ici : après vérification,
        l'anonymiser efface ses données personnelles et garde ses statistiques.
      </p>
      {agreements.value.length > 1 && (
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choix de la convention">
          <SelectField
            label="Convention"
            value={chosen}
            empty="Choisir une convention…"
            onChange={(v) => go(v ? `#/conservation?convention=${encodeURIComponent(v)}` : '#/conservation')}
            options={agreements.value.map((a) => [a.id, `${a.name} (${a.code})`] as const)}
          />
        </form>
      )}
      {agreements.value.length === 0 && <p>Aucune convention n'est encore enregistrée.</p>}
      {chosen && <AgreementRetention key={chosen} agreementId={chosen} />}
    </>
  );
}

function AgreementRetention({ agreementId }: { agreementId: string }) {
  const [loaded, reload] = useCall('retention.overview', { agreementId });
  const [overview, setOverview] = useState<RetentionOverview | null>(null);
  useEffect(() => {
    if (loaded.state === 'ready') setOverview(loaded.value);
  }, [loaded]);
  if (loaded.state === 'error') return <ErrorBanner error={loaded.error} />;
  if (!overview) return <Loading />;
  return (
    <>
      <Period overview={overview} onSaved={setOverview} />
      <Due overview={overview} onDone={(next) => (setOverview(next), reload())} />
    </>
  );
}

function Period({ overview, onSaved }: { overview: RetentionOverview; onSaved: (o: RetentionOverview) => void }) {
  const [years, setYears] = useState(String(overview.years));
  const [error, setError] = useState<ApiError | null>(null);
  const { message, setMessage, messageRef } = useConfirmation();
  async function save() {
    setMessage(null);
    const r = await call('retention.setPeriod', { agreementId: overview.agreementId, years: years.trim() === '' ? Number.NaN : Number(years) });
    if (!r.ok) return setError(r.error);
    setError(null);
    onSaved(r.value);
    setMessage(`Durée de conservation enregistrée : ${r.value.years} an${r.value.years > 1 ? 's' : ''} après la clôture.`);
  }
  return (
    <section aria-labelledby="h-period" className="card">
      <h2 id="h-period">Durée de conservation — {overview.agreementName}</h2>
      <p>
        Les demandes clôturées sont gardées <strong>{overview.years} an{overview.years > 1 ? 's' : ''}</strong> après leur clôture.
      </p>
      <p className="muted">{overview.reason}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        aria-label="Durée de conservation"
      >
        <Field label="Durée de conservation (en années après la clôture)" hint="Un nombre entier d'années, de 1 à 30." error={error?.fields?.years ?? error?.message}>
          {(p) => <input {...p} inputMode="numeric" value={years} onChange={(e) => setYears(e.target.value)} size={4} />}
        </Field>
        <button type="submit">Enregistrer la durée</button>
      </form>
      <ConfirmationMessage message={message} messageRef={messageRef} />
    </section>
  );
}

function Due({ overview, onDone }: { overview: RetentionOverview; onDone: (o: RetentionOverview) => void }) {
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(overview.due.map((r) => r.id)));
  const [by, setBy] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const { message, setMessage, messageRef } = useConfirmation();
  useEffect(() => setChosen(new Set(overview.due.map((r) => r.id))), [overview]);
  const selected = overview.due.filter((r) => chosen.has(r.id));
  const toggle = (id: string) => setChosen((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  async function anonymise() {
    setBusy(true);
    const r = await call('retention.anonymise', { agreementId: overview.agreementId, requestIds: selected.map((x) => x.id), confirmedBy: by });
    setBusy(false);
    dialog.current?.close();
    if (!r.ok) return setError(r.error);
    setError(null);
    setMessage(`${r.value.anonymised === 1 ? 'Demande anonymisée' : `${r.value.anonymised} demandes anonymisées`} : ${r.value.references.join(', ')}.`);
    onDone(r.value.overview);
  }

  return (
    <section aria-labelledby="h-due">
      <h2 id="h-due">Demandes dont la conservation est écoulée</h2>
      <p>
        Au {frDate(overview.today)} · {overview.anonymised} demande{overview.anonymised > 1 ? 's' : ''} déjà anonymisée{overview.anonymised > 1 ? 's' : ''} dans
        cette convention.
      </p>
      <ConfirmationMessage message={message} messageRef={messageRef} />
      <ErrorBanner error={error} />
      {overview.due.length === 0 ? (
        <p>Aucune demande clôturée n'a dépassé sa durée de conservation.</p>
      ) : (
        <>
          <table className="data">
            <caption>
              {overview.due.length} demande{overview.due.length > 1 ? 's' : ''} à revoir avant anonymisation
            </caption>
            <thead>
              <tr>
                <th scope="col">Anonymiser</th>
                <th scope="col">Référence</th>
                <th scope="col">Reçue le</th>
                <th scope="col">Clôturée le</th>
                <th scope="col">Fin de conservation</th>
              </tr>
            </thead>
            <tbody>
              {overview.due.map((r) => (
                <tr key={r.id}>
                  <td>
                    <input type="checkbox" checked={chosen.has(r.id)} onChange={() => toggle(r.id)} aria-label={`Anonymiser ${r.reference}`} />
                  </td>
                  <th scope="row">
                    <a href={`#/demandes/${encodeURIComponent(r.id)}`}>{r.reference}</a>
                  </th>
                  <td>{frDate(r.receivedOn)}</td>
                  <td>{frDate(r.closedOn)}</td>
                  <td>{frDate(r.retentionEnd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setMessage(null);
              dialog.current?.showModal();
            }}
            aria-label="Anonymisation"
          >
            <Field label="Vérifié et confirmé par" hint="Votre nom, inscrit au journal de chaque demande." error={error?.fields?.confirmedBy}>
              {(p) => <input {...p} value={by} onChange={(e) => setBy(e.target.value)} maxLength={200} />}
            </Field>
            <button type="submit" className="primary" disabled={selected.length === 0}>
              Anonymiser
            </button>
          </form>
        </>
      )}
      <dialog ref={dialog} aria-labelledby="h-confirm" className="confirm-dialog">
        <h2 id="h-confirm">
          Anonymiser {selected.length === 1 ? 'la demande' : `les ${selected.length} demandes`} {selected.map((r) => r.reference).join(', ')} ?
        </h2>
        <p>Seront effacés définitivement, dans la demande, son historique, ses courriers et les ordres du jour qui la citent :</p>
        <ul>
          <li>les noms du demandeur et de la personne concernée, les coordonnées, le lien de parenté ;</li>
          <li>le résumé, les notes, motifs et pièces demandées ou reçues saisis en texte libre ;</li>
          <li>les courriers et documents enregistrés.</li>
        </ul>
        <p>
          Restent, pour les statistiques et le rapport annuel : les dates, les droits et leurs suites, la partie, le canal, l'école et le statut. L'anonymisation
          est transmise à l'autre office au prochain échange.
        </p>
        <p>
          <strong>Cette opération est irréversible.</strong> Les sauvegardes déjà faites gardent une copie des données jusqu'à leur rotation.
        </p>
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void anonymise()}>
            Anonymiser définitivement
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Annuler
          </button>
        </div>
      </dialog>
    </section>
  );
}
