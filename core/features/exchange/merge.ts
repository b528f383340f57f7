// Merging the other office's events into this install, inside the import's transaction.
//
// Every event records the before/after of each column it changed (core/api/context.ts `act`),
// and an answer the before/after of its right. Applying an event is therefore a comparison,
// column by column, of this install's current value with the event's "before":
// - equal: the value moves to the event's "after";
// - already equal to "after": nothing to do (the same change, or one already here);
// - anything else: both offices changed the same thing since their last exchange. Nothing is
//   overwritten: a conflict is recorded for the user, whose decision is itself an event that
//   travels back (core/features/exchange/handlers.ts, `exchange.resolveConflict`).
// So the same events give the same state whatever the order of imports, and a real
// disagreement is a question, never a silent choice. Deadlines and search text are recomputed
// here from the merged values; they never travel.
import type { ServiceContext } from '../../api/context';
import type { RequestRow, RightRow, SuspensionRow } from '../../api/store';
import { DomainError } from '../../errors';
import { GENESIS_HASH, appendEvent, canonicalJson, holdsPersonal, withoutPersonal } from '../../journal';
import { anonymiseRequest } from '../retention/anonymise';
import { RIGHT_LABELS, type Right } from '../../domain';
import { requestSearchText, searchTextPatch } from '../../search';
import { CORRECTABLE_FIELDS } from '../../corrections';
import { LOCAL_COLUMNS, isLocalColumn, requestSnapshotSchema, type EventRecord, type RequestSnapshot } from './records';

export interface MergeResult {
  applied: number;
  created: number;
  conflicts: number;
}

/**
 * Every column of a request row, null: a snapshot spread over it, then the columns computed
 * here, gives the row in one step. Spreading the snapshot and adding members to the copy took
 * V8's slow path, about 30 µs a request (a fifth of a large import's merging).
 */
const ROW_SHAPE = Object.fromEntries([...Object.keys(requestSnapshotSchema.shape.request.shape), ...LOCAL_COLUMNS].map((k) => [k, null])) as unknown as RequestRow;

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

type Change = { before: unknown; after: unknown };
const isChange = (v: unknown): v is Change => typeof v === 'object' && v !== null && 'before' in v && 'after' in v;

/** The answer of a right as compared between offices. */
const rightValue = (r: Pick<RightRow, 'outcome' | 'refusalReason' | 'erasureException' | 'answeredOn'>) => ({
  outcome: r.outcome,
  refusalReason: r.refusalReason,
  erasureException: r.erasureException,
  answeredOn: r.answeredOn,
});

export function createMerger(ctx: ServiceContext, agreementId: string, remoteOffice: string) {
  const { store, clock, newId } = ctx;
  const result: MergeResult = { applied: 0, created: 0, conflicts: 0 };
  /** Whether a request was anonymised by this merge (the file is then purged after the commit). */
  let anonymised = false;
  const calendar = ctx.requireAgreement(agreementId).holidayCalendar;
  // Within one import, each request is read once: its row and journal head are kept here as
  // the merge moves them (a package of a month holds about ten events per request).
  const rows = new Map<string, RequestRow>();
  const heads = new Map<string, { seq: number; hash: string }>();
  const moved = new Set<string>();
  const rowOf = (id: string) => {
    let row = rows.get(id);
    if (!row) {
      row = store.getRequest(id);
      if (row) rows.set(id, row);
    }
    return row;
  };
  // A request's suspensions, read once and dropped when an event changes them.
  const suspensionCache = new Map<string, SuspensionRow[]>();
  const suspensionsOf = (id: string) => {
    let list = suspensionCache.get(id);
    if (!list) {
      list = store.getSuspensions([id]);
      suspensionCache.set(id, list);
    }
    return list;
  };
  // The agreement's schools, read once for every request the package creates (a set, not a read each).
  let schools: Set<string> | null = null;
  const schoolIds = () => (schools ??= new Set(store.listSchools(agreementId).map((s) => s.id)));
  const headOf = (id: string) => {
    let head = heads.get(id);
    if (!head) {
      const last = store.lastEvent(id);
      head = { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
      heads.set(id, head);
    }
    return head;
  };

  function conflict(requestId: string, field: string, local: unknown, remote: unknown, eventId: string) {
    // One open question per thing in dispute: a later event on it replaces the remote value asked about.
    const open = store.listConflicts(agreementId, true).find((c) => c.requestId === requestId && c.field === field);
    if (open) store.resolveConflict(open.id, { resolvedAt: clock.now(), resolution: null, resolvedBy: 'remplacée par un changement plus récent' });
    store.insertConflict({
      id: newId(),
      agreementId,
      requestId,
      field,
      local: local ?? null,
      remote: remote ?? null,
      remoteEventId: eventId,
      remoteOffice,
      createdAt: clock.now(),
      resolvedAt: null,
      resolution: null,
      resolvedBy: null,
    });
    result.conflicts++;
  }

  function createFrom(snapshot: RequestSnapshot) {
    const r = snapshot.request;
    if (r.agreementId !== agreementId) throw new DomainError('AUTRE_CONVENTION', `La demande ${r.reference} appartient à une autre convention : paquet refusé.`);
    if (store.isReferenceTaken(r.reference)) {
      throw new DomainError(
        'REFERENCE_EN_DOUBLE',
        `La référence ${r.reference} désigne déjà une autre demande sur ce poste : le paquet n'a pas été importé. Les deux offices ont numéroté des demandes avant d'échanger ; contactez l'autre office pour renuméroter l'une d'elles.`,
      );
    }
    if (r.schoolId && !schoolIds().has(r.schoolId)) {
      throw new DomainError('ECOLE_INCONNUE', `L'école de la demande ${r.reference} n'est pas dans la convention de ce poste : importez d'abord l'invitation à jour.`);
    }
    const suspensionRows = snapshot.suspensions.map((s) => ({ ...s, requestId: r.id }));
    // Its deadlines are computed here, from what it arrives with: no update after the insert.
    const deadlines = ctx.read.storedDeadlines(r, suspensionRows, calendar);
    const row: RequestRow = {
      ...ROW_SHAPE,
      ...r,
      searchText: requestSearchText(r),
      journalHead: null,
      eventCount: 0,
      anonymisedOn: null,
      ...deadlines,
      updatedAt: clock.now(),
    };
    store.insertRequest(row, snapshot.rights.map((x) => ({ ...x, requestId: r.id })));
    for (const s of suspensionRows) store.insertSuspension(s);
    rows.set(r.id, row);
    suspensionCache.set(r.id, suspensionRows);
    heads.set(r.id, { seq: 0, hash: GENESIS_HASH });
    result.created++;
  }

  /** Applies one column change; returns the patch entry, or records a conflict. */
  function column(row: RequestRow, field: string, change: Change, eventId: string, patch: Partial<RequestRow>) {
    if (isLocalColumn(field) || !(field in row)) return;
    const current = (patch as Record<string, unknown>)[field] ?? row[field as keyof RequestRow];
    if (same(current, change.after)) return;
    if (same(current, change.before)) (patch as Record<string, unknown>)[field] = change.after;
    else conflict(row.id, field, current, change.after, eventId);
  }

  /** Applies one right's answer change; `before` may hold only outcome and date (right.answered). */
  function right(requestId: string, which: Right, change: Change, eventId: string) {
    const current = store.getRights(requestId).find((r) => r.right === which);
    if (!current) return;
    const now = rightValue(current);
    const after = { ...now, ...(change.after as object) };
    if (same(now, after)) return;
    const before = change.before as Record<string, unknown>;
    const matches = Object.entries(before).every(([k, v]) => same((now as Record<string, unknown>)[k], v));
    if (matches) store.updateRight(requestId, which, after);
    else conflict(requestId, `right:${which}`, now, after, eventId);
  }

  function correctedRights(requestId: string, rights: { added?: Right[]; removed?: Right[] }, eventId: string) {
    const current = store.getRights(requestId);
    for (const r of rights.added ?? []) {
      if (!current.some((x) => x.right === r)) store.insertRight({ id: newId(), requestId, right: r, outcome: null, refusalReason: null, erasureException: null, answeredOn: null });
    }
    for (const r of rights.removed ?? []) {
      const here = current.find((x) => x.right === r);
      if (here && here.outcome === null) store.deleteRight(requestId, r);
      else if (here) conflict(requestId, `right:${r}`, rightValue(here), null, eventId);
    }
  }

  /** Applies a suspension event; true when the request's suspensions changed. */
  function suspensions(requestId: string, event: EventRecord): boolean {
    if (event.type !== 'suspension.opened' && event.type !== 'suspension.closed') return false;
    const d = event.data;
    const list = suspensionsOf(requestId);
    if (event.type === 'suspension.opened') {
      const id = typeof d.suspensionId === 'string' ? d.suspensionId : null;
      const exists = list.some((s) => (id ? s.id === id : s.kind === d.kind && s.sentOn === d.sentOn && s.whatAsked === d.whatAsked));
      if (!exists) {
        store.insertSuspension({
          id: id ?? newId(),
          requestId,
          kind: d.kind === 'clarification' ? 'clarification' : 'identity',
          whatAsked: String(d.whatAsked ?? ''),
          doubt: typeof d.doubt === 'string' ? d.doubt : null,
          sentOn: String(d.sentOn),
          receivedOn: null,
        });
        return true;
      }
      return false;
    } else {
      const id = typeof d.suspensionId === 'string' ? d.suspensionId : null;
      const target = list.find((s) => (id ? s.id === id : s.kind === (d.kind ?? 'identity') && s.sentOn === d.sentOn));
      if (!target || target.receivedOn === d.receivedOn) return false;
      if (target.receivedOn === null) {
        store.updateSuspension(target.id, { receivedOn: String(d.receivedOn) });
        return true;
      }
      conflict(requestId, `suspension:${target.id}`, target.receivedOn, d.receivedOn, event.id);
      return false;
    }
  }

  /** Merges one event of the other office (already checked against its chain). */
  function apply(received: EventRecord, link: { officeSeq: number; dataJson: string; sealed: string }) {
    let event = received;
    // Only events not received before get here (their numbers follow the last one received).
    let row = rowOf(event.requestId);
    if (!row) {
      if (event.type !== 'request.created' || !event.snapshot) {
        throw new DomainError('DEMANDE_INCONNUE', "Le paquet modifie une demande que ce poste n'a pas : importez d'abord les paquets précédents de l'autre office.");
      }
      createFrom(event.snapshot);
      row = rowOf(event.requestId)!;
    }
    if (row.agreementId !== agreementId) throw new DomainError('AUTRE_CONVENTION', 'Le paquet modifie une demande d’une autre convention : paquet refusé.');
    // A request anonymised here: the event is kept without its personal values (their markers
    // hash the same, so both chains verify) and none of them comes back into the request.
    let dataJson = link.dataJson;
    if (row.anonymisedOn && holdsPersonal(event.data)) {
      event = { ...event, data: withoutPersonal(event.data, ctx.hash) as Record<string, unknown> };
      dataJson = canonicalJson(event.data);
    }

    // The event joins this request's journal here, with its author office and place in its chain.
    const head = headOf(row.id);
    const local = appendEvent(head.hash, { id: event.id, requestId: row.id, at: event.at, actor: event.actor, type: event.type, data: event.data }, ctx.hash, link.sealed);
    // Every field written out (no spread): a hundred thousand of these per large import.
    store.appendJournalEvent(
      {
        id: local.id,
        requestId: local.requestId,
        seq: head.seq + 1,
        at: local.at,
        actor: local.actor,
        type: event.type,
        data: local.data,
        prevHash: local.prevHash,
        hash: local.hash,
        agreementId,
        officeId: remoteOffice,
        officeSeq: link.officeSeq,
        officeHash: event.officeHash,
      },
      dataJson,
    );
    heads.set(row.id, { seq: head.seq + 1, hash: local.hash });
    moved.add(row.id);

    const patch: Partial<RequestRow> = {};
    const changes = event.data.changes;
    if (changes && typeof changes === 'object') {
      for (const [field, change] of Object.entries(changes)) if (isChange(change)) column(row, field, change, event.id, patch);
    }
    const answered = event.data.right;
    if (event.type === 'right.answered' && typeof answered === 'string' && isChange(event.data)) {
      right(row.id, answered as Right, event.data, event.id);
    }
    // A decision on a conflict: the same comparison, and the question closes here too.
    const resolution = event.data.resolution as { field?: string; before?: unknown; after?: unknown } | undefined;
    if (event.type === 'conflict.resolved' && resolution?.field) {
      const change = { before: resolution.before, after: resolution.after };
      if (resolution.field.startsWith('right:')) right(row.id, resolution.field.slice(6) as Right, change, event.id);
      else column(row, resolution.field, change, event.id, patch);
      for (const open of store.listConflicts(agreementId, true).filter((c) => c.requestId === row.id && c.field === resolution.field)) {
        store.resolveConflict(open.id, { resolvedAt: clock.now(), resolution: null, resolvedBy: `${event.actor} (autre office)` });
      }
    }
    // A correction's rights (issue 13): added ones join, removed ones leave unless answered here.
    const corrected = event.data.rights as { added?: Right[]; removed?: Right[] } | undefined;
    if (event.type === 'request.corrected' && corrected) correctedRights(row.id, corrected, event.id);
    const suspended = suspensions(row.id, event);
    if (suspended) suspensionCache.delete(row.id);

    // Deadlines follow from the merged values: recomputed when something they rest on changed.
    if (Object.keys(patch).length > 0 || suspended || !row.dueOn) {
      Object.assign(patch, searchTextPatch(row, patch));
      const merged = { ...row, ...patch };
      const deadlines = { ...ctx.read.storedDeadlines(merged, suspensionsOf(row.id), calendar), updatedAt: clock.now() };
      if (Object.keys(patch).length > 0) store.updateRequest(row.id, { ...patch, ...deadlines });
      else store.setDeadlines(row.id, deadlines);
      rows.set(row.id, { ...merged, ...deadlines });
    }
    // The other office anonymised the request (its retention period is over): so does this one.
    if (event.type === 'request.anonymised' && !row.anonymisedOn) {
      const on = typeof event.data.on === 'string' ? event.data.on : clock.today();
      anonymiseRequest(ctx, rowOf(row.id)!, on);
      rows.set(row.id, store.getRequest(row.id)!);
      anonymised = true;
    }
    result.applied++;
  }

  /** Sets the journal head of every request the merge appended to, once each (end of the merge). */
  function finish() {
    for (const id of moved) {
      const head = heads.get(id)!;
      store.setJournalHead(id, head.hash, head.seq);
    }
    moved.clear();
  }

  return { apply, finish, result, anonymisedAny: () => anonymised };
}

/** A French label for a field in dispute. */
export function conflictLabel(field: string): string {
  if (field.startsWith('right:')) return `Suite donnée : ${RIGHT_LABELS[field.slice(6) as Right] ?? field.slice(6)}`;
  if (field.startsWith('suspension:')) return 'Réception des pièces ou précisions';
  return FIELD_LABELS[field] ?? (CORRECTABLE_FIELDS as Record<string, string>)[field] ?? field;
}

const FIELD_LABELS: Record<string, string> = {
  status: 'Statut',
  closedOn: 'Date de clôture',
  allocationParty: 'Partie qui répond',
  allocationStatus: 'État de la répartition',
  allocationRuleId: 'Règle de répartition',
  allocationReason: 'Motif de la répartition',
  allocationState: 'Répartition',
  preemption: 'Préemption ou arbitrage en attente',
  extended: 'Prolongation',
  extensionReasons: 'Motifs de la prolongation',
  extensionNotifiedOn: 'Prolongation notifiée le',
  acknowledgedOn: 'Accusé de réception',
  identityDocumentsReceived: 'Pièces reçues',
  identityDocumentsMissing: 'Pièces manquantes',
  dataFileRequestedOn: 'Fichier des données demandé le',
  dataFileReceivedOn: 'Fichier des données reçu le',
  processorForwardedOn: "Transmission par l'éditeur",
  processorDeletionInstructedOn: "Instruction d'effacement",
  processorDeletedOn: "Effacement par l'éditeur",
  processorDeletionCertificate: "Attestation d'effacement",
};
