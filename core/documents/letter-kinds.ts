// The letter kinds, their names, which of them decide, and who writes (the letterhead and the
// signatory of decisions). Part of the letters module: import from ./letters.

export const LETTER_KINDS = [
  'acknowledgement',
  'information-request',
  'clarification',
  'extension-notice',
  'answer-cover',
  'refusal',
  'handover',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** Button and document names (the UI tests rely on "Accusé de réception"). */
export const LETTER_LABELS: Record<LetterKind, string> = {
  acknowledgement: 'Accusé de réception',
  'information-request': 'Demande de pièces justificatives',
  clarification: 'Demande de précisions',
  'extension-notice': 'Notification de prolongation',
  'answer-cover': 'Lettre de réponse',
  /** Also the letter of an inadmissible request (art. 12(4), 12(5)). */
  refusal: 'Refus motivé',
  handover: 'Transmission au co-responsable',
};

/** Letters that decide: signed by the authority or its delegate, the DPD being the contact. */
export const DECIDING_KINDS: readonly LetterKind[] = ['extension-notice', 'answer-cover', 'refusal'];
export const isDecidingKind = (kind: LetterKind) => DECIDING_KINDS.includes(kind);

/** The office's letterhead (setting 'letterhead'): who writes, and the DPD to contact. */
export interface Letterhead {
  officeName: string;
  address: string;
  /** For the date line: "Versailles, le 26/11/2026". */
  city: string;
  dpdName: string;
  dpdEmail: string;
  dpdPhone: string;
}

/**
 * Who signs the letters that decide (extension, answer, refusal): the authority or its delegate.
 * Part of the letterhead; optional here so that a letterhead stored before it existed still
 * reads (a blank signatory is a "[à compléter : …]" marker in the signature).
 */
export interface Signatory {
  /** e.g. "Marie Durand". */
  signatoryName?: string;
  /** e.g. "Pour le recteur et par délégation, la secrétaire générale". */
  signatoryTitle?: string;
}

export type SignedLetterhead = Letterhead & Signatory;

export interface LetterTemplate {
  subject: string;
  body: string;
}
