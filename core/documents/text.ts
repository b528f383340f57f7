// Small text helpers shared by the documents (letters, agenda, workbook). Pure.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and attribute values: request data always goes through here. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

// ---------- characters XML cannot carry ----------
//
// A DOCX or XLSX file is XML: XML 1.0 (§2.2 Char) forbids the C0 control characters other than
// tab, line feed and carriage return, lone UTF-16 surrogates, U+FFFE and U+FFFF; Unicode's other
// non-characters (U+FDD0–U+FDEF, the last two code points of every plane) are "discouraged"
// there and mean nothing in text. Input is refused with them (core/api/schemas.ts), and every
// document strips them on the way out (docx.ts, xlsx.ts), whatever the data's origin.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\p{Cs}\p{Noncharacter_Code_Point}]/u;
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\p{Cs}\p{Noncharacter_Code_Point}]/gu;

/** The first character XML cannot carry, as `U+XXXX` with its position (1-based), or null. */
export function xmlForbiddenCharacter(value: string): { code: string; position: number } | null {
  const m = XML_FORBIDDEN.exec(value);
  if (!m) return null;
  const code = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return { code: `U+${code}`, position: [...value.slice(0, m.index)].length + 1 };
}

/** The text without the characters XML cannot carry. */
export function stripXmlForbidden(value: string): string {
  return value.replace(XML_FORBIDDEN_ALL, '');
}

/** Every string of a plain value (objects, arrays) without the characters XML cannot carry. */
export function xmlSafe<T>(value: T): T {
  if (typeof value === 'string') return stripXmlForbidden(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => xmlSafe(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlSafe(v)])) as T;
  }
  return value;
}

/** Lower case, no accents, single spaces: for comparing what a user typed with a vocabulary. */
export function normalizeWords(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** "a", "a et b", "a, b et c". */
export function joinFr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

/** A file name made of letters, digits, dashes and underscores (accents dropped). */
export function safeFileName(value: string): string {
  return (
    value
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'document'
  );
}

export { fromBase64, toBase64 } from '../bytes';

// ---------- French in letters: elision, contraction, agreement ----------
//
// Letters put values after prepositions ("à {{droits_refuses}}", "la commune de {{commune}}"):
// French contracts "à le" → "au", "à les" → "aux", "de le" → "du", "de les" → "des", and elides
// "de", "que" before a vowel ("d'Aubagne", "qu'Inès"). An initial h is left alone: whether it is
// mute ("d'Hyères") or aspirated ("de Haguenau") depends on the word, so the safe choice is no
// elision; the user can still edit the letter.

/** The requester's grammatical gender, when the request holds it (null: unknown). */
export type Gender = 'f' | 'm' | null;

/** Starts with a vowel (accents and capitals included), so "de"/"que"/"le"/"la" elide before it. */
export function startsWithVowel(word: string): boolean {
  return /^[aeiouyàâäéèêëîïôöùûüæœ]/i.test(word.trim()) && !/^y[aeiouàâäéèêëîïôöùûü]/i.test(word.trim());
}

const keepCase = (model: string, word: string) => (model.charAt(0) === model.charAt(0).toUpperCase() ? word.charAt(0).toUpperCase() + word.slice(1) : word);

/**
 * A preposition ("à", "de") or conjunction ("que") followed by a phrase, contracted and elided:
 * joinWord('de', 'le droit') = 'du droit', joinWord('à', 'les destinataires') = 'aux destinataires',
 * joinWord('de', 'Aubagne') = "d'Aubagne", joinWord('que', 'Inès') = "qu'Inès",
 * joinWord('à', "l'académie") = "à l'académie". The case of the first word is kept ("De le" → "Du").
 * A preposition is repeated before each noun phrase of a list that starts with an article, as
 * French requires: joinWord('à', "le droit d'accès et le droit d'opposition") =
 * "au droit d'accès et au droit d'opposition".
 */
export function joinWord(word: string, phrase: string): string {
  const w = word.toLowerCase();
  if ((w === 'à' || w === 'de') && ARTICLE_START.test(phrase)) {
    const parts = phrase.split(COORDINATED);
    if (parts.length > 1) {
      // parts: [phrase, separator, phrase, separator, …]
      return parts.map((p, i) => (i % 2 === 1 ? p : joinOne(i === 0 ? word : w, p))).join('');
    }
  }
  return joinOne(word, phrase);
}

const ARTICLE_START = /^(le|la|les)\s|^l['’]/i;
/** ", le droit…", " et la commune…", " ou l'académie…": a coordinated phrase with its own article. */
const COORDINATED = /(,\s+|\s+et\s+|\s+ou\s+)(?=(?:le|la|les)\s|l['’])/;

function joinOne(word: string, phrase: string): string {
  const w = word.toLowerCase();
  const article = /^(le|les)\s+(.*)$/is.exec(phrase);
  if (article && (w === 'à' || w === 'de')) {
    const plural = article[1]!.toLowerCase() === 'les';
    const fused = w === 'à' ? (plural ? 'aux' : 'au') : plural ? 'des' : 'du';
    return `${keepCase(word, fused)} ${article[2]!}`;
  }
  if ((w === 'de' || w === 'que') && startsWithVowel(phrase)) return `${word.slice(0, -1)}'${phrase.trimStart()}`;
  return `${word} ${phrase}`;
}

/** "de" + phrase: "du droit", "des destinataires", "d'Aubagne", "de la commune". */
export const deFr = (phrase: string) => joinWord('de', phrase);
/** "à" + phrase: "au droit", "aux destinataires", "à l'académie", "à la commune". */
export const aFr = (phrase: string) => joinWord('à', phrase);

/**
 * Text that ends with "à ", "de " or "que " followed by a value: the pair as French writes it
 * ("donner suite à " + "le droit…" → "donner suite " + "au droit…"), for code that concatenates.
 * Only the junction is touched: a "de le" inside the text itself ("de le faire") is the writer's.
 * Templates do the same when filled (templates.ts).
 */
export function joinAtJunction(before: string, value: string): { before: string; value: string } {
  const m = /(^|[\s(«"“'’])(à|À|de|De|que|Que) $/.exec(before);
  if (!m || value === '') return { before, value };
  const word = m[2]!;
  const joined = joinWord(word, value);
  if (joined === `${word} ${value}`) return { before, value };
  return { before: before.slice(0, before.length - word.length - 1), value: joined };
}

/** The form that agrees with the gender; unknown gender gets `unknown` (default "m / f" spelt out). */
export function agreeFr(gender: Gender, masculine: string, feminine: string, unknown = `${masculine} ou ${feminine}`): string {
  return gender === 'f' ? feminine : gender === 'm' ? masculine : unknown;
}

/** Text pieces that read "à le", "de le", "à les", "de les", or "de"/"que" before a vowel: for tests and checks. */
export function frenchJunctionErrors(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\p{L}’'])(?:[àÀ]|[dD]e) les? (?=\p{L})/gu)) out.push(m[0].trim());
  for (const m of text.matchAll(/(?<![\p{L}’'])(?:[dD]e|[qQ]ue) (?=[aeiouàâäéèêëîïôöùûüAEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜ])\p{L}+/gu)) out.push(m[0]);
  return out;
}
