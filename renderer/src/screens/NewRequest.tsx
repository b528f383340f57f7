import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError, NewRequest as NewRequestInput, RequestDetail } from '../../../core/api/contract';
import {
  CHANNELS,
  CHANNEL_LABELS,
  MEDIA,
  MEDIUM_LABELS,
  REQUESTER_CATEGORIES,
  REQUESTER_CATEGORY_LABELS,
  RIGHTS,
  RIGHT_LABELS,
  type Channel,
  type Medium,
  type Party,
  type RequesterCategory,
  type Right,
} from '../../../core/domain';
import { listedModule, MODULE_OWNER_LABELS } from '../../../core/modules';
import { call } from '../api';
import { lines } from '../format';
import { go } from '../router';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle, SelectField } from '../ui';
import { DateField } from '../DateField';

/** The value of « Autre module (hors liste) » in the module list (not a module name: names are trimmed). */
const OTHER_MODULE = ' autre';

/** What the user confirmed after being asked (core/corrections.ts): an unlikely date, a new allocation. */
type Confirmation = 'date' | 'allocation';
const CONFIRMATION_OF: Record<string, Confirmation> = { DATE_A_CONFIRMER: 'date', REPARTITION_A_CONFIRMER: 'allocation' };

/** Correcting a saved request: the intake form, filled with what was typed, with the reason of the correction. */
export function CorrectRequest({ id }: { id: string }) {
  const [loaded] = useCall('requests.get', { id });
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ErrorBanner error={loaded.error} />;
  return <NewRequest correcting={loaded.value} />;
}

export function NewRequest({ correcting }: { correcting?: RequestDetail } = {}) {
  const c = correcting;
  const [agreements] = useCall('agreements.list', {});
  const [info] = useCall('app.info', {});
  const [agreementId, setAgreementId] = useState(c?.agreementId ?? '');
  const [schools] = useCall('schools.list', agreementId ? { agreementId } : null);
  const [receivedOn, setReceivedOn] = useState(c?.receivedOn ?? '');
  const [channel, setChannel] = useState<Channel | ''>(c?.channel ?? '');
  const [medium, setMedium] = useState<Medium | ''>(c?.medium ?? '');
  const [requesterName, setRequesterName] = useState(c?.requesterName ?? '');
  const [requesterContact, setRequesterContact] = useState(c?.requesterContact ?? '');
  const [category, setCategory] = useState<RequesterCategory | ''>(c?.requesterCategory ?? '');
  const [aboutSomeoneElse, setAboutSomeoneElse] = useState(c?.subjectName != null);
  const [subjectName, setSubjectName] = useState(c?.subjectName ?? '');
  const [subjectIsMinor, setSubjectIsMinor] = useState(c?.subjectIsMinor ?? true);
  const [subjectRelation, setSubjectRelation] = useState(c?.subjectRelation ?? '');
  const [schoolId, setSchoolId] = useState(c?.school?.id ?? '');
  const [moduleName, setModuleName] = useState(c?.moduleName ?? '');
  const [moduleOwner, setModuleOwner] = useState<Party | ''>(c?.moduleOwner ?? '');
  /** « Autre module (hors liste) » chosen: the module is typed. */
  const [moduleOther, setModuleOther] = useState(c?.moduleOffList ?? false);
  const [severalSchools, setSeveralSchools] = useState(c?.schoolsScope === 'several');
  const [rights, setRights] = useState<Right[]>(c?.rights ?? []);
  const [summary, setSummary] = useState(c?.summary ?? '');
  const [attachments, setAttachments] = useState('');
  const [processorReceivedOn, setProcessorReceivedOn] = useState(c?.processor?.receivedOn ?? '');
  const [reason, setReason] = useState('');
  /** The question the service asked (an unlikely date, a new allocation), until confirmed. */
  const [question, setQuestion] = useState<{ what: Confirmation; message: string } | null>(null);
  const [confirmed, setConfirmed] = useState<Confirmation[]>([]);
  /** Per document of the agreement's list: not asked (default), received, or missing. */
  const [docs, setDocs] = useState<Record<string, 'received' | 'missing'>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [submitted, setSubmitted] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (agreements.state === 'ready' && !agreementId && agreements.value[0]) setAgreementId(agreements.value[0].id);
  }, [agreements, agreementId]);
  useEffect(() => {
    if (info.state === 'ready' && !receivedOn) setReceivedOn(info.value.today);
  }, [info, receivedOn]);

  if (agreements.state === 'loading' || info.state === 'loading') return <Loading />;
  if (agreements.state === 'error') return <ErrorBanner error={agreements.error} />;
  if (info.state === 'error') return <ErrorBanner error={info.error} />;
  const agreement = agreements.value.find((a) => a.id === agreementId);
  const moduleRules = agreement?.preset === 'dsden13';
  const listed = moduleOther ? undefined : listedModule(agreement?.modules ?? [], moduleName);
  const moduleChoice = moduleOther || (moduleName && !listed) ? OTHER_MODULE : (listed?.name ?? '');
  /** A listed module's owner is the list's (the service refuses another). */
  const listedChoice = listed !== undefined;

  /** What the form itself can check before anything is sent; the service checks again. */
  function validate(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!agreementId) found.agreementId = 'Choisissez la convention.';
    if (!channel) found.channel = 'Indiquez où la demande est arrivée.';
    if (!medium) found.medium = 'Indiquez comment la demande est arrivée.';
    if (!requesterName.trim()) found.requesterName = 'Indiquez le nom du demandeur.';
    if (!category) found.requesterCategory = 'Choisissez la catégorie du demandeur.';
    if (rights.length === 0) found.rights = 'Cochez au moins un droit.';
    if (aboutSomeoneElse && !subjectName.trim()) found.subjectName = 'Indiquez le nom de la personne concernée.';
    if (!receivedOn) found.receivedOn = 'Indiquez la date de réception.';
    if (c && !reason.trim()) found.reason = 'Indiquez le motif de la correction.';
    return found;
  }
  // After a first attempt, each field's message follows what is typed; the service's
  // messages stay until the form is changed.
  const errors = submitted ? { ...serverErrors, ...validate() } : serverErrors;

  async function submit(e: FormEvent | null, confirming: Confirmation[] = confirmed) {
    e?.preventDefault();
    setSubmitted(true);
    const found = validate();
    setFailure(
      Object.keys(found).length
        ? { code: 'ENTREE_INVALIDE', message: 'Le formulaire contient des erreurs : elles sont signalées à côté de chaque champ.' }
        : null,
    );
    if (Object.keys(found).length || !channel || !medium || !category) return;
    const identityDocuments = agreement?.identityDocuments ?? [];
    const input: NewRequestInput = {
      agreementId,
      receivedOn,
      channel,
      medium,
      requesterName,
      requesterContact,
      requesterCategory: category,
      subjectName: aboutSomeoneElse ? subjectName : null,
      subjectIsMinor: aboutSomeoneElse ? subjectIsMinor : null,
      subjectRelation: aboutSomeoneElse ? subjectRelation : null,
      schoolId: schoolId || null,
      moduleName: moduleRules && moduleName ? moduleName : null,
      moduleOwner: moduleRules && moduleOwner ? moduleOwner : null,
      schoolsScope: moduleRules ? (severalSchools ? 'several' : 'single') : null,
      rights,
      summary,
      attachments: lines(attachments),
      processorReceivedOn: channel === 'processor' && processorReceivedOn ? processorReceivedOn : null,
      identityDocumentsReceived: identityDocuments.filter((d) => docs[d] === 'received'),
      identityDocumentsMissing: identityDocuments.filter((d) => docs[d] === 'missing'),
    };
    setBusy(true);
    const { agreementId: _agreement, identityDocumentsReceived: _received, identityDocumentsMissing: _missing, attachments: _attachments, ...facts } = input;
    const r = c
      ? await call('requests.correct', { ...facts, id: c.id, reason, confirmed: confirming })
      : await call('requests.create', { ...input, confirmedDate: confirming.includes('date') });
    setBusy(false);
    if (!r.ok) {
      const what = CONFIRMATION_OF[r.error.code];
      // Unlikely, not wrong: the service asks, the user confirms (or corrects the field).
      if (what) {
        setQuestion({ what, message: r.error.message });
        setFailure(null);
        return;
      }
      setServerErrors(r.error.fields ?? {});
      setFailure(r.error);
      return;
    }
    go(c ? `#/demandes/${r.value.id}?corrigee=1` : `#/demandes/${r.value.id}`);
  }

  /** A field the question was about changed: the question goes, the user is asked again if still needed. */
  const changed = (what: Confirmation) => {
    setConfirmed((list) => list.filter((x) => x !== what));
    setQuestion((q) => (q?.what === what ? null : q));
  };

  const toggle = (list: Right[], item: Right, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  return (
    <>
      <PageTitle>{c ? `Corriger la demande ${c.reference}` : 'Nouvelle demande'}</PageTitle>
      {c && (
        <p className="hint">
          Corrigez ce qui a été mal saisi. La correction est enregistrée dans l'historique avec son motif et les valeurs avant et après ; l'échéance et la
          répartition sont recalculées.
        </p>
      )}
      <form
        onSubmit={(e) => void submit(e)}
        onChange={() => setServerErrors({})}
        noValidate
        className="request-form"
        aria-label={c ? 'Correction de la demande' : 'Nouvelle demande'}
      >
        <ErrorBanner error={failure && (failure.code !== 'ENTREE_INVALIDE' || Object.keys(errors).length > 0) ? failure : null} />
        <fieldset>
          <legend>Réception</legend>
          <Field label="Convention" error={errors.agreementId}>
            {(p) => (
              <select {...p} value={agreementId} disabled={c !== undefined} onChange={(e) => setAgreementId(e.target.value)}>
                {agreements.value.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {/* No upper bound: a future date is questioned by the service, not refused (issue 13). */}
          <DateField
            label="Date de réception"
            value={receivedOn}
            onChange={(v) => {
              setReceivedOn(v);
              changed('date');
            }}
            error={errors.receivedOn}
          />
          <SelectField
            label="Canal de réception"
            value={channel}
            onChange={(v) => {
              setChannel(v);
              changed('allocation');
            }}
            options={CHANNELS.map((x) => [x, CHANNEL_LABELS[x]] as const)}
            empty="Choisir…"
            error={errors.channel}
          />
          {channel === 'processor' && (
            <DateField
              label="Date de réception par l'éditeur"
              hint="L'éditeur doit transmettre la demande sous 3 jours ouvrés (clause sous-traitant)."
              value={processorReceivedOn}
              max={receivedOn || info.value.today}
              onChange={setProcessorReceivedOn}
              error={errors.processorReceivedOn}
            />
          )}
          <SelectField label="Mode de réception" value={medium} onChange={setMedium} options={MEDIA.map((x) => [x, MEDIUM_LABELS[x]] as const)} empty="Choisir…" error={errors.medium} />
        </fieldset>

        <fieldset>
          <legend>Demandeur</legend>
          <Field label="Nom du demandeur" error={errors.requesterName}>
            {(p) => <input {...p} value={requesterName} onChange={(e) => setRequesterName(e.target.value)} autoComplete="off" />}
          </Field>
          <Field label="Contact du demandeur" hint="Adresse postale ou électronique pour la réponse" error={errors.requesterContact}>
            {(p) => <input {...p} value={requesterContact} onChange={(e) => setRequesterContact(e.target.value)} autoComplete="off" />}
          </Field>
          <SelectField
            label="Catégorie du demandeur"
            value={category}
            onChange={(v) => {
              setCategory(v);
              changed('allocation');
            }} options={REQUESTER_CATEGORIES.map((x) => [x, REQUESTER_CATEGORY_LABELS[x]] as const)} empty="Choisir…" error={errors.requesterCategory} />
          <label className="choice">
            <input type="checkbox" checked={aboutSomeoneElse} onChange={(e) => setAboutSomeoneElse(e.target.checked)} />
            La demande concerne une autre personne (par exemple un élève)
          </label>
          {aboutSomeoneElse && (
            <>
              <Field label="Personne concernée" error={errors.subjectName}>
                {(p) => <input {...p} value={subjectName} onChange={(e) => setSubjectName(e.target.value)} autoComplete="off" />}
              </Field>
              <label className="choice">
                <input type="checkbox" checked={subjectIsMinor} onChange={(e) => setSubjectIsMinor(e.target.checked)} />
                La personne concernée est mineure
              </label>
              <Field label="Lien avec le demandeur" hint="ex. : mère, père, tuteur" error={errors.subjectRelation}>
                {(p) => <input {...p} value={subjectRelation} onChange={(e) => setSubjectRelation(e.target.value)} />}
              </Field>
            </>
          )}
        </fieldset>

        <fieldset>
          <legend>École et traitement</legend>
          <Field label="École" error={errors.schoolId}>
            {(p) => (
              <select {...p} value={schoolId} onChange={(e) => setSchoolId(e.target.value)}>
                <option value="">Non précisée</option>
                {schools.state === 'ready' &&
                  schools.value.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} ({s.uai})
                    </option>
                  ))}
              </select>
            )}
          </Field>
          {moduleRules && (
            <>
              <Field label="Module concerné" hint="Liste des modules de la convention ; « Autre module » pour un module qui n'y figure pas" error={errors.moduleName}>
                {(p) => (
                  <select
                    {...p}
                    value={moduleChoice}
                    onChange={(e) => {
                      const choice = e.target.value;
                      if (choice === OTHER_MODULE) {
                        setModuleOther(true);
                        setModuleName('');
                      } else {
                        setModuleOther(false);
                        setModuleName(choice);
                        const listed = listedModule(agreement?.modules ?? [], choice);
                        setModuleOwner(listed?.owner ?? '');
                      }
                      changed('allocation');
                    }}
                  >
                    <option value="">Non précisé</option>
                    {(agreement?.modules ?? []).map((m) => (
                      <option key={m.name} value={m.name}>
                        {m.name} (propre à {MODULE_OWNER_LABELS[m.owner]})
                      </option>
                    ))}
                    <option value={OTHER_MODULE}>Autre module (hors liste)…</option>
                  </select>
                )}
              </Field>
              {moduleChoice === OTHER_MODULE && (
                <Field label="Nom du module hors liste" hint="Il sera signalé « module hors liste » sur la demande" error={errors.moduleName} maxLength={200}>
                  {(p) => <input {...p} value={moduleName} onChange={(e) => setModuleName(e.target.value)} />}
                </Field>
              )}
              <Field label="Module propre à" error={errors.moduleOwner}>
                {(p) => (
                  <select
                    {...p}
                    value={moduleOwner}
                    disabled={listedChoice}
                    onChange={(e) => {
                      setModuleOwner(e.target.value as Party | '');
                      changed('allocation');
                    }}
                  >
                    <option value="">Inconnu (à arbitrer)</option>
                    <option value="commune">la collectivité</option>
                    <option value="academie">l'académie</option>
                  </select>
                )}
              </Field>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={severalSchools}
                  onChange={(e) => {
                    setSeveralSchools(e.target.checked);
                    changed('allocation');
                  }}
                />
                La demande concerne plusieurs écoles
              </label>
            </>
          )}
        </fieldset>

        <fieldset aria-describedby={errors.rights ? 'rights-error' : undefined}>
          <legend>Droits exercés</legend>
          <div className="checks">
            {RIGHTS.map((r) => (
              <label className="choice" key={r}>
                <input type="checkbox" checked={rights.includes(r)} onChange={(e) => setRights(toggle(rights, r, e.target.checked))} />
                {RIGHT_LABELS[r]}
              </label>
            ))}
          </div>
          {errors.rights && (
            <span className="field-error" id="rights-error">
              {errors.rights}
            </span>
          )}
        </fieldset>

        <fieldset>
          <legend>Contenu et pièces</legend>
          <Field label="Résumé de la demande" error={errors.summary}>
            {(p) => <textarea {...p} rows={4} value={summary} onChange={(e) => setSummary(e.target.value)} />}
          </Field>
          {!c && (
          <Field label="Pièces jointes (références)" hint="Une par ligne : où se trouve le document (courriel, dossier, scan), pas son contenu." error={errors.attachments}>
            {(p) => <textarea {...p} rows={2} value={attachments} onChange={(e) => setAttachments(e.target.value)} />}
          </Field>
          )}
          {!c && agreement && agreement.identityDocuments.length > 0 && (
            <fieldset className="nested">
              <legend>Pièces justificatives</legend>
              <p className="hint">Ne demandez que ce qui est nécessaire pour lever un doute raisonnable sur l'identité (RGPD, art. 12(6)).</p>
              {agreement.identityDocuments.map((d) => (
                <Field key={d} label={d}>
                  {(p) => (
                    <select
                      {...p}
                      value={docs[d] ?? ''}
                      onChange={(e) => {
                        const { [d]: _previous, ...rest } = docs;
                        setDocs(e.target.value ? { ...rest, [d]: e.target.value as 'received' | 'missing' } : rest);
                      }}
                    >
                      <option value="">Non demandée</option>
                      <option value="received">Reçue</option>
                      <option value="missing">Manquante</option>
                    </select>
                  )}
                </Field>
              ))}
            </fieldset>
          )}
        </fieldset>
        {c && (
          <fieldset>
            <legend>Correction</legend>
            <Field label="Motif de la correction" hint="Ce qui était mal saisi, et d'où vient la bonne valeur (courrier, appel…)." error={errors.reason}>
              {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
            </Field>
          </fieldset>
        )}
        {question && (
          <div className="banner banner-warning" role="alert">
            <p>{question.message}</p>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => {
                const next = [...new Set([...confirmed, question.what])];
                setConfirmed(next);
                setQuestion(null);
                void submit(null, next);
              }}
            >
              {question.what === 'date' ? 'Confirmer la date et enregistrer' : 'Confirmer la nouvelle répartition et enregistrer'}
            </button>
          </div>
        )}
        <div className="action-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {c ? 'Enregistrer la correction' : 'Enregistrer la demande'}
          </button>
          {c && (
            <a className="button" href={`#/demandes/${c.id}`}>
              Ne pas corriger
            </a>
          )}
        </div>
      </form>
    </>
  );
}
