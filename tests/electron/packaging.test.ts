// What the desktop package ships. electron-builder copies out/** (electron-builder.yml `files`)
// and, from node_modules, package.json's "dependencies" only. So:
// - every package the desktop entries (main process, its worker threads, preload) load, at
//   start or through a dynamic import, must be a dependency;
// - react/react-dom are bundled into out/renderer by Vite and playwright-core is used only by the
//   browser mode (electron/documents/pdf.ts, reached from electron/web.ts) and the tests: all
//   three are devDependencies, so none of them is shipped;
// - the browser mode's entry, out/main/web.js, is left out of the package; the main build keeps
//   playwright-core external all the same (web.js loads it from node_modules).
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dependencies as specifiersOf, importGraph, ROOT } from '../arch/import-graph';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const builderYml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');

/** The items of a top-level list of electron-builder.yml (`files:` …), quotes removed, comments skipped. */
function yamlList(text: string, key: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${key}:`));
  if (start < 0) return [];
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const item = /^\s+-\s+(.*?)\s*$/.exec(line)?.[1];
    if (item !== undefined) items.push(item.replace(/^(["'])(.*)\1$/, '$2'));
  }
  return items;
}

/** The entries electron-vite builds (electron.vite.config.ts), by output name. */
function buildEntries(): Record<string, string> {
  const config = readFileSync(join(ROOT, 'electron.vite.config.ts'), 'utf8');
  const entries: Record<string, string> = {};
  for (const m of config.matchAll(/'?([\w-]+)'?:\s*resolve\(__dirname,\s*'(electron\/[^']+\.ts)'\)/g)) entries[m[1]!] = m[2]!;
  return entries;
}

/**
 * The npm packages (name, without subpath) that may be loaded when `entries` run: their static
 * value imports and dynamic `import()`s, followed through the repository's files (type-only
 * imports left out: they are erased from the bundle).
 */
function packagesReachedFrom(entries: string[]): Set<string> {
  const graph = importGraph('runtime');
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...(graph.get(file) ?? []));
  }
  const builtins = new Set(builtinModules);
  const packages = new Set<string>();
  for (const file of seen) {
    for (const specifier of specifiersOf(file, readFileSync(join(ROOT, file), 'utf8'), 'runtime')) {
      if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier.split('/')[0]!)) continue;
      const parts = specifier.split('/');
      packages.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return packages;
}

describe('desktop package', () => {
  const entries = buildEntries();
  const desktop = Object.entries(entries)
    .filter(([name]) => name !== 'web')
    .map(([, file]) => file);

  it('reads the build entries: main process, preload, browser mode', () => {
    expect(entries).toMatchObject({ main: 'electron/main.ts', preload: 'electron/preload.ts', web: 'electron/web.ts' });
  });

  it('every package the desktop entries load is a dependency (shipped), and none of the three browser-mode/renderer ones is', () => {
    const reached = packagesReachedFrom(desktop);
    const runtime = new Set(['electron', ...Object.keys(pkg.dependencies)]);
    expect([...reached].filter((p) => !runtime.has(p)).sort(), `desktop entries: ${desktop.join(', ')}`).toEqual([]);
    for (const name of ['playwright-core', 'react', 'react-dom']) expect(reached.has(name), name).toBe(false);
  });

  it('the main build keeps playwright-core outside the bundle (electron-vite externalizes only dependencies)', () => {
    const config = readFileSync(join(ROOT, 'electron.vite.config.ts'), 'utf8');
    expect(config).toMatch(/externalizeDeps:\s*\{\s*include:\s*\['playwright-core'\]\s*\}/);
  });

  it('playwright-core, react and react-dom are devDependencies: not shipped', () => {
    for (const name of ['playwright-core', 'react', 'react-dom']) {
      expect(pkg.dependencies[name], name).toBeUndefined();
      expect(pkg.devDependencies[name], name).toBeDefined();
    }
    // Still used where they run: the browser mode prints PDFs with playwright-core (from a
    // checkout, devDependencies installed); the renderer imports react, bundled by Vite.
    expect(packagesReachedFrom([entries.web!]).has('playwright-core')).toBe(true);
    const rendererImports = packagesReachedFrom(['renderer/src/main.tsx']);
    expect(rendererImports.has('react') && rendererImports.has('react-dom')).toBe(true);
  });

  it('electron-builder.yml ships out/** without the browser-mode entry, and nothing brings playwright-core or react back', () => {
    const files = yamlList(builderYml, 'files');
    expect(files).toContain('out/**');
    expect(files).toContain('!out/main/web.js');
    const included = [...files, ...yamlList(builderYml, 'asarUnpack')].filter((f) => !f.startsWith('!'));
    expect(included.filter((f) => /playwright|react/.test(f))).toEqual([]);
    expect(yamlList(builderYml, 'extraResources').filter((f) => /playwright|react|node_modules/.test(f))).toEqual([]);
  });
});
