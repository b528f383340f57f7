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
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new JournalError('DONNEES_NON_SERIALISABLES', `Donnée non enregistrable dans le journal (${path}) : nombre non fini.`);
      }
      return JSON.stringify(value);
    case 'object': {
      const withJson = value as { toJSON?: unknown };
      if (typeof withJson.toJSON === 'function') {
        return write((withJson.toJSON as () => unknown).call(value), path);
      }
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => write(item, `${path}[${i}]`)).join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      const members: string[] = [];
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        members.push(`${JSON.stringify(key)}:${write(member, `${path}.${key}`)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new JournalError(
        'DONNEES_NON_SERIALISABLES',
        `Donnée non enregistrable dans le journal (${path}) : valeur de type ${typeof value}.`,
      );
  }
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
  /** sha256(prevHash + canonicalJson({ id, requestId, at, actor, type, data })). */
  hash: string;
}

export type NewEvent = Omit<JournalEvent, 'prevHash' | 'hash'>;

const HASH_RE = /^[0-9a-f]{64}$/;

/** The hash an event must carry, given the previous hash. */
function eventHash(previousHash: string, event: NewEvent, hash: Hasher = sha256Hex): string {
  const body = canonicalJson({
    id: event.id,
    requestId: event.requestId,
    at: event.at,
    actor: event.actor,
    type: event.type,
    data: event.data,
  });
  return hash(previousHash + body);
}

/** The event, chained after `previousHash` (GENESIS_HASH for a request's first event). */
export function appendEvent(previousHash: string, event: NewEvent, hash: Hasher = sha256Hex): JournalEvent {
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
    hash: eventHash(previousHash, event, hash),
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
