// Letters to the requester: the kinds, their default French templates (one model per
// agreement, shipped as defaults and editable in the app: seed 000 annex 1, 3.2.1), the values
// a request gives to the placeholders, and the letter as a document (HTML for Chromium to print,
// blocks for the DOCX, plain text as the recipient reads it). Pure: the request, agreement,
// office and letterhead are passed in, as the domain types of letter-request.ts.
//
// What each letter must say comes from ../shared/domain.md, "What each letter must say"; the GDPR
// article each one cites is in its default template. For a minor pupil the letter is addressed to
// the requester (the holder of parental authority) and names the pupil as the person concerned.
// Letters that decide (extension, answer, refusal or inadmissibility) are signed by the authority
// or its delegate (letterhead: signatoryName, signatoryTitle); the DPD is the contact, and signs
// the others (acknowledgement, requests for documents or clarification, handover).
//
// These files know no API type: the service turns the API's RequestDetail into a LetterRequest
// with the adapter of letter-input.ts (`letterRequestFromDetail(detail, agreement)`) and passes
// that in the LetterContext.
//
// Files: letter-kinds.ts (kinds, names, deciding kinds, letterhead and signatory),
// letter-templates.ts (the default French templates), letter-values.ts (the context, the values
// of a request, the extension-notice check, the data gaps), letter-doc.ts (blocks, signature,
// the letter as a document, its HTML and plain text); the domain input is letter-request.ts.
// This file is the module's public API: import from here ('…/letters'), not from the files.
export {
  ERASURE_EXCEPTIONS,
  ERASURE_EXCEPTION_TEXTS,
  PROPORTIONATE_IDENTITY_DOCUMENTS,
  portabilityWarning,
  proportionateDocuments,
  stripInternalNotes,
  type ErasureException,
  type LetterAgreement,
  type LetterOutcome,
  type LetterRequest,
  type LetterRight,
} from './letter-request';
export {
  DECIDING_KINDS,
  LETTER_KINDS,
  LETTER_LABELS,
  isDecidingKind,
  type LetterKind,
  type LetterTemplate,
  type Letterhead,
  type Signatory,
  type SignedLetterhead,
} from './letter-kinds';
export { DEFAULT_TEMPLATES } from './letter-templates';
export { extensionNoticeStatus, letterDataGaps, letterRequestOf, letterValues, partyPhrase, type LetterContext } from './letter-values';
export {
  documentHtml,
  draftLetter,
  hasMissingMarks,
  letterDoc,
  letterHtml,
  letterInnerHtml,
  letterMissing,
  letterPlainText,
  letterSignature,
  signatureLines,
  textBlocks,
  type Block,
  type DraftedLetter,
  type LetterDoc,
  type LetterSignature,
} from './letter-doc';
