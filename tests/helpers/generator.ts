// A register of realistic size, the same for a given seed: agreements made from both presets
// through the service, then requests with their rights, suspensions and hash-chained journals
// written through the store's prepared inserts in one transaction (the service would take
// hours for a million events). Every value the app derives is derived by core's own functions
// (allocation, deadlines, search text, event hashes), so the rows are those the app would have
// written: tests/db/generator.test.ts opens a sample through the service and checks it.
// Shared by the benches (tests/bench/) and the tests.
import { addDays, format, parseISO } from 'date-fns';
import type Database from 'better-sqlite3';
import { allocate } from '../../core/allocation';
import type { AllocationState } from '../../core/allocation/types';
import { createService, type Service } from '../../core/api/service';
import type { RequestRow, RightRow, Store, SuspensionRow } from '../../core/api/store';
import { computeDeadlines, type Suspension } from '../../core/deadlines';
import { PRESETS, RIGHTS, type Channel, type IsoDate, type Medium, type Right, type RequesterCategory, type Status } from '../../core/domain';
import { LETTER_LABELS, type LetterKind } from '../../core/documents/letter-kinds';
import type { EventType } from '../../core/events';
import { appendEvent, GENESIS_HASH, type Hasher } from '../../core/journal';
import { requestSearchText } from '../../core/search';
import { openDatabase } from '../../db/open';
import { createStore } from '../../db/store';
import { nodeSha256Hex } from '../../electron/hash';
import { MIGRATIONS_DIR } from './tmp';

export const SIZES = {
  /** For `npm run bench -- --size small` and the tests. */
  small: { agreements: 20, requests: 5_000 },
  /** Issue 14: 200 agreements, 100,000 requests, ~300,000 rights, ~1,000,000 events. */
  full: { agreements: 200, requests: 100_000 },
} as const;
export type SizeName = keyof typeof SIZES;

export interface GenerateOptions {
  seed: number;
  agreements: number;
  requests: number;
  /** The day the register is seen on (deadlines, open or closed by age). */
  today: IsoDate;
}

export interface Generated {
  db: Database.Database;
  store: Store;
  service: Service;
  agreementIds: string[];
  counts: { agreements: number; requests: number; rights: number; events: number; suspensions: number };
}

/** node:crypto's SHA-256, as the hosts pass it to the service. */
export const nodeHash: Hasher = nodeSha256Hex;

/** mulberry32: a small seeded generator, enough to draw test data (not for anything secret). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// First names and surnames among the most given in France (INSEE), with their accents.
const FIRST_NAMES = [
  'Inès', 'Léa', 'Chloé', 'Emma', 'Jade', 'Louise', 'Manon', 'Camille', 'Zoé', 'Anaïs', 'Élodie', 'Maëlys', 'Nathalie', 'Sophie', 'Isabelle',
  'Céline', 'Hélène', 'Sarah', 'Yasmine', 'Aïcha', 'Gabriel', 'Léo', 'Raphaël', 'Louis', 'Hugo', 'Jules', 'Noé', 'Théo', 'Mathéo', 'Lucas',
  'Karim', 'Mehdi', 'Mohamed', 'Nicolas', 'Stéphane', 'Frédéric', 'Jérôme', 'François', 'Loïc', 'Anthony', 'Thi Mai', 'Minh', 'Jean-Pierre', 'Marie-Claire',
];
const SURNAMES = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Lefèvre', 'Leroy',
  'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Müller',
  'Lefebvre', 'Faure', 'André', 'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia',
  'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson', 'Haddad', 'Benali', 'Nguyen', 'Da Silva',
  "N'Diaye", 'Le Gall', 'Kergoat', 'Ferreira', 'Benoît', 'Ménard', 'Brun', 'Caron', 'Barbier', 'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix',
];
const COMMUNES = [
  'Fontenay-aux-Roses', 'Marseille', 'Aubagne', 'La Ciotat', 'Martigues', 'Istres', 'Vitrolles', 'Salon-de-Provence', 'Aix-en-Provence',
  'Châtillon', 'Clamart', 'Bagneux', 'Sceaux', 'Malakoff', 'Montrouge', 'Vanves', 'Issy-les-Moulineaux', 'Meudon', 'Sèvres', 'Saint-Cloud',
];
const WITH_WEIGHTS = <T>(entries: [T, number][]) => entries;
const CATEGORIES = WITH_WEIGHTS<RequesterCategory>([['parent', 60], ['teacher', 15], ['pupil', 5], ['commune-staff', 8], ['academie-staff', 7], ['other', 5]]);
const CHANNELS = WITH_WEIGHTS<Channel>([['commune', 45], ['academie', 40], ['processor', 10], ['other', 5]]);
const MEDIA = WITH_WEIGHTS<Medium>([['email', 60], ['form', 20], ['letter', 15], ['in-person', 5]]);

const iso = (d: Date) => format(d, 'yyyy-MM-dd');
const plusDays = (day: IsoDate, n: number) => iso(addDays(parseISO(day), n));

/**
 * Builds a register in a new database file. Deterministic: the same options give the same rows
 * (ids, names, dates, hashes), whatever the machine.
 */
export async function generateRegister(file: string, options: GenerateOptions): Promise<Generated> {
  const random = seededRandom(options.seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const weighted = <T>(entries: [T, number][]): T => {
    let r = random() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [value, w] of entries) if ((r -= w) < 0) return value;
    return entries[0]![0];
  };
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => int(16).toString(16));
    hex[12] = '4';
    hex[16] = (8 + int(4)).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };

  const { today } = options;
  const nowInstant = `${today}T17:00:00.000Z`;
  const { db } = openDatabase(file, { migrationsDir: MIGRATIONS_DIR, now: nowInstant });
  const store = createStore(db);
  const service = createService({ store, clock: { today: () => today, now: () => nowInstant }, newId: uuid, hash: nodeHash });

  // Agreements through the service, both presets in turn, each with its own code and commune.
  const agreements: { id: string; code: string; rules: Parameters<typeof allocate>[0]; calendar: 'metropole' | 'alsace-moselle'; schools: string[] }[] = [];
  for (let i = 0; i < options.agreements; i++) {
    const preset = PRESETS[i % PRESETS.length]!;
    const code = `${preset === 'dsden13' ? 'D' : 'F'}${String(i + 1).padStart(3, '0')}`;
    const communeName = i === 0 ? undefined : i === 1 ? 'Marseille' : `${pick(COMMUNES)} ${Math.floor(i / COMMUNES.length) + 1}`;
    const made = await service.call('agreements.createFromPreset', { preset, code, ...(communeName ? { communeName } : {}) });
    if (!made.ok) throw new Error(`generator: agreement ${code}: ${made.error.message}`);
    const row = store.getAgreement((made.value as { agreement: { id: string } }).agreement.id)!;
    agreements.push({ id: row.id, code, rules: row.rules, calendar: row.holidayCalendar, schools: store.listSchools(row.id).map((s) => s.id) });
  }

  const counts = { agreements: agreements.length, requests: 0, rights: 0, events: 0, suspensions: 0 };
  const seqs = new Map<string, number>();
  const actor = 'DPD académie';

  store.transaction(() => {
    for (let i = 0; i < options.requests; i++) {
      const agreement = pick(agreements);
      // Received over the last three years; older ones are mostly closed.
      const age = int(3 * 365);
      const receivedOn = plusDays(today, -age);
      const year = Number(receivedOn.slice(0, 4));
      const seqKey = `${agreement.id}:${year}`;
      const seq = (seqs.get(seqKey) ?? 0) + 1;
      seqs.set(seqKey, seq);
      const reference = `${agreement.code}-A-${year}-${String(seq).padStart(4, '0')}`;
      const id = uuid();
      const category = weighted(CATEGORIES);
      const channel = weighted(CHANNELS);
      const requesterName = `${random() < 0.5 ? 'Mme' : 'M.'} ${pick(FIRST_NAMES)} ${pick(SURNAMES)}`;
      const subjectName = category === 'parent' ? `${pick(FIRST_NAMES)} ${pick(SURNAMES)}` : null;
      const rightCount = 1 + int(5); // 1 to 5, three on average
      const rights = [...RIGHTS].sort(() => random() - 0.5).slice(0, rightCount) as Right[];
      const allocation = allocate(agreement.rules, { requesterCategory: category, channel });
      const state: AllocationState = { ...allocation };

      // Where the request stands today, drawn by its age.
      const status: Status =
        age > 120
          ? weighted<Status>([['closed', 78], ['answered', 6], ['inadmissible', 4], ['withdrawn', 4], ['handed-over', 8]])
          : age > 30
            ? weighted<Status>([['answered', 40], ['closed', 30], ['in-progress', 10], ['extended', 10], ['awaiting-documents', 5], ['handed-over', 5]])
            : weighted<Status>([['received', 40], ['in-progress', 35], ['awaiting-documents', 15], ['answered', 10]]);
      const answered = status === 'answered' || status === 'closed';
      const extended = status === 'extended' || (answered && random() < 0.08);
      const suspended = status === 'awaiting-documents' || random() < 0.2;

      // The facts, in the order they happened, each on a day after the previous one.
      let day = receivedOn;
      const step = (max: number) => {
        const next = plusDays(day, 1 + int(max));
        day = next > today ? today : next;
        return day;
      };
      const suspensions: SuspensionRow[] = [];
      const facts: { type: EventType; on: IsoDate; data: Record<string, unknown> }[] = [];
      if (suspended) {
        const sentOn = step(3);
        const closedToo = status !== 'awaiting-documents';
        const receivedBack = closedToo ? step(10) : null;
        const suspension: SuspensionRow = {
          id: uuid(), requestId: id, kind: 'identity', whatAsked: "Copie d'une pièce d'identité du représentant légal", doubt: 'Homonymie dans la classe',
          sentOn, receivedOn: receivedBack,
        };
        suspensions.push(suspension);
        facts.push({ type: 'suspension.opened', on: sentOn, data: { suspensionId: suspension.id, kind: 'identity', whatAsked: suspension.whatAsked, sentOn } });
        if (receivedBack) facts.push({ type: 'suspension.closed', on: receivedBack, data: { suspensionId: suspension.id, receivedOn: receivedBack } });
      }
      let current: Status = 'received';
      const move = (to: Status, on: IsoDate, reason?: string) => {
        facts.push({ type: 'status.changed', on, data: { from: current, to, on, ...(reason ? { reason } : {}), changes: { status: { before: current, after: to } } } });
        current = to;
      };
      // Letters as the letters feature records them (letter.sent); the generator keeps no file.
      const letter = (kind: LetterKind, label: string, on: IsoDate) =>
        facts.push({ type: 'letter.sent', on, data: { kind, label, on, format: 'pdf', documentId: null, templateVersion: 1, summary: `${label} envoyé le ${on.split('-').reverse().join('/')}` } });
      let acknowledgedOn: IsoDate | null = null;
      if (random() < 0.9 && (age > 0 || random() < 0.5)) {
        acknowledgedOn = step(2);
        letter('acknowledgement', LETTER_LABELS.acknowledgement, acknowledgedOn);
        facts.at(-1)!.data.changes = { acknowledgedOn: { before: null, after: acknowledgedOn } };
      }
      if (status !== 'received' && status !== 'awaiting-documents') move('in-progress', step(5));
      let extensionNotifiedOn: IsoDate | null = null;
      if (extended) {
        extensionNotifiedOn = step(10);
        facts.push({
          type: 'deadline.extended',
          on: extensionNotifiedOn,
          data: { reasons: 'Nombre de demandes reçues et complexité (art. 12(3) RGPD)', notifiedOn: extensionNotifiedOn, changes: { extended: { before: false, after: true } } },
        });
        current = 'extended';
      }
      const rightRows: RightRow[] = rights.map((right) => ({ id: uuid(), requestId: id, right, outcome: null, refusalReason: null, erasureException: null, answeredOn: null }));
      if (answered) {
        for (const r of rightRows) {
          r.answeredOn = step(6);
          r.outcome = random() < 0.85 ? 'done' : 'refused';
          if (r.outcome === 'refused') r.refusalReason = 'Données non conservées au-delà de la durée prévue.';
          facts.push({ type: 'right.answered', on: r.answeredOn, data: { right: r.right, before: { outcome: null, answeredOn: null }, after: { outcome: r.outcome, answeredOn: r.answeredOn } } });
        }
        const answeredAt = facts.at(-1)!;
        answeredAt.data.changes = { status: { before: current, after: 'answered' } };
        current = 'answered';
        letter('answer-cover', LETTER_LABELS['answer-cover'], day);
      }
      if (status === 'closed') move('closed', step(10));
      else if (status === 'inadmissible') move('inadmissible', step(10), "Demande manifestement infondée : aucune donnée de l'ENT n'est concernée.");
      else if (status === 'withdrawn') move('withdrawn', step(10));
      else if (status === 'handed-over') {
        const on = step(5);
        facts.push({ type: 'request.handed-over', on, data: { on, reason: "Le module relève de l'autre responsable.", to: 'la commune', changes: { status: { before: current, after: 'handed-over' } } } });
        current = 'handed-over';
      }

      const deadlines = computeDeadlines({
        receivedOn,
        extended,
        extensionNotifiedOn,
        suspensions: suspensions.map((s): Suspension => (s.receivedOn ? { from: s.sentOn, to: s.receivedOn, kind: s.kind } : { from: s.sentOn, kind: s.kind })),
        calendar: agreement.calendar,
        today,
      });
      const closedOn = status === 'closed' || status === 'inadmissible' || status === 'withdrawn' ? day : null;
      const base = {
        reference,
        requesterName,
        subjectName,
      };
      const requesterContact = `${requesterName.split(' ').at(-1)!.toLowerCase().replace(/[^a-z]/g, '')}@exemple.fr`;
      const summary = `Demande portant sur les droits : ${rights.join(', ')}.`;
      const row: RequestRow = {
        id, agreementId: agreement.id, reference, year, seq, refOffice: 'A', receivedOn, channel, medium: weighted(MEDIA),
        requesterName, requesterContact, requesterCategory: category,
        subjectName, subjectIsMinor: subjectName !== null, subjectRelation: subjectName ? 'Enfant' : null,
        schoolId: agreement.schools.length && random() < 0.8 ? pick(agreement.schools) : null,
        moduleName: null, moduleOwner: null, schoolsScope: null,
        summary,
        searchText: requestSearchText({ ...base, requesterContact, summary }),
        allocationParty: state.party, allocationStatus: state.status, allocationRuleId: state.ruleId, allocationReason: state.reason, allocationState: state,
        preemption: null, journalHead: null, eventCount: 0,
        identityDocumentsReceived: [], identityDocumentsMissing: [], attachments: [],
        extended, extensionReasons: extended ? 'Nombre de demandes reçues et complexité (art. 12(3) RGPD)' : null, extensionNotifiedOn, acknowledgedOn,
        responseDeadline: deadlines.responseDeadline, extendedDeadline: deadlines.extendedDeadline, dueOn: deadlines.current,
        status, closedOn, processorReceivedOn: null, processorDeletionInstructedOn: null, processorForwardedOn: null, processorDeletedOn: null,
        processorDeletionCertificate: null, dataFileRequestedOn: null, dataFileReceivedOn: null, anonymisedOn: null,
        createdAt: `${receivedOn}T08:30:00.000Z`, updatedAt: `${day}T16:00:00.000Z`,
      };
      store.insertRequest(row, rightRows);
      for (const s of suspensions) store.insertSuspension(s);

      // The journal: created, then each fact, chained by core/journal.ts.
      const events: { type: EventType; on: IsoDate; data: Record<string, unknown> }[] = [
        { type: 'request.created', on: receivedOn, data: { reference, receivedOn, rights, allocation, responseDeadline: deadlines.responseDeadline } as Record<string, unknown> },
        ...facts,
      ];
      let previous = GENESIS_HASH;
      events.forEach((e, n) => {
        const at = `${e.on}T${String(8 + Math.min(n, 9)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}:00.000Z`;
        const event = appendEvent(previous, { id: uuid(), requestId: id, at, actor, type: e.type, data: e.data }, nodeHash);
        store.appendJournalEvent({ ...event, type: e.type, seq: n + 1, agreementId: agreement.id, officeId: null, officeSeq: null, officeHash: null });
        previous = event.hash;
      });
      store.setJournalHead(id, previous, events.length);

      counts.requests += 1;
      counts.rights += rightRows.length;
      counts.events += events.length;
      counts.suspensions += suspensions.length;
    }
  });
  return { db, store, service, agreementIds: agreements.map((a) => a.id), counts };
}
