import { useEffect, useState } from 'react';

// Hash routes work the same from file:// (desktop) and http:// (browser mode).
export type Route =
  | { name: 'dashboard' }
  | { name: 'requests'; query: URLSearchParams }
  | { name: 'new-request' }
  | { name: 'request'; id: string }
  | { name: 'correct-request'; id: string }
  | { name: 'meetings' }
  | { name: 'meeting'; id: string }
  | { name: 'letter'; id: string; kind: string }
  | { name: 'letter-templates'; id: string }
  | { name: 'agreements' }
  | { name: 'agreement'; id: string }
  | { name: 'exchanges'; id: string }
  | { name: 'exchanges-index' }
  | { name: 'breaches'; query: URLSearchParams }
  | { name: 'new-breach' }
  | { name: 'breach'; id: string }
  | { name: 'settings' }
  | { name: 'register-import'; query: URLSearchParams }
  | { name: 'annual-report'; query: URLSearchParams }
  | { name: 'retention'; query: URLSearchParams };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'demandes':
      if (parts[1] === 'nouvelle') return { name: 'new-request' };
      if (parts[1] && parts[2] === 'corriger') return { name: 'correct-request', id: parts[1] };
      if (parts[1] && parts[2] === 'courrier' && parts[3]) return { name: 'letter', id: parts[1], kind: parts[3] };
      if (parts[1]) return { name: 'request', id: parts[1] };
      return { name: 'requests', query: new URLSearchParams(search) };
    case 'reunions':
      return parts[1] ? { name: 'meeting', id: parts[1] } : { name: 'meetings' };
    case 'conventions':
      if (parts[1] && parts[2] === 'modeles') return { name: 'letter-templates', id: parts[1] };
      if (parts[1] && parts[2] === 'echanges') return { name: 'exchanges', id: parts[1] };
      return parts[1] ? { name: 'agreement', id: parts[1] } : { name: 'agreements' };
    case 'violations':
      if (parts[1] === 'nouvelle') return { name: 'new-breach' };
      if (parts[1]) return { name: 'breach', id: parts[1] };
      return { name: 'breaches', query: new URLSearchParams(search) };
    case 'echanges':
      return { name: 'exchanges-index' };
    case 'registre':
      if (parts[1] === 'importer') return { name: 'register-import', query: new URLSearchParams(search) };
      if (parts[1] === 'rapport') return { name: 'annual-report', query: new URLSearchParams(search) };
      return { name: 'dashboard' };
    case 'conservation':
      return { name: 'retention', query: new URLSearchParams(search) };
    case 'parametres':
      return { name: 'settings' };
    default:
      return { name: 'dashboard' };
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function go(hash: string): void {
  window.location.hash = hash;
}

/** Like `go`, replacing the current history entry (search as you type: one entry, not one per word). */
export function replace(hash: string): void {
  window.location.replace(`${window.location.pathname}${window.location.search}${hash}`);
}

// The list's filters, kept for the session, so « Demandes » brings back the list as it was left
// (filters, sort, page) after opening a request.
const LIST_KEY = 'dsr-liste-demandes';

/** Remembers the list's query (its URL part after « ? »). */
export function rememberListQuery(query: string): void {
  try {
    sessionStorage.setItem(LIST_KEY, query);
  } catch {
    // Storage refused (private mode…): the list simply opens with its default filters.
  }
}

/** The address of the list as last left in this session. */
export function listHash(): string {
  let query: string | null = null;
  try {
    query = sessionStorage.getItem(LIST_KEY);
  } catch {
    query = null;
  }
  return query ? `#/demandes?${query}` : '#/demandes';
}
