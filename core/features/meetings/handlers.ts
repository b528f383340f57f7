// The DPD meeting (monthly where the agreement provides for it): agenda built from the requests at the meeting's date, minutes whose
// decisions are checked against each request as it is now and applied as events (allocation
// decisions through core/allocation.ts), agenda PDF and joint-review workbook, and the workbook
// read back as a hostile file (host reader with limits, then a report, then all or nothing).
import {
  applyPreemption,
  proposeSettlement,
  validatePreemption,
  missingValidations,
  type AllocationState,
  type PendingDecision,
} from '../../allocation';
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { DomainError, notFound } from '../../errors';
import { MAX_WORKBOOK_BYTES } from '../../api/host-errors';
import type { MeetingRow } from '../../api/document-store';
import type { AgreementRow, RequestRow } from '../../api/store';
import { deletionDeadline, processorDeadlines } from '../../deadlines';
import { CLOSED_STATUSES, type IsoDate, type Party } from '../../domain';
import { formatDateFr } from '../../explain';
import {
  DECISION_LABELS,
  generateAgenda,
  meetingKind,
  oneMonthBefore,
  type Agenda,
  type AgendaProcessor,
  type AgendaRequest,
} from '../../documents/agenda';
import { dedupeDecisions, minutesProblems, type MinutesDecision } from '../../documents/minutes';
import { fromBase64 } from '../../documents/text';
import { readDecisions, workbookSpec, type ImportReport, type ParsedSheet } from '../../documents/workbook';
import type { Agreement } from '../agreements/calls';
import { agendaFile, documentSummaryOut, pdfRenderer, workbookFile, type MinutesLine } from '../documents/files';
import type { LetterheadFor } from '../letters/handlers';
import type { RequestDetail } from '../requests/calls';
import type { Meeting, Minutes, meetingCalls } from './calls';

/** What a meeting keeps beside its agenda (the `agenda` column). */
interface StoredAgenda {
  otherItems: string[];
  generatedAt: string;
  agenda: Agenda;
}

export function createMeetingHandlers(ctx: ServiceContext, letterheadFor: LetterheadFor): HandlersOf<typeof meetingCalls> {
  const { store, clock, newId } = ctx;
  const renderPdf = pdfRenderer(ctx);
  // ----- meetings -----

  /** The meeting's name for its agreement: "Point mensuel des DPD" only where the agreement provides for one. */
  const kindOf = (agreementId: string) => meetingKind(ctx.requireAgreement(agreementId).preset);
  const SIGNED_OFF = (meeting: MeetingRow) => `${kindOf(meeting.agreementId).title} du ${formatDateFr(meeting.date)}`;

  /** The stored agenda, with the meeting's name and purpose filled in if it predates them. */
  function agendaOf(row: MeetingRow): Agenda {
    const agenda = (row.agenda as StoredAgenda).agenda;
    if (agenda.title && agenda.shortTitle && agenda.purpose) return agenda;
    const kind = kindOf(row.agreementId);
    return { ...agenda, title: agenda.title || kind.title, shortTitle: agenda.shortTitle || kind.shortTitle, purpose: agenda.purpose || kind.purpose };
  }

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

  /**
   * The processor's deadlines of a request under the agreement's own clause (seed 003 annex 2
   * X.4: forward within N working days, delete within N calendar days maximum); null where the
   * agreement has no such clause (seed 000) or nothing reached the processor.
   */
  function processorOf(row: RequestRow, agreement: AgreementRow): AgendaProcessor | null {
    const clause = agreement.processorClause;
    if (!clause) return null;
    const calendar = agreement.holidayCalendar;
    const forward = row.processorReceivedOn ? processorDeadlines(row.processorReceivedOn, calendar, clause.forwardWorkingDays) : null;
    const deletion = row.processorDeletionInstructedOn ? deletionDeadline(row.processorDeletionInstructedOn, calendar, clause.deletionDays) : null;
    if (!forward && !deletion && !row.processorDeletedOn) return null;
    return {
      receivedOn: row.processorReceivedOn,
      forwardBy: forward?.forwardBy ?? null,
      forwardedOn: row.processorForwardedOn,
      deletionInstructedOn: row.processorDeletionInstructedOn,
      deleteBy: deletion?.deleteBy ?? null,
      deleteByNote: deletion?.note ?? null,
      deletedOn: row.processorDeletedOn,
      certificate: row.processorDeletionCertificate,
    };
  }

  /** The latest event of a type, if any (its `data` as recorded). */
  const lastEvent = (d: RequestDetail, type: string) => [...d.events].reverse().find((e) => e.type === type);
  const dataOf = (e: { data: unknown } | undefined): Record<string, unknown> => (e && typeof e.data === 'object' && e.data !== null ? (e.data as Record<string, unknown>) : {});
  const textOf = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

  /** The agenda's view of a request: its detail, plus the processor columns of its row. */
  function agendaRequest(d: RequestDetail, decided: Map<string, IsoDate>): AgendaRequest {
    const open = !CLOSED_STATUSES.includes(d.status);
    const lastAnswer = d.rightsDetail.reduce<string | null>((a, r) => (r.answeredOn && (!a || r.answeredOn > a) ? r.answeredOn : a), null);
    const p = d.pendingDecision;
    const row = store.getRequest(d.id);
    const agreement = ctx.requireAgreement(d.agreementId);
    // Decree 2019-536: only a request for identity information suspends the deadline.
    const suspension = d.suspensions.find((x) => x.kind === 'identity' && x.receivedOn === null) ?? null;
    const handedOn = d.status === 'handed-over' ? (textOf(dataOf(lastEvent(d, 'request.handed-over')).on) ?? d.closedOn) : null;
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
      extensionLate: d.extension?.late === true,
      extensionNotifiedOn: d.extension?.notifiedOn ?? null,
      pending: p ? { kind: p.kind, party: p.party, claimedBy: p.claimedBy, reason: p.reason, missing: p.missing } : null,
      closedOn: open ? null : (d.closedOn ?? lastAnswer),
      extensionDecidedOn: d.extension ? null : (decided.get(d.id) ?? null),
      suspension: suspension ? { since: suspension.sentOn, what: suspension.whatAsked } : null,
      // The handover goes to the party the allocation names (domain.md, "Handover").
      handedOver: handedOn ? { on: handedOn, to: d.allocation.party } : null,
      acknowledgedOn: d.acknowledgedOn,
      dataFile: {
        requestedOn: d.dataFile.requestedOn,
        receivedOn: d.dataFile.receivedOn,
        from: d.dataFile.requestedOn ? textOf(dataOf(lastEvent(d, 'data-file.recorded')).from) : null,
      },
      processor: row ? processorOf(row, agreement) : null,
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
      meeting: meetingKind(agreement.preset),
      agreementName: agreement.name,
      processorClause: agreement.processorClause,
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
    const agenda = agendaOf(row);
    return {
      id: row.id,
      agreementId: row.agreementId,
      agreementName: agreement.name,
      date: row.date,
      participants: row.participants as string[],
      otherItems: stored.otherItems,
      agenda,
      agendaGeneratedAt: stored.generatedAt,
      minutes: (row.minutes as Minutes | null) ?? null,
      createdAt: row.createdAt,
      closedAt: row.closedAt,
      documents: store.listDocuments({ meetingId: row.id }).map(documentSummaryOut),
    };
  }

  function checkMeetingDate(agreementId: string, date: IsoDate, selfId: string | null) {
    if (store.listMeetings(agreementId).some((m) => m.date === date && m.id !== selfId)) {
      throw new DomainError('REUNION_EXISTANTE', `Une réunion de cette convention est déjà prévue le ${formatDateFr(date)}.`, {
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
    const by = SIGNED_OFF(meeting);
    const at = `${kindOf(meeting.agreementId).at} du ${formatDateFr(meeting.date)}`;
    ctx.act(d.requestId, 'meeting.decision', (row) => {
      const data: Record<string, unknown> = {
        meetingId: meeting.id,
        meetingDate: meeting.date,
        decision: d.kind,
        label: DECISION_LABELS[d.kind],
        signedOffBy: by,
        summary: `${DECISION_LABELS[d.kind]} ${at}${d.text ? ` : ${d.text}` : ''}`,
        ...(d.text ? (d.kind === 'extension-decided' ? { reasons: d.text } : d.kind === 'comment' ? { comment: d.text } : { reason: d.text }) : {}),
      };
      const pending = row.preemption;
      if (d.kind === 'settle-commune' || d.kind === 'settle-academie') {
        const party: Party = d.kind === 'settle-commune' ? 'commune' : 'academie';
        const reason = d.text || `répartition arrêtée ${at}`;
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
      throw new DomainError(
        'REUNION_A_VENIR',
        `La réunion du ${formatDateFr(meeting.date)} n'a pas encore eu lieu : le relevé de décisions s'enregistre le jour de la réunion ou après.`,
      );
    }
    const itemKeys = new Set(agendaOf(meeting).sections.flatMap((s) => s.items.map((i) => i.key)));
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
      throw new DomainError(
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
      throw new DomainError('CLASSEUR_ILLISIBLE', `« ${filename} » n'est pas un classeur .xlsx : importez le classeur exporté depuis cette réunion.`);
    }
    const bytes = fromBase64(base64);
    if (!bytes) throw new DomainError('CLASSEUR_ILLISIBLE', "Le fichier reçu est altéré (encodage invalide) : choisissez-le de nouveau.");
    if (bytes.length > MAX_WORKBOOK_BYTES) {
      throw new DomainError('CLASSEUR_ILLISIBLE', `Classeur trop volumineux (${Math.round(bytes.length / 1000)} ko) : ${MAX_WORKBOOK_BYTES / 1_000_000} Mo au plus.`);
    }
    if (!ctx.readWorkbook) throw new DomainError('CLASSEUR_ILLISIBLE', "La lecture des classeurs n'est pas disponible dans cette installation.");
    let sheets: ParsedSheet[];
    try {
      sheets = await ctx.readWorkbook(bytes);
    } catch (e) {
      throw new DomainError('CLASSEUR_ILLISIBLE', e instanceof Error ? e.message : String(e));
    }
    const decided = decidedExtensions(meeting.agreementId);
    const requests = new Map<string, AgendaRequest>();
    for (const rid of store.agendaRequestIds(meeting.agreementId, '0000-00-00')) {
      requests.set(rid, agendaRequest(ctx.detailOut(rid), decided));
    }
    return readDecisions(sheets, {
      meetingId: meeting.id,
      date: meeting.date,
      requests,
      otherItemKeys: agendaOf(meeting).sections.find((s) => s.key === 'other')?.items.map((i) => i.key) ?? [],
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

  function minutesLines(meeting: MeetingRow): MinutesLine[] {
    return ((meeting.minutes as Minutes | null)?.decisions ?? []).map((d) => ({ itemKey: d.itemKey, kind: d.kind, text: d.text }));
  }

  const reportOut = (report: ImportReport) => ({
    decisions: report.decisions.map((d) => ({ sheet: d.sheet, row: d.row, reference: d.reference, kind: d.kind, label: DECISION_LABELS[d.kind], text: d.text })),
    problems: report.problems,
  });

  return {
    'meetings.list': (input) =>
      store.listMeetings(input.agreementId).map((m) => {
        const agenda = agendaOf(m);
        const count = (k: string) => agenda.sections.find((s) => s.key === k)?.items.length ?? 0;
        return {
          id: m.id,
          agreementId: m.agreementId,
          agreementName: ctx.requireAgreement(m.agreementId).name,
          title: agenda.title,
          shortTitle: agenda.shortTitle,
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
        throw new DomainError('RELEVE_ENREGISTRE', "Le relevé de décisions de cette réunion est enregistré : son ordre du jour ne change plus.");
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
      const agenda = agendaOf(meeting);
      const office = officeName(agreement);
      const minutes = minutesLines(meeting);
      const file = await agendaFile({ agenda, office, minutes, code: agreement.code }, input.format, renderPdf);
      saveExport(meeting, 'agenda', input.format, `Ordre du jour du ${formatDateFr(meeting.date)}`, { agenda, office, minutes, code: agreement.code });
      return file;
    },

    'meetings.exportWorkbook': async (input) => {
      const meeting = requireMeeting(input.id);
      const agreement = ctx.agreementOut(ctx.requireAgreement(meeting.agreementId));
      const spec = workbookSpec(agendaOf(meeting), meeting, officeName(agreement));
      const file = await workbookFile({ spec, code: agreement.code, date: meeting.date });
      saveExport(meeting, 'workbook', 'xlsx', `Classeur de revue conjointe du ${formatDateFr(meeting.date)}`, { spec, code: agreement.code, date: meeting.date });
      return file;
    },

    'meetings.previewImport': async (input) => reportOut(await readImport(requireMeeting(input.id), input.filename, input.base64)),

    'meetings.applyImport': async (input) => {
      const meeting = requireMeeting(input.id);
      const report = await readImport(meeting, input.filename, input.base64);
      if (report.problems.length > 0) {
        throw new DomainError(
          'CLASSEUR_INVALIDE',
          `Le classeur contient ${report.problems.length} erreur${report.problems.length > 1 ? 's' : ''} : corrigez-le puis importez-le de nouveau. Rien n'a été enregistré.`,
        );
      }
      if (report.decisions.length === 0) {
        throw new DomainError('AUCUNE_DECISION', "Aucune décision dans ce classeur : remplissez la colonne « Décision », puis importez-le de nouveau.");
      }
      const decisions: MinutesDecision[] = report.decisions.map((d) => ({ itemKey: d.itemKey, requestId: d.requestId, kind: d.kind, text: d.text }));
      const out = recordMinutes(meeting, decisions, null, 'classeur');
      return { meeting: out, applied: dedupeDecisions(decisions).length };
    },
  };
}

