#!/usr/bin/env node
// Puts the right build of better-sqlite3's native module in place.
//
//   node scripts/native.mjs node       before `npm test`, `npm run web`, the bench
//   node scripts/native.mjs electron   before `npm start` and `npm run dist`
//
// Node and Electron need different builds of build/Release/better_sqlite3.node
// (different NODE_MODULE_VERSION). Each build, once made, is kept in
// node_modules/.native-build-cache/<runtime>-<version>-<platform>-<arch>-better-sqlite3-<version>/,
// so switching back and forth is a file copy, not a recompilation (and works
// offline). node_modules/.native-build records the build in place
// ("node-<modules ABI>" or "electron-<Electron version>").
//
// The truth is always a real load: `node` mode loads the module in this Node;
// `electron` mode loads it in Electron run as Node (ELECTRON_RUN_AS_NODE=1).

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const nodeModules = join(root, 'node_modules');
const stampFile = join(nodeModules, '.native-build');
const cacheRoot = join(nodeModules, '.native-build-cache');

const MISSING_ELECTRON_MESSAGE = [
  '',
  "Le binaire d'Electron n'est pas installé sur cette machine (son téléchargement a échoué ou a été désactivé) :",
  "l'application de bureau ne peut pas démarrer ici.",
  '',
  '  → Lancez le mode navigateur :  npm run web',
  "  → ou relancez « npm start » avec un accès à Internet : le binaire d'Electron sera téléchargé.",
  '',
].join('\n');

class UserFacingError extends Error {}

function log(message) {
  process.stderr.write(`[native] ${message}\n`);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function betterSqlite() {
  let packageJson;
  try {
    packageJson = require.resolve('better-sqlite3/package.json');
  } catch {
    throw new UserFacingError(
      "better-sqlite3 n'est pas installé (node_modules incomplet) : lancez « npm install ».",
    );
  }
  const dir = dirname(packageJson);
  return {
    dir,
    version: readJson(packageJson).version,
    binary: join(dir, 'build', 'Release', 'better_sqlite3.node'),
  };
}

function readStamp() {
  try {
    return readFileSync(stampFile, 'utf8').trim();
  } catch {
    return null;
  }
}

function atomicWrite(file, write) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    write(tmp);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

function writeStamp(value) {
  if (readStamp() === value) return;
  atomicWrite(stampFile, (tmp) => writeFileSync(tmp, `${value}\n`));
}

function cacheKey(runtime, version, bs) {
  return `${runtime}-${version}-${process.platform}-${process.arch}-better-sqlite3-${bs.version}`;
}

function cachedBinary(key) {
  return join(cacheRoot, key, 'better_sqlite3.node');
}

/** Keeps a copy of the build in place under `key`, if not kept yet. */
function keepInCache(key, bs) {
  const target = cachedBinary(key);
  if (existsSync(target) || !existsSync(bs.binary)) return;
  mkdirSync(dirname(target), { recursive: true });
  atomicWrite(target, (tmp) => copyFileSync(bs.binary, tmp));
}

/** Puts the kept build `key` in place. Returns false when there is none. */
function restoreFromCache(key, bs) {
  const source = cachedBinary(key);
  if (!existsSync(source)) return false;
  mkdirSync(dirname(bs.binary), { recursive: true });
  // Copy then rename: a process that has the old file loaded keeps its mapping.
  atomicWrite(bs.binary, (tmp) => copyFileSync(source, tmp));
  return true;
}

function probeScript(bs) {
  return `
let result;
try {
  const Database = require(${JSON.stringify(bs.dir)});
  const db = new Database(':memory:');
  db.prepare('select 1 as one').get();
  db.close();
  result = { ok: true };
} catch (error) {
  result = { ok: false, error: String((error && error.message) || error) };
}
process.stdout.write('\\n@@probe@@' + JSON.stringify(result) + '\\n');
`;
}

/**
 * Loads better-sqlite3 in a child runtime (Node, or Electron as Node).
 * Returns { ok, error } or { ok: false, unavailable: true } when the runtime
 * itself could not run (e.g. Electron missing system libraries).
 */
function probeIn(executable, bs, extraEnv = {}) {
  const result = spawnSync(executable, ['-e', probeScript(bs)], {
    cwd: root,
    env: { ...process.env, ...extraEnv },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = (result.stdout ?? '').split('\n').find((l) => l.startsWith('@@probe@@'));
  if (!line) {
    return {
      ok: false,
      unavailable: true,
      error: (result.error?.message ?? result.stderr ?? '').trim().split('\n')[0] ?? '',
    };
  }
  return JSON.parse(line.slice('@@probe@@'.length));
}

/** Fast check in this very process (the usual case before every test run). */
function probeHere(bs) {
  try {
    const Database = require(bs.dir);
    const db = new Database(':memory:');
    db.prepare('select 1 as one').get();
    db.close();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: String(error?.message ?? error) };
  }
}

function run(executable, args, extraEnv = {}) {
  const result = spawnSync(executable, args, {
    cwd: root,
    env: { ...process.env, ...extraEnv },
    stdio: 'inherit',
    shell: process.platform === 'win32' && !executable.endsWith('.exe'),
  });
  return result.status === 0;
}

function npmRebuildForNode() {
  // Build for this Node whatever an .npmrc says (runtime=electron, target=…).
  const env = {
    npm_config_runtime: 'node',
    npm_config_target: process.versions.node,
    npm_config_disturl: '',
  };
  // The project's .npmrc turns install scripts off; this one build is wanted.
  const args = ['rebuild', 'better-sqlite3', '--ignore-scripts=false'];
  const npmCli = process.env.npm_execpath;
  if (npmCli && /\.(c?js|mjs)$/.test(npmCli)) {
    return run(process.execPath, [npmCli, ...args], env);
  }
  return run('npm', args, env);
}

function ensureNode() {
  const bs = betterSqlite();
  const key = cacheKey('node', process.versions.modules, bs);
  const stamp = `node-${process.versions.modules}`;

  if (probeHere(bs).ok) {
    keepInCache(key, bs);
    writeStamp(stamp);
    return;
  }

  log(`better-sqlite3 n'est pas compilé pour ce Node (${process.version}) : remise en place de la version Node…`);
  if (restoreFromCache(key, bs) && probeIn(process.execPath, bs).ok) {
    writeStamp(stamp);
    log('version Node de better-sqlite3 en place.');
    return;
  }

  log('recompilation de better-sqlite3 pour Node (npm rebuild better-sqlite3)…');
  const built = npmRebuildForNode();
  const probe = probeIn(process.execPath, bs);
  if (!built || !probe.ok) {
    throw new UserFacingError(
      [
        `Impossible de compiler better-sqlite3 pour Node ${process.version}.`,
        probe.error ? `Erreur au chargement : ${probe.error}` : '',
        'Il faut soit un accès au binaire précompilé (Internet), soit un compilateur C++ et Python (node-gyp).',
        'Essayez « npm rebuild better-sqlite3 » pour voir le détail.',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  }
  keepInCache(key, bs);
  writeStamp(stamp);
  log('better-sqlite3 recompilé pour Node.');
}

/** Path of the Electron binary, or null when it was never downloaded. */
function locateElectron() {
  let executable;
  try {
    // The `electron` package's main returns the binary's path, and throws when
    // its download failed (no path.txt).
    executable = require('electron');
  } catch {
    return null;
  }
  return typeof executable === 'string' && existsSync(executable) ? executable : null;
}

/**
 * Downloads Electron's binary with the electron package's own installer (install scripts
 * are off in this project's .npmrc). Quiet on failure: the caller says what to do.
 */
function downloadElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || process.env.ELECTRON_OVERRIDE_DIST_PATH) return;
  let installer;
  try {
    installer = join(dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return;
  }
  log("téléchargement du binaire d'Electron (première utilisation)…");
  const result = spawnSync(process.execPath, [installer], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) {
    const reason = `${result.stderr ?? ''}`.split('\n').find((l) => l.trim()) ?? '';
    log(`échec du téléchargement${reason ? ` (${reason.trim().replace(/^\w*Error:\s*/, '')})` : ''}.`);
  }
}

function ensureElectron() {
  if (locateElectron() === null) downloadElectron();
  const electron = locateElectron();
  if (electron === null) throw new UserFacingError(MISSING_ELECTRON_MESSAGE);

  const bs = betterSqlite();
  const version = readJson(require.resolve('electron/package.json')).version;
  const key = cacheKey('electron', version, bs);
  const nodeKey = cacheKey('node', process.versions.modules, bs);
  const stamp = `electron-${version}`;
  const asNode = { ELECTRON_RUN_AS_NODE: '1' };

  // Keep the Node build (if that is what is in place) before replacing it.
  if (probeIn(process.execPath, bs).ok) keepInCache(nodeKey, bs);

  const current = probeIn(electron, bs, asNode);
  if (current.ok) {
    keepInCache(key, bs);
    writeStamp(stamp);
    return;
  }
  // Electron cannot even run as Node here: trust the stamp if the build in place
  // is not a Node one.
  if (current.unavailable && readStamp() === stamp && !probeIn(process.execPath, bs).ok) return;

  if (restoreFromCache(key, bs)) {
    const probe = probeIn(electron, bs, asNode);
    if (probe.ok || probe.unavailable) {
      writeStamp(stamp);
      log(`version Electron ${version} de better-sqlite3 remise en place.`);
      return;
    }
  }

  log(`recompilation de better-sqlite3 pour Electron ${version} (electron-rebuild)…`);
  const cli = join(dirname(require.resolve('@electron/rebuild/package.json')), 'lib', 'cli.js');
  const built = run(process.execPath, [cli, '-f', '-o', 'better-sqlite3', '-v', version, '-m', root]);
  const probe = built ? probeIn(electron, bs, asNode) : { ok: false, error: '' };
  if (!built || !(probe.ok || probe.unavailable)) {
    // Leave the Node build in place so `npm test` and `npm run web` keep working.
    if (restoreFromCache(nodeKey, bs)) writeStamp(`node-${process.versions.modules}`);
    throw new UserFacingError(
      [
        `La recompilation de better-sqlite3 pour Electron ${version} a échoué (voir les messages ci-dessus).`,
        probe.error ? `Erreur au chargement : ${probe.error}` : '',
        "Il faut un accès à Internet (binaire précompilé ou en-têtes d'Electron) ou un compilateur C++ et Python.",
        'En attendant, le mode navigateur fonctionne :  npm run web',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  }
  keepInCache(key, bs);
  writeStamp(stamp);
  log(`better-sqlite3 recompilé pour Electron ${version}.`);
}

const mode = process.argv[2];
try {
  if (mode === 'node') ensureNode();
  else if (mode === 'electron') ensureElectron();
  else throw new UserFacingError('Usage : node scripts/native.mjs node|electron');
} catch (error) {
  if (error instanceof UserFacingError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    // Unexpected: one line, no stack trace.
    process.stderr.write(`[native] erreur inattendue : ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exitCode = 1;
}
