// Electron fuses of the packaged app (electron-builder.yml `electronFuses`), read the way
// `npm run dist` reads them: electron-builder's own configuration loader and schema check, then
// its own translation into the fuse wire that @electron/fuses flips in the binary.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { PlatformPackager } from 'app-builder-lib';
import { describe, expect, it } from 'vitest';
import { dependencies, importGraph, ROOT } from '../arch/import-graph';

const quiet = { isEnabled: false, add: () => undefined } as unknown as Parameters<typeof validateConfiguration>[1];

async function builderConfig() {
  const config = await getConfig(ROOT, null, null);
  await validateConfiguration(config, quiet);
  return config;
}

describe('Electron fuses set at packaging', () => {
  it('electron-builder reads electron-builder.yml as valid and finds the fuses', async () => {
    const config = await builderConfig();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
    expect(config.asar).toBe(true);
  });

  it('the wire written into the binary: no run-as-node, no NODE_OPTIONS, no inspector, asar only and checked, cookies encrypted', async () => {
    const config = await builderConfig();
    const generate = (PlatformPackager.prototype as unknown as { generateFuseConfig(f: unknown): Promise<Record<number, unknown> & { version: unknown }> })
      .generateFuseConfig;
    const wire = await generate.call(null, config.electronFuses);
    expect(wire.version).toBe(FuseVersion.V1);
    expect(wire[FuseV1Options.RunAsNode]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(true);
  });

  it('electron-builder refuses a misspelt fuse, so the check above can fail', async () => {
    const config = await getConfig(ROOT, null, null);
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsNodee: false } } as typeof config;
    await expect(validateConfiguration(misspelt, quiet)).rejects.toThrow(/electronFuses/);
  });

  it('the desktop app never needs Node run as a separate process (RunAsNode off): no child process from its entries', () => {
    const graph = importGraph('runtime');
    const entries = ['electron/main.ts', 'electron/preload.ts', 'electron/backend-worker.ts'];
    const seen = new Set<string>();
    const queue = [...entries];
    while (queue.length) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      queue.push(...(graph.get(file) ?? []));
    }
    expect(builtinModules).toContain('child_process');
    const offenders = [...seen].filter((file) =>
      dependencies(file, readFileSync(join(ROOT, file), 'utf8'), 'runtime').some((s) => s === 'child_process' || s === 'node:child_process'),
    );
    expect(offenders).toEqual([]);
  });
});
