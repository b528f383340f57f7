// The API contract: every call the UI can make, by name, with a zod schema for its input and
// its output. Both transports (Electron IPC, local HTTP) carry exactly these calls; the service
// (core/api/service.ts) implements one handler per name (a missing or extra handler is a type
// error). Each feature module under core/features/ declares its own calls; they are composed
// here, and a name declared by two features fails to compile (`Disjoint`) and is refused at
// load (`composeCalls`), so no call can silently replace another.
//
// This file is also the renderer's one door to the contract's types and schemas.
import type { z } from 'zod';
import { agreementCalls } from '../features/agreements/calls';
import { breachCalls } from '../features/breaches/calls';
import { backupCalls } from '../features/backups/calls';
import { documentCalls } from '../features/documents/calls';
import { exchangeCalls } from '../features/exchange/calls';
import { letterCalls } from '../features/letters/calls';
import { meetingCalls } from '../features/meetings/calls';
import { officeCalls } from '../features/office/calls';
import { requestActionCalls } from '../features/request-actions/calls';
import { registerCalls } from '../features/register/calls';
import { reportCalls } from '../features/reports/calls';
import { requestCalls } from '../features/requests/calls';
import { retentionCalls } from '../features/retention/calls';

export * from './schemas';
export * from '../features/office/calls';
export * from '../features/agreements/calls';
export * from '../features/requests/calls';
export * from '../features/request-actions/calls';
export * from '../features/documents/calls';
export * from '../features/letters/calls';
export * from '../features/meetings/calls';
export * from '../features/exchange/calls';
export * from '../features/breaches/calls';
export * from '../features/register/calls';
export * from '../features/reports/calls';
export * from '../features/backups/calls';
export * from '../features/retention/calls';

type CallSpec = { input: z.ZodType; output: z.ZodType };
type CallTable = Record<string, CallSpec>;

/** The tables in order, or a readable compile error naming a call declared twice. */
type Disjoint<T extends readonly CallTable[], Seen extends PropertyKey = never> = T extends readonly [
  infer H extends CallTable,
  ...infer R extends readonly CallTable[],
]
  ? [Extract<keyof H, Seen>] extends [never]
    ? readonly [H, ...Disjoint<R, Seen | keyof H>]
    : readonly [{ 'appel déclaré deux fois': Extract<keyof H, Seen> }]
  : readonly [];

type Merged<T extends readonly CallTable[]> = T extends readonly [infer H, ...infer R extends readonly CallTable[]] ? H & Merged<R> : unknown;

export function composeCalls<const T extends readonly CallTable[]>(...tables: T & Disjoint<T>): Merged<T> {
  const out: CallTable = {};
  for (const table of tables as readonly CallTable[]) {
    for (const [name, spec] of Object.entries(table)) {
      if (name in out) throw new Error(`Appel déclaré deux fois dans le contrat : « ${name} ».`);
      out[name] = spec;
    }
  }
  return out as Merged<T>;
}

export const contract = composeCalls(officeCalls, agreementCalls, requestCalls, requestActionCalls, letterCalls, documentCalls, meetingCalls, exchangeCalls, breachCalls, registerCalls, reportCalls, backupCalls, retentionCalls);

export type Contract = typeof contract;
export type CallName = keyof Contract & string;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallParsedInput<N extends CallName> = z.output<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;

/** The handlers of one table of calls: one function per name, typed by its schemas. */
export type HandlersOf<C extends CallTable> = {
  [N in keyof C]: (input: z.output<C[N]['input']>) => z.output<C[N]['output']> | Promise<z.output<C[N]['output']>>;
};

export interface ApiError {
  code: string;
  /** French, says what to fix. */
  message: string;
  /** Per-field messages (path joined with '.'), for forms. */
  fields?: Record<string, string>;
}
export type ApiResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiError };

export const CALL_NAMES = Object.keys(contract) as CallName[];
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
