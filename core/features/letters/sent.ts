// One letter saved in several formats is one sending: the `letter.sent` event is written by the
// first save, and a later save of the same letter (same kind, date, subject, body, letterhead and
// template version: the same content) only keeps its file. The history shows, on that one event,
// every format the letter was saved in.
import type { Store } from '../../api/store';

export const LETTER_FORMAT_LABELS: Record<string, string> = { pdf: 'PDF', docx: 'DOCX', html: 'imprimé' };

/** The documents of a request holding the same letter as `content` (same kind), oldest first. */
export function sameLetterDocuments(store: Store, requestId: string, kind: string, content: string) {
  return store
    .listDocuments({ requestId })
    .filter((d) => d.kind === kind && store.getDocument(d.id)?.content === content)
    .reverse();
}

/**
 * The formats each sent letter was saved in, by the id of the document its `letter.sent` event
 * names (the first save): that one, then those of the later saves of the same letter.
 */
export function sentLetterFormats(store: Store, requestId: string): Map<string, string[]> {
  const docs = store.listDocuments({ requestId }).reverse();
  const contents = new Map(docs.map((d) => [d.id, store.getDocument(d.id)?.content ?? '']));
  const firstOf = new Map<string, string>();
  const out = new Map<string, string[]>();
  for (const d of docs) {
    const key = `${d.kind}\u0000${contents.get(d.id)}`;
    const first = firstOf.get(key) ?? d.id;
    firstOf.set(key, first);
    const formats = out.get(first) ?? [];
    if (!formats.includes(d.format)) formats.push(d.format);
    out.set(first, formats);
  }
  return out;
}

/** The `letter.sent` event's data as the history shows it: every format of the letter, in its summary too. */
export function sentEventData(data: unknown, formats: Map<string, string[]>): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const d = data as Record<string, unknown>;
  const list = typeof d.documentId === 'string' ? formats.get(d.documentId) : undefined;
  if (!list || list.length === 0 || typeof d.summary !== 'string' || 'format' in d) return data;
  return { ...d, formats: list, summary: `${d.summary} (${list.map((f) => LETTER_FORMAT_LABELS[f] ?? f).join(', ')})` };
}
