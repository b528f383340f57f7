import { beforeEach, describe, expect, it, vi } from 'vitest';

// The preload runs in Electron's sandbox; here it is imported under Node with a
// fake `electron` module that records what it exposes to the page.
const fake = vi.hoisted(() => ({
  exposed: [] as Array<[string, unknown]>,
  invoked: [] as unknown[][],
  answer: { ok: true, value: 'réponse' } as unknown,
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      fake.exposed.push([key, api]);
    },
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      fake.invoked.push(args);
      return Promise.resolve(fake.answer);
    },
  },
}));

type ExposedApi = { call: (name: unknown, input: unknown) => Promise<unknown> };

async function loadPreload(): Promise<ExposedApi> {
  vi.resetModules();
  fake.exposed.length = 0;
  fake.invoked.length = 0;
  fake.answer = { ok: true, value: 'réponse' };
  await import('../../electron/preload');
  expect(fake.exposed).toHaveLength(1);
  const [key, api] = fake.exposed[0] ?? [];
  expect(key).toBe('api');
  return api as ExposedApi;
}

describe('preload', () => {
  let api: ExposedApi;
  beforeEach(async () => {
    api = await loadPreload();
  });

  it('exposes window.api with a single function, call', () => {
    expect(Object.keys(api)).toEqual(['call']);
    expect(typeof api.call).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends a call over the api channel and returns the answer', async () => {
    const input = { requestId: 'd3b07384-d9a0-4c9b-8f1e-000000000001' };
    await expect(api.call('requests.get', input)).resolves.toEqual({ ok: true, value: 'réponse' });
    expect(fake.invoked).toEqual([['api', 'requests.get', input]]);
  });

  it("parses the backend's JSON answer relayed by main into the page's result", async () => {
    fake.answer = '{"ok":true,"value":{"today":"2026-11-25"}}';
    await expect(api.call('app.info', {})).resolves.toEqual({ ok: true, value: { today: '2026-11-25' } });
  });

  it('refuses a call name that is not a string, without sending anything', async () => {
    await expect(api.call(42, {})).resolves.toMatchObject({ ok: false, error: { code: 'APPEL_INVALIDE' } });
    await expect(api.call({ toString: () => 'requests.get' }, {})).resolves.toMatchObject({ ok: false });
    expect(fake.invoked).toEqual([]);
  });
});
