// The service: the feature modules' handler tables composed into one, given the ports (store,
// clock, id source, the hosts' PDF and workbook readers). Every call is validated against the
// contract's input schema and every answer against its output schema; every refusal is
// { ok: false, error } with a French message. A DomainError (core/errors.ts) is a refusal the
// user can act on; anything else is an internal error, and since every write runs in one
// transaction inside the handler, nothing was written (a read's says the reading failed).
import type { z } from 'zod';
import { DomainError } from '../errors';
import { createAgreementHandlers } from '../features/agreements/handlers';
import { createBreachHandlers } from '../features/breaches/handlers';
import { createRetentionHandlers } from '../features/retention/handlers';
import { createBackupHandlers } from '../features/backups/handlers';
import { createDocumentHandlers } from '../features/documents/handlers';
import { createExchangeHandlers } from '../features/exchange/handlers';
import { createLetterHandlers } from '../features/letters/handlers';
import { createMeetingHandlers } from '../features/meetings/handlers';
import { createOfficeHandlers } from '../features/office/handlers';
import { createRequestActionHandlers } from '../features/request-actions/handlers';
import { createRegisterHandlers } from '../features/register/handlers';
import { createReportHandlers } from '../features/reports/handlers';
import { createRequestHandlers } from '../features/requests/handlers';
import { createContext, type ServiceDeps } from './context';
import { contract, isCallName, type ApiError, type ApiResult, type CallName, type HandlersOf } from './contract';

export type { Clock, ServiceDeps } from './context';

export interface Service {
  call(name: string, input: unknown): Promise<ApiResult>;
}

/** Turns zod issues into one French message plus a message per field. */
export function validationError(error: z.ZodError): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    const message =
      issue.code === 'unrecognized_keys' ? `Champ(s) inconnu(s) : ${issue.keys.map((k) => `« ${k} »`).join(', ')}.` : issue.message;
    fields[key] ??= message;
  }
  const messages = [...new Set(Object.values(fields))];
  return { code: 'ENTREE_INVALIDE', message: `À corriger : ${messages.join(' ')}`, fields };
}

const refusal = (e: DomainError): ApiError => (e.fields ? { code: e.code, message: e.message, fields: e.fields } : { code: e.code, message: e.message });

/**
 * The calls that only read. Their internal errors say the reading failed (nothing was to be
 * saved), a write's say nothing was saved. A call missing here is taken for a write, whose
 * message stays true either way; tests/api/fuzz.test.ts checks that none of these changes the
 * database. (exchange.status is not one: it first joins to this office's chain the events
 * written before the office had an identity, core/features/exchange/handlers.ts.)
 */
export const READ_CALLS: ReadonlySet<CallName> = new Set<CallName>([
  'app.info',
  'office.get',
  'agreements.presets',
  'agreements.list',
  'agreements.get',
  'schools.list',
  'schools.toReview',
  'requests.list',
  'requests.get',
  'requests.stats',
  'retention.overview',
  'letterhead.get',
  'letters.templates',
  'letters.draft',
  'documents.list',
  'documents.download',
  'meetings.list',
  'meetings.get',
  'meetings.previewImport',
  'exchange.identity',
  'exchange.invitation',
  'exchange.previewJoin',
  'exchange.previewImport',
  'register.preview',
  'register.previewSchools',
  'reports.annual',
  'reports.annualFile',
]);

/** What an unexpected failure (a bug, a disk error) tells the user, read or write. */
export function internalError(name: CallName, e: unknown): ApiError {
  const detail = e instanceof Error ? e.message : String(e);
  return READ_CALLS.has(name)
    ? { code: 'ERREUR_INTERNE', message: `La lecture n'a pas abouti : rechargez l'écran ; si le problème persiste, redémarrez l'application. Détail technique : ${detail}` }
    : { code: 'ERREUR_INTERNE', message: `L'opération n'a pas abouti et rien n'a été enregistré. Détail technique : ${detail}` };
}

export function createService(deps: ServiceDeps): Service {
  const ctx = createContext(deps);
  const letters = createLetterHandlers(ctx);
  // One table: a name missing or in excess is a type error (the contract composes the same tables).
  const handlers: HandlersOf<typeof contract> = {
    ...createOfficeHandlers(ctx),
    ...createAgreementHandlers(ctx),
    ...createRequestHandlers(ctx),
    ...createRequestActionHandlers(ctx),
    ...letters.handlers,
    ...createDocumentHandlers(ctx),
    ...createMeetingHandlers(ctx, letters.letterheadFor),
    ...createExchangeHandlers(ctx),
    ...createBreachHandlers(ctx, letters.letterheadFor),
    ...createRegisterHandlers(ctx),
    ...createReportHandlers(ctx),
    ...createBackupHandlers(ctx),
    ...createRetentionHandlers(ctx),
  };

  return {
    async call(name, rawInput) {
      if (!isCallName(name)) {
        return { ok: false, error: { code: 'APPEL_INCONNU', message: `Appel inconnu : « ${String(name)} ».` } };
      }
      const spec = contract[name as CallName];
      const parsed = spec.input.safeParse(rawInput ?? {});
      if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
      let value: unknown;
      try {
        // An agreement named by a call must exist, whatever the call (a list filtered on an
        // unknown agreement is not an empty list): INTROUVABLE everywhere.
        const agreementId = (parsed.data as { agreementId?: unknown }).agreementId;
        if (typeof agreementId === 'string') ctx.requireAgreement(agreementId);
        value = await (handlers[name] as (input: unknown) => unknown)(parsed.data);
      } catch (e) {
        if (e instanceof DomainError) return { ok: false, error: refusal(e) };
        return { ok: false, error: internalError(name, e) };
      }
      // The answer is checked too: a handler never sends the UI something off-contract. The
      // handler's writes are committed by now, so a failure here says so.
      const checked = spec.output.safeParse(value);
      if (checked.success) return { ok: true, value: checked.data };
      return {
        ok: false,
        error: {
          code: 'REPONSE_INVALIDE',
          message: "L'opération a été enregistrée, mais sa réponse n'a pas pu être vérifiée : rechargez l'écran pour voir l'état enregistré.",
        },
      };
    },
  };
}
