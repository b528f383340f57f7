import { useState, type FormEvent } from 'react';
import type { Agreement, ApiError, RejectedSchool, School } from '../../../core/api/contract';
import { uaiCorrection } from '../../../core/uai';
import { HOLIDAY_CALENDARS, HOLIDAY_CALENDAR_LABELS, PARTIES, PARTY_LABELS, type HolidayCalendar, type Party } from '../../../core/domain';
import { MODULE_OWNER_LABELS } from '../../../core/modules';
import { call } from '../api';
import { lines } from '../format';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle, useConfirmation } from '../ui';
import { SchoolsImport } from './RegisterImport';
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

type SchoolValues = { name: string; address: string; uai: string };

/** One school in the table, or its correction form once « Modifier » is chosen. */
function SchoolRowView({ school, onChanged }: { school: School; onChanged: (message: string) => void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'remove'>('view');
  const [values, setValues] = useState<SchoolValues>({ name: school.name, address: school.address, uai: school.uai });
  const [error, setError] = useState<ApiError | null>(null);
  const correction = error?.fields?.uai ? uaiCorrection(values.uai) : null;

  async function save(e: FormEvent) {
    e.preventDefault();
    const r = await call('schools.update', { id: school.id, ...values });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setMode('view');
    onChanged(`École modifiée : ${r.value.name} (${r.value.uai}).`);
  }

  async function remove() {
    const r = await call('schools.remove', { id: school.id });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    onChanged(`École supprimée : ${school.name} (${school.uai}).`);
  }

  if (mode === 'edit') {
    return (
      <tr>
        <td colSpan={4}>
          <form onSubmit={(e) => void save(e)} noValidate className="inline-form" aria-label={`Modifier ${school.name}`}>
            <Field label="Nom de l'école" error={error?.fields?.name}>
              {(p) => <input {...p} value={values.name} onChange={(e) => setValues({ ...values, name: e.target.value })} />}
            </Field>
            <Field label="Adresse de l'école" error={error?.fields?.address}>
              {(p) => <input {...p} value={values.address} onChange={(e) => setValues({ ...values, address: e.target.value })} />}
            </Field>
            <Field label="Code UAI" hint="7 chiffres et une lettre de contrôle" error={error?.fields?.uai}>
              {(p) => <input {...p} value={values.uai} maxLength={9} onChange={(e) => setValues({ ...values, uai: e.target.value })} className="mono" />}
            </Field>
            {correction && (
              <button type="button" onClick={() => setValues({ ...values, uai: correction })}>
                Utiliser le code {correction}
              </button>
            )}
            {error && !error.fields && <ErrorBanner error={error} />}
            <button type="submit" className="primary">
              Enregistrer l'école
            </button>
            <button
              type="button"
              onClick={() => {
                setMode('view');
                setError(null);
                setValues({ name: school.name, address: school.address, uai: school.uai });
              }}
            >
              Annuler la modification
            </button>
          </form>
        </td>
      </tr>
    );
  }
  return (
    <tr>
      <td>{school.name}</td>
      <td>{school.address}</td>
      <td className="mono">{school.uai}</td>
      <td>
        {mode === 'remove' ? (
          <div role="group" aria-label={`Supprimer ${school.name}`}>
            {error ? <ErrorBanner error={error} /> : <p>Supprimer cette école de la convention ?</p>}
            {!error && (
              <button type="button" onClick={() => void remove()}>
                Confirmer la suppression
              </button>
            )}
            <button
              type="button"
              onClick={() => {
                setMode('view');
                setError(null);
              }}
            >
              {error ? 'Fermer' : 'Garder l’école'}
            </button>
          </div>
        ) : (
          <>
            <button type="button" aria-label={`Modifier ${school.name}`} onClick={() => setMode('edit')}>
              Modifier
            </button>{' '}
            <button type="button" aria-label={`Supprimer ${school.name}`} onClick={() => setMode('remove')}>
              Supprimer
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

/** Lines of the agreement's own school list not imported (a wrong UAI), each with its correction to accept. */
export function SchoolsToReview({ agreementId, lines, onAdded }: { agreementId: string; lines: RejectedSchool[]; onAdded: (message: string, line: RejectedSchool) => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  if (lines.length === 0) return null;

  async function accept(line: RejectedSchool, uai: string) {
    const r = await call('schools.add', { agreementId, name: line.name, address: line.address, uai });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    onAdded(`École ajoutée avec le code ${r.value.uai} : ${r.value.name}.`, line);
  }

  return (
    <div className="banner banner-warning" role="region" aria-labelledby="h-schools-review">
      <h3 id="h-schools-review">Écoles de la liste de la convention à corriger</h3>
      <ErrorBanner error={error} />
      <ul>
        {lines.map((line) => (
          <li key={line.line}>
            Ligne {line.line}, {line.name} : {line.reason}
            {line.correction ? (
              <>
                {' '}
                Code valide le plus proche : <span className="mono">{line.correction}</span>.{' '}
                <button type="button" onClick={() => void accept(line, line.correction!)}>
                  Ajouter avec le code {line.correction}
                </button>
              </>
            ) : (
              ' Ajoutez-la ci-dessous avec son code UAI exact.'
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Schools({ agreementId, onAdded }: { agreementId: string; onAdded: () => void }) {
  const [schools, reload] = useCall('schools.list', { agreementId });
  const [toReview, reloadReview] = useCall('schools.toReview', { agreementId });
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [uai, setUai] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const { message, setMessage, messageRef } = useConfirmation();
  const correction = error ? uaiCorrection(uai) : null;

  function changed(m: string) {
    setMessage(m);
    reload();
    reloadReview();
    onAdded();
  }

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
    changed(`École ajoutée : ${r.value.name} (${r.value.uai}).`);
  }

  return (
    <section aria-labelledby="h-schools">
      <h2 id="h-schools">Écoles</h2>
      {message && (
        <p className="banner banner-ok" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </p>
      )}
      {toReview.state === 'ready' && <SchoolsToReview agreementId={agreementId} lines={toReview.value} onAdded={changed} />}
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
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {schools.value.length === 0 && (
              <tr>
                <td colSpan={4}>Aucune école enregistrée.</td>
              </tr>
            )}
            {schools.value.map((s) => (
              <SchoolRowView key={`${s.id}-${s.name}-${s.address}-${s.uai}`} school={s} onChanged={changed} />
            ))}
          </tbody>
        </table>
      )}
      <h3>Ajouter une école</h3>
      <form onSubmit={(e) => void add(e)} noValidate className="inline-form" aria-label="Ajouter une école">
        <Field label="Nom de l'école" error={error?.fields?.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Adresse de l'école" error={error?.fields?.address}>
          {(p) => <input {...p} value={address} onChange={(e) => setAddress(e.target.value)} />}
        </Field>
        <Field label="Code UAI" hint="7 chiffres et une lettre de contrôle" error={error?.fields?.uai ?? (error && !error.fields ? error.message : undefined)}>
          {(p) => <input {...p} value={uai} maxLength={9} onChange={(e) => setUai(e.target.value)} className="mono" />}
        </Field>
        {correction && (
          <button type="button" onClick={() => setUai(correction)}>
            Utiliser le code {correction}
          </button>
        )}
        <button type="submit">Ajouter l'école</button>
      </form>
      <SchoolsImport
        agreementId={agreementId}
        onImported={() => {
          reload();
          reloadReview();
          onAdded();
        }}
      />
    </section>
  );
}

/**
 * The ENT's modules with their owner (seed 003 art. 8.1: each party answers for its own modules),
 * edited here; intake picks a request's module from this list.
 */
function ModulesForm({ agreement, onSaved }: { agreement: Agreement; onSaved: () => void }) {
  const [modules, setModules] = useState<{ name: string; owner: Party }[]>(agreement.modules);
  const [error, setError] = useState<ApiError | null>(null);
  const { message, setMessage, messageRef } = useConfirmation();
  const fields = error?.fields ?? {};

  async function save(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    const r = await call('agreements.update', { id: agreement.id, patch: { modules } });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setModules(r.value.modules);
    setMessage(`Liste des modules enregistrée (${r.value.modules.length} module${r.value.modules.length > 1 ? 's' : ''}).`);
    onSaved();
  }

  const set = (i: number, patch: Partial<{ name: string; owner: Party }>) => setModules(modules.map((m, j) => (j === i ? { ...m, ...patch } : m)));

  return (
    <form onSubmit={(e) => void save(e)} noValidate aria-labelledby="h-modules">
      <p className="hint">
        La collectivité répond aux demandes portant sur ses modules, l'académie sur les siens (convention, art. 8.1). À la saisie d'une demande, le module
        se choisit dans cette liste et son propriétaire suit ; un module saisi hors liste est signalé sur la demande.
      </p>
      {message && (
        <p className="banner banner-ok" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </p>
      )}
      <ErrorBanner error={error && !Object.keys(fields).some((k) => k.startsWith('patch.modules.')) ? error : null} />
      <table className="data">
        <caption className="sr-only">Modules de l'ENT et leur propriétaire</caption>
        <thead>
          <tr>
            <th scope="col">Module ou traitement</th>
            <th scope="col">Propre à</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {modules.length === 0 && (
            <tr>
              <td colSpan={3}>Aucun module : toute demande sera proposée à l'académie, à confirmer.</td>
            </tr>
          )}
          {modules.map((m, i) => (
            <tr key={i}>
              <td>
                <Field label={`Nom du module ${i + 1}`} error={fields[`patch.modules.${i}.name`]} maxLength={200}>
                  {(p) => <input {...p} value={m.name} onChange={(e) => set(i, { name: e.target.value })} />}
                </Field>
              </td>
              <td>
                <Field label={`Propriétaire du module ${i + 1}`} error={fields[`patch.modules.${i}.owner`]}>
                  {(p) => (
                    <select {...p} value={m.owner} onChange={(e) => set(i, { owner: e.target.value as Party })}>
                      {PARTIES.map((party) => (
                        <option key={party} value={party}>
                          {MODULE_OWNER_LABELS[party]}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </td>
              <td>
                <button type="button" aria-label={`Retirer le module ${i + 1} (${m.name || 'sans nom'})`} onClick={() => setModules(modules.filter((_, j) => j !== i))}>
                  Retirer
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" onClick={() => setModules([...modules, { name: '', owner: 'commune' }])}>
          Ajouter un module
        </button>{' '}
        <button type="submit" className="primary">
          Enregistrer les modules
        </button>
      </p>
    </form>
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
        <a href={`#/conventions/${a.id}/echanges`}>Échanges avec l'autre office</a> · <a href={`#/registre/rapport?convention=${encodeURIComponent(a.id)}`}>Rapport annuel</a> ·{' '}
        <a href={`#/conservation?convention=${encodeURIComponent(a.id)}`}>Conservation</a>
      </p>
      <section aria-labelledby="h-rules">
        <h2 id="h-rules">Répartition des demandes</h2>
        <RuleTable rules={a.rules} />
      </section>
      {a.preset === 'dsden13' && (
        <section aria-labelledby="h-modules">
          <h2 id="h-modules">Modules de l'ENT</h2>
          <ModulesForm agreement={a} onSaved={reload} />
        </section>
      )}
      <Schools agreementId={a.id} onAdded={reload} />
      <section aria-labelledby="h-settings">
        <h2 id="h-settings">Réglages de la convention</h2>
        <SettingsForm key={a.updatedAt} agreement={a} onSaved={reload} />
      </section>
    </>
  );
}
