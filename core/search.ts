// Text search of the request list: accent- and case-insensitive ("ines" finds "Inès",
// "ELEVE" finds "élève"), over what a DPD remembers of a request: its reference, the requester's
// and the data subject's names, the requester's contact, the summary, and the school's name and
// UAI. SQLite's LIKE only folds ASCII case, so the request's own text is stored normalized
// (`search_text`, written with the row) and the query is normalized the same way; the school is
// matched through the schools table at query time (db/store.ts), so editing a school needs no
// rewrite of its requests.

/** Lower case, without diacritics, spaces collapsed. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a query, normalized: a request matches when it holds every one of them. */
export function searchWords(query: string): string[] {
  return normalizeForSearch(query).split(' ').filter(Boolean);
}

/** What a request's search text is made of: every free-text detail of the request row. */
export interface SearchableRequest {
  reference: string;
  requesterName: string;
  subjectName: string | null;
  requesterContact: string;
  summary: string;
}

/** The stored search text of a request. */
export function requestSearchText(r: SearchableRequest): string {
  return normalizeForSearch([r.reference, r.requesterName, r.subjectName ?? '', r.requesterContact, r.summary].join(' '));
}

/** The searchable text of a school: its name and UAI. */
export function schoolSearchText(s: { name: string; uai: string }): string {
  return normalizeForSearch(`${s.name} ${s.uai}`);
}

/** The request fields its search text is made of: a change to one of them rewrites it. */
export const SEARCHED_FIELDS = ['reference', 'requesterName', 'subjectName', 'requesterContact', 'summary'] as const;

/** The new search text when a patch of a request changes one of its searched fields, else nothing. */
export function searchTextPatch(before: SearchableRequest, patch: Partial<SearchableRequest>): { searchText: string } | Record<string, never> {
  return SEARCHED_FIELDS.some((f) => f in patch) ? { searchText: requestSearchText({ ...before, ...patch }) } : {};
}
