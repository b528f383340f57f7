// Browser mode: the same service and the same UI over HTTP, on the loopback address only.
// The server only relays: the service runs in the backend's worker threads (electron/backend.ts).
// Every API call carries the per-launch token (header `x-dsr-token`); a call without it
// gets 401. A request whose Host or Origin is not this loopback address gets 403, so a
// web page elsewhere (or a DNS-rebinding trick) cannot drive the app. Every answer carries
// `nosniff`; a body over its limit is answered 413 and its connection closed (the rest is never
// kept); a body still incomplete after a few seconds gets 408; a malformed %-encoding, 400.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Service } from '../core/api/service';
import { CONTENT_SECURITY_POLICY } from './security';

const MAX_BODY = 2 * 1024 * 1024;
/** Exchange files (packages, invitations) travel in the body as base64: 64 MB packages, so up to 90 MB. */
const MAX_EXCHANGE_BODY = 90 * 1024 * 1024;
/** A request body still incomplete after this long is refused (408) and its connection closed. */
export const BODY_TIME_LIMIT_MS = 10_000;
/** After refusing a body, how long the client has to read the answer before the connection is cut. */
const CLOSE_GRACE_MS = 500;
/** Headers still incomplete after this long: Node closes the connection (slow-loris). */
const HEADERS_TIME_LIMIT_MS = 10_000;
// Also the register files an office imports (core/features/register, 20 MB at most).
const EXCHANGE_FILE_CALLS = new Set(['exchange.previewImport', 'exchange.import', 'exchange.previewJoin', 'exchange.join', 'register.preview', 'register.import', 'register.previewSchools', 'register.importSchools']);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface WebServer {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

/** Headers of every answer: the browser never guesses a type. */
const COMMON_HEADERS = { 'x-content-type-options': 'nosniff' } as const;

function send(res: ServerResponse, status: number, body: unknown, json = false, close = false): void {
  const data = json ? (body as string) : JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(data),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(data);
}

function refuse(res: ServerResponse, status: number, code: string, message: string, close = false): void {
  send(res, status, { ok: false, error: { code, message } }, false, close);
}

type Body = { ok: true; text: string } | { ok: false; reason: 'too-big' | 'too-slow' };

/**
 * The request body, or why it was given up: over `max` bytes (announced or sent), or not complete
 * within `timeLimitMs`. Given up, nothing more is kept: the caller answers and closes the connection.
 */
function readBody(req: IncomingMessage, max: number, timeLimitMs: number): Promise<Body> {
  return new Promise((resolveBody, reject) => {
    const announced = Number(req.headers['content-length']);
    if (Number.isFinite(announced) && announced > max) return resolveBody({ ok: false, reason: 'too-big' });
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (body: Body) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      req.pause();
      resolveBody(body);
    };
    const timer = setTimeout(() => stop({ ok: false, reason: 'too-slow' }), timeLimitMs);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) stop({ ok: false, reason: 'too-big' });
      else chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolveBody({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** A %-decoded path, or null when its %-encoding is malformed (answered 400, not 500). */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * After an answer marked `connection: close` to a request whose body is still coming: Node ends
 * such an answer with `socket.destroySoon()`, which closes the socket as soon as the answer is
 * written; with the client still sending, that is a reset, and the client loses the answer. So
 * this socket only ends its side (the client reads the answer, then the end) and is cut a moment
 * later. The rest of the body is never read.
 */
function closeAfterAnswer(socket: Socket): void {
  (socket as Socket & { destroySoon?: () => void }).destroySoon = () => {
    socket.end();
    setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  };
}

const BAD_ENCODING = "Adresse mal formée : un code %XX de l'adresse n'est pas valide.";

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `host`: the backend (electron/backend.ts: the service in its worker threads), to which calls
 * are relayed; its `callJson` answers are sent as they are. (Tests may pass an in-process service.)
 */
export function startWebServer(
  host: Service & { callJson?(name: string, input: unknown): Promise<string> },
  options: { port: number; rendererDir: string; token?: string; bodyTimeLimitMs?: number },
): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = resolve(options.rendererDir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`L'interface n'est pas construite (${join(root, 'index.html')} manque) : lancez « npm run build ».`);
  }
  let port = 0;

  const bodyTimeLimitMs = options.bodyTimeLimitMs ?? BODY_TIME_LIMIT_MS;

  const server = createServer(
    // Node checks its own limits (headers, whole request) at this interval, 30 s by default.
    { headersTimeout: HEADERS_TIME_LIMIT_MS, requestTimeout: HEADERS_TIME_LIMIT_MS + bodyTimeLimitMs, connectionsCheckingInterval: 1000 },
    (req, res) => {
      void handle(req, res).catch((e: unknown) => {
        // The detail (a Node error, in English) goes to the console, not to the page.
        console.error(e);
        if (!res.headersSent) refuse(res, 500, 'ERREUR_INTERNE', "Erreur du serveur local : l'appel n'a pas abouti. Réessayez ; si le problème persiste, relancez « npm run web ».");
        else res.destroy();
      });
    },
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!allowedHosts.includes(req.headers.host ?? '')) {
      return refuse(res, 403, 'HOTE_REFUSE', "Adresse refusée : l'application n'accepte que 127.0.0.1.");
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
      return refuse(res, 403, 'ORIGINE_REFUSEE', "Origine refusée : seule la page de l'application peut appeler le service.");
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    } catch {
      return refuse(res, 400, 'ADRESSE_INVALIDE', "Adresse mal formée : elle ne peut pas être lue.", true);
    }

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'METHODE_REFUSEE', 'Les appels au service se font en POST.');
      const given = req.headers['x-dsr-token'];
      if (!sameToken(typeof given === 'string' ? given : undefined, token)) {
        return refuse(res, 401, 'JETON_MANQUANT', "Jeton d'accès absent ou invalide : ouvrez l'adresse affichée au lancement de « npm run web ».");
      }
      const name = decodePath(url.pathname.slice('/api/'.length));
      if (name === null) return refuse(res, 400, 'ADRESSE_INVALIDE', BAD_ENCODING, true);
      const max = EXCHANGE_FILE_CALLS.has(name) ? MAX_EXCHANGE_BODY : MAX_BODY;
      const body = await readBody(req, max, bodyTimeLimitMs);
      if (!body.ok) {
        closeAfterAnswer(req.socket);
        return body.reason === 'too-big'
          ? refuse(res, 413, 'TROP_VOLUMINEUX', `Requête trop volumineuse (${max / 1024 / 1024} Mo au plus).`, true)
          : refuse(res, 408, 'DELAI_DEPASSE', `Requête trop lente : son contenu n'est pas arrivé en ${bodyTimeLimitMs / 1000} s. Réessayez.`, true);
      }
      let input: unknown;
      try {
        input = body.text.length ? JSON.parse(body.text) : {};
      } catch {
        return refuse(res, 400, 'JSON_INVALIDE', "Le corps de la requête n'est pas du JSON valide.");
      }
      if (host.callJson) return send(res, 200, await host.callJson(name, input), true);
      return send(res, 200, await host.call(name, input));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'METHODE_REFUSEE', 'Méthode refusée.');
    const decoded = decodePath(url.pathname);
    if (decoded === null) {
      res.writeHead(400, { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      res.end(BAD_ENCODING);
      return;
    }
    const relative = url.pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      res.end('Introuvable');
      return;
    }
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolveServer({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
