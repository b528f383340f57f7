// What the hosts (Electron, browser mode) raise to the service, and the limits they share with it.
import { DomainError } from '../errors';

export const PDF_UNAVAILABLE_MESSAGE =
  "Aucun navigateur de la famille Chromium (Chromium, Google Chrome ou Microsoft Edge) n'a été trouvé sur cet ordinateur : le PDF ne peut pas être produit ici. Utilisez « Imprimer » et choisissez « Enregistrer au format PDF » dans la boîte d'impression du navigateur.";

/** No Chromium-family browser to print with: the UI then offers the browser's print dialog. */
export class PdfUnavailableError extends DomainError {
  constructor(message: string = PDF_UNAVAILABLE_MESSAGE) {
    super('NAVIGATEUR_ABSENT', message);
  }
}

/** A workbook that could not be read (too big, too slow, not a workbook): French message. */
export class WorkbookReadError extends DomainError {
  constructor(message: string) {
    super('CLASSEUR_ILLISIBLE', message);
  }
}

/** Largest workbook read back (bytes): a meeting workbook is a few dozen kilobytes. */
export const MAX_WORKBOOK_BYTES = 1_000_000;

/** Largest register file imported (bytes): 10,000 requests in CSV are about 3 MB. */
export const MAX_REGISTER_BYTES = 20_000_000;
/** Most lines of a register read (the header line excepted). */
export const MAX_REGISTER_ROWS = 50_000;
