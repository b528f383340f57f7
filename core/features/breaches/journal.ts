// A breach's journal, written here and by the exchange's merge alike: each event joins the
// breach's own hash chain (core/journal.ts, its `requestId` field carrying the breach's id) and
// its author office's chain for the agreement (core/exchange/chain.ts, shared with the requests'
// events); then the breach row is recomputed from the whole journal (core/breaches/state.ts), so
// the office that took a step and the one that received it hold the same state.
import type { ServiceContext } from '../../api/context';
import type { BreachEventRow } from '../../api/breach-store';
import type { BreachEventType } from '../../breaches/events';
import { breachState } from '../../breaches/state';
import { GENESIS_HASH, appendEvent } from '../../journal';

export type OfficeLink = Pick<BreachEventRow, 'agreementId' | 'officeId' | 'officeSeq' | 'officeHash'>;

export function createBreachJournal(ctx: ServiceContext) {
  const { store, clock, hash } = ctx;

  /**
   * Appends one event to a breach's journal (inside the caller's transaction). Without `link`,
   * this office writes it now (its own chain); with it, the event is the other office's, as
   * written there (id, instant, author, place in its chain).
   */
  function append(breachId: string, event: { id: string; at: string; actor: string; type: BreachEventType; data: Record<string, unknown> }, link?: OfficeLink, sealed?: string): void {
    const breach = store.getBreach(breachId)!;
    const last = store.lastBreachEvent(breachId);
    const journal = appendEvent(last?.hash ?? GENESIS_HASH, { id: event.id, requestId: breachId, at: event.at, actor: event.actor, type: event.type, data: event.data }, hash, sealed);
    store.insertBreachEvent({
      id: journal.id,
      breachId,
      seq: (last?.seq ?? 0) + 1,
      at: journal.at,
      actor: journal.actor,
      type: event.type,
      data: journal.data,
      prevHash: journal.prevHash,
      hash: journal.hash,
      ...(link ?? ctx.officeLink(breach.agreementId, journal)),
    });
  }

  /** This office's step, now. */
  function record(breachId: string, type: BreachEventType, data: Record<string, unknown>): void {
    append(breachId, { id: ctx.newId(), at: clock.now(), actor: ctx.actor(), type, data });
  }

  /** The breach row recomputed from its journal. */
  function refold(breachId: string): void {
    const state = breachState(store.getBreachEvents(breachId));
    store.updateBreach(breachId, { ...state, updatedAt: clock.now() });
  }

  return { append, record, refold };
}
