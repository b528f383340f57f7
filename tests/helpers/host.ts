import { startBackend, type Backend, type BackendOptions } from '../../electron/backend';
import { openHost, type Host } from '../../electron/host';
import type { ApiResult, CallInput, CallName, CallOutput } from '../../core/api/contract';
import type { Clock, Service } from '../../core/api/service';

/** A clock stopped at a given Paris date (noon UTC, so the Paris date is the same). */
export function fixedClock(today: string): Clock {
  return { today: () => today, now: () => `${today}T12:00:00.000Z` };
}

interface Checks {
  /** Calls and expects success: returns the value, or throws with the French message. */
  ok<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  /** Calls and expects a refusal: returns the error. */
  fail<N extends CallName>(name: N, input: unknown): Promise<Extract<ApiResult, { ok: false }>['error']>;
}

function checks(service: Service): Checks {
  return {
    async ok(name, input) {
      const r = await service.call(name, input);
      if (!r.ok) throw new Error(`${name} refusé : ${r.error.code} ${r.error.message}`);
      return r.value as never;
    },
    async fail(name, input) {
      const r = await service.call(name, input);
      if (r.ok) throw new Error(`${name} aurait dû être refusé, a rendu ${JSON.stringify(r.value)}`);
      return r.error;
    },
  };
}

export interface TestHost extends Host, Checks {}

/** The service in this thread (electron/host.ts), on a clock stopped at `today`. */
export function testHost(dataDir: string, today = '2026-11-25'): TestHost {
  const host = openHost(dataDir, { clock: fixedClock(today) });
  return { ...host, ...checks(host) };
}

export interface TestBackend extends Backend, Checks {}

/** The service as the hosts run it: in its worker threads (electron/backend.ts), clock stopped at `today`. */
export async function testBackend(dataDir: string, today = '2026-11-25', options: BackendOptions = {}): Promise<TestBackend> {
  const clock = fixedClock(today);
  return withChecks(await startBackend(dataDir, { today: clock.today(), now: clock.now(), ...options }));
}

/** A backend started otherwise (e.g. on the real clock), with the same checks. */
export function withChecks(backend: Backend): TestBackend {
  return { ...backend, ...checks(backend) };
}
