// Append-only event journal: every change to a request is an event carrying the hash of the
// previous one, so an edited, deleted, inserted or reordered event is detected
// (../shared/design.md, "Data"). Synchronous on purpose: the store appends events inside a
// synchronous SQLite transaction, so SHA-256 comes from @noble/hashes (pure TypeScript,
// synchronous, audited; no node:crypto, no WebCrypto promise) over UTF-8 bytes. Pure.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** SHA-256 of a string's UTF-8 bytes, as 64 lowercase hex digits. */
/** SHA-256 of a UTF-8 text, as hex. The hosts pass node:crypto's (faster); this is the pure default. */
export type Hasher = (text: string) => string;

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

// ---------------------------------------------------------------------------------------------
// Canonical JSON
// ---------------------------------------------------------------------------------------------

export class JournalError extends Error {
  readonly code: 'DONNEES_NON_SERIALISABLES' | 'EVENEMENT_INVALIDE';
  constructor(code: JournalError['code'], message: string) {
    super(message);
    this.name = 'JournalError';
    this.code = code;
  }
}

/**
 * JSON with object keys sorted recursively (by UTF-16 code units) and no whitespace: the same
 * value always gives the same text, and the text survives a JSON round trip unchanged
 * (what the store writes and reads back hashes the same). Like JSON.stringify, undefined
 * object members are left out and toJSON() is honoured (dates); values JSON cannot carry
 * faithfully (NaN, Infinity, bigint, functions, symbols, undefined at the top or in arrays)
 * are refused rather than silently changed.
 */
export function canonicalJson(value: unknown): string {
  // The fast path builds no path: a refusal is rare, so only then is the value walked again to
  // say where the bad member is.
  const text = write(value);
  if (text === undefined) throw refusal(value, '$');
  return text;
}

/** The canonical text, or undefined when some member cannot be written. */
function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'object': {
      const withJson = value as { toJSON?: unknown };
      if (typeof withJson.toJSON === 'function') return write((withJson.toJSON as () => unknown).call(value));
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i += 1) {
          const item = write(value[i]);
          if (item === undefined) return undefined;
          out += i === 0 ? item : `,${item}`;
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        const text = write(member);
        if (text === undefined) return undefined;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

/** The error for the first member of `value` that canonical JSON cannot carry, with its path. */
function refusal(value: unknown, path: string): JournalError {
  const found = (function find(v: unknown, at: string): JournalError | null {
    if (v === null) return null;
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return null;
      case 'number':
        return Number.isFinite(v) ? null : new JournalError('DONNEES_NON_SERIALISABLES', `Donnée non enregistrable dans le journal (${at}) : nombre non fini.`);
      case 'object': {
        const withJson = v as { toJSON?: unknown };
        if (typeof withJson.toJSON === 'function') return find((withJson.toJSON as () => unknown).call(v), at);
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i += 1) {
            const e = find(v[i], `${at}[${i}]`) ?? (v[i] === undefined ? undefinedMember(`${at}[${i}]`) : null);
            if (e) return e;
          }
          return null;
        }
        for (const key of Object.keys(v as object).sort()) {
          const member = (v as Record<string, unknown>)[key];
          if (member === undefined) continue;
          const e = find(member, `${at}.${key}`);
          if (e) return e;
        }
        return null;
      }
      default:
        return new JournalError('DONNEES_NON_SERIALISABLES', `Donnée non enregistrable dans le journal (${at}) : valeur de type ${typeof v}.`);
    }
  })(value, path);
  return found ?? new JournalError('DONNEES_NON_SERIALISABLES', `Donnée non enregistrable dans le journal (${path}).`);
}

const undefinedMember = (at: string) =>
  new JournalError('DONNEES_NON_SERIALISABLES', `Donnée non enregistrable dans le journal (${at}) : valeur de type undefined.`);

// ---------------------------------------------------------------------------------------------
// Sealed form: personal values hashed through their own hash, so they can be removed later
// ---------------------------------------------------------------------------------------------

/**
 * The members of an event's data that hold personal or free-text values (names, contacts,
 * summaries, reasons, notes): what anonymisation removes once a request's retention period is
 * over (issue 15). Part of the hashing: changing this list changes every hash (a data migration
 * then rehashes the journals, db/data-migrations.ts).
 */
export const PERSONAL_KEYS: ReadonlySet<string> = new Set([
  'requesterName',
  'requesterContact',
  'subjectName',
  'subjectRelation',
  'summary',
  'attachments',
  'identityDocumentsReceived',
  'identityDocumentsMissing',
  'documentsReceived',
  'evidence',
  'extensionReasons',
  'whatAsked',
  'doubt',
  'reason',
  'reasons',
  'refusalReason',
  'note',
  'notes',
  'comment',
]);

/** The member of a removed value's marker: `{ "$removed": "<SHA-256 of the value's canonical JSON>" }`. */
export const REMOVED_KEY = '$removed';

export type RemovedMarker = { [REMOVED_KEY]: string };

export function isRemovedMarker(value: unknown): value is RemovedMarker {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === REMOVED_KEY && typeof (value as Record<string, unknown>)[REMOVED_KEY] === 'string';
}

/**
 * Walks `data` and replaces each personal value by `replace(value)`: the members named in
 * PERSONAL_KEYS, and the `before`/`after` of an object whose `field` names one (a correction's
 * line, a conflict's resolution). A marker is left as it is. Returns `data` itself when it holds
 * no personal value (no copy on the hot path).
 */
function mapPersonal(data: unknown, replace: (value: unknown) => unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  if (Array.isArray(data)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < data.length; i += 1) {
      const next = mapPersonal(data[i], replace);
      if (next !== data[i]) (out ??= data.slice())[i] = next;
    }
    return out ?? data;
  }
  if (isRemovedMarker(data)) return data;
  const record = data as Record<string, unknown>;
  const personalField = typeof record.field === 'string' && PERSONAL_KEYS.has(record.field);
  let out: Record<string, unknown> | null = null;
  for (const key of Object.keys(record)) {
    const member = record[key];
    if (member === undefined) continue;
    const personal = PERSONAL_KEYS.has(key) || (personalField && (key === 'before' || key === 'after'));
    const next = personal ? (isRemovedMarker(member) ? member : replace(member)) : mapPersonal(member, replace);
    if (next !== member) (out ??= { ...record })[key] = next;
  }
  return out ?? data;
}

/** The marker standing for a personal value: its SHA-256, never the value. */
export const removedMarker = (value: unknown, hash: Hasher = sha256Hex): RemovedMarker => ({ [REMOVED_KEY]: hash(canonicalJson(value)) });

/**
 * The data as it is hashed into the chains: every personal value replaced by its marker (the
 * SHA-256 of its canonical JSON). The same text whether the values are still there or were
 * removed (anonymised) and only their markers kept, so either form verifies.
 */
export function sealedJson(data: unknown, hash: Hasher = sha256Hex): string {
  return canonicalJson(mapPersonal(data, (value) => removedMarker(value, hash)));
}

/**
 * canonicalJson(data) and sealedJson(data) in one walk: an import computes both for each of the
 * hundred thousand events a large package brings (the journal stores the first, both chains hash
 * the second). `sealed` is null when the data holds no personal value (then it is `json`).
 */
export function canonicalAndSealed(data: unknown, hash: Hasher = sha256Hex): { json: string; sealed: string | null } {
  const pair = writePair(data, hash);
  if (pair !== undefined) return { json: pair[0], sealed: pair[1] };
  // A value the walk does not take (a refusal to report with its path, a toJSON): the two walks.
  const json = canonicalJson(data);
  const sealed = sealedJson(data, hash);
  return { json, sealed: sealed === json ? null : sealed };
}

/** [canonical text, sealed text or null when the same]; undefined to fall back on the two walks. */
function writePair(value: unknown, hash: Hasher): [string, string | null] | undefined {
  if (typeof value !== 'object' || value === null) {
    const text = write(value);
    return text === undefined ? undefined : [text, null];
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined;
  // The sealed text starts as a copy of the canonical one at the first member whose sealed form
  // differs (most events hold no personal value: one text only). No closure: called per value.
  let json: string;
  let sealed: string | null = null;
  if (Array.isArray(value)) {
    json = '[';
    for (let i = 0; i < value.length; i += 1) {
      const item = writePair(value[i], hash);
      if (item === undefined) return undefined;
      const head = i === 0 ? '' : ',';
      if (item[1] !== null && sealed === null) sealed = json;
      json += head + item[0];
      if (sealed !== null) sealed += head + (item[1] ?? item[0]);
    }
    return [`${json}]`, sealed === null ? null : `${sealed}]`];
  }
  if (isRemovedMarker(value)) {
    const text = write(value);
    return text === undefined ? undefined : [text, null];
  }
  // As mapPersonal: the members PERSONAL_KEYS names, and the before/after of a personal `field`.
  const record = value as Record<string, unknown>;
  const personalField = typeof record.field === 'string' && PERSONAL_KEYS.has(record.field);
  json = '{';
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    let pair: [string, string | null] | undefined;
    if (PERSONAL_KEYS.has(key) || (personalField && (key === 'before' || key === 'after'))) {
      const text = write(member);
      if (text === undefined) return undefined;
      pair = [text, isRemovedMarker(member) ? null : `{${JSON.stringify(REMOVED_KEY)}:${JSON.stringify(hash(text))}}`];
    } else {
      pair = writePair(member, hash);
      if (pair === undefined) return undefined;
    }
    const head = `${first ? '' : ','}${JSON.stringify(key)}:`;
    if (pair[1] !== null && sealed === null) sealed = json;
    json += head + pair[0];
    if (sealed !== null) sealed += head + (pair[1] ?? pair[0]);
    first = false;
  }
  return [`${json}}`, sealed === null ? null : `${sealed}}`];
}

/** The data with every personal value removed, its marker kept in its place (anonymisation). */
export function withoutPersonal(data: unknown, hash: Hasher = sha256Hex): unknown {
  return mapPersonal(data, (value) => removedMarker(value, hash));
}

/** Whether the data still holds a personal value (not yet anonymised). */
export function holdsPersonal(data: unknown): boolean {
  let found = false;
  mapPersonal(data, (value) => {
    found = true;
    return value;
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// Events and chain
// ---------------------------------------------------------------------------------------------

/** The previous hash of the first event of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

export interface JournalEvent {
  id: string;
  requestId: string;
  /** ISO instant, UTC. */
  at: string;
  /** Who did it. */
  actor: string;
  /** What happened ('request.created', 'status.changed', …). */
  type: string;
  /** Details: before/after values, reasons… (JSON). */
  data: unknown;
  /** Hash of the previous event (GENESIS_HASH for the first). */
  prevHash: string;
  /** sha256(prevHash + canonicalJson({ id, requestId, at, actor, type, data: sealed data })): see sealedJson. */
  hash: string;
}

export type NewEvent = Omit<JournalEvent, 'prevHash' | 'hash'>;

const HASH_RE = /^[0-9a-f]{64}$/;

/**
 * canonicalJson({ id, requestId, at, actor, type, data }) with `data` in its sealed form
 * (sealedJson: personal values as their hashes), built from `sealed` when the caller already
 * has it (an import computes it once per event for both chains). The keys are written in
 * canonicalJson's order.
 */
export function eventBody(event: NewEvent, sealed: string = sealedJson(event.data)): string {
  const q = JSON.stringify;
  return `{"actor":${q(event.actor)},"at":${q(event.at)},"data":${sealed},"id":${q(event.id)},"requestId":${q(event.requestId)},"type":${q(event.type)}}`;
}

/** The hash an event must carry, given the previous hash. */
function eventHash(previousHash: string, event: NewEvent, hash: Hasher = sha256Hex, sealed?: string): string {
  return hash(previousHash + eventBody(event, sealed ?? sealedJson(event.data, hash)));
}

/**
 * The event, chained after `previousHash` (GENESIS_HASH for a request's first event).
 * `sealed`, when given, must be sealedJson(event.data, hash).
 */
export function appendEvent(previousHash: string, event: NewEvent, hash: Hasher = sha256Hex, sealed?: string): JournalEvent {
  if (!HASH_RE.test(previousHash)) {
    throw new JournalError('EVENEMENT_INVALIDE', "Empreinte précédente invalide : 64 caractères hexadécimaux attendus.");
  }
  for (const field of ['id', 'requestId', 'at', 'actor', 'type'] as const) {
    if (typeof event[field] !== 'string' || event[field] === '') {
      throw new JournalError('EVENEMENT_INVALIDE', `Événement du journal incomplet : le champ « ${field} » est à renseigner.`);
    }
  }
  return {
    id: event.id,
    requestId: event.requestId,
    at: event.at,
    actor: event.actor,
    type: event.type,
    data: event.data,
    prevHash: previousHash,
    hash: eventHash(previousHash, event, hash, sealed),
  };
}

export type ChainCheck =
  | { ok: true; count: number; head: string }
  | {
      ok: false;
      /** Index (0-based) of the first event that breaks the chain (events.length if the end is missing). */
      index: number;
      /** Its id; for a truncated chain, the id of the last event present (null if none). */
      eventId: string | null;
      /** French, for the user. */
      reason: string;
    };

/**
 * Checks a chain of events, in order: each event's prevHash is the previous event's hash
 * (GENESIS_HASH, or `startHash`, for the first), and each hash matches the event's content.
 * Returns the first broken link: an edited event (its hash no longer matches), or a deleted,
 * inserted or reordered one (the link to the previous event is broken). A chain cut at its
 * end is only detectable against a head kept elsewhere: pass `expectedHead` (and/or
 * `expectedCount`).
 */
export function verifyChain(
  events: readonly JournalEvent[],
  options: { startHash?: string | undefined; expectedHead?: string | undefined; expectedCount?: number | undefined; hash?: Hasher | undefined } = {},
): ChainCheck {
  let previous = options.startHash ?? GENESIS_HASH;
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i];
    if (event === undefined) continue;
    const n = i + 1;
    if (event.prevHash !== previous) {
      return {
        ok: false,
        index: i,
        eventId: event.id,
        reason:
          i === 0
            ? "Journal incomplet : le premier événement conservé n'est pas le premier enregistré (un ou plusieurs événements ont été supprimés)."
            : `Journal rompu avant l'événement n° ${n} : un événement a été supprimé, inséré ou déplacé à cet endroit.`,
      };
    }
    let expected: string;
    try {
      expected = eventHash(previous, event, options.hash);
    } catch {
      expected = '';
    }
    if (event.hash !== expected) {
      return {
        ok: false,
        index: i,
        eventId: event.id,
        reason: `L'événement n° ${n} (${event.type}, ${event.at}) a été modifié après son enregistrement : son empreinte ne correspond plus à son contenu.`,
      };
    }
    previous = event.hash;
  }
  const last = events[events.length - 1];
  const truncated =
    (options.expectedHead !== undefined && options.expectedHead !== previous) ||
    (options.expectedCount !== undefined && options.expectedCount !== events.length);
  if (truncated) {
    return {
      ok: false,
      index: events.length,
      eventId: last?.id ?? null,
      reason: `Journal incomplet : ${
        options.expectedCount !== undefined ? `${options.expectedCount} événements attendus, ${events.length} présents ; ` : ''
      }les derniers événements enregistrés manquent ou ont été remplacés.`,
    };
  }
  return { ok: true, count: events.length, head: previous };
}
