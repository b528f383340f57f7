// « Échanges », per agreement: the other office (or the invitation to send it), the packages
// sent and received, exporting for the other party, importing its package (with the phone check
// of its fingerprint the first time), the history of packages and the conflicts to decide.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ApiError, CallOutput, Conflict, ExchangeStatus, Office } from '../../../core/api/contract';
import { call } from '../api';
import { saveFile } from '../download';
import { Fingerprint, FingerprintCheck, PickFileButton, officeName } from '../exchange';
import { frInstant, plural } from '../format';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle, useConfirmation } from '../ui';

type Preview = CallOutput<'exchange.previewImport'>;
type PackageSummary = ExchangeStatus['history'][number];

const changes = (n: number) => plural(n, 'changement', 'changements');

/** « n° 3, le 10/03/2026 à 09:12 : 4 changements, 1 divergence ». */
function packageLine(p: PackageSummary): string {
  const breachSteps = p.counts['breach-event'] ?? 0;
  return (
    `n° ${p.number}, le ${frInstant(p.at)} : ${changes(p.changes)}` +
    (breachSteps ? ` (dont ${plural(breachSteps, 'étape de violation', 'étapes de violations')})` : '') +
    (p.conflicts ? `, ${plural(p.conflicts, 'divergence', 'divergences')}` : '')
  );
}

/** The report of a package read without writing anything, and the confirmation that imports it. */
function ImportReport({
  filename,
  preview,
  peerName,
  error,
  busy,
  onApply,
  onCancel,
}: {
  filename: string;
  preview: Preview;
  peerName: string | null;
  error: ApiError | null;
  busy: boolean;
  onApply: (check: { fingerprint: string; confirmedBy: string } | null) => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  const [fingerprint, setFingerprint] = useState('');
  const [confirmedBy, setConfirmedBy] = useState('');
  useEffect(() => ref.current?.focus(), []);
  const { problems, pairing } = preview;
  const from = pairing?.name ?? peerName ?? "l'autre office";

  function submit(e: FormEvent) {
    e.preventDefault();
    onApply(pairing ? { fingerprint, confirmedBy } : null);
  }

  return (
    <section aria-labelledby="h-import-report" className="card">
      <h3 id="h-import-report" tabIndex={-1} ref={ref}>
        Paquet « {filename} »
      </h3>
      {problems.length > 0 ? (
        <>
          <div className="banner banner-error" role="alert">
            Paquet refusé : {plural(problems.length, 'problème', 'problèmes')}. Rien n'a été enregistré.
          </div>
          <ul aria-label="Problèmes du paquet">
            {problems.map((p, n) => (
              <li key={n}>{p.message}</li>
            ))}
          </ul>
          <div className="action-buttons">
            <button type="button" onClick={onCancel}>
              Fermer le rapport
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} noValidate aria-labelledby="h-import-report">
          <p>
            {preview.package ? `Paquet n° ${preview.package.number} de ${from}, préparé le ${frInstant(preview.package.at)} : ` : `Paquet de ${from} : `}
            <strong>
              {preview.fresh === 0
                ? 'aucun changement nouveau'
                : `${preview.fresh} ${preview.fresh > 1 ? 'changements nouveaux' : 'changement nouveau'}`}
            </strong>{' '}
            pour ce poste. Rien n'est enregistré avant votre confirmation ; tout le paquet l'est alors en une fois.
          </p>
          {pairing && (
            <div className="banner banner-warning">
              <p>
                Ce paquet vient de <strong>{officeName(pairing)}</strong>, qui n'est pas encore associé à cette convention sur ce poste. Son empreinte&nbsp;:
              </p>
              <Fingerprint value={pairing.fingerprint} />
              <p>
                Appelez son DPD : il vous lit l'empreinte de son installation (dans ses Paramètres). Saisissez-la et vérifiez qu'elle est identique,
                chiffre par chiffre. Si elle diffère, n'importez pas ce fichier.
              </p>
            </div>
          )}
          <ErrorBanner error={error} />
          {pairing && (
            <FingerprintCheck
              fingerprint={fingerprint}
              setFingerprint={setFingerprint}
              confirmedBy={confirmedBy}
              setConfirmedBy={setConfirmedBy}
              errors={error?.fields ?? {}}
            />
          )}
          <div className="action-buttons">
            <button type="submit" className="primary" disabled={busy}>
              {pairing ? "Confirmer l'empreinte et importer" : 'Importer ces changements'}
            </button>
            <button type="button" onClick={onCancel}>
              Annuler
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** One conflict to decide: both values, who decides, and the two buttons. */
function ConflictForm({ conflict, onResolved }: { conflict: Conflict; onResolved: (status: ExchangeStatus, text: string) => void }) {
  const id = useId();
  const [by, setBy] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function resolve(keep: 'local' | 'remote') {
    setBusy(true);
    const r = await call('exchange.resolveConflict', { id: conflict.id, keep, by });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onResolved(
      r.value,
      `Divergence tranchée sur ${conflict.reference} (${conflict.label}) : ${keep === 'local' ? 'valeur de cet office gardée' : `valeur de ${conflict.remoteOffice} retenue`}. La décision partira avec le prochain paquet.`,
    );
  }

  return (
    <form className="card conflict" aria-labelledby={`${id}-h`} noValidate onSubmit={(e) => e.preventDefault()}>
      <h3 id={`${id}-h`}>
        <a href={`#/demandes/${conflict.requestId}`}>{conflict.reference}</a> : {conflict.label}
      </h3>
      <dl className="facts">
        <dt>Valeur de cet office</dt>
        <dd>{conflict.local}</dd>
        <dt>Valeur de l'autre office</dt>
        <dd>
          {conflict.remote} <span className="muted">({conflict.remoteOffice})</span>
        </dd>
        <dt>Relevée le</dt>
        <dd>{frInstant(conflict.createdAt)}</dd>
      </dl>
      <ErrorBanner error={error} />
      <Field label="Décidé par" hint="Qui tranche, après quel échange avec l'autre office." error={error?.fields?.by}>
        {(p) => <input {...p} value={by} onChange={(e) => setBy(e.target.value)} />}
      </Field>
      <div className="action-buttons">
        <button type="button" disabled={busy} aria-describedby={`${id}-h`} onClick={() => void resolve('local')}>
          Garder la nôtre
        </button>
        <button type="button" disabled={busy} aria-describedby={`${id}-h`} onClick={() => void resolve('remote')}>
          Prendre la leur
        </button>
      </div>
    </form>
  );
}

function resolutionText(c: Conflict): string {
  if (c.resolution === 'local') return 'Valeur de cet office gardée';
  if (c.resolution === 'remote') return "Valeur de l'autre office retenue";
  return "Tranchée par l'autre office";
}

function ExchangeScreen({ initial, agreement }: { initial: ExchangeStatus; agreement: { id: string; name: string; code: string } }) {
  const [status, setStatus] = useState(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const { message, setMessage, messageRef } = useConfirmation();
  const [all, setAll] = useState(false);
  const [letters, setLetters] = useState(false);
  const [importing, setImporting] = useState<{ filename: string; base64: string; preview: Preview } | null>(null);
  const [importError, setImportError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const importButton = useRef<HTMLButtonElement>(null);

  const done = (text: string, next?: ExchangeStatus) => {
    if (next) setStatus(next);
    setError(null);
    setMessage(text);
  };
  const refresh = async () => {
    const r = await call('exchange.status', { agreementId: agreement.id });
    if (r.ok) setStatus(r.value);
  };
  const start = () => {
    setMessage(null);
    setError(null);
  };

  async function invite() {
    start();
    const r = await call('exchange.invitation', { agreementId: agreement.id });
    if (!r.ok) return setError(r.error);
    saveFile(r.value);
    done(
      `Invitation enregistrée dans vos téléchargements : ${r.value.filename}. Envoyez-la par courriel au DPD de l'autre office, puis appelez-le pour lui lire votre empreinte.`,
    );
  }

  async function exportPackage() {
    start();
    const r = await call('exchange.export', { agreementId: agreement.id, all, letters });
    if (!r.ok) return setError(r.error);
    saveFile(r.value.file);
    done(
      `Paquet n° ${r.value.package.number} enregistré dans vos téléchargements : ${r.value.file.filename} (${changes(r.value.package.changes)}). Envoyez-le par courriel à ${status.peer?.name ?? "l'autre office"}.`,
    );
    setAll(false);
    setLetters(false);
    await refresh();
  }

  async function pickPackage(file: { filename: string; base64: string } | string) {
    start();
    setImporting(null);
    setImportError(null);
    if (typeof file === 'string') return setError({ code: 'FICHIER_TROP_VOLUMINEUX', message: file });
    const r = await call('exchange.previewImport', { agreementId: agreement.id, ...file });
    if (!r.ok) return setError(r.error);
    setImporting({ ...file, preview: r.value });
  }

  async function applyImport(check: { fingerprint: string; confirmedBy: string } | null) {
    if (!importing) return;
    setBusy(true);
    const r = await call('exchange.import', {
      agreementId: agreement.id,
      filename: importing.filename,
      base64: importing.base64,
      ...(check ?? {}),
    });
    setBusy(false);
    if (!r.ok) return setImportError(r.error);
    setImporting(null);
    setImportError(null);
    const v = r.value;
    done(
      `Paquet n° ${v.package.number} importé : ${plural(v.applied, 'changement appliqué', 'changements appliqués')}, ${plural(v.created, 'demande créée', 'demandes créées')}` +
        (v.breaches ? `, ${plural(v.breaches, 'violation reçue', 'violations reçues')}` : '') +
        (v.letters ? `, ${plural(v.letters, 'courrier reçu', 'courriers reçus')}` : '') +
        (v.conflicts ? `, ${plural(v.conflicts, 'divergence à trancher', 'divergences à trancher')} ci-dessous.` : '.'),
      v.status,
    );
  }

  const open = status.conflicts.filter((c) => c.resolvedAt === null);
  const resolved = status.conflicts.filter((c) => c.resolvedAt !== null);
  const { self, peer } = status;

  return (
    <>
      <PageTitle>Échanges : {agreement.name}</PageTitle>
      <p className="lead">
        Convention {agreement.code} · <a href={`#/conventions/${agreement.id}`}>Voir la convention</a>. Chaque office tient son propre registre ; les deux
        restent à jour en s'envoyant des paquets par courriel, chacun portant les changements que l'autre n'a pas encore reçus.
      </p>
      {message && (
        <p className="banner banner-ok" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </p>
      )}
      <ErrorBanner error={error} />

      <div className="cards">
        <section className="card" aria-labelledby="h-self">
          <h2 id="h-self">Cet office</h2>
          <p className="big">{officeName(self)}</p>
          <p>Son empreinte, à lire au téléphone au DPD de l'autre office&nbsp;:</p>
          <Fingerprint value={self.fingerprint} />
        </section>
        <section className="card" aria-labelledby="h-peer">
          <h2 id="h-peer">L'autre office</h2>
          {peer ? (
            <>
              <p className="big">{officeName(peer)}</p>
              <p>Son empreinte&nbsp;:</p>
              <Fingerprint value={peer.fingerprint} />
              <p className="muted">
                Associé le {frInstant(peer.pairedAt)}, empreinte vérifiée au téléphone par {peer.pairedBy}.
              </p>
            </>
          ) : (
            <>
              <p>Aucun office n'est encore associé à cette convention.</p>
              <ol className="exchange-steps">
                <li>« Inviter l'autre office » enregistre un fichier d'invitation (la convention et ses écoles, aucune demande).</li>
                <li>Envoyez ce fichier par courriel au DPD de l'autre office.</li>
                <li>Appelez-le et lisez-lui votre empreinte (ci-contre) : il la compare à celle que son application affiche avant de rejoindre la convention.</li>
                <li>
                  Il vous renvoie un paquet : importez-le avec « Importer un paquet », en saisissant l'empreinte de son installation, qu'il vous lit à son tour.
                </li>
              </ol>
              <button type="button" className="primary" onClick={() => void invite()}>
                Inviter l'autre office
              </button>
            </>
          )}
        </section>
      </div>

      <section aria-labelledby="h-packages">
        <h2 id="h-packages">Paquets</h2>
        <ul className="exchange-summary">
          <li>Dernier paquet envoyé : {status.lastSent ? packageLine(status.lastSent) : 'aucun'}.</li>
          <li>Dernier paquet reçu : {status.lastReceived ? packageLine(status.lastReceived) : 'aucun'}.</li>
          <li>
            <strong>{changes(status.waiting)} en attente d'envoi</strong>
            {status.waiting > 0 ? " : l'autre office n'en a pas encore accusé réception ; le prochain paquet les portera." : '.'}
          </li>
        </ul>
        <div className="exchange-buttons">
          <label className="choice">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} aria-describedby="all-hint" />
            Tout renvoyer
          </label>
          <label className="choice">
            <input type="checkbox" checked={letters} onChange={(e) => setLetters(e.target.checked)} aria-describedby="letters-hint" />
            Joindre les courriers
          </label>
          <button type="button" className="primary" onClick={() => void exportPackage()}>
            Exporter pour l'autre partie
          </button>
          <span id="all-hint" className="hint">
            « Tout renvoyer » : tous les changements de cet office, même ceux que l'autre a déjà reçus (s'il a perdu un paquet).
          </span>
          <span id="letters-hint" className="hint">
            « Joindre les courriers » : les courriers enregistrés par ces changements, que l'autre office pourra télécharger depuis la demande ; sinon, il voit
            seulement qu'un courrier a été envoyé, et quand.
          </span>
        </div>
        <div className="exchange-buttons">
          <PickFileButton buttonRef={importButton} label="Importer un paquet" inputLabel="Paquet de l'autre office à importer (.dsrpkg)" accept=".dsrpkg" onPicked={(f) => void pickPackage(f)} />
          <span className="hint">Le fichier .dsrpkg que l'autre office vous a envoyé ; il est vérifié avant que rien ne soit enregistré.</span>
        </div>
        {importing && (
          <ImportReport
            key={importing.filename + importing.base64.length}
            filename={importing.filename}
            preview={importing.preview}
            peerName={peer?.name ?? null}
            error={importError}
            busy={busy}
            onApply={(check) => void applyImport(check)}
            onCancel={() => {
              setImporting(null);
              setImportError(null);
              importButton.current?.focus();
            }}
          />
        )}
      </section>

      <section aria-labelledby="h-conflicts">
        <h2 id="h-conflicts">Divergences à trancher</h2>
        {open.length === 0 ? (
          <p>Aucune divergence à trancher.</p>
        ) : (
          <>
            <p>
              Les deux offices ont changé la même information avant d'avoir reçu le paquet de l'autre. Rien n'a été écrasé : chacun garde sa valeur jusqu'à
              ce que l'un tranche ; la décision part avec le prochain paquet.
            </p>
            {open.map((c) => (
              <ConflictForm key={c.id} conflict={c} onResolved={(next, text) => done(text, next)} />
            ))}
          </>
        )}
        {resolved.length > 0 && (
          <table className="data resolved">
            <caption>Divergences tranchées</caption>
            <thead>
              <tr>
                <th scope="col">Demande</th>
                <th scope="col">Objet</th>
                <th scope="col">Valeur de cet office</th>
                <th scope="col">Valeur de l'autre office</th>
                <th scope="col">Décision</th>
                <th scope="col">Décidé par</th>
              </tr>
            </thead>
            <tbody>
              {resolved.map((c) => (
                <tr key={c.id}>
                  <td className="nowrap">
                    <a href={`#/demandes/${c.requestId}`}>{c.reference}</a>
                  </td>
                  <td>{c.label}</td>
                  <td>{c.local}</td>
                  <td>{c.remote}</td>
                  <td>
                    {resolutionText(c)}, le {frInstant(c.resolvedAt!)}
                  </td>
                  <td>{c.resolvedBy ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="h-history">
        <h2 id="h-history">Historique des paquets</h2>
        {status.history.length === 0 ? (
          <p>Aucun paquet envoyé ni reçu.</p>
        ) : (
          <table className="data">
            <caption className="sr-only">Paquets envoyés et reçus, du plus récent au plus ancien</caption>
            <thead>
              <tr>
                <th scope="col">Sens</th>
                <th scope="col">N°</th>
                <th scope="col">Date</th>
                <th scope="col">Fichier</th>
                <th scope="col">Changements</th>
                <th scope="col">Divergences</th>
              </tr>
            </thead>
            <tbody>
              {status.history.map((p) => (
                <tr key={`${p.direction}-${p.number}-${p.at}`}>
                  <td>{p.direction === 'out' ? 'Envoyé' : 'Reçu'}</td>
                  <td>{p.number}</td>
                  <td className="nowrap">{frInstant(p.at)}</td>
                  <td className="mono small">{p.fileName}</td>
                  <td>{p.changes}</td>
                  <td>{p.conflicts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export function Exchanges({ agreementId }: { agreementId: string; office: Office }) {
  const [agreement] = useCall('agreements.get', { id: agreementId });
  const [status] = useCall('exchange.status', { agreementId });
  if (agreement.state === 'error') return <ErrorBanner error={agreement.error} />;
  if (status.state === 'error') {
    return (
      <>
        <PageTitle>Échanges</PageTitle>
        <ErrorBanner error={status.error} />
      </>
    );
  }
  if (agreement.state === 'loading' || status.state === 'loading') return <Loading />;
  return <ExchangeScreen initial={status.value} agreement={agreement.value} />;
}

/** « Échanges » in the main navigation: the agreement's screen when there is one, else the list. */
export function ExchangesIndex() {
  const [list] = useCall('agreements.list', {});
  const only = list.state === 'ready' && list.value.length === 1 ? list.value[0]!.id : null;
  useEffect(() => {
    if (only) window.location.replace(`#/conventions/${encodeURIComponent(only)}/echanges`);
  }, [only]);
  if (list.state === 'loading' || only) return <Loading />;
  if (list.state === 'error') return <ErrorBanner error={list.error} />;
  return (
    <>
      <PageTitle>Échanges</PageTitle>
      <p className="lead">Les échanges avec l'autre office se font convention par convention.</p>
      <ul>
        {list.value.map((a) => (
          <li key={a.id}>
            <a href={`#/conventions/${a.id}/echanges`}>
              Échanges : {a.name} ({a.code})
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
