import { useCallback, useEffect, useState } from 'react';
import type { ApiError, CallInput, CallName, CallOutput } from '../../core/api/contract';
import { call } from './api';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; error: ApiError }
  | { state: 'ready'; value: T; stale: boolean };

/**
 * Calls the service when `input` changes (compared as JSON); `reload` calls again. While a new
 * input loads, the last value stays shown (no flicker) marked `stale`: a screen must not pair
 * it with the new input (e.g. « 51 à 55 » over the rows of page 1).
 */
export function useCall<N extends CallName>(name: N, input: CallInput<N> | null) {
  const key = input === null ? null : JSON.stringify(input);
  const [result, setResult] = useState<Loaded<CallOutput<N>>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (key === null) return;
    let live = true;
    setResult((r) => (r.state === 'ready' ? { ...r, stale: true } : { state: 'loading' }));
    void call(name, JSON.parse(key) as CallInput<N>).then((r) => {
      if (!live) return;
      setResult(r.ok ? { state: 'ready', value: r.value, stale: false } : { state: 'error', error: r.error });
    });
    return () => {
      live = false;
    };
  }, [name, key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return [result, reload] as const;
}
