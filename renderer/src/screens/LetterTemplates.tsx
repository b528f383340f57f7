// The letter templates of one agreement (the model drafted jointly by the two DPDs, not one per
// office: seed 000 annex 1, 3.2.1). Shipped as French defaults, editable here; an unknown
// placeholder is refused when the template is saved, with its line.
import { useState } from 'react';
import type { ApiError, CallOutput } from '../../../core/api/contract';
import { LETTER_KINDS, type LetterKind } from '../../../core/documents/letters';
import { call } from '../api';
import { frInstant } from '../format';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle } from '../ui';
import '../print.css';

type Templates = CallOutput<'letters.templates'>;
type Template = Templates['templates'][number];

function TemplateForm({ agreementId, template, onSaved }: { agreementId: string; template: Template; onSaved: (t: Template) => void }) {
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function run(action: 'save' | 'reset') {
    setSaved(null);
    const r =
      action === 'save'
        ? await call('letters.saveTemplate', { agreementId, kind: template.kind, subject, body })
        : await call('letters.resetTemplate', { agreementId, kind: template.kind });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setSubject(r.value.subject);
    setBody(r.value.body);
    setSaved(action === 'save' ? `Modèle enregistré (version ${r.value.version}).` : `Modèle par défaut rétabli (version ${r.value.version}).`);
    onSaved(r.value);
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run('save');
      }}
      noValidate
      aria-label={`Modèle : ${template.label}`}
    >
      <p className="muted">
        Version {template.version}
        {template.isDefault ? ' (modèle fourni avec l’application)' : template.updatedAt ? `, modifiée le ${frInstant(template.updatedAt)}` : ''}.
      </p>
      <ErrorBanner error={error} />
      {saved && (
        <p className="banner banner-ok" role="status">
          {saved}
        </p>
      )}
      <Field label="Objet du modèle" error={error?.fields?.subject}>
        {(p) => <input {...p} value={subject} onChange={(e) => setSubject(e.target.value)} />}
      </Field>
      <Field label="Texte du modèle" error={error?.fields?.body} hint="{{donnée}} insère une donnée de la demande ; {{#si donnée}} … {{sinon}} … {{/si}} garde un passage selon qu’elle existe.">
        {(p) => <textarea {...p} className="template-text" rows={24} value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      <div className="letter-buttons">
        <button type="submit" className="primary">
          Enregistrer le modèle
        </button>
        <button type="button" onClick={() => void run('reset')}>
          Rétablir le modèle par défaut
        </button>
      </div>
    </form>
  );
}

export function LetterTemplates({ agreementId }: { agreementId: string }) {
  const [agreement] = useCall('agreements.get', { id: agreementId });
  const [loaded] = useCall('letters.templates', { agreementId });
  const wanted = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('type');
  const [kind, setKind] = useState<LetterKind>((LETTER_KINDS as readonly string[]).includes(wanted ?? '') ? (wanted as LetterKind) : 'acknowledgement');
  const [overrides, setOverrides] = useState<Partial<Record<LetterKind, Template>>>({});

  if (agreement.state === 'error') return <ErrorBanner error={agreement.error} />;
  if (loaded.state === 'error') return <ErrorBanner error={loaded.error} />;
  if (agreement.state !== 'ready' || loaded.state !== 'ready') return <Loading />;
  const template = overrides[kind] ?? loaded.value.templates.find((t) => t.kind === kind)!;

  return (
    <>
      <PageTitle>Modèles de courriers</PageTitle>
      <p className="lead">
        Convention <a href={`#/conventions/${agreementId}`}>{agreement.value.name}</a> : un modèle commun aux deux DPD pour chaque courrier (convention,
        annexe 1, § 3.2.1). Chaque courrier enregistré garde la version du modèle qui l’a produit.
      </p>
      <Field label="Courrier">
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value as LetterKind)}>
            {loaded.value.templates.map((t) => (
              <option key={t.kind} value={t.kind}>
                {t.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TemplateForm key={kind} agreementId={agreementId} template={template} onSaved={(t) => setOverrides((o) => ({ ...o, [t.kind]: t }))} />
      <section aria-labelledby="h-placeholders">
        <h2 id="h-placeholders">Données disponibles</h2>
        <table className="data placeholders">
          <thead>
            <tr>
              <th scope="col">Donnée</th>
              <th scope="col">Type</th>
              <th scope="col">Contenu</th>
            </tr>
          </thead>
          <tbody>
            {loaded.value.placeholders.map((p) => (
              <tr key={p.name}>
                <td>{p.type === 'flag' ? `{{#si ${p.name}}}` : `{{${p.name}}}`}</td>
                <td>{p.type === 'list' ? 'liste' : p.type === 'flag' ? 'condition' : 'texte'}</td>
                <td>{p.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
