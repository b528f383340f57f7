// The exchange between the two offices of an agreement. The académie's install and the
// commune's each keep their own database; they keep one shared view of the agreement's requests
// by passing files: an invitation to join (signed, no requests), then packages both ways
// (sealed for the other office only, signed by the sender, core/exchange/package). Each package
// carries this office's events the other has not acknowledged and acknowledges what this office
// has received; merging is core/features/exchange/merge.ts.
import type { HandlersOf } from '../../api/contract';
import type { ExchangeDeps, ServiceContext } from '../../api/context';
import type { ExchangeStateRow, PeerRow } from '../../api/exchange-store';
import type { SuspensionRow } from '../../api/store';
import { agreementColumns } from '../../api/row-schemas';
import type { Party } from '../../domain';
import { DomainError } from '../../errors';
import { verifyOfficeChain } from '../../exchange/chain';
import { fingerprintLines, officeFingerprint } from '../../exchange/fingerprint';
import { INVITATION_EXTENSION, buildInvitation, openInvitation } from '../../exchange/invitation';
import {
  buildPackage,
  envelopeHeaderSchema,
  openEnvelope,
  parseFrame,
  type OfficeCard,
  type PackageManifest,
  type PackageProblem,
} from '../../exchange/package';
import { GENESIS_HASH, canonicalAndSealed } from '../../journal';
import { PRESET_DEFAULTS } from '../../presets';
import { agreementOut } from '../agreements/read';
import type { ExchangeStatus, exchangeCalls } from './calls';
import { agreementFromInvitation, confirmFingerprint, shown } from './checks';
import { conflictLabel, createMerger } from './merge';
import { createBreachMerger } from './merge-breaches';
import {
  RECORD_KINDS,
  breachEventRecordOf,
  breachSnapshotOf,
  eventRecordOf,
  formatFor,
  letterSnapshotOf,
  packageRecordSchema,
  snapshotOf,
  type BreachEventRecord,
  type EventRecord,
  type LetterSnapshot,
} from './records';

const PACKAGE_MIME = 'application/octet-stream';
/** Setting: the office whose chain the events written before it had an identity have joined. */
const EARLIER_EVENTS_CHAINED = 'exchange.earlierEventsChained';

/** An event of the other office (a request's or a breach's) that this install has not received yet. */
type FreshEvent = { seq: number } & ({ kind: 'request'; record: EventRecord } | { kind: 'breach'; record: BreachEventRecord });
/** A fresh event's data as the journal stores it and as both chains hash it (core/journal.ts sealedJson). */
type WrittenData = { dataJson: string; sealed: string };

const emptyState = (agreementId: string): ExchangeStateRow => ({ agreementId, lastPackageOut: 0, lastPackageIn: 0, received: {}, peerAcknowledged: 0 });

export function createExchangeHandlers(ctx: ServiceContext): HandlersOf<typeof exchangeCalls> {
  const { store, clock, newId } = ctx;

  function exchange(): ExchangeDeps {
    if (!ctx.exchange) {
      throw new DomainError('ECHANGE_INDISPONIBLE', "Cette installation n'a pas d'identité d'office : l'échange avec l'autre partie n'est pas disponible.");
    }
    return ctx.exchange;
  }

  function selfParty(): Party {
    const party = ctx.office()?.party;
    if (!party) throw new DomainError('OFFICE_NON_CONFIGURE', "Indiquez d'abord dans Paramètres quelle partie sert cet office.");
    return party;
  }

  const selfCard = (): OfficeCard => {
    const { self } = exchange();
    return { officeId: self.officeId, name: ctx.actor(), keys: self.keys };
  };
  const peerCard = (peer: PeerRow): OfficeCard => ({ officeId: peer.officeId, name: peer.name, keys: { signingKey: peer.signingKey, encryptionKey: peer.encryptionKey } });
  const stateOf = (agreementId: string) => store.getExchangeState(agreementId) ?? emptyState(agreementId);

  /**
   * Events written before this install had an office identity join this office's chain, once,
   * in the order they were written, so they travel like the others.
   */
  function chainEarlierEvents() {
    if (!ctx.exchange) return;
    // Once done, every later event is written with its office (core/api/context.ts): the
    // journal is not scanned again on each exchange call.
    const done = store.getSetting(EARLIER_EVENTS_CHAINED) === ctx.exchange.self.officeId;
    // Breach events written before breaches travelled join too (a small table, read each time).
    const breachEvents = store.breachEventsWithoutOffice();
    if (done && breachEvents.length === 0) return;
    const pending = [
      ...(done ? [] : store.eventsWithoutOffice().map((e) => ({ event: e, agreementId: e.agreementId ?? store.getRequest(e.requestId)!.agreementId, breach: false }))),
      ...breachEvents.map((e) => ({ event: { ...e, requestId: e.breachId }, agreementId: e.breachAgreementId, breach: true })),
    ].sort((a, b) => (a.event.at < b.event.at ? -1 : a.event.at > b.event.at ? 1 : 0));
    store.transaction(() => {
      for (const { event, agreementId, breach } of pending) {
        const link = ctx.officeLink(agreementId, event);
        if (breach) store.setBreachEventOffice(event.id, link);
        else store.setEventOffice(event.id, link);
      }
      if (!done) store.setSetting(EARLIER_EVENTS_CHAINED, ctx.exchange!.self.officeId, clock.now());
    });
  }

  function summaryOf(row: { direction: 'out' | 'in'; number: number; at: string; fileName: string; changes: number; counts: Record<string, number>; conflicts: number }) {
    return { direction: row.direction, number: row.number, at: row.at, fileName: row.fileName, changes: row.changes, counts: row.counts, conflicts: row.conflicts };
  }

  function status(agreementId: string): ExchangeStatus {
    const { self } = exchange();
    chainEarlierEvents();
    const agreement = ctx.requireAgreement(agreementId);
    const peer = store.getPeer(agreementId);
    const state = stateOf(agreementId);
    const history = store.listPackages(agreementId).map(summaryOf);
    return {
      agreementId,
      self: { name: ctx.actor(), party: selfParty(), fingerprint: self.fingerprint },
      peer: peer ? { name: peer.name, party: peer.party, fingerprint: peer.fingerprint, pairedAt: peer.pairedAt, pairedBy: peer.pairedBy } : null,
      lastSent: history.find((p) => p.direction === 'out') ?? null,
      lastReceived: history.find((p) => p.direction === 'in') ?? null,
      waiting: store.countOfficeEvents(agreement.id, self.officeId, state.peerAcknowledged),
      history,
      conflicts: store.listConflicts(agreementId, false).map((c) => ({
        id: c.id,
        requestId: c.requestId,
        reference: store.getRequest(c.requestId)?.reference ?? '',
        label: conflictLabel(c.field),
        local: shown(c.local),
        remote: shown(c.remote),
        remoteOffice: peer?.name ?? c.remoteOffice,
        createdAt: c.createdAt,
        resolvedAt: c.resolvedAt,
        resolution: c.resolution,
        resolvedBy: c.resolvedBy,
      })),
    };
  }

  /** This office's changes for the other office (all, or those not acknowledged), sealed and signed. */
  function writePackage(agreementId: string, all: boolean, letters = false) {
    const ex = exchange();
    chainEarlierEvents();
    const agreement = ctx.requireAgreement(agreementId);
    const peer = store.getPeer(agreementId);
    if (!peer) {
      throw new DomainError(
        'NON_APPAIRE',
        "Aucun office n'est encore associé à cette convention : envoyez d'abord l'invitation à l'autre office (« Inviter l'autre office »), puis importez le paquet qu'il vous renverra.",
      );
    }
    const state = stateOf(agreementId);
    const events = store.officeEvents(agreementId, ex.self.officeId, all ? 0 : state.peerAcknowledged);
    // The requests created in this range go with a snapshot, read in a few queries for all of them.
    const created = events.filter((e) => e.type === 'request.created').map((e) => e.requestId);
    const suspensionsOf = new Map<string, SuspensionRow[]>();
    for (const s of store.getSuspensions(created)) suspensionsOf.set(s.requestId, [...(suspensionsOf.get(s.requestId) ?? []), s]);
    const snapshots = new Map(store.getRequestsWithRights(created).map(({ row, rights }) => [row.id, snapshotOf(row, rights, suspensionsOf.get(row.id) ?? [])]));
    const letterOf = (e: (typeof events)[number]) => {
      if (!letters || e.type !== 'letter.sent') return undefined;
      const documentId = (e.data as { documentId?: unknown } | null)?.documentId;
      const row = typeof documentId === 'string' ? store.getDocument(documentId) : undefined;
      return (row && letterSnapshotOf(row)) ?? undefined;
    };
    const requestRecords = events.map((e) => ({
      kind: 'event',
      office: ex.self.officeId,
      seq: e.officeSeq!,
      data: eventRecordOf(e, e.type === 'request.created' ? snapshots.get(e.requestId) : undefined, letterOf(e)),
    }));
    // Breach events share this office's sequence: both journals' records, in sequence order.
    const breachRecords = store.officeBreachEvents(agreementId, ex.self.officeId, all ? 0 : state.peerAcknowledged).map((e) => {
      const declared = e.type === 'breach.declared' ? store.getBreach(e.breachId) : undefined;
      return { kind: 'breach-event', office: ex.self.officeId, seq: e.officeSeq!, data: breachEventRecordOf(e, declared && breachSnapshotOf(declared)) };
    });
    const records = breachRecords.length === 0 ? requestRecords : [...requestRecords, ...breachRecords].sort((a, b) => a.seq - b.seq);
    const number = state.lastPackageOut + 1;
    const built = buildPackage({
      crypto: ex.crypto,
      sender: selfCard(),
      receiver: peerCard(peer),
      agreement: { id: agreement.id, code: agreement.code },
      appVersion: ex.appVersion,
      createdAt: clock.now(),
      packageNumber: number,
      records,
      acknowledges: { package: state.lastPackageIn, changes: [{ office: peer.officeId, upTo: state.received[peer.officeId] ?? 0 }] },
      formatVersion: formatFor(records.map((r) => r.kind)),
    });
    const row = {
      id: newId(),
      agreementId,
      direction: 'out' as const,
      number,
      at: clock.now(),
      fileName: built.fileName,
      counts: built.manifest.counts,
      changes: records.length,
      conflicts: 0,
    };
    store.transaction(() => {
      store.saveExchangeState({ ...state, lastPackageOut: number });
      store.insertPackage(row);
    });
    return { file: { filename: built.fileName, mimeType: PACKAGE_MIME, base64: ctx.base64.encode(built.bytes) }, package: summaryOf(row) };
  }

  function decode(base64: string, what: string): Uint8Array {
    const bytes = ctx.base64.decode(base64);
    if (!bytes) throw new DomainError('FICHIER_ALTERE', `Le ${what} reçu est altéré (encodage invalide) : choisissez-le de nouveau.`);
    return bytes;
  }

  type Checked =
    | { ok: false; problems: PackageProblem[]; pairing: OfficeCard | null }
    | {
        ok: true;
        manifest: PackageManifest;
        /**
         * Reads the records one by one, each checked (openEnvelope's readRecords, then its author
         * and kind, then the sender's chain) and its fresh events handed to `merge`; returns every
         * problem and the letters the records carry. A preview reads with no merge; an import
         * reads inside its transaction and rolls it back on a problem. Nothing is held for the
         * whole package but what `merge` keeps.
         */
        read: (merge: (change: FreshEvent, written: WrittenData) => void) => { problems: PackageProblem[]; letters: { requestId: string; letter: LetterSnapshot }[] };
        nextState: ExchangeStateRow;
        pairing: OfficeCard | null;
        peer: OfficeCard;
      };

  /**
   * The other office's chain, continued event by event after what this install received of it:
   * each fresh event's data is written in one walk to canonical JSON (the journal stores it) and
   * to its sealed form (both chains hash it), and its number and hash must follow. One event at
   * a time, so the import checks and merges in a single pass: the texts of a hundred thousand
   * events are not kept side by side (a large package's memory and garbage collection).
   */
  function chainLink(agreementId: string, officeId: string, after: { lastSeq: number; lastHash: string }) {
    let last = after;
    return (change: FreshEvent): WrittenData | { problem: string } => {
      const { record } = change;
      const written = canonicalAndSealed(record.data, ctx.hash);
      const sealed = written.sealed ?? written.json;
      const chain = verifyOfficeChain(
        [
          {
            id: record.id,
            // The office chain names a breach's event by its breach, in the place of the request.
            requestId: change.kind === 'breach' ? change.record.breachId : change.record.requestId,
            at: record.at,
            actor: record.actor,
            type: record.type,
            data: record.data,
            officeHash: record.officeHash,
            agreementId,
            officeId,
            officeSeq: change.seq,
            sealed,
          },
        ],
        last,
        ctx.hash,
      );
      if (!chain.ok) return { problem: `Journal de l'autre office : ${chain.reason}. Paquet refusé.` };
      last = chain;
      return { dataJson: written.json, sealed };
    };
  }

  /**
   * Every check of a package but its chain, writing nothing: the sender (and its pairing), the
   * envelope, the records. The chain is checked event by event by `link` (the whole of it by a
   * preview, during the merge by an import, whose transaction a broken link rolls back).
   */
  function check(agreementId: string, base64: string): Checked {
    const ex = exchange();
    chainEarlierEvents();
    const agreement = ctx.requireAgreement(agreementId);
    const bytes = decode(base64, 'paquet');
    const paired = store.getPeer(agreementId);
    let pairing: OfficeCard | null = null;
    if (!paired) {
      // Not paired yet: the sender is the one its header names, to be confirmed by phone.
      const frame = parseFrame(bytes);
      if ('problem' in frame) return { ok: false, problems: [frame.problem], pairing: null };
      let header: unknown = null;
      try {
        header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(frame.headerBytes));
      } catch {
        header = null;
      }
      const parsed = envelopeHeaderSchema.safeParse(header);
      if (!parsed.success) return { ok: false, problems: [{ code: 'EN_TETE_INVALIDE', message: "L'en-tête du paquet est illisible : demandez à l'autre office de le renvoyer." }], pairing: null };
      const { officeId, name, signingKey, encryptionKey } = parsed.data.sender;
      pairing = { officeId, name, keys: { signingKey, encryptionKey } };
    }
    const peer = paired ? peerCard(paired) : pairing!;
    const state = stateOf(agreementId);
    const opened = openEnvelope({
      recordSchema: packageRecordSchema,
      decodeUtf8: ctx.utf8,
      crypto: ex.crypto,
      file: bytes,
      self: selfCard(),
      peer,
      agreement: { id: agreement.id, code: agreement.code },
      state: { lastPackage: state.lastPackageIn, received: state.received },
      ownLastSequence: store.lastOfficeEvent(agreementId, ex.self.officeId)?.officeSeq ?? 0,
      // The bytes were decoded for this check only.
      consumeFile: true,
    });
    if (!opened.ok) return { ok: false, problems: opened.problems, pairing };
    const { manifest, readRecords } = opened.value;
    const kinds: readonly string[] = RECORD_KINDS[manifest.version];
    const read = (merge: (change: FreshEvent, written: WrittenData) => void) => {
      let problem: PackageProblem | null = null;
      // Letters ride on their 'letter.sent' event, also when that event was received before
      // (« Tout renvoyer » with the letters): they are read from every record.
      const letters: { requestId: string; letter: LetterSnapshot }[] = [];
      const lastHash = store.lastOfficeEvent(agreementId, peer.officeId)?.officeHash ?? GENESIS_HASH;
      const link = chainLink(agreementId, peer.officeId, { lastSeq: state.received[peer.officeId] ?? 0, lastHash });
      // Each record's data was checked for its kind by readRecords (packageRecordSchema).
      const problems = readRecords((record, fresh) => {
        if (problem !== null) return;
        if (record.office !== peer.officeId || !kinds.includes(record.kind)) {
          problem = { code: 'ENREGISTREMENTS_INVALIDES', message: `Changement n° ${record.seq} illisible ou d'un type inconnu : paquet refusé.` };
          return;
        }
        if (record.kind === 'event' && record.data.letter) letters.push({ requestId: record.data.requestId, letter: record.data.letter });
        if (!fresh) return;
        const change: FreshEvent = record.kind === 'event' ? { kind: 'request', record: record.data, seq: record.seq } : { kind: 'breach', record: record.data, seq: record.seq };
        const linked = link(change);
        if ('problem' in linked) problem = { code: 'ENREGISTREMENTS_INVALIDES', message: linked.problem };
        else merge(change, linked);
      });
      return { problems: problem === null ? problems : [problem, ...problems], letters };
    };
    const acknowledged = manifest.acknowledges.changes.find((c) => c.office === ex.self.officeId)?.upTo ?? 0;
    return {
      ok: true,
      manifest,
      read,
      pairing,
      peer,
      nextState: {
        agreementId,
        lastPackageOut: state.lastPackageOut,
        lastPackageIn: opened.value.nextState.lastPackage,
        received: { ...opened.value.nextState.received },
        peerAcknowledged: Math.max(state.peerAcknowledged, acknowledged),
      },
    };
  }

  /** Stores the letters a package brought for this agreement's requests, once each; returns how many were new. */
  function keepLetters(agreementId: string, letters: { requestId: string; letter: LetterSnapshot }[]): number {
    let kept = 0;
    for (const { requestId, letter } of letters) {
      const request = store.getRequest(requestId);
      // An anonymised request's letters were removed with its names: a package never brings them back.
      if (store.getDocument(letter.id) || request?.agreementId !== agreementId || request.anonymisedOn) continue;
      store.insertDocument({
        id: letter.id,
        requestId,
        meetingId: null,
        kind: letter.kind,
        templateVersion: letter.templateVersion,
        title: letter.title,
        format: letter.format,
        content: JSON.stringify(letter.content),
        createdAt: letter.createdAt,
      });
      kept += 1;
    }
    return kept;
  }

  function refused(problems: PackageProblem[]): never {
    throw new DomainError('PAQUET_REFUSE', `Paquet refusé, rien n'a été enregistré : ${problems.map((p) => p.message).join(' ; ')}`);
  }

  function packageSummary(manifest: PackageManifest, fileName: string, conflicts: number) {
    return { direction: 'in' as const, number: manifest.packageNumber, at: manifest.createdAt, fileName, changes: manifest.recordCount, counts: manifest.counts, conflicts };
  }

  return {
    'exchange.identity': () => {
      if (!ctx.exchange) return { available: false, officeId: '', fingerprint: '', lines: [] };
      const { self } = ctx.exchange;
      return { available: true, officeId: self.officeId, fingerprint: self.fingerprint, lines: fingerprintLines(self.fingerprint) };
    },

    'exchange.status': (input) => status(input.agreementId),

    'exchange.invitation': (input) => {
      const ex = exchange();
      const row = ctx.requireAgreement(input.agreementId);
      const { schoolCount: _count, createdAt: _c, updatedAt: _u, ...agreement } = row;
      const bytes = buildInvitation(ex.crypto, {
        format: 'dsr-invitation',
        version: 1,
        createdAt: clock.now(),
        sender: { officeId: ex.self.officeId, name: ctx.actor(), party: selfParty(), ...ex.self.keys },
        agreement,
        schools: store.listSchools(row.id).map(({ id, name, address, uai }) => ({ id, name, address, uai })),
      });
      return { filename: `${row.code}-invitation${INVITATION_EXTENSION}`, mimeType: PACKAGE_MIME, base64: ctx.base64.encode(bytes) };
    },

    'exchange.previewJoin': (input) => {
      const ex = exchange();
      const opened = openInvitation(ex.crypto, decode(input.base64, 'fichier'));
      if (!opened.ok) throw new DomainError('INVITATION_INVALIDE', opened.message);
      const a = opened.invitation.agreement;
      const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
      const preset = agreementColumns.preset.safeParse(a.preset);
      return {
        agreement: {
          id: str('id'),
          code: str('code'),
          name: str('name'),
          communeName: str('communeName'),
          academieName: str('academieName'),
          presetLabel: preset.success ? PRESET_DEFAULTS[preset.data].label : str('preset'),
        },
        schools: opened.invitation.schools.length,
        from: { name: opened.invitation.sender.name, party: opened.invitation.sender.party, fingerprint: opened.fingerprint },
        alreadyHere: store.getAgreement(str('id')) !== undefined,
      };
    },

    'exchange.join': (input) => {
      const ex = exchange();
      const opened = openInvitation(ex.crypto, decode(input.base64, 'fichier'));
      if (!opened.ok) throw new DomainError('INVITATION_INVALIDE', opened.message);
      confirmFingerprint(opened.fingerprint, input.fingerprint, input.confirmedBy);
      const { sender } = opened.invitation;
      const party = selfParty();
      if (sender.party === party) {
        throw new DomainError(
          'MEME_PARTIE',
          `Cette invitation vient ${party === 'academie' ? "d'un autre office de l'académie" : "d'un office de commune"}, comme celui-ci : seule l'autre partie de la convention peut la rejoindre.`,
        );
      }
      const { row, schoolRows } = agreementFromInvitation(opened.invitation.agreement, opened.invitation.schools, clock.now());
      if (store.getAgreement(row.id)) {
        throw new DomainError('DEJA_PRESENTE', `La convention ${row.code} est déjà sur ce poste : importez plutôt les paquets de l'autre office depuis son écran « Échanges ».`);
      }
      if (store.isAgreementCodeTaken(row.code)) {
        throw new DomainError('CODE_PRIS', `Une autre convention de ce poste a déjà le code ${row.code} : changez-le dans cette convention avant de rejoindre celle-ci.`);
      }
      store.transaction(() => {
        store.insertAgreement(row);
        for (const school of schoolRows) store.insertSchool(school);
        store.insertPeer({
          agreementId: row.id,
          officeId: sender.officeId,
          name: sender.name,
          party: sender.party,
          signingKey: sender.signingKey,
          encryptionKey: sender.encryptionKey,
          fingerprint: opened.fingerprint,
          pairedAt: clock.now(),
          pairedBy: input.confirmedBy,
        });
        store.saveExchangeState(emptyState(row.id));
      });
      // The first package back carries this office's public keys (and nothing else yet).
      const { file } = writePackage(row.id, false);
      return { agreement: agreementOut(ctx.requireAgreement(row.id)), file };
    },

    'exchange.export': (input) => writePackage(input.agreementId, input.all, input.letters),

    'exchange.previewImport': (input) => {
      const checked = check(input.agreementId, input.base64);
      const fp = (card: OfficeCard) => officeFingerprint(card.keys, exchange().crypto.sha256);
      const pairing = checked.pairing
        ? { name: checked.pairing.name, party: (selfParty() === 'academie' ? 'commune' : 'academie') as Party, fingerprint: fp(checked.pairing) }
        : null;
      if (!checked.ok) return { problems: checked.problems, pairing, package: null, fresh: 0 };
      let fresh = 0;
      const { problems } = checked.read(() => (fresh += 1));
      if (problems.length > 0) return { problems, pairing, package: null, fresh: 0 };
      return { problems: [], pairing, package: packageSummary(checked.manifest, input.filename, 0), fresh };
    },

    'exchange.import': (input) => {
      const checked = check(input.agreementId, input.base64);
      if (!checked.ok) refused(checked.problems);
      const ex = exchange();
      if (checked.pairing) confirmFingerprint(officeFingerprint(checked.pairing.keys, ex.crypto.sha256), input.fingerprint, input.confirmedBy);
      const merger = createMerger(ctx, input.agreementId, checked.peer.officeId);
      const breachMerger = createBreachMerger(ctx, input.agreementId, checked.peer.officeId);
      let letters = 0;
      store.transaction(() => {
        if (checked.pairing) {
          const { officeId, name, keys } = checked.pairing;
          store.insertPeer({
            agreementId: input.agreementId,
            officeId,
            name,
            party: selfParty() === 'academie' ? 'commune' : 'academie',
            signingKey: keys.signingKey,
            encryptionKey: keys.encryptionKey,
            fingerprint: officeFingerprint(keys, ex.crypto.sha256),
            pairedAt: clock.now(),
            pairedBy: input.confirmedBy!,
          });
        }
        // Each fresh event merged as it is read and checked; a problem found on the way (a record,
        // the sender's chain, the counts) refuses the package here: the transaction is rolled back.
        const read = checked.read((change, written) => {
          if (change.kind === 'request') merger.apply(change.record, { officeSeq: change.seq, dataJson: written.dataJson, sealed: written.sealed });
          else breachMerger.apply(change.record, { officeSeq: change.seq, sealed: written.sealed });
        });
        if (read.problems.length > 0) refused(read.problems);
        merger.finish();
        breachMerger.finish();
        letters = keepLetters(input.agreementId, read.letters);
        store.saveExchangeState(checked.nextState);
        store.insertPackage({ id: newId(), agreementId: input.agreementId, ...packageSummary(checked.manifest, input.filename, merger.result.conflicts), at: clock.now() });
      });
      // A request anonymised by the other office: its removed values are overwritten in the file too.
      if (merger.anonymisedAny()) store.purgeRemovedData();
      return {
        package: packageSummary(checked.manifest, input.filename, merger.result.conflicts),
        ...merger.result,
        applied: merger.result.applied + breachMerger.result.applied,
        breaches: breachMerger.result.created,
        letters,
        status: status(input.agreementId),
      };
    },

    'exchange.resolveConflict': (input) => {
      const conflict = store.getConflict(input.id);
      if (!conflict) throw new DomainError('INTROUVABLE', 'Divergence introuvable : elle a peut-être déjà été tranchée.');
      if (conflict.resolvedAt) throw new DomainError('DEJA_TRANCHEE', `Cette divergence a déjà été tranchée (${conflict.resolvedBy ?? ''}).`);
      const field = conflict.field;
      const summary = `${conflictLabel(field)} : ${input.keep === 'local' ? 'valeur de cet office gardée' : "valeur de l'autre office retenue"} (décidé par ${input.by})`;
      store.transaction(() => {
        ctx.act(conflict.requestId, 'conflict.resolved', (row) => {
          const current = field.startsWith('right:')
            ? (() => {
                const r = store.getRights(row.id).find((x) => x.right === field.slice(6))!;
                return { outcome: r.outcome, refusalReason: r.refusalReason, erasureException: r.erasureException, answeredOn: r.answeredOn };
              })()
            : field.startsWith('suspension:')
              ? store.getSuspensions([row.id]).find((s) => s.id === field.slice(11))?.receivedOn ?? null
              : row[field as keyof typeof row];
          const chosen = input.keep === 'local' ? current : conflict.remote;
          // Travels to the other office: from its value (the remote one) to the one chosen.
          const resolution = { field, before: conflict.remote, after: chosen };
          if (input.keep === 'remote') {
            if (field.startsWith('right:')) store.updateRight(row.id, field.slice(6) as never, conflict.remote as never);
            else if (field.startsWith('suspension:')) store.updateSuspension(field.slice(11), { receivedOn: conflict.remote as string });
            else return { patch: { [field]: conflict.remote }, data: { conflictId: conflict.id, keep: input.keep, by: input.by, summary, resolution } };
          }
          return { data: { conflictId: conflict.id, keep: input.keep, by: input.by, summary, resolution } };
        });
        store.resolveConflict(conflict.id, { resolvedAt: clock.now(), resolution: input.keep, resolvedBy: input.by });
      });
      return status(conflict.agreementId);
    },
  };
}
