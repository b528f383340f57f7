// Backup handlers: the calls go to the host's `backups` port (db/backup.ts through
// electron/host.ts: files, SQLite's backup API, closing and reopening the register).
import type { HandlersOf } from '../../api/contract';
import type { ServiceContext } from '../../api/context';
import { DomainError } from '../../errors';
import type { backupCalls } from './calls';

export function createBackupHandlers({ backups }: ServiceContext): HandlersOf<typeof backupCalls> {
  const port = () => {
    if (!backups) {
      throw new DomainError('SAUVEGARDES_INDISPONIBLES', "Les sauvegardes ne sont pas disponibles dans ce mode de l'application.");
    }
    return backups;
  };
  return {
    'backups.list': () => {
      const p = port();
      return { folder: p.folder, backups: p.list(), problem: p.problem };
    },
    'backups.inspect': ({ name }) => port().inspect(name),
    'backups.latestGood': () => port().latestGood(),
    'backups.create': () => port().create(),
    'backups.restore': ({ name }) => port().restore(name),
  };
}
