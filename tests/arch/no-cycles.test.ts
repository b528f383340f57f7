// No import circles in core/, db/, electron/ and renderer/src (tests/arch/import-graph.ts reads
// the graph with the TypeScript parser).
//
// Two graphs:
// - every dependency between files, `import type` / `export type` and dynamic `import()`
//   included: a circle of types is still a circle between modules. The circles allowed are
//   listed, exactly, in ALLOWED_TODAY (none today): a new circle fails, and so does a listed
//   circle that no longer exists;
// - what is loaded when a file is evaluated (no `import type`, `export type` or dynamic
//   `import()`; `import { type A }` counts): no circle at all, none allowed.
import { describe, expect, it } from 'vitest';
import { cycles, dependencies, importGraph } from './import-graph';

/**
 * The circles of the full graph allowed today: none. The re-cut into core/features removed those
 * through core/api/documents.ts, and the letters stopped reading the API contract (5b306ef).
 */
const ALLOWED_TODAY: string[] = [];

const list = (items: string[]) => (items.length ? items.map((c) => `  ${c}`).join('\n') : '  (none)');

describe('import circles', () => {
  it('full graph (type imports and dynamic imports included): exactly the circles of ALLOWED_TODAY', () => {
    const graph = importGraph('all');
    expect(graph.size).toBeGreaterThan(50);
    const found = cycles(graph);
    const added = found.filter((c) => !ALLOWED_TODAY.includes(c));
    const gone = ALLOWED_TODAY.filter((c) => !found.includes(c));
    const message =
      `New import circles (break them):\n${list(added)}\n` +
      `Circles listed in ALLOWED_TODAY that no longer exist (remove them from the list):\n${list(gone)}`;
    expect(added.length + gone.length, message).toBe(0);
  });

  it('evaluated imports (no `import type`, no dynamic import): no circle at all', () => {
    const found = cycles(importGraph('value'));
    expect(found, `Import circles between modules loaded at start:\n${list(found)}`).toEqual([]);
  });

  // The two helpers the checks rest on.
  it('reads which imports are edges of each graph', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from './b';",
      "import { type C } from './c';",
      "export * from './d';",
      "export type { E } from './e';",
      "import './f.css';",
      "const g = () => import('./g');",
      "let h: import('./h').H;",
      "import i = require('./i');",
    ].join('\n');
    expect(dependencies('x.ts', text, 'value')).toEqual(['./a', './c', './d', './f.css', './i']);
    expect(dependencies('x.ts', text, 'all').sort()).toEqual(['./a', './b', './c', './d', './e', './f.css', './g', './h', './i']);
    expect(dependencies('x.ts', text, 'runtime').sort()).toEqual(['./a', './c', './d', './f.css', './g', './i']);
  });

  it('finds every circle once, written from its first file', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', ['a', 'd']],
      ['d', ['d']],
      ['e', ['a']],
    ]);
    expect(cycles(graph)).toEqual(['a → b → a', 'a → b → c → a', 'd → d']);
    expect(cycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });
});
