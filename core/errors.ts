// One base class for every refusal the domain raises: a code and a French message saying what
// to fix, plus a message per input field for forms. The service maps any DomainError to
// `{ ok: false, error }`; anything else is an internal error.

/** A refusal the user can act on: `message` is French and says what to fix. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The refusal for an id that names nothing (a deleted record, a mistyped id). */
export const notFound = (what: string) =>
  new DomainError('INTROUVABLE', `${what} introuvable : l'identifiant ne correspond à rien dans ce registre (erroné, ou d'un autre registre).`);
