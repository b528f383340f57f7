// Each office's own hash chain over the events it writes for an agreement (../shared/design.md,
// "Two offices, one register"): event n of office O carries O's sequence number n and
// sha256(hash of O's event n-1 + canonical JSON of the event with its author and number). The
// request's own chain (core/journal.ts) detects an edited history on this install; this one lets
// the other office check, event by event, that what it receives is what that office wrote, in
// order and without a gap — and lets either office show who did what, when.
import { GENESIS_HASH, sealedJson, sha256Hex, type Hasher } from '../journal';

export interface OfficeLinkedEvent {
  id: string;
  requestId: string;
  at: string;
  actor: string;
  type: string;
  data: unknown;
  agreementId: string;
  officeId: string;
  officeSeq: number;
}

/**
 * The hash event `event` must carry, after its office's previous hash (GENESIS_HASH for the
 * first): sha256(previous + canonicalJson({ id, requestId, at, actor, type, data, agreementId,
 * officeId, officeSeq })), the body written here in canonicalJson's key order, `data` in its sealed
 * form (core/journal.ts sealedJson: personal values as their hashes, so an anonymised event still
 * verifies; `sealed`, computed once by an import for this chain and the request's).
 */
export function officeEventHash(previousHash: string, event: OfficeLinkedEvent, hash: Hasher = sha256Hex, sealed: string = sealedJson(event.data, hash)): string {
  const q = JSON.stringify;
  return hash(
    `${previousHash}{"actor":${q(event.actor)},"agreementId":${q(event.agreementId)},"at":${q(event.at)},"data":${sealed},"id":${q(event.id)},` +
      `"officeId":${q(event.officeId)},"officeSeq":${q(event.officeSeq)},"requestId":${q(event.requestId)},"type":${q(event.type)}}`,
  );
}

export type OfficeChainCheck = { ok: true; lastHash: string; lastSeq: number } | { ok: false; seq: number; reason: string };

/**
 * Checks a run of one office's events, in order, continuing after (lastSeq, lastHash): numbers
 * follow each other and every hash is the one the content gives.
 */
export function verifyOfficeChain(
  events: readonly (OfficeLinkedEvent & { officeHash: string; sealed?: string })[],
  after: { lastSeq: number; lastHash: string } = { lastSeq: 0, lastHash: GENESIS_HASH },
  hash: Hasher = sha256Hex,
): OfficeChainCheck {
  let { lastSeq, lastHash } = after;
  for (const event of events) {
    if (event.officeSeq !== lastSeq + 1) {
      return { ok: false, seq: event.officeSeq, reason: `changement n° ${event.officeSeq} reçu après le n° ${lastSeq} : la suite des changements est rompue` };
    }
    const expected = officeEventHash(lastHash, event, hash, event.sealed);
    if (expected !== event.officeHash) {
      return { ok: false, seq: event.officeSeq, reason: `le changement n° ${event.officeSeq} ne correspond pas à son empreinte : il a été modifié` };
    }
    lastSeq = event.officeSeq;
    lastHash = event.officeHash;
  }
  return { ok: true, lastHash, lastSeq };
}
