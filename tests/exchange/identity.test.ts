import { execFile } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect, promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../core/exchange/bytes';
import { decodePublicKey, officeFingerprint } from '../../core/exchange/fingerprint';
import { IDENTITY_FILE, IdentityError, identityCrypto, loadIdentity, loadOrCreateIdentity } from '../../electron/exchange/identity';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
const posix = process.platform !== 'win32';

describe('office identity', () => {
  it('is created at first run in a 0600 file, then reloaded identical', () => {
    const dir = join(tempDir(), 'données');
    const first = loadOrCreateIdentity(dir, { now: () => new Date('2026-03-14T10:00:00Z') });
    expect(first.created).toBe(true);
    const path = join(dir, IDENTITY_FILE);
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([IDENTITY_FILE]); // no temporary file left

    const { identity } = first;
    expect(identity.officeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(identity.createdAt).toBe('2026-03-14T10:00:00.000Z');
    expect(identity.fingerprint).toMatch(/^\d{5}( \d{5}){7}$/);
    expect(decodePublicKey(identity.publicKeys.signingKey)).toHaveLength(32);
    expect(decodePublicKey(identity.publicKeys.encryptionKey)).toHaveLength(32);

    const again = loadOrCreateIdentity(dir);
    expect(again.created).toBe(false);
    expect(again.identity).toEqual(identity);
    expect(again.identity.fingerprint).toBe(identity.fingerprint);
    expect(again.identity.privateKeys.signing.equals(identity.privateKeys.signing)).toBe(true);
    expect(again.identity.privateKeys.encryption.equals(identity.privateKeys.encryption)).toBe(true);
    expect(officeFingerprint(identity.publicKeys, identityCrypto(identity).sha256)).toBe(identity.fingerprint);

    // The reloaded keys sign what the stored public key verifies.
    const crypto = identityCrypto(again.identity);
    const signature = crypto.sign(utf8('x'));
    expect(crypto.verify(utf8('x'), signature, decodePublicKey(identity.publicKeys.signingKey) ?? new Uint8Array())).toBe(true);
  });

  it('never shows the private keys when logged or serialised', () => {
    const dir = tempDir();
    const { identity } = loadOrCreateIdentity(dir);
    const stored = JSON.parse(readFileSync(join(dir, IDENTITY_FILE), 'utf8')) as { signing: { privateKey: string }; encryption: { privateKey: string } };
    const secrets = [stored.signing.privateKey, stored.encryption.privateKey].map((pem) => pem.split('\n')[1] ?? '');
    expect(secrets.every((s) => s.length > 20)).toBe(true);
    const shown = [JSON.stringify(identity), inspect(identity, { depth: 10, showHidden: false }), String(identity)].join('\n');
    for (const secret of secrets) expect(shown).not.toContain(secret);
    expect(Object.keys(identity)).not.toContain('privateKeys');
  });

  it('sets back to 0600 a key file others could read', () => {
    if (!posix) return;
    const dir = tempDir();
    const { identity } = loadOrCreateIdentity(dir);
    chmodSync(join(dir, IDENTITY_FILE), 0o644);
    const loaded = loadIdentity(dir);
    expect(loaded?.permissionsFixed).toBe(true);
    expect(loaded?.identity.fingerprint).toBe(identity.fingerprint);
    expect(statSync(join(dir, IDENTITY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged key file in French, and does not replace it', () => {
    const dir = tempDir();
    loadOrCreateIdentity(dir);
    const path = join(dir, IDENTITY_FILE);
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { signing: { publicKey: string } };
    const other = loadOrCreateIdentity(tempDir()).identity;
    // A public key that is not the private key's.
    writeFileSync(path, JSON.stringify({ ...stored, signing: { ...stored.signing, publicKey: other.publicKeys.signingKey } }));
    expect(() => loadOrCreateIdentity(dir)).toThrow(IdentityError);
    expect(() => loadOrCreateIdentity(dir)).toThrow(/est abîmé : restaurez-le depuis une sauvegarde/);
    writeFileSync(path, '{ pas du JSON');
    expect(() => loadOrCreateIdentity(dir)).toThrow(/empreinte de l'office/);
    expect(readFileSync(path, 'utf8')).toBe('{ pas du JSON');
  });

  it('processes starting together end with one identity, created once', async () => {
    const dir = join(tempDir(), 'partagé');
    const script = join(import.meta.dirname, 'create-identity.ts');
    const run = promisify(execFile);
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () => run(process.execPath, ['--import', 'tsx', script, dir], { cwd: join(import.meta.dirname, '..', '..') })),
    );
    const results = outputs.map((o) => JSON.parse(o.stdout) as { officeId: string; fingerprint: string; created: boolean });
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => `${r.officeId} ${r.fingerprint}`)).size).toBe(1);
    expect(readdirSync(dir)).toEqual([IDENTITY_FILE]);
    expect(loadIdentity(dir)?.identity.officeId).toBe(results[0]?.officeId);
  }, 60_000); // four tsx processes: slow on a loaded machine (the unit project's default is 20 s)

  it('two offices get different identities', () => {
    const a = loadOrCreateIdentity(tempDir()).identity;
    const b = loadOrCreateIdentity(tempDir()).identity;
    expect(a.officeId).not.toBe(b.officeId);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});
