// Run by tests/db/backup.test.ts in a child process: starts a backup of a register and is killed
// (SIGKILL, as by a power cut or `kill -9`) in the middle of SQLite's backup, after `steps` steps.
import Database from 'better-sqlite3';
import { backupName, writeBackup } from '../../db/backup';

const [file, folder, steps] = process.argv.slice(2) as [string, string, string];
const db = new Database(file, { readonly: true });
let step = 0;
void writeBackup(db, folder, backupName('manuelle', new Date().toISOString()), {
  step: () => {
    step += 1;
    if (step >= Number(steps)) process.kill(process.pid, 'SIGKILL');
  },
});
