// db/schema.ts (what drizzle-orm queries) and db/migrations/ (what a database really has) must
// describe the same tables. Two checks:
// 1. the tables, columns, indexes and foreign keys drizzle-kit reads from schema.ts equal those
//    of a database built by db/open.ts from the committed migrations;
// 2. drizzle-kit, diffing schema.ts against the last committed snapshot (what `npm run
//    db:generate` does), has nothing to generate.
// Editing schema.ts without `npm run db:generate` fails both.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSQLiteDrizzleJson, generateSQLiteMigration, type DrizzleSQLiteSnapshotJSON } from 'drizzle-kit/api';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import * as schema from '../../db/schema';
import { MIGRATIONS_DIR, useTempDir } from '../helpers/tmp';
import { columns, foreignKeys, indexes, journal, NOW, tableNames } from './fixtures';

/** The part of a drizzle-kit SQLite snapshot compared here (drizzle-kit/api types it loosely). */
interface Snapshot {
  tables: Record<
    string,
    {
      name: string;
      columns: Record<string, { name: string; type: string; primaryKey: boolean; notNull: boolean; default?: unknown }>;
      indexes: Record<string, { name: string; columns: string[]; isUnique: boolean; where?: string }>;
      foreignKeys: Record<string, { tableTo: string; columnsFrom: string[]; columnsTo: string[]; onDelete?: string; onUpdate?: string }>;
      compositePrimaryKeys: Record<string, unknown>;
      uniqueConstraints: Record<string, unknown>;
      checkConstraints: Record<string, unknown>;
    }
  >;
  views: Record<string, unknown>;
}

interface TableShape {
  columns: Record<string, { type: string; notNull: boolean; primaryKey: boolean; default: string | null }>;
  indexes: Record<string, { columns: string[]; unique: boolean; where: string | null }>;
  foreignKeys: string[];
}

/** What drizzle-kit makes of schema.ts (the snapshot it would write), in the shape read back from SQLite. */
function declared(snapshot: Snapshot): Record<string, TableShape> {
  return Object.fromEntries(
    Object.values(snapshot.tables).map((t) => {
      // Not compared below: fail loudly if schema.ts starts using them, so this check is extended.
      expect({ table: t.name, pk: t.compositePrimaryKeys, unique: t.uniqueConstraints, checks: t.checkConstraints }).toEqual({
        table: t.name,
        pk: {},
        unique: {},
        checks: {},
      });
      return [
        t.name,
        {
          columns: Object.fromEntries(
            Object.values(t.columns).map((c) => [
              c.name,
              { type: c.type.toLowerCase(), notNull: c.notNull, primaryKey: c.primaryKey, default: c.default === undefined ? null : String(c.default as string | number | boolean) },
            ]),
          ),
          indexes: Object.fromEntries(
            Object.values(t.indexes).map((i) => [i.name, { columns: i.columns, unique: i.isUnique, where: i.where ?? null }]),
          ),
          foreignKeys: Object.values(t.foreignKeys)
            .flatMap((f) =>
              f.columnsFrom.map(
                (from, k) => `${from} → ${f.tableTo}.${f.columnsTo[k]} (on update ${f.onUpdate ?? 'no action'}, on delete ${f.onDelete ?? 'no action'})`,
              ),
            )
            .sort(),
        },
      ];
    }),
  );
}

describe('db/schema.ts and the migrations', () => {
  const tmp = useTempDir();

  it('declare the same tables, columns, indexes and foreign keys', async () => {
    const { db } = openDatabase(join(tmp(), 'drift.sqlite'), { migrationsDir: MIGRATIONS_DIR, now: NOW });
    const allIndexes = indexes(db);
    const migrated = Object.fromEntries(
      tableNames(db).map((table): [string, TableShape] => [
        table,
        {
          columns: Object.fromEntries(columns(db, table).map(({ name, ...c }) => [name, c])),
          indexes: Object.fromEntries(
            Object.entries(allIndexes)
              .filter(([, i]) => i.table === table)
              .map(([name, { table: _table, ...i }]) => [name, i]),
          ),
          foreignKeys: foreignKeys(db, table),
        },
      ]),
    );
    expect(db.prepare("select name from sqlite_master where type in ('view', 'trigger')").all()).toEqual([]);
    db.close();

    const snapshot = (await generateSQLiteDrizzleJson(schema)) as unknown as Snapshot;
    expect(Object.keys(snapshot.views)).toEqual([]);
    expect(migrated, 'the migrated database (+) against db/schema.ts (-)').toEqual(declared(snapshot));
  });

  it('leave drizzle-kit nothing to generate (the last snapshot is schema.ts)', async () => {
    const entries = journal();
    const snapshots = readdirSync(join(MIGRATIONS_DIR, 'meta')).filter((f) => f.endsWith('_snapshot.json'));
    expect(snapshots).toHaveLength(entries.length);
    const last = JSON.parse(
      readFileSync(join(MIGRATIONS_DIR, 'meta', `${entries.at(-1)!.tag.slice(0, 4)}_snapshot.json`), 'utf8'),
    ) as DrizzleSQLiteSnapshotJSON;
    const statements = await generateSQLiteMigration(last, await generateSQLiteDrizzleJson(schema));
    expect(statements, 'schema.ts changed without `npm run db:generate`').toEqual([]);
  });
});
