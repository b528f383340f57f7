// One DPD meeting (the monthly one where the agreement provides for it): its agenda (generated from the requests; each line links to its
// request), the exports (agenda as PDF, joint-review workbook as XLSX), the minutes (a decision
// per line, written as events on the requests when saved) and the re-import of a filled
// workbook (read, reported, applied only when confirmed).
import { memo, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ApiError, CallOutput } from '../../../core/api/contract';
import { agendaGroups, DECISION_LABELS, meetingWhenHow, type DecisionKind, type MeetingFormat } from '../../../core/documents/agenda';
import { ActionForm } from '../ActionForm';
import { call } from '../api';
import { readPickedFile, saveFile, type FileOut } from '../download';
import { frDate, frInstant, plural } from '../format';
import { PrintView } from '../PrintView';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle, useConfirmation } from '../ui';
import { MeetingFields, meetingInput } from './Meetings';
import { FORMAT_LABELS } from './RequestDocuments';
import '../print.css';

type Meeting = CallOutput<'meetings.get'>;
type Section = Meeting['agenda']['sections'][number];
type Item = Section['items'][number];
type Report = CallOutput<'meetings.previewImport'>;
type Draft = Record<string, { kind: DecisionKind | ''; text: string }>;

const MAX_WORKBOOK_BYTES = 1_000_000;

function EditMeeting({ meeting, onSaved }: { meeting: Meeting; onSaved: (m: Meeting) => void }) {
  const [date, setDate] = useState(meeting.date);
  const [time, setTime] = useState(meeting.time ?? '');
  const [format, setFormat] = useState<MeetingFormat | ''>(meeting.format ?? '');
  const [participants, setParticipants] = useState(meeting.participants.join('\n'));
  const [otherItems, setOtherItems] = useState(meeting.otherItems.join('\n'));
  return (
    <ActionForm
      label="Modifier la réunion"
      submitLabel="Enregistrer et actualiser l'ordre du jour"
      onSubmit={() => call('meetings.update', { id: meeting.id, ...meetingInput({ date, time, format, participants, otherItems }) })}
      onDone={(m) => onSaved(m)}
    >
      {(fields) => (
        <MeetingFields values={{ date, time, format, participants, otherItems }} set={{ setDate, setTime, setFormat, setParticipants, setOtherItems }} fields={fields} />
      )}
    </ActionForm>
  );
}

type Recorded = NonNullable<Meeting['minutes']>['decisions'];
const NO_DECISION: Draft[string] = { kind: '', text: '' };
const NOTHING_RECORDED: Recorded = [];

/**
 * One line of the agenda with its decision fields. Memoised: typing in one line (or in the notes)
 * re-renders that line only, not the hundreds of others (a 300-request agenda stays instant).
 */
const ItemRow = memo(function ItemRow({
  item: i,
  sectionNumber,
  isOther,
  draft: d,
  done,
  error,
  setDraft,
}: {
  item: Item;
  sectionNumber: string;
  isOther: boolean;
  draft: Draft[string];
  done: Recorded;
  error: string | undefined;
  setDraft: (fn: (d: Draft) => Draft) => void;
}) {
  const label = isOther ? `point ${i.key.replace('other-', '')}` : (i.reference ?? '');
  return (
    <tr>
      {isOther ? (
        <td>{i.note}</td>
      ) : (
        <>
          <td className="nowrap">
            <a href={`#/demandes/${i.requestId}`}>{i.reference}</a>
          </td>
          <td className="nowrap">{frDate(i.receivedOn)}</td>
          <td>
            {i.requester}
            {i.subject ? ` / ${i.subject}` : ''}
          </td>
          <td>{i.rights}</td>
          <td>{i.status}</td>
          <td>{i.party}</td>
          <td className="nowrap">{i.dueOn ? frDate(i.dueOn) : 'suspendu'}</td>
          <td>{i.note}</td>
        </>
      )}
      <td>
        {done.map((x, n) => (
          <p key={n} className="small">
            <strong>{x.label}</strong>
            {x.text ? ` : ${x.text}` : ''} <span className="muted">({x.source === 'classeur' ? 'classeur' : 'relevé'})</span>
          </p>
        ))}
        <select
          aria-label={`Décision, ${sectionNumber}, ${label}`}
          aria-invalid={error ? true : undefined}
          value={d.kind}
          onChange={(e) => {
            const kind = e.target.value as DecisionKind | '';
            setDraft((x) => ({ ...x, [i.key]: { ...(x[i.key] ?? NO_DECISION), kind } }));
          }}
        >
          <option value="">—</option>
          {i.decisions.map((k) => (
            <option key={k} value={k}>
              {DECISION_LABELS[k]}
            </option>
          ))}
        </select>
        <input
          aria-label={`Motifs ou commentaire, ${sectionNumber}, ${label}`}
          placeholder="Motifs ou commentaire"
          value={d.text}
          onChange={(e) => {
            const text = e.target.value;
            setDraft((x) => ({ ...x, [i.key]: { ...(x[i.key] ?? NO_DECISION), text } }));
          }}
        />
        {error && <span className="field-error">{error}</span>}
      </td>
    </tr>
  );
});

function ItemsTable({
  section,
  recorded,
  draft,
  setDraft,
  errors,
}: {
  section: Section;
  recorded: Map<string, Recorded>;
  draft: Draft;
  setDraft: (fn: (d: Draft) => Draft) => void;
  errors: Record<string, string>;
}) {
  if (section.items.length === 0) return <p className="muted">{section.empty}</p>;
  const isOther = section.key === 'other';
  return (
    <table className="data agenda-table">
      <caption className="sr-only">
        {section.number}. {section.title}
      </caption>
      <thead>
        <tr>
          {isOther ? (
            <th scope="col">Point</th>
          ) : (
            <>
              <th scope="col">Référence</th>
              <th scope="col">Reçue le</th>
              <th scope="col">Demandeur / personne concernée</th>
              <th scope="col">Droits</th>
              <th scope="col">Statut</th>
              <th scope="col">Répartition</th>
              <th scope="col">Échéance</th>
              <th scope="col">Observation</th>
            </>
          )}
          <th scope="col" className="decision-col">
            Décision et motifs
          </th>
        </tr>
      </thead>
      <tbody>
        {section.items.map((i) => (
          <ItemRow
            key={i.key}
            item={i}
            sectionNumber={section.number}
            isOther={isOther}
            draft={draft[i.key] ?? NO_DECISION}
            done={recorded.get(i.key) ?? NOTHING_RECORDED}
            error={errors[i.key]}
            setDraft={setDraft}
          />
        ))}
      </tbody>
    </table>
  );
}

function ImportReport({ report, filename, onApply, onCancel }: { report: Report; filename: string; onApply: () => void; onCancel: () => void }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section aria-labelledby="h-import" className="card">
      <h2 id="h-import" tabIndex={-1} ref={ref}>
        Décisions lues dans « {filename} »
      </h2>
      {report.problems.length > 0 ? (
        <div className="banner banner-error" role="alert">
          {plural(report.problems.length, 'erreur', 'erreurs')} dans le classeur : corrigez-le puis importez-le de nouveau. Rien n'a été enregistré.
        </div>
      ) : (
        <p>
          {plural(report.decisions.length, 'décision lue', 'décisions lues')}, sans erreur. Elles ne seront enregistrées qu'après confirmation, toutes ensemble.
        </p>
      )}
      {report.problems.length > 0 && (
        <table className="data">
          <caption>Erreurs</caption>
          <thead>
            <tr>
              <th scope="col">Feuille</th>
              <th scope="col">Ligne</th>
              <th scope="col">Colonne</th>
              <th scope="col">Motif</th>
            </tr>
          </thead>
          <tbody>
            {report.problems.map((p, n) => (
              <tr key={n}>
                <td>{p.sheet || '—'}</td>
                <td>{p.row || '—'}</td>
                <td>{p.column || '—'}</td>
                <td>{p.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.decisions.length > 0 && (
        <table className="data">
          <caption>Décisions</caption>
          <thead>
            <tr>
              <th scope="col">Feuille</th>
              <th scope="col">Ligne</th>
              <th scope="col">Demande</th>
              <th scope="col">Décision</th>
              <th scope="col">Motifs ou commentaire</th>
            </tr>
          </thead>
          <tbody>
            {report.decisions.map((d, n) => (
              <tr key={n}>
                <td>{d.sheet}</td>
                <td>{d.row}</td>
                <td>{d.reference ?? 'point divers'}</td>
                <td>{d.label}</td>
                <td>{d.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="action-buttons">
        {report.problems.length === 0 && report.decisions.length > 0 && (
          <button type="button" className="primary" onClick={onApply}>
            Appliquer les décisions
          </button>
        )}
        <button type="button" onClick={onCancel}>
          Annuler l'import
        </button>
      </div>
    </section>
  );
}

function MeetingScreen({ initial }: { initial: Meeting }) {
  const [meeting, setMeeting] = useState(initial);
  const [draft, setDraft] = useState<Draft>({});
  const [notes, setNotes] = useState(initial.minutes?.notes ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const { message, setMessage, messageRef } = useConfirmation();
  const [printing, setPrinting] = useState<FileOut | null>(null);
  const [importing, setImporting] = useState<{ filename: string; base64: string; report: Report } | null>(null);
  const [itemErrors, setItemErrors] = useState<Record<string, string>>({});
  const fileInput = useRef<HTMLInputElement>(null);

  const done = (text: string, m?: Meeting) => {
    if (m) setMeeting(m);
    setError(null);
    setMessage(text);
  };
  /** After an export: the meeting again, with the document just produced. */
  const refresh = async () => {
    const r = await call('meetings.get', { id: meeting.id });
    if (r.ok) setMeeting(r.value);
  };

  async function exportAgenda(format: 'pdf' | 'html') {
    setMessage(null);
    const r = await call('meetings.exportAgenda', { id: meeting.id, format });
    if (!r.ok) return setError(r.error);
    if (format === 'html') setPrinting(r.value);
    else saveFile(r.value);
    done(`Ordre du jour exporté : ${r.value.filename}.`);
    await refresh();
  }

  async function exportWorkbook() {
    setMessage(null);
    const r = await call('meetings.exportWorkbook', { id: meeting.id });
    if (!r.ok) return setError(r.error);
    saveFile(r.value);
    done(`Classeur exporté : ${r.value.filename}.`);
    await refresh();
  }

  async function pickWorkbook(file: File | undefined) {
    if (!file) return;
    setMessage(null);
    const picked = await readPickedFile(file, MAX_WORKBOOK_BYTES);
    if (fileInput.current) fileInput.current.value = '';
    if (typeof picked === 'string') return setError({ code: 'CLASSEUR_TROP_VOLUMINEUX', message: picked });
    const r = await call('meetings.previewImport', { id: meeting.id, ...picked });
    if (!r.ok) return setError(r.error);
    setError(null);
    setImporting({ ...picked, report: r.value });
  }

  async function applyImport() {
    if (!importing) return;
    const r = await call('meetings.applyImport', { id: meeting.id, filename: importing.filename, base64: importing.base64 });
    if (!r.ok) return setError(r.error);
    setImporting(null);
    done(`${plural(r.value.applied, 'décision appliquée', 'décisions appliquées')} depuis le classeur ; chacune est inscrite dans l'historique de sa demande.`, r.value.meeting);
  }

  async function saveMinutes(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    const keys = Object.keys(draft).filter((k) => draft[k]!.kind !== '');
    const items = new Map(meeting.agenda.sections.flatMap((s) => s.items.map((i) => [i.key, i] as const)));
    const decisions = keys.map((k) => ({ itemKey: k, requestId: items.get(k)?.requestId ?? null, kind: draft[k]!.kind as DecisionKind, text: draft[k]!.text }));
    const r = await call('meetings.saveMinutes', { id: meeting.id, decisions, notes });
    if (!r.ok) {
      const errs: Record<string, string> = {};
      for (const [path, text] of Object.entries(r.error.fields ?? {})) {
        const index = /^decisions\.(\d+)/.exec(path)?.[1];
        if (index !== undefined && keys[Number(index)]) errs[keys[Number(index)]!] = text;
      }
      setItemErrors(errs);
      return setError(r.error);
    }
    setItemErrors({});
    setDraft({});
    done(
      decisions.length
        ? `Relevé enregistré : ${plural(decisions.length, 'décision inscrite', 'décisions inscrites')} dans l'historique des demandes.`
        : 'Relevé enregistré.',
      r.value,
    );
  }

  const agenda = meeting.agenda;
  /** The decisions recorded, by agenda line: one lookup per line, the same arrays until the meeting changes. */
  const recorded = useMemo(() => {
    const out = new Map<string, Recorded>();
    for (const d of meeting.minutes?.decisions ?? []) out.set(d.itemKey, [...(out.get(d.itemKey) ?? []), d]);
    return out;
  }, [meeting]);
  return (
    <>
      <PageTitle>
        {agenda.shortTitle} du {frDate(meeting.date)}
      </PageTitle>
      <p className="lead">
        {meeting.time || meeting.format ? `Réunion ${meetingWhenHow(meeting.time, meeting.format)} · ` : 'Heure et modalité non précisées · '}
        {meeting.agreementName} · participants : {meeting.participants.join(', ') || 'non renseignés'} · prochaine réunion : {frDate(agenda.nextDate)} ·
        ordre du jour établi le {frInstant(meeting.agendaGeneratedAt)}
        {meeting.minutes ? ` · relevé enregistré le ${frInstant(meeting.minutes.recordedAt)}` : ''}.
      </p>
      {message && (
        <p className="banner banner-ok" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </p>
      )}
      <ErrorBanner error={error} />
      {(error?.code === 'NAVIGATEUR_ABSENT' || error?.code === 'PDF_ECHEC') && (
        <p>
          <button type="button" onClick={() => void exportAgenda('html')}>
            Imprimer avec le navigateur
          </button>
        </p>
      )}
      <div className="doc-buttons">
        <button type="button" className="primary" onClick={() => void exportAgenda('pdf')}>
          Exporter l'ordre du jour (PDF)
        </button>
        <button type="button" onClick={() => void exportWorkbook()}>
          Exporter le classeur (XLSX)
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Importer les décisions
        </button>
        <input
          ref={fileInput}
          className="visually-hidden-input"
          type="file"
          tabIndex={-1}
          aria-label="Classeur de décisions à importer (.xlsx)"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => void pickWorkbook(e.target.files?.[0])}
        />
        {!meeting.minutes && <EditMeeting meeting={meeting} onSaved={(m) => done("Réunion modifiée ; l'ordre du jour est actualisé.", m)} />}
      </div>
      {importing && (
        <ImportReport report={importing.report} filename={importing.filename} onApply={() => void applyImport()} onCancel={() => setImporting(null)} />
      )}

      <form onSubmit={(e) => void saveMinutes(e)} noValidate aria-label="Relevé de décisions">
        {agendaGroups(agenda).map((g) => (
          <section key={g.number} aria-labelledby={`h-group-${g.number}`}>
            <h2 id={`h-group-${g.number}`}>
              {g.number}. {g.title}
            </h2>
            {g.sections.map((s) => (
              <div key={s.key}>
                {(g.sections.length > 1 || s.number !== g.number) && (
                  <h3>
                    {s.number}. {s.title}
                  </h3>
                )}
                {s.key === 'open' && agenda.openCounts.length > 0 && (
                  <table className="data">
                    <caption className="sr-only">Demandes en cours par partie et par statut</caption>
                    <thead>
                      <tr>
                        <th scope="col">Partie</th>
                        <th scope="col">Statut</th>
                        <th scope="col">Nombre</th>
                      </tr>
                    </thead>
                    <tbody>
                      {agenda.openCounts.map((c) => (
                        <tr key={`${c.party}-${c.status}`}>
                          <td>{c.party}</td>
                          <td>{c.status}</td>
                          <td>{c.count}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                <ItemsTable section={s} recorded={recorded} draft={draft} setDraft={setDraft} errors={itemErrors} />
              </div>
            ))}
          </section>
        ))}
        <section aria-labelledby="h-minutes">
          <h2 id="h-minutes">Relevé de décisions</h2>
          <p className="muted">
            Chaque décision est inscrite dans l'historique de sa demande, validée par la réunion ; un arbitrage ou une préemption validée change la
            répartition. Une décision impossible (demande déjà répartie, prolongation trop tardive…) fait refuser tout le relevé, sans rien modifier.
          </p>
          <Field label="Notes de la réunion">
            {(p) => <textarea {...p} rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />}
          </Field>
          <button type="submit" className="primary">
            Enregistrer le relevé de décisions
          </button>
        </section>
      </form>

      {meeting.documents.length > 0 && (
        <section aria-labelledby="h-meeting-docs">
          <h2 id="h-meeting-docs">Documents produits</h2>
          <ul>
            {meeting.documents.map((d) => (
              <li key={d.id}>
                {d.title} ({FORMAT_LABELS[d.format] ?? d.format}), le {frInstant(d.createdAt)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {printing && <PrintView file={printing} onClose={() => setPrinting(null)} />}
    </>
  );
}

export function MeetingView({ id }: { id: string }) {
  const [loaded] = useCall('meetings.get', { id });
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ErrorBanner error={loaded.error} />;
  return <MeetingScreen initial={loaded.value} />;
}
