// Property-based fuzz of every contract call (fast-check) through the real host on a real SQLite
// file: whatever the input, no crash (no ERREUR_INTERNE, no REPONSE_INVALIDE), every refusal a
// typed French error without zod's or a parser's English tokens, and no write on a refusal nor
// on a read (a fingerprint of every table, before and after). `npm test` runs a reduced count;
// `npm run test:full` (FULL=1) runs 10,000 cases.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contract } from '../../core/api/contract';
import { READ_CALLS } from '../../core/api/service';
import { parentRequest, versailles } from '../helpers/documents';
import { testHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const FULL = process.env.FULL === '1';
const RUNS = FULL ? 10_000 : 300;
const tmp = useTempDir();

/** What must never reach a user: zod's tokens and English from zod, Node or a parser. */
const FORBIDDEN = [
  /"[^"]*"\|"/, // "asc"|"desc"
  /[<>]=?\d/, // >=0, <5
  /Entrée invalide|Option invalide|Trop petit|Trop grand|Invalid input|\b(Expected|Received|Unsupported|Unexpected|undefined|NaN)\b|\[object |TypeError|Cannot read|is not a function|SqliteError/,
];

/** Every row of every table, hashed: equal before and after means nothing was written. */
function fingerprint(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    for (const t of tables) hash.update(`${t}\n${JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).raw().all())}\n`);
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

/** The top-level field names of a call's input (an object schema, possibly wrapped). */
function fieldsOf(schema: unknown): string[] {
  let s = schema as { _zod: { def: Record<string, unknown> } } | undefined;
  for (let i = 0; i < 5 && s; i++) {
    const def = s._zod.def;
    if (def.type === 'object') return Object.keys(def.shape as object);
    if (def.type === 'union') return (def.options as unknown[]).flatMap(fieldsOf);
    s = (def.innerType ?? def.in) as typeof s;
  }
  return [];
}

describe('fuzz of every contract call', () => {
  it(`${RUNS} random calls: no crash, a typed French refusal, nothing written on a refusal or a read`, async () => {
    const dir = tmp();
    const host = testHost(dir, '2026-11-25');
    const agreement = await versailles(host);
    const request = await host.ok('requests.create', parentRequest(agreement.id));
    const meeting = await host.ok('meetings.create', { agreementId: agreement.id, date: '2026-11-25' });
    const names = Object.keys(contract) as (keyof typeof contract)[];
    const known = [agreement.id, request.id, meeting.id, request.reference];

    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('', ' ', '\uFFFE', '\uD800', 'a\u0000b', '%E0%A4%A', '=1+1', '1900-01-01', '2026-02-30', '2026-11-20', '9999-12-31', 'commune', 'academie', 'access', 'pdf', 'docx', 'asc', 'received', 'x'.repeat(5000)),
      fc.constantFrom(...known),
    );
    const value: fc.Arbitrary<unknown> = fc.oneof(
      { weight: 4, arbitrary: text },
      fc.integer({ min: -2, max: 1_000_000 }),
      fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER),
      fc.array(text, { maxLength: 40 }),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 8 }), text, { maxKeys: 3 }),
      fc.constant(Array.from({ length: 3000 }, () => 'access')),
    );
    const call = fc.constantFrom(...names).chain((name) => {
      const fields = fieldsOf(contract[name].input);
      const input = fc.oneof(
        { weight: 6, arbitrary: fields.length ? fc.dictionary(fc.constantFrom(...fields, 'extra'), value, { maxKeys: fields.length + 1 }) : fc.constant({}) },
        { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
      );
      return fc.tuple(fc.constant(name), input);
    });

    let before = fingerprint(host.dbFile);
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(call, async ([name, input]) => {
        const result = await host.call(name, input);
        const after = fingerprint(host.dbFile);
        const previous = before;
        // Kept for the next case even when this one fails: fast-check's shrinking runs more
        // cases, each compared with the database as the case before it left it.
        before = after;
        if (result.ok) {
          if (READ_CALLS.has(name)) expect(after, `${name} is a read and wrote`).toBe(previous);
        } else {
          refusals++;
          const { code, message } = result.error;
          expect(code, message).toMatch(/^[A-Z][A-Z_]+$/);
          expect(['ERREUR_INTERNE', 'REPONSE_INVALIDE'], `${name} ${JSON.stringify(input)?.slice(0, 300)}: ${message}`).not.toContain(code);
          // What the caller typed is quoted back between « » (an unknown field's name): not the app's words.
          const own = message.replace(/« [^»]* »/g, '« … »');
          for (const bad of FORBIDDEN) expect(own, `${name}: ${message}`).not.toMatch(bad);
          expect(message, name).toMatch(/[a-zàâçéèêëîïôûùüÿœ]{3,} /);
          expect(after, `${name} was refused (${code}) and wrote`).toBe(previous);
        }
      }),
      // A failure prints its seed: FUZZ_SEED=<seed> replays the same cases.
      { numRuns: RUNS, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : FULL ? {} : { seed: 20261125 }) },
    );
    expect(refusals).toBeGreaterThan(RUNS / 2);
    host.close();
  }, FULL ? 3_600_000 : 120_000);
});
