// A new request's row, as intake (requests.create) and the register import (register.import)
// write it: the columns the caller knows, every other one empty as a new request starts, and
// the search text made from them. Pure.
import type { RequestRow } from '../../api/store';
import { requestSearchText } from '../../search';

/** The letter of the office that mints a reference: FAR-A-2026-0001 (académie), FAR-C-2026-0001 (commune). */
export const REF_OFFICE = { academie: 'A', commune: 'C' } as const;

/** The columns a new request always gets from its caller. */
type Given = Pick<
  RequestRow,
  | 'id'
  | 'agreementId'
  | 'reference'
  | 'year'
  | 'seq'
  | 'refOffice'
  | 'receivedOn'
  | 'channel'
  | 'medium'
  | 'requesterName'
  | 'requesterContact'
  | 'requesterCategory'
  | 'subjectName'
  | 'schoolId'
  | 'summary'
  | 'allocationParty'
  | 'allocationStatus'
  | 'allocationRuleId'
  | 'allocationReason'
  | 'allocationState'
  | 'responseDeadline'
  | 'extendedDeadline'
  | 'dueOn'
  | 'createdAt'
>;

/** The columns a caller may set (intake's optional facts, an imported line's status); absent: empty. */
type Optional = Partial<
  Pick<
    RequestRow,
    | 'subjectIsMinor'
    | 'subjectRelation'
    | 'moduleName'
    | 'moduleOwner'
    | 'schoolsScope'
    | 'identityDocumentsReceived'
    | 'identityDocumentsMissing'
    | 'attachments'
    | 'status'
    | 'closedOn'
    | 'processorReceivedOn'
  >
>;

export function newRequestRow(given: Given & Optional): RequestRow {
  return {
    subjectIsMinor: null,
    subjectRelation: null,
    moduleName: null,
    moduleOwner: null,
    schoolsScope: null,
    preemption: null,
    anonymisedOn: null,
    journalHead: null,
    eventCount: 0,
    identityDocumentsReceived: [],
    identityDocumentsMissing: [],
    attachments: [],
    extended: false,
    extensionReasons: null,
    extensionNotifiedOn: null,
    acknowledgedOn: null,
    status: 'received',
    closedOn: null,
    processorReceivedOn: null,
    processorDeletionInstructedOn: null,
    processorForwardedOn: null,
    processorDeletedOn: null,
    processorDeletionCertificate: null,
    dataFileRequestedOn: null,
    dataFileReceivedOn: null,
    ...given,
    searchText: requestSearchText(given),
    updatedAt: given.createdAt,
  };
}
