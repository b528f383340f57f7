// Drizzle schema of the local database (../shared/design.md, "Data").
// Every table is STRICT: drizzle-kit does not emit the keyword, so
// `npm run db:generate` post-processes the generated SQL (scripts/db-generate.mjs)
// and tests/db asserts it. Dates of the domain are 'YYYY-MM-DD' text, instants ISO UTC text,
// identifiers UUID text, structured values JSON text.
import type { ErasureException, Outcome, Party, Right } from '../core/domain';
import type { EventType } from '../core/events';
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Key/value settings of this office: which party it serves, letterhead… */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const agreements = sqliteTable(
  'agreements',
  {
    id: text('id').primaryKey(),
    /** Short code used in request references, e.g. FAR → FAR-2026-0042. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    communeName: text('commune_name').notNull(),
    academieName: text('academie_name').notNull(),
    preset: text('preset').notNull(),
    /** Allocation rule set (core/allocation.ts RuleSet), as data. */
    rules: text('rules', { mode: 'json' }).notNull(),
    holidayCalendar: text('holiday_calendar').notNull().default('metropole'),
    /** { commune: Contact, academie: Contact } */
    dpdContacts: text('dpd_contacts', { mode: 'json' }).notNull(),
    processorName: text('processor_name'),
    identityDocuments: text('identity_documents', { mode: 'json' }).notNull(),
    letterTemplates: text('letter_templates', { mode: 'json' }).notNull().default(sql`'{}'`),
    /** The processor clause's time limits (seed 003 annex 2 X.4), null where the agreement has none (seed 000). */
    processorClause: text('processor_clause', { mode: 'json' }),
    /** Where the essence of the joint arrangement can be read (GDPR art. 26(2)): a link or an address. */
    jointArrangement: text('joint_arrangement').notNull().default(''),
    /** Facts about the joint processing for access answers (art. 15(1)): purposes, recipients… */
    processing: text('processing', { mode: 'json' }),
    /** The ENT's modules with their owner (core/modules.ts), where allocation follows the module (seed 003 art. 8.1). */
    modules: text('modules', { mode: 'json' }).notNull().default(sql`'[]'`),
    /**
     * How many years a closed request is kept after its closure before it is anonymised (issue
     * 15): by default 5, the time the joint controllers may need to prove their answer.
     */
    retentionYears: integer('retention_years').notNull().default(5),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('agreements_code_unique').on(t.code)],
);

export const schools = sqliteTable(
  'schools',
  {
    id: text('id').primaryKey(),
    agreementId: text('agreement_id')
      .notNull()
      .references(() => agreements.id),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    uai: text('uai').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('schools_agreement_uai_unique').on(t.agreementId, t.uai)],
);

export const requests = sqliteTable(
  'requests',
  {
    id: text('id').primaryKey(),
    agreementId: text('agreement_id')
      .notNull()
      .references(() => agreements.id),
    reference: text('reference').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    /**
     * The letter of the office that created the request in its reference ('A' académie, 'C'
     * commune: FAR-A-2026-0001), so the two offices never mint the same one; '' for references
     * issued before the exchange existed (FAR-2026-0001), which stay valid.
     */
    refOffice: text('ref_office').notNull().default(''),
    receivedOn: text('received_on').notNull(),
    channel: text('channel').notNull(),
    medium: text('medium').notNull(),
    requesterName: text('requester_name').notNull(),
    requesterContact: text('requester_contact').notNull().default(''),
    requesterCategory: text('requester_category').notNull(),
    subjectName: text('subject_name'),
    subjectIsMinor: integer('subject_is_minor', { mode: 'boolean' }),
    subjectRelation: text('subject_relation'),
    schoolId: text('school_id').references(() => schools.id),
    moduleName: text('module_name'),
    moduleOwner: text('module_owner'),
    schoolsScope: text('schools_scope'),
    summary: text('summary').notNull().default(''),
    /** Reference and names, lower-cased without accents (core/search.ts), for the list's text search. */
    searchText: text('search_text').notNull().default(''),
    allocationParty: text('allocation_party'),
    allocationStatus: text('allocation_status').notNull(),
    allocationRuleId: text('allocation_rule_id').notNull(),
    allocationReason: text('allocation_reason').notNull(),
    /** Pending pre-emption or settlement waiting for both parties (core/allocation.ts PendingDecision), JSON. */
    preemption: text('preemption', { mode: 'json' }),
    /** Full allocation state (core/allocation.ts AllocationState: keeps the allocation a pre-emption or settlement replaced). */
    allocationState: text('allocation_state', { mode: 'json' }),
    /** Hash and count of the request's journal, so a history cut at its end is detected too. */
    journalHead: text('journal_head'),
    eventCount: integer('event_count').notNull().default(0),
    identityDocumentsReceived: text('identity_documents_received', { mode: 'json' }).notNull().default(sql`'[]'`),
    identityDocumentsMissing: text('identity_documents_missing', { mode: 'json' }).notNull().default(sql`'[]'`),
    attachments: text('attachments', { mode: 'json' }).notNull().default(sql`'[]'`),
    extended: integer('extended', { mode: 'boolean' }).notNull().default(false),
    extensionReasons: text('extension_reasons'),
    extensionNotifiedOn: text('extension_notified_on'),
    acknowledgedOn: text('acknowledged_on'),
    /** Current deadlines as last computed (core/deadlines.ts); null while suspended. */
    responseDeadline: text('response_deadline'),
    extendedDeadline: text('extended_deadline'),
    /** The deadline in force (extended one once extended); null while suspended. Indexed for lists. */
    dueOn: text('due_on'),
    status: text('status').notNull(),
    closedOn: text('closed_on'),
    processorReceivedOn: text('processor_received_on'),
    /** When a controller instructed the processor to delete or modify the data (seed 003 annex 2: 15 days). */
    processorDeletionInstructedOn: text('processor_deletion_instructed_on'),
    /** When the processor actually forwarded the request, and deleted the data (with its certificate's reference). */
    processorForwardedOn: text('processor_forwarded_on'),
    processorDeletedOn: text('processor_deleted_on'),
    processorDeletionCertificate: text('processor_deletion_certificate'),
    dataFileRequestedOn: text('data_file_requested_on'),
    dataFileReceivedOn: text('data_file_received_on'),
    /** The day its names, contacts and texts were removed once its retention period was over; null: not anonymised. */
    anonymisedOn: text('anonymised_on'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('requests_reference_unique').on(t.reference),
    uniqueIndex('requests_agreement_ref_seq_unique').on(t.agreementId, t.refOffice, t.year, t.seq),
    index('requests_status_idx').on(t.status),
    index('requests_party_idx').on(t.allocationParty),
    index('requests_received_idx').on(t.receivedOn),
    // The list's default order (deadline, then reference) read straight from the index: no sort,
    // even among the suspended requests (null deadline) listed last (db/store.ts listRequests).
    // It also holds the status and party the list filters on most (open requests, one party), so
    // the rows before a later page are skipped in the index without reading each one's row
    // (page 20 of the open requests: 28 ms to under 3 ms on 100,000 requests; migration 0014).
    index('requests_due_idx').on(t.dueOn, t.reference, t.status, t.allocationParty),
    // Covers the grouped count behind list facets and the dashboard (db/store.ts requestGroups),
    // including the columns the list filters on, so a filtered count reads only this index.
    index('requests_groups_idx').on(
      t.status,
      t.allocationParty,
      t.dueOn,
      t.allocationStatus,
      t.agreementId,
      t.receivedOn,
      t.searchText,
      t.id,
    ),
    index('requests_pending_idx').on(t.agreementId).where(sql`${t.preemption} is not null`),
  ],
);

export const requestRights = sqliteTable(
  'request_rights',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    right: text('right').$type<Right>().notNull(),
    outcome: text('outcome').$type<Outcome>(),
    /** The reason given for a refused or partly done right. */
    refusalReason: text('refusal_reason'),
    /** For a refused or partial erasure: the GDPR art. 17(3) point (a–e) that applies. */
    erasureException: text('erasure_exception').$type<ErasureException>(),
    answeredOn: text('answered_on'),
  },
  (t) => [uniqueIndex('request_rights_unique').on(t.requestId, t.right), index('request_rights_right_idx').on(t.right, t.requestId)],
);

export const suspensions = sqliteTable(
  'suspensions',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    kind: text('kind').$type<'identity' | 'clarification'>().notNull(),
    whatAsked: text('what_asked').notNull(),
    /** For an identity request: the specific reasonable doubt (art. 12(6)), stated in the letter. */
    doubt: text('doubt'),
    sentOn: text('sent_on').notNull(),
    receivedOn: text('received_on'),
  },
  (t) => [index('suspensions_request_idx').on(t.requestId)],
);

/** Append-only journal; each event carries the hash of the previous one (core/journal.ts). */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    seq: integer('seq').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    type: text('type').$type<EventType>().notNull(),
    data: text('data', { mode: 'json' }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /**
     * The office that wrote the event, its number in that office's sequence for the agreement
     * (1, 2, 3… without gaps) and the hash chaining it to that office's previous event there
     * (core/exchange/chain.ts): what the exchange between the two offices carries and checks.
     */
    agreementId: text('agreement_id'),
    officeId: text('office_id'),
    officeSeq: integer('office_seq'),
    officeHash: text('office_hash'),
  },
  (t) => [
    uniqueIndex('events_request_seq_unique').on(t.requestId, t.seq),
    uniqueIndex('events_office_seq_unique').on(t.agreementId, t.officeId, t.officeSeq),
  ],
);

/** The other office of an agreement, once paired (its public keys, checked by phone). */
export const peers = sqliteTable('peers', {
  agreementId: text('agreement_id')
    .primaryKey()
    .references(() => agreements.id),
  officeId: text('office_id').notNull(),
  name: text('name').notNull(),
  party: text('party').$type<Party>().notNull(),
  signingKey: text('signing_key').notNull(),
  encryptionKey: text('encryption_key').notNull(),
  fingerprint: text('fingerprint').notNull(),
  pairedAt: text('paired_at').notNull(),
  /** Who compared the fingerprint with the other office (name typed at pairing). */
  pairedBy: text('paired_by').notNull(),
});

/** Where the exchange of an agreement stands: packages numbered each way, sequences received and acknowledged. */
export const exchangeState = sqliteTable('exchange_state', {
  agreementId: text('agreement_id')
    .primaryKey()
    .references(() => agreements.id),
  lastPackageOut: integer('last_package_out').notNull().default(0),
  lastPackageIn: integer('last_package_in').notNull().default(0),
  /** { [officeId]: highest sequence received } */
  received: text('received', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  /** The highest of this office's sequences the other office has acknowledged. */
  peerAcknowledged: integer('peer_acknowledged').notNull().default(0),
});

/** Every package written or imported, for the exchange screen's history. */
export const packages = sqliteTable(
  'packages',
  {
    id: text('id').primaryKey(),
    agreementId: text('agreement_id')
      .notNull()
      .references(() => agreements.id),
    direction: text('direction').$type<'out' | 'in'>().notNull(),
    number: integer('number').notNull(),
    at: text('at').notNull(),
    fileName: text('file_name').notNull(),
    /** { [record kind]: count } */
    counts: text('counts', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    changes: integer('changes').notNull(),
    conflicts: integer('conflicts').notNull().default(0),
  },
  (t) => [index('packages_agreement_idx').on(t.agreementId, t.at)],
);

/** A change both offices made to the same thing since their last exchange, for the user to decide. */
export const conflicts = sqliteTable(
  'conflicts',
  {
    id: text('id').primaryKey(),
    agreementId: text('agreement_id')
      .notNull()
      .references(() => agreements.id),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    /** A request column, or `right:<right>` for a right's answer. */
    field: text('field').notNull(),
    local: text('local', { mode: 'json' }),
    remote: text('remote', { mode: 'json' }),
    remoteEventId: text('remote_event_id').notNull(),
    remoteOffice: text('remote_office').notNull(),
    createdAt: text('created_at').notNull(),
    resolvedAt: text('resolved_at'),
    /** 'local': this office's value kept; 'remote': the other office's value taken. */
    resolution: text('resolution').$type<'local' | 'remote'>(),
    resolvedBy: text('resolved_by'),
  },
  (t) => [index('conflicts_agreement_idx').on(t.agreementId, t.resolvedAt)],
);

export const meetings = sqliteTable(
  'meetings',
  {
    id: text('id').primaryKey(),
    agreementId: text('agreement_id')
      .notNull()
      .references(() => agreements.id),
    date: text('date').notNull(),
    /** Its time, « 14:30 » (Paris), and how it is held (core/documents/agenda-types.ts MEETING_FORMATS); null: not given. */
    time: text('time'),
    format: text('format'),
    participants: text('participants', { mode: 'json' }).notNull(),
    agenda: text('agenda', { mode: 'json' }),
    minutes: text('minutes', { mode: 'json' }),
    createdAt: text('created_at').notNull(),
    closedAt: text('closed_at'),
  },
  (t) => [index('meetings_agreement_idx').on(t.agreementId, t.date)],
);

export const documents = sqliteTable(
  'documents',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id').references(() => requests.id),
    meetingId: text('meeting_id').references(() => meetings.id),
    kind: text('kind').notNull(),
    templateVersion: integer('template_version').notNull().default(1),
    title: text('title').notNull(),
    format: text('format').notNull(),
    content: text('content').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('documents_request_idx').on(t.requestId)],
);

/**
 * The breach register (GDPR art. 33(5); seed 000 annex 1 art. 4): one row per breach, notified or
 * not, with its current state; its steps are in `breach_events`. Instants are ISO UTC text.
 */
export const breaches = sqliteTable(
  'breaches',
  {
    id: text('id').primaryKey(),
    agreementId: text('agreement_id')
      .notNull()
      .references(() => agreements.id),
    /** <code>-V-<office letter>-<year>-<n>, e.g. FAR-V-A-2026-0001. */
    reference: text('reference').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    refOffice: text('ref_office').notNull(),
    status: text('status').notNull(),
    /** The agreement's breach rules as they were at declaration (core/breaches/rules.ts), JSON. */
    rules: text('rules', { mode: 'json' }).notNull(),
    knownAt: text('known_at').notNull(),
    knownHow: text('known_how').notNull(),
    discoveredBy: text('discovered_by').notNull(),
    discovererName: text('discoverer_name').notNull().default(''),
    origin: text('origin').notNull(),
    service: text('service').notNull(),
    hosting: text('hosting').notNull().default(''),
    startedAt: text('started_at'),
    endedAt: text('ended_at'),
    nature: text('nature').notNull(),
    dataCategories: text('data_categories').notNull(),
    personCategories: text('person_categories').notNull(),
    personsCount: integer('persons_count'),
    recordsCount: integer('records_count'),
    consequences: text('consequences').notNull().default(''),
    measures: text('measures').notNull().default(''),
    securityIncident: integer('security_incident', { mode: 'boolean' }).notNull(),
    securityIncidentOnly: integer('security_incident_only', { mode: 'boolean' }).notNull(),
    highRisk: integer('high_risk', { mode: 'boolean' }).notNull(),
    notifiedAt: text('notified_at'),
    notifiedTo: text('notified_to', { mode: 'json' }).notNull().default(sql`'[]'`),
    /** Instants of the 24-hour updates sent, in order (JSON). */
    updateTimes: text('update_times', { mode: 'json' }).notNull().default(sql`'[]'`),
    cnilDecision: text('cnil_decision', { mode: 'json' }),
    notifyingParty: text('notifying_party', { mode: 'json' }),
    cnilNotification: text('cnil_notification', { mode: 'json' }),
    personsCommunication: text('persons_communication', { mode: 'json' }),
    closedAt: text('closed_at'),
    closureNote: text('closure_note'),
    journalHead: text('journal_head'),
    eventCount: integer('event_count').notNull().default(0),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('breaches_reference_unique').on(t.reference),
    uniqueIndex('breaches_agreement_ref_seq_unique').on(t.agreementId, t.refOffice, t.year, t.seq),
    index('breaches_status_idx').on(t.status, t.knownAt),
  ],
);

/** Append-only journal of each breach, hash-chained like the requests' (core/journal.ts). */
export const breachEvents = sqliteTable(
  'breach_events',
  {
    id: text('id').primaryKey(),
    breachId: text('breach_id')
      .notNull()
      .references(() => breaches.id),
    seq: integer('seq').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    type: text('type').notNull(),
    data: text('data', { mode: 'json' }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /**
     * As for a request's events: the office that wrote the event and its place in that office's
     * chain for the agreement (core/exchange/chain.ts). Breach and request events share the one
     * sequence per office and agreement, so a package carries both in one range.
     */
    agreementId: text('agreement_id'),
    officeId: text('office_id'),
    officeSeq: integer('office_seq'),
    officeHash: text('office_hash'),
  },
  (t) => [
    uniqueIndex('breach_events_breach_seq_unique').on(t.breachId, t.seq),
    uniqueIndex('breach_events_office_seq_unique').on(t.agreementId, t.officeId, t.officeSeq),
  ],
);
