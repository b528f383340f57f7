// The hot read paths (the request list's page, its rights and suspensions) as plain prepared
// better-sqlite3 statements: drizzle builds each query once per shape, with placeholders for
// the values, and its SQL is then prepared once and kept. On a 50-row page drizzle's query
// builder, a new statement each call and its per-value row mapping cost more than SQLite's own
// work (issue 14's list bench: the page read within 2× of raw SQL through the best index).
import type Database from 'better-sqlite3';
import { fillPlaceholders, getTableColumns, sql, type Column, type Placeholder, type Table } from 'drizzle-orm';

/** What a drizzle query gives to be compiled: its SQL text and its parameters (placeholders among them). */
export interface Buildable {
  toSQL(): { sql: string; params: unknown[] };
}

/** Columns whose driver value is the value itself (drizzle's mapping is the identity). */
const PLAIN_COLUMN_TYPES = new Set(['SQLiteText', 'SQLiteInteger', 'SQLiteReal']);

/**
 * Rows of `columns` (a table's, or some of them) as drizzle's `select(columns)` returns them: by
 * JS key, JSON and booleans decoded, from the raw arrays SQLite returns in the selection's order.
 */
export function rowReader<C extends Record<string, Column>>(columns: C): (values: unknown[]) => { [K in keyof C]: C[K]['_']['data'] | (C[K]['_']['notNull'] extends true ? never : null) } {
  const list = Object.entries(columns).map(([key, column]) => ({ key, decode: PLAIN_COLUMN_TYPES.has(column.columnType) ? null : column }));
  return (values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < list.length; i++) {
      const { key, decode } = list[i]!;
      const value = values[i];
      row[key] = value === null || decode === null ? value : decode.mapFromDriverValue(value);
    }
    return row as never;
  };
}

/** A table's whole rows, as `select()` returns them. */
export const tableRowReader = <T extends Table>(table: T) => rowReader(getTableColumns(table)) as (values: unknown[]) => T['$inferSelect'];

/** A query's statement, prepared once: run with the placeholders' values, it returns raw value arrays. */
function compile(sqlite: Database.Database, query: Buildable) {
  const { sql: text, params } = query.toSQL();
  const statement = sqlite.prepare(text).raw(true);
  return (values: Record<string, unknown>) => statement.all(...(fillPlaceholders(params, values) as unknown[])) as unknown[][];
}

/**
 * Statements kept by shape: `key` names what makes the SQL text (the filters present, the sort,
 * the number of values in a list), never the values themselves, which are placeholders. A query
 * with no key (e.g. a text search, whose SQL follows its words) is built and prepared each time.
 */
export function statementCache(sqlite: Database.Database, size = 256) {
  const cache = new Map<string, ReturnType<typeof compile>>();
  return (key: string | null, build: () => Buildable) => {
    if (key === null) return compile(sqlite, build());
    let run = cache.get(key);
    if (!run) {
      if (cache.size >= size) cache.clear();
      run = compile(sqlite, build());
      cache.set(key, run);
    }
    return run;
  };
}

/**
 * A filter's values replaced by placeholders: `hold(name, value)` records the value under
 * `name` and returns the placeholder to build the query with.
 */
export function placeholders() {
  const values: Record<string, unknown> = {};
  const hold = <T>(name: string, value: T): T => {
    values[name] = value;
    return sql.placeholder(name) as Placeholder as unknown as T;
  };
  return { values, hold };
}
