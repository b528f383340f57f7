// What a package carries, record by record, and the schemas the receiver checks each one
// against before anything is written: an event of the sender's chain and, with a request's
// creation, the request as the sender holds it (so the receiver can create it); a breach's event
// ('breach-event') and, with its declaration, the breach's reference and rules.
import { z } from 'zod';
import { requestColumns } from '../../api/row-schemas';
import type { OfficeEventRow } from '../../api/exchange-store';
import type { RequestRow, RightRow, SuspensionRow } from '../../api/store';
import { ERASURE_EXCEPTIONS, OUTCOMES, RIGHTS } from '../../domain';
import { EVENT_TYPES } from '../../events';
import { LETTER_KINDS } from '../../documents/letters';
import type { DocumentRow } from '../../api/document-store';
import { breachColumns, type BreachEventRow, type BreachRow } from '../../api/breach-store';
import { BREACH_EVENT_TYPES } from '../../breaches/events';
import { breachEventDataSchemas } from '../../breaches/state';
import { exchangeRecordSchema, type FormatVersion } from '../../exchange/package';

const isoDate = z.iso.date();
const text = z.string().max(20_000);
const nullableText = text.nullable();
const nullableDate = isoDate.nullable();

/** A request as created on the other install, without what each install computes itself. */
const requestSnapshotRowSchema = z.strictObject({
  id: z.string().min(1).max(100),
  agreementId: z.string().min(1).max(100),
  reference: z.string().min(1).max(40),
  year: z.number().int().min(1583).max(9999),
  seq: z.number().int().min(1),
  refOffice: z.enum(['', 'A', 'C']),
  receivedOn: isoDate,
  channel: requestColumns.channel,
  medium: requestColumns.medium,
  requesterName: text,
  requesterContact: text,
  requesterCategory: requestColumns.requesterCategory,
  subjectName: nullableText,
  subjectIsMinor: z.boolean().nullable(),
  subjectRelation: nullableText,
  schoolId: z.string().max(100).nullable(),
  moduleName: nullableText,
  moduleOwner: requestColumns.moduleOwner,
  schoolsScope: requestColumns.schoolsScope,
  summary: text,
  allocationParty: requestColumns.allocationParty,
  allocationStatus: requestColumns.allocationStatus,
  allocationRuleId: z.string().max(200),
  allocationReason: text,
  preemption: requestColumns.preemption,
  allocationState: requestColumns.allocationState,
  identityDocumentsReceived: requestColumns.identityDocumentsReceived,
  identityDocumentsMissing: requestColumns.identityDocumentsMissing,
  attachments: requestColumns.attachments,
  extended: z.boolean(),
  extensionReasons: nullableText,
  extensionNotifiedOn: nullableDate,
  acknowledgedOn: nullableDate,
  status: requestColumns.status,
  closedOn: nullableDate,
  processorReceivedOn: nullableDate,
  processorDeletionInstructedOn: nullableDate,
  processorForwardedOn: nullableDate,
  processorDeletedOn: nullableDate,
  processorDeletionCertificate: nullableText,
  dataFileRequestedOn: nullableDate,
  dataFileReceivedOn: nullableDate,
  createdAt: z.string().max(40),
});

const rightSnapshotSchema = z.strictObject({
  id: z.string().min(1).max(100),
  right: z.enum(RIGHTS),
  outcome: z.enum(OUTCOMES).nullable(),
  refusalReason: nullableText,
  erasureException: z.enum(ERASURE_EXCEPTIONS).nullable(),
  answeredOn: nullableDate,
});

const suspensionSnapshotSchema = z.strictObject({
  id: z.string().min(1).max(100),
  kind: z.enum(['identity', 'clarification']),
  whatAsked: text,
  doubt: nullableText,
  sentOn: isoDate,
  receivedOn: nullableDate,
});

export const requestSnapshotSchema = z.strictObject({
  request: requestSnapshotRowSchema,
  rights: z.array(rightSnapshotSchema).min(1).max(10),
  suspensions: z.array(suspensionSnapshotSchema).max(100),
});
export type RequestSnapshot = z.infer<typeof requestSnapshotSchema>;

const line = z.string().max(2_000);

/**
 * An event's data: a JSON object, kept as it was read rather than copied member by member (a
 * large package holds a hundred thousand). What it holds is then written to canonical JSON,
 * which refuses what JSON cannot carry, and hashed against the sender's chain.
 */
const eventDataSchema = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v));

/** A letter as saved (core/documents/letter-doc.ts `LetterDoc`): what the receiver makes the file from again. */
const letterDocSchema = z.looseObject({
  kind: z.enum(LETTER_KINDS),
  date: isoDate,
  reference: z.string().min(1).max(40),
  subject: line,
  body: z.string().max(50_000),
  letterhead: z.looseObject({
    officeName: line,
    address: line,
    city: line,
    dpdName: line,
    dpdEmail: line,
    dpdPhone: line,
    signatoryName: line.optional(),
    signatoryTitle: line.optional(),
  }),
  recipient: z.strictObject({ name: line, lines: z.array(line).max(20) }),
  concerning: line.nullable(),
  templateVersion: z.number().int().min(1),
  signature: z.strictObject({ title: line, name: line, role: line, office: line, deciding: z.boolean() }).optional(),
});

/** With 'letter.sent', when the sender joined its letters: the letter saved, made again on demand here. */
export const letterSnapshotSchema = z.strictObject({
  id: z.string().min(1).max(100),
  kind: z.enum(LETTER_KINDS),
  templateVersion: z.number().int().min(1),
  title: z.string().min(1).max(500),
  format: z.enum(['pdf', 'docx', 'html']),
  content: letterDocSchema,
  createdAt: z.string().max(40),
});
export type LetterSnapshot = z.infer<typeof letterSnapshotSchema>;

/** One event of the sender's chain for the agreement, as it was written there. */
export const eventRecordSchema = z.strictObject({
  id: z.string().min(1).max(100),
  requestId: z.string().min(1).max(100),
  at: z.iso.datetime({ offset: true }),
  actor: z.string().min(1).max(300),
  type: z.enum(EVENT_TYPES),
  data: eventDataSchema,
  officeHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** With 'request.created': the request as the sender holds it at export. */
  snapshot: requestSnapshotSchema.optional(),
  /** With 'letter.sent' when asked for (« Joindre les courriers »): the letter itself. */
  letter: letterSnapshotSchema.optional(),
});
export type EventRecord = z.infer<typeof eventRecordSchema>;

/** The breach as declared on the other install: what its journal does not hold (the facts and steps are its events). */
export const breachSnapshotSchema = z.strictObject({
  id: z.string().min(1).max(100),
  agreementId: z.string().min(1).max(100),
  reference: z.string().regex(/^[A-Z0-9]{2,8}-V-[AC]-\d{4}-\d{4,}$/),
  year: z.number().int().min(1583).max(9999),
  seq: z.number().int().min(1),
  refOffice: z.enum(['A', 'C']),
  rules: breachColumns.rules,
  createdAt: z.string().max(40),
});
export type BreachSnapshot = z.infer<typeof breachSnapshotSchema>;

/** One breach event of the sender's chain for the agreement, as it was written there. */
export const breachEventRecordSchema = z
  .strictObject({
    id: z.string().min(1).max(100),
    breachId: z.string().min(1).max(100),
    at: z.iso.datetime({ offset: true }),
    actor: z.string().min(1).max(300),
    type: z.enum(BREACH_EVENT_TYPES),
    data: eventDataSchema,
    officeHash: z.string().regex(/^[0-9a-f]{64}$/),
    /** With 'breach.declared': the breach's reference and rules. */
    breach: breachSnapshotSchema.optional(),
  })
  // The step's data is checked against its kind, as the fold will read it.
  .refine((r) => breachEventDataSchemas[r.type].safeParse(r.data).success, { message: 'contenu de l’étape invalide', path: ['data'] });
export type BreachEventRecord = z.infer<typeof breachEventRecordSchema>;

/**
 * A package's record with its data checked for its kind, in one pass (openPackage's
 * `recordSchema`): a request's event or a breach's. Which kinds a format may hold, and that the
 * records are the sender's, the handler checks on the parsed records.
 */
export const packageRecordSchema = z.discriminatedUnion('kind', [
  exchangeRecordSchema.extend({ kind: z.literal('event'), data: eventRecordSchema }),
  exchangeRecordSchema.extend({ kind: z.literal('breach-event'), data: breachEventRecordSchema }),
]);
export type PackageRecord = z.infer<typeof packageRecordSchema>;

/**
 * The record kinds a package holds, by format (core/exchange/package/schemas.ts): format 1 carries
 * the requests' events, format 2 also the breaches'. A package is written in the lowest format
 * that holds its records.
 */
export const RECORD_KINDS = { 1: ['event'], 2: ['event', 'breach-event'] } as const satisfies Record<FormatVersion, readonly string[]>;
export const formatFor = (kinds: Iterable<string>): FormatVersion => ([...kinds].some((k) => k === 'breach-event') ? 2 : 1);

export function breachSnapshotOf(row: BreachRow): BreachSnapshot {
  const { id, agreementId, reference, year, seq, refOffice, rules, createdAt } = row;
  return { id, agreementId, reference, year, seq, refOffice: refOffice as 'A' | 'C', rules, createdAt };
}

export function breachEventRecordOf(event: BreachEventRow, breach?: BreachSnapshot): BreachEventRecord {
  return {
    id: event.id,
    breachId: event.breachId,
    at: event.at,
    actor: event.actor,
    type: event.type,
    data: (event.data ?? {}) as Record<string, unknown>,
    officeHash: event.officeHash!,
    ...(breach ? { breach } : {}),
  };
}

/**
 * Columns each install computes from the others (deadlines, search, journal head) or from its
 * journal (`anonymisedOn`: set by the 'request.anonymised' event, core/features/retention): never
 * carried, so a snapshot stays readable by an install that does not know them.
 */
export const LOCAL_COLUMNS = ['responseDeadline', 'extendedDeadline', 'dueOn', 'searchText', 'journalHead', 'eventCount', 'updatedAt', 'anonymisedOn'] as const;
export const isLocalColumn = (column: string) => (LOCAL_COLUMNS as readonly string[]).includes(column);

export function snapshotOf(row: RequestRow, rights: RightRow[], suspensions: SuspensionRow[]): RequestSnapshot {
  const request = Object.fromEntries(Object.entries(row).filter(([k]) => !isLocalColumn(k))) as RequestSnapshot['request'];
  return {
    request,
    rights: rights.map(({ id, right, outcome, refusalReason, erasureException, answeredOn }) => ({ id, right, outcome, refusalReason, erasureException, answeredOn })),
    suspensions: suspensions.map(({ id, kind, whatAsked, doubt, sentOn, receivedOn }) => ({ id, kind, whatAsked, doubt, sentOn, receivedOn })),
  };
}

/** The letter a document row holds, as a package carries it; null for any other document. */
export function letterSnapshotOf(row: DocumentRow): LetterSnapshot | null {
  let content: unknown;
  try {
    content = JSON.parse(row.content);
  } catch {
    return null;
  }
  const parsed = letterSnapshotSchema.safeParse({ id: row.id, kind: row.kind, templateVersion: row.templateVersion, title: row.title, format: row.format, content, createdAt: row.createdAt });
  return parsed.success ? parsed.data : null;
}

export function eventRecordOf(event: OfficeEventRow, snapshot?: RequestSnapshot, letter?: LetterSnapshot): EventRecord {
  return {
    id: event.id,
    requestId: event.requestId,
    at: event.at,
    actor: event.actor,
    type: event.type,
    data: (event.data ?? {}) as Record<string, unknown>,
    officeHash: event.officeHash!,
    ...(snapshot ? { snapshot } : {}),
    ...(letter ? { letter } : {}),
  };
}
