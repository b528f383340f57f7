import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Office, RequestListInput } from '../../../core/api/contract';
import { SORT_KEYS } from '../../../core/api/contract';
import { PARTIES, RIGHTS, RIGHT_LABELS, STATUSES, STATUS_LABELS, type Party, type Right, type Status } from '../../../core/domain';
import { isIsoDate } from '../../../core/french-date';
import { DateField } from '../DateField';
import { DeadlineDate, UrgencyBadge, daysLeftText, handoverText } from '../deadline';
import { frDate } from '../format';
import { go, rememberListQuery, replace } from '../router';
import { useCall } from '../useCall';
import { ErrorBanner, Field, PageTitle, SelectField } from '../ui';
import { RegisterExport } from './RegisterExport';
import { allocationText } from './RequestView';

const PAGE = 50;

/**
 * The party filter says whose requests they are to answer; it keeps the requests handed over
 * (domain.md, "Handover": the handing office follows them, « Transmise », until it closes them).
 */
const TO_ANSWER_BY: Record<Party, string> = { commune: 'À traiter par la commune ou transmises', academie: "À traiter par l'académie ou transmises" };
type SortKey = (typeof SORT_KEYS)[number];

const COLUMNS: { key: SortKey | null; label: string }[] = [
  { key: 'reference', label: 'Référence' },
  { key: 'receivedOn', label: 'Reçue le' },
  { key: 'requesterName', label: 'Demandeur' },
  { key: 'subjectName', label: 'Personne concernée' },
  { key: null, label: 'Droits' },
  { key: 'party', label: 'Répartition' },
  { key: 'status', label: 'Statut' },
  { key: 'dueOn', label: 'Échéance' },
];

/** Arrow keys move the focus from one request's link to the next or previous one. */
function moveBetweenRows(e: KeyboardEvent<HTMLTableElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const links = [...e.currentTarget.querySelectorAll<HTMLAnchorElement>('tbody tr td:first-child a')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = links[at === -1 ? 0 : at + (e.key === 'ArrowDown' ? 1 : -1)];
  if (next) {
    e.preventDefault();
    next.focus();
  }
}

/** Filters live in the URL (#/demandes?…) so a dashboard link opens a filtered list. */
export function RequestList({ office, query }: { office: Office; query: URLSearchParams }) {
  const [agreements] = useCall('agreements.list', {});
  // Default: the open requests this office's party answers (a commune office opens on « à traiter
  // par la commune », the académie on its own); "tous" (or an empty value) removes the party filter.
  const party = query.get('partie') || (query.has('partie') ? 'tous' : office.party);
  const open = query.get('ouvertes') ?? '1';
  const sort = (SORT_KEYS as readonly string[]).includes(query.get('tri') ?? '') ? (query.get('tri') as SortKey) : 'dueOn';
  const direction = query.get('sens') === 'desc' ? 'desc' : 'asc';
  const page = Math.max(0, Number(query.get('page') ?? 0) || 0);
  const input: RequestListInput = {
    ...(query.get('convention') ? { agreementId: query.get('convention')! } : {}),
    ...(party !== 'tous' ? { party: party as Party } : {}),
    ...(query.get('statut') ? { statuses: [query.get('statut') as Status] } : {}),
    ...(query.get('urgence') ? { urgency: query.get('urgence') as 'overdue' | 'due-soon' | 'suspended' } : {}),
    ...(query.get('droit') ? { right: query.get('droit') as Right } : {}),
    ...(query.get('arbitrage') === 'to-settle' || query.get('arbitrage') === 'decided' ? { allocationStatus: query.get('arbitrage') as 'to-settle' | 'decided' } : {}),
    ...(query.get('du') ? { receivedFrom: query.get('du')! } : {}),
    ...(query.get('au') ? { receivedTo: query.get('au')! } : {}),
    ...(query.get('q') ? { q: query.get('q')! } : {}),
    openOnly: open === '1',
    // Requests cancelled as typed by mistake are only in their own list (issue 13).
    ...(open === 'annulees' ? { cancelled: true } : {}),
    sort,
    direction,
    offset: page * PAGE,
    limit: PAGE,
  };
  const [list] = useCall('requests.list', input);
  // The page the rows on screen belong to: while the next page loads, the count keeps saying
  // which rows are shown, not which are asked for.
  const shownPage = useRef(page);
  if (list.state === 'ready' && !list.stale) shownPage.current = page;

  const queryText = query.toString();
  useEffect(() => rememberListQuery(queryText), [queryText]);

  function set(changes: Record<string, string | null>, how: 'push' | 'replace' = 'push') {
    const next = new URLSearchParams(query);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    (how === 'push' ? go : replace)(`#/demandes?${next.toString()}`);
  }

  // Search as you type: applied 300 ms after the last key (Enter applies at once); the URL is
  // replaced, not pushed, so « back » leaves the list rather than undoing letters.
  const q = query.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  const latest = useRef({ q, set });
  latest.current = { q, set };
  // The search this field sent itself: its coming back in the URL must not overwrite the
  // letters typed since; any other change (back, « Filtres par défaut ») replaces the text.
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (q !== sent.current) setTyped(q);
    sent.current = null;
  }, [q]);
  useEffect(() => {
    const wanted = typed.trim();
    if (wanted === latest.current.q.trim()) return;
    const timer = window.setTimeout(() => {
      sent.current = wanted;
      latest.current.set({ q: wanted }, 'replace');
    }, 300);
    return () => window.clearTimeout(timer);
  }, [typed]);

  const facets = list.state === 'ready' ? list.value.facets : null;
  const withCount = (label: string, count: number | undefined) => (count === undefined ? label : `${label} (${count})`);
  const statusCount = (s: string) => (facets ? (facets.status.find((f) => f.value === s)?.count ?? 0) : undefined);
  const partyCount = (p: string) => (facets ? (facets.party.find((f) => f.value === p)?.count ?? 0) : undefined);

  const select = (label: string, key: string, value: string, options: [string, string][]) => (
    <SelectField label={label} value={value} onChange={(v) => set({ [key]: v })} options={options} />
  );

  return (
    <>
      <PageTitle>Demandes</PageTitle>
      <form className="filters" role="search" aria-label="Filtrer les demandes" onSubmit={(e) => e.preventDefault()}>
        {agreements.state === 'ready' &&
          agreements.value.length > 1 &&
          select('Convention', 'convention', query.get('convention') ?? '', [['', 'Toutes'], ...agreements.value.map((a) => [a.id, a.name] as [string, string])])}
        {select('Partie', 'partie', party, [['tous', 'Les deux'], ...PARTIES.map((p) => [p, withCount(TO_ANSWER_BY[p], partyCount(p))] as [string, string])])}
        {select('Demandes', 'ouvertes', open, [
          ['1', 'En cours seulement'],
          ['0', 'Toutes'],
          ['annulees', 'Annulées (saisies par erreur)'],
        ])}
        {select('Statut', 'statut', query.get('statut') ?? '', [['', 'Tous'], ...STATUSES.filter((s) => s !== 'cancelled').map((s) => [s, withCount(STATUS_LABELS[s], statusCount(s))] as [string, string])])}
        {select('Urgence', 'urgence', query.get('urgence') ?? '', [
          ['', 'Toutes'],
          ['overdue', withCount('En retard', facets?.urgency.overdue)],
          ['due-soon', withCount('Sous 7 jours', facets?.urgency.dueSoon)],
          ['suspended', withCount('Suspendues', facets?.urgency.suspended)],
        ])}
        {select('Répartition', 'arbitrage', query.get('arbitrage') ?? '', [
          ['', 'Toutes'],
          ['to-settle', 'À arbitrer en réunion'],
          ['decided', 'Décidée'],
        ])}
        {select('Droit', 'droit', query.get('droit') ?? '', [['', 'Tous'], ...RIGHTS.map((r) => [r, RIGHT_LABELS[r]] as [string, string])])}
        <DateField label="Reçue à partir du" value={query.get('du') ?? ''} onChange={(v) => (v === '' || isIsoDate(v)) && set({ du: v })} />
        <DateField label="Reçue jusqu'au" value={query.get('au') ?? ''} onChange={(v) => (v === '' || isIsoDate(v)) && set({ au: v })} />
        <Field label="Rechercher" hint="Référence, demandeur, personne concernée, contact, école ou UAI, résumé ; accents et majuscules indifférents.">
          {(p) => (
            <input
              {...p}
              type="search"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return;
                sent.current = typed.trim();
                set({ q: typed.trim() }, 'replace');
              }}
            />
          )}
        </Field>
        {queryText !== '' && (
          <button type="button" className="link-button" onClick={() => go('#/demandes')}>
            Filtres par défaut
          </button>
        )}
      </form>
      {/* Keyed by the filters: its confirmation goes when they change. */}
      <RegisterExport key={JSON.stringify(input)} filters={input} />
      {list.state === 'error' && <ErrorBanner error={list.error} />}
      {list.state === 'ready' && (
        <>
          <p role="status" className="muted">
            {list.value.total === 0
              ? 'Aucune demande ne correspond à ces filtres.'
              : `${list.value.total} demande${list.value.total > 1 ? 's' : ''}${list.value.total > PAGE ? `, ${shownPage.current * PAGE + 1} à ${Math.min((shownPage.current + 1) * PAGE, list.value.total)}` : ''}`}
          </p>
          <p className="hint" id="list-keys">
            Flèches haut et bas : demande précédente ou suivante ; Entrée : ouvrir.
          </p>
          <table className="data requests" aria-describedby="list-keys" aria-busy={list.stale} onKeyDown={moveBetweenRows}>
            <caption className="sr-only">Demandes, triées par {COLUMNS.find((c) => c.key === sort)?.label}</caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th
                    key={c.label}
                    scope="col"
                    aria-sort={c.key === sort ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    {c.key ? (
                      <button
                        type="button"
                        className="sort"
                        onClick={() => set({ tri: c.key, sens: c.key === sort && direction === 'asc' ? 'desc' : 'asc' })}
                      >
                        {c.label}
                        <span aria-hidden="true">{c.key === sort ? (direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                      </button>
                    ) : (
                      c.label
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.value.rows.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">
                    <a href={`#/demandes/${r.id}`}>{r.reference}</a>
                  </td>
                  <td>{frDate(r.receivedOn)}</td>
                  <td>{r.requesterName}</td>
                  <td>{r.subjectName ?? '—'}</td>
                  <td>{r.rights.map((x) => RIGHT_LABELS[x]).join(', ')}</td>
                  <td>{allocationText(r.allocation)}</td>
                  <td>
                    {STATUS_LABELS[r.status]}
                    {r.handover && <span className="muted small"> · {handoverText(r.handover, r.allocation.party === office.party)}</span>}
                  </td>
                  <td className="nowrap">
                    <DeadlineDate deadline={r.deadline} /> <UrgencyBadge urgency={r.deadline.urgency} status={r.status} />
                    <span className="muted small"> {daysLeftText(r.deadline)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.value.total > PAGE && <Pager page={page} pages={Math.ceil(list.value.total / PAGE)} onPage={(n) => set({ page: n === 0 ? null : String(n) })} />}
        </>
      )}
    </>
  );
}

/** The pages worth a button: the first, the last, and two either side of the current one (0-based; null: a gap). */
function pageButtons(page: number, pages: number): (number | null)[] {
  const shown = [...new Set([0, pages - 1, ...[-2, -1, 0, 1, 2].map((d) => page + d)])].filter((n) => n >= 0 && n < pages).sort((a, b) => a - b);
  return shown.flatMap((n, i) => (i > 0 && n - shown[i - 1]! > 1 ? [null, n] : [n]));
}

/** Page numbers, with the previous and next page; the current page is marked for screen readers. */
function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  return (
    <nav aria-label="Pages de la liste" className="pager">
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
        Page précédente
      </button>
      <ul>
        {pageButtons(page, pages).map((n, i) =>
          n === null ? (
            <li key={`gap-${i}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={n}>
              <button type="button" aria-current={n === page ? 'page' : undefined} aria-label={`Page ${n + 1} sur ${pages}`} onClick={() => onPage(n)}>
                {n + 1}
              </button>
            </li>
          ),
        )}
      </ul>
      <button type="button" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>
        Page suivante
      </button>
    </nav>
  );
}
