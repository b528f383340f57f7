// Browser mode: the same service and the same UI over HTTP, on the loopback address only.
// The server only relays: the service runs in the backend's worker threads (electron/backend.ts).
// Every API call carries the per-launch token (header `x-dsr-token`); a call without it
// gets 401. A request whose Host or Origin is not this loopback address gets 403, so a
// web page elsewhere (or a DNS-rebinding trick) cannot drive the app.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Service } from '../core/api/service';
import { CONTENT_SECURITY_POLICY } from './security';

const MAX_BODY = 2 * 1024 * 1024;
/** Exchange files (packages, invitations) travel in the body as base64: 64 MB packages, so up to 90 MB. */
const MAX_EXCHANGE_BODY = 90 * 1024 * 1024;
const EXCHANGE_FILE_CALLS = new Set(['exchange.previewImport', 'exchange.import', 'exchange.previewJoin', 'exchange.join']);

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

function send(res: ServerResponse, status: number, body: unknown, json = false): void {
  const data = json ? (body as string) : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(data),
  });
  res.end(data);
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { ok: false, error: { code, message } });
}

function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is read and dropped, so the client gets its 413 answer.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    req.on('end', () => resolveBody(size > max ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

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
  options: { port: number; rendererDir: string; token?: string },
): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = resolve(options.rendererDir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`L'interface n'est pas construite (${join(root, 'index.html')} manque) : lancez « npm run build ».`);
  }
  let port = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) refuse(res, 500, 'ERREUR_INTERNE', `Erreur du serveur local : ${(e as Error).message}`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!allowedHosts.includes(req.headers.host ?? '')) {
      return refuse(res, 403, 'HOTE_REFUSE', "Adresse refusée : l'application n'accepte que 127.0.0.1.");
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
      return refuse(res, 403, 'ORIGINE_REFUSEE', "Origine refusée : seule la page de l'application peut appeler le service.");
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'METHODE_REFUSEE', 'Les appels au service se font en POST.');
      const given = req.headers['x-dsr-token'];
      if (!sameToken(typeof given === 'string' ? given : undefined, token)) {
        return refuse(res, 401, 'JETON_MANQUANT', "Jeton d'accès absent ou invalide : ouvrez l'adresse affichée au lancement de « npm run web ».");
      }
      const name = decodeURIComponent(url.pathname.slice('/api/'.length));
      const max = EXCHANGE_FILE_CALLS.has(name) ? MAX_EXCHANGE_BODY : MAX_BODY;
      const body = await readBody(req, max);
      if (body === null) return refuse(res, 413, 'TROP_VOLUMINEUX', `Requête trop volumineuse (${max / 1024 / 1024} Mo au plus).`);
      let input: unknown;
      try {
        input = body.length ? JSON.parse(body) : {};
      } catch {
        return refuse(res, 400, 'JSON_INVALIDE', "Le corps de la requête n'est pas du JSON valide.");
      }
      if (host.callJson) return send(res, 200, await host.callJson(name, input), true);
      return send(res, 200, await host.call(name, input));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'METHODE_REFUSEE', 'Méthode refusée.');
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Introuvable');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
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
