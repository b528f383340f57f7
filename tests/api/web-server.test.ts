import { request } from 'node:http';
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

async function start() {
  const dir = tmp();
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Registre</title>');
  writeFileSync(join(dir, 'secret.txt'), 'hors du dossier servi');
  const host = testHost(join(dir, 'data'));
  const web = await startWebServer(host, { port: 0, rendererDir: renderer });
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
});
