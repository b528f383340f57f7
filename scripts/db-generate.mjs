// `npm run db:generate`: drizzle-kit generates the migration, then every CREATE TABLE
// it wrote is made STRICT (drizzle-kit has no option for it). Existing migrations are
// never rewritten: only files that were not there before this run are touched.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'db/migrations';
const list = () => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.sql'));
  } catch {
    return [];
  }
};
const before = new Set(list());
execFileSync('npx', ['drizzle-kit', 'generate', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const file of list().filter((f) => !before.has(f))) {
  const path = join(dir, file);
  const sql = readFileSync(path, 'utf8');
  // A CREATE TABLE statement ends with ");" followed by a breakpoint or the end of file.
  const strict = sql.replace(/(CREATE TABLE [^;]*?\n\));/g, '$1 STRICT;');
  writeFileSync(path, strict);
  console.log(`${file}: tables made STRICT`);
}
