// Documents: letters to the requester (templates per agreement, filled from the request,
// edited, saved as PDF / DOCX / printed), the office's letterhead, the monthly DPD meeting
// (agenda generated from the data, minutes whose decisions become events on the requests) and
// the joint-review workbook (export, hostile re-import with a report, all-or-nothing apply).
//
// This module adds calls to the contract (`documentCalls`, spread into core/api/contract.ts) and
// their handlers (`createDocumentHandlers`, spread into the service). It must not import values
// from contract.ts (contract.ts imports this module): only types.
//
// PDF: `ctx.renderPdf` (Chromium: Electron's printToPDF, or the browser found on the machine in
// browser mode). Workbooks are read by `ctx.readWorkbook` (host side: size and time limits, in a
// worker). XLSX and DOCX are written in memory by pure libraries, loaded on demand so the
// renderer's bundle (which imports the contract) never carries them.
import { z } from 'zod';
import {
  applyPreemption,
  proposeSettlement,
  validatePreemption,
  missingValidations,
  type AllocationState,
  type PendingDecision,
} from '../allocation';
import type { IsoDate, Party } from '../domain';
import { formatDateFr } from '../explain';
import {
  DECISION_KINDS,
  DECISION_LABELS,
  agendaHtml,
  generateAgenda,
  oneMonthBefore,
  type Agenda,
  type AgendaRequest,
} from '../documents/agenda';
import {
  DEFAULT_TEMPLATES,
  LETTER_KINDS,
  LETTER_LABELS,
  letterDoc,
  letterHtml,
  letterValues,
  type LetterContext,
  type LetterDoc,
  type LetterKind,
  type Letterhead,
} from '../documents/letters';
import { dedupeDecisions, minutesProblems, type MinutesDecision } from '../documents/minutes';
import { PLACEHOLDERS, fillTemplate, missingMarkers, templateProblems, type PlaceholderName } from '../documents/templates';
import { fromBase64, safeFileName, toBase64 } from '../documents/text';
import { readDecisions, workbookSpec, type ImportReport, type ParsedSheet, type WorkbookSpec } from '../documents/workbook';
import type { Agreement, RequestDetail } from './contract';
import type { DocumentRow, MeetingRow } from './document-store';
import { AppError, notFound } from './errors';
import type { ServiceContext } from './service';
import { CLOSED_STATUSES, type RequestRow } from './store';

// ---------- errors the hosts raise ----------

/** No Chromium-family browser to print with: the UI then offers the browser's print dialog. */
export class PdfUnavailableError extends Error {
  readonly code = 'NAVIGATEUR_ABSENT';
}

/** A workbook that could not be read (too big, too slow, not a workbook): French message. */
export class WorkbookReadError extends Error {
  readonly code = 'CLASSEUR_ILLISIBLE';
}

export const PDF_UNAVAILABLE_MESSAGE =
  "Aucun navigateur de la famille Chromium (Chromium, Google Chrome ou Microsoft Edge) n'a été trouvé sur cet ordinateur : le PDF ne peut pas être produit ici. Utilisez « Imprimer » et choisissez « Enregistrer au format PDF » dans la boîte d'impression du navigateur.";

/** Largest workbook read back (bytes): a meeting workbook is a few dozen kilobytes. */
export const MAX_WORKBOOK_BYTES = 1_000_000;

// ---------- schemas ----------

const isoDate = (what: string) => z.iso.date({ error: `${what} : date invalide, attendu une date réelle au format AAAA-MM-JJ.` });
const id = z.string().min(1, 'Identifiant manquant.');
const text = (max: number, what: string) => z.string().trim().max(max, `${what} : ${max} caractères au plus.`);
const required = (max: number, what: string) =>
  z.string().trim().min(1, `${what} : à renseigner.`).max(max, `${what} : ${max} caractères au plus.`);
const empty = z.object({}).strict().default({});

export const letterKindSchema = z.enum(LETTER_KINDS, { error: 'Type de courrier inconnu.' });
const decisionKindSchema = z.enum(DECISION_KINDS, { error: 'Décision inconnue.' });

export const letterheadSchema = z.object({
  officeName: text(200, "Nom de l'office"),
  address: text(600, 'Adresse'),
  city: text(100, 'Ville (ligne de date)'),
  dpdName: text(200, 'Nom du DPD'),
  dpdEmail: z.union([z.literal(''), z.email({ error: 'Courriel du DPD invalide.' })]),
  dpdPhone: text(40, 'Téléphone du DPD'),
});

export const fileSchema = z.object({ filename: z.string(), mimeType: z.string(), base64: z.string() });
export type FileOut = z.infer<typeof fileSchema>;

const templateOutSchema = z.object({
  kind: letterKindSchema,
  label: z.string(),
  subject: z.string(),
  body: z.string(),
  version: z.number().int(),
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
});

export const documentSummarySchema = z.object({
  id,
  requestId: z.string().nullable(),
  meetingId: z.string().nullable(),
  kind: z.string(),
  label: z.string(),
  title: z.string(),
  format: z.string(),
  templateVersion: z.number().int(),
  createdAt: z.string(),
});
export type DocumentSummary = z.infer<typeof documentSummarySchema>;

const agendaItemSchema = z.object({
  key: z.string(),
  requestId: z.string().nullable(),
  reference: z.string().nullable(),
  receivedOn: z.string().nullable(),
  requester: z.string(),
  subject: z.string().nullable(),
  rights: z.string(),
  status: z.string(),
  party: z.string(),
  dueOn: z.string().nullable(),
  note: z.string(),
  decisions: z.array(decisionKindSchema),
});

export const agendaSchema = z.object({
  agreementName: z.string(),
  date: z.string(),
  nextDate: z.string(),
  lastMeetingDate: z.string().nullable(),
  participants: z.array(z.string()),
  openCounts: z.array(z.object({ party: z.string(), status: z.string(), count: z.number().int() })),
  sections: z.array(
    z.object({
      key: z.enum(['overdue', 'due-soon', 'extensions', 'open', 'to-settle', 'pending', 'closed', 'other']),
      number: z.string(),
      title: z.string(),
      empty: z.string(),
      items: z.array(agendaItemSchema),
    }),
  ),
});

const recordedDecisionSchema = z.object({
  itemKey: z.string(),
  requestId: z.string().nullable(),
  reference: z.string().nullable(),
  kind: decisionKindSchema,
  label: z.string(),
  text: z.string(),
  source: z.enum(['saisie', 'classeur']),
  appliedAt: z.string(),
});

const minutesSchema = z.object({
  decisions: z.array(recordedDecisionSchema),
  notes: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
type Minutes = z.infer<typeof minutesSchema>;

export const meetingSchema = z.object({
  id,
  agreementId: id,
  agreementName: z.string(),
  date: z.string(),
  participants: z.array(z.string()),
  otherItems: z.array(z.string()),
  agenda: agendaSchema,
  agendaGeneratedAt: z.string(),
  minutes: minutesSchema.nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  documents: z.array(documentSummarySchema),
});
export type Meeting = z.infer<typeof meetingSchema>;

const meetingSummarySchema = z.object({
  id,
  agreementId: id,
  agreementName: z.string(),
  date: z.string(),
  participants: z.array(z.string()),
  closedAt: z.string().nullable(),
  decisions: z.number().int(),
  counts: z.object({ overdue: z.number().int(), dueSoon: z.number().int(), toSettle: z.number().int(), pending: z.number().int() }),
});

const meetingFields = {
  date: isoDate('Date de la réunion'),
  participants: z.array(required(200, 'Participant')).max(30, 'Participants : 30 au plus.').default([]),
  otherItems: z.array(required(1000, 'Autre point')).max(50, 'Autres points : 50 au plus.').default([]),
};

const decisionInputSchema = z
  .object({
    itemKey: required(120, "Ligne de l'ordre du jour"),
    requestId: id.nullable(),
    kind: decisionKindSchema,
    text: text(2000, 'Motifs ou commentaire').default(''),
  })
  .strict();

const workbookFileSchema = {
  filename: text(300, 'Nom du fichier'),
  base64: z
    .string()
    .min(1, 'Fichier vide.')
    .max(Math.ceil((MAX_WORKBOOK_BYTES * 4) / 3) + 8, `Classeur trop volumineux : ${MAX_WORKBOOK_BYTES / 1_000_000} Mo au plus.`),
};

const importReportSchema = z.object({
  decisions: z.array(
    z.object({ sheet: z.string(), row: z.number().int(), reference: z.string().nullable(), kind: decisionKindSchema, label: z.string(), text: z.string() }),
  ),
  problems: z.array(z.object({ sheet: z.string(), row: z.number().int(), column: z.string(), reason: z.string() })),
});

const placeholderOutSchema = z.object({ name: z.string(), type: z.enum(['text', 'list', 'flag']), description: z.string() });

export const documentCalls = {
  'letterhead.get': { input: empty, output: letterheadSchema.extend({ configured: z.boolean() }) },
  'letterhead.set': { input: letterheadSchema.strict(), output: letterheadSchema.extend({ configured: z.boolean() }) },
  'letters.templates': {
    input: z.object({ agreementId: id }).strict(),
    output: z.object({ templates: z.array(templateOutSchema), placeholders: z.array(placeholderOutSchema) }),
  },
  'letters.saveTemplate': {
    input: z
      .object({ agreementId: id, kind: letterKindSchema, subject: required(300, 'Objet du courrier'), body: required(20_000, 'Texte du modèle') })
      .strict(),
    output: templateOutSchema,
  },
  'letters.resetTemplate': { input: z.object({ agreementId: id, kind: letterKindSchema }).strict(), output: templateOutSchema },
  'letters.draft': {
    input: z.object({ requestId: id, kind: letterKindSchema }).strict(),
    output: z.object({
      kind: letterKindSchema,
      label: z.string(),
      subject: z.string(),
      body: z.string(),
      date: z.string(),
      templateVersion: z.number().int(),
      reference: z.string(),
      agreementId: z.string(),
      recipient: z.object({ name: z.string(), lines: z.array(z.string()) }),
      concerning: z.string().nullable(),
      letterhead: letterheadSchema,
      /** "[à compléter : …]" markers left by the template: the letter cannot be saved with them. */
      missing: z.array(z.string()),
      /** French warnings about the request's state (extension not recorded…). */
      warnings: z.array(z.string()),
    }),
  },
  'letters.save': {
    input: z
      .object({
        requestId: id,
        kind: letterKindSchema,
        subject: required(300, 'Objet du courrier'),
        body: required(20_000, 'Texte du courrier'),
        date: isoDate('Date du courrier'),
        /** 'html': printed through the browser's own print dialog. */
        format: z.enum(['pdf', 'docx', 'html'], { error: 'Format : PDF, DOCX ou impression.' }),
      })
      .strict(),
    output: z.object({ document: documentSummarySchema, file: fileSchema, acknowledgedOn: z.string().nullable() }),
  },
  'documents.list': {
    input: z.union([z.object({ requestId: id }).strict(), z.object({ meetingId: id }).strict()]),
    output: z.array(documentSummarySchema),
  },
  'documents.download': { input: z.object({ id }).strict(), output: fileSchema },
  'meetings.list': { input: z.object({ agreementId: id.optional() }).strict().default({}), output: z.array(meetingSummarySchema) },
  'meetings.create': { input: z.object({ agreementId: id, ...meetingFields }).strict(), output: meetingSchema },
  'meetings.get': { input: z.object({ id }).strict(), output: meetingSchema },
  'meetings.update': { input: z.object({ id, ...meetingFields }).strict(), output: meetingSchema },
  'meetings.saveMinutes': {
    input: z
      .object({ id, decisions: z.array(decisionInputSchema).max(2000), notes: text(10_000, 'Notes').default('') })
      .strict(),
    output: meetingSchema,
  },
  'meetings.exportAgenda': {
    input: z.object({ id, format: z.enum(['pdf', 'html'], { error: 'Format : PDF ou impression.' }).default('pdf') }).strict(),
    output: fileSchema,
  },
  'meetings.exportWorkbook': { input: z.object({ id }).strict(), output: fileSchema },
  'meetings.previewImport': { input: z.object({ id, ...workbookFileSchema }).strict(), output: importReportSchema },
  'meetings.applyImport': {
    input: z.object({ id, ...workbookFileSchema }).strict(),
    output: z.object({ meeting: meetingSchema, applied: z.number().int() }),
  },
} as const;

type DocumentCalls = typeof documentCalls;
type DocumentHandlers = {
  [N in keyof DocumentCalls]: (
    input: z.output<DocumentCalls[N]['input']>,
  ) => z.output<DocumentCalls[N]['output']> | Promise<z.output<DocumentCalls[N]['output']>>;
};

// ---------- helpers ----------

const LETTERHEAD_KEY = 'letterhead';
const BLANK_LETTERHEAD: Letterhead = { officeName: '', address: '', city: '', dpdName: '', dpdEmail: '', dpdPhone: '' };

const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html;charset=utf-8',
} as const;

const encoder = new TextEncoder();

interface StoredTemplate {
  version: number;
  subject: string;
  body: string;
  updatedAt: string;
  updatedBy: string;
}

interface StoredAgenda {
  otherItems: string[];
  generatedAt: string;
  agenda: Agenda;
}

const isLetterKind = (k: string): k is LetterKind => (LETTER_KINDS as readonly string[]).includes(k);

const documentLabel = (kind: string) =>
  isLetterKind(kind) ? LETTER_LABELS[kind] : kind === 'agenda' ? 'Ordre du jour' : kind === 'workbook' ? 'Classeur de revue conjointe' : kind;

function summaryOut(row: Omit<DocumentRow, 'content'>): DocumentSummary {
  return {
    id: row.id,
    requestId: row.requestId,
    meetingId: row.meetingId,
    kind: row.kind,
    label: documentLabel(row.kind),
    title: row.title,
    format: row.format,
    templateVersion: row.templateVersion,
    createdAt: row.createdAt,
  };
}

export function createDocumentHandlers(ctx: ServiceContext): DocumentHandlers {
  const { store, clock, newId } = ctx;

  // ----- letterhead -----

  function storedLetterhead(): Letterhead | null {
    const raw = store.getSetting(LETTERHEAD_KEY) as Partial<Letterhead> | undefined;
    return raw ? { ...BLANK_LETTERHEAD, ...raw } : null;
  }

  /** The letterhead, its blanks filled from the agreement (the DPD contact of this office's party). */
  function letterheadFor(agreement: Agreement): Letterhead {
    const stored = storedLetterhead() ?? BLANK_LETTERHEAD;
    const party = ctx.office()?.party ?? 'academie';
    const contact = agreement.dpdContacts[party];
    const fallback: Letterhead = {
      officeName: party === 'academie' ? agreement.academieName : `Commune de ${agreement.communeName}`,
      address: contact.address,
      city: '',
      dpdName: contact.name,
      dpdEmail: contact.email,
      dpdPhone: contact.phone,
    };
    const out = { ...fallback };
    for (const k of Object.keys(stored) as (keyof Letterhead)[]) if (stored[k].trim()) out[k] = stored[k];
    return out;
  }

  // ----- templates -----

  function storedTemplates(agreementId: string): Partial<Record<LetterKind, StoredTemplate>> {
    return (ctx.requireAgreement(agreementId).letterTemplates ?? {}) as Partial<Record<LetterKind, StoredTemplate>>;
  }

  function templateOut(kind: LetterKind, stored: StoredTemplate | undefined) {
    return {
      kind,
      label: LETTER_LABELS[kind],
      subject: stored?.subject ?? DEFAULT_TEMPLATES[kind].subject,
      body: stored?.body ?? DEFAULT_TEMPLATES[kind].body,
      version: stored?.version ?? 1,
      isDefault: !stored,
      updatedAt: stored?.updatedAt ?? null,
    };
  }

  function writeTemplate(agreementId: string, kind: LetterKind, subject: string, body: string) {
    const problems = [
      ...templateProblems(subject).map((p) => ({ field: 'subject', text: `objet : ${p.message}` })),
      ...templateProblems(body).map((p) => ({ field: 'body', text: `ligne ${p.line} : ${p.message}` })),
    ];
    if (problems.length > 0) {
      const fields: Record<string, string> = {};
      for (const p of problems) fields[p.field] = fields[p.field] ? `${fields[p.field]} ; ${p.text}` : p.text;
      throw new AppError(
        'MODELE_INVALIDE',
        `Modèle non enregistré : ${problems.map((p) => p.text).join(' ; ')}. Les données possibles sont listées sous le modèle.`,
        fields,
      );
    }
    const templates = storedTemplates(agreementId);
    const next: StoredTemplate = {
      version: (templates[kind]?.version ?? 1) + 1,
      subject,
      body,
      updatedAt: clock.now(),
      updatedBy: ctx.actor(),
    };
    store.updateAgreement(agreementId, { letterTemplates: { ...templates, [kind]: next }, updatedAt: clock.now() });
    return templateOut(kind, next);
  }

  // ----- letters -----

  function letterContext(requestId: string, date: IsoDate): { ctx: LetterContext; detail: RequestDetail; agreement: Agreement } {
    const detail = ctx.detailOut(requestId);
    const agreement = ctx.agreementOut(ctx.requireAgreement(detail.agreementId));
    const handed = [...detail.events].reverse().find((e) => e.type === 'request.handed-over');
    const data = (handed?.data ?? {}) as { on?: string; reason?: string };
    return {
      ctx: {
        request: detail,
        agreement,
        office: ctx.office(),
        letterhead: letterheadFor(agreement),
        date,
        handover: handed && data.on ? { on: data.on, reason: data.reason ?? '' } : null,
      },
      detail,
      agreement,
    };
  }

  function letterWarnings(kind: LetterKind, detail: RequestDetail, letterhead: Letterhead): string[] {
    const w: string[] = [];
    if (!storedLetterhead()) w.push("L'en-tête de l'office n'est pas renseigné : celui-ci vient de la convention ; complétez-le dans Paramètres.");
    if (!letterhead.dpdName || !letterhead.dpdEmail) w.push("Le nom ou le courriel du DPD manque dans l'en-tête : complétez-le dans Paramètres.");
    if (kind === 'extension-notice' && !detail.extension) {
      w.push("La prolongation n'est pas enregistrée sur la demande : enregistrez-la (action « Prolonger le délai ») pour que ses motifs et la nouvelle échéance soient repris.");
    }
    if (kind === 'information-request' && !detail.suspensions.some((s) => s.receivedOn === null)) {
      w.push("Aucune demande de pièces n'est enregistrée : enregistrez-la sur la demande pour suspendre le délai (décret n° 2019-536).");
    }
    if (kind === 'refusal' && !detail.rightsDetail.some((r) => r.outcome === 'refused')) {
      w.push("Aucun droit n'est enregistré comme refusé avec son motif : enregistrez la suite donnée pour que le motif soit repris.");
    }
    if (kind === 'handover' && !detail.events.some((e) => e.type === 'request.handed-over')) {
      w.push("La transmission au co-responsable n'est pas enregistrée sur la demande : enregistrez-la pour que sa date et son motif soient repris.");
    }
    return w;
  }

  async function renderPdf(html: string): Promise<Uint8Array> {
    if (!ctx.renderPdf) throw new AppError('NAVIGATEUR_ABSENT', PDF_UNAVAILABLE_MESSAGE);
    try {
      return await ctx.renderPdf(html);
    } catch (e) {
      if (e instanceof PdfUnavailableError) throw new AppError('NAVIGATEUR_ABSENT', e.message || PDF_UNAVAILABLE_MESSAGE);
      throw new AppError('PDF_ECHEC', `Le PDF n'a pas pu être produit (${e instanceof Error ? e.message : String(e)}) ; rien n'a été enregistré.`);
    }
  }

  async function letterFile(doc: LetterDoc, format: 'pdf' | 'docx' | 'html'): Promise<FileOut> {
    const base = `${doc.reference}-${safeFileName(LETTER_LABELS[doc.kind])}-${doc.date}`;
    if (format === 'pdf') {
      return { filename: `${base}.pdf`, mimeType: MIME.pdf, base64: toBase64(await renderPdf(letterHtml(doc))) };
    }
    if (format === 'docx') {
      const { letterDocx } = await import('../documents/docx');
      return { filename: `${base}.docx`, mimeType: MIME.docx, base64: toBase64(await letterDocx(doc)) };
    }
    return { filename: `${base}.html`, mimeType: MIME.html, base64: toBase64(encoder.encode(letterHtml(doc))) };
  }

  // ----- meetings -----

  const SIGNED_OFF = (date: IsoDate) => `Point mensuel des DPD du ${formatDateFr(date)}`;

  function requireMeeting(id: string): MeetingRow {
    const row = store.getMeeting(id);
    if (!row) throw notFound('Réunion');
    return row;
  }

  /** Extensions decided at a meeting (minutes), latest date per request. */
  function decidedExtensions(agreementId: string): Map<string, IsoDate> {
    const out = new Map<string, IsoDate>();
    for (const m of store.listMeetings(agreementId)) {
      const minutes = m.minutes as Minutes | null;
      for (const d of minutes?.decisions ?? []) {
        if (d.kind === 'extension-decided' && d.requestId && (out.get(d.requestId) ?? '') < m.date) out.set(d.requestId, m.date);
      }
    }
    return out;
  }

  function agendaRequest(d: RequestDetail, decided: Map<string, IsoDate>): AgendaRequest {
    const open = !(CLOSED_STATUSES as readonly string[]).includes(d.status);
    const lastAnswer = d.rightsDetail.reduce<string | null>((a, r) => (r.answeredOn && (!a || r.answeredOn > a) ? r.answeredOn : a), null);
    const p = d.pendingDecision;
    return {
      id: d.id,
      reference: d.reference,
      receivedOn: d.receivedOn,
      requesterName: d.requesterName,
      subjectName: d.subjectName,
      rights: d.rights,
      status: d.status,
      open,
      party: d.allocation.party,
      allocationStatus: d.allocation.status,
      allocationReason: d.allocation.reason,
      dueOn: d.deadline.dueOn,
      extensionNoticeDue: d.deadline.extensionNoticeDue,
      extendedDeadline: d.deadline.extendedDeadline,
      extended: d.extension !== null,
      pending: p ? { kind: p.kind, party: p.party, claimedBy: p.claimedBy, reason: p.reason, missing: p.missing } : null,
      closedOn: open ? null : (d.closedOn ?? lastAnswer),
      extensionDecidedOn: d.extension ? null : (decided.get(d.id) ?? null),
    };
  }

  function buildAgenda(agreementId: string, date: IsoDate, participants: string[], otherItems: string[], selfId: string | null): Agenda {
    const agreement = ctx.requireAgreement(agreementId);
    const meetings = store.listMeetings(agreementId).filter((m) => m.id !== selfId);
    const next = meetings.filter((m) => m.date > date).map((m) => m.date).sort()[0] ?? null;
    const last = meetings.filter((m) => m.date < date && m.closedAt !== null).map((m) => m.date).sort().reverse()[0] ?? null;
    const closedAfter = last ?? oneMonthBefore(date);
    const decided = decidedExtensions(agreementId);
    const requests = store.agendaRequestIds(agreementId, closedAfter).map((rid) => agendaRequest(ctx.detailOut(rid), decided));
    return generateAgenda({
      agreementName: agreement.name,
      date,
      nextMeetingDate: next,
      lastMeetingDate: last,
      closedAfter,
      participants,
      otherItems,
      requests,
    });
  }

  function meetingOut(row: MeetingRow): Meeting {
    const agreement = ctx.requireAgreement(row.agreementId);
    const stored = row.agenda as StoredAgenda;
    return {
      id: row.id,
      agreementId: row.agreementId,
      agreementName: agreement.name,
      date: row.date,
      participants: row.participants as string[],
      otherItems: stored.otherItems,
      agenda: stored.agenda,
      agendaGeneratedAt: stored.generatedAt,
      minutes: (row.minutes as Minutes | null) ?? null,
      createdAt: row.createdAt,
      closedAt: row.closedAt,
      documents: store.listDocuments({ meetingId: row.id }).map(summaryOut),
    };
  }

  function checkMeetingDate(agreementId: string, date: IsoDate, selfId: string | null) {
    if (store.listMeetings(agreementId).some((m) => m.date === date && m.id !== selfId)) {
      throw new AppError('REUNION_EXISTANTE', `Une réunion de cette convention est déjà prévue le ${formatDateFr(date)}.`, {
        date: 'Une réunion existe déjà à cette date : ouvrez-la depuis la liste.',
      });
    }
  }

  const { allocationStateOf } = ctx;
  const allocationColumns = (state: AllocationState): Partial<RequestRow> => ({ ...ctx.allocationColumns(state), preemption: null });

  /** Validates `pending` for every party that has not yet, signed off by the meeting, and applies it. */
  function signOff(pending: PendingDecision, by: string): AllocationState {
    let p = pending;
    for (const party of missingValidations(p)) p = validatePreemption(p, { party, by, at: clock.now() });
    return applyPreemption(p, clock.now());
  }

  /** Writes one decision as an event on its request (inside the caller's transaction). */
  function applyDecision(d: MinutesDecision, meeting: MeetingRow) {
    if (!d.requestId) return;
    const by = SIGNED_OFF(meeting.date);
    ctx.act(d.requestId, 'meeting.decision', (row) => {
      const data: Record<string, unknown> = {
        meetingId: meeting.id,
        meetingDate: meeting.date,
        decision: d.kind,
        label: DECISION_LABELS[d.kind],
        signedOffBy: by,
        summary: `${DECISION_LABELS[d.kind]} au point mensuel du ${formatDateFr(meeting.date)}${d.text ? ` : ${d.text}` : ''}`,
        ...(d.text ? (d.kind === 'extension-decided' ? { reasons: d.text } : d.kind === 'comment' ? { comment: d.text } : { reason: d.text }) : {}),
      };
      const pending = row.preemption as PendingDecision | null;
      if (d.kind === 'settle-commune' || d.kind === 'settle-academie') {
        const party: Party = d.kind === 'settle-commune' ? 'commune' : 'academie';
        const reason = d.text || `répartition arrêtée au point mensuel du ${formatDateFr(meeting.date)}`;
        const base = pending?.kind === 'settlement' && pending.party === party ? pending : null;
        const proposal =
          base ??
          proposeSettlement(pending?.kind === 'settlement' ? pending.from : allocationStateOf(row), party, {
            proposedBy: ctx.office()?.party ?? party,
            by,
            at: clock.now(),
            reason,
          });
        const state = signOff(proposal, by);
        return { patch: allocationColumns(state), data: { ...data, party, allocation: { party: state.party, reason: state.reason } } };
      }
      if (d.kind === 'preemption-validated' && pending) {
        const state = signOff(pending, by);
        return { patch: allocationColumns(state), data: { ...data, party: pending.party, allocation: { party: state.party, reason: state.reason } } };
      }
      if (d.kind === 'preemption-refused' && pending) {
        return { patch: { preemption: null }, data: { ...data, party: pending.party } };
      }
      return { data };
    });
  }

  /** Checks then applies decisions, all in one transaction, and records them in the minutes. */
  function recordMinutes(meeting: MeetingRow, decisions: MinutesDecision[], notes: string | null, source: 'saisie' | 'classeur'): Meeting {
    if (meeting.date > clock.today()) {
      throw new AppError(
        'REUNION_A_VENIR',
        `La réunion du ${formatDateFr(meeting.date)} n'a pas encore eu lieu : le relevé de décisions s'enregistre le jour de la réunion ou après.`,
      );
    }
    const stored = meeting.agenda as StoredAgenda;
    const itemKeys = new Set(stored.agenda.sections.flatMap((s) => s.items.map((i) => i.key)));
    const decided = decidedExtensions(meeting.agreementId);
    const states = new Map<string, AgendaRequest>();
    for (const d of decisions) {
      if (!d.requestId || states.has(d.requestId)) continue;
      const row = store.getRequest(d.requestId);
      if (row && row.agreementId === meeting.agreementId) states.set(d.requestId, agendaRequest(ctx.detailOut(d.requestId), decided));
    }
    const problems = minutesProblems(decisions, states, meeting.date);
    decisions.forEach((d, index) => {
      const keyOk = itemKeys.has(d.itemKey) || (d.requestId !== null && d.itemKey === `all:${d.requestId}`);
      const keyMatches = d.requestId === null ? !d.itemKey.includes(':') : d.itemKey.endsWith(`:${d.requestId}`);
      if (!keyOk || !keyMatches) problems.push({ index, message: "ligne inconnue de l'ordre du jour de cette réunion." });
    });
    if (problems.length > 0) {
      const fields: Record<string, string> = {};
      for (const p of problems) fields[`decisions.${p.index}`] = p.message;
      const where = (i: number) => {
        const d = decisions[i]!;
        return d.requestId ? (states.get(d.requestId)?.reference ?? 'demande inconnue') : 'point divers';
      };
      throw new AppError(
        'DECISIONS_INVALIDES',
        `Relevé non enregistré (rien n'a été modifié) : ${problems.map((p) => `${where(p.index)} : ${p.message}`).join(' ; ')}`,
        fields,
      );
    }
    const unique = dedupeDecisions(decisions);
    return store.transaction(() => {
      for (const d of unique) applyDecision(d, meeting);
      const previous = (meeting.minutes as Minutes | null) ?? null;
      const now = clock.now();
      const minutes: Minutes = {
        decisions: [
          ...(previous?.decisions ?? []),
          ...unique.map((d) => ({
            itemKey: d.itemKey,
            requestId: d.requestId,
            reference: d.requestId ? (states.get(d.requestId)?.reference ?? null) : null,
            kind: d.kind,
            label: DECISION_LABELS[d.kind],
            text: d.text,
            source,
            appliedAt: now,
          })),
        ],
        notes: notes ?? previous?.notes ?? '',
        recordedAt: now,
        recordedBy: ctx.actor(),
      };
      store.updateMeeting(meeting.id, { minutes, closedAt: meeting.closedAt ?? now });
      return meetingOut(requireMeeting(meeting.id));
    });
  }

  async function readImport(meeting: MeetingRow, filename: string, base64: string): Promise<ImportReport> {
    if (!/\.xlsx$/i.test(filename)) {
      throw new AppError('CLASSEUR_ILLISIBLE', `« ${filename} » n'est pas un classeur .xlsx : importez le classeur exporté depuis cette réunion.`);
    }
    const bytes = fromBase64(base64);
    if (!bytes) throw new AppError('CLASSEUR_ILLISIBLE', "Le fichier reçu est altéré (encodage invalide) : choisissez-le de nouveau.");
    if (bytes.length > MAX_WORKBOOK_BYTES) {
      throw new AppError('CLASSEUR_ILLISIBLE', `Classeur trop volumineux (${Math.round(bytes.length / 1000)} ko) : ${MAX_WORKBOOK_BYTES / 1_000_000} Mo au plus.`);
    }
    if (!ctx.readWorkbook) throw new AppError('CLASSEUR_ILLISIBLE', "La lecture des classeurs n'est pas disponible dans cette installation.");
    let sheets: ParsedSheet[];
    try {
      sheets = await ctx.readWorkbook(bytes);
    } catch (e) {
      throw new AppError('CLASSEUR_ILLISIBLE', e instanceof Error ? e.message : String(e));
    }
    const stored = meeting.agenda as StoredAgenda;
    const decided = decidedExtensions(meeting.agreementId);
    const requests = new Map<string, AgendaRequest>();
    for (const rid of store.agendaRequestIds(meeting.agreementId, '0000-00-00')) {
      requests.set(rid, agendaRequest(ctx.detailOut(rid), decided));
    }
    return readDecisions(sheets, {
      meetingId: meeting.id,
      date: meeting.date,
      requests,
      otherItemKeys: stored.agenda.sections.find((s) => s.key === 'other')?.items.map((i) => i.key) ?? [],
    });
  }

  function officeName(agreement: Agreement): string {
    return letterheadFor(agreement).officeName || ctx.actor();
  }

  function saveExport(meeting: MeetingRow, kind: 'agenda' | 'workbook', format: string, title: string, content: unknown) {
    store.insertDocument({
      id: newId(),
      requestId: null,
      meetingId: meeting.id,
      kind,
      templateVersion: 1,
      title,
      format,
      content: JSON.stringify(content),
      createdAt: clock.now(),
    });
  }

  function minutesLines(meeting: MeetingRow) {
    return ((meeting.minutes as Minutes | null)?.decisions ?? []).map((d) => ({ itemKey: d.itemKey, kind: d.kind, text: d.text }));
  }

  async function agendaFile(agenda: Agenda, office: string, minutes: ReturnType<typeof minutesLines>, code: string, format: 'pdf' | 'html'): Promise<FileOut> {
    const html = agendaHtml(agenda, { name: office }, minutes);
    const base = `Point-mensuel-DPD-${safeFileName(code)}-${agenda.date}`;
    if (format === 'pdf') return { filename: `${base}.pdf`, mimeType: MIME.pdf, base64: toBase64(await renderPdf(html)) };
    return { filename: `${base}.html`, mimeType: MIME.html, base64: toBase64(encoder.encode(html)) };
  }

  async function workbookFile(spec: WorkbookSpec, code: string, date: IsoDate): Promise<FileOut> {
    const { writeWorkbook } = await import('../documents/xlsx');
    return {
      filename: `Revue-conjointe-${safeFileName(code)}-${date}.xlsx`,
      mimeType: MIME.xlsx,
      base64: toBase64(writeWorkbook(spec)),
    };
  }

  const reportOut = (report: ImportReport) => ({
    decisions: report.decisions.map((d) => ({ sheet: d.sheet, row: d.row, reference: d.reference, kind: d.kind, label: DECISION_LABELS[d.kind], text: d.text })),
    problems: report.problems,
  });

  // ---------- handlers ----------

  return {
    'letterhead.get': () => ({ ...(storedLetterhead() ?? BLANK_LETTERHEAD), configured: storedLetterhead() !== null }),

    'letterhead.set': (input) => {
      store.setSetting(LETTERHEAD_KEY, input, clock.now());
      return { ...storedLetterhead()!, configured: true };
    },

    'letters.templates': (input) => {
      const stored = storedTemplates(input.agreementId);
      return {
        templates: LETTER_KINDS.map((k) => templateOut(k, stored[k])),
        placeholders: (Object.keys(PLACEHOLDERS) as PlaceholderName[]).map((name) => ({
          name,
          type: PLACEHOLDERS[name].type,
          description: PLACEHOLDERS[name].description,
        })),
      };
    },

    'letters.saveTemplate': (input) => {
      ctx.requireAgreement(input.agreementId);
      return writeTemplate(input.agreementId, input.kind, input.subject, input.body);
    },

    'letters.resetTemplate': (input) => {
      ctx.requireAgreement(input.agreementId);
      return writeTemplate(input.agreementId, input.kind, DEFAULT_TEMPLATES[input.kind].subject, DEFAULT_TEMPLATES[input.kind].body);
    },

    'letters.draft': (input) => {
      const today = clock.today();
      const { ctx: letter, detail } = letterContext(input.requestId, today);
      const template = templateOut(input.kind, storedTemplates(detail.agreementId)[input.kind]);
      const values = letterValues(letter);
      let subject: string;
      let body: string;
      try {
        subject = fillTemplate(template.subject, values);
        body = fillTemplate(template.body, values);
      } catch (e) {
        throw new AppError('MODELE_INVALIDE', e instanceof Error ? e.message : String(e));
      }
      const doc = letterDoc(letter, input.kind, { subject, body }, template.version);
      return {
        kind: input.kind,
        label: LETTER_LABELS[input.kind],
        subject,
        body,
        date: today,
        templateVersion: template.version,
        reference: detail.reference,
        agreementId: detail.agreementId,
        recipient: doc.recipient,
        concerning: doc.concerning,
        letterhead: letter.letterhead,
        missing: missingMarkers(`${subject}\n${body}`),
        warnings: letterWarnings(input.kind, detail, letter.letterhead),
      };
    },

    'letters.save': async (input) => {
      const row = ctx.requireRequest(input.requestId);
      ctx.checkDate(input.date, row, 'date', 'Date du courrier');
      const missing = missingMarkers(`${input.subject}\n${input.body}`);
      if (missing.length > 0) {
        throw new AppError('COURRIER_INCOMPLET', `Courrier non enregistré : complétez d'abord ${missing.join(', ')}.`, {
          body: `Passages à compléter : ${missing.join(', ')}.`,
        });
      }
      const { ctx: letter, detail } = letterContext(input.requestId, input.date);
      const template = templateOut(input.kind, storedTemplates(detail.agreementId)[input.kind]);
      const doc = letterDoc(letter, input.kind, { subject: input.subject, body: input.body }, template.version);
      // The file first: if Chromium is missing or fails, nothing is recorded.
      const file = await letterFile(doc, input.format);
      const label = LETTER_LABELS[input.kind];
      const documentId = newId();
      const createdAt = clock.now();
      const summary =
        input.kind === 'acknowledgement'
          ? `Accusé de réception envoyé le ${formatDateFr(input.date)}`
          : `Courrier « ${label} » envoyé le ${formatDateFr(input.date)}`;
      store.transaction(() => {
        store.insertDocument({
          id: documentId,
          requestId: input.requestId,
          meetingId: null,
          kind: input.kind,
          templateVersion: template.version,
          title: `${label} – ${detail.reference} – ${formatDateFr(input.date)}`,
          format: input.format,
          content: JSON.stringify(doc),
          createdAt,
        });
        ctx.act(input.requestId, 'letter.sent', (current) => ({
          patch: input.kind === 'acknowledgement' && current.acknowledgedOn === null ? { acknowledgedOn: input.date } : {},
          data: { kind: input.kind, label, on: input.date, format: input.format, documentId, templateVersion: template.version, summary },
        }));
      });
      return {
        document: summaryOut(store.listDocuments({ requestId: input.requestId }).find((d) => d.id === documentId)!),
        file,
        acknowledgedOn: ctx.requireRequest(input.requestId).acknowledgedOn,
      };
    },

    'documents.list': (input) => {
      if ('requestId' in input) ctx.requireRequest(input.requestId);
      else requireMeeting(input.meetingId);
      return store.listDocuments(input).map(summaryOut);
    },

    'documents.download': async (input) => {
      const row = store.getDocument(input.id);
      if (!row) throw notFound('Document');
      const content = JSON.parse(row.content) as unknown;
      if (isLetterKind(row.kind)) return letterFile(content as LetterDoc, row.format as 'pdf' | 'docx' | 'html');
      if (row.kind === 'agenda') {
        const c = content as { agenda: Agenda; office: string; minutes: ReturnType<typeof minutesLines>; code: string };
        return agendaFile(c.agenda, c.office, c.minutes, c.code, row.format as 'pdf' | 'html');
      }
      if (row.kind === 'workbook') {
        const c = content as { spec: WorkbookSpec; code: string; date: IsoDate };
        return workbookFile(c.spec, c.code, c.date);
      }
      throw new AppError('DOCUMENT_INCONNU', `Document d'un type inconnu (« ${row.kind} ») : il ne peut pas être produit de nouveau.`);
    },

    'meetings.list': (input) =>
      store.listMeetings(input.agreementId).map((m) => {
        const agenda = (m.agenda as StoredAgenda).agenda;
        const count = (k: string) => agenda.sections.find((s) => s.key === k)?.items.length ?? 0;
        return {
          id: m.id,
          agreementId: m.agreementId,
          agreementName: ctx.requireAgreement(m.agreementId).name,
          date: m.date,
          participants: m.participants as string[],
          closedAt: m.closedAt,
          decisions: ((m.minutes as Minutes | null)?.decisions ?? []).length,
          counts: { overdue: count('overdue'), dueSoon: count('due-soon'), toSettle: count('to-settle'), pending: count('pending') },
        };
      }),

    'meetings.create': (input) => {
      ctx.requireAgreement(input.agreementId);
      checkMeetingDate(input.agreementId, input.date, null);
      const id = newId();
      const agenda = buildAgenda(input.agreementId, input.date, input.participants, input.otherItems, null);
      store.insertMeeting({
        id,
        agreementId: input.agreementId,
        date: input.date,
        participants: input.participants,
        agenda: { otherItems: input.otherItems, generatedAt: clock.now(), agenda } satisfies StoredAgenda,
        minutes: null,
        createdAt: clock.now(),
        closedAt: null,
      });
      return meetingOut(requireMeeting(id));
    },

    'meetings.get': (input) => meetingOut(requireMeeting(input.id)),

    'meetings.update': (input) => {
      const meeting = requireMeeting(input.id);
      if (meeting.minutes) {
        throw new AppError('RELEVE_ENREGISTRE', "Le relevé de décisions de cette réunion est enregistré : son ordre du jour ne change plus.");
      }
      checkMeetingDate(meeting.agreementId, input.date, meeting.id);
      const agenda = buildAgenda(meeting.agreementId, input.date, input.participants, input.otherItems, meeting.id);
      store.updateMeeting(meeting.id, {
        date: input.date,
        participants: input.participants,
        agenda: { otherItems: input.otherItems, generatedAt: clock.now(), agenda } satisfies StoredAgenda,
      });
      return meetingOut(requireMeeting(meeting.id));
    },

    'meetings.saveMinutes': (input) => {
      const meeting = requireMeeting(input.id);
      return recordMinutes(meeting, input.decisions, input.notes, 'saisie');
    },

    'meetings.exportAgenda': async (input) => {
      const meeting = requireMeeting(input.id);
      const agreement = ctx.agreementOut(ctx.requireAgreement(meeting.agreementId));
      const agenda = (meeting.agenda as StoredAgenda).agenda;
      const office = officeName(agreement);
      const minutes = minutesLines(meeting);
      const file = await agendaFile(agenda, office, minutes, agreement.code, input.format);
      saveExport(meeting, 'agenda', input.format, `Ordre du jour du ${formatDateFr(meeting.date)}`, { agenda, office, minutes, code: agreement.code });
      return file;
    },

    'meetings.exportWorkbook': async (input) => {
      const meeting = requireMeeting(input.id);
      const agreement = ctx.agreementOut(ctx.requireAgreement(meeting.agreementId));
      const spec = workbookSpec((meeting.agenda as StoredAgenda).agenda, meeting, officeName(agreement));
      const file = await workbookFile(spec, agreement.code, meeting.date);
      saveExport(meeting, 'workbook', 'xlsx', `Classeur de revue conjointe du ${formatDateFr(meeting.date)}`, { spec, code: agreement.code, date: meeting.date });
      return file;
    },

    'meetings.previewImport': async (input) => reportOut(await readImport(requireMeeting(input.id), input.filename, input.base64)),

    'meetings.applyImport': async (input) => {
      const meeting = requireMeeting(input.id);
      const report = await readImport(meeting, input.filename, input.base64);
      if (report.problems.length > 0) {
        throw new AppError(
          'CLASSEUR_INVALIDE',
          `Le classeur contient ${report.problems.length} erreur${report.problems.length > 1 ? 's' : ''} : corrigez-le puis importez-le de nouveau. Rien n'a été enregistré.`,
        );
      }
      if (report.decisions.length === 0) {
        throw new AppError('AUCUNE_DECISION', "Aucune décision dans ce classeur : remplissez la colonne « Décision », puis importez-le de nouveau.");
      }
      const decisions: MinutesDecision[] = report.decisions.map((d) => ({ itemKey: d.itemKey, requestId: d.requestId, kind: d.kind, text: d.text }));
      const out = recordMinutes(meeting, decisions, null, 'classeur');
      return { meeting: out, applied: dedupeDecisions(decisions).length };
    },
  };
}
