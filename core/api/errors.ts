import type { ApiError } from './contract';

/** A refusal the user can act on: `message` is French and says what to fix. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }

  toApiError(): ApiError {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}

export const notFound = (what: string) => new AppError('INTROUVABLE', `${what} introuvable : elle a peut-être été supprimée, ou l'identifiant est erroné.`);
