// The DPD meeting (monthly where the agreement provides for it): agenda built from the requests at
// the meeting's date (agenda-data.ts), minutes whose decisions are checked against each request as
// it is now and applied as events (minutes.ts), agenda PDF and joint-review workbook, and the
// workbook read back as a hostile file (host reader with limits, then a report, then all or nothing).
import { format, parseISO, subDays } from 'date-fns';
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { DomainError, notFound } from '../../errors';
import { MAX_WORKBOOK_BYTES } from '../../api/host-errors';
import type { MeetingRow } from '../../api/document-store';
import type { IsoDate } from '../../domain';
import { formatDateFr } from '../../explain';
import { DECISION_LABELS, type AgendaRequest } from '../../documents/agenda';
import { dedupeDecisions, type MinutesDecision } from '../../documents/minutes';
import { fromBase64 } from '../../documents/text';
import { readDecisions, workbookSpec, type ImportReport, type ParsedSheet } from '../../documents/workbook';
import type { Agreement } from '../agreements/calls';
import { agendaFile, documentSummaryOut, pdfRenderer, workbookFile, type MinutesLine } from '../documents/files';
import type { LetterheadFor } from '../letters/handlers';
import { meetingAgendas, type StoredAgenda } from './agenda-data';
import type { Meeting, Minutes, meetingCalls } from './calls';
import { minutesRecorder } from './minutes';

export function createMeetingHandlers(ctx: ServiceContext, letterheadFor: LetterheadFor): HandlersOf<typeof meetingCalls> {
  const { store, clock, newId } = ctx;
  const renderPdf = pdfRenderer(ctx);
  // ----- meetings -----
  const agendas = meetingAgendas(ctx);
  const { agendaOf, agendaRequests, buildAgenda } = agendas;

  function requireMeeting(id: string): MeetingRow {
    const row = store.getMeeting(id);
    if (!row) throw notFound('Réunion');
    return row;
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
      time: agenda.time ?? null,
      format: agenda.format ?? null,
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
    if (store.meetingHeads(agreementId).some((m) => m.date === date && m.id !== selfId)) {
      throw new DomainError('REUNION_EXISTANTE', `Une réunion de cette convention est déjà prévue le ${formatDateFr(date)}.`, {
        date: 'Une réunion existe déjà à cette date : ouvrez-la depuis la liste.',
      });
    }
  }

  const { recordMinutes } = minutesRecorder(ctx, agendas, { requireMeeting, meetingOut });

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
    // The meeting's own requests, not every request the agreement ever had: those of its agenda,
    // and those open since the day before the meeting was made (the workbook's open requests,
    // some closed since its export).
    const agenda = agendaOf(meeting);
    const agendaIds = [...new Set(agenda.sections.flatMap((s) => s.items.flatMap((i) => (i.requestId ? [i.requestId] : []))))];
    const dayBefore = format(subDays(parseISO(meeting.createdAt.slice(0, 10)), 1), 'yyyy-MM-dd');
    const requests = new Map<string, AgendaRequest>(
      [...agendaRequests(meeting.agreementId, { ids: agendaIds }), ...agendaRequests(meeting.agreementId, { closedAfter: dayBefore })].map((r) => [r.id, r]),
    );
    return readDecisions(sheets, {
      meetingId: meeting.id,
      agreementId: meeting.agreementId,
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
        time: input.time,
        format: input.format,
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
        time: input.time,
        format: input.format,
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
      // The minutes' notes are printed with the decisions (the relevé says what was said).
      const notes = (meeting.minutes as Minutes | null)?.notes ?? '';
      const content = { agenda, office, minutes, code: agreement.code, notes };
      const file = await agendaFile(content, input.format, renderPdf);
      saveExport(meeting, 'agenda', input.format, `${minutes.length || meeting.minutes ? 'Relevé de décisions' : 'Ordre du jour'} du ${formatDateFr(meeting.date)}`, content);
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
