import { openHost, type Host } from '../../electron/host';
import type { ApiResult, CallInput, CallName, CallOutput } from '../../core/api/contract';
import type { Clock } from '../../core/api/service';

/** A clock stopped at a given Paris date (noon UTC, so the Paris date is the same). */
export function fixedClock(today: string): Clock {
  return { today: () => today, now: () => `${today}T12:00:00.000Z` };
}

export interface TestHost extends Host {
  /** Calls and expects success: returns the value, or throws with the French message. */
  ok<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  /** Calls and expects a refusal: returns the error. */
  fail<N extends CallName>(name: N, input: unknown): Promise<Extract<ApiResult, { ok: false }>['error']>;
}

export function testHost(dataDir: string, today = '2026-11-25'): TestHost {
  const host = openHost(dataDir, { clock: fixedClock(today) });
  return {
    ...host,
    async ok(name, input) {
      const r = await host.call(name, input);
      if (!r.ok) throw new Error(`${name} refusé : ${r.error.code} ${r.error.message}`);
      return r.value as never;
    },
    async fail(name, input) {
      const r = await host.call(name, input);
      if (r.ok) throw new Error(`${name} aurait dû être refusé, a rendu ${JSON.stringify(r.value)}`);
      return r.error;
    },
  };
}
