// The renderer's only way to the service: a typed client over a transport.
// Desktop: the preload's window.api.call (IPC). Browser mode: HTTP to 127.0.0.1 with
// the per-launch token. Components never know which.
import type { ApiResult, CallInput, CallName, CallOutput } from '../../core/api/contract';

type Transport = (name: string, input: unknown) => Promise<ApiResult>;

declare global {
  interface Window {
    api?: { call(name: string, input: unknown): Promise<ApiResult> };
  }
}

const TOKEN_KEY = 'dsr-token';

function httpTransport(): Transport {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl);
  const token = fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  return async (name, input) => {
    try {
      const res = await fetch(`/api/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dsr-token': token },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as ApiResult;
    } catch {
      return {
        ok: false,
        error: {
          code: 'SERVICE_INJOIGNABLE',
          message: "Le service local ne répond pas : vérifiez que « npm run web » tourne toujours, puis rechargez la page.",
        },
      };
    }
  };
}

const transport: Transport = window.api ? (name, input) => window.api!.call(name, input) : httpTransport();

export function call<N extends CallName>(name: N, input: CallInput<N>): Promise<ApiResult<CallOutput<N>>> {
  return transport(name, input) as Promise<ApiResult<CallOutput<N>>>;
}
