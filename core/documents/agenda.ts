// The DPD meeting (seed 000 annex 1, 3.2.1: "Un point mensuel est programmé entre les Délégués
// à la protection des données (DPD) de chaque entité … Ce point a pour objectif : d'assurer la
// fluidité du processus et le respect des délais ; de faire un état des lieux des demandes en
// cours ; d'effectuer la répartition de la réponse entre les DPD"). The agenda is generated from
// the requests as they are, judged at the meeting's date; pure: the requests and the dates are
// passed in.
//
// Sections, and the texts each one rests on: agenda-generate.ts. Files: agenda-types.ts
// (decisions, meeting kinds, the request as the agenda sees it, sections and their groups),
// agenda-generate.ts (possible decisions, the agenda generated from the requests),
// agenda-html.ts (groups of sections, the printable page).
// This file is the module's public API: import from here ('…/agenda'), not from the files.
export {
  DECISION_KINDS,
  DECISION_LABELS,
  MEETING_FORMATS,
  MEETING_FORMAT_LABELS,
  MEETING_KINDS,
  SECTION_GROUPS,
  SECTION_KEYS,
  meetingKind,
  meetingTimeFr,
  meetingWhenHow,
  oneMonthBefore,
  oneMonthLater,
  type Agenda,
  type AgendaInput,
  type AgendaItem,
  type AgendaProcessor,
  type AgendaRequest,
  type AgendaSection,
  type DecisionKind,
  type MeetingFormat,
  type MeetingKind,
  type SectionKey,
} from './agenda-types';
export { SECTION_PRIORITY, generateAgenda, nextMeetingDefault, possibleDecisions } from './agenda-generate';
export { agendaGroups, agendaHtml, type MinutesLine } from './agenda-html';
