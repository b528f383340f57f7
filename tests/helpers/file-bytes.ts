// The bytes of an office's register and of its WAL, as text to search for a word (issue 15: no
// name may be left in the file once a request is anonymised). Read as UTF-8 and as Latin-1, so a
// word is found however SQLite stored it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE_NAME } from '../../electron/host';

export function fileText(dir: string): string {
  const file = join(dir, DB_FILE_NAME);
  const parts = [readFileSync(file)];
  if (existsSync(`${file}-wal`)) parts.push(readFileSync(`${file}-wal`));
  const bytes = Buffer.concat(parts);
  return bytes.toString('latin1') + bytes.toString('utf8');
}
