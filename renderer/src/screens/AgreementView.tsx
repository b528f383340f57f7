import { useState, type FormEvent } from 'react';
import type { Agreement, ApiError } from '../../../core/api/contract';
import { HOLIDAY_CALENDARS, HOLIDAY_CALENDAR_LABELS, PARTY_LABELS, type HolidayCalendar } from '../../../core/domain';
import { call } from '../api';
import { lines } from '../format';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle } from '../ui';
import { RuleTable } from './RuleTable';

type ProcessingKey = 'purposes' | 'categories' | 'recipients' | 'thirdCountryTransfers' | 'retention' | 'source';

/** The art. 15(1) facts the access answer gives, in the order the letter prints them. */
const PROCESSING_FIELDS: { key: ProcessingKey; label: string; hint?: string }[] = [
  { key: 'purposes', label: 'Finalités du traitement' },
  { key: 'categories', label: 'Catégories de données traitées' },
  { key: 'recipients', label: 'Destinataires des données' },
  { key: 'thirdCountryTransfers', label: "Transferts hors de l'Union européenne et garanties", hint: '« Aucun » s’il n’y en a pas.' },
  { key: 'retention', label: 'Durée de conservation' },
  { key: 'source', label: 'Source des données' },
];

const blankProcessing = (p: Agreement['processing']): Record<ProcessingKey, string> => ({
  purposes: p?.purposes ?? '',
  categories: p?.categories ?? '',
  recipients: p?.recipients ?? '',
  thirdCountryTransfers: p?.thirdCountryTransfers ?? '',
  retention: p?.retention ?? '',
  source: p?.source ?? '',
});

function SettingsForm({ agreement, onSaved }: { agreement: Agreement; onSaved: () => void }) {
  const [name, setName] = useState(agreement.name);
  const [code, setCode] = useState(agreement.code);
  const [communeName, setCommuneName] = useState(agreement.communeName);
  const [academieName, setAcademieName] = useState(agreement.academieName);
  const [calendar, setCalendar] = useState<HolidayCalendar>(agreement.holidayCalendar);
  const [processorName, setProcessorName] = useState(agreement.processorName ?? '');
  const [contacts, setContacts] = useState(agreement.dpdContacts);
  const [documents, setDocuments] = useState(agreement.identityDocuments.join('\n'));
  const [jointArrangement, setJointArrangement] = useState(agreement.jointArrangement);
  const [processing, setProcessing] = useState(blankProcessing(agreement.processing));
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const fields = error?.fields ?? {};

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const r = await call('agreements.update', {
      id: agreement.id,
      patch: {
        name,
        code: code.trim().toUpperCase(),
        communeName,
        academieName,
        holidayCalendar: calendar,
        processorName: processorName.trim() || null,
        dpdContacts: contacts,
        identityDocuments: lines(documents),
        jointArrangement,
        processing,
      },
    });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setSaved(true);
    onSaved();
  }

  const contactFields = (party: 'commune' | 'academie') => (
    <fieldset key={party}>
      <legend>Contact DPD : {PARTY_LABELS[party]}</legend>
      {(['name', 'email', 'phone', 'address'] as const).map((k) => (
        <Field
          key={k}
          label={{ name: 'Nom', email: 'Courriel', phone: 'Téléphone', address: 'Adresse postale' }[k]}
          error={fields[`patch.dpdContacts.${party}.${k}`]}
        >
          {(p) => (
            <input
              {...p}
              type={k === 'email' ? 'email' : 'text'}
              value={contacts[party][k]}
              onChange={(e) => setContacts({ ...contacts, [party]: { ...contacts[party], [k]: e.target.value } })}
            />
          )}
        </Field>
      ))}
    </fieldset>
  );

  return (
    <form onSubmit={(e) => void save(e)} noValidate className="settings-form">
      <ErrorBanner error={error} />
      {saved && (
        <p className="banner banner-ok" role="status">
          Convention enregistrée.
        </p>
      )}
      <div className="grid2">
        <Field label="Nom de la convention" error={fields['patch.name']}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Code (références)" hint="Préfixe des références, ex. FAR-2026-0001" error={fields['patch.code']}>
          {(p) => <input {...p} value={code} maxLength={8} onChange={(e) => setCode(e.target.value)} />}
        </Field>
        <Field label="Commune" error={fields['patch.communeName']}>
          {(p) => <input {...p} value={communeName} onChange={(e) => setCommuneName(e.target.value)} />}
        </Field>
        <Field label="Académie" error={fields['patch.academieName']}>
          {(p) => <input {...p} value={academieName} onChange={(e) => setAcademieName(e.target.value)} />}
        </Field>
        <Field label="Calendrier des jours fériés" hint="Compte des jours ouvrés et report des échéances" error={fields['patch.holidayCalendar']}>
          {(p) => (
            <select {...p} value={calendar} onChange={(e) => setCalendar(e.target.value as HolidayCalendar)}>
              {HOLIDAY_CALENDARS.map((c) => (
                <option key={c} value={c}>
                  {HOLIDAY_CALENDAR_LABELS[c]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Éditeur de l'ENT (sous-traitant)" error={fields['patch.processorName']}>
          {(p) => <input {...p} value={processorName} onChange={(e) => setProcessorName(e.target.value)} />}
        </Field>
      </div>
      <div className="grid2">{(['commune', 'academie'] as const).map(contactFields)}</div>
      <Field
        label="Pièces justificatives demandées"
        hint="Une pièce par ligne : la liste rédigée conjointement (annexe 1, § 3.2.1)"
        error={fields['patch.identityDocuments']}
      >
        {(p) => <textarea {...p} rows={4} value={documents} onChange={(e) => setDocuments(e.target.value)} />}
      </Field>
      <Field
        label="Où lire l'essentiel de l'accord entre responsables conjoints"
        hint="Lien ou adresse (RGPD art. 26(2)) : l'accusé de réception l'indique à la personne. Vide : le courrier propose de le communiquer sur demande."
        error={fields['patch.jointArrangement']}
      >
        {(p) => <input {...p} value={jointArrangement} onChange={(e) => setJointArrangement(e.target.value)} />}
      </Field>
      <fieldset>
        <legend>Réponse au droit d'accès : informations sur le traitement (RGPD art. 15(1))</legend>
        <p className="hint">Reprises dans la lettre de réponse quand des données sont communiquées ; un champ vide y reste « à compléter ».</p>
        {PROCESSING_FIELDS.map((f) => (
          <Field key={f.key} label={f.label} error={fields[`patch.processing.${f.key}`]} {...(f.hint ? { hint: f.hint } : {})}>
            {(p) => <textarea {...p} rows={2} value={processing[f.key]} onChange={(e) => setProcessing({ ...processing, [f.key]: e.target.value })} />}
          </Field>
        ))}
      </fieldset>
      <button type="submit" className="primary">
        Enregistrer la convention
      </button>
    </form>
  );
}

function Schools({ agreementId, onAdded }: { agreementId: string; onAdded: () => void }) {
  const [schools, reload] = useCall('schools.list', { agreementId });
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [uai, setUai] = useState('');
  const [error, setError] = useState<ApiError | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    const r = await call('schools.add', { agreementId, name, address, uai });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setName('');
    setAddress('');
    setUai('');
    reload();
    onAdded();
  }

  return (
    <section aria-labelledby="h-schools">
      <h2 id="h-schools">Écoles</h2>
      {schools.state === 'loading' && <Loading />}
      {schools.state === 'error' && <ErrorBanner error={schools.error} />}
      {schools.state === 'ready' && (
        <table className="data">
          <caption className="sr-only">Écoles de la convention</caption>
          <thead>
            <tr>
              <th scope="col">École</th>
              <th scope="col">Adresse</th>
              <th scope="col">UAI</th>
            </tr>
          </thead>
          <tbody>
            {schools.value.length === 0 && (
              <tr>
                <td colSpan={3}>Aucune école enregistrée.</td>
              </tr>
            )}
            {schools.value.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{s.address}</td>
                <td className="mono">{s.uai}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Ajouter une école</h3>
      <form onSubmit={(e) => void add(e)} noValidate className="inline-form">
        <Field label="Nom de l'école" error={error?.fields?.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Adresse de l'école" error={error?.fields?.address}>
          {(p) => <input {...p} value={address} onChange={(e) => setAddress(e.target.value)} />}
        </Field>
        <Field label="Code UAI" hint="7 chiffres et une lettre de contrôle" error={error?.fields?.uai ?? (error && !error.fields ? error.message : undefined)}>
          {(p) => <input {...p} value={uai} maxLength={8} onChange={(e) => setUai(e.target.value)} className="mono" />}
        </Field>
        <button type="submit">Ajouter l'école</button>
      </form>
    </section>
  );
}

export function AgreementView({ id }: { id: string }) {
  const [agreement, reload] = useCall('agreements.get', { id });
  if (agreement.state === 'loading') return <Loading />;
  if (agreement.state === 'error') return <ErrorBanner error={agreement.error} />;
  const a = agreement.value;
  return (
    <>
      <PageTitle>Convention {a.name}</PageTitle>
      <p className="lead">
        Modèle : {a.presetLabel} · code {a.code} · {a.schoolCount} école{a.schoolCount > 1 ? 's' : ''} · <a href={`#/conventions/${a.id}/modeles`}>Modèles de courriers</a> ·{' '}
        <a href={`#/conventions/${a.id}/echanges`}>Échanges avec l'autre office</a>
      </p>
      <section aria-labelledby="h-rules">
        <h2 id="h-rules">Répartition des demandes</h2>
        <RuleTable rules={a.rules} />
      </section>
      <Schools agreementId={a.id} onAdded={reload} />
      <section aria-labelledby="h-settings">
        <h2 id="h-settings">Réglages de la convention</h2>
        <SettingsForm key={a.updatedAt} agreement={a} onSaved={reload} />
      </section>
    </>
  );
}
