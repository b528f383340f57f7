// « Rejoindre une convention »: the other office's invitation file, checked by the fingerprint
// its DPD reads on the phone; joining creates the agreement here and gives the first package to
// send back (it carries this install's keys). Used on the first-run screen and in Conventions.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError, CallOutput } from '../../../core/api/contract';
import { call } from '../api';
import { saveFile } from '../download';
import { Fingerprint, FingerprintCheck, PickFileButton, officeName } from '../exchange';
import { ErrorBanner } from '../ui';

type Preview = CallOutput<'exchange.previewJoin'>;
type Joined = CallOutput<'exchange.join'>;

/** A heading that takes the focus when it appears, so the next step is announced and reachable. */
function StepHeading({ level, id, children }: { level: 2 | 3; id: string; children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <H id={id} ref={ref} tabIndex={-1}>
      {children}
    </H>
  );
}

export function JoinAgreement({
  headingLevel,
  onOpen,
  onJoined,
}: {
  headingLevel: 2 | 3;
  onOpen: (agreementId: string) => void;
  /** The agreement now exists on this install (lists can show it). */
  onJoined?: () => void;
}) {
  const [picked, setPicked] = useState<{ filename: string; base64: string; preview: Preview } | null>(null);
  const [fingerprint, setFingerprint] = useState('');
  const [confirmedBy, setConfirmedBy] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [joined, setJoined] = useState<Joined | null>(null);
  const [saved, setSaved] = useState(false);

  async function pick(file: { filename: string; base64: string } | string) {
    setJoined(null);
    setPicked(null);
    if (typeof file === 'string') return setError({ code: 'FICHIER_TROP_VOLUMINEUX', message: file });
    const r = await call('exchange.previewJoin', file);
    if (!r.ok) return setError(r.error);
    setError(null);
    setFingerprint('');
    setPicked({ ...file, preview: r.value });
  }

  async function join(e: FormEvent) {
    e.preventDefault();
    if (!picked) return;
    setBusy(true);
    const r = await call('exchange.join', { filename: picked.filename, base64: picked.base64, fingerprint, confirmedBy });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setPicked(null);
    setJoined(r.value);
    onJoined?.();
  }

  if (joined) {
    return (
      <section aria-labelledby="h-joined" className="card">
        <StepHeading level={headingLevel} id="h-joined">
          {`Convention rejointe : ${joined.agreement.name}`}
        </StepHeading>
        <p>
          La convention {joined.agreement.code} et ses {joined.agreement.schoolCount} écoles sont enregistrées sur ce poste. Votre application a préparé un
          premier paquet pour l'autre office : il lui transmet la clé de cette installation.
        </p>
        <p>
          <strong>Enregistrez ce paquet et envoyez-le par courriel au DPD de l'autre office.</strong> Il l'importera dans son écran « Échanges » en vérifiant
          votre empreinte, que vous lui lirez au téléphone (elle figure dans Paramètres et dans l'écran « Échanges »).
        </p>
        <div className="exchange-buttons">
          <button
            type="button"
            className={saved ? undefined : 'primary'}
            onClick={() => {
              saveFile(joined.file);
              setSaved(true);
            }}
            aria-describedby="joined-file"
          >
            Enregistrer le paquet à renvoyer
          </button>
          <span id="joined-file" className="muted mono small">
            {joined.file.filename}
          </span>
          <button type="button" className={saved ? 'primary' : undefined} onClick={() => onOpen(joined.agreement.id)}>
            Ouvrir les échanges de la convention
          </button>
        </div>
        {saved && (
          <p className="banner banner-ok" role="status">
            Paquet enregistré dans vos téléchargements : {joined.file.filename}.
          </p>
        )}
      </section>
    );
  }

  const p = picked?.preview;
  const fields = error?.fields ?? {};
  return (
    <>
      <div className="exchange-buttons">
        <PickFileButton
          label="Rejoindre une convention"
          inputLabel="Fichier d'invitation de l'autre office (.dsrinv)"
          accept=".dsrinv"
          className={picked ? undefined : 'primary'}
          onPicked={(f) => void pick(f)}
        />
        <span className="hint">Choisissez le fichier d'invitation (.dsrinv) que l'autre office vous a envoyé par courriel.</span>
      </div>
      {!picked && <ErrorBanner error={error} />}
      {picked && p && (
        <section aria-labelledby="h-invitation" className="card">
          <StepHeading level={headingLevel} id="h-invitation">
            {`Invitation reçue : ${p.agreement.name}`}
          </StepHeading>
          <dl className="facts">
            <dt>Convention</dt>
            <dd>
              {p.agreement.name} (code {p.agreement.code})
            </dd>
            <dt>Parties</dt>
            <dd>
              Commune : {p.agreement.communeName} · Académie : {p.agreement.academieName}
            </dd>
            <dt>Modèle</dt>
            <dd>{p.agreement.presetLabel}</dd>
            <dt>Écoles</dt>
            <dd>{p.schools}</dd>
            <dt>Envoyée par</dt>
            <dd>{officeName(p.from)}</dd>
          </dl>
          <p>Empreinte de l'office qui a envoyé ce fichier&nbsp;:</p>
          <Fingerprint value={p.from.fingerprint} />
          {p.alreadyHere ? (
            <p className="banner banner-warning" role="status">
              Cette convention est déjà sur ce poste : importez plutôt les paquets de l'autre office depuis son écran « Échanges ».
            </p>
          ) : (
            <form onSubmit={(e) => void join(e)} noValidate aria-labelledby="h-invitation">
              <p>
                Appelez le DPD de l'autre office : il vous lit l'empreinte de son installation (dans ses Paramètres). Saisissez ce qu'il lit, et vérifiez
                qu'elle est identique à celle ci-dessus, chiffre par chiffre. Si elle diffère, ne rejoignez pas : le fichier ne vient pas de lui.
              </p>
              <ErrorBanner error={error} />
              <FingerprintCheck fingerprint={fingerprint} setFingerprint={setFingerprint} confirmedBy={confirmedBy} setConfirmedBy={setConfirmedBy} errors={fields} />
              <div className="action-buttons">
                <button type="submit" className="primary" disabled={busy}>
                  Confirmer l'empreinte et rejoindre
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setPicked(null);
                    setError(null);
                  }}
                >
                  Annuler
                </button>
              </div>
            </form>
          )}
        </section>
      )}
    </>
  );
}
