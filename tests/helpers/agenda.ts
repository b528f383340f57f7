import { MEETING_KINDS, type AgendaInput, type AgendaRequest } from '../../core/documents/agenda';

/**
 * An open request as the agenda sees it (core/documents/agenda.ts), received 01/11/2026, due
 * 01/12/2026, acknowledged, nothing suspended, handed over, asked of the processor or as a file.
 */
export const agendaRequest = (id: string, over: Partial<AgendaRequest> = {}): AgendaRequest => ({
  id,
  reference: `FAR-2026-${id.padStart(4, '0')}`,
  receivedOn: '2026-11-01',
  requesterName: `Demandeur ${id}`,
  subjectName: null,
  rights: ['access'],
  status: 'in-progress',
  open: true,
  party: 'academie',
  allocationStatus: 'decided',
  allocationReason: 'parent',
  dueOn: '2026-12-01',
  extensionNoticeDue: '2026-12-01',
  extendedDeadline: '2027-02-01',
  extended: false,
  extensionLate: false,
  extensionNotifiedOn: null,
  pending: null,
  closedOn: null,
  extensionDecidedOn: null,
  suspension: null,
  handedOver: null,
  acknowledgedOn: '2026-11-02',
  dataFile: { requestedOn: null, receivedOn: null, from: null },
  processor: null,
  ...over,
});

/** The agenda input of a Versailles / Fontenay meeting on 25/11/2026 (last one 28/10/2026). */
export const agendaInput = (requests: AgendaRequest[], over: Partial<AgendaInput> = {}): AgendaInput => ({
  meeting: MEETING_KINDS['versailles-fontenay'],
  agreementName: 'Académie de Versailles / Fontenay-aux-Roses',
  date: '2026-11-25',
  nextMeetingDate: null,
  lastMeetingDate: '2026-10-28',
  closedAfter: '2026-10-28',
  processorClause: null,
  holidayCalendar: 'metropole',
  participants: ['A', 'B'],
  otherItems: [],
  requests,
  ...over,
});
