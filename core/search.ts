// Text search of the request list: accent- and case-insensitive ("ines" finds "Inès",
// "ELEVE" finds "élève"), over the reference and the names. SQLite's LIKE only folds ASCII
// case, so the searchable text is stored normalized and the query is normalized the same way.

/** Lower case, without diacritics, spaces collapsed. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The stored search text of a request. */
export function requestSearchText(r: { reference: string; requesterName: string; subjectName: string | null }): string {
  return normalizeForSearch([r.reference, r.requesterName, r.subjectName ?? ''].join(' '));
}
