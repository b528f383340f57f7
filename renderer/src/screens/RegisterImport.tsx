// « Importer un registre » (and the agreement's « Importer une liste d'écoles »): pick a file,
// see each column with the field it is taken for and change it (a field or « Ignorer »), see the
// first lines as they will be recorded and every line that cannot be imported (row, column,
// value, reason), then confirm: the valid lines are imported in one transaction. Nothing is
// written before the confirmation (register.preview / register.previewSchools read only).
import { useId, useRef, useState, type ReactNode } from 'react';
import type { ApiError, ApiResult, RegisterPreview, SchoolsPreview } from '../../../core/api/contract';
import { MAX_REGISTER_BYTES } from '../../../core/api/host-errors';
import { call } from '../api';
import { PickFileButton } from '../exchange';
import { frDate } from '../format';
import { go } from '../router';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle, useConfirmation } from '../ui';

type Picked = { filename: string; base64: string };

/** What both previews carry (core/features/register/calls.ts). */
interface PreviewShape {
  headers: string[];
  fields: { field: string; label: string; required: boolean }[];
  mapping: Record<string, number | null>;
  total: number;
  valid: number;
  problemCount: number;
  problems: { row: number; column: string; value: string; reason: string }[];
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;

/** The field each column is taken for ('' = ignored). */
function columnsOf(p: PreviewShape): string[] {
  const out = p.headers.map(() => '');
  for (const [field, column] of Object.entries(p.mapping)) if (column !== null && column < out.length) out[column] = field;
  return out;
}

/** Column `column` now taken for `field` ('' = ignored): a field sits in one column at most. */
function remap(p: PreviewShape, column: number, field: string): Record<string, number | null> {
  const mapping: Record<string, number | null> = {};
  for (const f of p.fields) mapping[f.field] = p.mapping[f.field] === column ? null : (p.mapping[f.field] ?? null);
  if (field) mapping[field] = column;
  return mapping;
}

/**
 * The steps shared by both imports. `preview` and `commit` call the service with the file and the
 * mapping; `lines` renders the first importable lines; `done` says what was imported.
 */
function ImportFlow<P extends PreviewShape>({
  what,
  accept,
  preview,
  commit,
  lines,
  confirmLabel,
  onDone,
  headingLevel,
}: {
  /** « registre », « liste d'écoles »: in the labels. */
  what: string;
  accept: string;
  preview: (file: Picked, mapping: Record<string, number | null> | undefined) => Promise<ApiResult<P>>;
  commit: (file: Picked, mapping: Record<string, number | null>) => Promise<ApiResult<{ imported: number; skipped: number }>>;
  lines: (p: P) => ReactNode;
  confirmLabel: (valid: number) => string;
  onDone: (result: { imported: number; skipped: number }, file: Picked) => ReactNode;
  headingLevel: 2 | 3;
}) {
  const [file, setFile] = useState<Picked | null>(null);
  const [current, setCurrent] = useState<P | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ReactNode>(null);
  const { message, setMessage, messageRef } = useConfirmation();
  const pickButton = useRef<HTMLButtonElement>(null);
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const id = useId();

  async function read(picked: Picked, mapping: Record<string, number | null> | undefined) {
    setBusy(true);
    setError(null);
    const r = await preview(picked, mapping);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setCurrent(r.value);
  }

  async function pick(picked: Picked | string) {
    setMessage(null);
    setDone(null);
    setCurrent(null);
    if (typeof picked === 'string') {
      setFile(null);
      return setError({ code: 'FICHIER_TROP_VOLUMINEUX', message: picked });
    }
    setFile(picked);
    await read(picked, undefined);
  }

  async function confirm() {
    if (!file || !current) return;
    setBusy(true);
    setError(null);
    const r = await commit(file, current.mapping);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setCurrent(null);
    setFile(null);
    setDone(onDone(r.value, file));
    setMessage(
      `${plural(r.value.imported, 'ligne importée', 'lignes importées')} depuis ${file.filename}` +
        (r.value.skipped ? ` ; ${plural(r.value.skipped, 'ligne non importée', 'lignes non importées')} (voir le rapport avant import).` : '.'),
    );
  }

  function cancel() {
    setCurrent(null);
    setFile(null);
    setError(null);
    pickButton.current?.focus();
  }

  const columns = current ? columnsOf(current) : [];
  const missing = current ? current.fields.filter((f) => f.required && (current.mapping[f.field] ?? null) === null) : [];

  return (
    <div className="import-flow" aria-busy={busy}>
      <p className="actions">
        <PickFileButton
          buttonRef={pickButton}
          label={file ? 'Choisir un autre fichier…' : 'Choisir le fichier…'}
          inputLabel={`Fichier ${what} (.xlsx, .ods ou .csv)`}
          accept={accept}
          max={MAX_REGISTER_BYTES}
          disabled={busy}
          onPicked={(f) => void pick(f)}
        />
        {file && <span className="muted"> {file.filename}</span>}
      </p>
      {busy && (
        <p className="muted" role="status">
          Lecture du fichier…
        </p>
      )}
      <ErrorBanner error={error} />
      {message && (
        <p className="banner banner-ok" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </p>
      )}
      {done}
      {current && file && (
        <>
          <p role="status">
            {plural(current.total, 'ligne lue', 'lignes lues')} dans {file.filename} : {plural(current.valid, 'importable', 'importables')},{' '}
            {plural(current.total - current.valid, 'ligne à corriger', 'lignes à corriger')}
            {missing.length > 0 && ` ; associez une colonne à : ${missing.map((f) => f.label).join(', ')}`}.
          </p>

          <section aria-labelledby={`${id}-columns`}>
            <H id={`${id}-columns`}>Colonnes du fichier</H>
            <p className="hint">Chaque colonne est associée au champ deviné d'après son en-tête. Changez-le, ou choisissez « Ignorer cette colonne » ; l'aperçu et le rapport suivent.</p>
            <table className="data mapping">
              <caption className="sr-only">Colonnes du fichier et champ associé</caption>
              <thead>
                <tr>
                  <th scope="col">N°</th>
                  <th scope="col">En-tête dans le fichier</th>
                  <th scope="col">Champ</th>
                </tr>
              </thead>
              <tbody>
                {current.headers.map((h, i) => (
                  <tr key={i}>
                    <td>{i + 1}</td>
                    <th scope="row">{h || <span className="muted">(sans en-tête)</span>}</th>
                    <td>
                      <select
                        aria-label={`Champ de la colonne ${i + 1} « ${h || 'sans en-tête'} »`}
                        value={columns[i]}
                        disabled={busy}
                        onChange={(e) => void read(file, remap(current, i, e.target.value))}
                      >
                        <option value="">Ignorer cette colonne</option>
                        {current.fields.map((f) => (
                          <option key={f.field} value={f.field}>
                            {f.label}
                            {f.required ? ' (obligatoire)' : ''}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section aria-labelledby={`${id}-preview`}>
            <H id={`${id}-preview`}>Aperçu : les premières lignes telles qu'elles seront enregistrées</H>
            {current.valid === 0 ? <p>Aucune ligne importable.</p> : lines(current)}
          </section>

          <section aria-labelledby={`${id}-report`}>
            <H id={`${id}-report`}>Lignes qui ne seront pas importées</H>
            {current.problemCount === 0 ? (
              <p>Toutes les lignes peuvent être importées.</p>
            ) : (
              <>
                {current.problemCount > current.problems.length && (
                  <p className="hint">
                    {plural(current.problemCount, 'problème', 'problèmes')} : les {current.problems.length.toLocaleString('fr-FR')} premiers sont listés.
                  </p>
                )}
                <table className="data report">
                  <caption className="sr-only">Rapport : chaque problème avec sa ligne, sa colonne, la valeur lue et le motif</caption>
                  <thead>
                    <tr>
                      <th scope="col">Ligne</th>
                      <th scope="col">Colonne</th>
                      <th scope="col">Valeur</th>
                      <th scope="col">Motif</th>
                    </tr>
                  </thead>
                  <tbody>
                    {current.problems.map((p, i) => (
                      <tr key={i}>
                        <td>{p.row}</td>
                        <td>{p.column}</td>
                        <td className="mono">{p.value}</td>
                        <td>{p.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>

          <p className="hint">
            Rien n'est enregistré avant la confirmation. Les lignes importables le sont toutes ensemble, en une fois ; les lignes du rapport sont laissées de côté : corrigez-les dans le fichier et importez-les ensuite.
          </p>
          <div className="actions">
            <button type="button" className="primary" disabled={busy || current.valid === 0} onClick={() => void confirm()}>
              {confirmLabel(current.valid)}
            </button>{' '}
            <button type="button" disabled={busy} onClick={cancel}>
              Annuler l'import
            </button>
          </div>
        </>
      )}
    </div>
  );
}

const ACCEPT = '.xlsx,.ods,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.oasis.opendocument.spreadsheet,text/csv';

/** The screen « Importer un registre » (#/registre/importer?convention=…). */
export function RegisterImport({ query }: { query: URLSearchParams }) {
  const [agreements] = useCall('agreements.list', {});
  const [chosen, setChosen] = useState(query.get('convention') ?? '');
  if (agreements.state === 'loading') return <Loading />;
  if (agreements.state === 'error') return <ErrorBanner error={agreements.error} />;
  const list = agreements.value;
  const agreementId = list.some((a) => a.id === chosen) ? chosen : (list[0]?.id ?? '');
  const agreement = list.find((a) => a.id === agreementId);

  return (
    <>
      <PageTitle>Importer un registre</PageTitle>
      <p className="lead">
        Le registre que l'office tient aujourd'hui dans un tableur devient le registre de l'application : fichier .xlsx, .ods ou .csv (UTF-8 ou Windows-1252,
        séparateur « ; » ou « , »), une demande par ligne, la première ligne donnant les en-têtes. Les dates au format jj/mm/aaaa et les dates du tableur sont
        lues ; les échéances et la répartition sont calculées comme à la saisie, et chaque demande garde sa référence d'origine.
      </p>
      {list.length > 1 && (
        <Field label="Convention" hint="Les demandes du fichier sont enregistrées dans cette convention, avec ses écoles.">
          {(p) => (
            <select {...p} value={agreementId} onChange={(e) => setChosen(e.target.value)}>
              {list.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.code})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {agreement && (
        <p className="muted">
          Convention {agreement.name} ({agreement.code}) · {plural(agreement.schoolCount, 'école', 'écoles')} : une demande qui nomme une école absente de la liste
          est signalée. <a href={`#/conventions/${agreement.id}`}>Importer ou compléter les écoles</a>
        </p>
      )}
      {agreement && (
        <ImportFlow<RegisterPreview>
          key={agreement.id}
          what="du registre"
          accept={ACCEPT}
          headingLevel={2}
          preview={(file, mapping) => call('register.preview', { agreementId: agreement.id, ...file, ...(mapping ? { mapping } : {}) })}
          commit={(file, mapping) => call('register.import', { agreementId: agreement.id, ...file, mapping })}
          confirmLabel={(n) => `Importer ${plural(n, 'demande', 'demandes')}`}
          onDone={() => (
            <p>
              <button type="button" onClick={() => go(`#/demandes?convention=${agreement.id}&ouvertes=0&partie=tous&tri=receivedOn`)}>
                Voir les demandes de la convention
              </button>
            </p>
          )}
          lines={(p) => (
            <table className="data">
              <caption className="sr-only">Premières demandes à importer</caption>
              <thead>
                <tr>
                  <th scope="col">Ligne</th>
                  <th scope="col">Référence</th>
                  <th scope="col">Reçue le</th>
                  <th scope="col">Demandeur</th>
                  <th scope="col">Droits</th>
                  <th scope="col">École</th>
                  <th scope="col">Répartition</th>
                  <th scope="col">Statut</th>
                </tr>
              </thead>
              <tbody>
                {p.preview.map((l) => (
                  <tr key={l.row}>
                    <td>{l.row}</td>
                    <td>{l.reference ?? <span className="muted">nouvelle</span>}</td>
                    <td>{frDate(l.receivedOn)}</td>
                    <td>{l.requesterName}</td>
                    <td>{l.rights}</td>
                    <td>{l.school ?? ''}</td>
                    <td>{l.party}</td>
                    <td>{l.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        />
      )}
    </>
  );
}

/** « Importer une liste d'écoles » on the agreement screen: name, address, UAI, with the same report. */
export function SchoolsImport({ agreementId, onImported }: { agreementId: string; onImported: () => void }) {
  return (
    <details className="schools-import">
      <summary>Importer une liste d'écoles (nom, adresse, UAI)</summary>
      <p className="hint">Fichier .xlsx, .ods ou .csv, une école par ligne, la première ligne donnant les en-têtes. Un code UAI mal formé ou déjà dans la convention est signalé avec sa ligne.</p>
      <ImportFlow<SchoolsPreview>
        what="des écoles"
        accept={ACCEPT}
        headingLevel={3}
        preview={(file, mapping) => call('register.previewSchools', { agreementId, ...file, ...(mapping ? { mapping } : {}) })}
        commit={(file, mapping) => call('register.importSchools', { agreementId, ...file, mapping })}
        confirmLabel={(n) => `Importer ${plural(n, 'école', 'écoles')}`}
        onDone={() => {
          onImported();
          return null;
        }}
        lines={(p) => (
          <table className="data">
            <caption className="sr-only">Premières écoles à importer</caption>
            <thead>
              <tr>
                <th scope="col">Ligne</th>
                <th scope="col">École</th>
                <th scope="col">Adresse</th>
                <th scope="col">UAI</th>
              </tr>
            </thead>
            <tbody>
              {p.preview.map((l) => (
                <tr key={l.row}>
                  <td>{l.row}</td>
                  <td>{l.name}</td>
                  <td>{l.address}</td>
                  <td className="mono">{l.uai}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      />
    </details>
  );
}
