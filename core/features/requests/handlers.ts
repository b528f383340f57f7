// Requests, read side and intake: create (allocation, deadlines, reference, first event), list
// with facets, detail, dashboard figures.
import { format, parseISO, subMonths } from 'date-fns';
import { allocate } from '../../allocation';
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { DomainError } from '../../errors';
import { resolveModule } from '../../modules';
import { listFacets, openFigures } from '../../api/facets';
import type { RequestFilter } from '../../api/store';
import { DUE_SOON_DAYS, daysBetween } from '../../deadlines';
import { questionReceivedDate, receivedDateDoubts } from '../../corrections';
import { PRESET_DEFAULTS } from '../../presets';
import { median } from '../../statistics';
import { type IsoDate } from '../../domain';
import { dayNumber, isoOfDay } from '../../holidays';
import type { requestCalls } from './calls';
import { REF_OFFICE, newRequestRow } from './new-row';

/** Bounds of the due-date buckets (core/deadlines.ts urgencyOf): before today is overdue, up to today + 7 is due soon. */
const dueBounds = (today: IsoDate) => ({ today, soon: addDays(today, DUE_SOON_DAYS) });

/** `days` calendar days after (or before) a valid ISO date, in day numbers (date-fns' parse and format cost more than a list's counts). */
function addDays(iso: IsoDate, days: number): IsoDate {
  return isoOfDay(dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))) + days);
}

/**
 * The stored due-date range matching an urgency (core/deadlines.ts urgencyOf):
 * overdue = due before today; due soon = due today or within the next 7 days.
 */
export function dueRange(urgency: 'overdue' | 'due-soon' | 'suspended', today: IsoDate): RequestFilter['due'] {
  if (urgency === 'suspended') return 'suspended';
  if (urgency === 'overdue') return { before: addDays(today, -1) };
  return { from: today, before: addDays(today, DUE_SOON_DAYS) };
}



export function createRequestHandlers(ctx: ServiceContext): HandlersOf<typeof requestCalls> {
  const { store, clock, newId, requireAgreement, record, detailOut, allocationColumns } = ctx;
  const { storedDeadlines, summaryOut, handoverOf } = ctx.read;
  return {
    'requests.create': (input) => {
      const agreement = requireAgreement(input.agreementId);
      const today = clock.today();
      if (input.processorReceivedOn && (input.processorReceivedOn > today || input.processorReceivedOn > input.receivedOn)) {
        throw new DomainError('DATE_INCOHERENTE', "Date de réception par l'éditeur : entre la réception par l'éditeur et celle par le responsable, pas dans le futur.", {
          processorReceivedOn: "Cette date ne peut être ni dans le futur ni après la date de réception par le responsable.",
        });
      }
      if (input.schoolId) {
        const school = store.getSchool(input.schoolId);
        if (!school || school.agreementId !== agreement.id) {
          throw new DomainError('ECOLE_INCONNUE', 'École : elle ne fait pas partie de cette convention.', {
            schoolId: 'Choisissez une école de la liste de la convention.',
          });
        }
      }
      // A module of the agreement's list brings its owner; one typed outside it is kept as typed.
      const module = resolveModule(agreement.modules, input.moduleName, input.moduleOwner);
      const allocation = allocate(agreement.rules, {
        requesterCategory: input.requesterCategory,
        channel: input.channel,
        ...(module.owner ? { module: { owner: module.owner } } : {}),
        ...(input.schoolsScope ? { schoolsScope: input.schoolsScope } : {}),
      });
      const calendar = agreement.holidayCalendar;
      const deadlines = storedDeadlines({ receivedOn: input.receivedOn, extended: false, extensionNotifiedOn: null }, [], calendar);
      // Issue 13: an unlikely received date (future, months back, before the agreement, already
      // overdue) is questioned, not refused: the user confirms it and it is kept.
      questionReceivedDate(
        receivedDateDoubts({ receivedOn: input.receivedOn, today, dueOn: deadlines.dueOn, agreementDate: PRESET_DEFAULTS[agreement.preset].agreementDate }),
        input.confirmedDate,
      );
      const year = Number(input.receivedOn.slice(0, 4));
      const now = clock.now();
      const id = newId();
      return store.transaction(() => {
        // References carry the office that minted them (A: académie, C: commune), so the two
        // offices never mint the same one: FAR-A-2026-0001, FAR-C-2026-0001.
        const refOffice = REF_OFFICE[ctx.office()?.party ?? 'academie'];
        const seq = store.nextRequestSeq(agreement.id, year, refOffice);
        const reference = `${agreement.code}-${refOffice}-${year}-${String(seq).padStart(4, '0')}`;
        store.insertRequest(
          newRequestRow({
            id,
            agreementId: agreement.id,
            reference,
            year,
            seq,
            refOffice,
            receivedOn: input.receivedOn,
            channel: input.channel,
            medium: input.medium,
            requesterName: input.requesterName,
            requesterContact: input.requesterContact,
            requesterCategory: input.requesterCategory,
            subjectName: input.subjectName || null,
            subjectIsMinor: input.subjectIsMinor,
            subjectRelation: input.subjectRelation || null,
            schoolId: input.schoolId,
            moduleName: module.name,
            moduleOwner: module.owner,
            schoolsScope: input.schoolsScope,
            summary: input.summary,
            ...allocationColumns(allocation),
            identityDocumentsReceived: input.identityDocumentsReceived,
            identityDocumentsMissing: input.identityDocumentsMissing,
            attachments: input.attachments,
            ...deadlines,
            processorReceivedOn: input.processorReceivedOn,
            createdAt: now,
          }),
          input.rights.map((right) => ({ id: newId(), requestId: id, right, outcome: null, refusalReason: null, erasureException: null, answeredOn: null })),
        );
        record(id, 'request.created', {
          reference,
          receivedOn: input.receivedOn,
          rights: input.rights,
          allocation,
          responseDeadline: deadlines.responseDeadline,
        });
        return detailOut(id);
      });
    },

    'requests.list': (input) => {
      const today = clock.today();
      const { sort, direction, offset, limit, urgency, statuses, party, openOnly, ...base } = input;
      const rows = store.listRequests({
        ...base,
        openOnly: openOnly || urgency !== undefined,
        ...(statuses ? { statuses } : {}),
        ...(party ? { party } : {}),
        ...(urgency ? { due: dueRange(urgency, today) } : {}),
        sort,
        direction,
        offset,
        limit,
      });
      const suspensions = store.getSuspensions(rows.map((r) => r.id));
      const calendars = store.getHolidayCalendars([...new Set(rows.map((r) => r.agreementId))]);
      // Total and facets from one grouped count over the filters other than status, party and urgency.
      const groups = store.requestGroups({ ...base, openOnly: false }, dueBounds(today));
      return {
        rows: rows.map((r) =>
          summaryOut(
            r,
            r.rights,
            suspensions.filter((s) => s.requestId === r.id),
            calendars.get(r.agreementId) ?? 'metropole',
            handoverOf(r, r.answeredOn.map((answeredOn) => ({ answeredOn }))),
            today,
          ),
        ),
        ...listFacets(groups, { statuses, party, urgency, openOnly }),
      };
    },

    'requests.get': (input) => detailOut(input.id),

    'requests.stats': (input) => {
      const today = clock.today();
      const scope: RequestFilter = { openOnly: false, ...(input.agreementId ? { agreementId: input.agreementId } : {}) };
      const firstMonth = format(subMonths(parseISO(today), 11), 'yyyy-MM');
      const counted = new Map(store.receivedByMonth(`${firstMonth}-01`, input.agreementId).map((m) => [m.month, m.count]));
      const receivedByMonth = Array.from({ length: 12 }, (_, i) => {
        const month = format(subMonths(parseISO(today), 11 - i), 'yyyy-MM');
        return { month, count: counted.get(month) ?? 0 };
      });
      const times = store.answerTimes(scope).map((t) => daysBetween(t.receivedOn, t.answeredOn));
      const agreements = input.agreementId ? [requireAgreement(input.agreementId)] : store.listAgreements();
      const byAgreement = agreements.map((a) => {
        const figures = openFigures(store.requestGroups({ openOnly: false, agreementId: a.id }, dueBounds(today)));
        const { overdue, dueSoon, suspended, toSettle } = figures;
        return { agreementId: a.id, name: a.name, open: figures.open.reduce((n, g) => n + g.count, 0), overdue, dueSoon, suspended, toSettle };
      });
      return {
        byAgreement,
        ...openFigures(store.requestGroups(scope, dueBounds(today))),
        pendingDecisions: store.countPendingDecisions(scope),
        receivedByMonth,
        medianAnswerDays: median(times),
        answeredCount: times.length,
      };
    },
  };
}
