// Shared vocabulary of the domain (see ../shared/domain.md, "Glossary").
// Code in English; the French labels the user reads live next to each value.

/** 'YYYY-MM-DD', a calendar date in Europe/Paris. */
export type IsoDate = string;

export const PARTIES = ['commune', 'academie'] as const;
export type Party = (typeof PARTIES)[number];
export const PARTY_LABELS: Record<Party, string> = {
  commune: 'Commune',
  academie: 'Académie',
};

export const RIGHTS = ['access', 'rectification', 'erasure', 'objection', 'restriction', 'portability'] as const;
export type Right = (typeof RIGHTS)[number];
/** GDPR art. 15, 16, 17, 21, 18, 20. */
export const RIGHT_LABELS: Record<Right, string> = {
  access: 'Accès',
  rectification: 'Rectification',
  erasure: 'Effacement',
  objection: 'Opposition',
  restriction: 'Limitation',
  portability: 'Portabilité',
};

export const REQUESTER_CATEGORIES = [
  'teacher',
  'parent',
  'pupil',
  'commune-staff',
  'academie-staff',
  'other',
] as const;
export type RequesterCategory = (typeof REQUESTER_CATEGORIES)[number];
export const REQUESTER_CATEGORY_LABELS: Record<RequesterCategory, string> = {
  teacher: 'Enseignant',
  parent: "Parent d'élève",
  pupil: 'Élève',
  'commune-staff': 'Personnel communal',
  'academie-staff': 'Personnel académique',
  other: 'Autre',
};

/** Where the request was received. */
export const CHANNELS = ['commune', 'academie', 'processor', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  commune: 'Commune',
  academie: 'Académie',
  processor: "Éditeur de l'ENT",
  other: 'Autre',
};

/** How it came. */
export const MEDIA = ['letter', 'email', 'form', 'in-person'] as const;
export type Medium = (typeof MEDIA)[number];
export const MEDIUM_LABELS: Record<Medium, string> = {
  letter: 'Courrier',
  email: 'Courriel',
  form: 'Formulaire',
  'in-person': 'En personne',
};

export const PRESETS = ['versailles-fontenay', 'dsden13'] as const;
export type PresetId = (typeof PRESETS)[number];

export const HOLIDAY_CALENDARS = ['metropole', 'alsace-moselle'] as const;
export type HolidayCalendar = (typeof HOLIDAY_CALENDARS)[number];
export const HOLIDAY_CALENDAR_LABELS: Record<HolidayCalendar, string> = {
  metropole: 'Métropole',
  'alsace-moselle': 'Alsace-Moselle',
};

/** Request lifecycle (../shared/design.md, "Request lifecycle"). Transitions live in core/lifecycle.ts. */
export const STATUSES = [
  'received',
  'awaiting-documents',
  'in-progress',
  'extended',
  'answered',
  'closed',
  'handed-over',
  'inadmissible',
  'withdrawn',
  'cancelled',
] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<Status, string> = {
  received: 'Reçue',
  'awaiting-documents': 'En attente de pièces',
  'in-progress': 'En cours',
  extended: 'Prolongée',
  answered: 'Répondue',
  closed: 'Clôturée',
  'handed-over': 'Transmise',
  inadmissible: 'Irrecevable',
  withdrawn: 'Retirée',
  cancelled: 'Annulée',
};

/**
 * Statuses after which a request no longer counts as open in lists, figures and the agenda.
 * 'handed-over' is not one of them: the handing office keeps following the request (GDPR
 * art. 26(3): the person may exercise their rights against each controller) until it closes it.
 */
export const CLOSED_STATUSES: readonly Status[] = ['answered', 'closed', 'inadmissible', 'withdrawn', 'cancelled'];
/**
 * A request handed over to the co-controller (domain.md, "Handover"): the handing office keeps it
 * in its lists (a party's filter includes it, db/store.ts) and follows it until it closes it.
 */
export const HANDED_OVER_STATUS = 'handed-over' satisfies Status;
/** Statuses no action leads out of (but reopening, core/lifecycle.ts). */
export const FINAL_STATUSES: readonly Status[] = ['closed', 'inadmissible', 'withdrawn', 'cancelled'];
/**
 * A request typed by mistake (a duplicate, a test) is cancelled, never deleted: it leaves the
 * lists, figures and agenda, stays readable under the « annulées » filter with its history.
 */
export const CANCELLED_STATUS = 'cancelled' satisfies Status;
/** Statuses in which a right may receive its answer. */
export const ANSWERABLE_STATUSES: readonly Status[] = ['received', 'in-progress', 'extended', 'answered'];

/**
 * The processor clause of an agreement (seed 003 annex 2 X.4): forward a request within N working
 * days; delete or modify data within N calendar days "maximum" of the controller's instruction.
 * Seed 000 has none: its agreements carry null.
 */
export interface ProcessorClause {
  forwardWorkingDays: number;
  deletionDays: number;
}

/** GDPR art. 17(3): the points under which an erasure may be refused. */
export const ERASURE_EXCEPTIONS = ['a', 'b', 'c', 'd', 'e'] as const;
export type ErasureException = (typeof ERASURE_EXCEPTIONS)[number];

/** Outcome of one right asked. */
export const OUTCOMES = ['done', 'partly', 'refused', 'no-data'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  done: 'Fait',
  partly: 'Fait en partie',
  refused: 'Refusé (motivé)',
  'no-data': 'Aucune donnée détenue',
};
