import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preflightProblem } from '../preflight/check';

const ROOT = join(import.meta.dirname, '..', '..');

describe('test preflight', () => {
  it('names the missing browser and the command that installs it, on one line', () => {
    const nowhere = () => null;
    expect(preflightProblem({}, 'linux', nowhere)).toBe(
      'Chromium introuvable (requis par les tests des PDF et de l’interface) : installez-le avec « sudo apt-get install chromium » ou indiquez son chemin dans CHROMIUM_PATH.',
    );
    expect(preflightProblem({}, 'darwin', nowhere)).toContain('CHROMIUM_PATH');
    expect(preflightProblem({}, 'linux', () => '/usr/bin/chromium')).toBeNull();
    const chosen = preflightProblem({ CHROMIUM_PATH: '/nulle/part/chromium' }, 'linux');
    expect(chosen).toBe(
      'Chromium introuvable à CHROMIUM_PATH=/nulle/part/chromium : corrigez ce chemin ou retirez la variable pour utiliser le Chromium du système.',
    );
  });

  it('stops `npm test` at once, with that line and exit code 1, when the browser is missing', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'tests/preflight/run.ts')], {
      env: { ...process.env, CHROMIUM_PATH: '/nulle/part/chromium' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'Chromium introuvable à CHROMIUM_PATH=/nulle/part/chromium : corrigez ce chemin ou retirez la variable pour utiliser le Chromium du système.',
    ]);
  });

  it('says nothing when the browser is there', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'tests/preflight/run.ts')], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
