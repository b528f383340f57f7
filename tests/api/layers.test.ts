import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of docs/architecture.md, checked by the project's own ESLint config on
// code placed (virtually) in each layer. The virtual files belong to no tsconfig, so the rules
// that need types are turned off for them (typescript-eslint's own disableTypeChecked); the
// layer rules are the project's, unchanged.
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal.map((m) => m.message), 'the code must be parsed for the rules to run').toEqual([]);
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
    ["import { app } from 'electron';", 'Electron'],
    ["import { openHost } from '../electron/host';", 'electron/'],
    ["import type { BackendOptions } from '../electron/host';", 'electron/'],
    ["import { App } from '../renderer/src/App';", 'renderer'],
  ])('db/ refuses %s', async (code, why) => {
    const messages = await restrictedImports('db/example.ts', `${code}\nexport {};`);
    expect(messages.join(' ')).toContain(why);
  });

  it.each([["import { App } from '../renderer/src/App';"], ["import { api } from '../../renderer/src/api';"], ["import type { Route } from '../renderer/src/router';"]])(
    'electron/ refuses %s',
    async (code) => {
      const messages = await restrictedImports('electron/example.ts', `${code}\nexport {};`);
      expect(messages.join(' ')).toContain('renderer');
    },
  );

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

  it('refuses Node built-ins by their whole name only: a module of our own named like one (events.ts) is fine', async () => {
    expect(await restrictedImports('core/example.ts', "import { a } from './events';\nimport { b } from '../util';\nexport { a, b };")).toEqual([]);
    for (const code of ["import { EventEmitter } from 'events';", "import { readFile } from 'fs/promises';", "import { EventEmitter } from 'node:events';"]) {
      expect(await restrictedImports('core/example.ts', `${code}\nexport {};`), code).toHaveLength(1);
    }
  });

  it('lets db import core and its driver, and electron import core and db', async () => {
    const db = [
      "import Database from 'better-sqlite3';",
      "import { eq } from 'drizzle-orm';",
      "import { sqliteTable } from 'drizzle-orm/sqlite-core';",
      "import { requestSearchText } from '../core/search';",
      "import type { Store } from '../core/api/store';",
      "import { readFileSync } from 'node:fs';",
      'export { Database, eq, sqliteTable, requestSearchText, readFileSync };',
      'export type { Store };',
    ];
    expect(await restrictedImports('db/example.ts', db.join('\n'))).toEqual([]);
    const electron = [
      "import { app } from 'electron';",
      "import { openDatabase } from '../db/open';",
      "import { createService } from '../core/api/service';",
      'export { app, openDatabase, createService };',
    ];
    expect(await restrictedImports('electron/example.ts', electron.join('\n'))).toEqual([]);
  });
});
