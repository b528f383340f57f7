import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of docs/architecture.md, checked by the project's own ESLint config on
// code placed (virtually) in each layer.
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries', () => {
  it.each([
    ["import { app } from 'electron';", 'Electron'],
    ["import { readFileSync } from 'node:fs';", 'module Node'],
    ["import { createHash } from 'crypto';", 'module Node'],
    ["import Database from 'better-sqlite3';", 'pilote'],
    ["import { eq } from 'drizzle-orm';", 'pilote'],
    ["import { createStore } from '../db/store';", 'autre couche'],
    ["import { openHost } from '../electron/host';", 'autre couche'],
    ["import { App } from '../renderer/src/App';", 'autre couche'],
  ])('core/ refuses %s', async (code, why) => {
    const messages = await restrictedImports('core/example.ts', `${code}\nexport {};`);
    expect(messages.join(' ')).toContain(why);
  });

  it.each([
    ["import { openDatabase } from '../../db/open';"],
    ["import { openHost } from '../../electron/host';"],
    ["import { ipcRenderer } from 'electron';"],
    ["import { readFileSync } from 'node:fs';"],
  ])('renderer/ refuses %s', async (code) => {
    expect((await restrictedImports('renderer/src/example.ts', `${code}\nexport {};`)).length).toBeGreaterThan(0);
  });

  it('lets core import its own modules and zod, and the renderer import core', async () => {
    expect(await restrictedImports('core/example.ts', "import { z } from 'zod';\nimport { RIGHTS } from './domain';\nexport { z, RIGHTS };")).toEqual([]);
    expect(await restrictedImports('renderer/src/example.ts', "import { contract } from '../../core/api/contract';\nexport { contract };")).toEqual([]);
  });
});
