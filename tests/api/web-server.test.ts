import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../electron/web-server';
import { testHost, type TestHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
let running: { web: WebServer; host: TestHost } | null = null;
afterEach(async () => {
  await running?.web.close();
  running?.host.close();
  running = null;
});

async function start(options: { bodyTimeLimitMs?: number } = {}) {
  const dir = tmp();
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Registre</title>');
  writeFileSync(join(dir, 'secret.txt'), 'hors du dossier servi');
  const host = testHost(join(dir, 'data'));
  const web = await startWebServer(host, { port: 0, rendererDir: renderer, ...options });
  running = { web, host };
  return web;
}

/** A raw HTTP request, so Host and Origin headers can be forged as an attacker would. */
function raw(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

/**
 * A request written by hand on a socket: the headers, then `body` in chunks (one every `everyMs`),
 * stopping as soon as the server answers or closes. Resolves with what came back, whether the
 * server closed the connection, and how many body bytes were written by then.
 */
function rawSocket(port: number, head: string, body: { size: number; chunk: number; everyMs: number }) {
  return new Promise<{ status: number; text: string; closed: boolean; written: number; ms: number }>((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let written = 0;
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), text, closed, written, ms: Date.now() - started });
    };
    socket.on('data', (c: Buffer) => (text += c.toString()));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.write(head);
    const timer = setInterval(() => {
      if (written >= body.size) return;
      const n = Math.min(body.chunk, body.size - written);
      socket.write('x'.repeat(n));
      written += n;
    }, body.everyMs);
    setTimeout(() => finish(false), 15_000);
  });
}

describe('browser mode server', () => {
  it('listens on the loopback address only and prints a URL carrying a URL-safe token', async () => {
    const web = await start();
    expect(web.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('answers contract calls only with the token', async () => {
    const web = await start();
    const call = (headers: Record<string, string>) =>
      raw(web.port, { method: 'POST', path: '/api/office.get', headers: { host: `127.0.0.1:${web.port}`, ...headers }, body: '{}' });
    const none = await call({});
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error.code).toBe('JETON_MANQUANT');
    expect((await call({ 'x-dsr-token': `${web.token}x` })).status).toBe(401);
    const ok = await call({ 'x-dsr-token': web.token });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: null });
  });

  it('refuses another Host (DNS rebinding) or another Origin, even with the token', async () => {
    const web = await start();
    const rebinding = await raw(web.port, {
      method: 'POST',
      path: '/api/office.get',
      headers: { host: `evil.example:${web.port}`, 'x-dsr-token': web.token },
      body: '{}',
    });
    expect(rebinding.status).toBe(403);
    const origin = await raw(web.port, {
      method: 'POST',
      path: '/api/office.get',
      headers: { host: `127.0.0.1:${web.port}`, origin: 'http://evil.example', 'x-dsr-token': web.token },
      body: '{}',
    });
    expect(origin.status).toBe(403);
    expect(JSON.parse(origin.body).error.message).toContain('Origine refusée');
  });

  it('says what is wrong with a malformed call, in French', async () => {
    const web = await start();
    const headers = { host: `127.0.0.1:${web.port}`, 'x-dsr-token': web.token };
    const badJson = await raw(web.port, { method: 'POST', path: '/api/office.get', headers, body: '{oops' });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body).error.message).toBe("Le corps de la requête n'est pas du JSON valide.");
    const tooBig = await raw(web.port, { method: 'POST', path: '/api/office.get', headers, body: 'x'.repeat(3 * 1024 * 1024) });
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body).error.message).toContain('2 Mo');
    // An exchange file (a package of several MB, base64) reaches the service, which answers on its content.
    const bigPackage = await raw(web.port, {
      method: 'POST',
      path: '/api/exchange.previewImport',
      headers,
      body: JSON.stringify({ agreementId: 'inconnue', filename: 'paquet.dsrpkg', base64: 'A'.repeat(3 * 1024 * 1024) }),
    });
    expect(bigPackage.status).toBe(200);
    expect(JSON.parse(bigPackage.body).error.code).not.toBe('TROP_VOLUMINEUX');
    expect((await raw(web.port, { path: '/api/office.get', headers })).status).toBe(405);
    const invalid = await raw(web.port, { method: 'POST', path: '/api/office.set', headers, body: '{"party":"mairie"}' });
    expect(JSON.parse(invalid.body).error.message).toContain('Partie inconnue');
  });

  it("relays to the backend, sending its JSON answer as it is", async () => {
    const dir = tmp();
    const renderer = join(dir, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Registre</title>');
    const relayed: unknown[][] = [];
    // The backend's answer is JSON text made in its worker thread (electron/backend.ts callJson).
    const backend = {
      call: () => Promise.reject(new Error('the server relays with callJson')),
      callJson: (name: string, input: unknown) => {
        relayed.push([name, input]);
        return Promise.resolve('{"ok":true,"value":{"today":"2026-11-25"}}');
      },
    };
    const web = await startWebServer(backend, { port: 0, rendererDir: renderer });
    try {
      const r = await raw(web.port, {
        method: 'POST',
        path: '/api/app.info',
        headers: { host: `127.0.0.1:${web.port}`, 'x-dsr-token': web.token },
        body: '{"x":1}',
      });
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.body).toBe('{"ok":true,"value":{"today":"2026-11-25"}}');
      expect(relayed).toEqual([['app.info', { x: 1 }]]);
    } finally {
      await web.close();
    }
  });

  it('serves the UI with its security headers and nothing outside the UI folder', async () => {
    const web = await start();
    const page = await raw(web.port, { path: '/?token=abc', headers: { host: `127.0.0.1:${web.port}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Registre</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const r = await raw(web.port, { path, headers: { host: `127.0.0.1:${web.port}` } });
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('hors du dossier');
    }
  });

  it('answers 400 in French to a malformed %-encoding, for a call or a file', async () => {
    const web = await start();
    const headers = { host: `127.0.0.1:${web.port}`, 'x-dsr-token': web.token };
    const call = await raw(web.port, { method: 'POST', path: '/api/office.get%E0%A4%A', headers, body: '{}' });
    expect(call.status).toBe(400);
    expect(JSON.parse(call.body).error).toEqual({ code: 'ADRESSE_INVALIDE', message: "Adresse mal formée : un code %XX de l'adresse n'est pas valide." });
    const file = await raw(web.port, { path: '/assets/%E0%A4%A.js', headers: { host: headers.host } });
    expect(file.status).toBe(400);
    expect(file.body).toContain('Adresse mal formée');
  });

  it('sends nosniff with every answer: page, file not found, call, refusals', async () => {
    const web = await start();
    const host = `127.0.0.1:${web.port}`;
    const answers = [
      await raw(web.port, { path: '/', headers: { host } }),
      await raw(web.port, { path: '/absent.js', headers: { host } }),
      await raw(web.port, { path: '/%zz', headers: { host } }),
      await raw(web.port, { method: 'POST', path: '/api/office.get', headers: { host, 'x-dsr-token': web.token }, body: '{}' }),
      await raw(web.port, { method: 'POST', path: '/api/office.get', headers: { host }, body: '{}' }),
      await raw(web.port, { method: 'POST', path: '/api/office.get', headers: { host: 'evil.example' }, body: '{}' }),
      await raw(web.port, { method: 'POST', path: '/api/office.get', headers: { host, 'x-dsr-token': web.token }, body: '{oops' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 404, 400, 200, 401, 403, 400]);
    for (const a of answers) expect(a.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a body over the limit with 413 and closes the connection without reading the rest', async () => {
    const web = await start();
    const size = 40 * 1024 * 1024;
    const head = `POST /api/office.get HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nx-dsr-token: ${web.token}\r\nContent-Type: application/json\r\n`;
    // Announced: refused before a byte of the body is read.
    const announced = await rawSocket(web.port, `${head}Content-Length: ${size}\r\n\r\n`, { size, chunk: 64 * 1024, everyMs: 5 });
    expect(announced.status).toBe(413);
    expect(announced.text).toContain('2 Mo au plus');
    expect(announced.text.toLowerCase()).toContain('connection: close');
    expect(announced.closed).toBe(true);
    expect(announced.written).toBeLessThan(size);
    // Not announced (chunked): refused once 2 MB have come, the connection closed long before 40 MB.
    const chunked = await rawSocket(web.port, `${head}Transfer-Encoding: chunked\r\n\r\n${(size).toString(16)}\r\n`, { size, chunk: 256 * 1024, everyMs: 5 });
    expect(chunked.status).toBe(413);
    expect(chunked.closed).toBe(true);
    expect(chunked.written).toBeLessThan(size);
  });

  it('gives up a body that comes too slowly: 408 in French within seconds, connection closed', async () => {
    const web = await start({ bodyTimeLimitMs: 500 });
    const head = `POST /api/office.get HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nx-dsr-token: ${web.token}\r\nContent-Length: 1000\r\n\r\n`;
    const slow = await rawSocket(web.port, head, { size: 1000, chunk: 1, everyMs: 100 });
    expect(slow.status).toBe(408);
    expect(slow.text).toContain("n'est pas arrivé en 0.5 s");
    expect(slow.closed).toBe(true);
    expect(slow.ms).toBeLessThan(3000);
    expect(slow.written).toBeLessThan(1000);
  });

  it('the page keeps the token in this tab and takes it out of the address bar', async () => {
    const replaced: string[] = [];
    const stored = new Map<string, string>();
    const page = {
      location: { href: 'http://127.0.0.1:4000/?token=secret-token&x=1#/demandes' },
      history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) },
    };
    const sent: Array<Record<string, string>> = [];
    Object.assign(globalThis, {
      window: page,
      sessionStorage: { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => stored.set(k, v) },
      fetch: (_url: string, init: { headers: Record<string, string> }) => {
        sent.push(init.headers);
        return Promise.resolve({ json: () => Promise.resolve({ ok: true, value: null }) });
      },
    });
    try {
      // The renderer's module, loaded by path: it belongs to the web project, not to the tests' one.
      const apiModule = '../../renderer/src/api';
      const api = (await import(/* @vite-ignore */ apiModule)) as { call(name: string, input: unknown): Promise<unknown> };
      expect(replaced).toEqual(['/?x=1#/demandes']);
      expect(stored.get('dsr-token')).toBe('secret-token');
      await api.call('office.get', {});
      expect(sent[0]?.['x-dsr-token']).toBe('secret-token');
    } finally {
      for (const k of ['window', 'sessionStorage', 'fetch']) Reflect.deleteProperty(globalThis, k);
    }
  });
});
