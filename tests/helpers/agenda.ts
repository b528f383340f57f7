import type { AgendaRequest } from '../../core/documents/agenda';

/** An open request as the agenda sees it (core/documents/agenda.ts), received 01/11/2026, due 01/12/2026. */
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
  pending: null,
  closedOn: null,
  extensionDecidedOn: null,
  ...over,
});
