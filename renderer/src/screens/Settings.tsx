import { useState, type FormEvent } from 'react';
import type { ApiError, Office } from '../../../core/api/contract';
import type { Party } from '../../../core/domain';
import { call } from '../api';
import { Fingerprint } from '../exchange';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle } from '../ui';
import { BackupsSection } from './Backups';
import { LetterheadForm } from './LetterheadForm';

export function Settings({ office }: { office: Office }) {
  const [party, setParty] = useState<Party>(office.party);
  const [communeName, setCommuneName] = useState(office.communeName);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const r = await call('office.set', { party, communeName: communeName.trim() });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setSaved(`Enregistré : cet office est ${r.value.label.charAt(0).toLowerCase()}${r.value.label.slice(1)}.`);
    // The header shows the office: reload the shell to reflect it.
    window.setTimeout(() => window.location.reload(), 600);
  }

  return (
    <>
      <PageTitle>Paramètres</PageTitle>
      <form onSubmit={(e) => void save(e)} noValidate>
        <ErrorBanner error={error} />
        {saved && (
          <p className="banner banner-ok" role="status">
            {saved}
          </p>
        )}
        <fieldset>
          <legend>Cet office est</legend>
          <label className="choice">
            <input type="radio" name="party" checked={party === 'academie'} onChange={() => setParty('academie')} />
            L'académie
          </label>
          <label className="choice">
            <input type="radio" name="party" checked={party === 'commune'} onChange={() => setParty('commune')} />
            La commune
          </label>
        </fieldset>
        {party === 'commune' && (
          <Field label="Nom de la commune" error={error?.fields?.communeName}>
            {(p) => <input {...p} value={communeName} onChange={(e) => setCommuneName(e.target.value)} />}
          </Field>
        )}
        <button type="submit" className="primary">
          Enregistrer
        </button>
      </form>
      <OfficeIdentity />
      <section aria-labelledby="h-register-import" className="card">
        <h2 id="h-register-import">Registre existant</h2>
        <p>
          Si l'office tient déjà un registre dans un tableur (.xlsx, .ods ou .csv), importez-le : ses demandes rejoignent celles de l'application, avec leurs
          échéances et leur répartition.
        </p>
        <p>
          <a className="button" href="#/registre/importer">
            Importer un registre
          </a>
        </p>
      </section>
      <section aria-labelledby="h-retention" className="card">
        <h2 id="h-retention">Conservation des demandes</h2>
        <p>
          Chaque convention fixe combien de temps les demandes clôturées sont gardées (5 ans après la clôture par défaut). Passé ce délai, elles sont
          listées pour être anonymisées.
        </p>
        <p>
          <a className="button" href="#/conservation">
            Conservation
          </a>
        </p>
      </section>
      <LetterheadForm />
      <BackupsSection />
    </>
  );
}

/** This install's fingerprint, read to the other office's DPD on the phone when pairing. */
function OfficeIdentity() {
  const [identity] = useCall('exchange.identity', {});
  return (
    <section aria-labelledby="h-identity" className="card identity">
      <h2 id="h-identity">Identité de cet office</h2>
      {identity.state === 'loading' && <Loading />}
      {identity.state === 'error' && <ErrorBanner error={identity.error} />}
      {identity.state === 'ready' &&
        (identity.value.available ? (
          <>
            <p>Empreinte de cette installation&nbsp;:</p>
            <Fingerprint value={identity.value.fingerprint} lines={identity.value.lines} />
            <p>
              Pour associer cette installation à celle de l'autre partie d'une convention, lisez cette empreinte au téléphone au DPD de l'autre office :
              il la compare, chiffre par chiffre, avec celle que son application affiche pour votre fichier. Faites de même avec la sienne.
            </p>
          </>
        ) : (
          <p>Cette installation n'a pas d'identité d'office : l'échange de fichiers avec l'autre partie n'est pas disponible.</p>
        ))}
    </section>
  );
}
