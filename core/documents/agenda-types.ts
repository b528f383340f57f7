// The agenda's vocabulary: the decisions a meeting may take, what each agreement calls its
// meeting, a request as the agenda and the minutes see it, the sections and their groups, the
// agenda itself and what it is generated from. Part of the agenda module: import from ./agenda.
import { addMonths, format, parseISO } from 'date-fns';
import type { HolidayCalendar, IsoDate, Party, PresetId, ProcessorClause, Right, Status } from '../domain';

/** What the meeting may decide on a line (see minutes.ts). */
export const DECISION_KINDS = ['settle-commune', 'settle-academie', 'preemption-validated', 'preemption-refused', 'extension-decided', 'comment'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const DECISION_LABELS: Record<DecisionKind, string> = {
  'settle-commune': 'Arbitrage : commune',
  'settle-academie': 'Arbitrage : académie',
  'preemption-validated': 'Préemption validée',
  'preemption-refused': 'Préemption refusée',
  'extension-decided': 'Prolongation décidée',
  comment: 'Commentaire',
};

/** What an agreement calls its DPD meeting, and what the meeting is for, in its own words. */
/** How a meeting is held: in person, by video or by phone. */
export const MEETING_FORMATS = ['in-person', 'video', 'phone'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];
/** « Réunion en présentiel », « … en visioconférence », « … par téléphone ». */
export const MEETING_FORMAT_LABELS: Record<MeetingFormat, string> = {
  'in-person': 'en présentiel',
  video: 'en visioconférence',
  phone: 'par téléphone',
};

/** A meeting's time as stored (« 14:30 ») written the French way: « 14 h 30 », « 9 h ». */
export function meetingTimeFr(time: string): string {
  const [h = '', m = ''] = time.split(':');
  return `${Number(h)} h${m === '00' ? '' : ` ${m}`}`;
}

/** When and how, for a heading line: « le 14/12/2026 à 14 h 30, en visioconférence ». Either may be missing. */
export function meetingWhenHow(time: string | null | undefined, format: MeetingFormat | null | undefined): string {
  return [time ? `à ${meetingTimeFr(time)}` : '', format ? MEETING_FORMAT_LABELS[format] : ''].filter(Boolean).join(', ');
}

export interface MeetingKind {
  /** "Point mensuel des DPD", or "Réunion des DPD" where the agreement has no monthly meeting. */
  title: string;
  /** Its name on screen, before the date: "Point mensuel du …", "Réunion des DPD du …". */
  shortTitle: string;
  /** The decisions' wording: "au point mensuel du …" / "à la réunion des DPD du …". */
  at: string;
  /** The "Objet" line of the agenda, citing the agreement. */
  purpose: string;
}

export const MEETING_KINDS: Record<PresetId, MeetingKind> = {
  // Seed 000 annex 1, 3.2.1: "Un point mensuel est programmé entre les DPD de chaque entité."
  'versailles-fontenay': {
    title: 'Point mensuel des DPD',
    shortTitle: 'Point mensuel',
    at: 'au point mensuel',
    purpose:
      'Objet (convention, annexe 1, § 3.2.1) : fluidité du processus et respect des délais, état des lieux des demandes en cours, répartition de la réponse entre les DPD.',
  },
  // Seed 003 art. 4: a steering committee "se réunit à minima une fois par an"; the agreement
  // provides for no monthly meeting (domain.md, preset "DSDEN 13"). Meetings the DPDs hold all
  // the same are called what they are, a DPD meeting.
  dsden13: {
    title: 'Réunion des DPD',
    shortTitle: 'Réunion des DPD',
    at: 'à la réunion des DPD',
    purpose:
      'Objet : suivi conjoint des demandes d’exercice des droits (convention, art. 8) : délais, demandes en cours, répartition de la réponse ; la gouvernance de la convention relève du comité de pilotage (art. 4).',
  },
};

export const meetingKind = (preset: PresetId): MeetingKind => MEETING_KINDS[preset] ?? MEETING_KINDS.dsden13;

/** What the processor did for a request, and by when (seed 003 annex 2 X.4). */
export interface AgendaProcessor {
  /** When the request reached the processor, and the date by which it had to forward it. */
  receivedOn: IsoDate | null;
  forwardBy: IsoDate | null;
  forwardedOn: IsoDate | null;
  /** When the controller instructed a deletion, and the date by which it had to be done. */
  deletionInstructedOn: IsoDate | null;
  deleteBy: IsoDate | null;
  /** The clause's date falls on a non-working day and is not moved (deadlines.md, algorithm 8). */
  deleteByNote: string | null;
  deletedOn: IsoDate | null;
  /** Reference of the deletion certificate ("certificat de suppression"), once received. */
  certificate: string | null;
}

/** A request as the agenda and the minutes see it. */
export interface AgendaRequest {
  id: string;
  reference: string;
  receivedOn: IsoDate;
  requesterName: string;
  subjectName: string | null;
  rights: Right[];
  status: Status;
  open: boolean;
  party: Party | null;
  allocationStatus: 'decided' | 'to-settle';
  allocationReason: string;
  /** The deadline in force; null while suspended. */
  dueOn: IsoDate | null;
  extensionNoticeDue: IsoDate | null;
  extendedDeadline: IsoDate | null;
  /** An extension is recorded (in force or not). */
  extended: boolean;
  /**
   * The extension was notified after the one-month deadline: it has no effect and the deadline
   * in force stays the one-month one (deadlines.md, algorithm 6).
   */
  extensionLate: boolean;
  extensionNotifiedOn: IsoDate | null;
  pending: { kind: 'preemption' | 'settlement'; party: Party; claimedBy: Party; reason: string; missing: Party[] } | null;
  /** Closing date (closed, withdrawn…) or date of the last answer (answered). */
  closedOn: IsoDate | null;
  /** An extension decided at a meeting and not recorded on the request yet. */
  extensionDecidedOn: IsoDate | null;
  /** The open identity suspension (decree 2019-536): since when, and what was asked. */
  suspension: { since: IsoDate; what: string } | null;
  /** Handed over to the co-controller (GDPR art. 26(3)): when, and to whom. */
  handedOver: { on: IsoDate; to: Party | null } | null;
  /** When the acknowledgement was sent; null: none recorded. */
  acknowledgedOn: IsoDate | null;
  /** The machine-readable personal-data file (seed 000 annex 1, 3.2.1). */
  dataFile: { requestedOn: IsoDate | null; receivedOn: IsoDate | null; from: string | null };
  /** Null where the agreement has no processor clause or nothing reached the processor. */
  processor: AgendaProcessor | null;
}

export const SECTION_KEYS = [
  'overdue',
  'due-soon',
  'extensions',
  'suspended',
  'processor',
  'open',
  'handed-over',
  'unacknowledged',
  'data-files',
  'to-settle',
  'pending',
  'closed',
  'other',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export interface AgendaItem {
  /** Stable within the agenda: section key + request id, or 'other-<n>'. */
  key: string;
  requestId: string | null;
  reference: string | null;
  receivedOn: IsoDate | null;
  requester: string;
  subject: string | null;
  rights: string;
  status: string;
  party: string;
  dueOn: IsoDate | null;
  /** One French sentence: why the line is on the agenda. */
  note: string;
  decisions: DecisionKind[];
}

export interface AgendaSection {
  key: SectionKey;
  number: string;
  title: string;
  empty: string;
  items: AgendaItem[];
}

export interface Agenda {
  /** The meeting's name (MeetingKind) and purpose, as the agreement provides. */
  title: string;
  shortTitle: string;
  purpose: string;
  agreementName: string;
  date: IsoDate;
  /** The meeting's time (« 14:30 ») and format, from the meeting itself (set by agendaOf); absent in agendas made before. */
  time?: string | null;
  format?: MeetingFormat | null;
  nextDate: IsoDate;
  lastMeetingDate: IsoDate | null;
  participants: string[];
  /** Open requests per proposed party and status. */
  openCounts: { party: string; status: string; count: number }[];
  sections: AgendaSection[];
}

export interface AgendaInput {
  meeting: MeetingKind;
  agreementName: string;
  date: IsoDate;
  /** The next meeting planned for the agreement, if any (else one month later). */
  nextMeetingDate: IsoDate | null;
  /** The last earlier meeting whose minutes were recorded. */
  lastMeetingDate: IsoDate | null;
  /** Section 4 lists requests closed after this date: the last meeting's, else one month before. */
  closedAfter: IsoDate;
  /** The agreement's public holidays: the default next meeting falls on a working day. */
  holidayCalendar: HolidayCalendar;
  /** The agreement's processor clause (seed 003 annex 2 X.4); null: no section 1.5. */
  processorClause: ProcessorClause | null;
  participants: string[];
  otherItems: string[];
  requests: AgendaRequest[];
}

export const oneMonthLater = (date: IsoDate): IsoDate => format(addMonths(parseISO(date), 1), 'yyyy-MM-dd');
export const oneMonthBefore = (date: IsoDate): IsoDate => format(addMonths(parseISO(date), -1), 'yyyy-MM-dd');

export const SECTION_GROUPS: { number: string; title: string; keys: SectionKey[] }[] = [
  { number: '1', title: 'Échéances', keys: ['overdue', 'due-soon', 'extensions', 'suspended', 'processor'] },
  { number: '2', title: 'État des demandes en cours', keys: ['open', 'handed-over', 'unacknowledged', 'data-files'] },
  { number: '3', title: 'Répartition des réponses', keys: ['to-settle', 'pending'] },
  { number: '4', title: 'Demandes clôturées', keys: ['closed'] },
  { number: '5', title: 'Questions diverses', keys: ['other'] },
];
