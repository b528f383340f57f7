// One letter of a request: filled in from the request with the agreement's template, edited by
// the user, then saved as PDF (Chromium), as DOCX, or printed through the browser when no
// Chromium-family browser can make the PDF. Saving stores the letter with its request and writes
// an event (the acknowledgement also sets the acknowledgement date). The signature is the one
// the letter will carry (signatureLines, core/documents/letters.ts): the authority or its delegate
// for a decision, the DPD otherwise.
import { useEffect, useId, useRef, useState } from 'react';
import type { ApiError, CallOutput } from '../../../core/api/contract';
import { LETTER_KINDS, LETTER_LABELS, isDecidingKind, textBlocks, type LetterKind } from '../../../core/documents/letters';
import { call } from '../api';
import { saveFile, type FileOut } from '../download';
import { frDate } from '../format';
import { PrintView } from '../PrintView';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle } from '../ui';
import '../print.css';
import { DateField } from '../DateField';

type Draft = CallOutput<'letters.draft'>;

const isLetterKind = (k: string): k is LetterKind => (LETTER_KINDS as readonly string[]).includes(k);
const markersIn = (text: string) => [...text.matchAll(/\[à compléter[^\]]*\]/g)].map((m) => m[0]);

/** The signer's name in the signature lines: after the capacity line of a decision. */
const signatureNameAt = (draft: Draft) => (isDecidingKind(draft.kind) ? 1 : 0);

/** What the letter will look like (same blocks as the PDF and the DOCX). */
function Preview({ draft, subject, body, date }: { draft: Draft; subject: string; body: string; date: string }) {
  const lh = draft.letterhead;
  return (
    <div className="letter-preview">
      <div className="preview-head">
        <div>
          <span className="preview-line preview-strong">{lh.officeName}</span>
          {lh.address.split('\n').map((l, i) => (
            <span key={i} className="preview-line">
              {l}
            </span>
          ))}
        </div>
        <div>
          <span className="preview-line preview-strong">{draft.recipient.name}</span>
          {draft.recipient.lines.map((l, i) => (
            <span key={i} className="preview-line">
              {l}
            </span>
          ))}
        </div>
      </div>
      <p className="preview-date">
        {lh.city ? `${lh.city}, le ` : 'Le '}
        {/^\d{4}-\d{2}-\d{2}$/.test(date) ? frDate(date) : '—'}
      </p>
      <p>
        <strong>Objet :</strong> {subject}
        <br />
        <strong>Référence :</strong> {draft.reference}
        {draft.concerning && (
          <>
            <br />
            <strong>Personne concernée :</strong> {draft.concerning}
          </>
        )}
      </p>
      {textBlocks(body).map((b, i) =>
        b.type === 'p' ? (
          <p key={i}>
            {b.lines.map((l, j) => (
              <span key={j} className="preview-line">
                {l}
              </span>
            ))}
          </p>
        ) : (
          <ul key={i}>
            {b.items.map((item, j) => (
              <li key={j}>{item}</li>
            ))}
          </ul>
        ),
      )}
      <p className="preview-signature">
        {draft.signature.map((l, i) => (
          <span key={i} className={`preview-line${i === signatureNameAt(draft) ? ' preview-strong' : ''}`}>
            {l}
          </span>
        ))}
      </p>
    </div>
  );
}

function LetterForm({ draft, requestId }: { draft: Draft; requestId: string }) {
  const [subject, setSubject] = useState(draft.subject);
  const [body, setBody] = useState(draft.body);
  const [date, setDate] = useState(draft.date);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [printing, setPrinting] = useState<FileOut | null>(null);
  const savedRef = useRef<HTMLParagraphElement>(null);
  const markersId = useId();
  // The signature's markers too: a decision cannot be saved without its signatory.
  const missing = markersIn([subject, body, ...draft.signature].join('\n'));
  const fields = error?.fields ?? {};

  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  async function save(format: 'pdf' | 'docx' | 'html') {
    setBusy(format);
    setSaved(null);
    const r = await call('letters.save', { requestId, kind: draft.kind, subject, body, date, format });
    setBusy(null);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    if (format === 'html') setPrinting(r.value.file);
    else saveFile(r.value.file);
    const how = format === 'pdf' ? 'en PDF' : format === 'docx' ? 'en DOCX' : 'pour impression';
    setSaved(`Enregistré : ${draft.label} ${how} (${r.value.file.filename}), rangé avec la demande.`);
  }

  return (
    <>
      {draft.warnings.length > 0 && (
        <div className="banner banner-warning">
          <ul>
            {draft.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {saved && (
        <p className="banner banner-ok" role="status" tabIndex={-1} ref={savedRef}>
          {saved} <a href={`#/demandes/${requestId}`}>Retour à la demande</a>
        </p>
      )}
      <ErrorBanner error={error} />
      {error?.code === 'NAVIGATEUR_ABSENT' && (
        <p>
          <button type="button" onClick={() => void save('html')}>
            Imprimer avec le navigateur
          </button>
        </p>
      )}
      <div className="letter-layout">
        <form onSubmit={(e) => e.preventDefault()} noValidate aria-label={`Courrier : ${draft.label}`}>
          <DateField label="Date du courrier" value={date} onChange={setDate} error={fields.date} />
          <Field label="Objet" error={fields.subject}>
            {(p) => <input {...p} value={subject} onChange={(e) => setSubject(e.target.value)} />}
          </Field>
          <Field
            label="Texte du courrier"
            error={fields.body}
            hint="Une ligne vide sépare les paragraphes ; une ligne commençant par « - » est un élément de liste."
          >
            {(p) => (
              <textarea
                {...p}
                aria-describedby={[p['aria-describedby'], missing.length ? markersId : null].filter(Boolean).join(' ') || undefined}
                className="letter-text"
                rows={26}
                value={body}
                onChange={(e) => setBody(e.target.value)}
              />
            )}
          </Field>
          {missing.length > 0 && (
            <p className="banner banner-warning" id={markersId}>
              À compléter avant d'enregistrer : {missing.join(', ')}.
              {markersIn(draft.signature.join('\n')).length > 0 && (
                <>
                  {' '}
                  Ce courrier décide : il est signé par l'autorité ou son délégataire, à renseigner dans <a href="#/parametres">Paramètres</a> (en-tête des
                  courriers).
                </>
              )}
            </p>
          )}
          <div className="letter-buttons">
            <button type="button" className="primary" disabled={busy !== null} onClick={() => void save('pdf')}>
              Enregistrer en PDF
            </button>
            <button type="button" disabled={busy !== null} onClick={() => void save('docx')}>
              Enregistrer en DOCX
            </button>
            {busy && (
              <span role="status" className="muted">
                Production du fichier…
              </span>
            )}
          </div>
          <p className="muted small">
            Modèle de la convention, version {draft.templateVersion}.{' '}
            <a href={`#/conventions/${draft.agreementId}/modeles?type=${draft.kind}`}>Modifier le modèle</a>
          </p>
        </form>
        <section aria-labelledby="h-preview">
          <h2 id="h-preview">Aperçu</h2>
          <Preview draft={draft} subject={subject} body={body} date={date} />
        </section>
      </div>
      {printing && <PrintView file={printing} onClose={() => setPrinting(null)} />}
    </>
  );
}

export function LetterView({ requestId, kind }: { requestId: string; kind: string }) {
  const valid = isLetterKind(kind);
  const [draft] = useCall('letters.draft', valid ? { requestId, kind } : null);
  if (!valid) {
    return <ErrorBanner error={{ code: 'COURRIER_INCONNU', message: `Type de courrier inconnu : « ${kind} ».` }} />;
  }
  if (draft.state === 'loading') return <Loading />;
  if (draft.state === 'error') return <ErrorBanner error={draft.error} />;
  return (
    <>
      <PageTitle>
        {LETTER_LABELS[kind]} : demande {draft.value.reference}
      </PageTitle>
      <p className="lead">
        <a href={`#/demandes/${requestId}`}>Retour à la demande {draft.value.reference}</a> · destinataire : {draft.value.recipient.name}
        {draft.value.concerning ? ` · personne concernée : ${draft.value.concerning}` : ''}
      </p>
      <LetterForm draft={draft.value} requestId={requestId} />
    </>
  );
}
