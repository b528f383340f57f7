// Two (or more) offices for the exchange tests: each its own data folder, database and office
// identity (keys in office-keys.json), as two installs on two machines. Files pass between
// them as the users would pass them by email: the bytes of what one exports, imported by the other.
import { nodeBase64 } from '../../electron/base64';
import { nodeUtf8 } from '../../electron/utf8';
import { nodeSha256Hex } from '../../electron/hash';
import { join } from 'node:path';
import type { ApiResult, CallInput, CallName, CallOutput } from '../../core/api/contract';
import { createService, type Service } from '../../core/api/service';
import { openDatabase } from '../../db/open';
import { createStore } from '../../db/store';
import { identityCrypto, loadOrCreateIdentity } from '../../electron/exchange/identity';
import { DB_FILE_NAME, defaultMigrationsDir } from '../../electron/host';

export interface Office {
  dir: string;
  fingerprint: string;
  officeId: string;
  ok<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  fail(name: CallName, input: unknown): Promise<Extract<ApiResult, { ok: false }>['error']>;
  /** Today can move, as days pass between two exchanges. */
  setToday(today: string): void;
  close(): void;
}

/** `identity: false`: an install as it was before offices had an identity (no exchange). */
export function openOffice(dir: string, today: string, options: { identity?: boolean } = {}): Office {
  let day = today;
  let tick = 0;
  const clock = { today: () => day, now: () => `${day}T${String(8 + Math.floor(tick / 3600) % 12).padStart(2, '0')}:${String(Math.floor(tick / 60) % 60).padStart(2, '0')}:${String(tick++ % 60).padStart(2, '0')}.000Z` };
  const { identity } = loadOrCreateIdentity(dir);
  const { db } = openDatabase(join(dir, DB_FILE_NAME), { migrationsDir: defaultMigrationsDir(), now: clock.now() });
  const service: Service = createService({
    store: createStore(db),
    clock,
    newId: () => crypto.randomUUID(),
    hash: nodeSha256Hex,
    base64: nodeBase64,
    utf8: nodeUtf8,
    ...(options.identity === false
      ? {}
      : {
          exchange: {
            self: { officeId: identity.officeId, keys: identity.publicKeys, fingerprint: identity.fingerprint },
            crypto: identityCrypto(identity),
            appVersion: '0.1.0-test',
          },
        }),
  });
  return {
    dir,
    fingerprint: identity.fingerprint,
    officeId: identity.officeId,
    async ok(name, input) {
      const r = await service.call(name, input);
      if (!r.ok) throw new Error(`${name} refusé : ${r.error.code} ${r.error.message}`);
      return r.value as never;
    },
    async fail(name, input) {
      const r = await service.call(name, input);
      if (r.ok) throw new Error(`${name} aurait dû être refusé, a rendu ${JSON.stringify(r.value).slice(0, 500)}`);
      return r.error;
    },
    setToday(next) {
      day = next;
    },
    close: () => db.close(),
  };
}

/** A file as the other office receives it: same name, same bytes. */
export const passed = (file: { filename: string; base64: string }) => ({ filename: file.filename, base64: file.base64 });

/** The same file with one byte flipped at `at` (a fraction of its length). */
export function flipped(file: { filename: string; base64: string }, at = 0.5) {
  const bytes = Buffer.from(file.base64, 'base64');
  const i = Math.min(bytes.length - 1, Math.floor(bytes.length * at));
  bytes[i] = bytes[i]! ^ 0x01;
  return { filename: file.filename, base64: bytes.toString('base64') };
}
