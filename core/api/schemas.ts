// Shared pieces of the contract's schemas: dates, ids, bounded texts, the domain's enums.
// Every feature module builds its calls from these, so a field reads the same everywhere.
import { z } from 'zod';
import { PARTIES, RIGHTS, STATUSES } from '../domain';

// Messages zod writes itself (wrong type…) are French too; the fields a user fills carry
// their own messages below.
z.config(z.locales.fr());

/** A real calendar date 'YYYY-MM-DD' (zod's ISO date rejects 2026-02-30). */
export const isoDate = (what: string) =>
  z.iso.date({ error: `${what} : date invalide, attendu une date réelle au format AAAA-MM-JJ.` });

export const id = z.string().min(1, 'Identifiant manquant.');
export const text = (max: number, what: string) =>
  z.string().trim().max(max, `${what} : ${max} caractères au plus.`);
export const required = (max: number, what: string) =>
  z.string().trim().min(1, `${what} : à renseigner.`).max(max, `${what} : ${max} caractères au plus.`);
/** The input of a call that takes none. */
export const empty = z.object({}).strict().default({});

export const partySchema = z.enum(PARTIES, { error: 'Partie inconnue : « commune » ou « académie » attendu.' });
export const rightSchema = z.enum(RIGHTS, { error: 'Droit inconnu.' });
export const statusSchema = z.enum(STATUSES, { error: 'Statut inconnu.' });

export const contactSchema = z.object({
  name: text(200, 'Nom du contact'),
  email: z.union([z.literal(''), z.email({ error: 'Adresse électronique du contact invalide.' })]),
  phone: text(40, 'Téléphone du contact'),
  address: text(400, 'Adresse du contact'),
});

/** A file handed to the renderer (saved through a Blob and <a download>). */
export const fileSchema = z.object({ filename: z.string(), mimeType: z.string(), base64: z.string() });
export type FileOut = z.infer<typeof fileSchema>;
