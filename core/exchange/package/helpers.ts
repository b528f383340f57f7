// Helpers of building and opening: JSON read against a schema, zod issues and counts in
// French, the contiguous ranges of records per author office.
import type { z } from 'zod';
import { fromUtf8, type Utf8Decoder } from '../bytes';
import { exchangeRecordSchema, type ChangeRange, type ExchangeRecord } from './schemas';

export const RESEND = "Demandez à l'autre office de vous renvoyer le paquet.";

export type Parsed<T> = { ok: true; value: T } | { ok: false; detail: string };

/** The JSON value of UTF-8 bytes (strictly decoded), or what is wrong with them. */
function jsonOf(bytes: Uint8Array, decodeUtf8: Utf8Decoder): { value: unknown } | { problem: string } {
  const text = decodeUtf8(bytes);
  if (text === null) return { problem: 'texte non UTF-8' };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { problem: 'JSON illisible' };
  }
}

export function parseJson<T>(bytes: Uint8Array, schema: z.ZodType<T>, decodeUtf8: Utf8Decoder = fromUtf8): Parsed<T> {
  const json = jsonOf(bytes, decodeUtf8);
  if ('problem' in json) return { ok: false, detail: json.problem };
  const result = schema.safeParse(json.value);
  return result.success ? { ok: true, value: result.data } : { ok: false, detail: describeIssues(result.error.issues) };
}

/**
 * Reads the records JSON, each record checked against `schema` (default: `exchangeRecordSchema`,
 * its data left to the caller; the exchange's handlers pass one that checks the data too, so each
 * record is read by zod once) and handed to `visit` in order, until a record is refused (the
 * later ones are still checked, to report up to five problems). Returns null, or what is wrong.
 *
 * This version writes one record per line (`[`, then each record on its own line, then `]`,
 * core/exchange/package/build.ts): each line is parsed on its own and dropped once visited, so a
 * package of a hundred thousand records is never held whole as objects. A text that starts
 * otherwise (earlier versions wrote no line breaks) is parsed whole. One that starts with a line
 * break must keep to one record per line, or it is refused.
 */
export function readRecords<R extends ExchangeRecord>(
  bytes: Uint8Array,
  visit: (record: R) => void,
  schema: z.ZodType<R> = exchangeRecordSchema as z.ZodType<ExchangeRecord> as z.ZodType<R>,
  decodeUtf8: Utf8Decoder = fromUtf8,
): string | null {
  const details: string[] = [];
  let index = 0;
  const check = (value: unknown) => {
    index += 1;
    const result = schema.safeParse(value);
    if (!result.success) details.push(`changement n° ${index} : ${describeIssues(result.error.issues)}`);
    else if (details.length === 0) visit(result.data);
  };
  const n = bytes.length;
  if (n >= 2 && bytes[0] === 0x5b && bytes[1] === 0x0a) {
    // `[` line break: one record per line, each decoded and parsed from its own bytes (a line
    // break never falls inside a UTF-8 sequence, so the lines are valid UTF-8 if the whole is).
    const last = n - 2;
    if (n < 3 || bytes[last] !== 0x0a || bytes[n - 1] !== 0x5d) return 'JSON illisible';
    for (let at = 2; at < last; ) {
      const lineEnd = bytes.indexOf(0x0a, at);
      const end = lineEnd === last ? last : lineEnd - 1;
      // Every line but the last ends with the comma between two records.
      if (lineEnd !== last && bytes[end] !== 0x2c) return 'JSON illisible';
      const json = jsonOf(bytes.subarray(at, end), decodeUtf8);
      if ('problem' in json) return json.problem;
      check(json.value);
      at = lineEnd + 1;
    }
  } else {
    const json = jsonOf(bytes, decodeUtf8);
    if ('problem' in json) return json.problem;
    if (!Array.isArray(json.value)) return 'une liste de changements était attendue';
    for (const record of json.value) check(record);
  }
  if (details.length === 0) return null;
  const shown = details.slice(0, 5).join(' ; ');
  return details.length > 5 ? `${shown} ; et ${details.length - 5} autre(s)` : shown;
}

/** Zod issues in French: which field, and what is wrong. */
export function describeIssues(issues: z.ZodError['issues']): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length > 0 ? `champ « ${issue.path.map(String).join('.')} »` : 'valeur';
      switch (issue.code) {
        case 'unrecognized_keys':
          return `champ(s) inattendu(s) ${issue.keys.map((k) => `« ${k} »`).join(', ')}`;
        case 'invalid_type':
          return `${where} manquant ou de mauvais type`;
        default:
          return `${where} invalide`;
      }
    })
    .join(', ');
}

/** Per author office, the contiguous range of its records, or a French message. */
export function rangesOf(records: readonly ExchangeRecord[]): ChangeRange[] | string {
  const tracker = rangeTracker();
  for (const record of records) if (!tracker.add(record)) return tracker.broken()!;
  return tracker.ranges();
}

/**
 * Per author office, the contiguous range of its records, followed record by record (a package
 * read one record at a time); after the first break, the French message saying where.
 */
export function rangeTracker() {
  const byOffice = new Map<string, ChangeRange>();
  let broken: string | null = null;
  return {
    /** Adds a record; false once the records of an office no longer follow each other. */
    add(record: Pick<ExchangeRecord, 'office' | 'seq'>): boolean {
      if (broken !== null) return false;
      const range = byOffice.get(record.office);
      if (range === undefined) byOffice.set(record.office, { office: record.office, from: record.seq, to: record.seq });
      else if (record.seq === range.to + 1) range.to = record.seq;
      else broken = `Les changements de l'office ${record.office} ne se suivent pas (n° ${record.seq} après n° ${range.to}).`;
      return broken === null;
    },
    broken: () => broken,
    ranges: () => [...byOffice.values()],
  };
}

export function sameRanges(a: readonly ChangeRange[], b: readonly ChangeRange[]): boolean {
  if (a.length !== b.length) return false;
  const key = (r: ChangeRange) => `${r.office}:${r.from}:${r.to}`;
  const setB = new Set(b.map(key));
  return setB.size === b.length && a.every((r) => setB.has(key(r)));
}

export function sameCounts(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if ((a[key] ?? 0) !== (b[key] ?? 0)) return false;
  return true;
}

export function describeCounts(counts: Readonly<Record<string, number>>, total: number): string {
  const parts = Object.keys(counts)
    .sort()
    .map((kind) => `${counts[kind]} « ${kind} »`);
  return `${total} changement(s)${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

export function describeRanges(ranges: readonly ChangeRange[]): string {
  if (ranges.length === 0) return 'aucun changement';
  return ranges.map((r) => `n° ${r.from} à ${r.to}`).join(', ');
}

export function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} Mo`;
}
