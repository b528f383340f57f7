// For the retention tests (issue 15): an old request full of personal values, and the bytes of an
// office's register and of its WAL as text to search for them (no name may be left in the file
// once a request is anonymised). Read as UTF-8 and as Latin-1, so a word is found however SQLite
// stored it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NewRequest } from '../../core/api/contract';
import { DB_FILE_NAME } from '../../electron/host';

/** A parent's request received on 02/03/2020, its names, contact and summary to be found or not. */
export const oldRequest = (agreementId: string, over: Partial<NewRequest> = {}): NewRequest => ({
  agreementId,
  receivedOn: '2020-03-02',
  channel: 'academie',
  medium: 'email',
  requesterName: 'Ophélie Vanderbecq',
  requesterContact: 'ophelie.vdb@example.fr',
  requesterCategory: 'parent',
  subjectName: 'Timothée Vanderbecq',
  subjectIsMinor: true,
  subjectRelation: 'mère',
  summary: 'Accès au cahier de textes de Timothée et effacement de ses photos',
  rights: ['access', 'erasure'],
  confirmedDate: true,
  ...over,
});

export function fileText(dir: string): string {
  const file = join(dir, DB_FILE_NAME);
  const parts = [readFileSync(file)];
  if (existsSync(`${file}-wal`)) parts.push(readFileSync(`${file}-wal`));
  const bytes = Buffer.concat(parts);
  return bytes.toString('latin1') + bytes.toString('utf8');
}
