import { useState, type FormEvent } from 'react';
import type { PresetId } from '../../../core/domain';
import { call } from '../api';
import { go } from '../router';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle, SelectField } from '../ui';
import { JoinAgreement } from './JoinAgreement';

export function Agreements() {
  const [list, reload] = useCall('agreements.list', {});
  const [presets] = useCall('agreements.presets', {});
  const [preset, setPreset] = useState<PresetId | ''>('');
  const [communeName, setCommuneName] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<{ code: string; message: string } | null>(null);

  if (list.state === 'loading' || presets.state === 'loading') return <Loading />;
  if (list.state === 'error') return <ErrorBanner error={list.error} />;
  if (presets.state === 'error') return <ErrorBanner error={presets.error} />;

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!preset) {
      setErrors({ preset: 'Choisissez un modèle de convention.' });
      return;
    }
    const r = await call('agreements.createFromPreset', {
      preset,
      ...(communeName.trim() ? { communeName: communeName.trim() } : {}),
      ...(code.trim() ? { code: code.trim().toUpperCase() } : {}),
    });
    if (!r.ok) {
      setErrors(r.error.fields ?? {});
      setFailure(r.error);
      return;
    }
    reload();
    go(`#/conventions/${r.value.agreement.id}`);
  }

  return (
    <>
      <PageTitle>Conventions</PageTitle>
      <p className="lead">Une convention par commune : sa table de répartition, ses écoles, ses contacts DPD.</p>
      <table className="data">
        <caption className="sr-only">Conventions enregistrées</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Convention</th>
            <th scope="col">Modèle</th>
            <th scope="col">Écoles</th>
          </tr>
        </thead>
        <tbody>
          {list.value.map((a) => (
            <tr key={a.id}>
              <td>{a.code}</td>
              <td>
                <a href={`#/conventions/${a.id}`}>{a.name}</a>
              </td>
              <td>{a.presetLabel}</td>
              <td>{a.schoolCount}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="add-agreement">
        <h2 id="add-agreement">Ajouter une convention</h2>
        <form onSubmit={(e) => void add(e)} noValidate className="inline-form">
          <ErrorBanner error={failure} />
          <SelectField
            label="Modèle de convention"
            value={preset}
            onChange={setPreset}
            options={presets.value.map((p) => [p.id, p.label] as const)}
            empty="Choisir…"
            error={errors.preset}
          />
          <Field label="Nom de la commune" error={errors.communeName}>
            {(p) => <input {...p} value={communeName} onChange={(e) => setCommuneName(e.target.value)} />}
          </Field>
          <Field label="Code (références)" hint="Facultatif, ex. FAR" error={errors.code}>
            {(p) => <input {...p} value={code} onChange={(e) => setCode(e.target.value)} maxLength={8} />}
          </Field>
          <button type="submit">Ajouter la convention</button>
        </form>
      </section>

      <section aria-labelledby="join-agreement">
        <h2 id="join-agreement">Rejoindre la convention d'une autre partie</h2>
        <p>
          Quand l'autre partie tient déjà la convention dans ce registre, son office vous envoie un fichier d'invitation : la convention est alors créée ici à
          l'identique, et les deux installations s'échangent ensuite leurs demandes.
        </p>
        <JoinAgreement
          headingLevel={3}
          onJoined={reload}
          onOpen={(id) => go(`#/conventions/${id}/echanges`)}
        />
      </section>
    </>
  );
}
