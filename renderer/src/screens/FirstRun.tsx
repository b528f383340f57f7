import { useState, type FormEvent } from 'react';
import type { Office } from '../../../core/api/contract';
import type { Party, PresetId } from '../../../core/domain';
import { call } from '../api';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle, SelectField } from '../ui';

type Rejected = { line: number; name: string; uai: string; reason: string };

export function FirstRun({ office, onDone }: { office: Office | null; onDone: () => void }) {
  const [presets] = useCall('agreements.presets', {});
  const [party, setParty] = useState<Party | ''>(office?.party ?? '');
  const [communeName, setCommuneName] = useState(office?.communeName ?? '');
  const [preset, setPreset] = useState<PresetId | ''>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ name: string; schools: number; rejected: Rejected[] } | null>(null);

  if (presets.state === 'loading') return <Loading />;
  if (presets.state === 'error') return <ErrorBanner error={presets.error} />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!party) found.party = "Choisissez si cet office est celui de l'académie ou d'une commune.";
    if (!preset) found.preset = 'Choisissez le modèle de la première convention.';
    const commune = communeName.trim();
    if (!commune && (party === 'commune' || preset === 'dsden13')) found.communeName = 'Indiquez le nom de la commune.';
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length || !party || !preset) return;
    setBusy(true);
    const set = await call('office.set', { party, communeName: commune });
    if (!set.ok) {
      setBusy(false);
      setErrors(set.error.fields ?? {});
      setFailure(set.error);
      return;
    }
    const agreement = await call('agreements.createFromPreset', { preset, ...(commune ? { communeName: commune } : {}) });
    setBusy(false);
    if (!agreement.ok) {
      setErrors(agreement.error.fields ?? {});
      setFailure(agreement.error);
      return;
    }
    setCreated({
      name: agreement.value.agreement.name,
      schools: agreement.value.agreement.schoolCount,
      rejected: agreement.value.rejectedSchools,
    });
  }

  if (created) {
    return (
      <main className="first-run">
        <PageTitle>Convention créée</PageTitle>
        <p>
          <strong>{created.name}</strong> : {created.schools} école{created.schools > 1 ? 's' : ''} importée
          {created.schools > 1 ? 's' : ''} de la liste de la convention.
        </p>
        {created.rejected.length > 0 && (
          <div className="banner banner-warning" role="status">
            <p>
              {created.rejected.length} ligne{created.rejected.length > 1 ? 's' : ''} de la liste des écoles n'
              {created.rejected.length > 1 ? 'ont' : 'a'} pas été importée{created.rejected.length > 1 ? 's' : ''} ;
              corrigez-les dans Conventions :
            </p>
            <ul>
              {created.rejected.map((r) => (
                <li key={r.line}>
                  Ligne {r.line}, {r.name} : {r.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
        <button type="button" className="primary" onClick={onDone}>
          Ouvrir le registre
        </button>
      </main>
    );
  }

  return (
    <main className="first-run">
      <PageTitle>Bienvenue dans le registre des droits ENT</PageTitle>
      <p className="lead">
        Ce registre suit les demandes d'exercice de droits (accès, rectification, effacement, opposition, limitation)
        adressées au titre de l'espace numérique de travail des écoles, entre la commune et l'académie, responsables
        conjoints. Indiquez d'abord qui utilise cette installation.
      </p>
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={failure} />
        <fieldset aria-describedby={errors.party ? 'party-error' : undefined}>
          <legend>Cet office est</legend>
          <label className="choice">
            <input type="radio" name="party" value="academie" checked={party === 'academie'} onChange={() => setParty('academie')} />
            L'académie
          </label>
          <label className="choice">
            <input type="radio" name="party" value="commune" checked={party === 'commune'} onChange={() => setParty('commune')} />
            La commune
          </label>
          {errors.party && (
            <span className="field-error" id="party-error">
              {errors.party}
            </span>
          )}
        </fieldset>
        <SelectField
          label="Modèle de convention"
          value={preset}
          onChange={(value) => {
            setPreset(value);
            if (value === 'versailles-fontenay' && !communeName) setCommuneName('Fontenay-aux-Roses');
          }}
          options={presets.value.map((p) => [p.id, p.label] as const)}
          empty="Choisir…"
          error={errors.preset}
        />
        <Field
          label="Nom de la commune"
          hint="La commune signataire de la convention (et, pour un office de commune, la vôtre)."
          error={errors.communeName}
        >
          {(p) => <input {...p} type="text" value={communeName} onChange={(e) => setCommuneName(e.target.value)} autoComplete="off" />}
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          Commencer
        </button>
      </form>
    </main>
  );
}
