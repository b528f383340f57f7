import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const script = join(root, 'scripts/native.mjs');
const require = createRequire(join(root, 'package.json'));

function runNative(mode: string, cwd = root, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(cwd, 'scripts/native.mjs'), mode], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/\b(Error|TypeError):/);
}

function electronBinaryMissing(): boolean {
  try {
    return !existsSync(require('electron') as string);
  } catch {
    return true;
  }
}

describe('scripts/native.mjs in this tree', () => {
  it('stops `npm start` with a clear French message pointing to `npm run web` when Electron is missing', () => {
    // ELECTRON_OVERRIDE_DIST_PATH is the electron package's own override: pointing it
    // at nothing makes the binary missing even on a machine where it is installed.
    const { status, output } = runNative('electron', root, {
      ELECTRON_OVERRIDE_DIST_PATH: join(tmpdir(), 'pas-d-electron-ici'),
    });
    expect(status).toBe(1);
    expect(output).toContain('npm run web');
    expect(output).toContain("Le binaire d'Electron n'est pas installé");
    expectNoStackTrace(output);
  });

  it.skipIf(!electronBinaryMissing())('says the same without any override on this machine', () => {
    const { status, output } = runNative('electron');
    expect(status).toBe(1);
    expect(output).toContain('npm run web');
    expectNoStackTrace(output);
  });

  it('makes sure the Node build is in place, after which better-sqlite3 loads', () => {
    const { status, output } = runNative('node');
    expect({ status, output }).toMatchObject({ status: 0 });
    expect(readFileSync(join(root, 'node_modules/.native-build'), 'utf8').trim()).toBe(
      `node-${process.versions.modules}`,
    );
    const check = spawnSync(
      process.execPath,
      ['-e', "const D = require('better-sqlite3'); const db = new D(':memory:'); console.log(db.prepare('select 41 + 1 as n').get().n)"],
      { cwd: root, encoding: 'utf8' },
    );
    expect(check.stdout.trim()).toBe('42');
  });

  it('refuses an unknown mode with a usage line', () => {
    const { status, output } = runNative('python');
    expect(status).toBe(1);
    expect(output).toContain('Usage');
    expectNoStackTrace(output);
  });
});

// Switching builds, in a throw-away copy of the few packages involved (never in
// this tree's node_modules, which other test files are using). The "Electron"
// there is a stand-in script that accepts only a marker file as its build of
// better-sqlite3, so each direction of the switch is observable.
describe.skipIf(process.platform === 'win32')('scripts/native.mjs switching builds (sandbox)', () => {
  const ELECTRON_VERSION = '39.8.10';
  let sandbox = '';
  let binary = '';
  let nodeBuild: Buffer;

  const stamp = () => readFileSync(join(sandbox, 'node_modules/.native-build'), 'utf8').trim();
  const cacheDir = (key: string) => join(sandbox, 'node_modules/.native-build-cache', key);
  const bsVersion = (require('better-sqlite3/package.json') as { version: string }).version;
  const nodeKey = () => `node-${process.versions.modules}-${process.platform}-${process.arch}-better-sqlite3-${bsVersion}`;
  const electronKey = `electron-${ELECTRON_VERSION}-${process.platform}-${process.arch}-better-sqlite3-${bsVersion}`;

  beforeAll(() => {
    sandbox = mkdtempSync(join(tmpdir(), 'native-mjs-'));
    writeFileSync(join(sandbox, 'package.json'), JSON.stringify({ name: 'bac-a-sable', type: 'module' }));
    mkdirSync(join(sandbox, 'scripts'));
    cpSync(script, join(sandbox, 'scripts/native.mjs'));
    const nm = join(sandbox, 'node_modules');
    const bsDir = dirname(require.resolve('better-sqlite3/package.json'));
    const bs = join(nm, 'better-sqlite3');
    cpSync(join(bsDir, 'package.json'), join(bs, 'package.json'));
    cpSync(join(bsDir, 'lib'), join(bs, 'lib'), { recursive: true });
    cpSync(join(bsDir, 'build/Release/better_sqlite3.node'), join(bs, 'build/Release/better_sqlite3.node'));
    for (const dep of ['bindings', 'file-uri-to-path']) {
      cpSync(dirname(require.resolve(`${dep}/package.json`)), join(nm, dep), { recursive: true });
    }
    binary = join(bs, 'build/Release/better_sqlite3.node');
    nodeBuild = readFileSync(binary);

    const electron = join(nm, 'electron');
    mkdirSync(join(electron, 'dist'), { recursive: true });
    writeFileSync(join(electron, 'package.json'), JSON.stringify({ name: 'electron', version: ELECTRON_VERSION, main: 'index.js' }));
    cpSync(join(dirname(require.resolve('electron/package.json')), 'index.js'), join(electron, 'index.js'));
    writeFileSync(join(electron, 'path.txt'), 'electron');
    const fakeElectron = join(electron, 'dist/electron');
    writeFileSync(
      fakeElectron,
      [
        '#!/bin/sh',
        `if [ "$ELECTRON_RUN_AS_NODE" = 1 ] && [ "$(head -c 19 '${binary}')" = FAKE-ELECTRON-BUILD ]; then`,
        `  echo '@@probe@@{"ok":true}'`,
        'else',
        `  echo '@@probe@@{"ok":false,"error":"was compiled against a different Node.js version (fake)"}'`,
        'fi',
        '',
      ].join('\n'),
    );
    chmodSync(fakeElectron, 0o755);
    // A stand-in for @electron/rebuild: fails (leaving a broken file behind, as an
    // interrupted build may) unless FAKE_REBUILD_OK=1, then writes the marker build.
    const rebuild = join(nm, '@electron/rebuild');
    mkdirSync(join(rebuild, 'lib'), { recursive: true });
    writeFileSync(join(rebuild, 'package.json'), JSON.stringify({ name: '@electron/rebuild', version: '0.0.0' }));
    writeFileSync(
      join(rebuild, 'lib/cli.js'),
      [
        "const { writeFileSync } = require('node:fs');",
        `const ok = process.env.FAKE_REBUILD_OK === '1';`,
        `writeFileSync(${JSON.stringify(binary)}, ok ? 'FAKE-ELECTRON-BUILD' : 'half-written');`,
        "console.log('fake electron-rebuild ' + process.argv.slice(2).join(' '));",
        'process.exit(ok ? 0 : 1);',
        '',
      ].join('\n'),
    );
    // An Electron build made earlier (by electron-rebuild, on a machine with Internet).
    mkdirSync(cacheDir(electronKey), { recursive: true });
    writeFileSync(join(cacheDir(electronKey), 'better_sqlite3.node'), 'FAKE-ELECTRON-BUILD');
  });

  afterAll(() => {
    if (sandbox) rmSync(sandbox, { recursive: true, force: true });
  });

  it('node: with the Node build in place, only records it (and keeps a copy)', () => {
    const { status, output } = runNative('node', sandbox);
    expect({ status, output }).toMatchObject({ status: 0 });
    expect(stamp()).toBe(`node-${process.versions.modules}`);
    expect(readFileSync(join(cacheDir(nodeKey()), 'better_sqlite3.node')).equals(nodeBuild)).toBe(true);
  });

  it('electron: puts the kept Electron build in place, without recompiling', () => {
    const { status, output } = runNative('electron', sandbox);
    expect({ status, output }).toMatchObject({ status: 0 });
    expect(readFileSync(binary, 'utf8')).toBe('FAKE-ELECTRON-BUILD');
    expect(stamp()).toBe(`electron-${ELECTRON_VERSION}`);
    expect(output).not.toContain('recompilation');
  });

  it('electron again: nothing to do', () => {
    const { status, output } = runNative('electron', sandbox);
    expect({ status, output }).toMatchObject({ status: 0, output: '' });
  });

  it('node after electron: puts the Node build back, and better-sqlite3 loads', () => {
    const { status, output } = runNative('node', sandbox);
    expect({ status, output }).toMatchObject({ status: 0 });
    expect(readFileSync(binary).equals(nodeBuild)).toBe(true);
    expect(stamp()).toBe(`node-${process.versions.modules}`);
    const check = spawnSync(
      process.execPath,
      ['-e', "const D = require('better-sqlite3'); console.log(new D(':memory:').prepare('select 2 * 21 as n').get().n)"],
      { cwd: sandbox, encoding: 'utf8' },
    );
    expect(check.stdout.trim()).toBe('42');
  });

  it('electron, no kept build and the rebuild fails: clear message, Node build left in place', () => {
    rmSync(cacheDir(electronKey), { recursive: true, force: true });
    const { status, output } = runNative('electron', sandbox);
    expect(status).toBe(1);
    expect(output).toContain('fake electron-rebuild -f -o better-sqlite3 -v 39.8.10');
    expect(output).toContain('a échoué');
    expect(output).toContain('npm run web');
    expectNoStackTrace(output);
    expect(readFileSync(binary).equals(nodeBuild)).toBe(true);
    expect(stamp()).toBe(`node-${process.versions.modules}`);
  });

  it('electron, no kept build and the rebuild works: Electron build in place and kept', () => {
    const { status, output } = runNative('electron', sandbox, { FAKE_REBUILD_OK: '1' });
    expect({ status, output }).toMatchObject({ status: 0 });
    expect(readFileSync(binary, 'utf8')).toBe('FAKE-ELECTRON-BUILD');
    expect(readFileSync(join(cacheDir(electronKey), 'better_sqlite3.node'), 'utf8')).toBe('FAKE-ELECTRON-BUILD');
    expect(stamp()).toBe(`electron-${ELECTRON_VERSION}`);
    expect(runNative('node', sandbox).status).toBe(0);
    expect(readFileSync(binary).equals(nodeBuild)).toBe(true);
  });
});
