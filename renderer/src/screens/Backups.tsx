// Backups of the register: the « Sauvegardes » section of Paramètres (folder, backup now, list,
// choose one, see its date and counts, restore it with the current file kept aside) and the
// screen shown instead of the app when the register cannot be opened (the latest good backup
// offered first). The files are handled by the host (db/backup.ts) behind the backups.* calls.
import { useState } from 'react';
import { BACKUP_KIND_LABELS, type ApiError, type BackupDetails, type BackupEntry } from '../../../core/api/contract';
import { call } from '../api';
import { frInstant, frSize, plural } from '../format';
import { useCall } from '../useCall';
import { ErrorBanner, Loading, PageTitle, useConfirmation } from '../ui';

const describe = (b: BackupEntry) => `${BACKUP_KIND_LABELS[b.kind]} du ${frInstant(b.at)}`;

function Counts({ details }: { details: BackupDetails }) {
  return (
    <>
      {plural(details.counts.agreements, 'convention', 'conventions')}, {plural(details.counts.requests, 'demande', 'demandes')},{' '}
      {plural(details.counts.events, 'événement', 'événements')} du journal ({frSize(details.size)})
    </>
  );
}

/** After a restoration the whole app starts again on the restored register. */
const restart = () => {
  window.location.hash = '#/';
  window.location.reload();
};

/** One backup chosen: what it holds, and restoring it after a confirmation. */
function RestoreChoice({ details, onCancel }: { details: BackupDetails; onCancel?: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const { message, setMessage, messageRef } = useConfirmation();

  async function restore() {
    setBusy(true);
    setError(null);
    const r = await call('backups.restore', { name: details.name });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setConfirming(false);
    setMessage(
      `Sauvegarde restaurée : ${describe(r.value.restored)}.` +
        (r.value.keptAs ? ` Le fichier remplacé est conservé dans le dossier des sauvegardes (${r.value.keptAs}).` : ''),
    );
  }

  if (message) {
    return (
      <div className="restore-choice">
        <p className="banner banner-ok" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </p>
        <button type="button" className="primary" onClick={restart}>
          Ouvrir le registre restauré
        </button>
      </div>
    );
  }
  return (
    <div className="restore-choice">
      <p>
        <strong>{describe(details)}</strong> : <Counts details={details} />.
      </p>
      <ErrorBanner error={error} />
      {confirming ? (
        <div role="group" aria-label="Confirmer la restauration">
          <p>
            Le registre actuel sera remplacé par cette sauvegarde. Le fichier actuel est conservé dans le dossier des sauvegardes : vous
            pourrez le restaurer à son tour.
          </p>
          <button type="button" className="primary" disabled={busy} onClick={() => void restore()}>
            {busy ? 'Restauration…' : 'Confirmer la restauration'}
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => (onCancel ? onCancel() : setConfirming(false))}>
            Annuler
          </button>
        </div>
      ) : (
        <button type="button" className="primary" onClick={() => setConfirming(true)}>
          Restaurer cette sauvegarde
        </button>
      )}
    </div>
  );
}

/** The backups, newest first: choose one to see what it holds and restore it. */
function BackupList({ backups }: { backups: BackupEntry[] }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [details] = useCall('backups.inspect', chosen === null ? null : { name: chosen });
  if (backups.length === 0) return <p>Aucune sauvegarde pour l'instant.</p>;
  return (
    <>
      <table className="data">
        <caption className="sr-only">Sauvegardes, de la plus récente à la plus ancienne</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Type</th>
            <th scope="col">Taille</th>
            <th scope="col">
              <span className="sr-only">Choisir</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {backups.map((b) => (
            <tr key={b.name} aria-current={chosen === b.name ? 'true' : undefined}>
              <td>{frInstant(b.at)}</td>
              <td>{BACKUP_KIND_LABELS[b.kind]}</td>
              <td>{frSize(b.size)}</td>
              <td>
                <button type="button" aria-label={`Choisir la sauvegarde ${describe(b).toLowerCase()}`} onClick={() => setChosen(b.name)}>
                  Choisir
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {chosen !== null && details.state === 'loading' && <Loading />}
      {chosen !== null && details.state === 'error' && <ErrorBanner error={details.error} />}
      {chosen !== null && details.state === 'ready' && <RestoreChoice key={chosen} details={details.value} onCancel={() => setChosen(null)} />}
    </>
  );
}

/** Paramètres › Sauvegardes. */
export function BackupsSection() {
  const [list, reload] = useCall('backups.list', {});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const { message, setMessage, messageRef } = useConfirmation();

  async function backUpNow() {
    setBusy(true);
    setError(null);
    setMessage(null);
    const r = await call('backups.create', {});
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setMessage(`Sauvegarde faite : ${describe(r.value)} (${frSize(r.value.size)}).`);
    reload();
  }

  return (
    <section aria-labelledby="h-backups" className="card backups">
      <h2 id="h-backups">Sauvegardes et restauration</h2>
      {list.state === 'loading' && <Loading />}
      {list.state === 'error' && <ErrorBanner error={list.error} />}
      {list.state === 'ready' && (
        <>
          <p>
            Une sauvegarde est faite chaque jour à la première utilisation et avant chaque mise à jour de la base ; sont gardées celles des 7
            derniers jours, puis une par semaine sur 4 semaines. Dossier des sauvegardes&nbsp;: <code className="path">{list.value.folder}</code>
          </p>
          {message && (
            <p className="banner banner-ok" role="status" tabIndex={-1} ref={messageRef}>
              {message}
            </p>
          )}
          <ErrorBanner error={error} />
          <p>
            <button type="button" disabled={busy} onClick={() => void backUpNow()}>
              {busy ? 'Sauvegarde en cours…' : 'Faire une sauvegarde maintenant'}
            </button>
          </p>
          <h3>Restaurer</h3>
          <BackupList backups={list.value.backups} />
        </>
      )}
    </section>
  );
}

/** Instead of the app, when the register cannot be opened: why, and the latest good backup to restore. */
export function Recovery({ error }: { error: ApiError }) {
  const [latest] = useCall('backups.latestGood', {});
  const [list] = useCall('backups.list', {});
  const [others, setOthers] = useState(false);
  return (
    <main id="contenu" className="content recovery">
      <PageTitle>Le registre ne peut pas être ouvert</PageTitle>
      <ErrorBanner error={error} />
      <section aria-labelledby="h-latest" className="card">
        <h2 id="h-latest">Dernière sauvegarde en bon état</h2>
        {latest.state === 'loading' && <Loading />}
        {latest.state === 'error' && <ErrorBanner error={latest.error} />}
        {latest.state === 'ready' &&
          (latest.value ? (
            <RestoreChoice details={latest.value} />
          ) : (
            <p>Aucune sauvegarde en bon état n'a été trouvée dans le dossier des sauvegardes.</p>
          ))}
      </section>
      {list.state === 'ready' && (
        <section aria-labelledby="h-others" className="card">
          <h2 id="h-others">Toutes les sauvegardes</h2>
          <p>
            Dossier des sauvegardes&nbsp;: <code className="path">{list.value.folder}</code>
          </p>
          {others ? (
            <BackupList backups={list.value.backups} />
          ) : (
            <button type="button" onClick={() => setOthers(true)}>
              Choisir une autre sauvegarde
            </button>
          )}
        </section>
      )}
    </main>
  );
}
