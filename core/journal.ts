// Append-only event journal: every change to a request is an event carrying the hash of the
// previous one, so an edited, deleted, inserted or reordered event is detected
// (../shared/design.md, "Data"). Synchronous on purpose: the store appends events inside a
// synchronous SQLite transaction, so SHA-256 is implemented here in plain TypeScript (FIPS
// 180-4) over UTF-8 bytes (TextEncoder, a global in Node and browsers). Pure.

// ---------------------------------------------------------------------------------------------
// SHA-256 (FIPS 180-4)
// ---------------------------------------------------------------------------------------------

// First 32 bits of the fractional parts of the cube roots of the first 64 primes (§4.2.2).
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

// Initial hash value: first 32 bits of the fractional parts of the square roots of the first 8 primes (§5.3.3).
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const encoder = new TextEncoder();

/** SHA-256 of bytes, as 32 bytes. */
export function sha256Bytes(message: Uint8Array): Uint8Array {
  // Padding (§5.1.1): 0x80, zeros, then the length in bits as a 64-bit big-endian integer.
  const bitLength = message.length * 8;
  const padded = new Uint8Array(Math.ceil((message.length + 9) / 64) * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);

  const h = Uint32Array.from(H0);
  const w = new Uint32Array(64);
  for (let offset = 0; offset < padded.length; offset += 64) {
    // Message schedule (§6.2.2, step 1).
    for (let t = 0; t < 16; t += 1) w[t] = view.getUint32(offset + t * 4);
    for (let t = 16; t < 64; t += 1) {
      const w15 = w[t - 15] ?? 0;
      const w2 = w[t - 2] ?? 0;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      w[t] = ((w[t - 16] ?? 0) + s0 + (w[t - 7] ?? 0) + s1) >>> 0;
    }
    // Compression (§6.2.2, steps 2-4).
    let a = h[0] ?? 0;
    let b = h[1] ?? 0;
    let c = h[2] ?? 0;
    let d = h[3] ?? 0;
    let e = h[4] ?? 0;
    let f = h[5] ?? 0;
    let g = h[6] ?? 0;
    let hh = h[7] ?? 0;
    for (let t = 0; t < 64; t += 1) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + (K[t] ?? 0) + (w[t] ?? 0)) >>> 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = ((h[0] ?? 0) + a) >>> 0;
    h[1] = ((h[1] ?? 0) + b) >>> 0;
    h[2] = ((h[2] ?? 0) + c) >>> 0;
    h[3] = ((h[3] ?? 0) + d) >>> 0;
    h[4] = ((h[4] ?? 0) + e) >>> 0;
    h[5] = ((h[5] ?? 0) + f) >>> 0;
    h[6] = ((h[6] ?? 0) + g) >>> 0;
    h[7] = ((h[7] ?? 0) + hh) >>> 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i += 1) outView.setUint32(i * 4, h[i] ?? 0);
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** SHA-256 of a string's UTF-8 bytes, as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  const digest = sha256Bytes(encoder.encode(text));
  let hex = '';
  for (const byte of digest) hex += HEX[byte] ?? '';
  return hex;
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
export function eventHash(previousHash: string, event: NewEvent): string {
  const body = canonicalJson({
    id: event.id,
    requestId: event.requestId,
    at: event.at,
    actor: event.actor,
    type: event.type,
    data: event.data,
  });
  return sha256Hex(previousHash + body);
}

/** The event, chained after `previousHash` (GENESIS_HASH for a request's first event). */
export function appendEvent(previousHash: string, event: NewEvent): JournalEvent {
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
    hash: eventHash(previousHash, event),
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
  options: { startHash?: string; expectedHead?: string; expectedCount?: number } = {},
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
      expected = eventHash(previous, event);
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
