// The import graph of the app's TypeScript sources, read with the TypeScript compiler's parser
// (syntax only, no type checking), and its cycles.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** Folders whose sources are scanned (their imports are followed wherever they lead in the repository). */
export const SCANNED = ['core', 'db', 'electron', 'renderer/src'];

/**
 * Which dependencies are edges:
 * - 'all': every reference to another file: `import` / `export … from` (including `import type`
 *   and `export type`), `import x = require()`, dynamic `import()` and `import('…')` types;
 * - 'value': what is loaded when the file is evaluated: the same without `import type`,
 *   `export type`, dynamic `import()` and `import('…')` types. `import { type A } from` still
 *   counts (it is not an `import type`);
 * - 'runtime': what may be loaded when the program runs: 'value' plus dynamic `import()`.
 */
export type EdgeKind = 'all' | 'value' | 'runtime';

const SOURCE = /\.(ts|tsx|mts|cts)$/;

function sourcesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourcesUnder(path);
    return SOURCE.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const SUFFIXES = ['', '.ts', '.tsx', '.mts', '.cts', '/index.ts', '/index.tsx'];

/** The source file a relative specifier points to, or null (a package, a stylesheet, nothing). */
function resolveRelative(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier.replace(/\?.*$/, ''));
  // `./x.js` written for ./x.ts (NodeNext style).
  for (const stem of [base, base.replace(/\.(m|c)?js$/, '')]) {
    for (const suffix of SUFFIXES) {
      const path = stem + suffix;
      if (SOURCE.test(path) && existsSync(path) && statSync(path).isFile()) return path;
    }
  }
  return null;
}

/** The module specifiers of one file's dependencies of the given kind. */
export function dependencies(fileName: string, text: string, kind: EdgeKind): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const all = kind === 'all';
  const out: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      if (statement.importClause?.isTypeOnly && !all) continue;
      if (ts.isStringLiteral(statement.moduleSpecifier)) out.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement)) {
      if (!statement.moduleSpecifier || (statement.isTypeOnly && !all)) continue;
      if (ts.isStringLiteral(statement.moduleSpecifier)) out.push(statement.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      if (statement.isTypeOnly && !all) continue;
      const ref = statement.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) out.push(ref.expression.text);
    }
  }
  if (kind !== 'value') {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const [arg] = node.arguments;
        if (arg && ts.isStringLiteral(arg)) out.push(arg.text);
      } else if (all && ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
        out.push(node.argument.literal.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

/** Repository-relative file → the repository files it depends on (sorted). */
export function importGraph(kind: EdgeKind, options: { base?: string; roots?: string[] } = {}): Map<string, string[]> {
  const base = options.base ?? ROOT;
  const rel = (file: string) => relative(base, file).split(sep).join('/');
  const graph = new Map<string, string[]>();
  const queue = (options.roots ?? SCANNED).flatMap((r) => sourcesUnder(join(base, r)));
  while (queue.length) {
    const file = queue.pop()!;
    const key = rel(file);
    if (graph.has(key)) continue;
    const targets = new Set<string>();
    for (const specifier of dependencies(file, readFileSync(file, 'utf8'), kind)) {
      const target = resolveRelative(file, specifier);
      if (target && !target.split(sep).includes('node_modules')) {
        targets.add(rel(target));
        queue.push(target);
      }
    }
    graph.set(key, [...targets].sort());
  }
  return graph;
}

/** Strongly connected components (Tarjan): node → component number. */
function components(graph: Map<string, string[]>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  let counter = 0;
  let count = 0;
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (!component.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      let w: string;
      do {
        w = stack.pop()!;
        component.set(w, count);
      } while (w !== v);
      count += 1;
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return component;
}

/**
 * Every elementary cycle, written `a → b → … → a` from its alphabetically first file (one
 * spelling per cycle), sorted. Only edges inside a strongly connected component are walked.
 */
export function cycles(graph: Map<string, string[]>, limit = 1000): string[] {
  const component = components(graph);
  const nodes = [...graph.keys()].sort();
  const order = new Map(nodes.map((n, i) => [n, i]));
  const found: string[] = [];
  for (const start of nodes) {
    const s = order.get(start)!;
    const path = [start];
    const onPath = new Set(path);
    const walk = (node: string) => {
      for (const next of graph.get(node) ?? []) {
        const i = order.get(next);
        if (i === undefined || i < s || component.get(next) !== component.get(start)) continue;
        if (next === start) {
          found.push([...path, start].join(' → '));
          if (found.length > limit) throw new Error(`More than ${limit} import cycles, the first ones:\n${found.slice(0, 20).join('\n')}`);
        } else if (!onPath.has(next)) {
          path.push(next);
          onPath.add(next);
          walk(next);
          path.pop();
          onPath.delete(next);
        }
      }
    };
    walk(start);
  }
  return found.sort();
}
