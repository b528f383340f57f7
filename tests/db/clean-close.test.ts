// Issue 14: quick_check at start, and a start in under 1.5 s on a register of 100,000 requests
// (the check alone reads the whole file: about 7 s there). A clean close leaves a mark of the
// file as it left it; a start that finds the file exactly so skips the check, any other start
// (a crash, a file edited or replaced, a WAL left beside it) checks it (db/open.ts).
import { appendFileSync, existsSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../electron/host';
import { CLEAN_CLOSE_MARK, markClosedCleanly, openDatabase } from '../../db/open';
import { versailles } from '../helpers/documents';
import { testBackend, testHost } from '../helpers/host';
import { MIGRATIONS_DIR, useTempDir } from '../helpers/tmp';

const tmp = useTempDir();
const NOW = '2026-11-25T10:00:00.000Z';
const open = (file: string) => openDatabase(file, { migrationsDir: MIGRATIONS_DIR, now: NOW });

/** Opens, writes one row, closes cleanly (the mark written): what the host does at the end of a session. */
function session(file: string) {
  const opened = open(file);
  opened.db.prepare("insert into settings (key, value, updated_at) values ('essai', '1', ?) on conflict(key) do update set value = value + 1").run(NOW);
  opened.db.close();
  markClosedCleanly(file);
  return opened.checked;
}

describe('the integrity check at start', () => {
  it('checks a file it did not leave sound, and skips the one a clean close left as it is', () => {
    const file = join(tmp(), DB_FILE_NAME);
    expect(session(file), 'a new register: nothing to check').toBe(false);
    expect(session(file), 'closed cleanly, untouched since').toBe(false);

    // Touched after the clean close (a sync tool, a copy, a disk): same size, other time.
    utimesSync(file, new Date('2026-01-01'), new Date('2026-01-01'));
    expect(session(file)).toBe(true);

    // Bytes added behind the app's back.
    appendFileSync(file, Buffer.alloc(4096));
    expect(open(file).checked).toBe(true);
  });

  it('checks after a session that did not end (no close, its WAL left beside the file)', () => {
    const file = join(tmp(), DB_FILE_NAME);
    session(file);
    const crashed = open(file);
    crashed.db.prepare("insert into settings (key, value, updated_at) values ('essai2', '1', ?)").run(NOW);
    // The process dies here: no close, no mark. The next start finds the mark of the previous
    // session already consumed, and checks.
    expect(existsSync(`${file}-wal`)).toBe(true);
    const next = open(file);
    expect(next.checked).toBe(true);
    next.db.close();
    crashed.db.close();
  });

  it('the backend leaves the mark when it closes, and the next start skips the check and works', async () => {
    const dir = tmp();
    const first = await testBackend(dir);
    await versailles(first);
    await first.close();
    const files = readdirSync(dir);
    expect(files).toContain(`${DB_FILE_NAME}${CLEAN_CLOSE_MARK}`);
    expect(files.filter((f) => f.endsWith('-wal'))).toEqual([]);

    const host = testHost(dir);
    try {
      // The mark is consumed by the start: a crash from now on leaves none.
      expect(readdirSync(dir)).not.toContain(`${DB_FILE_NAME}${CLEAN_CLOSE_MARK}`);
      expect((await host.ok('agreements.list', {})).length).toBe(1);
    } finally {
      host.close();
    }
  }, 120_000);
});
