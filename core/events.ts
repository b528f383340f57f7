// The kinds of event a request's journal holds: one typed list that the service writes, the
// history shows, the letters read and the exchange between offices carries. A new kind is added
// here first, with its French label, or nothing compiles.
export const EVENT_TYPES = [
  'request.created',
  'request.corrected',
  'request.cancelled',
  'suspension.opened',
  'suspension.closed',
  'deadline.extended',
  'allocation.preemption-claimed',
  'allocation.settlement-proposed',
  'allocation.validated',
  'allocation.decision-cancelled',
  'request.handed-over',
  'right.answered',
  'status.changed',
  'data-file.recorded',
  'processor.deletion-instructed',
  'processor.done',
  'letter.sent',
  'meeting.decision',
  'conflict.resolved',
  'request.anonymised',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_LABELS: Record<EventType, string> = {
  'request.created': 'Demande enregistrée',
  'request.corrected': 'Saisie corrigée',
  'request.cancelled': 'Demande annulée (saisie par erreur)',
  'suspension.opened': 'Pièces ou précisions demandées',
  'suspension.closed': 'Pièces ou précisions reçues',
  'deadline.extended': 'Délai prolongé de deux mois',
  'allocation.preemption-claimed': 'Préemption demandée',
  'allocation.settlement-proposed': 'Arbitrage proposé',
  'allocation.validated': 'Validation de la répartition',
  'allocation.decision-cancelled': 'Préemption ou arbitrage abandonné',
  'request.handed-over': 'Transmise au co-responsable',
  'right.answered': 'Suite donnée à un droit',
  'status.changed': 'Statut modifié',
  'data-file.recorded': 'Fichier des données (format structuré)',
  'processor.deletion-instructed': "Effacement demandé à l'éditeur",
  'processor.done': "Action de l'éditeur enregistrée",
  'letter.sent': 'Courrier enregistré',
  'meeting.decision': 'Décision de la réunion des DPD',
  'conflict.resolved': 'Divergence entre offices tranchée',
  'request.anonymised': 'Demande anonymisée (durée de conservation écoulée)',
};


/**
 * What the screen says once an action is recorded: a past participle naming what was recorded
 * (« Prolongation enregistrée »), never the button's infinitive (« Enregistré : prolonger… »).
 */
export const EVENT_CONFIRMATIONS: Record<EventType, string> = {
  'request.created': 'Demande enregistrée',
  'request.corrected': 'Correction enregistrée',
  'request.cancelled': 'Demande annulée',
  'suspension.opened': 'Demande de pièces ou de précisions enregistrée',
  'suspension.closed': 'Réception des pièces ou précisions enregistrée',
  'deadline.extended': 'Prolongation enregistrée',
  'allocation.preemption-claimed': 'Préemption enregistrée',
  'allocation.settlement-proposed': 'Arbitrage enregistré',
  'allocation.validated': 'Validation enregistrée',
  'allocation.decision-cancelled': 'Abandon enregistré',
  'request.handed-over': 'Transmission enregistrée',
  'right.answered': 'Suite enregistrée',
  'status.changed': 'Changement de statut enregistré',
  'data-file.recorded': 'Fichier des données enregistré',
  'processor.deletion-instructed': "Instruction d'effacement enregistrée",
  'processor.done': "Action de l'éditeur enregistrée",
  'letter.sent': 'Courrier enregistré',
  'meeting.decision': 'Décision de la réunion enregistrée',
  'conflict.resolved': 'Divergence tranchée',
  'request.anonymised': 'Demande anonymisée',
};
