// The office's letterhead (setting 'letterhead'): printed at the top of every letter, with the
// DPD to contact. Blank fields fall back to the agreement's DPD contact of this office's party.
// The signatory of decisions (extension, answer, refusal) is the authority or its delegate, not
// the DPD: it has no fallback, and a decision cannot be saved until it is set.
import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError, CallOutput } from '../../../core/api/contract';
import { call } from '../api';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading } from '../ui';

type Letterhead = Omit<CallOutput<'letterhead.get'>, 'configured'>;

const FIELDS: { key: keyof Letterhead; label: string; multiline?: boolean; type?: string; hint?: string }[] = [
  { key: 'officeName', label: "Nom de l'office (en-tête)", hint: 'Par ex. « Académie de Versailles – Délégation à la protection des données ».' },
  { key: 'address', label: 'Adresse postale', multiline: true },
  { key: 'city', label: 'Ville (ligne de date)', hint: 'Pour « Versailles, le 25/11/2026 ».' },
  { key: 'dpdName', label: 'Nom du DPD', hint: 'Le contact des personnes ; il signe les accusés de réception, demandes de pièces ou de précisions et transmissions.' },
  { key: 'dpdEmail', label: 'Courriel du DPD', type: 'email' },
  { key: 'dpdPhone', label: 'Téléphone du DPD', type: 'tel' },
  {
    key: 'signatoryName',
    label: 'Signataire des décisions (nom)',
    hint: "Les décisions (prolongation, réponse, refus) sont signées par l'autorité ou son délégataire, non par le DPD, qui reste le contact des personnes.",
  },
  { key: 'signatoryTitle', label: 'Qualité du signataire', hint: 'Par ex. « Pour le recteur et par délégation, la secrétaire générale ».' },
];

export function LetterheadForm() {
  const [loaded] = useCall('letterhead.get', {});
  const [value, setValue] = useState<Letterhead | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.state === 'ready') {
      const { configured: _configured, ...rest } = loaded.value;
      setValue(rest);
    }
  }, [loaded]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!value) return;
    setSaved(false);
    const r = await call('letterhead.set', value);
    if (!r.ok) return setError(r.error);
    setError(null);
    setSaved(true);
  }

  if (loaded.state === 'error') return <ErrorBanner error={loaded.error} />;
  if (!value) return <Loading />;
  return (
    <section aria-labelledby="h-letterhead">
      <h2 id="h-letterhead">En-tête des courriers</h2>
      <form onSubmit={(e) => void save(e)} noValidate aria-label="En-tête des courriers">
        <ErrorBanner error={error} />
        {saved && (
          <p className="banner banner-ok" role="status">
            En-tête enregistré : il figure sur les prochains courriers.
          </p>
        )}
        {FIELDS.map((f) => (
          <Field key={f.key} label={f.label} error={error?.fields?.[f.key]} {...(f.hint ? { hint: f.hint } : {})}>
            {(p) =>
              f.multiline ? (
                <textarea {...p} rows={3} value={value[f.key]} onChange={(e) => setValue({ ...value, [f.key]: e.target.value })} />
              ) : (
                <input {...p} type={f.type ?? 'text'} value={value[f.key]} onChange={(e) => setValue({ ...value, [f.key]: e.target.value })} />
              )
            }
          </Field>
        ))}
        <button type="submit" className="primary">
          Enregistrer l'en-tête
        </button>
      </form>
    </section>
  );
}
