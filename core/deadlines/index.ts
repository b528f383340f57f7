// Deadline engine: every "à répondre avant le …" the product shows comes from here.
// Rules: ../shared/deadlines.md (the product's reading of GDPR art. 12(3), Regulation (EEC,
// Euratom) No 1182/71 art. 3, decree n° 2019-536, and the agreements' own time limits).
// Pure: no clock (today is a parameter), no platform API. Dates are day numbers (core/holidays.ts
// says why, and the tests check that arithmetic against date-fns); French formatting is date-fns.
//
// Files: types.ts (suspension, urgency, input error), dates.ts (reading dates, input checks),
// working-days.ts (working days, roll forward, periods in days), hours.ts (instants, periods in
// hours, Paris time), suspensions.ts (decree n° 2019-536), response.ts (response deadline and
// its explanation), countdown.ts (days left, urgency, computeDeadlines), extension.ts
// (checkExtension), processor.ts (the processor's contract deadlines).
// This file is the module's public API: import from here ('…/deadlines'), not from the files.

export { easterSunday, frenchPublicHolidays, type PublicHoliday } from '../holidays';
export {
  contractNotRolledNote,
  explanationText,
  formatDateFr,
  formatDateLongFr,
  type Explanation,
  type ExplanationStep,
  type NonWorkingDay,
} from '../explain';
export {
  DUE_SOON_DAYS,
  DeadlineInputError,
  type DeadlineErrorCode,
  type Suspension,
  type SuspensionKind,
  type Urgency,
} from './types';
export { assertIsoDate, isIsoDate } from './dates';
export { addWorkingDays, calendarDaysDeadline, isWorkingDay, nonWorkingDay, rollForward } from './working-days';
export { formatParisDateTime, hoursDeadline, isIsoInstant, parisDateOf } from './hours';
export { deadlineDates, explainDeadline, responseDeadline, type ResponseDeadlineInput } from './response';
export {
  computeDeadlines,
  daysBetween,
  daysRemaining,
  urgencyOf,
  type DaysLeft,
  type Deadlines,
  type DeadlinesInput,
} from './countdown';
export { checkExtension, type ExtensionCheck } from './extension';
export {
  PROCESSOR_DELETION_DAYS,
  PROCESSOR_FORWARD_WORKING_DAYS,
  deletionDeadline,
  isProcessorDeadlineLate,
  processorDeadlines,
} from './processor';
