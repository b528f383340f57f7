// Backups of the register: copies of the database taken by SQLite's online backup API (host side,
// db/backup.ts), listed, inspected and restored from Paramètres or from the screen shown when
// the register cannot be opened. The files live in the host's data folder; core only sees them
// through the `backups` port (core/api/context.ts).
import { z } from 'zod';
import { empty } from '../../api/schemas';

export const BACKUP_KINDS = ['quotidienne', 'manuelle', 'avant-migration', 'remplacee'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** What the user reads for each kind of backup. */
export const BACKUP_KIND_LABELS: Record<BackupKind, string> = {
  quotidienne: 'Quotidienne',
  manuelle: 'À la demande',
  'avant-migration': 'Avant une mise à jour',
  remplacee: 'Fichier remplacé par une restauration',
};

export const backupEntrySchema = z.object({
  /** The file name in the backups folder (what the calls name a backup by). */
  name: z.string(),
  kind: z.enum(BACKUP_KINDS),
  /** When it was taken (ISO instant). */
  at: z.string(),
  /** Size in bytes. */
  size: z.number().int().nonnegative(),
});
export type BackupEntry = z.infer<typeof backupEntrySchema>;

export const backupDetailsSchema = backupEntrySchema.extend({
  /** Schema version of the copy (PRAGMA user_version). */
  version: z.number().int().nonnegative(),
  counts: z.object({ agreements: z.number().int(), requests: z.number().int(), events: z.number().int() }),
});
export type BackupDetails = z.infer<typeof backupDetailsSchema>;

export const startupProblemSchema = z.object({ code: z.string(), message: z.string() });
export type StartupProblem = z.infer<typeof startupProblemSchema>;

const backupName = z
  .string({ error: 'Sauvegarde : indiquez le nom du fichier de sauvegarde.' })
  .min(1, 'Sauvegarde : indiquez le nom du fichier de sauvegarde.')
  .max(200, 'Sauvegarde : ce nom de fichier est trop long (200 caractères au plus).');

export const backupCalls = {
  /** The backups folder, its backups (newest first) and, when the register could not be opened, why. */
  'backups.list': {
    input: empty,
    output: z.object({ folder: z.string(), backups: z.array(backupEntrySchema), problem: startupProblemSchema.nullable() }),
  },
  /** One backup checked (PRAGMA quick_check) and counted; refused when it is damaged or unknown. */
  'backups.inspect': { input: z.object({ name: backupName }).strict(), output: backupDetailsSchema },
  /** The newest backup that passes the check, if any: what the start-up screen offers. */
  'backups.latestGood': { input: empty, output: backupDetailsSchema.nullable() },
  /** A backup now. */
  'backups.create': { input: empty, output: backupEntrySchema },
  /** Replaces the register by a backup; the current file is kept aside in the backups folder. */
  'backups.restore': {
    input: z.object({ name: backupName }).strict(),
    output: z.object({ restored: backupDetailsSchema, keptAs: z.string().nullable() }),
  },
} as const;
