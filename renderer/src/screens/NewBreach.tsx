import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError, DeclareBreach } from '../../../core/api/contract';
import { DISCOVERERS, DISCOVERER_LABELS, ORIGINS, ORIGIN_LABELS, type Discoverer, type Origin } from '../../../core/breaches/rules';
import { call } from '../api';
import { DateTimeField, asLocal, parisNowValue } from '../breach';
import { go } from '../router';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle, SelectField } from '../ui';

/** A count typed by the user: '' is unknown (null), else a whole number (or the text, refused by the service). */
const countOf = (text: string): number | null => (text.trim() === '' ? null : Number(text.replace(/\s/g, '')));

export function NewBreach() {
  const [agreements] = useCall('agreements.list', {});
  const [agreementId, setAgreementId] = useState('');
  const [knownAt, setKnownAt] = useState(parisNowValue);
  const [knownHow, setKnownHow] = useState('');
  const [discoveredBy, setDiscoveredBy] = useState<Discoverer | ''>('');
  const [discovererName, setDiscovererName] = useState('');
  const [origin, setOrigin] = useState<Origin | ''>('');
  const [service, setService] = useState('');
  const [hosting, setHosting] = useState('');
  const [startedAt, setStartedAt] = useState('T');
  const [endedAt, setEndedAt] = useState('T');
  const [nature, setNature] = useState('');
  const [dataCategories, setDataCategories] = useState('');
  const [personCategories, setPersonCategories] = useState('');
  const [personsCount, setPersonsCount] = useState('');
  const [recordsCount, setRecordsCount] = useState('');
  const [consequences, setConsequences] = useState('');
  const [measures, setMeasures] = useState('');
  const [securityIncident, setSecurityIncident] = useState(false);
  const [securityIncidentOnly, setSecurityIncidentOnly] = useState(false);
  const [highRisk, setHighRisk] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (agreements.state === 'ready' && !agreementId && agreements.value[0]) setAgreementId(agreements.value[0].id);
  }, [agreements, agreementId]);
  if (agreements.state === 'loading') return <Loading />;
  if (agreements.state === 'error') return <ErrorBanner error={agreements.error} />;

  /** What the form can check itself; the service checks everything again. */
  function validate(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!knownHow.trim()) found.knownHow = 'Dites comment la violation a été connue.';
    if (!discoveredBy) found.discoveredBy = 'Indiquez qui l’a découverte.';
    if (!origin) found.origin = 'Indiquez d’où elle provient, ou « encore inconnue ».';
    if (!service.trim()) found.service = 'Indiquez le service concerné.';
    if (!nature.trim()) found.nature = 'Décrivez la nature de la violation.';
    if (!dataCategories.trim()) found.dataCategories = 'Indiquez les catégories de données.';
    if (!personCategories.trim()) found.personCategories = 'Indiquez les catégories de personnes.';
    for (const [key, text] of [['personsCount', personsCount], ['recordsCount', recordsCount]] as const) {
      const n = countOf(text);
      if (n !== null && (!Number.isInteger(n) || n < 0)) found[key] = 'Un nombre entier (approximatif), ou vide si inconnu.';
    }
    return found;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length || !discoveredBy || !origin) {
      setFailure({ code: 'ENTREE_INVALIDE', message: 'Le formulaire contient des erreurs : elles sont signalées à côté de chaque champ.' });
      return;
    }
    const optional = (v: string) => (v.replace('T', '').trim() === '' ? null : asLocal(v));
    const input: DeclareBreach = {
      agreementId,
      knownAt: asLocal(knownAt),
      knownHow,
      discoveredBy,
      discovererName,
      origin,
      service,
      hosting,
      startedAt: optional(startedAt),
      endedAt: optional(endedAt),
      nature,
      dataCategories,
      personCategories,
      personsCount: countOf(personsCount),
      recordsCount: countOf(recordsCount),
      consequences,
      measures,
      securityIncident,
      securityIncidentOnly,
      highRisk,
    };
    setBusy(true);
    const r = await call('breaches.declare', input);
    setBusy(false);
    if (!r.ok) {
      setErrors(r.error.fields ?? {});
      setFailure(r.error);
      return;
    }
    go(`#/violations/${r.value.id}`);
  }

  const text = (label: string, value: string, set: (v: string) => void, key: string, opts: { hint?: string; max?: number; area?: boolean } = {}) => (
    <Field label={label} error={errors[key]} hint={opts.hint} maxLength={opts.max}>
      {(p) => (opts.area ? <textarea {...p} rows={3} value={value} onChange={(e) => set(e.target.value)} /> : <input {...p} value={value} onChange={(e) => set(e.target.value)} autoComplete="off" />)}
    </Field>
  );

  return (
    <>
      <PageTitle>Déclarer une violation de données</PageTitle>
      <p className="lead">
        Les champs suivent le formulaire standard de déclaration de la convention (annexe 1 art. 4.1). Chaque délai part de l’heure de connaissance : renseignez-la exactement.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate className="request-form" aria-label="Déclaration de la violation">
        <ErrorBanner error={failure} />
        <fieldset>
          <legend>Connaissance de la violation</legend>
          <Field label="Convention" error={errors.agreementId}>
            {(p) => (
              <select {...p} value={agreementId} onChange={(e) => setAgreementId(e.target.value)}>
                {agreements.value.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <DateTimeField label="Connue le" value={knownAt} onChange={setKnownAt} error={errors.knownAt} hint="L’instant d’où partent les délais (24 h, 48 h, 72 h)." />
          {text('Comment elle a été connue', knownHow, setKnownHow, 'knownHow', { max: 2000, hint: 'ex. : courriel d’un enseignant, alerte de l’éditeur' })}
          <SelectField label="Découverte par" value={discoveredBy} onChange={setDiscoveredBy} options={DISCOVERERS.map((d) => [d, DISCOVERER_LABELS[d]] as const)} empty="Choisir…" error={errors.discoveredBy} />
          {text('Qui l’a découverte', discovererName, setDiscovererName, 'discovererName', { max: 300 })}
          <SelectField
            label="Origine"
            value={origin}
            onChange={setOrigin}
            options={ORIGINS.map((o) => [o, ORIGIN_LABELS[o]] as const)}
            empty="Choisir…"
            error={errors.origin}
            hint="Elle désigne la partie qui notifie la CNIL (annexe 1 art. 4.2.2)."
          />
        </fieldset>
        <fieldset>
          <legend>Service et dates de la violation</legend>
          {text('Service concerné', service, setService, 'service', { max: 300 })}
          {text("Localisation de l'hébergement", hosting, setHosting, 'hosting', { max: 300 })}
          <DateTimeField label="Début de la violation (si connu)" value={startedAt} onChange={setStartedAt} error={errors.startedAt} />
          <DateTimeField label="Fin de la violation (si terminée)" value={endedAt} onChange={setEndedAt} error={errors.endedAt} />
        </fieldset>
        <fieldset>
          <legend>Nature, données et personnes</legend>
          {text('Nature de la violation', nature, setNature, 'nature', { max: 4000, area: true, hint: 'perte de confidentialité, d’intégrité ou de disponibilité, et les circonstances' })}
          {text('Catégories de données', dataCategories, setDataCategories, 'dataCategories', { max: 2000 })}
          {text("Nombre approximatif d'enregistrements", recordsCount, setRecordsCount, 'recordsCount', { hint: 'vide si inconnu' })}
          {text('Catégories de personnes', personCategories, setPersonCategories, 'personCategories', { max: 2000, hint: 'ex. : élèves (mineurs), parents, enseignants' })}
          {text('Nombre approximatif de personnes', personsCount, setPersonsCount, 'personsCount', { hint: 'vide si inconnu' })}
          {text('Conséquences probables', consequences, setConsequences, 'consequences', { max: 4000, area: true })}
          {text('Mesures de sécurité prises ou envisagées', measures, setMeasures, 'measures', { max: 4000, area: true })}
          <label className="choice">
            <input type="checkbox" checked={highRisk} onChange={(e) => setHighRisk(e.target.checked)} />
            Risque élevé pour les droits et libertés des personnes (elles seront informées, RGPD art. 34)
          </label>
          <label className="choice">
            <input type="checkbox" checked={securityIncident} onChange={(e) => setSecurityIncident(e.target.checked)} />
            Incident de sécurité informatique (alerte SSI et IEN de la circonscription, convention art. 7)
          </label>
          <label className="choice">
            <input type="checkbox" checked={securityIncidentOnly} onChange={(e) => setSecurityIncidentOnly(e.target.checked)} />
            Incident de sécurité seulement, sans données personnelles (pas de notification à la CNIL)
          </label>
        </fieldset>
        <button type="submit" className="primary" disabled={busy}>
          Déclarer la violation
        </button>
      </form>
    </>
  );
}
