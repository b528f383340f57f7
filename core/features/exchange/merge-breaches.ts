// Merging the other office's breach events into this install, inside the import's transaction.
// A breach's state is a function of its whole journal (core/breaches/state.ts, order-free), so
// merging is appending: each event joins the breach's journal with its author office, and each
// breach touched is recomputed once at the end. The same events give the same breach and the
// same countdowns on both installs, whatever the order of imports.
import type { ServiceContext } from '../../api/context';
import type { BreachRow } from '../../api/breach-store';
import { breachState } from '../../breaches/state';
import { DomainError } from '../../errors';
import { createBreachJournal } from '../breaches/journal';
import type { BreachEventRecord } from './records';

export function createBreachMerger(ctx: ServiceContext, agreementId: string, remoteOffice: string) {
  const { store, clock } = ctx;
  const journal = createBreachJournal(ctx);
  const touched = new Set<string>();
  const result = { applied: 0, created: 0 };

  /** A breach declared on the other install, created here from its declaration. */
  function create(record: BreachEventRecord): void {
    const b = record.breach;
    if (record.type !== 'breach.declared' || !b || b.id !== record.breachId) {
      throw new DomainError('VIOLATION_INCONNUE', "Le paquet complète une violation que ce poste n'a pas : importez d'abord les paquets précédents de l'autre office.");
    }
    if (b.agreementId !== agreementId) throw new DomainError('AUTRE_CONVENTION', `La violation ${b.reference} appartient à une autre convention : paquet refusé.`);
    if (store.breachByReference(b.reference)) {
      throw new DomainError('REFERENCE_EN_DOUBLE', `La référence ${b.reference} désigne déjà une autre violation sur ce poste : le paquet n'a pas été importé. Contactez l'autre office.`);
    }
    // The row as its declaration makes it; the journal's other events are folded in at the end.
    const state = breachState([{ id: record.id, at: record.at, actor: record.actor, type: record.type, data: record.data }]);
    const now = clock.now();
    const row: BreachRow = { ...b, ...state, journalHead: null, eventCount: 0, updatedAt: now };
    store.insertBreach(row);
    result.created++;
  }

  /** Merges one breach event of the other office (already checked against its chain). */
  function apply(record: BreachEventRecord, link: { officeSeq: number; sealed: string }): void {
    let row = store.getBreach(record.breachId);
    if (!row) {
      create(record);
      row = store.getBreach(record.breachId)!;
    }
    if (row.agreementId !== agreementId) throw new DomainError('AUTRE_CONVENTION', 'Le paquet complète une violation d’une autre convention : paquet refusé.');
    journal.append(
      row.id,
      { id: record.id, at: record.at, actor: record.actor, type: record.type, data: record.data },
      { agreementId, officeId: remoteOffice, officeSeq: link.officeSeq, officeHash: record.officeHash },
      link.sealed,
    );
    touched.add(row.id);
    result.applied++;
  }

  /** Recomputes every breach the merge appended to, once each (end of the merge). */
  function finish(): void {
    for (const id of touched) journal.refold(id);
    touched.clear();
  }

  return { apply, finish, result };
}
