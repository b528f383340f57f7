import { useState, type FormEvent } from 'react';
import type { Office, RejectedSchool } from '../../../core/api/contract';
import type { Party, PresetId } from '../../../core/domain';
import { call } from '../api';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle, SelectField } from '../ui';
import { SchoolsToReview } from './AgreementView';
import { JoinAgreement } from './JoinAgreement';


/** The first agreement: made here from a preset, or joined from the other office's invitation. */
type Start = 'create' | 'join';

export function FirstRun({ office, onDone }: { office: Office | null; onDone: (hash?: string) => void }) {
  const [presets] = useCall('agreements.presets', {});
  const [party, setParty] = useState<Party | ''>(office?.party ?? '');
  const [communeName, setCommuneName] = useState(office?.communeName ?? '');
  const [preset, setPreset] = useState<PresetId | ''>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ id: string; name: string; schools: number; rejected: RejectedSchool[]; added: string | null } | null>(null);
  const [start, setStart] = useState<Start>('create');
  const [joining, setJoining] = useState(false);

  if (presets.state === 'loading') return <Loading />;
  if (presets.state === 'error') return <ErrorBanner error={presets.error} />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!party) found.party = "Choisissez si cet office est celui de l'académie ou d'une commune.";
    if (start === 'create' && !preset) found.preset = 'Choisissez le modèle de la première convention.';
    const commune = communeName.trim();
    if (!commune && (party === 'commune' || (start === 'create' && preset === 'dsden13'))) found.communeName = 'Indiquez le nom de la commune.';
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length || !party || (start === 'create' && !preset)) return;
    setBusy(true);
    const set = await call('office.set', { party, communeName: party === 'commune' || start === 'create' ? commune : '' });
    if (!set.ok) {
      setBusy(false);
      setErrors(set.error.fields ?? {});
      setFailure(set.error);
      return;
    }
    if (start === 'join' || !preset) {
      setBusy(false);
      setJoining(true);
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
      id: agreement.value.agreement.id,
      name: agreement.value.agreement.name,
      schools: agreement.value.agreement.schoolCount,
      rejected: agreement.value.rejectedSchools,
      added: null,
    });
  }

  if (joining) {
    return (
      <main className="first-run">
        <PageTitle>Rejoindre une convention</PageTitle>
        <p className="lead">
          L'autre partie de la convention utilise déjà ce registre : son office vous a envoyé par courriel un fichier d'invitation (.dsrinv). Il porte la
          convention, sa table de répartition et ses écoles, sans aucune demande ; les demandes arriveront ensuite par les paquets d'échange.
        </p>
        <JoinAgreement headingLevel={2} onOpen={(id) => onDone(`#/conventions/${id}/echanges`)} />
        <p>
          <button type="button" onClick={() => setJoining(false)}>
            Revenir au choix de la convention
          </button>
        </p>
      </main>
    );
  }

  if (created) {
    return (
      <main className="first-run">
        <PageTitle>Convention créée</PageTitle>
        <p>
          <strong>{created.name}</strong> : {created.schools} école{created.schools > 1 ? 's' : ''} importée
          {created.schools > 1 ? 's' : ''} de la liste de la convention.
        </p>
        {created.added && (
          <p className="banner banner-ok" role="status">
            {created.added}
          </p>
        )}
        <SchoolsToReview
          agreementId={created.id}
          lines={created.rejected}
          onAdded={(message, line) =>
            setCreated({ ...created, schools: created.schools + 1, rejected: created.rejected.filter((r) => r.line !== line.line), added: message })
          }
        />
        <button type="button" className="primary" onClick={() => onDone()}>
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
      <form onSubmit={(e) => void submit(e)} noValidate>
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
        <fieldset>
          <legend>Première convention</legend>
          <label className="choice">
            <input type="radio" name="start" value="create" checked={start === 'create'} onChange={() => setStart('create')} />
            La créer ici à partir d'un modèle
          </label>
          <label className="choice">
            <input type="radio" name="start" value="join" checked={start === 'join'} onChange={() => setStart('join')} />
            Rejoindre la convention de l'autre partie (fichier d'invitation reçu de son office)
          </label>
        </fieldset>
        {start === 'create' && (
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
        )}
        <Field
          label="Nom de la commune"
          hint={
            start === 'create'
              ? 'La commune signataire de la convention (et, pour un office de commune, la vôtre).'
              : "Pour un office de commune : la vôtre. Sans objet pour l'académie."
          }
          error={errors.communeName}
        >
          {(p) => <input {...p} type="text" value={communeName} onChange={(e) => setCommuneName(e.target.value)} autoComplete="off" />}
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {start === 'create' ? 'Commencer' : 'Continuer'}
        </button>
      </form>
    </main>
  );
}
