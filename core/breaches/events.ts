// The kinds of event a breach's journal holds, with the French label the timeline shows. Every
// step of a breach is one event, hash-chained like a request's (core/journal.ts), so a tampered
// or truncated history is detected.
export const BREACH_EVENT_TYPES = [
  'breach.declared',
  'breach.notified',
  'breach.updated',
  'breach.cnil-decided',
  'breach.notifying-party-confirmed',
  'breach.cnil-notified',
  'breach.persons-informed',
  'breach.closed',
  'breach.document',
] as const;
export type BreachEventType = (typeof BREACH_EVENT_TYPES)[number];

export const BREACH_EVENT_LABELS: Record<BreachEventType, string> = {
  'breach.declared': 'Violation déclarée au registre',
  'breach.notified': 'DPD et RSSI notifiés (formulaire de déclaration)',
  'breach.updated': 'Mise à jour du formulaire',
  'breach.cnil-decided': 'Décision sur la notification à la CNIL',
  'breach.notifying-party-confirmed': 'Partie qui notifie : confirmation',
  'breach.cnil-notified': 'Notification à la CNIL',
  'breach.persons-informed': 'Personnes concernées informées',
  'breach.closed': 'Incident résolu, violation close',
  'breach.document': 'Document produit',
};

/** What the breach screen says once a step is recorded: what was recorded, as a past participle. */
export const BREACH_EVENT_CONFIRMATIONS: Record<BreachEventType, string> = {
  'breach.declared': 'Violation déclarée',
  'breach.notified': 'Notification aux DPD et RSSI enregistrée',
  'breach.updated': 'Mise à jour du formulaire enregistrée',
  'breach.cnil-decided': 'Décision sur la notification à la CNIL enregistrée',
  'breach.notifying-party-confirmed': 'Confirmation de la partie qui notifie enregistrée',
  'breach.cnil-notified': 'Notification à la CNIL enregistrée',
  'breach.persons-informed': 'Information des personnes concernées enregistrée',
  'breach.closed': 'Violation close',
  'breach.document': 'Document enregistré',
};
