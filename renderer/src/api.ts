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

/**
 * The per-launch token: read once from the address printed by « npm run web », kept in this tab's
 * sessionStorage (reloads), and removed from the address bar so it does not stay on screen, in
 * the history or in a copied link.
 */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  }
  return fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpTransport(): Transport {
  const token = takeToken();
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
